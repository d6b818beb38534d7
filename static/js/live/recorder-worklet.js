// AudioWorklet: the microphone as PCM16 mono 16 kHz chunks, and a level reading for the meter.
// Runs on the audio thread; resamples from the context's rate by linear interpolation.

const TARGET_RATE = 16000;
const LEVELS_PER_SECOND = 20;

class PcmRecorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const chunkMs = options.processorOptions?.chunkMs ?? 40;
    this.chunkSamples = Math.round((TARGET_RATE * chunkMs) / 1000);
    this.chunk = new Int16Array(this.chunkSamples);
    this.filled = 0;
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    this.position = 0; // next output position, in input samples from this block's start
    this.last = 0; // the previous block's last sample (position -1)
    this.sending = false;
    this.levelSum = 0;
    this.levelCount = 0;
    this.levelEvery = Math.round(sampleRate / LEVELS_PER_SECOND);
    this.port.onmessage = (event) => {
      if (typeof event.data?.sending === "boolean") {
        this.sending = event.data.sending;
        this.filled = 0; // never glue audio from before a pause to audio after it
        this.position = 0;
      }
    };
  }

  process(inputs) {
    const input = inputs[0]?.[0];
    if (!input || input.length === 0) return true;
    this.measure(input);
    if (this.sending) this.resample(input);
    this.last = input[input.length - 1];
    return true;
  }

  measure(input) {
    for (let i = 0; i < input.length; i += 1) this.levelSum += input[i] * input[i];
    this.levelCount += input.length;
    if (this.levelCount >= this.levelEvery) {
      this.port.postMessage({ level: Math.sqrt(this.levelSum / this.levelCount) });
      this.levelSum = 0;
      this.levelCount = 0;
    }
  }

  resample(input) {
    const n = input.length;
    let p = this.position;
    while (p <= n - 1) {
      const i = Math.floor(p);
      const frac = p - i;
      const a = i < 0 ? this.last : input[i];
      const b = i + 1 < n ? input[i + 1] : a;
      const sample = Math.max(-1, Math.min(1, a + (b - a) * frac));
      this.chunk[this.filled] = sample < 0 ? sample * 0x8000 : sample * 0x7fff;
      this.filled += 1;
      if (this.filled === this.chunkSamples) {
        this.port.postMessage(this.chunk.buffer, [this.chunk.buffer]);
        this.chunk = new Int16Array(this.chunkSamples);
        this.filled = 0;
      }
      p += this.step;
    }
    this.position = p - n;
  }
}

registerProcessor("pcm-recorder", PcmRecorder);
