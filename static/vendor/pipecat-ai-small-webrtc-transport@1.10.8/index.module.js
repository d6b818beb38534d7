import {DeviceError as $bEt41$DeviceError, logger as $bEt41$logger, isAPIRequest as $bEt41$isAPIRequest, RTVIError as $bEt41$RTVIError, TransportStartError as $bEt41$TransportStartError, RTVIMessage as $bEt41$RTVIMessage, messageSizeWithinLimit as $bEt41$messageSizeWithinLimit, MessageTooLargeError as $bEt41$MessageTooLargeError, makeRequest as $bEt41$makeRequest, UnsupportedFeatureError as $bEt41$UnsupportedFeatureError, Transport as $bEt41$Transport} from "@pipecat-ai/client-js";
import $bEt41$dailycodailyjs from "@daily-co/daily-js";
import {EventEmitter as $bEt41$EventEmitter} from "events";
import $bEt41$lodashcloneDeep from "lodash/cloneDeep";


function $parcel$export(e, n, v, s) {
  Object.defineProperty(e, n, {get: v, set: s, enumerable: true, configurable: true});
}
/**
 * Raw wav audio file contents
 * @typedef {Object} WavPackerAudioType
 * @property {Blob} blob
 * @property {string} url
 * @property {number} channelCount
 * @property {number} sampleRate
 * @property {number} duration
 */ /**
 * Utility class for assembling PCM16 "audio/wav" data
 * @class
 */ class $90e51b630ebb9a32$export$13afda237b1c9846 {
    /**
   * Converts Float32Array of amplitude data to ArrayBuffer in Int16Array format
   * @param {Float32Array} float32Array
   * @returns {ArrayBuffer}
   */ static floatTo16BitPCM(float32Array) {
        const buffer = new ArrayBuffer(float32Array.length * 2);
        const view = new DataView(buffer);
        let offset = 0;
        for(let i = 0; i < float32Array.length; i++, offset += 2){
            let s = Math.max(-1, Math.min(1, float32Array[i]));
            view.setInt16(offset, s < 0 ? s * 0x8000 : s * 0x7fff, true);
        }
        return buffer;
    }
    /**
   * Concatenates two ArrayBuffers
   * @param {ArrayBuffer} leftBuffer
   * @param {ArrayBuffer} rightBuffer
   * @returns {ArrayBuffer}
   */ static mergeBuffers(leftBuffer, rightBuffer) {
        const tmpArray = new Uint8Array(leftBuffer.byteLength + rightBuffer.byteLength);
        tmpArray.set(new Uint8Array(leftBuffer), 0);
        tmpArray.set(new Uint8Array(rightBuffer), leftBuffer.byteLength);
        return tmpArray.buffer;
    }
    /**
   * Packs data into an Int16 format
   * @private
   * @param {number} size 0 = 1x Int16, 1 = 2x Int16
   * @param {number} arg value to pack
   * @returns
   */ _packData(size, arg) {
        return [
            new Uint8Array([
                arg,
                arg >> 8
            ]),
            new Uint8Array([
                arg,
                arg >> 8,
                arg >> 16,
                arg >> 24
            ])
        ][size];
    }
    /**
   * Packs audio into "audio/wav" Blob
   * @param {number} sampleRate
   * @param {{bitsPerSample: number, channels: Array<Float32Array>, data: Int16Array}} audio
   * @returns {WavPackerAudioType}
   */ pack(sampleRate, audio) {
        if (!audio?.bitsPerSample) throw new Error(`Missing "bitsPerSample"`);
        else if (!audio?.channels) throw new Error(`Missing "channels"`);
        else if (!audio?.data) throw new Error(`Missing "data"`);
        const { bitsPerSample: bitsPerSample, channels: channels, data: data } = audio;
        const output = [
            // Header
            "RIFF",
            this._packData(1, 52),
            "WAVE",
            // chunk 1
            "fmt ",
            this._packData(1, 16),
            this._packData(0, 1),
            this._packData(0, channels.length),
            this._packData(1, sampleRate),
            this._packData(1, sampleRate * channels.length * bitsPerSample / 8),
            this._packData(0, channels.length * bitsPerSample / 8),
            this._packData(0, bitsPerSample),
            // chunk 2
            "data",
            this._packData(1, channels[0].length * channels.length * bitsPerSample / 8),
            data
        ];
        const blob = new Blob(output, {
            type: "audio/mpeg"
        });
        const url = URL.createObjectURL(blob);
        return {
            blob: blob,
            url: url,
            channelCount: channels.length,
            sampleRate: sampleRate,
            duration: data.byteLength / (channels.length * sampleRate * 2)
        };
    }
}
globalThis.WavPacker = $90e51b630ebb9a32$export$13afda237b1c9846;


/**
 * Constants for help with visualization
 * Helps map frequency ranges from Fast Fourier Transform
 * to human-interpretable ranges, notably music ranges and
 * human vocal ranges.
 */ // Eighth octave frequencies
const $25b1294e29240c0a$var$octave8Frequencies = [
    4186.01,
    4434.92,
    4698.63,
    4978.03,
    5274.04,
    5587.65,
    5919.91,
    6271.93,
    6644.88,
    7040.0,
    7458.62,
    7902.13
];
// Labels for each of the above frequencies
const $25b1294e29240c0a$var$octave8FrequencyLabels = [
    "C",
    "C#",
    "D",
    "D#",
    "E",
    "F",
    "F#",
    "G",
    "G#",
    "A",
    "A#",
    "B"
];
const $25b1294e29240c0a$export$776c63898ae5b636 = [];
const $25b1294e29240c0a$export$facd167cc27ea9b0 = [];
for(let i = 1; i <= 8; i++)for(let f = 0; f < $25b1294e29240c0a$var$octave8Frequencies.length; f++){
    const freq = $25b1294e29240c0a$var$octave8Frequencies[f];
    $25b1294e29240c0a$export$776c63898ae5b636.push(freq / Math.pow(2, 8 - i));
    $25b1294e29240c0a$export$facd167cc27ea9b0.push($25b1294e29240c0a$var$octave8FrequencyLabels[f] + i);
}
/**
 * Subset of the note frequencies between 32 and 2000 Hz
 * 6 octave range: C1 to B6
 */ const $25b1294e29240c0a$var$voiceFrequencyRange = [
    32.0,
    2000.0
];
const $25b1294e29240c0a$export$dbc1581ed2cfa183 = $25b1294e29240c0a$export$776c63898ae5b636.filter((_, i)=>{
    return $25b1294e29240c0a$export$776c63898ae5b636[i] > $25b1294e29240c0a$var$voiceFrequencyRange[0] && $25b1294e29240c0a$export$776c63898ae5b636[i] < $25b1294e29240c0a$var$voiceFrequencyRange[1];
});
const $25b1294e29240c0a$export$30a6f2881311088f = $25b1294e29240c0a$export$facd167cc27ea9b0.filter((_, i)=>{
    return $25b1294e29240c0a$export$776c63898ae5b636[i] > $25b1294e29240c0a$var$voiceFrequencyRange[0] && $25b1294e29240c0a$export$776c63898ae5b636[i] < $25b1294e29240c0a$var$voiceFrequencyRange[1];
});


class $4aa7d69f60688511$export$2c3136da0bf130f9 {
    /**
   * Retrieves frequency domain data from an AnalyserNode adjusted to a decibel range
   * returns human-readable formatting and labels
   * @param {AnalyserNode} analyser
   * @param {number} sampleRate
   * @param {Float32Array} [fftResult]
   * @param {"frequency"|"music"|"voice"} [analysisType]
   * @param {number} [minDecibels] default -100
   * @param {number} [maxDecibels] default -30
   * @returns {AudioAnalysisOutputType}
   */ static getFrequencies(analyser, sampleRate, fftResult, analysisType = "frequency", minDecibels = -100, maxDecibels = -30) {
        if (!fftResult) {
            fftResult = new Float32Array(analyser.frequencyBinCount);
            analyser.getFloatFrequencyData(fftResult);
        }
        const nyquistFrequency = sampleRate / 2;
        const frequencyStep = 1 / fftResult.length * nyquistFrequency;
        let outputValues;
        let frequencies;
        let labels;
        if (analysisType === "music" || analysisType === "voice") {
            const useFrequencies = analysisType === "voice" ? (0, $25b1294e29240c0a$export$dbc1581ed2cfa183) : (0, $25b1294e29240c0a$export$776c63898ae5b636);
            const aggregateOutput = Array(useFrequencies.length).fill(minDecibels);
            for(let i = 0; i < fftResult.length; i++){
                const frequency = i * frequencyStep;
                const amplitude = fftResult[i];
                for(let n = useFrequencies.length - 1; n >= 0; n--)if (frequency > useFrequencies[n]) {
                    aggregateOutput[n] = Math.max(aggregateOutput[n], amplitude);
                    break;
                }
            }
            outputValues = aggregateOutput;
            frequencies = analysisType === "voice" ? (0, $25b1294e29240c0a$export$dbc1581ed2cfa183) : (0, $25b1294e29240c0a$export$776c63898ae5b636);
            labels = analysisType === "voice" ? (0, $25b1294e29240c0a$export$30a6f2881311088f) : (0, $25b1294e29240c0a$export$facd167cc27ea9b0);
        } else {
            outputValues = Array.from(fftResult);
            frequencies = outputValues.map((_, i)=>frequencyStep * i);
            labels = frequencies.map((f)=>`${f.toFixed(2)} Hz`);
        }
        // We normalize to {0, 1}
        const normalizedOutput = outputValues.map((v)=>{
            return Math.max(0, Math.min((v - minDecibels) / (maxDecibels - minDecibels), 1));
        });
        const values = new Float32Array(normalizedOutput);
        return {
            values: values,
            frequencies: frequencies,
            labels: labels
        };
    }
    /**
   * Creates a new AudioAnalysis instance for an HTMLAudioElement
   * @param {HTMLAudioElement} audioElement
   * @param {AudioBuffer|null} [audioBuffer] If provided, will cache all frequency domain data from the buffer
   * @returns {AudioAnalysis}
   */ constructor(audioElement, audioBuffer = null){
        this.fftResults = [];
        if (audioBuffer) {
            /**
       * Modified from
       * https://stackoverflow.com/questions/75063715/using-the-web-audio-api-to-analyze-a-song-without-playing
       *
       * We do this to populate FFT values for the audio if provided an `audioBuffer`
       * The reason to do this is that Safari fails when using `createMediaElementSource`
       * This has a non-zero RAM cost so we only opt-in to run it on Safari, Chrome is better
       */ const { length: length, sampleRate: sampleRate } = audioBuffer;
            const offlineAudioContext = new OfflineAudioContext({
                length: length,
                sampleRate: sampleRate
            });
            const source = offlineAudioContext.createBufferSource();
            source.buffer = audioBuffer;
            const analyser = offlineAudioContext.createAnalyser();
            analyser.fftSize = 8192;
            analyser.smoothingTimeConstant = 0.1;
            source.connect(analyser);
            // limit is :: 128 / sampleRate;
            // but we just want 60fps - cuts ~1s from 6MB to 1MB of RAM
            const renderQuantumInSeconds = 1 / 60;
            const durationInSeconds = length / sampleRate;
            const analyze = (index)=>{
                const suspendTime = renderQuantumInSeconds * index;
                if (suspendTime < durationInSeconds) offlineAudioContext.suspend(suspendTime).then(()=>{
                    const fftResult = new Float32Array(analyser.frequencyBinCount);
                    analyser.getFloatFrequencyData(fftResult);
                    this.fftResults.push(fftResult);
                    analyze(index + 1);
                });
                if (index === 1) offlineAudioContext.startRendering();
                else offlineAudioContext.resume();
            };
            source.start(0);
            analyze(1);
            this.audio = audioElement;
            this.context = offlineAudioContext;
            this.analyser = analyser;
            this.sampleRate = sampleRate;
            this.audioBuffer = audioBuffer;
        } else {
            const audioContext = new AudioContext();
            const track = audioContext.createMediaElementSource(audioElement);
            const analyser = audioContext.createAnalyser();
            analyser.fftSize = 8192;
            analyser.smoothingTimeConstant = 0.1;
            track.connect(analyser);
            analyser.connect(audioContext.destination);
            this.audio = audioElement;
            this.context = audioContext;
            this.analyser = analyser;
            this.sampleRate = this.context.sampleRate;
            this.audioBuffer = null;
        }
    }
    /**
   * Gets the current frequency domain data from the playing audio track
   * @param {"frequency"|"music"|"voice"} [analysisType]
   * @param {number} [minDecibels] default -100
   * @param {number} [maxDecibels] default -30
   * @returns {AudioAnalysisOutputType}
   */ getFrequencies(analysisType = "frequency", minDecibels = -100, maxDecibels = -30) {
        let fftResult = null;
        if (this.audioBuffer && this.fftResults.length) {
            const pct = this.audio.currentTime / this.audio.duration;
            const index = Math.min(pct * this.fftResults.length | 0, this.fftResults.length - 1);
            fftResult = this.fftResults[index];
        }
        return $4aa7d69f60688511$export$2c3136da0bf130f9.getFrequencies(this.analyser, this.sampleRate, fftResult, analysisType, minDecibels, maxDecibels);
    }
    /**
   * Resume the internal AudioContext if it was suspended due to the lack of
   * user interaction when the AudioAnalysis was instantiated.
   * @returns {Promise<true>}
   */ async resumeIfSuspended() {
        if (this.context.state === "suspended") await this.context.resume();
        return true;
    }
}
globalThis.AudioAnalysis = $4aa7d69f60688511$export$2c3136da0bf130f9;


const $a2a1b43080b222e4$export$50b76700e2b15e9 = `
class StreamProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.hasStarted = false;
    this.hasInterrupted = false;
    this.outputBuffers = [];
    this.bufferLength = 128;
    this.write = { buffer: new Float32Array(this.bufferLength), trackId: null };
    this.writeOffset = 0;
    this.trackSampleOffsets = {};
    this.port.onmessage = (event) => {
      if (event.data) {
        const payload = event.data;
        if (payload.event === 'write') {
          const int16Array = payload.buffer;
          const float32Array = new Float32Array(int16Array.length);
          for (let i = 0; i < int16Array.length; i++) {
            float32Array[i] = int16Array[i] / 0x8000; // Convert Int16 to Float32
          }
          this.writeData(float32Array, payload.trackId);
        } else if (
          payload.event === 'offset' ||
          payload.event === 'interrupt'
        ) {
          const requestId = payload.requestId;
          const trackId = this.write.trackId;
          const offset = this.trackSampleOffsets[trackId] || 0;
          this.port.postMessage({
            event: 'offset',
            requestId,
            trackId,
            offset,
          });
          if (payload.event === 'interrupt') {
            this.hasInterrupted = true;
          }
        } else {
          throw new Error(\`Unhandled event "\${payload.event}"\`);
        }
      }
    };
  }

  writeData(float32Array, trackId = null) {
    let { buffer } = this.write;
    let offset = this.writeOffset;
    for (let i = 0; i < float32Array.length; i++) {
      buffer[offset++] = float32Array[i];
      if (offset >= buffer.length) {
        this.outputBuffers.push(this.write);
        this.write = { buffer: new Float32Array(this.bufferLength), trackId };
        buffer = this.write.buffer;
        offset = 0;
      }
    }
    this.writeOffset = offset;
    return true;
  }

  process(inputs, outputs, parameters) {
    const output = outputs[0];
    const outputChannelData = output[0];
    const outputBuffers = this.outputBuffers;
    if (this.hasInterrupted) {
      this.port.postMessage({ event: 'stop' });
      return false;
    } else if (outputBuffers.length) {
      this.hasStarted = true;
      const { buffer, trackId } = outputBuffers.shift();
      for (let i = 0; i < outputChannelData.length; i++) {
        outputChannelData[i] = buffer[i] || 0;
      }
      if (trackId) {
        this.trackSampleOffsets[trackId] =
          this.trackSampleOffsets[trackId] || 0;
        this.trackSampleOffsets[trackId] += buffer.length;
      }
      return true;
    } else if (this.hasStarted) {
      this.port.postMessage({ event: 'stop' });
      return false;
    } else {
      return true;
    }
  }
}

registerProcessor('stream_processor', StreamProcessor);
`;
const $a2a1b43080b222e4$var$script = new Blob([
    $a2a1b43080b222e4$export$50b76700e2b15e9
], {
    type: "application/javascript"
});
const $a2a1b43080b222e4$var$src = URL.createObjectURL($a2a1b43080b222e4$var$script);
const $a2a1b43080b222e4$export$bfa8c596114d74df = $a2a1b43080b222e4$var$src;



