// The microphone: getUserMedia with echo cancellation, noise suppression and gain control,
// resampled to 16 kHz PCM16 by an AudioWorklet. stop() is idempotent and ends every track.

export const MIC_CONSTRAINTS = {
  channelCount: 1,
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

export class AudioRecorder {
  constructor(context, { onChunk, onLevel, chunkMs = 40 }) {
    this.context = context;
    this.onChunk = onChunk;
    this.onLevel = onLevel;
    this.chunkMs = chunkMs;
    this.stream = null;
    this.nodes = [];
    this.sending = false;
    this.settings = {};
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
    this.settings = this.stream.getAudioTracks()[0]?.getSettings() || {};
    await this.context.audioWorklet.addModule(new URL("./recorder-worklet.js", import.meta.url));
    const source = this.context.createMediaStreamSource(this.stream);
    const worklet = new AudioWorkletNode(this.context, "pcm-recorder", {
      processorOptions: { chunkMs: this.chunkMs },
      channelCount: 1,
      channelCountMode: "explicit",
    });
    // A silent path to the output keeps the worklet pulled by the audio graph.
    const sink = new GainNode(this.context, { gain: 0 });
    source.connect(worklet).connect(sink).connect(this.context.destination);
    this.nodes = [source, worklet, sink];
    worklet.port.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) this.onChunk(event.data);
      else if (typeof event.data?.level === "number") this.onLevel?.(event.data.level);
    };
    this.worklet = worklet;
    this.setSending(this.sending);
  }

  // Which of the requested processing the browser actually applied.
  get processingOff() {
    return ["echoCancellation", "noiseSuppression", "autoGainControl"].filter(
      (name) => this.settings[name] === false,
    );
  }

  setSending(sending) {
    this.sending = sending;
    this.worklet?.port.postMessage({ sending });
  }

  stop() {
    for (const node of this.nodes) node.disconnect();
    this.nodes = [];
    this.worklet = null;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
  }
}
