// The WebRTC call (webrtc.js over /ws/rtc/{id}/) as a call transport (see call-view.js for the
// interface): microphone, camera and screen on RTP tracks, Gemini's voice from its track, the
// socket carrying only JSON. The call is "live" once Gemini is ready *and* the media connected.
// If the media cannot connect (UDP blocked, no TURN) it emits `fallback {reason}` and the view
// carries the call on over the WebSocket voice path. A dropped socket is retried on a new socket
// and peer; the server resumes the same Gemini session.

import { shrinkPicture } from "./camera.js";
import { WebRtcTransport, webrtcSupported } from "./webrtc.js";
import { CLOSE_MESSAGES, RECONNECT_DELAYS_MS } from "./ws-transport.js";

const TRANSPORT_KEY = "sesame.voice.transport"; // localStorage "websocket": never try WebRTC
const STATS_MS = 1000;

// Which transport calls start on: WebRTC where the browser has it, unless asked not to
// (`?transport=websocket` on the page's address, or the localStorage setting).
export function preferredTransport() {
  const asked = new URLSearchParams(location.search).get("transport") || localStorage.getItem(TRANSPORT_KEY);
  return webrtcSupported() && asked !== "websocket" ? "webrtc" : "websocket";
}

export class RtcTransport extends EventTarget {
  constructor({ conversationId, preview }) {
    super();
    this.name = "webrtc";
    this.conversationId = conversationId;
    this.preview = preview;
    this.capabilities = { camera: true, screen: Boolean(navigator.mediaDevices?.getDisplayMedia) };
    this.active = false;
    this.ready = false; // Gemini is up (the socket's `ready`)
    this.connected = false; // the media connection is up
    this.wasLive = false;
    this.muted = false;
    this.hushed = false;
    this.attempts = 0;
    this.fatal = "";
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  get processingOff() {
    return this.rtc?.processingOff || [];
  }

  async start({ context }) {
    this.active = true;
    this.context = context;
    this.emit("state", { state: "connecting" });
    await context.resume();
    if (this.active) await this.open();
  }

  // One attempt: a new peer connection (and microphone) signalled over a new socket.
  async open() {
    const rtc = new WebRtcTransport(this.context, { preview: this.preview, activity: "auto" });
    this.rtc = rtc;
    this.ready = this.connected = this.hushed = false;
    const on = (type, handler) => rtc.addEventListener(type, (event) => rtc === this.rtc && handler(event.detail));
    on("ready", (frame) => this.onReady(frame));
    on("state", ({ state }) => this.onPeerState(state));
    on("level", ({ rms }) => this.emit("level", { source: "mic", level: rms }));
    on("played", ({ ms, rms }) => {
      if (!this.hushed) this.emit("level", { source: "model", level: rms || 0 });
      this.emit("stats", { playedMs: ms });
    });
    on("speaking", ({ speaking }) => {
      if (!speaking && this.hushed && this.answered) this.hush(false);
      this.emit("speaking", { speaking: speaking && !this.hushed });
    });
    on("transcript", (f) => this.emit("transcript", { role: f.role, text: f.text, turn: f.turn }));
    on("text", (f) => this.emit("text", { text: f.text, turn: f.turn }));
    on("interrupted", (f) => {
      this.hush(false);
      this.emit("interrupted", { turn: f.turn });
    });
    on("turn_complete", (f) => {
      this.answered = true; // the hushed answer may still be playing out: wait for its end
      if (!rtc.speaking) this.hush(false);
      this.emit("turn_complete", { messages: f.messages || [], turn: f.turn });
    });
    on("reconnecting", () => this.emit("state", { state: "reconnecting" }));
    on("resumed", () => this.emit("state", { state: "live", resumed: true }));
    on("warning", (f) => this.emit("error", { code: f.code || "warning", message: f.message, fatal: false, warning: true }));
    on("error", (f) => {
      if (f.fatal) this.fatal = f.message;
      else this.emit("error", { code: f.code, message: f.message, fatal: false });
    });
    on("screen_ended", () => this.emit("sources", { screen: false }));
    on("fallback", ({ reason }) => this.fallBack(reason));
    on("closed", ({ code, byUs }) => this.onClose(code, byUs));
    await rtc.start(this.conversationId);
    if (rtc === this.rtc) rtc.setSending(!this.muted);
  }

  onReady(frame) {
    this.attempts = 0;
    this.ready = true;
    this.readyFrame = frame;
    this.goLive();
  }

  onPeerState(state) {
    this.emit("stats", { peer: state });
    if (state === "connected") {
      this.connected = true;
      this.goLive();
      this.watchStats();
    } else if (state === "disconnected" && this.connected) {
      this.emit("state", { state: "reconnecting" }); // ICE may recover; if not, the server ends it
    }
  }

  // Live once both are up; the first time after a `ready`, with what it said (resumed, id).
  goLive() {
    if (!this.ready || !this.connected) return;
    this.wasLive = true;
    const frame = this.readyFrame;
    this.readyFrame = null;
    this.emit("state", {
      state: "live",
      resumed: frame ? Boolean(frame.resumed) : undefined,
      conversationId: frame?.conversation_id,
    });
  }

  // The milliseconds of microphone sent, from the peer's own counters (for tests and diagnostics).
  watchStats() {
    clearInterval(this.statsTimer);
    const rtc = this.rtc;
    this.statsTimer = setInterval(async () => {
      const report = await rtc.pc?.getStats().catch(() => null);
      for (const entry of report?.values() || []) {
        if (entry.type === "outbound-rtp" && entry.kind === "audio") this.emit("stats", { sentMs: entry.packetsSent * 20 });
      }
    }, STATS_MS);
  }

  fallBack(reason) {
    if (!this.active) return;
    this.active = false; // the WebRTC attempt already stopped itself; no "ended": the call goes on
    this.rtc = null;
    clearInterval(this.statsTimer);
    this.emit("fallback", { reason });
  }

  onClose(code, byUs) {
    if (!this.active || byUs) return;
    clearInterval(this.statsTimer);
    if (!this.wasLive && code !== 1000 && code < 4000) {
      this.fallBack("The WebRTC call could not be set up.");
      return;
    }
    if (code === 1000 || code >= 4000 || this.attempts >= RECONNECT_DELAYS_MS.length) {
      const message = this.fatal || CLOSE_MESSAGES[code] || (code === 1000 ? "The call ended." : "The connection was lost.");
      this.fatal = "";
      this.emit("error", { code: `close_${code}`, message, fatal: code !== 1000 });
      this.stop();
      return;
    }
    this.ready = this.connected = false;
    this.rtc = null;
    this.emit("state", { state: "reconnecting" });
    this.emit("sources", { camera: false, screen: false }); // a new peer starts without video
    const delay = RECONNECT_DELAYS_MS[this.attempts];
    this.attempts += 1;
    this.retryTimer = setTimeout(() => {
      if (!this.active) return;
      this.open().catch((error) => {
        this.emit("error", { code: "rtc_reconnect", message: error.message, fatal: true });
        this.stop();
      });
    }, delay);
  }

  // Mute (or, for push-to-talk, release): the track sends silence and Gemini hears the pause.
  mute(muted) {
    if (this.muted === muted) return;
    this.muted = muted;
    this.rtc?.mute(muted);
  }

  // Gemini's voice arrives paced in real time (nothing is queued here to drop): silence the rest
  // of the answer being spoken until Gemini stops it (interrupted) or it has played out.
  flushPlayback() {
    if (this.rtc?.speaking) this.hush(true);
  }

  hush(on) {
    if (this.hushed === on) return;
    this.hushed = on;
    this.answered = false;
    if (this.rtc?.audio) this.rtc.audio.muted = on;
    if (on) this.emit("speaking", { speaking: false });
  }

  async setCamera(on) {
    return this.setVideo("camera", on);
  }

  async setScreen(on) {
    if (!this.capabilities.screen) throw new Error("This browser cannot share its screen.");
    try {
      return await this.setVideo("screen", on);
    } catch (error) {
      if (error?.name === "NotAllowedError") throw new Error("Screen sharing was cancelled or refused.");
      throw error;
    }
  }

  // A source on its own track beside the microphone's: switching never touches the audio.
  async setVideo(name, on) {
    const rtc = this.rtc;
    if (!on) {
      await rtc?.[name === "camera" ? "setCamera" : "setScreen"](false);
      return false;
    }
    if (!rtc || !this.connected) throw new Error("Wait until the call is connected.");
    try {
      await (name === "camera" ? rtc.setCamera(true) : rtc.setScreen(true));
    } catch (error) {
      if (rtc === this.rtc) await rtc[name === "camera" ? "setCamera" : "setScreen"](false).catch(() => {});
      throw error;
    }
    return rtc === this.rtc;
  }

  sendText(text) {
    if (!this.ready) return false;
    this.rtc.sendText(text);
    return true;
  }

  async sendImage(file, text = "") {
    if (!this.ready) return false;
    const picture = await shrinkPicture(file);
    this.rtc?.sendImage(picture, { persist: true, text });
    return true;
  }

  // End the call: idempotent; every track stopped, the peer and the socket closed.
  stop() {
    if (!this.active) return;
    this.active = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.statsTimer);
    this.rtc?.stop();
    this.rtc = null;
    this.ready = this.connected = false;
    this.emit("state", { state: "ended" });
  }
}
