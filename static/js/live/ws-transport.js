// The voice call over /ws/live/{id}/ as a call transport (see call-view.js for the interface):
// the microphone (AudioRecorder), Gemini's voice (AudioPlayer), the camera (Camera) and the
// socket (LiveSocket) behind start/stop/mute/setCamera/setScreen/sendText/sendImage and events.
// A dropped network is retried on a new socket; the server resumes the same Gemini session.

import { AudioPlayer } from "./audio-player.js";
import { AudioRecorder } from "./audio-recorder.js";
import { Camera, shrinkPicture } from "./camera.js";
import { LiveSocket, liveUrl } from "./ws-client.js";

export const CLOSE_MESSAGES = {
  4429: "You already have the most live sessions open; end one first.",
  4408: "The call reached its time limit.",
  4410: "The call's media connection was lost.",
  4502: "Gemini could not be reached. Try again in a moment.",
  4403: "An administrator ended this call.",
};
export const RECONNECT_DELAYS_MS = [500, 1500, 3000];

export function voiceSupported() {
  return Boolean(window.AudioWorkletNode && navigator.mediaDevices?.getUserMedia && window.WebSocket);
}

// Root mean square of a PCM16 chunk, 0..1 (the loudness of Gemini's voice for the visual).
function pcmLevel(buffer) {
  const samples = new Int16Array(buffer, 0, buffer.byteLength >> 1);
  if (!samples.length) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i += 4) sum += samples[i] * samples[i];
  return Math.sqrt(sum / Math.ceil(samples.length / 4)) / 32768;
}

export class WsVoiceTransport extends EventTarget {
  constructor({ conversationId, preview }) {
    super();
    this.conversationId = conversationId;
    this.preview = preview;
    this.name = "websocket";
    this.capabilities = { camera: true, screen: false };
    this.active = false;
    this.ready = false;
    this.muted = false;
    this.attempts = 0;
    this.sentBytes = 0;
    this.fatal = "";
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // Start the call. `context` is an AudioContext made inside the user's click (mobile Safari).
  async start({ context }) {
    this.active = true;
    this.context = context;
    this.emit("state", { state: "connecting" });
    const resumed = context.resume();
    await resumed;
    this.player = new AudioPlayer(context, {
      onState: (state) => this.emit("speaking", { speaking: state === "playing" }),
      onStats: (stats) => this.emit("stats", { playedMs: Math.round(stats.played * 1000) }),
    });
    await this.player.start();
    this.recorder = new AudioRecorder(context, {
      onChunk: (buffer) => this.onMicrophone(buffer),
      onLevel: (level) => this.emit("level", { source: "mic", level }),
    });
    await this.recorder.start();
    if (!this.active) return;
    this.connect();
  }

  // Which requested microphone processing the browser turned off.
  get processingOff() {
    return this.recorder?.processingOff || [];
  }

  connect() {
    this.ready = false;
    const socket = new LiveSocket(liveUrl(this.conversationId), {
      onOpen: () => {
        socket.send({ type: "setup", response: "audio", activity: "auto" });
        this.ready = true;
        this.applyInput();
      },
      onFrame: (frame) => this.onFrame(frame),
      onAudio: (buffer) => {
        this.emit("level", { source: "model", level: pcmLevel(buffer) });
        this.player?.enqueue(buffer);
      },
      onClose: (code, reason, byUs) => socket === this.socket && this.onClose(code, byUs),
    });
    this.socket = socket;
  }

  onFrame(frame) {
    switch (frame.type) {
      case "ready":
        this.attempts = 0;
        this.emit("state", { state: "live", resumed: Boolean(frame.resumed), conversationId: frame.conversation_id });
        break;
      case "transcript":
        this.emit("transcript", { role: frame.role, text: frame.text, turn: frame.turn });
        break;
      case "text":
        this.emit("text", { text: frame.text, turn: frame.turn });
        break;
      case "interrupted":
        this.player?.flush();
        this.emit("interrupted", { turn: frame.turn });
        break;
      case "turn_complete":
        this.emit("turn_complete", { messages: frame.messages || [], turn: frame.turn });
        break;
      case "reconnecting":
        this.emit("state", { state: "reconnecting" });
        break;
      case "resumed":
        this.emit("state", { state: "live", resumed: true });
        break;
      case "warning":
        this.emit("error", { code: frame.code || "warning", message: frame.message, fatal: false, warning: true });
        break;
      case "error":
        // A server restarting closes with 1012: say so; onClose reconnects and the call resumes.
        if (frame.code === "server_restarting") this.emit("error", { code: frame.code, message: frame.message, fatal: false, warning: true });
        else if (frame.fatal) this.fatal = frame.message;
        else this.emit("error", { code: frame.code, message: frame.message, fatal: false });
        break;
      default:
        break;
    }
  }

  onClose(code, byUs) {
    if (!this.active || byUs) return;
    if (code === 1000 || code >= 4000 || this.attempts >= RECONNECT_DELAYS_MS.length) {
      const message = this.fatal || CLOSE_MESSAGES[code] || (code === 1000 ? "The call ended." : "The connection was lost.");
      this.fatal = "";
      this.emit("error", { code: `close_${code}`, message, fatal: code !== 1000 });
      this.stop();
      return;
    }
    this.ready = false;
    this.emit("state", { state: "reconnecting" });
    const delay = RECONNECT_DELAYS_MS[this.attempts];
    this.attempts += 1;
    this.retryTimer = setTimeout(() => this.active && this.connect(), delay);
  }

  onMicrophone(buffer) {
    if (!this.ready || !this.socket) return;
    this.socket.sendAudio(buffer);
    this.sentBytes += buffer.byteLength;
    this.emit("stats", { sentMs: Math.round(this.sentBytes / 32) });
  }

  applyInput() {
    this.recorder?.setSending(this.ready && !this.muted);
  }

  // Mute (or, for push-to-talk, release): stop sending and tell Gemini the speech paused.
  mute(muted) {
    if (this.muted === muted) return;
    this.muted = muted;
    this.applyInput();
    if (muted) this.socket?.send({ type: "audio_end" });
  }

  // Stop Gemini's voice at once (the user barged in with push-to-talk).
  flushPlayback() {
    this.player?.flush();
  }

  async setCamera(on) {
    if (!on) {
      this.camera?.stop();
      this.camera = null;
      return false;
    }
    this.camera = new Camera(this.preview, {
      onFrame: (frame) => this.ready && this.socket?.send({ type: "image", ...frame, persist: false }),
    });
    try {
      await this.camera.start();
      return true;
    } catch (error) {
      this.camera.stop();
      this.camera = null;
      throw error;
    }
  }

  async setScreen() {
    throw new Error("Screen sharing comes with video calls.");
  }

  sendText(text) {
    if (!this.ready) return false;
    this.socket.send({ type: "text", text });
    return true;
  }

  async sendImage(file, text = "") {
    if (!this.ready) return false;
    const picture = await shrinkPicture(file);
    this.socket.send({ type: "image", ...picture, persist: true, text });
    return true;
  }

  // End the call: idempotent; every track stopped, the socket closed. The view owns the context.
  stop() {
    if (!this.active) return;
    this.active = false;
    clearTimeout(this.retryTimer);
    if (this.socket) {
      this.socket.send({ type: "stop" });
      this.socket.close();
      this.socket = null;
    }
    this.recorder?.stop();
    this.player?.stop();
    this.camera?.stop();
    this.recorder = this.player = this.camera = null;
    this.ready = false;
    this.emit("state", { state: "ended" });
  }
}