class $17ba052b4c7c2439$export$9698d62c78b8f366 {
    /**
   * Creates a new WavStreamPlayer instance
   * @param {{sampleRate?: number}} options
   * @returns {WavStreamPlayer}
   */ constructor({ sampleRate: sampleRate = 44100 } = {}){
        this.scriptSrc = (0, $a2a1b43080b222e4$export$bfa8c596114d74df);
        this.sampleRate = sampleRate;
        this.context = null;
        this.stream = null;
        this.analyser = null;
        this.trackSampleOffsets = {};
        this.interruptedTrackIds = {};
    }
    /**
   * Connects the audio context and enables output to speakers
   * @returns {Promise<true>}
   */ async connect() {
        this.context = new AudioContext({
            sampleRate: this.sampleRate
        });
        if (this._speakerID) this.context.setSinkId(this._speakerID);
        if (this.context.state === "suspended") await this.context.resume();
        try {
            await this.context.audioWorklet.addModule(this.scriptSrc);
        } catch (e) {
            console.error(e);
            throw new Error(`Could not add audioWorklet module: ${this.scriptSrc}`);
        }
        const analyser = this.context.createAnalyser();
        analyser.fftSize = 8192;
        analyser.smoothingTimeConstant = 0.1;
        this.analyser = analyser;
        return true;
    }
    /**
   * Gets the current frequency domain data from the playing track
   * @param {"frequency"|"music"|"voice"} [analysisType]
   * @param {number} [minDecibels] default -100
   * @param {number} [maxDecibels] default -30
   * @returns {import('./analysis/audio_analysis.js').AudioAnalysisOutputType}
   */ getFrequencies(analysisType = "frequency", minDecibels = -100, maxDecibels = -30) {
        if (!this.analyser) throw new Error("Not connected, please call .connect() first");
        return (0, $4aa7d69f60688511$export$2c3136da0bf130f9).getFrequencies(this.analyser, this.sampleRate, null, analysisType, minDecibels, maxDecibels);
    }
    /**
   * @param {string} speaker deviceId
   */ async updateSpeaker(speaker) {
        const _prevSpeaker = this._speakerID;
        this._speakerID = speaker;
        if (this.context) try {
            if (speaker === "default") await this.context.setSinkId();
            else await this.context.setSinkId(speaker);
        } catch (e) {
            console.error(`Could not set sinkId to ${speaker}: ${e}`);
            this._speakerID = _prevSpeaker;
        }
    }
    /**
   * Starts audio streaming
   * @private
   * @returns {Promise<true>}
   */ _start() {
        const streamNode = new AudioWorkletNode(this.context, "stream_processor");
        streamNode.connect(this.context.destination);
        streamNode.port.onmessage = (e)=>{
            const { event: event } = e.data;
            if (event === "stop") {
                streamNode.disconnect();
                this.stream = null;
            } else if (event === "offset") {
                const { requestId: requestId, trackId: trackId, offset: offset } = e.data;
                const currentTime = offset / this.sampleRate;
                this.trackSampleOffsets[requestId] = {
                    trackId: trackId,
                    offset: offset,
                    currentTime: currentTime
                };
            }
        };
        this.analyser.disconnect();
        streamNode.connect(this.analyser);
        this.stream = streamNode;
        return true;
    }
    /**
   * Adds 16BitPCM data to the currently playing audio stream
   * You can add chunks beyond the current play point and they will be queued for play
   * @param {ArrayBuffer|Int16Array} arrayBuffer
   * @param {string} [trackId]
   * @returns {Int16Array}
   */ add16BitPCM(arrayBuffer, trackId = "default") {
        if (typeof trackId !== "string") throw new Error(`trackId must be a string`);
        else if (this.interruptedTrackIds[trackId]) return;
        if (!this.stream) this._start();
        let buffer;
        if (arrayBuffer instanceof Int16Array) buffer = arrayBuffer;
        else if (arrayBuffer instanceof ArrayBuffer) buffer = new Int16Array(arrayBuffer);
        else throw new Error(`argument must be Int16Array or ArrayBuffer`);
        this.stream.port.postMessage({
            event: "write",
            buffer: buffer,
            trackId: trackId
        });
        return buffer;
    }
    /**
   * Gets the offset (sample count) of the currently playing stream
   * @param {boolean} [interrupt]
   * @returns {{trackId: string|null, offset: number, currentTime: number}}
   */ async getTrackSampleOffset(interrupt = false) {
        if (!this.stream) return null;
        const requestId = crypto.randomUUID();
        this.stream.port.postMessage({
            event: interrupt ? "interrupt" : "offset",
            requestId: requestId
        });
        let trackSampleOffset;
        while(!trackSampleOffset){
            trackSampleOffset = this.trackSampleOffsets[requestId];
            await new Promise((r)=>setTimeout(()=>r(), 1));
        }
        const { trackId: trackId } = trackSampleOffset;
        if (interrupt && trackId) this.interruptedTrackIds[trackId] = true;
        return trackSampleOffset;
    }
    /**
   * Strips the current stream and returns the sample offset of the audio
   * @param {boolean} [interrupt]
   * @returns {{trackId: string|null, offset: number, currentTime: number}}
   */ async interrupt() {
        return this.getTrackSampleOffset(true);
    }
}
globalThis.WavStreamPlayer = $17ba052b4c7c2439$export$9698d62c78b8f366;


const $a1f3ec78ca8ae68d$var$AudioProcessorWorklet = `
class AudioProcessor extends AudioWorkletProcessor {

  constructor() {
    super();
    this.port.onmessage = this.receive.bind(this);
    this.initialize();
  }

  initialize() {
    this.foundAudio = false;
    this.recording = false;
    this.chunks = [];
  }

  /**
   * Concatenates sampled chunks into channels
   * Format is chunk[Left[], Right[]]
   */
  readChannelData(chunks, channel = -1, maxChannels = 9) {
    let channelLimit;
    if (channel !== -1) {
      if (chunks[0] && chunks[0].length - 1 < channel) {
        throw new Error(
          \`Channel \${channel} out of range: max \${chunks[0].length}\`
        );
      }
      channelLimit = channel + 1;
    } else {
      channel = 0;
      channelLimit = Math.min(chunks[0] ? chunks[0].length : 1, maxChannels);
    }
    const channels = [];
    for (let n = channel; n < channelLimit; n++) {
      const length = chunks.reduce((sum, chunk) => {
        return sum + chunk[n].length;
      }, 0);
      const buffers = chunks.map((chunk) => chunk[n]);
      const result = new Float32Array(length);
      let offset = 0;
      for (let i = 0; i < buffers.length; i++) {
        result.set(buffers[i], offset);
        offset += buffers[i].length;
      }
      channels[n] = result;
    }
    return channels;
  }

  /**
   * Combines parallel audio data into correct format,
   * channels[Left[], Right[]] to float32Array[LRLRLRLR...]
   */
  formatAudioData(channels) {
    if (channels.length === 1) {
      // Simple case is only one channel
      const float32Array = channels[0].slice();
      const meanValues = channels[0].slice();
      return { float32Array, meanValues };
    } else {
      const float32Array = new Float32Array(
        channels[0].length * channels.length
      );
      const meanValues = new Float32Array(channels[0].length);
      for (let i = 0; i < channels[0].length; i++) {
        const offset = i * channels.length;
        let meanValue = 0;
        for (let n = 0; n < channels.length; n++) {
          float32Array[offset + n] = channels[n][i];
          meanValue += channels[n][i];
        }
        meanValues[i] = meanValue / channels.length;
      }
      return { float32Array, meanValues };
    }
  }

  /**
   * Converts 32-bit float data to 16-bit integers
   */
  floatTo16BitPCM(float32Array) {
    const buffer = new ArrayBuffer(float32Array.length * 2);
    const view = new DataView(buffer);
    let offset = 0;
    for (let i = 0; i < float32Array.length; i++, offset += 2) {
      let s = Math.max(-1, Math.min(1, float32Array[i]));
      view.setInt16(offset, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
    return buffer;
  }

  /**
   * Retrieves the most recent amplitude values from the audio stream
   * @param {number} channel
   */
  getValues(channel = -1) {
    const channels = this.readChannelData(this.chunks, channel);
    const { meanValues } = this.formatAudioData(channels);
    return { meanValues, channels };
  }

  /**
   * Exports chunks as an audio/wav file
   */
  export() {
    const channels = this.readChannelData(this.chunks);
    const { float32Array, meanValues } = this.formatAudioData(channels);
    const audioData = this.floatTo16BitPCM(float32Array);
    return {
      meanValues: meanValues,
      audio: {
        bitsPerSample: 16,
        channels: channels,
        data: audioData,
      },
    };
  }

  receive(e) {
    const { event, id } = e.data;
    let receiptData = {};
    switch (event) {
      case 'start':
        this.recording = true;
        break;
      case 'stop':
        this.recording = false;
        break;
      case 'clear':
        this.initialize();
        break;
      case 'export':
        receiptData = this.export();
        break;
      case 'read':
        receiptData = this.getValues();
        break;
      default:
        break;
    }
    // Always send back receipt
    this.port.postMessage({ event: 'receipt', id, data: receiptData });
  }

  sendChunk(chunk) {
    const channels = this.readChannelData([chunk]);
    const { float32Array, meanValues } = this.formatAudioData(channels);
    const rawAudioData = this.floatTo16BitPCM(float32Array);
    const monoAudioData = this.floatTo16BitPCM(meanValues);
    this.port.postMessage({
      event: 'chunk',
      data: {
        mono: monoAudioData,
        raw: rawAudioData,
      },
    });
  }

  process(inputList, outputList, parameters) {
    // Copy input to output (e.g. speakers)
    // Note that this creates choppy sounds with Mac products
    const sourceLimit = Math.min(inputList.length, outputList.length);
    for (let inputNum = 0; inputNum < sourceLimit; inputNum++) {
      const input = inputList[inputNum];
      const output = outputList[inputNum];
      const channelCount = Math.min(input.length, output.length);
      for (let channelNum = 0; channelNum < channelCount; channelNum++) {
        input[channelNum].forEach((sample, i) => {
          output[channelNum][i] = sample;
        });
      }
    }
    const inputs = inputList[0];
    // There's latency at the beginning of a stream before recording starts
    // Make sure we actually receive audio data before we start storing chunks
    let sliceIndex = 0;
    if (!this.foundAudio) {
      for (const channel of inputs) {
        sliceIndex = 0; // reset for each channel
        if (this.foundAudio) {
          break;
        }
        if (channel) {
          for (const value of channel) {
            if (value !== 0) {
              // find only one non-zero entry in any channel
              this.foundAudio = true;
              break;
            } else {
              sliceIndex++;
            }
          }
        }
      }
    }
    if (inputs && inputs[0] && this.foundAudio && this.recording) {
      // We need to copy the TypedArray, because the \`process\`
      // internals will reuse the same buffer to hold each input
      const chunk = inputs.map((input) => input.slice(sliceIndex));
      this.chunks.push(chunk);
      this.sendChunk(chunk);
    }
    return true;
  }
}

registerProcessor('audio_processor', AudioProcessor);
`;
const $a1f3ec78ca8ae68d$var$script = new Blob([
    $a1f3ec78ca8ae68d$var$AudioProcessorWorklet
], {
    type: "application/javascript"
});
const $a1f3ec78ca8ae68d$var$src = URL.createObjectURL($a1f3ec78ca8ae68d$var$script);
const $a1f3ec78ca8ae68d$export$1f65f50a8cbff43c = $a1f3ec78ca8ae68d$var$src;




