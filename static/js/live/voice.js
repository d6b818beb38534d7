// Voice mode: the voice button turns the open conversation into a call over /ws/live/{id}/.
// Wires the socket, the microphone, the player and the camera; the text history stays, and each
// finished turn joins the thread as the messages the server stored.

import { AudioPlayer } from "./audio-player.js";
import { AudioRecorder } from "./audio-recorder.js";
import { Camera, shrinkPicture } from "./camera.js";
import { LiveSocket, liveUrl } from "./ws-client.js";

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
const CLOSE_MESSAGES = {
  4429: "You already have the most live sessions open; end one first.",
  4408: "The call reached its time limit.",
  4502: "Gemini could not be reached. Try again in a moment.",
  4403: "An administrator ended this call.",
};
const RECONNECT_DELAYS_MS = [500, 1500, 3000];
const RESUME_KEY = "sesame.voice.conversation";
const MAX_CAPTION_TURNS = 3;

function supported() {
  return Boolean(window.AudioWorkletNode && navigator.mediaDevices?.getUserMedia && window.WebSocket);
}

function conversationInPath() {
  return location.pathname.match(/^\/c\/([0-9a-f-]{36})\//)?.[1] || "";
}

export function mountVoice(slot, options) {
  const panel = document.getElementById("voice-panel");
  if (!slot || !panel) return { stop() {} };
  const button = document.createElement("button");
  button.type = "button";
  button.className = "small voice-button";
  button.dataset.testid = "voice-button";
  slot.append(button);
  if (!supported()) {
    button.textContent = "Voice";
    button.disabled = true;
    button.title = "This browser cannot record audio here (it needs AudioWorklet and a secure page).";
    return { stop() {} };
  }
  const call = new VoiceCall(panel, button, options);
  call.label();
  button.addEventListener("click", () => (call.active ? call.stop() : call.start()));
  // Leaving or reloading the page ends the call but remembers it, to offer "Resume call".
  window.addEventListener("pagehide", () => call.stop({ remember: true }));
  return { stop: () => call.stop() };
}

class VoiceCall {
  constructor(panel, button, options) {
    this.panel = panel;
    this.button = button;
    this.options = options;
    this.active = false;
    const $ = (id) => panel.querySelector(`#${id}`);
    this.nodes = {
      status: $("voice-status"), level: $("voice-level"), mute: $("voice-mute"), camera: $("voice-camera"),
      ptt: $("voice-ptt-mode"), end: $("voice-end"), talk: $("voice-talk"), preview: $("voice-preview"),
      captions: $("voice-captions"), form: $("voice-form"), text: $("voice-text"), attach: $("voice-attach"),
      file: $("voice-file"), notice: $("voice-notice"),
    };
    this.bind();
  }

  bind() {
    const n = this.nodes;
    n.end.addEventListener("click", () => this.stop());
    n.mute.addEventListener("click", () => this.setMuted(!this.muted));
    n.camera.addEventListener("click", () => this.toggleCamera());
    n.ptt.addEventListener("change", () => this.active && this.restart());
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
    n.talk.addEventListener("keydown", (event) => event.key === " " && !event.repeat && press(event));
    n.talk.addEventListener("keyup", (event) => event.key === " " && release());
  }

  label() {
    const resumable = sessionStorage.getItem(RESUME_KEY) === conversationInPath() && conversationInPath();
    this.button.textContent = resumable ? "Resume call" : "Voice";
    this.button.title = "Talk with Gemini in this conversation";
    this.button.hidden = this.active; // the call panel has its own End call button
  }

  // -- starting and stopping --------------------------------------------------------------------

  async start() {
    if (this.active) return;
    this.active = true;
    this.generation = (this.generation || 0) + 1;
    const generation = this.generation;
    // Made and resumed inside the click: mobile Safari allows audio only from a user gesture.
    this.context = new AudioContext();
    const resumed = this.context.resume();
    this.reset();
    this.panel.hidden = false;
    this.setState("connecting");
    this.label();
    try {
      this.conversationId = await this.options.ensureConversation();
      await resumed;
      this.player = new AudioPlayer(this.context, {
        onState: (state) => this.onPlayer(state),
        onStats: (stats) => (this.panel.dataset.playedMs = String(Math.round(stats.played * 1000))),
      });
      await this.player.start();
      this.recorder = new AudioRecorder(this.context, {
        onChunk: (buffer) => this.onMicrophone(buffer),
        onLevel: (level) => this.showLevel(level),
      });
      await this.recorder.start();
      if (generation !== this.generation) return;
      this.warnIfUnprocessed();
      this.connect();
      this.watch = setInterval(() => this.followConversation(), 500);
    } catch (error) {
      if (generation === this.generation) this.end(problemText(error), "error");
    }
  }

  reset() {
    this.ready = false;
    this.muted = false;
    this.attempts = 0;
    this.sentBytes = 0;
    this.panel.dataset.playedMs = "0";
    this.panel.dataset.sentMs = "0";
    this.nodes.captions.replaceChildren();
    this.nodes.mute.setAttribute("aria-pressed", "false");
    this.nodes.mute.textContent = "Mute";
    this.say("");
  }

  connect() {
    this.ready = false;
    const socket = new LiveSocket(liveUrl(this.conversationId), {
      onOpen: () => {
        const activity = this.nodes.ptt.checked ? "manual" : "auto";
        socket.send({ type: "setup", response: "audio", activity });
        this.ready = true;
        this.applyInput();
      },
      onFrame: (frame) => this.onFrame(frame),
      onAudio: (buffer) => this.player?.enqueue(buffer),
      onClose: (code, reason, byUs) => socket === this.socket && this.onClose(code, byUs),
    });
    this.socket = socket;
  }

  // Re-open the socket (e.g. to switch push-to-talk); the server resumes Gemini's session.
  restart() {
    this.socket?.close();
    this.player?.flush();
    this.setState("reconnecting");
    this.connect();
  }

  // End the call: idempotent; every track stopped, the context closed, the socket closed.
  stop({ remember = false } = {}) {
    if (!this.active) return;
    this.end("", "info", { remember });
  }

  end(message, kind, { remember = false } = {}) {
    this.active = false;
    this.generation += 1;
    clearInterval(this.watch);
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
    this.context?.close().catch(() => {});
    this.context = null;
    this.ready = false;
    this.nodes.camera.setAttribute("aria-pressed", "false");
    this.nodes.talk.hidden = true;
    this.showLevel(0);
    if (!remember) sessionStorage.removeItem(RESUME_KEY);
    this.setState("ended");
    this.say(message, kind);
    if (!message) this.panel.hidden = true;
    this.label();
  }

  followConversation() {
    if (this.options.getConversationId?.() !== this.conversationId) this.stop();
  }

  // -- frames from the server -------------------------------------------------------------------

  onFrame(frame) {
    switch (frame.type) {
      case "ready":
        this.attempts = 0;
        sessionStorage.setItem(RESUME_KEY, frame.conversation_id);
        this.panel.dataset.resumed = String(frame.resumed);
        this.setState(this.inputState());
        break;
      case "transcript":
        this.caption(frame.role, frame.text);
        break;
      case "text":
        this.caption("model", frame.text);
        break;
      case "interrupted":
        this.player?.flush();
        this.currentTurn()?.classList.add("cut");
        break;
      case "turn_complete":
        this.turnStored(frame.messages || []);
        break;
      case "reconnecting":
        this.setState("reconnecting");
        break;
      case "resumed":
        this.setState(this.inputState());
        break;
      case "warning":
        this.say(frame.message, "warn");
        break;
      case "error":
        // A server restarting closes with 1012: say so, and reconnect (onClose) and resume.
        if (frame.code === "server_restarting") this.say(frame.message, "info");
        else if (frame.fatal) this.fatal = frame.message;
        else this.say(frame.message, "error");
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
      this.end(message, code === 1000 ? "info" : "error");
      return;
    }
    // The network dropped: come back on a new socket; the server resumes the same session.
    this.ready = false;
    this.setState("reconnecting");
    const delay = RECONNECT_DELAYS_MS[this.attempts];
    this.attempts += 1;
    this.retryTimer = setTimeout(() => this.active && this.connect(), delay);
  }

  turnStored(messages) {
    this.nodes.captions.firstElementChild?.remove();
    if (messages.length && this.options.getConversationId?.() === this.conversationId) {
      this.options.onTurnStored?.(messages);
    }
  }

  // -- captions ---------------------------------------------------------------------------------

  currentTurn() {
    return this.nodes.captions.lastElementChild;
  }

  caption(role, text) {
    let turn = this.currentTurn();
    // Words from the user after the model has spoken start the next turn.
    if (!turn || (role === "user" && turn.querySelector(".caption-model"))) turn = this.newTurn();
    let line = turn.querySelector(`.caption-${role}`);
    if (!line) {
      line = document.createElement("p");
      line.className = `caption caption-${role}`;
      line.dataset.testid = `caption-${role}`;
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = role === "user" ? "You" : "Gemini";
      const words = document.createElement("span");
      words.className = "words";
      line.append(who, words);
      turn.append(line);
    }
    line.querySelector(".words").textContent += text;
  }

  newTurn() {
    const turn = document.createElement("div");
    turn.className = "caption-turn";
    this.nodes.captions.append(turn);
    while (this.nodes.captions.children.length > MAX_CAPTION_TURNS) this.nodes.captions.firstElementChild.remove();
    return turn;
  }

  // -- input ------------------------------------------------------------------------------------

  onMicrophone(buffer) {
    if (!this.ready || !this.socket) return;
    this.socket.sendAudio(buffer);
    this.sentBytes += buffer.byteLength;
    this.panel.dataset.sentMs = String(Math.round(this.sentBytes / 32));
  }

  inputState() {
    if (this.muted) return "muted";
    if (this.nodes.ptt.checked) return this.talking ? "talking" : "holding";
    return "listening";
  }

  applyInput() {
    const ptt = this.nodes.ptt.checked;
    this.nodes.talk.hidden = !ptt;
    this.recorder?.setSending(this.ready && !this.muted && (!ptt || this.talking));
  }

  setMuted(muted) {
    this.muted = muted;
    this.nodes.mute.setAttribute("aria-pressed", String(muted));
    this.nodes.mute.textContent = muted ? "Unmute" : "Mute";
    this.applyInput();
    if (muted) this.socket?.send({ type: "audio_end" }); // Gemini stops waiting for more speech
    if (this.ready) this.setState(this.inputState());
  }

  talk(down) {
    if (!this.nodes.ptt.checked || !this.ready || down === Boolean(this.talking)) return;
    this.talking = down;
    if (down) this.player?.flush();
    this.socket?.send({ type: down ? "activity_start" : "activity_end" });
    this.applyInput();
    this.setState(this.inputState());
  }

  sendText() {
    const text = this.nodes.text.value.trim();
    if (!text || !this.ready) return;
    this.socket.send({ type: "text", text });
    this.caption("user", text);
    this.nodes.text.value = "";
  }

  async sendPicture(file) {
    this.nodes.file.value = "";
    if (!file || !this.ready) return;
    try {
      const picture = await shrinkPicture(file);
      const text = this.nodes.text.value.trim();
      this.socket.send({ type: "image", ...picture, persist: true, text });
      this.caption("user", text ? `[picture] ${text}` : "[picture]");
      this.nodes.text.value = "";
    } catch (error) {
      this.say(problemText(error), "error");
    }
  }

  async toggleCamera() {
    if (this.camera?.active) {
      this.camera.stop();
      this.nodes.camera.setAttribute("aria-pressed", "false");
      return;
    }
    this.camera = new Camera(this.nodes.preview, {
      onFrame: (frame) => this.ready && this.socket?.send({ type: "image", ...frame, persist: false }),
    });
    try {
      await this.camera.start();
      this.nodes.camera.setAttribute("aria-pressed", "true");
    } catch (error) {
      this.camera.stop();
      this.say(problemText(error), "error");
    }
  }

  // -- display ----------------------------------------------------------------------------------

  onPlayer(state) {
    this.modelSpeaking = state === "playing";
    if (this.ready && this.panel.dataset.state !== "reconnecting") {
      this.setState(this.modelSpeaking ? "speaking" : this.inputState());
    }
  }

  setState(state) {
    this.panel.dataset.state = state;
    this.nodes.status.textContent = STATUS[state] || state;
  }

  showLevel(rms) {
    const db = 20 * Math.log10(Math.max(rms, 1e-5));
    const fill = Math.max(0, Math.min(1, (db + 60) / 60));
    this.nodes.level.style.transform = `scaleX(${fill.toFixed(3)})`;
  }

  warnIfUnprocessed() {
    const off = this.recorder.processingOff;
    if (off.includes("echoCancellation")) {
      this.say("Echo cancellation is off in this browser: use headphones so Gemini does not hear itself.", "warn");
    } else if (off.length) {
      this.say(`Your browser turned off ${off.join(", ")}; the microphone may pick up more noise.`, "warn");
    }
  }

  say(message, kind = "info") {
    this.nodes.notice.textContent = message || "";
    this.nodes.notice.dataset.kind = kind;
    this.nodes.notice.hidden = !message;
  }
}

function problemText(error) {
  if (error?.name === "NotAllowedError") return "Microphone or camera access was refused. Allow it in the browser to talk.";
  if (error?.name === "NotFoundError") return "No microphone or camera was found.";
  return error?.message || "Something went wrong starting the call.";
}
