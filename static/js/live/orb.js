// The call view's state visual: it swells with the louder side, the microphone or Gemini's voice.

export class Orb {
  constructor(node) {
    this.node = node;
    this.levels = { mic: 0, model: 0 };
    this.shown = { mic: 0, model: 0 };
  }

  // A level (RMS 0..1) from the microphone ("mic") or Gemini's voice ("model").
  set(source, level) {
    this.levels[source] = level;
  }

  // Animate until stop(); `follow()` names the side to show ("mic", "model") or null for none.
  start(follow) {
    cancelAnimationFrame(this.frame);
    const step = () => {
      for (const side of ["mic", "model"]) this.shown[side] += (toUnit(this.levels[side]) - this.shown[side]) * 0.35;
      this.levels.model *= 0.9; // Gemini's level arrives per chunk: let it decay between chunks
      const side = follow();
      this.node.style.setProperty("--level", (side ? this.shown[side] : 0).toFixed(3));
      this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  stop() {
    cancelAnimationFrame(this.frame);
    this.levels.mic = this.levels.model = 0;
    this.node.style.setProperty("--level", "0");
  }
}

// A level (RMS 0..1) on a perceptual 0..1 scale (-60 dB → 0).
function toUnit(rms) {
  const db = 20 * Math.log10(Math.max(rms, 1e-5));
  return Math.max(0, Math.min(1, (db + 60) / 60));
}