class $58a7d939ec2b36fc$export$439b217ca659a877 {
    /**
   * Create a new WavRecorder instance
   * @param {{sampleRate?: number, outputToSpeakers?: boolean, debug?: boolean}} [options]
   * @returns {WavRecorder}
   */ constructor({ sampleRate: sampleRate = 44100, outputToSpeakers: outputToSpeakers = false, debug: debug = false } = {}){
        // Script source
        this.scriptSrc = (0, $a1f3ec78ca8ae68d$export$1f65f50a8cbff43c);
        // Config
        this.sampleRate = sampleRate;
        this.outputToSpeakers = outputToSpeakers;
        this.debug = !!debug;
        this._deviceChangeCallback = null;
        this._deviceErrorCallback = null;
        this._devices = [];
        this.deviceSelection = null;
        // State variables
        this.stream = null;
        this.processor = null;
        this.source = null;
        this.node = null;
        this.recording = false;
        // Event handling with AudioWorklet
        this._lastEventId = 0;
        this.eventReceipts = {};
        this.eventTimeout = 5000;
        // Process chunks of audio
        this._chunkProcessor = ()=>{};
        this._chunkProcessorSize = void 0;
        this._chunkProcessorBuffer = {
            raw: new ArrayBuffer(0),
            mono: new ArrayBuffer(0)
        };
    }
    /**
   * Decodes audio data from multiple formats to a Blob, url, Float32Array and AudioBuffer
   * @param {Blob|Float32Array|Int16Array|ArrayBuffer|number[]} audioData
   * @param {number} sampleRate
   * @param {number} fromSampleRate
   * @returns {Promise<DecodedAudioType>}
   */ static async decode(audioData, sampleRate = 44100, fromSampleRate = -1) {
        const context = new AudioContext({
            sampleRate: sampleRate
        });
        let arrayBuffer;
        let blob;
        if (audioData instanceof Blob) {
            if (fromSampleRate !== -1) throw new Error(`Can not specify "fromSampleRate" when reading from Blob`);
            blob = audioData;
            arrayBuffer = await blob.arrayBuffer();
        } else if (audioData instanceof ArrayBuffer) {
            if (fromSampleRate !== -1) throw new Error(`Can not specify "fromSampleRate" when reading from ArrayBuffer`);
            arrayBuffer = audioData;
            blob = new Blob([
                arrayBuffer
            ], {
                type: "audio/wav"
            });
        } else {
            let float32Array;
            let data;
            if (audioData instanceof Int16Array) {
                data = audioData;
                float32Array = new Float32Array(audioData.length);
                for(let i = 0; i < audioData.length; i++)float32Array[i] = audioData[i] / 0x8000;
            } else if (audioData instanceof Float32Array) float32Array = audioData;
            else if (audioData instanceof Array) float32Array = new Float32Array(audioData);
            else throw new Error(`"audioData" must be one of: Blob, Float32Arrray, Int16Array, ArrayBuffer, Array<number>`);
            if (fromSampleRate === -1) throw new Error(`Must specify "fromSampleRate" when reading from Float32Array, In16Array or Array`);
            else if (fromSampleRate < 3000) throw new Error(`Minimum "fromSampleRate" is 3000 (3kHz)`);
            if (!data) data = (0, $90e51b630ebb9a32$export$13afda237b1c9846).floatTo16BitPCM(float32Array);
            const audio = {
                bitsPerSample: 16,
                channels: [
                    float32Array
                ],
                data: data
            };
            const packer = new (0, $90e51b630ebb9a32$export$13afda237b1c9846)();
            const result = packer.pack(fromSampleRate, audio);
            blob = result.blob;
            arrayBuffer = await blob.arrayBuffer();
        }
        const audioBuffer = await context.decodeAudioData(arrayBuffer);
        const values = audioBuffer.getChannelData(0);
        const url = URL.createObjectURL(blob);
        return {
            blob: blob,
            url: url,
            values: values,
            audioBuffer: audioBuffer
        };
    }
    /**
   * Logs data in debug mode
   * @param {...any} arguments
   * @returns {true}
   */ log() {
        if (this.debug) this.log(...arguments);
        return true;
    }
    /**
   * Retrieves the current sampleRate for the recorder
   * @returns {number}
   */ getSampleRate() {
        return this.sampleRate;
    }
    /**
   * Retrieves the current status of the recording
   * @returns {"ended"|"paused"|"recording"}
   */ getStatus() {
        if (!this.processor) return "ended";
        else if (!this.recording) return "paused";
        else return "recording";
    }
    /**
   * Sends an event to the AudioWorklet
   * @private
   * @param {string} name
   * @param {{[key: string]: any}} data
   * @param {AudioWorkletNode} [_processor]
   * @returns {Promise<{[key: string]: any}>}
   */ async _event(name, data = {}, _processor = null) {
        _processor = _processor || this.processor;
        if (!_processor) throw new Error("Can not send events without recording first");
        const message = {
            event: name,
            id: this._lastEventId++,
            data: data
        };
        _processor.port.postMessage(message);
        const t0 = new Date().valueOf();
        while(!this.eventReceipts[message.id]){
            if (new Date().valueOf() - t0 > this.eventTimeout) throw new Error(`Timeout waiting for "${name}" event`);
            await new Promise((res)=>setTimeout(()=>res(true), 1));
        }
        const payload = this.eventReceipts[message.id];
        delete this.eventReceipts[message.id];
        return payload;
    }
    /**
   * Sets device change callback, remove if callback provided is `null`
   * @param {(Array<MediaDeviceInfo & {default: boolean}>): void|null} callback
   * @returns {true}
   */ listenForDeviceChange(callback) {
        if (callback === null && this._deviceChangeCallback) {
            navigator.mediaDevices.removeEventListener("devicechange", this._deviceChangeCallback);
            this._deviceChangeCallback = null;
        } else if (callback !== null) {
            // Basically a debounce; we only want this called once when devices change
            // And we only want the most recent callback() to be executed
            // if a few are operating at the same time
            let lastId = 0;
            let lastDevices = [];
            const serializeDevices = (devices)=>devices.map((d)=>d.deviceId).sort().join(",");
            const cb = async ()=>{
                let id = ++lastId;
                const devices = await this.listDevices();
                if (id === lastId) {
                    if (serializeDevices(lastDevices) !== serializeDevices(devices)) {
                        lastDevices = devices;
                        callback(devices.slice());
                    }
                }
            };
            navigator.mediaDevices.addEventListener("devicechange", cb);
            cb();
            this._deviceChangeCallback = cb;
        }
        return true;
    }
    /**
   * Provide a callback for if/when device errors occur
   * @param {(({devices: Array<"cam" | "mic">, type: string, error?: Error}) => void) | null} callback
   * @returns {true}
   */ listenForDeviceErrors(callback) {
        this._deviceErrorCallback = callback;
    }
    /**
   * Manually request permission to use the microphone
   * @returns {Promise<true>}
   */ async requestPermission() {
        const permissionStatus = await navigator.permissions.query({
            name: "microphone"
        });
        if (permissionStatus.state === "denied") {
            if (this._deviceErrorCallback) this._deviceErrorCallback({
                devices: [
                    "mic"
                ],
                type: "unknown",
                error: new Error("Microphone access denied")
            });
        } else if (permissionStatus.state === "prompt") try {
            const stream = await navigator.mediaDevices.getUserMedia({
                audio: true
            });
            const tracks = stream.getTracks();
            tracks.forEach((track)=>track.stop());
        } catch (e) {
            console.error("Error accessing microphone.");
            if (this._deviceErrorCallback) this._deviceErrorCallback({
                devices: [
                    "mic"
                ],
                type: "unknown",
                error: e
            });
        }
        return true;
    }
    /**
   * List all eligible devices for recording, will request permission to use microphone
   * @returns {Promise<Array<MediaDeviceInfo & {default: boolean}>>}
   */ async listDevices() {
        if (!navigator.mediaDevices || !("enumerateDevices" in navigator.mediaDevices)) throw new Error("Could not request user devices");
        await this.requestPermission();
        const devices = await navigator.mediaDevices.enumerateDevices();
        const audioDevices = devices.filter((device)=>device.kind === "audioinput");
        return audioDevices;
    // const defaultDeviceIndex = audioDevices.findIndex(
    //   (device) => device.deviceId === 'default'
    // );
    // const deviceList = [];
    // if (defaultDeviceIndex !== -1) {
    //   let defaultDevice = audioDevices.splice(defaultDeviceIndex, 1)[0];
    //   let existingIndex = audioDevices.findIndex(
    //     (device) => device.groupId === defaultDevice.groupId
    //   );
    //   if (existingIndex !== -1) {
    //     defaultDevice = audioDevices.splice(existingIndex, 1)[0];
    //   }
    //   defaultDevice.default = true;
    //   deviceList.push(defaultDevice);
    // }
    // return deviceList.concat(audioDevices);
    }
    /**
   * Begins a recording session and requests microphone permissions if not already granted
   * Microphone recording indicator will appear on browser tab but status will be "paused"
   * @param {string} [deviceId] if no device provided, default device will be used
   * @returns {Promise<true>}
   */ async begin(deviceId) {
        if (this.processor) throw new Error(`Already connected: please call .end() to start a new session`);
        if (!navigator.mediaDevices || !("getUserMedia" in navigator.mediaDevices)) {
            if (this._deviceErrorCallback) this._deviceErrorCallback({
                devices: [
                    "mic",
                    "cam"
                ],
                type: "undefined-mediadevices"
            });
            throw new Error("Could not request user media");
        }
        deviceId = deviceId ?? this.deviceSelection?.deviceId;
        try {
            const config = {
                audio: true
            };
            if (deviceId) config.audio = {
                deviceId: {
                    exact: deviceId
                }
            };
            this.stream = await navigator.mediaDevices.getUserMedia(config);
        } catch (err) {
            if (this._deviceErrorCallback) this._deviceErrorCallback({
                devices: [
                    "mic"
                ],
                type: "unknown",
                error: err
            });
            throw new Error("Could not start media stream");
        }
        this.listDevices().then((devices)=>{
            deviceId = this.stream.getAudioTracks()[0].getSettings().deviceId;
            console.log("find current device", devices, deviceId, this.stream.getAudioTracks()[0].getSettings());
            this.deviceSelection = devices.find((d)=>d.deviceId === deviceId);
            console.log("current device", this.deviceSelection);
        });
        const context = new AudioContext({
            sampleRate: this.sampleRate
        });
        const source = context.createMediaStreamSource(this.stream);
        // Load and execute the module script.
        try {
            await context.audioWorklet.addModule(this.scriptSrc);
        } catch (e) {
            console.error(e);
            throw new Error(`Could not add audioWorklet module: ${this.scriptSrc}`);
        }
        const processor = new AudioWorkletNode(context, "audio_processor");
        processor.port.onmessage = (e)=>{
            const { event: event, id: id, data: data } = e.data;
            if (event === "receipt") this.eventReceipts[id] = data;
            else if (event === "chunk") {
                if (this._chunkProcessorSize) {
                    const buffer = this._chunkProcessorBuffer;
                    this._chunkProcessorBuffer = {
                        raw: (0, $90e51b630ebb9a32$export$13afda237b1c9846).mergeBuffers(buffer.raw, data.raw),
                        mono: (0, $90e51b630ebb9a32$export$13afda237b1c9846).mergeBuffers(buffer.mono, data.mono)
                    };
                    if (this._chunkProcessorBuffer.mono.byteLength >= this._chunkProcessorSize) {
                        this._chunkProcessor(this._chunkProcessorBuffer);
                        this._chunkProcessorBuffer = {
                            raw: new ArrayBuffer(0),
                            mono: new ArrayBuffer(0)
                        };
                    }
                } else this._chunkProcessor(data);
            }
        };
        const node = source.connect(processor);
        const analyser = context.createAnalyser();
        analyser.fftSize = 8192;
        analyser.smoothingTimeConstant = 0.1;
        node.connect(analyser);
        if (this.outputToSpeakers) {
            // eslint-disable-next-line no-console
            console.warn("Warning: Output to speakers may affect sound quality,\nespecially due to system audio feedback preventative measures.\nuse only for debugging");
            analyser.connect(context.destination);
        }
        this.source = source;
        this.node = node;
        this.analyser = analyser;
        this.processor = processor;
        console.log("begin completed");
        return true;
    }
    /**
   * Gets the current frequency domain data from the recording track
   * @param {"frequency"|"music"|"voice"} [analysisType]
   * @param {number} [minDecibels] default -100
   * @param {number} [maxDecibels] default -30
   * @returns {import('./analysis/audio_analysis.js').AudioAnalysisOutputType}
   */ getFrequencies(analysisType = "frequency", minDecibels = -100, maxDecibels = -30) {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        return (0, $4aa7d69f60688511$export$2c3136da0bf130f9).getFrequencies(this.analyser, this.sampleRate, null, analysisType, minDecibels, maxDecibels);
    }
    /**
   * Pauses the recording
   * Keeps microphone stream open but halts storage of audio
   * @returns {Promise<true>}
   */ async pause() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        else if (!this.recording) throw new Error("Already paused: please call .record() first");
        if (this._chunkProcessorBuffer.raw.byteLength) this._chunkProcessor(this._chunkProcessorBuffer);
        this.log("Pausing ...");
        await this._event("stop");
        this.recording = false;
        return true;
    }
    /**
   * Start recording stream and storing to memory from the connected audio source
   * @param {(data: { mono: ArrayBuffer; raw: ArrayBuffer }) => any} [chunkProcessor]
   * @param {number} [chunkSize] chunkProcessor will not be triggered until this size threshold met in mono audio
   * @returns {Promise<true>}
   */ async record(chunkProcessor = ()=>{}, chunkSize = 8192) {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        else if (this.recording) throw new Error("Already recording: please call .pause() first");
        else if (typeof chunkProcessor !== "function") throw new Error(`chunkProcessor must be a function`);
        this._chunkProcessor = chunkProcessor;
        this._chunkProcessorSize = chunkSize;
        this._chunkProcessorBuffer = {
            raw: new ArrayBuffer(0),
            mono: new ArrayBuffer(0)
        };
        this.log("Recording ...");
        await this._event("start");
        this.recording = true;
        return true;
    }
    /**
   * Clears the audio buffer, empties stored recording
   * @returns {Promise<true>}
   */ async clear() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        await this._event("clear");
        return true;
    }
    /**
   * Reads the current audio stream data
   * @returns {Promise<{meanValues: Float32Array, channels: Array<Float32Array>}>}
   */ async read() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        this.log("Reading ...");
        const result = await this._event("read");
        return result;
    }
    /**
   * Saves the current audio stream to a file
   * @param {boolean} [force] Force saving while still recording
   * @returns {Promise<import('./wav_packer.js').WavPackerAudioType>}
   */ async save(force = false) {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        if (!force && this.recording) throw new Error("Currently recording: please call .pause() first, or call .save(true) to force");
        this.log("Exporting ...");
        const exportData = await this._event("export");
        const packer = new (0, $90e51b630ebb9a32$export$13afda237b1c9846)();
        const result = packer.pack(this.sampleRate, exportData.audio);
        return result;
    }
    /**
   * Ends the current recording session and saves the result
   * @returns {Promise<import('./wav_packer.js').WavPackerAudioType>}
   */ async end() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        const _processor = this.processor;
        this.log("Stopping ...");
        await this._event("stop");
        this.recording = false;
        const tracks = this.stream.getTracks();
        tracks.forEach((track)=>track.stop());
        this.log("Exporting ...");
        const exportData = await this._event("export", {}, _processor);
        this.processor.disconnect();
        this.source.disconnect();
        this.node.disconnect();
        this.analyser.disconnect();
        this.stream = null;
        this.processor = null;
        this.source = null;
        this.node = null;
        const packer = new (0, $90e51b630ebb9a32$export$13afda237b1c9846)();
        const result = packer.pack(this.sampleRate, exportData.audio);
        return result;
    }
    /**
   * Performs a full cleanup of WavRecorder instance
   * Stops actively listening via microphone and removes existing listeners
   * @returns {Promise<true>}
   */ async quit() {
        this.listenForDeviceChange(null);
        // we do not reset this on end so that selections persist across starts
        this.deviceSelection = null;
        if (this.processor) await this.end();
        return true;
    }
}
globalThis.WavRecorder = $58a7d939ec2b36fc$export$439b217ca659a877;





