// AudioWorklet: plays Gemini's PCM16 mono 24 kHz audio from a queue.
// Gemini's audio arrives in bursts, so playback starts once a small buffer is filled (or the
// stream pauses) and is never scheduled in the past: the worklet pulls samples in real time and
// plays silence when the queue runs dry. "flush" drops everything queued (barge-in).

const SOURCE_RATE = 24000;

class PcmPlayer extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const prebufferMs = options.processorOptions?.prebufferMs ?? 80;
    this.prebuffer = Math.round((sampleRate * prebufferMs) / 1000);
    this.capacity = sampleRate * 120; // two minutes: far beyond any one reply
    this.ring = new Float32Array(this.capacity);
    this.read = 0;
    this.size = 0;
    this.playing = false;
    this.idleFrames = 0; // frames since audio last arrived
    this.step = SOURCE_RATE / sampleRate; // source samples per output sample
    this.position = 0;
    this.last = 0;
    this.played = 0;
    this.reportEvery = Math.round(sampleRate / 10);
    this.sinceReport = 0;
    this.port.onmessage = (event) => {
      if (event.data === "flush") this.flush();
      else if (event.data instanceof ArrayBuffer) this.enqueue(new Int16Array(event.data));
    };
  }

  enqueue(pcm) {
    this.idleFrames = 0;
    const n = pcm.length;
    let p = this.position;
    while (p <= n - 1) {
      const i = Math.floor(p);
      const frac = p - i;
      const a = (i < 0 ? this.last : pcm[i]) / 0x8000;
      const b = i + 1 < n ? pcm[i + 1] / 0x8000 : a;
      this.push(a + (b - a) * frac);
      p += this.step;
    }
    this.position = p - n;
    if (n) this.last = pcm[n - 1];
  }

  push(sample) {
    if (this.size === this.capacity) return; // full: the newest audio waits its turn
    this.ring[(this.read + this.size) % this.capacity] = sample;
    this.size += 1;
  }

  flush() {
    this.size = 0;
    this.position = 0;
    this.last = 0;
    this.setPlaying(false);
  }

  setPlaying(playing) {
    if (playing === this.playing) return;
    this.playing = playing;
    this.port.postMessage({ state: playing ? "playing" : "idle", played: this.played / sampleRate });
  }

  process(inputs, outputs) {
    const out = outputs[0][0];
    const frames = out.length;
    this.idleFrames += frames;
    if (!this.playing && this.size > 0 && (this.size >= this.prebuffer || this.idleFrames >= this.prebuffer)) {
      this.setPlaying(true);
    }
    let written = 0;
    if (this.playing) {
      written = Math.min(frames, this.size);
      for (let i = 0; i < written; i += 1) {
        out[i] = this.ring[this.read];
        this.read = (this.read + 1) % this.capacity;
      }
      this.size -= written;
      this.played += written;
      if (this.size === 0) this.setPlaying(false); // ran dry: buffer again before resuming
    }
    out.fill(0, written);
    for (let c = 1; c < outputs[0].length; c += 1) outputs[0][c].set(out);
    this.sinceReport += frames;
    if (this.sinceReport >= this.reportEvery) {
      this.sinceReport = 0;
      this.port.postMessage({ played: this.played / sampleRate, queued: this.size / sampleRate });
    }
    return true;
  }
}

registerProcessor("pcm-player", PcmPlayer);
