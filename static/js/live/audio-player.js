// Gemini's voice: PCM16 24 kHz chunks queued in an AudioWorklet with a small playback buffer.
// flush() drops what is queued (the user barged in); stop() is idempotent.

export class AudioPlayer {
  constructor(context, { onState, onStats, prebufferMs = 80 } = {}) {
    this.context = context;
    this.onState = onState;
    this.onStats = onStats;
    this.prebufferMs = prebufferMs;
    this.node = null;
    this.received = 0; // bytes of model audio handed to the worklet
  }

  async start() {
    await this.context.audioWorklet.addModule(new URL("./player-worklet.js", import.meta.url));
    this.node = new AudioWorkletNode(this.context, "pcm-player", {
      numberOfInputs: 0,
      outputChannelCount: [1],
      processorOptions: { prebufferMs: this.prebufferMs },
    });
    this.node.port.onmessage = (event) => {
      const data = event.data || {};
      if (data.state) this.onState?.(data.state);
      if (typeof data.played === "number") this.onStats?.(data);
    };
    this.node.connect(this.context.destination);
  }

  enqueue(buffer) {
    if (!this.node) return;
    this.received += buffer.byteLength;
    this.node.port.postMessage(buffer, [buffer]);
  }

  flush() {
    this.node?.port.postMessage("flush");
  }

  stop() {
    this.node?.disconnect();
    this.node = null;
  }
}