/**
 * Resamples audio data from one sample rate to another using linear interpolation
 * @param {ArrayBuffer} inputBuffer - Input audio data as Int16 PCM
 * @param {number} inputSampleRate - Sample rate of input audio
 * @param {number} outputSampleRate - Desired output sample rate
 * @returns {ArrayBuffer} - Resampled audio data as Int16 PCM
 */ function $4223416b99b33991$var$resampleAudioBuffer(inputBuffer, inputSampleRate, outputSampleRate) {
    if (inputSampleRate === outputSampleRate) return inputBuffer;
    const inputView = new Int16Array(inputBuffer);
    const ratio = inputSampleRate / outputSampleRate;
    const outputLength = Math.round(inputView.length / ratio);
    const outputBuffer = new ArrayBuffer(outputLength * 2);
    const outputView = new Int16Array(outputBuffer);
    for(let i = 0; i < outputLength; i++){
        const srcIndex = i * ratio;
        const srcIndexFloor = Math.floor(srcIndex);
        const srcIndexCeil = Math.min(srcIndexFloor + 1, inputView.length - 1);
        const t = srcIndex - srcIndexFloor;
        // Linear interpolation
        outputView[i] = Math.round(inputView[srcIndexFloor] * (1 - t) + inputView[srcIndexCeil] * t);
    }
    return outputBuffer;
}
class $4223416b99b33991$export$2934cf2d25c67a48 {
    /**
   * Create a new MediaStreamRecorder instance
   * @param {{sampleRate?: number, outputToSpeakers?: boolean, debug?: boolean}} [options]
   * @returns {MediaStreamRecorder}
   */ constructor({ sampleRate: sampleRate = 44100, outputToSpeakers: outputToSpeakers = false, debug: debug = false } = {}){
        // Script source
        this.scriptSrc = (0, $a1f3ec78ca8ae68d$export$1f65f50a8cbff43c);
        // Config
        this.sampleRate = sampleRate;
        this.outputToSpeakers = outputToSpeakers;
        this.debug = !!debug;
        // State variables
        this.stream = null;
        this.processor = null;
        this.source = null;
        this.node = null;
        this.recording = false;
        // Event handling with AudioWorklet
        this._lastEventId = 0;
        this.eventReceipts = {};
        this.eventTimeout = 5000;
        // Process chunks of audio
        this._chunkProcessor = ()=>{};
        this._chunkProcessorSize = void 0;
        this._chunkProcessorBuffer = {
            raw: new ArrayBuffer(0),
            mono: new ArrayBuffer(0)
        };
    }
    /**
   * Logs data in debug mode
   * @param {...any} arguments
   * @returns {true}
   */ log() {
        if (this.debug) this.log(...arguments);
        return true;
    }
    /**
   * Retrieves the current sampleRate for the recorder
   * @returns {number}
   */ getSampleRate() {
        return this.sampleRate;
    }
    /**
   * Retrieves the current status of the recording
   * @returns {"ended"|"paused"|"recording"}
   */ getStatus() {
        if (!this.processor) return "ended";
        else if (!this.recording) return "paused";
        else return "recording";
    }
    /**
   * Sends an event to the AudioWorklet
   * @private
   * @param {string} name
   * @param {{[key: string]: any}} data
   * @param {AudioWorkletNode} [_processor]
   * @returns {Promise<{[key: string]: any}>}
   */ async _event(name, data = {}, _processor = null) {
        _processor = _processor || this.processor;
        if (!_processor) throw new Error("Can not send events without recording first");
        const message = {
            event: name,
            id: this._lastEventId++,
            data: data
        };
        _processor.port.postMessage(message);
        const t0 = new Date().valueOf();
        while(!this.eventReceipts[message.id]){
            if (new Date().valueOf() - t0 > this.eventTimeout) throw new Error(`Timeout waiting for "${name}" event`);
            await new Promise((res)=>setTimeout(()=>res(true), 1));
        }
        const payload = this.eventReceipts[message.id];
        delete this.eventReceipts[message.id];
        return payload;
    }
    /**
   * Begins a recording session for the given audioTrack
   * Microphone recording indicator will appear on browser tab but status will be "paused"
   * @param {MediaStreamTrack} [audioTrack] if no device provided, default device will be used
   * @returns {Promise<true>}
   */ async begin(audioTrack) {
        if (this.processor) throw new Error(`Already connected: please call .end() to start a new session`);
        if (!audioTrack || audioTrack.kind !== "audio") throw new Error("No audio track provided");
        this.stream = new MediaStream([
            audioTrack
        ]);
        // Firefox workaround: Firefox doesn't support connecting AudioNodes from
        // AudioContexts with different sample rates. So we create the AudioContext
        // at the native sample rate and resample manually.
        // This workaround may be temporary; Firefox is in the process of adding
        // support for this.
        // See: https://bugzilla.mozilla.org/show_bug.cgi?id=1674892
        const isFirefox = navigator.userAgent.toLowerCase().includes("firefox");
        let context;
        if (isFirefox) // Firefox: Use native sample rate and resample manually
        context = new AudioContext();
        else // Other browsers: Let the AudioContext handle resampling
        context = new AudioContext({
            sampleRate: this.sampleRate
        });
        const contextSampleRate = context.sampleRate;
        const source = context.createMediaStreamSource(this.stream);
        // Load and execute the module script.
        try {
            await context.audioWorklet.addModule(this.scriptSrc);
        } catch (e) {
            console.error(e);
            throw new Error(`Could not add audioWorklet module: ${this.scriptSrc}`);
        }
        const processor = new AudioWorkletNode(context, "audio_processor");
        processor.port.onmessage = (e)=>{
            const { event: event, id: id, data: data } = e.data;
            if (event === "receipt") this.eventReceipts[id] = data;
            else if (event === "chunk") {
                // Resample chunk data from native sample rate to target sample rate
                // (no-op if rates match, i.e. for non-Firefox browsers)
                const resampledData = {
                    raw: $4223416b99b33991$var$resampleAudioBuffer(data.raw, contextSampleRate, this.sampleRate),
                    mono: $4223416b99b33991$var$resampleAudioBuffer(data.mono, contextSampleRate, this.sampleRate)
                };
                if (this._chunkProcessorSize) {
                    const buffer = this._chunkProcessorBuffer;
                    this._chunkProcessorBuffer = {
                        raw: (0, $90e51b630ebb9a32$export$13afda237b1c9846).mergeBuffers(buffer.raw, resampledData.raw),
                        mono: (0, $90e51b630ebb9a32$export$13afda237b1c9846).mergeBuffers(buffer.mono, resampledData.mono)
                    };
                    if (this._chunkProcessorBuffer.mono.byteLength >= this._chunkProcessorSize) {
                        this._chunkProcessor(this._chunkProcessorBuffer);
                        this._chunkProcessorBuffer = {
                            raw: new ArrayBuffer(0),
                            mono: new ArrayBuffer(0)
                        };
                    }
                } else this._chunkProcessor(resampledData);
            }
        };
        const node = source.connect(processor);
        const analyser = context.createAnalyser();
        analyser.fftSize = 8192;
        analyser.smoothingTimeConstant = 0.1;
        node.connect(analyser);
        if (this.outputToSpeakers) {
            // eslint-disable-next-line no-console
            console.warn("Warning: Output to speakers may affect sound quality,\nespecially due to system audio feedback preventative measures.\nuse only for debugging");
            analyser.connect(context.destination);
        }
        this.source = source;
        this.node = node;
        this.analyser = analyser;
        this.processor = processor;
        return true;
    }
    /**
   * Gets the current frequency domain data from the recording track
   * @param {"frequency"|"music"|"voice"} [analysisType]
   * @param {number} [minDecibels] default -100
   * @param {number} [maxDecibels] default -30
   * @returns {import('./analysis/audio_analysis.js').AudioAnalysisOutputType}
   */ getFrequencies(analysisType = "frequency", minDecibels = -100, maxDecibels = -30) {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        return (0, $4aa7d69f60688511$export$2c3136da0bf130f9).getFrequencies(this.analyser, this.sampleRate, null, analysisType, minDecibels, maxDecibels);
    }
    /**
   * Pauses the recording
   * Keeps microphone stream open but halts storage of audio
   * @returns {Promise<true>}
   */ async pause() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        else if (!this.recording) throw new Error("Already paused: please call .record() first");
        if (this._chunkProcessorBuffer.raw.byteLength) this._chunkProcessor(this._chunkProcessorBuffer);
        this.log("Pausing ...");
        await this._event("stop");
        this.recording = false;
        return true;
    }
    /**
   * Start recording stream and storing to memory from the connected audio source
   * @param {(data: { mono: ArrayBuffer; raw: ArrayBuffer }) => any} [chunkProcessor]
   * @param {number} [chunkSize] chunkProcessor will not be triggered until this size threshold met in mono audio
   * @returns {Promise<true>}
   */ async record(chunkProcessor = ()=>{}, chunkSize = 8192) {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        else if (this.recording) throw new Error("Already recording: HELLO please call .pause() first");
        else if (typeof chunkProcessor !== "function") throw new Error(`chunkProcessor must be a function`);
        this._chunkProcessor = chunkProcessor;
        this._chunkProcessorSize = chunkSize;
        this._chunkProcessorBuffer = {
            raw: new ArrayBuffer(0),
            mono: new ArrayBuffer(0)
        };
        this.log("Recording ...");
        await this._event("start");
        this.recording = true;
        return true;
    }
    /**
   * Clears the audio buffer, empties stored recording
   * @returns {Promise<true>}
   */ async clear() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        await this._event("clear");
        return true;
    }
    /**
   * Reads the current audio stream data
   * @returns {Promise<{meanValues: Float32Array, channels: Array<Float32Array>}>}
   */ async read() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        this.log("Reading ...");
        const result = await this._event("read");
        return result;
    }
    /**
   * Saves the current audio stream to a file
   * @param {boolean} [force] Force saving while still recording
   * @returns {Promise<import('./wav_packer.js').WavPackerAudioType>}
   */ async save(force = false) {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        if (!force && this.recording) throw new Error("Currently recording: please call .pause() first, or call .save(true) to force");
        this.log("Exporting ...");
        const exportData = await this._event("export");
        const packer = new (0, $90e51b630ebb9a32$export$13afda237b1c9846)();
        const result = packer.pack(this.sampleRate, exportData.audio);
        return result;
    }
    /**
   * Ends the current recording session and saves the result
   * @returns {Promise<import('./wav_packer.js').WavPackerAudioType>}
   */ async end() {
        if (!this.processor) throw new Error("Session ended: please call .begin() first");
        const _processor = this.processor;
        this.log("Stopping ...");
        await this._event("stop");
        this.recording = false;
        this.log("Exporting ...");
        const exportData = await this._event("export", {}, _processor);
        this.processor.disconnect();
        this.source.disconnect();
        this.node.disconnect();
        this.analyser.disconnect();
        this.stream = null;
        this.processor = null;
        this.source = null;
        this.node = null;
        const packer = new (0, $90e51b630ebb9a32$export$13afda237b1c9846)();
        const result = packer.pack(this.sampleRate, exportData.audio);
        return result;
    }
    /**
   * Performs a full cleanup of WavRecorder instance
   * Stops actively listening via microphone and removes existing listeners
   * @returns {Promise<true>}
   */ async quit() {
        this.listenForDeviceChange(null);
        if (this.processor) await this.end();
        return true;
    }
}
globalThis.WavRecorder = WavRecorder;





class $daa89bdc6099638f$export$4a0c46dbbe2ddb67 {
    constructor(){
        this._callbacks = {};
        this._micEnabled = true;
        this._camEnabled = false;
        this._supportsScreenShare = false;
    }
    setUserAudioCallback(userAudioCallback) {
        this._userAudioCallback = userAudioCallback;
    }
    setClientOptions(options, override = false) {
        if (this._options && !override) return;
        this._options = options;
        this._callbacks = options.callbacks ?? {};
        this._micEnabled = options.enableMic ?? true;
        this._camEnabled = options.enableCam ?? false;
    }
    get supportsScreenShare() {
        return this._supportsScreenShare;
    }
}
class $daa89bdc6099638f$export$45c5b9bfba2f6304 extends $daa89bdc6099638f$export$4a0c46dbbe2ddb67 {
    constructor(recorderChunkSize, recorderSampleRate = 24000){
        super();
        this._initialized = false;
        this._recorderChunkSize = undefined;
        this._recorderChunkSize = recorderChunkSize;
        this._wavRecorder = new (0, $58a7d939ec2b36fc$export$439b217ca659a877)({
            sampleRate: recorderSampleRate
        });
        this._wavStreamPlayer = new (0, $17ba052b4c7c2439$export$9698d62c78b8f366)({
            sampleRate: 24000
        });
    }
    async initialize() {
        try {
            await this._wavRecorder.begin();
        } catch (error) {
        // void. swallow the error. we still want to set up
        // the listeners and the player.
        }
        this._wavRecorder.listenForDeviceChange(null);
        this._wavRecorder.listenForDeviceChange(this._handleAvailableDevicesUpdated.bind(this));
        this._wavRecorder.listenForDeviceErrors(null);
        this._wavRecorder.listenForDeviceErrors(this._handleDeviceError.bind(this));
        await this._wavStreamPlayer.connect();
        this._initialized = true;
    }
    async connect() {
        if (!this._initialized) await this.initialize();
        const isAlreadyRecording = this._wavRecorder.getStatus() == "recording";
        if (this._micEnabled && !isAlreadyRecording) await this._startRecording();
        if (this._camEnabled) console.warn("WavMediaManager does not support video input.");
    }
    async disconnect() {
        if (!this._initialized) return;
        await this._wavRecorder.end();
        await this._wavStreamPlayer.interrupt();
        this._initialized = false;
    }
    async userStartedSpeaking() {
        return this._wavStreamPlayer.interrupt();
    }
    bufferBotAudio(data, id) {
        return this._wavStreamPlayer.add16BitPCM(data, id);
    }
    getAllMics() {
        return this._wavRecorder.listDevices();
    }
    getAllCams() {
        // TODO: Video not supported yet
        return Promise.resolve([]);
    }
    getAllSpeakers() {
        // TODO: Implement speaker support
        return Promise.resolve([]);
    }
    async updateMic(micId) {
        const prevMic = this._wavRecorder.deviceSelection;
        if (this._wavRecorder.getStatus() !== "ended") await this._wavRecorder.end();
        try {
            await this._wavRecorder.begin(micId);
            if (this._micEnabled) await this._startRecording();
            const curMic = this._wavRecorder.deviceSelection;
            if (curMic && prevMic && prevMic.label !== curMic.label) this._callbacks.onMicUpdated?.(curMic);
        } catch (error) {
        // void. If begin() fails, it will have already logged and called
        // onDeviceError if necessary.
        }
    }
    updateCam(camId) {
    // TODO: Video not supported yet
    }
    updateSpeaker(speakerId) {
    // TODO: Implement speaker support
    }
    get selectedMic() {
        return this._wavRecorder.deviceSelection ?? {};
    }
    get selectedCam() {
        // TODO: Video not supported yet
        return {};
    }
    get selectedSpeaker() {
        // TODO: Implement speaker support
        return {};
    }
    async enableMic(enable) {
        this._micEnabled = enable;
        if (!this._wavRecorder.stream) return;
        this._wavRecorder.stream.getAudioTracks().forEach((track)=>{
            track.enabled = enable;
            if (!enable) this._callbacks.onTrackStopped?.(track, $daa89bdc6099638f$var$localParticipant());
        });
        if (enable) await this._startRecording();
        else await this._wavRecorder.pause();
    }
    enableCam(enable) {
        // TODO: Video not supported yet
        console.warn("WavMediaManager does not support video input.");
    }
    enableScreenShare(enable) {
        // TODO: Screensharing not supported yet
        console.warn("WavMediaManager does not support screen sharing.");
    }
    get isCamEnabled() {
        // TODO: Video not supported yet
        return false;
    }
    get isMicEnabled() {
        return this._micEnabled;
    }
    get isSharingScreen() {
        // TODO: Screensharing not supported yet
        return false;
    }
    tracks() {
        const tracks = this._wavRecorder.stream?.getTracks()[0];
        return {
            local: tracks ? {
                audio: tracks
            } : {}
        };
    }
    async _startRecording() {
        await this._wavRecorder.record((data)=>{
            this._userAudioCallback?.(data.mono);
        }, this._recorderChunkSize);
        const track = this._wavRecorder.stream?.getAudioTracks()[0];
        if (track) this._callbacks.onTrackStarted?.(track, $daa89bdc6099638f$var$localParticipant());
    }
    _handleAvailableDevicesUpdated(devices) {
        this._callbacks.onAvailableCamsUpdated?.(devices.filter((d)=>d.kind === "videoinput"));
        this._callbacks.onAvailableMicsUpdated?.(devices.filter((d)=>d.kind === "audioinput"));
        // if the current device went away or we're using the default and
        // the default changed, reset the mic.
        const defaultDevice = devices.find((d)=>d.deviceId === "default");
        const currentDevice = this._wavRecorder.deviceSelection;
        if (currentDevice && (!devices.some((d)=>d.deviceId === currentDevice.deviceId) || currentDevice.deviceId === "default" && currentDevice.label !== defaultDevice?.label)) this.updateMic("");
    }
    _handleDeviceError({ devices: devices, type: type, error: error }) {
        const deviceError = new (0, $bEt41$DeviceError)(devices, type, error?.message, error ? {
            sourceError: error
        } : undefined);
        this._callbacks.onDeviceError?.(deviceError);
    }
}
const $daa89bdc6099638f$var$localParticipant = ()=>{
    return {
        id: "local",
        name: "",
        local: true
    };
};






