// The call view: a full view over the thread (a sheet on the phone) with a state visual driven
// by the level meters, live captions, mute / camera / screen / push-to-talk / end, and one text
// box with attach. It knows nothing of sockets or WebRTC: it drives a *call transport*.
//
// A transport (ws-transport.js today, a WebRTC one next) is an EventTarget with
//   capabilities {camera, screen}
//   start({context})   open the call (context: an AudioContext made in the user's click)
//   stop()             end it (idempotent; every track stopped)
//   mute(bool)         stop/resume sending the microphone (muting also ends the user's speech)
//   flushPlayback()    drop Gemini's queued voice (push-to-talk barge-in)
//   setCamera(bool), setScreen(bool)   → Promise<bool> (rejects with a readable Error)
//   sendText(text), sendImage(file, text)
//   processingOff      the microphone processing the browser turned off
// and events (CustomEvent detail):
//   state {state: "connecting"|"live"|"reconnecting"|"ended", resumed?, conversationId?}
//   level {source: "mic"|"model", level: 0..1}   speaking {speaking}
//   transcript {role, text, turn?}   text {text, turn?}   interrupted {turn?}
//   turn_complete {messages, turn?}  error {code, message, fatal, warning?}
//   stats {playedMs?, sentMs?}

import { Captions } from "./captions.js";
import { voiceSupported, WsVoiceTransport } from "./ws-transport.js";

const STATUS = {
  connecting: "Connecting…",
  listening: "Listening",
  muted: "Muted",
  holding: "Hold to talk",
  talking: "Listening (push to talk)",
  speaking: "Gemini is speaking",
  reconnecting: "Reconnecting…",
  ended: "Call ended",
};
const RESUME_KEY = "sesame.voice.conversation";

