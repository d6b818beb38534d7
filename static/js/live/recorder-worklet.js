// AudioWorklet: the microphone as PCM16 mono 16 kHz chunks, and a level reading for the meter.
// Runs on the audio thread. Resamples from the context's rate: a windowed-sinc low-pass first
// (so sound above 8 kHz is removed instead of folding back into the speech band), then linear
// interpolation between filtered samples, computed only where output samples fall.

const TARGET_RATE = 16000;
const LEVELS_PER_SECOND = 20;
const CUTOFF_HZ = 7000;
const TRANSITION_HZ = 2000;

// Blackman-windowed sinc taps (unity gain at DC); a single tap when no decimation is needed.
function lowPassTaps(rate) {
  if (rate <= TARGET_RATE) return new Float32Array([1]);
  const count = Math.ceil((5.5 * rate) / TRANSITION_HZ) | 1;
  const taps = new Float32Array(count);
  const middle = (count - 1) / 2;
  const fc = CUTOFF_HZ / rate;
  let sum = 0;
  for (let i = 0; i < count; i += 1) {
    const x = i - middle;
    const sinc = x === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * x) / (Math.PI * x);
    const phase = (2 * Math.PI * i) / (count - 1);
    taps[i] = sinc * (0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase));
    sum += taps[i];
  }
  for (let i = 0; i < count; i += 1) taps[i] /= sum;
  return taps;
}

class PcmRecorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const chunkMs = options.processorOptions?.chunkMs ?? 40;
    this.chunkSamples = Math.round((TARGET_RATE * chunkMs) / 1000);
    this.chunk = new Int16Array(this.chunkSamples);
    this.filled = 0;
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    this.position = 0; // next output position, in input samples from this block's start
    this.taps = lowPassTaps(sampleRate);
    this.history = new Float32Array(this.taps.length - 1 + 128); // earlier samples, then the block
    this.last = 0; // the previous block's last filtered sample (position -1)
    this.sending = options.processorOptions?.sending ?? false;
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
    const keep = this.taps.length - 1;
    if (this.history.length !== keep + input.length) {
      this.history = new Float32Array(keep + input.length);
    }
    this.history.set(input, keep);
    if (this.sending) this.resample(input.length);
    this.last = this.filtered(input.length - 1);
    this.history.copyWithin(0, input.length);
    return true;
  }

  // The low-passed sample at `index` of the current block (delayed by half the filter).
  filtered(index) {
    const taps = this.taps;
    const history = this.history;
    let sum = 0;
    for (let k = 0; k < taps.length; k += 1) sum += taps[k] * history[index + k];
    return sum;
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

  resample(n) {
    let p = this.position;
    while (p <= n - 1) {
      const i = Math.floor(p);
      const frac = p - i;
      const a = i < 0 ? this.last : this.filtered(i);
      const b = frac > 0 && i + 1 < n ? this.filtered(i + 1) : a;
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