class $0817f76e57abfe7a$export$c95c65abc5f47125 extends (0, $daa89bdc6099638f$export$4a0c46dbbe2ddb67) {
    constructor(enablePlayer = true, enableRecording = true, onTrackStartedCallback, onTrackStoppedCallback, recorderChunkSize, recorderSampleRate = 24000, playerSampleRate = 24000){
        super();
        this._selectedCam = {};
        this._selectedMic = {};
        this._selectedSpeaker = {};
        this._remoteAudioLevelInterval = null;
        this._recorderChunkSize = undefined;
        this._initialized = false;
        this._connected = false;
        this._currentAudioTrack = null;
        this._connectResolve = null;
        this.onTrackStartedCallback = onTrackStartedCallback;
        this.onTrackStoppedCallback = onTrackStoppedCallback;
        this._recorderChunkSize = recorderChunkSize;
        this._supportsScreenShare = true;
        this._daily = (0, $bEt41$dailycodailyjs).getCallInstance() ?? (0, $bEt41$dailycodailyjs).createCallObject();
        if (enableRecording) this._mediaStreamRecorder = new (0, $4223416b99b33991$export$2934cf2d25c67a48)({
            sampleRate: recorderSampleRate
        });
        if (enablePlayer) this._wavStreamPlayer = new (0, $17ba052b4c7c2439$export$9698d62c78b8f366)({
            sampleRate: playerSampleRate
        });
        this._daily.on("track-started", this.handleTrackStarted.bind(this));
        this._daily.on("track-stopped", this.handleTrackStopped.bind(this));
        this._daily.on("available-devices-updated", this._handleAvailableDevicesUpdated.bind(this));
        this._daily.on("selected-devices-updated", this._handleSelectedDevicesUpdated.bind(this));
        this._daily.on("camera-error", this.handleDeviceError.bind(this));
        this._daily.on("local-audio-level", this._handleLocalAudioLevel.bind(this));
    }
    async initialize() {
        if (this._initialized) {
            console.warn("DailyMediaManager already initialized");
            return;
        }
        const infos = await this._daily.startCamera({
            startVideoOff: !this._camEnabled,
            startAudioOff: !this._micEnabled,
            dailyConfig: {
                useDevicePreferenceCookies: true
            }
        });
        const { devices: devices } = await this._daily.enumerateDevices();
        const cams = devices.filter((d)=>d.kind === "videoinput");
        const mics = devices.filter((d)=>d.kind === "audioinput");
        const speakers = devices.filter((d)=>d.kind === "audiooutput");
        this._callbacks.onAvailableCamsUpdated?.(cams);
        this._callbacks.onAvailableMicsUpdated?.(mics);
        this._callbacks.onAvailableSpeakersUpdated?.(speakers);
        this._selectedCam = infos.camera;
        this._callbacks.onCamUpdated?.(infos.camera);
        this._selectedMic = infos.mic;
        this._callbacks.onMicUpdated?.(infos.mic);
        this._selectedSpeaker = infos.speaker;
        this._callbacks.onSpeakerUpdated?.(infos.speaker);
        // Instantiate audio observers
        if (!this._daily.isLocalAudioLevelObserverRunning()) await this._daily.startLocalAudioLevelObserver(100);
        if (this._wavStreamPlayer) {
            await this._wavStreamPlayer.connect();
            if (!this._remoteAudioLevelInterval) this._remoteAudioLevelInterval = setInterval(()=>{
                const frequencies = this._wavStreamPlayer.getFrequencies();
                let aveVal = 0;
                if (frequencies.values?.length) aveVal = frequencies.values.reduce((a, c)=>a + c, 0) / frequencies.values.length;
                this._handleRemoteAudioLevel(aveVal);
            }, 100);
        }
        this._initialized = true;
    }
    async connect() {
        if (this._connected) {
            console.warn("DailyMediaManager already connected");
            return;
        }
        this._connected = true;
        if (!this._initialized) return new Promise((resolve)=>{
            (async ()=>{
                this._connectResolve = resolve;
                await this.initialize();
                // Without a recorder, handleTrackStarted never fires to resolve this
                // promise, so resolve here once initialization is complete.
                if (this._connectResolve && !this._mediaStreamRecorder) {
                    this._connectResolve();
                    this._connectResolve = null;
                }
            })();
        });
        if (this._micEnabled) this._startRecording();
    }
    async disconnect() {
        if (this._remoteAudioLevelInterval) clearInterval(this._remoteAudioLevelInterval);
        this._remoteAudioLevelInterval = null;
        this._daily.leave();
        this._currentAudioTrack = null;
        await this._mediaStreamRecorder?.end();
        this._wavStreamPlayer?.interrupt();
        this._initialized = false;
        this._connected = false;
    }
    async userStartedSpeaking() {
        return this._wavStreamPlayer?.interrupt();
    }
    bufferBotAudio(data, id) {
        return this._wavStreamPlayer?.add16BitPCM(data, id);
    }
    async getAllMics() {
        let devices = (await this._daily.enumerateDevices()).devices;
        return devices.filter((device)=>device.kind === "audioinput");
    }
    async getAllCams() {
        let devices = (await this._daily.enumerateDevices()).devices;
        return devices.filter((device)=>device.kind === "videoinput");
    }
    async getAllSpeakers() {
        let devices = (await this._daily.enumerateDevices()).devices;
        return devices.filter((device)=>device.kind === "audiooutput");
    }
    updateMic(micId) {
        this._daily.setInputDevicesAsync({
            audioDeviceId: micId
        }).then((deviceInfo)=>{
            this._selectedMic = deviceInfo.mic;
        });
    }
    updateCam(camId) {
        this._daily.setInputDevicesAsync({
            videoDeviceId: camId
        }).then((deviceInfo)=>{
            this._selectedCam = deviceInfo.camera;
        });
    }
    async updateSpeaker(speakerId) {
        if (!this._wavStreamPlayer) {
            try {
                const dInfo = await this._daily.setOutputDeviceAsync({
                    outputDeviceId: speakerId
                });
                this._selectedSpeaker = dInfo.speaker;
                this._callbacks.onSpeakerUpdated?.(this._selectedSpeaker);
            } catch (e) {
                console.error("Error setting output device", e);
            }
            return;
        }
        if (speakerId !== "default" && this._selectedSpeaker.deviceId === speakerId) return;
        let sID = speakerId;
        if (sID === "default") {
            const speakers = await this.getAllSpeakers();
            const defaultSpeaker = speakers.find((s)=>s.deviceId === "default");
            if (!defaultSpeaker) {
                console.warn("No default speaker found");
                return;
            }
            speakers.splice(speakers.indexOf(defaultSpeaker), 1);
            const defaultSpeakerCp = speakers.find((s)=>defaultSpeaker.label.includes(s.label));
            sID = defaultSpeakerCp?.deviceId ?? speakerId;
        }
        this._wavStreamPlayer?.updateSpeaker(sID).then(()=>{
            this._selectedSpeaker = {
                deviceId: speakerId
            };
            this._callbacks.onSpeakerUpdated?.(this._selectedSpeaker);
        });
    }
    get selectedMic() {
        return this._selectedMic;
    }
    get selectedCam() {
        return this._selectedCam;
    }
    get selectedSpeaker() {
        return this._selectedSpeaker;
    }
    async enableMic(enable) {
        this._micEnabled = enable;
        if (!this._daily.participants()?.local) return;
        this._daily.setLocalAudio(enable);
        if (this._mediaStreamRecorder) {
            if (enable) {
                if (this._mediaStreamRecorder.getStatus() === "paused") this._startRecording();
                 // else, we'll record on the track-started event
            } else if (this._mediaStreamRecorder.getStatus() === "recording") this._mediaStreamRecorder.pause();
        }
    }
    enableCam(enable) {
        this._camEnabled = enable;
        this._daily.setLocalVideo(enable);
    }
    enableScreenShare(enable) {
        if (enable) this._daily.startScreenShare();
        else this._daily.stopScreenShare();
    }
    // NOTE: deliberately not `this._daily.localVideo()` / `localAudio()`. Daily
    // fires 'track-started'/'track-stopped' *before* it commits the new state
    // to the participant object those getters read from (see daily-js's
    // DAILY_EVENT_PARTICIPANT_UPDATED handling: maybeEventTrackStopped/Started
    // run, then `this._participants[id]` is reassigned). Callers that react to
    // TrackStarted/TrackStopped by reading isCamEnabled/isMicEnabled — e.g. to
    // resync UI state — would otherwise always observe the pre-toggle value.
    // _camEnabled/_micEnabled are updated synchronously in
    // handleTrackStarted/handleTrackStopped below, before those callbacks fire.
    get isCamEnabled() {
        return this._camEnabled;
    }
    get isMicEnabled() {
        return this._micEnabled;
    }
    get isSharingScreen() {
        return this._daily.localScreenAudio() || this._daily.localScreenVideo();
    }
    tracks() {
        const participants = this._daily.participants();
        return {
            local: {
                audio: participants?.local?.tracks?.audio?.persistentTrack,
                screenAudio: participants?.local?.tracks?.screenAudio?.persistentTrack,
                screenVideo: participants?.local?.tracks?.screenVideo?.persistentTrack,
                video: participants?.local?.tracks?.video?.persistentTrack
            }
        };
    }
    _startRecording() {
        if (!this._connected || !this._mediaStreamRecorder) return;
        try {
            this._mediaStreamRecorder.record((data)=>{
                this._userAudioCallback(data.mono);
            }, this._recorderChunkSize);
        } catch (e) {
            const err = e;
            if (!err.message.includes("Already recording")) console.error("Error starting recording", e);
        }
    }
    _handleAvailableDevicesUpdated(event) {
        this._callbacks.onAvailableCamsUpdated?.(event.availableDevices.filter((d)=>d.kind === "videoinput"));
        this._callbacks.onAvailableMicsUpdated?.(event.availableDevices.filter((d)=>d.kind === "audioinput"));
        this._callbacks.onAvailableSpeakersUpdated?.(event.availableDevices.filter((d)=>d.kind === "audiooutput"));
        if (this._selectedSpeaker.deviceId === "default") this.updateSpeaker("default");
    }
    _handleSelectedDevicesUpdated(event) {
        if (this._selectedCam?.deviceId !== event.devices.camera) {
            this._selectedCam = event.devices.camera;
            this._callbacks.onCamUpdated?.(event.devices.camera);
        }
        if (this._selectedMic?.deviceId !== event.devices.mic) {
            this._selectedMic = event.devices.mic;
            this._callbacks.onMicUpdated?.(event.devices.mic);
        }
    }
    handleDeviceError(ev) {
        const generateDeviceError = (error)=>{
            const devices = [];
            switch(error.type){
                case "permissions":
                    error.blockedMedia.forEach((d)=>{
                        devices.push(d === "video" ? "cam" : "mic");
                    });
                    return new (0, $bEt41$DeviceError)(devices, error.type, error.msg, {
                        blockedBy: error.blockedBy
                    });
                case "not-found":
                    error.missingMedia.forEach((d)=>{
                        devices.push(d === "video" ? "cam" : "mic");
                    });
                    return new (0, $bEt41$DeviceError)(devices, error.type, error.msg);
                case "constraints":
                    error.failedMedia.forEach((d)=>{
                        devices.push(d === "video" ? "cam" : "mic");
                    });
                    return new (0, $bEt41$DeviceError)(devices, error.type, error.msg, {
                        reason: error.reason
                    });
                case "cam-in-use":
                    devices.push("cam");
                    return new (0, $bEt41$DeviceError)(devices, "in-use", error.msg);
                case "mic-in-use":
                    devices.push("mic");
                    return new (0, $bEt41$DeviceError)(devices, "in-use", error.msg);
                case "cam-mic-in-use":
                    devices.push("cam");
                    devices.push("mic");
                    return new (0, $bEt41$DeviceError)(devices, "in-use", error.msg);
                case "undefined-mediadevices":
                case "unknown":
                default:
                    devices.push("cam");
                    devices.push("mic");
                    return new (0, $bEt41$DeviceError)(devices, error.type, error.msg);
            }
        };
        const deviceError = generateDeviceError(ev.error);
        // enableMic()/enableCam() set _micEnabled/_camEnabled optimistically,
        // but setLocalAudio()/setLocalVideo() are fire-and-forget — no promise,
        // no synchronous failure signal — so a failed request (blocked
        // permission, device in use, etc.) leaves that optimistic value wrong
        // with nothing to correct it: no track-started/stopped ever fires for
        // an operation that didn't actually take effect. This is the only
        // signal we get that the request failed, so resync from Daily's actual
        // state for whichever device(s) it implicates.
        if (deviceError.devices.includes("mic")) this._micEnabled = this._daily.localAudio();
        if (deviceError.devices.includes("cam")) this._camEnabled = this._daily.localVideo();
        this._callbacks.onDeviceError?.(deviceError);
    }
    _handleLocalAudioLevel(ev) {
        this._callbacks.onLocalAudioLevel?.(ev.audioLevel);
    }
    _handleRemoteAudioLevel(audioLevel) {
        this._callbacks.onRemoteAudioLevel?.(audioLevel, $0817f76e57abfe7a$var$botParticipant());
    }
    async handleTrackStarted(event) {
        if (!event.participant?.local) return;
        if (event.track.kind === "audio") {
            this._micEnabled = true;
            if (this._mediaStreamRecorder) {
                const status = this._mediaStreamRecorder.getStatus();
                switch(status){
                    case "ended":
                        try {
                            await this._mediaStreamRecorder.begin(event.track);
                            if (this._connected) {
                                this._startRecording();
                                if (this._connectResolve) {
                                    this._connectResolve();
                                    this._connectResolve = null;
                                }
                            }
                        } catch (e) {
                        // void. nothing to do.
                        }
                        break;
                    case "paused":
                        this._startRecording();
                        break;
                    case "recording":
                    default:
                        if (this._currentAudioTrack !== event.track) {
                            await this._mediaStreamRecorder.end();
                            try {
                                await this._mediaStreamRecorder.begin(event.track);
                                this._startRecording();
                            } catch (e) {
                            // void. nothing to do.
                            }
                        } else console.warn("track-started event received for current track and already recording");
                        break;
                }
            }
            this._currentAudioTrack = event.track;
        } else if (event.track.kind === "video") this._camEnabled = true;
        this._callbacks.onTrackStarted?.(event.track, event.participant ? $0817f76e57abfe7a$var$dailyParticipantToParticipant(event.participant) : undefined);
        this.onTrackStartedCallback?.(event);
    }
    handleTrackStopped(event) {
        if (!event.participant?.local) return;
        if (event.track.kind === "audio") {
            this._micEnabled = false;
            if (this._mediaStreamRecorder && this._mediaStreamRecorder.getStatus() === "recording") this._mediaStreamRecorder.pause();
        } else if (event.track.kind === "video") this._camEnabled = false;
        this._callbacks.onTrackStopped?.(event.track, event.participant ? $0817f76e57abfe7a$var$dailyParticipantToParticipant(event.participant) : undefined);
        this.onTrackStoppedCallback?.(event);
    }
}
const $0817f76e57abfe7a$var$dailyParticipantToParticipant = (p)=>({
        id: p.user_id,
        local: p.local,
        name: p.user_name
    });
const $0817f76e57abfe7a$var$botParticipant = ()=>({
        id: "bot",
        local: false,
        name: "Bot"
    });