function conversationInPath() {
  return location.pathname.match(/^\/c\/([0-9a-f-]{36})\//)?.[1] || "";
}

export function problemText(error) {
  if (error?.name === "NotAllowedError") return "Microphone or camera access was refused. Allow it in the browser to talk.";
  if (error?.name === "NotFoundError") return "No microphone or camera was found.";
  return error?.message || "Something went wrong starting the call.";
}

// Mount the call view; `createTransport` lets another transport (WebRTC) plug in.
export function mountCallView(button, options) {
  const panel = document.getElementById("voice-panel");
  if (!button || !panel) return null;
  if (!voiceSupported()) {
    button.disabled = true;
    button.title = "This browser cannot record audio here (it needs AudioWorklet and a secure page).";
    return null;
  }
  const view = new CallView(panel, button, { createTransport: (init) => new WsVoiceTransport(init), ...options });
  view.label();
  button.addEventListener("click", () => (view.active ? view.show() : view.start()));
  window.addEventListener("pagehide", () => view.stop({ remember: true }));
  window.addEventListener("beforeunload", (event) => {
    if (view.active) event.preventDefault(); // leaving mid-call asks first
  });
  return view;
}

class CallView {
  constructor(panel, button, options) {
    this.panel = panel;
    this.button = button;
    this.options = options;
    this.active = false;
    this.generation = 0;
    const $ = (id) => panel.querySelector(`#${id}`);
    this.n = {
      status: $("voice-status"), orb: $("call-orb"), mute: $("voice-mute"), camera: $("voice-camera"),
      screen: $("voice-screen"), ptt: $("voice-ptt-mode"), end: $("voice-end"), talk: $("voice-talk"),
      preview: $("voice-preview"), captions: $("voice-captions"), form: $("voice-form"), text: $("voice-text"),
      attach: $("voice-attach"), file: $("voice-file"), notice: $("voice-notice"), title: $("call-title"),
    };
    this.captions = new Captions(this.n.captions);
    this.levels = { mic: 0, model: 0, shownMic: 0, shownModel: 0 };
    this.bind();
  }

  bind() {
    const n = this.n;
    n.end.addEventListener("click", () => (this.active ? this.stop() : this.close()));
    n.mute.addEventListener("click", () => this.setMuted(!this.muted));
    n.camera.addEventListener("click", () => this.toggleCamera());
    n.ptt.addEventListener("click", () => this.setPushToTalk(n.ptt.getAttribute("aria-pressed") !== "true"));
    n.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendText();
    });
    n.attach.addEventListener("click", () => n.file.click());
    n.file.addEventListener("change", () => this.sendPicture(n.file.files[0]));
    const press = (event) => {
      event.preventDefault();
      this.talk(true);
    };
    const release = () => this.talk(false);
    n.talk.addEventListener("pointerdown", press);
    n.talk.addEventListener("pointerup", release);
    n.talk.addEventListener("pointerleave", release);
    document.addEventListener("keydown", (event) => {
      if (event.key === " " && !event.repeat && this.pushToTalk && this.active && !this.typing(event)) press(event);
    });
    document.addEventListener("keyup", (event) => event.key === " " && this.pushToTalk && release());
  }

  // Whether Space belongs to something else (typing, or a button other than "hold to talk").
  typing(event) {
    const target = event.target;
    if (target === this.n.talk) return false;
    return ["INPUT", "TEXTAREA", "BUTTON", "SUMMARY", "A"].includes(target?.tagName);
  }

  get pushToTalk() {
    return this.n.ptt.getAttribute("aria-pressed") === "true";
  }

  label() {
    const path = conversationInPath();
    const resumable = Boolean(path) && sessionStorage.getItem(RESUME_KEY) === path;
    const text = this.active ? "Back to the call" : resumable ? "Resume call" : "Start a voice call";
    this.button.setAttribute("aria-label", text);
    this.button.title = text;
    this.button.dataset.resumable = String(resumable);
    this.button.classList.toggle("in-call", this.active);
  }

  show() {
    this.panel.hidden = false;
    this.n.end.focus({ preventScroll: true });
  }

  // -- starting and stopping --------------------------------------------------------------------

  async start() {
    if (this.active) return;
    this.active = true;
    const generation = ++this.generation;
    // Made inside the click: mobile Safari allows audio only from a user gesture.
    const context = new AudioContext();
    this.context = context;
    this.reset();
    this.show();
    this.setState("connecting");
    this.label();
    try {
      const conversationId = await this.options.ensureConversation();
      if (generation !== this.generation) return;
      this.conversationId = conversationId;
      this.n.title.textContent = this.options.getTitle?.() || "Voice call";
      const transport = this.options.createTransport({ conversationId, preview: this.n.preview });
      this.transport = transport;
      this.listen(transport, generation);
      this.n.camera.disabled = !transport.capabilities.camera;
      this.n.screen.disabled = !transport.capabilities.screen;
      await transport.start({ context });
      if (generation !== this.generation) return;
      this.warnIfUnprocessed();
      this.animate();
    } catch (error) {
      if (generation === this.generation) this.end(problemText(error), "error");
    }
  }

  listen(transport, generation) {
    const on = (type, handler) =>
      transport.addEventListener(type, (event) => generation === this.generation && handler(event.detail));
    on("state", (d) => this.onTransportState(d));
    on("speaking", (d) => {
      this.modelSpeaking = d.speaking;
      if (this.ready && this.panel.dataset.state !== "reconnecting") this.setState(d.speaking ? "speaking" : this.inputState());
    });
    on("level", (d) => (this.levels[d.source] = d.level));
    on("transcript", (d) => this.captions.add(d.role, d.text, d.turn));
    on("text", (d) => this.captions.add("model", d.text, d.turn));
    on("interrupted", (d) => this.captions.cut(d.turn));
    on("turn_complete", (d) => this.turnStored(d.messages, d.turn));
    on("error", (d) => (d.fatal ? (this.fatal = d.message) : this.say(d.message, d.warning ? "warn" : "error")));
    on("stats", (d) => {
      if (d.playedMs !== undefined) this.panel.dataset.playedMs = String(d.playedMs);
      if (d.sentMs !== undefined) this.panel.dataset.sentMs = String(d.sentMs);
    });
  }

  onTransportState({ state, resumed, conversationId }) {
    if (state === "live") {
      this.ready = true;
      if (conversationId) sessionStorage.setItem(RESUME_KEY, conversationId);
      if (resumed !== undefined) this.panel.dataset.resumed = String(resumed);
      this.applyInput();
      this.setState(this.modelSpeaking ? "speaking" : this.inputState());
    } else if (state === "reconnecting") {
      this.ready = false;
      this.setState("reconnecting");
    } else if (state === "ended" && this.active) {
      const message = this.fatal || "";
      this.fatal = "";
      this.end(message || "The call ended.", message ? "error" : "info");
    } else if (state === "connecting") {
      this.setState("connecting");
    }
  }

  reset() {
    this.ready = false;
    this.muted = false;
    this.talking = false;
    this.modelSpeaking = false;
    this.fatal = "";
    this.panel.dataset.playedMs = "0";
    this.panel.dataset.sentMs = "0";
    this.captions.clear();
    this.n.mute.setAttribute("aria-pressed", "false");
    this.n.camera.setAttribute("aria-pressed", "false");
    this.n.talk.hidden = !this.pushToTalk;
    this.say("");
  }

  // End the call (idempotent). `remember` keeps "Resume call" for a reload.
  stop({ remember = false } = {}) {
    if (!this.active) return;
    this.end("", "info", { remember });
  }

  end(message, kind, { remember = false } = {}) {
    this.active = false;
    this.generation += 1;
    this.ready = false;
    const transport = this.transport;
    this.transport = null;
    transport?.stop();
    this.context?.close().catch(() => {});
    this.context = null;
    cancelAnimationFrame(this.frame);
    this.levels.mic = this.levels.model = 0;
    this.n.orb.style.setProperty("--level", "0");
    this.n.preview.hidden = true;
    if (!remember) sessionStorage.removeItem(RESUME_KEY);
    this.setState("ended");
    this.label();
    if (message && kind === "error") {
      this.say(message, kind); // the view stays to say why; End closes it
      this.n.end.querySelector(".control-label").textContent = "Close";
      this.closeOnEnd = true;
      return;
    }
    this.close();
  }

  close() {
    this.panel.hidden = true;
    this.n.end.querySelector(".control-label").textContent = "End";
    this.options.onEnded?.();
    this.button.focus({ preventScroll: true });
  }

  // Ask before leaving a call (switching conversation); resolve true when it is fine to go.
  async confirmLeave() {
    if (!this.active) return true;
    const ok = await this.options.confirm({
      title: "End the call?",
      body: "You are in a voice call in this conversation. Leaving ends it; what was said is kept.",
      confirm: "End call",
      danger: true,
    });
    if (ok) this.stop();
    return ok;
  }

  turnStored(messages, number) {
    this.captions.stored(number);
    if (messages.length && this.options.getConversationId?.() === this.conversationId) this.options.onTurnStored?.(messages);
  }

  // -- input ------------------------------------------------------------------------------------

  inputState() {
    if (this.muted) return "muted";
    if (this.pushToTalk) return this.talking ? "talking" : "holding";
    return "listening";
  }

  applyInput() {
    this.n.talk.hidden = !this.pushToTalk;
    this.transport?.mute(this.muted || (this.pushToTalk && !this.talking));
  }

  setMuted(muted) {
    this.muted = muted;
    this.n.mute.setAttribute("aria-pressed", String(muted));
    this.n.mute.querySelector(".control-label").textContent = muted ? "Unmute" : "Mute";
    this.applyInput();
    if (this.ready) this.setState(this.inputState());
  }

  // Push-to-talk is a mode of the same session: the microphone is sent only while held.
  setPushToTalk(on) {
    this.n.ptt.setAttribute("aria-pressed", String(on));
    this.talking = false;
    this.applyInput();
    if (this.ready) this.setState(this.modelSpeaking ? "speaking" : this.inputState());
  }

  talk(down) {
    if (!this.pushToTalk || !this.ready || this.muted || down === this.talking) return;
    this.talking = down;
    if (down) this.transport?.flushPlayback();
    this.applyInput();
    this.setState(this.inputState());
  }

  sendText() {
    const text = this.n.text.value.trim();
    if (!text || !this.transport?.sendText(text)) return;
    this.captions.add("user", text);
    this.n.text.value = "";
  }

  async sendPicture(file) {
    this.n.file.value = "";
    if (!file || !this.transport) return;
    try {
      const text = this.n.text.value.trim();
      if (!(await this.transport.sendImage(file, text))) return;
      this.captions.add("user", text ? `[picture] ${text}` : "[picture]");
      this.n.text.value = "";
    } catch (error) {
      this.say(problemText(error), "error");
    }
  }

  async toggleCamera() {
    if (!this.transport) return;
    const on = this.n.camera.getAttribute("aria-pressed") !== "true";
    try {
      const active = await this.transport.setCamera(on);
      this.n.camera.setAttribute("aria-pressed", String(Boolean(active)));
      this.panel.classList.toggle("with-camera", Boolean(active));
    } catch (error) {
      this.say(problemText(error), "error");
    }
  }

  // -- display ----------------------------------------------------------------------------------

  setState(state) {
    this.panel.dataset.state = state;
    this.n.status.textContent = STATUS[state] || state;
  }

  // The state visual follows the louder side: the microphone, or Gemini's voice.
  animate() {
    const step = () => {
      const l = this.levels;
      l.shownMic += (toUnit(l.mic) - l.shownMic) * 0.35;
      l.shownModel += (toUnit(l.model) - l.shownModel) * 0.35;
      l.model *= 0.9; // Gemini's level arrives per chunk: let it decay between chunks
      const level = this.modelSpeaking ? l.shownModel : this.ready && !this.muted ? l.shownMic : 0;
      this.n.orb.style.setProperty("--level", level.toFixed(3));
      if (this.active) this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  warnIfUnprocessed() {
    const off = this.transport?.processingOff || [];
    if (off.includes("echoCancellation")) {
      this.say("Echo cancellation is off in this browser: use headphones so Gemini does not hear itself.", "warn");
    } else if (off.length) {
      this.say(`Your browser turned off ${off.join(", ")}; the microphone may pick up more noise.`, "warn");
    }
  }

  say(message, kind = "info") {
    this.n.notice.textContent = message || "";
    this.n.notice.dataset.kind = kind;
    this.n.notice.hidden = !message;
  }
}

// A level (RMS 0..1) on a perceptual 0..1 scale (-60 dB → 0).
function toUnit(rms) {
  const db = 20 * Math.log10(Math.max(rms, 1e-5));
  return Math.max(0, Math.min(1, (db + 60) / 60));
}
