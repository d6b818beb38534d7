// The call view: a full view over the thread (a sheet on the phone) with a state visual driven
// by the level meters, live captions, mute / camera / screen / push-to-talk / end, and one text
// box with attach. It knows nothing of sockets or WebRTC: it drives a *call transport*.
//
// A transport (rtc-transport.js, WebRTC, by default; ws-transport.js, the WebSocket voice path)
// is an EventTarget with name, capabilities {camera, screen}, start({context}), stop(), mute(bool),
// flushPlayback(), setCamera/setScreen(bool) → Promise<bool>, sendText, sendImage, processingOff,
// and the events state, level, speaking, transcript, text, interrupted, turn_complete, error,
// stats, sources and fallback: docs/architecture.md ("The call view and its transport interface").

import { Captions } from "./captions.js";
import { Orb } from "./orb.js";
import { preferredTransport, RtcTransport } from "./rtc-transport.js";
import { webrtcSupported } from "./webrtc.js";
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
const SCREEN_TITLES = {
  on: "Share your screen with Gemini (one picture a second, not stored)",
  off: "Screen sharing needs a WebRTC call in a browser that can share its screen",
};

function conversationInPath() {
  return location.pathname.match(/^\/c\/([0-9a-f-]{36})\//)?.[1] || "";
}

export function problemText(error) {
  if (error?.name === "NotAllowedError") return "Microphone or camera access was refused. Allow it in the browser to talk.";
  if (error?.name === "NotFoundError") return "No microphone or camera was found.";
  return error?.message || "Something went wrong starting the call.";
}

// Mount the call view. Calls use WebRTC, falling back to the WebSocket voice path; the choice is
// read now, before the page's address loses its `?transport=websocket`.
export function mountCallView(button, options) {
  const panel = document.getElementById("voice-panel");
  if (!button || !panel) return null;
  if (!voiceSupported() && !webrtcSupported()) {
    button.disabled = true;
    button.title = "This browser cannot record audio here (it needs AudioWorklet and a secure page).";
    return null;
  }
  const webrtc = preferredTransport() === "webrtc";
  const view = new CallView(panel, button, {
    createTransport: (init) => (webrtc ? new RtcTransport(init) : new WsVoiceTransport(init)),
    createFallbackTransport: (init) => new WsVoiceTransport(init),
    ...options,
  });
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
      sharing: $("voice-sharing"),
    };
    this.captions = new Captions(this.n.captions);
    this.orb = new Orb(this.n.orb);
    this.bind();
  }

  bind() {
    const n = this.n;
    n.end.addEventListener("click", () => (this.active ? this.stop() : this.close()));
    n.mute.addEventListener("click", () => this.setMuted(!this.muted));
    n.camera.addEventListener("click", () => this.toggleVideo("camera"));
    n.screen.addEventListener("click", () => this.toggleVideo("screen"));
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
      this.orb.start(() => (this.modelSpeaking ? "model" : this.ready && !this.muted ? "mic" : null));
      await this.use(this.options.createTransport({ conversationId, preview: this.n.preview }), generation);
    } catch (error) {
      if (generation === this.generation) this.end(problemText(error), "error");
    }
  }

  async use(transport, generation) {
    this.transport = transport;
    this.panel.dataset.transport = transport.name || "";
    this.listen(transport, generation);
    this.n.camera.disabled = !transport.capabilities.camera;
    this.n.screen.disabled = !transport.capabilities.screen;
    this.n.screen.title = SCREEN_TITLES[transport.capabilities.screen ? "on" : "off"];
    await transport.start({ context: this.context });
    if (generation === this.generation && transport === this.transport) this.warnIfUnprocessed();
  }

  // The transport cannot connect (WebRTC with UDP blocked): carry the call on over the next one.
  async fallBack(reason, generation) {
    const create = this.options.createFallbackTransport;
    if (!create) return this.end(reason, "error");
    this.ready = false;
    this.showVideo({ camera: false, screen: false });
    this.say(`${reason} The call goes on over the WebSocket voice path.`, "warn");
    try {
      await this.use(create({ conversationId: this.conversationId, preview: this.n.preview }), generation);
    } catch (error) {
      if (generation === this.generation) this.end(problemText(error), "error");
    }
  }

  listen(transport, generation) {
    const on = (type, handler) =>
      transport.addEventListener(
        type,
        (event) => generation === this.generation && transport === this.transport && handler(event.detail),
      );
    on("state", (d) => this.onTransportState(d));
    on("speaking", (d) => {
      this.modelSpeaking = d.speaking;
      if (this.ready && this.panel.dataset.state !== "reconnecting") this.setState(d.speaking ? "speaking" : this.inputState());
    });
    on("level", (d) => this.orb.set(d.source, d.level));
    on("transcript", (d) => this.captions.add(d.role, d.text, d.turn));
    on("text", (d) => this.captions.add("model", d.text, d.turn));
    on("interrupted", (d) => this.captions.cut(d.turn));
    on("turn_complete", (d) => this.turnStored(d.messages, d.turn));
    on("error", (d) => (d.fatal ? (this.fatal = d.message) : this.say(d.message, d.warning ? "warn" : "error")));
    on("stats", (d) => {
      for (const [key, value] of Object.entries(d)) this.panel.dataset[key] = String(value);
    });
    on("sources", (d) => this.showVideo(d));
    on("fallback", (d) => this.fallBack(d.reason, generation));
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
    this.showVideo({ camera: false, screen: false });
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
    this.orb.stop();
    this.n.preview.hidden = true;
    this.showVideo({ camera: false, screen: false });
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
    if (!messages.length || this.options.getConversationId?.() !== this.conversationId) return;
    Promise.resolve(this.options.onTurnStored?.(messages))
      .then(() => {
        if (this.active) this.n.title.textContent = this.options.getTitle?.() || this.n.title.textContent;
      })
      .catch(() => {}); // the sidebar's refresh reports its own failures
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

  // Camera or screen on/off: each a track of its own; the microphone is never touched.
  async toggleVideo(source) {
    const button = this.n[source];
    if (!this.transport || button.dataset.busy) return;
    const on = button.getAttribute("aria-pressed") !== "true";
    button.dataset.busy = "true";
    try {
      const active = await (source === "camera" ? this.transport.setCamera(on) : this.transport.setScreen(on));
      this.showVideo({ [source]: Boolean(active) });
    } catch (error) {
      this.showVideo({ [source]: false });
      this.say(problemText(error), "error");
    } finally {
      delete button.dataset.busy;
    }
  }

  showVideo(sources) {
    for (const [source, on] of Object.entries(sources)) this.n[source].setAttribute("aria-pressed", String(on));
    if ("camera" in sources) this.panel.classList.toggle("with-camera", sources.camera);
    if ("screen" in sources) this.n.sharing.hidden = !sources.screen;
  }

  // -- display ----------------------------------------------------------------------------------

  setState(state) {
    this.panel.dataset.state = state;
    this.n.status.textContent = STATUS[state] || state;
  }

  warnIfUnprocessed() {
    if (!this.n.notice.hidden) return; // a fallback notice says more
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