const $2f600f73c421a514$var$readyStates = [
    "CONNECTING",
    "OPEN",
    "CLOSING",
    "CLOSED"
];
const $2f600f73c421a514$var$KEEP_ALIVE_INTERVAL = 5000;
const $2f600f73c421a514$var$KEEP_ALIVE_TIMEOUT = 15000;
// client side code in soupSFU has a timeout of 15 seconds for command response
// 5 seconds seems reasonable that it provides roughly 3 retry attempts
const $2f600f73c421a514$var$WEBSOCKET_CONNECTION_TIMEOUT = 150000;
const $2f600f73c421a514$var$DEFAULT_RECONNECT_ATTEMPTS = 2;
const $2f600f73c421a514$var$MAX_RECONNECT_ATTEMPTS = 10;
const $2f600f73c421a514$var$DEFAULT_RECONNECT_INTERVAL = 1000;
const $2f600f73c421a514$var$MAX_RECONNECT_INTERVAL = 30000;
const $2f600f73c421a514$var$DEFAULT_RECONNECT_DECAY = 1.5;
const $2f600f73c421a514$var$WEBSOCKET_TIMEOUT_CODE = 4100;
const $2f600f73c421a514$var$SIG_CONNECTION_CANCELED = "SIG_CONNECTION_CANCELED";
const $2f600f73c421a514$var$WEBSOCKET_ERROR = "WEBSOCKET_ERROR";
var $2f600f73c421a514$var$LOG_LEVEL;
(function(LOG_LEVEL) {
    LOG_LEVEL[LOG_LEVEL["DEBUG"] = 0] = "DEBUG";
    LOG_LEVEL[LOG_LEVEL["ERROR"] = 1] = "ERROR";
    LOG_LEVEL[LOG_LEVEL["INFO"] = 2] = "INFO";
    LOG_LEVEL[LOG_LEVEL["WARN"] = 3] = "WARN";
})($2f600f73c421a514$var$LOG_LEVEL || ($2f600f73c421a514$var$LOG_LEVEL = {}));
class $2f600f73c421a514$var$rWebSocket {
    constructor(url, protocols){
        this._closedManually = false;
        this._errored = false;
        this._rejected = false;
        this._timed_out = false;
        this._initialConnectionOk = false;
        this._ws = new WebSocket(url, protocols);
    }
    addEventListener(type, listener) {
        this._ws.addEventListener(type, listener);
    }
    // Add other WebSocket methods as needed
    close(code, reason) {
        this._ws.close(code, reason);
    }
    send(data) {
        this._ws.send(data);
    }
    // Add getters for WebSocket properties
    get url() {
        return this._ws.url;
    }
    get readyState() {
        return this._ws.readyState;
    }
}
class $2f600f73c421a514$export$4f3d0ffd941ebefb extends (0, $bEt41$EventEmitter) {
    constructor(address, protocols, options = {}){
        super();
        if (!address) throw new Error("Need a valid WebSocket URL");
        this._ws = null;
        this._url = address;
        this._protocols = protocols;
        this._parseBlobToJson = options?.parseBlobToJson ?? true;
        this.init();
    }
    init() {
        this._keepAliveTimeout = $2f600f73c421a514$var$KEEP_ALIVE_TIMEOUT;
        this._keepAliveInterval = $2f600f73c421a514$var$KEEP_ALIVE_INTERVAL;
        this._disconnected = false;
        this._keepIntervalID = null;
        this._shouldRetryFn = null;
        this._connectionTimeout = $2f600f73c421a514$var$WEBSOCKET_CONNECTION_TIMEOUT;
        this._reconnectAttempts = 0;
        this._allowedReconnectAttempts = $2f600f73c421a514$var$DEFAULT_RECONNECT_ATTEMPTS;
        this._reconnectInterval = $2f600f73c421a514$var$DEFAULT_RECONNECT_INTERVAL;
        this._maxReconnectInterval = $2f600f73c421a514$var$MAX_RECONNECT_INTERVAL;
        this._reconnectDecay = $2f600f73c421a514$var$DEFAULT_RECONNECT_DECAY;
    }
    async connect() {
        return new Promise((resolve, reject)=>{
            this._disconnected = false;
            this.clearReconnectTimeout();
            let ws = new $2f600f73c421a514$var$rWebSocket(this._url, this._protocols);
            this.setConnectionTimeout();
            ws.addEventListener("close", (evt)=>{
                const closeEvent = evt;
                let code = ws._timed_out ? $2f600f73c421a514$var$WEBSOCKET_TIMEOUT_CODE : closeEvent.code;
                let reason = ws._timed_out ? "websocket connection timed out" : closeEvent.reason;
                ws._timed_out = false;
                if (!ws._closedManually && ws._initialConnectionOk) {
                    console.warn(`signaling socket closed unexpectedly: ${code}${reason ? " " + reason : ""}`);
                    this._closeSocket();
                    this.emit("close", code, reason);
                } else this.log("signaling socket closed");
                if (!ws._closedManually && (ws._errored || ws._timed_out)) {
                    console.warn(`signaling socket closed on error: ${code}${reason ? " " + reason : ""}`);
                    if (!ws._rejected) {
                        ws._rejected = true;
                        const err = new Error(`WebSocket connection error (${code}): ${reason}`);
                        err.name = $2f600f73c421a514$var$WEBSOCKET_ERROR;
                        reject(err);
                    }
                }
            });
            ws.addEventListener("open", (evt)=>{
                this.log("wss connection opened to", $2f600f73c421a514$var$LOG_LEVEL.DEBUG, this._url);
                this.clearConnectionTimeout();
                // now that the timeout closes the socket, in theory this onopen
                // callback should never happen in the first place, but seems
                // harmless to leave these safeguards in
                if (ws._rejected || ws._timed_out) return;
                if (ws._closedManually || this._ws && this._ws !== ws) {
                    ws._rejected = true;
                    ws.close();
                    let err = Error("wss connection interrupted by disconnect or newer connection");
                    err.name = $2f600f73c421a514$var$SIG_CONNECTION_CANCELED;
                    reject(err);
                    return;
                }
                ws._initialConnectionOk = this._url;
                this._lastMsgRecvTime = Date.now();
                if (this._keepAliveInterval) this._keepIntervalID = setInterval(()=>this.checkSocketHealthAndSendKeepAlive(), this._keepAliveInterval);
                this._ws = ws;
                this.emit("open");
                resolve(ws);
            });
            ws.addEventListener("error", (evt)=>{
                // fyi: evt is an Event here, with 0 amount of helpful info. If there
                //   happens to be info about the error, it's included in the
                //   accompanying close event (because that make sense. shakes head)
                //   SO. We do not reject here. Instead, we just set the _errored
                //   flag on the socket so when the close event occurs, it knows to
                //   reject the promise
                if (!ws._closedManually) {
                    const wsTarget = evt.currentTarget;
                    this.log(`websocket error event: ${wsTarget?.url}`);
                }
                ws._errored = true;
            });
            ws.addEventListener("message", (msg)=>{
                this._handleMessage(msg);
            });
        });
    }
    setConnectionTimeout() {
        this._connectionTimeoutID = setTimeout(async ()=>{
            this.log("Connection reconnect attempt timed out.");
            this.emit("connection-timeout");
            this.clearConnectionTimeout();
            await this._closeSocket();
        }, this._connectionTimeout);
    }
    clearConnectionTimeout() {
        clearTimeout(this._connectionTimeoutID);
        this._connectionTimeoutID = undefined;
    }
    clearReconnectTimeout() {
        clearTimeout(this._reconnectTimeoutID);
        this._reconnectTimeoutID = undefined;
    }
    clearKeepAliveInterval() {
        if (this._keepIntervalID) {
            clearInterval(this._keepIntervalID);
            this._keepIntervalID = null;
        }
    }
    async checkSocketHealthAndSendKeepAlive() {
        if (!(this._ws && this._ws.readyState === WebSocket.OPEN)) return;
        if (!this._keepAliveTimeout || !this._keepAliveInterval) return;
        // See if we haven't gotten a message back recently, and if we
        // haven't, close the socket. the os timeouts to detect if a socket
        // has gone stale are longer than we want.
        if (Date.now() - this._lastMsgRecvTime > this._keepAliveTimeout) {
            this.log("Connection is stale, need to reconnect", $2f600f73c421a514$var$LOG_LEVEL.WARN);
            await this._closeSocket();
            return;
        }
        // Only emit the keep-alive event if we haven't sent anything else recently
        if (Date.now() - this._lastMsgSendTime < this._keepAliveInterval) return;
        this.log("Emitting keep-alive", $2f600f73c421a514$var$LOG_LEVEL.DEBUG);
        this.emit("keep-alive");
    }
    // We use the word manually here to imply the application using this code
    // or this code itself will decide to close the socket.
    async _closeSocket() {
        this.log("Closing");
        try {
            this.clearKeepAliveInterval();
            this._lastMsgRecvTime = 0;
            if (this._ws) {
                this._ws._closedManually = true;
                this._ws.close();
            }
            // query retry function if we want to retry.
            const shouldRetry = this._ws?._initialConnectionOk && this._shouldRetryFn && this._shouldRetryFn();
            this._ws = null;
            if (shouldRetry) {
                this.log("Emitting reconnect", $2f600f73c421a514$var$LOG_LEVEL.DEBUG);
                this.emit("reconnecting");
                await this.retryFailedConnection();
            }
        } catch (error) {
            this.log(`Error while closing and retrying: ${error}`, $2f600f73c421a514$var$LOG_LEVEL.ERROR);
        }
    }
    async retryFailedConnection() {
        if (this._reconnectAttempts < this._allowedReconnectAttempts) {
            if (this._reconnectTimeoutID) {
                this.log("Retry already scheduled");
                return;
            }
            this.log("Retrying failed connection");
            let timeout = // The timeout logic is taken from
            // https://github.com/joewalnes/reconnecting-websocket
            this._reconnectInterval * Math.pow(this._reconnectDecay, this._reconnectAttempts);
            timeout = timeout > this._maxReconnectInterval ? this._maxReconnectInterval : timeout;
            this.log(`Reconnecting in ${timeout / 1000} seconds`);
            this._reconnectAttempts += 1;
            this._reconnectTimeoutID = setTimeout(()=>this.connect(), timeout);
        } else {
            this.log("Maximum connection retry attempts exceeded", $2f600f73c421a514$var$LOG_LEVEL.ERROR);
            this.emit("reconnect-failed");
        }
    }
    log(msg, log_level = $2f600f73c421a514$var$LOG_LEVEL.DEBUG, ...args) {
        switch(log_level){
            case $2f600f73c421a514$var$LOG_LEVEL.DEBUG:
                console.debug(`websocket: ${msg}`, ...args);
                break;
            case $2f600f73c421a514$var$LOG_LEVEL.ERROR:
                console.error(`websocket: ${msg}`, ...args);
                break;
            case $2f600f73c421a514$var$LOG_LEVEL.WARN:
                console.warn(`websocket: ${msg}`, ...args);
                break;
            case $2f600f73c421a514$var$LOG_LEVEL.INFO:
            default:
                console.log(`websocket: ${msg}`, ...args);
                break;
        }
    }
    async send(data) {
        try {
            if (this._ws && this._ws.readyState === WebSocket.OPEN) {
                this._lastMsgSendTime = Date.now();
                this._ws.send(data);
            } else this.log(`Failed to send data, web socket not open.`, $2f600f73c421a514$var$LOG_LEVEL.ERROR);
        } catch (error) {
            this.log(`Failed to send data. ${error}`, $2f600f73c421a514$var$LOG_LEVEL.ERROR);
        }
    }
    async close() {
        try {
            this.log("Closing websocket");
            this._disconnected = true;
            this.clearReconnectTimeout();
            this._closeSocket();
        } catch (error) {
            this.log(`Failed to close websocket. ${error}`);
        }
    }
    get readyState() {
        return this._ws?.readyState ?? WebSocket.CLOSED;
    }
    get url() {
        return this._url;
    }
    get keepAliveTimeout() {
        return this._keepAliveTimeout;
    }
    set keepAliveTimeout(keepAliveTimeout) {
        if (typeof keepAliveTimeout === "number") {
            this.log(`Setting ACK freshness timeout to ${keepAliveTimeout}`);
            this._keepAliveTimeout = keepAliveTimeout;
        }
    }
    get keepAliveInterval() {
        return this._keepAliveInterval;
    }
    set keepAliveInterval(keepAliveInterval) {
        if (typeof keepAliveInterval === "number") {
            this.log(`Setting keep-alive interval to ${keepAliveInterval}`);
            this._keepAliveInterval = keepAliveInterval;
        }
    }
    set shouldRetryFn(cb) {
        if (typeof cb === "function") this._shouldRetryFn = cb;
    }
    get connectionTimeout() {
        return this._connectionTimeout;
    }
    set connectionTimeout(timeout) {
        if (typeof timeout === "number") this._connectionTimeout = timeout;
    }
    get maxReconnectAttempts() {
        return this._allowedReconnectAttempts;
    }
    set maxReconnectAttempts(attempts) {
        if (attempts > 0 && attempts < $2f600f73c421a514$var$MAX_RECONNECT_ATTEMPTS) {
            this.log(`Setting maximum connection retry attempts to ${attempts}`);
            this._allowedReconnectAttempts = attempts;
        } else this._allowedReconnectAttempts = $2f600f73c421a514$var$DEFAULT_RECONNECT_ATTEMPTS;
    }
    get reconnectInterval() {
        return this._reconnectInterval;
    }
    set reconnectInterval(interval) {
        if (typeof interval === "number") this._reconnectInterval = interval < this._maxReconnectInterval ? interval : this._maxReconnectInterval;
    }
    async _handleMessage(event) {
        this._lastMsgRecvTime = Date.now();
        const data = event.data;
        const _parsePromise = new Promise((resolve, reject)=>{
            if (typeof data === "string") // Handle text message
            resolve(data);
            else if (data instanceof ArrayBuffer) {
                // Handle binary message
                const arrayBuffer = data;
                // Parse the ArrayBuffer as needed
                // Example: Convert ArrayBuffer to Uint8Array
                resolve(new Uint8Array(arrayBuffer));
            // Process the Uint8Array as needed
            } else if (data instanceof Blob) {
                if (!this._parseBlobToJson) {
                    resolve(data);
                    return;
                }
                // Handle Blob message
                const blob = data;
                // Convert Blob to ArrayBuffer
                const reader = new FileReader();
                reader.onload = ()=>{
                    const text = reader.result;
                    try {
                        const json = JSON.parse(text);
                        resolve(json);
                    } catch (e) {
                        console.error("Failed to parse JSON from Blob:", e);
                    }
                };
                reader.readAsText(blob);
            }
        });
        let msg = await _parsePromise;
        this.emit("message", msg);
    }
}
[
    "binaryType",
    "bufferedAmount",
    "extensions",
    "protocol",
    "readyState",
    "url",
    "keepAliveTimeout",
    "keepAliveInterval",
    "shouldRetryFn",
    "connectionTimeout",
    "maxReconnectAttempts",
    "reconnectInterval"
].forEach((property)=>{
    Object.defineProperty($2f600f73c421a514$export$4f3d0ffd941ebefb.prototype, property, {
        enumerable: true
    });
});
[
    "CONNECTING",
    "OPEN",
    "CLOSING",
    "CLOSED"
].forEach((property)=>{
    Object.defineProperty($2f600f73c421a514$export$4f3d0ffd941ebefb.prototype, property, {
        enumerable: true,
        value: $2f600f73c421a514$var$readyStates.indexOf(property)
    });
});
[
    "CONNECTING",
    "OPEN",
    "CLOSING",
    "CLOSED"
].forEach((property)=>{
    Object.defineProperty($2f600f73c421a514$export$4f3d0ffd941ebefb, property, {
        enumerable: true,
        value: $2f600f73c421a514$var$readyStates.indexOf(property)
    });
});





var $f424abce94945317$exports = {};

$parcel$export($f424abce94945317$exports, "SmallWebRTCTransport", () => $f424abce94945317$export$62043589d053a879);



class $f424abce94945317$var$TrackStatusMessage {
    constructor(receiver_index, enabled){
        this.type = "trackStatus";
        this.receiver_index = receiver_index;
        this.enabled = enabled;
    }
}
class $f424abce94945317$var$WebRTCTrack {
    constructor(track){
        this.track = track;
        this.status = "new";
    }
}
const $f424abce94945317$var$RENEGOTIATE_TYPE = "renegotiate";
class $f424abce94945317$var$RenegotiateMessage {
    constructor(){
        this.type = $f424abce94945317$var$RENEGOTIATE_TYPE;
    }
}
const $f424abce94945317$var$PEER_LEFT_TYPE = "peerLeft";
class $f424abce94945317$var$PeerLeftMessageMessage {
    constructor(){
        this.type = $f424abce94945317$var$PEER_LEFT_TYPE;
    }
}
// Interface for the structure of the signalling message
const $f424abce94945317$var$SIGNALLING_TYPE = "signalling";
class $f424abce94945317$var$SignallingMessageObject {
    constructor(message){
        this.type = $f424abce94945317$var$SIGNALLING_TYPE;
        this.message = message;
    }
}
// A 4xx means the server refused this offer; re-sending it can't succeed.
const $f424abce94945317$var$isOfferRefused = (e)=>typeof Response !== "undefined" && e instanceof Response && e.status >= 400 && e.status < 500;
const $f424abce94945317$var$AUDIO_TRANSCEIVER_INDEX = 0;
const $f424abce94945317$var$VIDEO_TRANSCEIVER_INDEX = 1;
const $f424abce94945317$var$SCREEN_VIDEO_TRANSCEIVER_INDEX = 2;
class $f424abce94945317$export$62043589d053a879 extends (0, $bEt41$Transport) {
    constructor(opts = {}){
        super();
        this._webrtcRequest = null;
        // Trigger when the peer connection is finally ready or in case it has failed all the attempts to connect
        this._connectResolved = null;
        this._connectFailed = null;
        this.pc = null;
        this.dc = null;
        this.audioCodec = null;
        this.videoCodec = null;
        this.pc_id = null;
        this.offerUrlTemplate = null;
        this.reconnectionAttempts = 0;
        this.maxReconnectionAttempts = 3;
        this.isReconnecting = false;
        this.keepAliveInterval = null;
        this._iceServers = [];
        this._incomingTracks = new Map();
        this._canSendIceCandidates = false;
        this._candidateQueue = [];
        this.__flushTimeout = null;
        this._flushDelay = 200;
        this._lastNegotiationError = null;
        this._iceServers = opts.iceServers ?? [];
        this._waitForICEGathering = opts.waitForICEGathering ?? false;
        this.audioCodec = opts.audioCodec ?? null;
        this.videoCodec = opts.videoCodec ?? null;
        this.offerUrlTemplate = opts.offerUrlTemplate ?? null;
        this._webrtcRequest = this._resolveRequestInfo(opts);
        this.mediaManager = opts.mediaManager || new (0, $0817f76e57abfe7a$export$c95c65abc5f47125)(false, false, async (event)=>{
            if (!this.pc) return;
            if (event.type == "audio") {
                (0, $bEt41$logger).info("SmallWebRTCMediaManager replacing audio track");
                await this.getAudioTransceiver().sender.replaceTrack(event.track);
            } else if (event.type == "video") {
                (0, $bEt41$logger).info("SmallWebRTCMediaManager replacing video track");
                await this.getVideoTransceiver().sender.replaceTrack(event.track);
            } else if (event.type == "screenVideo") {
                (0, $bEt41$logger).info("SmallWebRTCMediaManager replacing screen video track");
                await this.getScreenVideoTransceiver().sender.replaceTrack(event.track);
            } else if (event.type == "screenAudio") (0, $bEt41$logger).info("SmallWebRTCMediaManager does not yet support screen audio. Track is ignored.");
        }, (event)=>(0, $bEt41$logger).debug("SmallWebRTCMediaManager Track stopped:", event));
    }
    initialize(options, messageHandler) {
        this._options = options;
        this._callbacks = options.callbacks ?? {};
        this._onMessage = messageHandler;
        this.mediaManager.setClientOptions(options);
        this.state = "disconnected";
        (0, $bEt41$logger).debug("[RTVI Transport] Initialized");
    }
    async initDevices() {
        this.state = "initializing";
        await this.mediaManager.initialize();
        this.state = "initialized";
    }
    setAudioCodec(audioCodec) {
        this.audioCodec = audioCodec;
    }
    setVideoCodec(videoCodec) {
        this.videoCodec = videoCodec;
    }
    _resolveRequestInfo(params) {
        let requestInfo = null;
        const _webrtcUrl = params.webrtcUrl ?? params.connectionUrl ?? null;
        if (_webrtcUrl) {
            const key = params.webrtcUrl ? "webrtcUrl" : "connectionUrl";
            (0, $bEt41$logger).warn(`${key} is deprecated. Use webrtcRequestParams instead.`);
            if (params.webrtcRequestParams) (0, $bEt41$logger).warn(`Both ${key} and webrtcRequestParams provided. Using webrtcRequestParams.`);
            else if (typeof _webrtcUrl === "string") requestInfo = {
                endpoint: _webrtcUrl
            };
            else (0, $bEt41$logger).error(`Invalid ${key} provided in params. Ignoring.`);
        }
        if (params.webrtcRequestParams) {
            if ((0, $bEt41$isAPIRequest)(params.webrtcRequestParams)) // Override any previous request set in the constructor, do not try to merge
            requestInfo = params.webrtcRequestParams;
            else (0, $bEt41$logger).error(`Invalid webrtcRequestParams provided in params. Ignoring.`);
        }
        return requestInfo ?? this._webrtcRequest;
    }
    _getStartEndpointAsString() {
        const startEndpoint = this.startBotParams?.endpoint;
        switch(typeof startEndpoint){
            case "string":
                return startEndpoint;
            case "object":
                if (startEndpoint instanceof URL) return startEndpoint.toString();
                if (typeof Request !== "undefined" && startEndpoint instanceof Request) return startEndpoint.url;
        }
        return;
    }
    _isValidObject(value) {
        if (value === null || value === undefined) return false;
        if (typeof value !== "object") throw new (0, $bEt41$RTVIError)("Invalid connection parameters");
        return true;
    }
    _fixConnectionOptionsParams(params, supportedKeys) {
        const snakeToCamel = (snakeCaseString)=>{
            return snakeCaseString.replace(/_([a-z,A-Z])/g, (_, letter)=>letter.toUpperCase());
        };
        let result = {};
        let sessionId;
        for (const [key, val] of Object.entries(params)){
            const camelKey = snakeToCamel(key);
            if (camelKey === "sessionId") {
                sessionId = val;
                continue;
            }
            if (!supportedKeys.includes(camelKey)) {
                (0, $bEt41$logger).warn(`Unrecognized connection parameter: ${key}. Ignored.`);
                continue;
            }
            result[camelKey] = val;
        }
        if (sessionId && this._shouldUseStartBotFallback(result)) result.webrtcRequestParams = this._buildRequestParamsBasedOnStartBotParams(sessionId);
        return result;
    }
    _shouldUseStartBotFallback(options) {
        const hasStartEndpoint = !!this._getStartEndpointAsString();
        const hasNoConnectionParams = !options.webrtcUrl && !options.connectionUrl && !options.webrtcRequestParams;
        return hasStartEndpoint && hasNoConnectionParams;
    }
    _buildRequestParamsBasedOnStartBotParams(sessionId) {
        const startEndpoint = this._getStartEndpointAsString();
        const offerUrl = this.offerUrlTemplate ? this.offerUrlTemplate.replace(":sessionId", sessionId) : startEndpoint.replace("/start", `/sessions/${sessionId}/api/offer`);
        if (typeof Request !== "undefined" && this.startBotParams.endpoint instanceof Request) return {
            endpoint: new Request(offerUrl, this.startBotParams?.endpoint)
        };
        return {
            endpoint: offerUrl,
            headers: this.startBotParams.headers
        };
    }
    _validateConnectionParams(connectParams) {
        if (!this._isValidObject(connectParams)) return undefined;
        const params = connectParams;
        const supportedKeys = [
            "webrtcUrl",
            "connectionUrl",
            "webrtcRequestParams",
            "iceConfig"
        ];
        const fixedParams = this._fixConnectionOptionsParams(params, supportedKeys);
        const webrtcRequestParams = this._resolveRequestInfo(fixedParams);
        if (webrtcRequestParams) fixedParams.webrtcRequestParams = webrtcRequestParams;
        delete fixedParams.connectionUrl;
        delete fixedParams.webrtcUrl;
        if (Object.keys(fixedParams).length === 0) return undefined;
        return fixedParams;
    }
    async _connect(connectParams) {
        if (this._abortController?.signal.aborted) return;
        this.state = "connecting";
        if (connectParams?.iceConfig?.iceServers) this._iceServers = connectParams?.iceConfig?.iceServers;
        // Note: There is no need to validate the params here, as they were already
        //       validated and fixed in the parent class's connect() method (which calls
        //       _validateConnectionParams() and passes the result to _connect()).
        this._webrtcRequest = connectParams?.webrtcRequestParams ?? this._webrtcRequest;
        if (!this._webrtcRequest) {
            (0, $bEt41$logger).error("No request details provided for WebRTC connection");
            this.state = "error";
            throw new (0, $bEt41$TransportStartError)();
        }
        await this.mediaManager.connect();
        // Wired up before startNewPeerConnection() so a negotiation failure
        // during the very first attempt can reject this promise via stop(),
        // rather than racing to set these fields only after the call returns.
        const connected = new Promise((resolve, reject)=>{
            this._connectResolved = resolve;
            this._connectFailed = reject;
        });
        await this.startNewPeerConnection();
        if (this._abortController?.signal.aborted) return;
        if (this.dc?.readyState !== "open") // Wait until we are actually connected and the data channel is ready
        await connected;
        this.state = "connected";
        this._callbacks.onConnected?.();
        this._callbacks.onBotConnected?.($f424abce94945317$var$botParticipant(this.pc_id));
    }
    syncTrackStatus() {
        // Sending the current status from the tracks to Pipecat
        this.sendSignallingMessage(new $f424abce94945317$var$TrackStatusMessage($f424abce94945317$var$AUDIO_TRANSCEIVER_INDEX, this.mediaManager.isMicEnabled));
        this.sendSignallingMessage(new $f424abce94945317$var$TrackStatusMessage($f424abce94945317$var$VIDEO_TRANSCEIVER_INDEX, this.mediaManager.isCamEnabled));
        if (this.mediaManager.supportsScreenShare) this.sendSignallingMessage(new $f424abce94945317$var$TrackStatusMessage($f424abce94945317$var$SCREEN_VIDEO_TRANSCEIVER_INDEX, this.mediaManager.isSharingScreen && !!this.mediaManager.tracks().local.screenVideo));
    }
    sendReadyMessage() {
        this.state = "ready";
        // Sending message that the client is ready, just for testing
        //this.dc?.send(JSON.stringify({id: 'clientReady', label: 'rtvi-ai', type:'client-ready'}))
        this.sendMessage((0, $bEt41$RTVIMessage).clientReady());
    }
    sendMessage(message) {
        if (!this.dc || this.dc.readyState !== "open") {
            (0, $bEt41$logger).warn(`Datachannel is not ready. Message not sent: ${message}`);
            return;
        }
        // Note: This shouldn't happen since client-js should have already checked this
        if (!(0, $bEt41$messageSizeWithinLimit)(message, this._maxMessageSize)) throw new (0, $bEt41$MessageTooLargeError)("Message data too large. Max size is " + this._maxMessageSize);
        this.dc?.send(JSON.stringify(message));
    }
    sendSignallingMessage(message) {
        if (!this.dc || this.dc.readyState !== "open") {
            (0, $bEt41$logger).warn(`Datachannel is not ready. Message not sent: ${message}`);
            return;
        }
        const signallingMessage = new $f424abce94945317$var$SignallingMessageObject(message);
        this.dc?.send(JSON.stringify(signallingMessage));
    }
    async _disconnect() {
        this.state = "disconnecting";
        await this.stop();
        this.state = "disconnected";
    }
    createPeerConnection() {
        const config = {
            iceServers: this._iceServers
        };
        let pc = new RTCPeerConnection(config);
        pc.onicecandidate = async (event)=>{
            if (event.candidate) {
                (0, $bEt41$logger).debug("New ICE candidate:", event.candidate);
                await this.sendIceCandidate(event.candidate);
            } else (0, $bEt41$logger).info("All ICE candidates have been sent.");
        };
        pc.addEventListener("icegatheringstatechange", ()=>{
            if (pc.iceGatheringState === "complete" && pc.iceConnectionState === "checking" && this._waitForICEGathering) {
                (0, $bEt41$logger).info("Ice gathering completed and connection is still checking. Trying to reconnect.");
                // If ICE gathering has completed and the previous connection was still in the "checking" state,
                // we will reconnect to use all the new ICE candidates.
                this.attemptReconnection(false);
            }
        });
        pc.addEventListener("iceconnectionstatechange", ()=>this.handleICEConnectionStateChange());
        (0, $bEt41$logger).debug(`iceConnectionState: ${pc.iceConnectionState}`);
        pc.addEventListener("signalingstatechange", ()=>{
            if (pc !== this.pc) return;
            (0, $bEt41$logger).debug(`signalingState: ${pc.signalingState}`);
            if (pc.signalingState == "stable") this.handleReconnectionCompleted();
        });
        (0, $bEt41$logger).debug(`signalingState: ${pc.signalingState}`);
        pc.addEventListener("track", (evt)=>{
            const streamType = evt.transceiver ? evt.transceiver.mid === "0" ? "microphone" : evt.transceiver.mid === "1" ? "camera" : "screenVideo" : null;
            if (!streamType) {
                (0, $bEt41$logger).warn("Received track without transceiver mid", evt);
                return;
            }
            (0, $bEt41$logger).debug(`Received new remote track for ${streamType}`);
            this._incomingTracks.set(streamType, new $f424abce94945317$var$WebRTCTrack(evt.track));
            evt.track.addEventListener("unmute", ()=>{
                const t = this._incomingTracks.get(streamType);
                if (!t) return;
                (0, $bEt41$logger).debug(`Remote track unmuted: ${streamType}`);
                t.status = "unmuted";
                this._callbacks.onTrackStarted?.(evt.track);
            });
            evt.track.addEventListener("mute", ()=>{
                const t = this._incomingTracks.get(streamType);
                if (!t || t.status !== "unmuted") return;
                (0, $bEt41$logger).debug(`Remote track muted: ${streamType}`);
                t.status = "muted";
                this._callbacks.onTrackStopped?.(evt.track);
            });
            evt.track.addEventListener("ended", ()=>{
                (0, $bEt41$logger).debug(`Remote track ended: ${streamType}`);
                this._callbacks.onTrackStopped?.(evt.track);
                this._incomingTracks.delete(streamType);
            });
        });
        return pc;
    }
    handleICEConnectionStateChange() {
        if (!this.pc) return;
        (0, $bEt41$logger).debug(`ICE Connection State: ${this.pc.iceConnectionState}`);
        if (this.pc.iceConnectionState === "failed") {
            (0, $bEt41$logger).debug("ICE connection failed, attempting restart.");
            this.attemptReconnection(true);
        } else if (this.pc.iceConnectionState === "disconnected") // Waiting before trying to reconnect to see if it handles it automatically
        setTimeout(()=>{
            if (this.pc?.iceConnectionState === "disconnected") {
                (0, $bEt41$logger).debug("Still disconnected, attempting reconnection.");
                this.attemptReconnection(true);
            }
        }, 5000);
    }
    handleReconnectionCompleted() {
        this.reconnectionAttempts = 0;
        this.isReconnecting = false;
    }
    async attemptReconnection(recreatePeerConnection = false) {
        if (this._abortController?.signal.aborted) {
            (0, $bEt41$logger).debug("Transport disconnected, skipping reconnection.");
            return;
        }
        if (this.isReconnecting) {
            (0, $bEt41$logger).debug("Reconnection already in progress, skipping.");
            return;
        }
        if (this.reconnectionAttempts >= this.maxReconnectionAttempts) {
            (0, $bEt41$logger).debug("Max reconnection attempts reached. Stopping transport.");
            await this.stop(this.buildTransportStartError());
            return;
        }
        this.isReconnecting = true;
        this.reconnectionAttempts++;
        (0, $bEt41$logger).debug(`Reconnection attempt ${this.reconnectionAttempts}...`);
        // aiortc does not seem to work when just trying to restart the ice
        // so for this case we create a new peer connection on both sides
        try {
            if (recreatePeerConnection) {
                const oldPC = this.pc;
                await this.startNewPeerConnection(recreatePeerConnection);
                if (oldPC) {
                    (0, $bEt41$logger).debug("closing old peer connection");
                    this.closePeerConnection(oldPC);
                }
            } else await this.negotiate();
        } catch (e) {
            (0, $bEt41$logger).error(`Reconnection stopped: ${e}`);
        }
    }
    async waitForIceGatheringComplete(timeoutMs = 2000) {
        const pc = this.pc;
        if (pc.iceGatheringState === "complete") return;
        (0, $bEt41$logger).info("Waiting for ICE gathering to complete. Current state:", pc.iceGatheringState);
        return new Promise((resolve)=>{
            let timeoutId;
            const cleanup = ()=>{
                pc.removeEventListener("icegatheringstatechange", checkState);
                clearTimeout(timeoutId);
            };
            const checkState = ()=>{
                (0, $bEt41$logger).debug("icegatheringstatechange:", pc.iceGatheringState);
                if (pc.iceGatheringState === "complete") {
                    cleanup();
                    resolve();
                }
            };
            const onTimeout = ()=>{
                (0, $bEt41$logger).debug(`ICE gathering timed out after ${timeoutMs} ms.`);
                cleanup();
                resolve();
            };
            pc.addEventListener("icegatheringstatechange", checkState);
            timeoutId = setTimeout(onTimeout, timeoutMs);
            // Checking the state again to avoid race conditions
            checkState();
        });
    }
    async sendIceCandidate(candidate) {
        if (!this._webrtcRequest) {
            (0, $bEt41$logger).error("No request details provided for WebRTC connection");
            return;
        }
        this._candidateQueue.push(candidate);
        // We are sending all the ice candidates each 200ms
        if (!this.__flushTimeout) this.__flushTimeout = setTimeout(()=>this.flushIceCandidates(), this._flushDelay);
    }
    async flushIceCandidates() {
        this.__flushTimeout = null;
        if (!this._webrtcRequest || this._candidateQueue.length === 0 || !this._canSendIceCandidates) return;
        // Drain queue
        const candidates = this._candidateQueue.splice(0, this._candidateQueue.length);
        let headers;
        try {
            if (typeof Request !== "undefined" && this._webrtcRequest.endpoint instanceof Request) {
                console.log("Using Request object headers");
                headers = this._webrtcRequest.endpoint.headers;
            } else headers = new Headers({
                "Content-Type": "application/json",
                ...Object.fromEntries((this._webrtcRequest.headers ?? new Headers()).entries())
            });
            const payload = {
                pc_id: this.pc_id,
                candidates: candidates.map((c)=>({
                        candidate: c.candidate,
                        sdp_mid: c.sdpMid,
                        sdp_mline_index: c.sdpMLineIndex
                    }))
            };
            await fetch(this._webrtcRequest.endpoint, {
                method: "PATCH",
                headers: headers,
                body: JSON.stringify(payload)
            });
        } catch (e) {
            (0, $bEt41$logger).error(`Failed to send ICE candidate: ${e}`);
        }
    }
    async negotiate(recreatePeerConnection = false) {
        if (!this.pc) return Promise.reject("Peer connection is not initialized");
        if (!this._webrtcRequest) {
            (0, $bEt41$logger).error("No request details provided for WebRTC connection");
            this.state = "error";
            throw new (0, $bEt41$TransportStartError)();
        }
        try {
            // Create offer
            const offer = await this.pc.createOffer();
            await this.pc.setLocalDescription(offer);
            // Wait for ICE gathering to complete
            if (this._waitForICEGathering) await this.waitForIceGatheringComplete();
            let offerSdp = this.pc.localDescription;
            // Filter audio codec
            if (this.audioCodec && this.audioCodec !== "default") // @ts-ignore
            offerSdp.sdp = this.sdpFilterCodec("audio", this.audioCodec, offerSdp.sdp);
            // Filter video codec
            if (this.videoCodec && this.videoCodec !== "default") // @ts-ignore
            offerSdp.sdp = this.sdpFilterCodec("video", this.videoCodec, offerSdp.sdp);
            (0, $bEt41$logger).debug(`Will create offer for peerId: ${this.pc_id}`);
            // Send offer to server
            const requestData = {
                sdp: offerSdp.sdp,
                type: offerSdp.type,
                pc_id: this.pc_id,
                restart_pc: recreatePeerConnection
            };
            let request;
            if (typeof Request !== "undefined" && this._webrtcRequest.endpoint instanceof Request) request = {
                endpoint: new Request(this._webrtcRequest.endpoint, {
                    body: JSON.stringify(requestData)
                })
            };
            else {
                request = (0, $bEt41$lodashcloneDeep)(this._webrtcRequest);
                if (this._webrtcRequest.requestData) requestData.requestData = this._webrtcRequest.requestData;
                request.requestData = requestData;
            }
            const answer = await (0, $bEt41$makeRequest)(request);
            // @ts-ignore
            this.pc_id = answer.pc_id;
            // @ts-ignore
            (0, $bEt41$logger).debug(`Received answer for peer connection id ${answer.pc_id}`);
            await this.pc.setRemoteDescription(answer);
            // Only start sending queued ICE candidates once we have a successful
            // answer; sending them against a failed offer just produces PATCHes
            // with a null pc_id.
            this._canSendIceCandidates = true;
            await this.flushIceCandidates();
        } catch (e) {
            this._lastNegotiationError = e;
            // A 4xx from the offer endpoint (auth, quota, validation, ...) is
            // deterministic. Retrying it on a timer cannot succeed, so give up
            // immediately instead of burning through the reconnection attempts.
            if ($f424abce94945317$var$isOfferRefused(e)) {
                (0, $bEt41$logger).error(`WebRTC offer rejected with status ${e.status}`);
                this.isReconnecting = false;
                await this.stop(this.buildTransportStartError());
                return;
            }
            (0, $bEt41$logger).debug(`Reconnection attempt ${this.reconnectionAttempts} failed: ${e}`);
            this.isReconnecting = false;
            setTimeout(()=>this.attemptReconnection(true), 2000);
        }
    }
    buildTransportStartError() {
        const e = this._lastNegotiationError;
        const error = new (0, $bEt41$TransportStartError)($f424abce94945317$var$isOfferRefused(e) ? `WebRTC offer rejected with status ${e.status}` : `Offer request failed${e ? `: ${String(e)}` : "."}`);
        error.cause = e;
        error.status = e?.status;
        return error;
    }
    addInitialTransceivers() {
        // Transceivers always appear in creation-order for both peers
        // For now we support 3 transceivers meant to hold the following
        // tracks in the given order:
        // audio, video, screenVideo
        this.pc.addTransceiver("audio", {
            direction: "sendrecv"
        });
        this.pc.addTransceiver("video", {
            direction: "sendrecv"
        });
        if (this.mediaManager.supportsScreenShare) // For now, we only support receiving a single video track
        this.pc.addTransceiver("video", {
            direction: "sendonly"
        });
    }
    getAudioTransceiver() {
        // Transceivers always appear in creation-order for both peers
        // Look at addInitialTransceivers
        return this.pc.getTransceivers()[$f424abce94945317$var$AUDIO_TRANSCEIVER_INDEX];
    }
    getVideoTransceiver() {
        // Transceivers always appear in creation-order for both peers
        // Look at addInitialTransceivers
        return this.pc.getTransceivers()[$f424abce94945317$var$VIDEO_TRANSCEIVER_INDEX];
    }
    getScreenVideoTransceiver() {
        // Transceivers always appear in creation-order for both peers
        // Look at addInitialTransceivers
        return this.pc.getTransceivers()[$f424abce94945317$var$SCREEN_VIDEO_TRANSCEIVER_INDEX];
    }
    async startNewPeerConnection(recreatePeerConnection = false) {
        this.pc = this.createPeerConnection();
        this.addInitialTransceivers();
        this.dc = this.createDataChannel("chat", {
            ordered: true
        });
        await this.addUserMedia();
        await this.negotiate(recreatePeerConnection);
    }
    async addUserMedia() {
        (0, $bEt41$logger).debug(`addUserMedia this.tracks(): ${this.tracks()}`);
        let audioTrack = this.tracks().local.audio;
        (0, $bEt41$logger).debug(`addUserMedia audioTrack: ${audioTrack}`);
        if (audioTrack) await this.getAudioTransceiver().sender.replaceTrack(audioTrack);
        let videoTrack = this.tracks().local.video;
        (0, $bEt41$logger).debug(`addUserMedia videoTrack: ${videoTrack}`);
        if (videoTrack) await this.getVideoTransceiver().sender.replaceTrack(videoTrack);
        if (this.mediaManager.supportsScreenShare) {
            videoTrack = this.tracks().local.screenVideo;
            (0, $bEt41$logger).debug(`addUserMedia screenVideoTrack: ${videoTrack}`);
            if (videoTrack) await this.getScreenVideoTransceiver().sender.replaceTrack(videoTrack);
        }
    }
    // Method to handle a general message (this can be expanded for other types of messages)
    handleMessage(message) {
        try {
            const messageObj = JSON.parse(message); // Type is `any` initially
            (0, $bEt41$logger).debug("received message:", messageObj);
            // Check if it's a signalling message
            if (messageObj.type === $f424abce94945317$var$SIGNALLING_TYPE) this.handleSignallingMessage(messageObj); // Delegate to handleSignallingMessage
            else // Bubble any messages with rtvi-ai label
            if (messageObj.label === "rtvi-ai") this._onMessage({
                id: messageObj.id,
                type: messageObj.type,
                data: messageObj.data
            });
        } catch (error) {
            (0, $bEt41$logger).error("Failed to parse JSON message:", error);
        }
    }
    // Method to handle signalling messages specifically
    async handleSignallingMessage(messageObj) {
        // Cast the object to the correct type after verification
        const signallingMessage = messageObj;
        // Handle different signalling message types
        switch(signallingMessage.message.type){
            case $f424abce94945317$var$RENEGOTIATE_TYPE:
                this.attemptReconnection(false);
                break;
            case $f424abce94945317$var$PEER_LEFT_TYPE:
                this._callbacks.onBotDisconnected?.($f424abce94945317$var$botParticipant(this.pc_id));
                break;
            default:
                (0, $bEt41$logger).warn("Unknown signalling message:", signallingMessage.message);
        }
    }
    createDataChannel(label, options) {
        const dc = this.pc.createDataChannel(label, options);
        dc.addEventListener("close", ()=>{
            (0, $bEt41$logger).debug("datachannel closed");
            if (this.keepAliveInterval) {
                clearInterval(this.keepAliveInterval);
                this.keepAliveInterval = null;
            }
        });
        dc.addEventListener("open", ()=>{
            (0, $bEt41$logger).debug("datachannel opened");
            this._maxMessageSize = this.pc?.sctp?.maxMessageSize ?? 65536;
            if (this._connectResolved) {
                this.syncTrackStatus();
                this._connectResolved();
                this._connectResolved = null;
                this._connectFailed = null;
            }
            // @ts-ignore
            this.keepAliveInterval = setInterval(()=>{
                // This interval can fire while the channel is "closing", before it
                // gets cleared on "close". Chrome doesn't mind sending a message
                // then, but Safari will throw an InvalidStateError.
                if (dc.readyState !== "open") return;
                const message = "ping: " + new Date().getTime();
                dc.send(message);
            }, 1000);
        });
        dc.addEventListener("message", (evt)=>{
            let message = evt.data;
            this.handleMessage(message);
        });
        return dc;
    }
    closePeerConnection(pc) {
        pc.getTransceivers().forEach((transceiver)=>{
            if (transceiver.stop) transceiver.stop();
        });
        pc.getSenders().forEach((sender)=>{
            sender.track?.stop();
        });
        pc.close();
    }
    async stop(error) {
        if (!this.pc) {
            (0, $bEt41$logger).debug("Peer connection is already closed or null.");
            return;
        }
        if (error) this.state = "error";
        if (this.dc) this.dc.close();
        this.closePeerConnection(this.pc);
        this.pc = null;
        await this.mediaManager.disconnect();
        // For some reason after we close the peer connection, it is not triggering the listeners
        this.pc_id = null;
        this.reconnectionAttempts = 0;
        this.isReconnecting = false;
        this._lastNegotiationError = null;
        this._callbacks.onDisconnected?.();
        this._candidateQueue = [];
        this._canSendIceCandidates = false;
        if (this._connectFailed) this._connectFailed(error ?? new (0, $bEt41$TransportStartError)());
        this._connectFailed = null;
        this._connectResolved = null;
    }
    getAllMics() {
        return this.mediaManager.getAllMics();
    }
    getAllCams() {
        return this.mediaManager.getAllCams();
    }
    getAllSpeakers() {
        return this.mediaManager.getAllSpeakers();
    }
    async updateMic(micId) {
        return this.mediaManager.updateMic(micId);
    }
    updateCam(camId) {
        return this.mediaManager.updateCam(camId);
    }
    updateSpeaker(speakerId) {
        return this.mediaManager.updateSpeaker(speakerId);
    }
    get selectedMic() {
        return this.mediaManager.selectedMic;
    }
    get selectedCam() {
        return this.mediaManager.selectedCam;
    }
    get selectedSpeaker() {
        return this.mediaManager.selectedSpeaker;
    }
    set iceServers(iceServers) {
        this._iceServers = iceServers;
    }
    get iceServers() {
        return this._iceServers;
    }
    enableMic(enable) {
        this.mediaManager.enableMic(enable);
        this.sendSignallingMessage(new $f424abce94945317$var$TrackStatusMessage($f424abce94945317$var$AUDIO_TRANSCEIVER_INDEX, enable));
    }
    enableCam(enable) {
        this.mediaManager.enableCam(enable);
        this.sendSignallingMessage(new $f424abce94945317$var$TrackStatusMessage($f424abce94945317$var$VIDEO_TRANSCEIVER_INDEX, enable));
    }
    async enableScreenShare(enable) {
        if (!this.mediaManager.supportsScreenShare) throw new (0, $bEt41$UnsupportedFeatureError)("enableScreenShare", "mediaManager", "Screen sharing is not supported by the current media manager");
        this.mediaManager.enableScreenShare(enable);
        this.sendSignallingMessage(new $f424abce94945317$var$TrackStatusMessage($f424abce94945317$var$SCREEN_VIDEO_TRANSCEIVER_INDEX, enable));
    }
    get isCamEnabled() {
        return this.mediaManager.isCamEnabled;
    }
    get isMicEnabled() {
        return this.mediaManager.isMicEnabled;
    }
    get isSharingScreen() {
        return this.mediaManager.isSharingScreen;
    }
    get state() {
        return this._state;
    }
    set state(state) {
        if (this._state === state) return;
        this._state = state;
        this._callbacks.onTransportStateChanged?.(state);
    }
    tracks() {
        return this.mediaManager.tracks();
    }
    sdpFilterCodec(kind, codec, realSdp) {
        const allowed = [];
        const rtxRegex = new RegExp("a=fmtp:(\\d+) apt=(\\d+)\\r$");
        const codecRegex = new RegExp("a=rtpmap:([0-9]+) " + this.escapeRegExp(codec));
        const videoRegex = new RegExp("(m=" + kind + " .*?)( ([0-9]+))*\\s*$");
        const lines = realSdp.split("\n");
        let isKind = false;
        for(let i = 0; i < lines.length; i++){
            if (lines[i].startsWith("m=" + kind + " ")) isKind = true;
            else if (lines[i].startsWith("m=")) isKind = false;
            if (isKind) {
                const match = lines[i].match(codecRegex);
                if (match) allowed.push(parseInt(match[1]));
                const matchRtx = lines[i].match(rtxRegex);
                if (matchRtx && allowed.includes(parseInt(matchRtx[2]))) allowed.push(parseInt(matchRtx[1]));
            }
        }
        const skipRegex = "a=(fmtp|rtcp-fb|rtpmap):([0-9]+)";
        let sdp = "";
        isKind = false;
        for(let i = 0; i < lines.length; i++){
            if (lines[i].startsWith("m=" + kind + " ")) isKind = true;
            else if (lines[i].startsWith("m=")) isKind = false;
            if (isKind) {
                const skipMatch = lines[i].match(skipRegex);
                if (skipMatch && !allowed.includes(parseInt(skipMatch[2]))) continue;
                else if (lines[i].match(videoRegex)) sdp += lines[i].replace(videoRegex, "$1 " + allowed.join(" ")) + "\n";
                else sdp += lines[i] + "\n";
            } else sdp += lines[i] + "\n";
        }
        return sdp;
    }
    escapeRegExp(string) {
        return string.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
}
$f424abce94945317$export$62043589d053a879.SERVICE_NAME = "small-webrtc-transport";
const $f424abce94945317$var$botParticipant = (pc_id)=>({
        id: pc_id || "bot",
        local: false,
        name: "bot"
    });




export {$daa89bdc6099638f$export$45c5b9bfba2f6304 as WavMediaManager, $0817f76e57abfe7a$export$c95c65abc5f47125 as DailyMediaManager, $f424abce94945317$export$62043589d053a879 as SmallWebRTCTransport};
//# sourceMappingURL=index.module.js.map
