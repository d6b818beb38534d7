// The WebRTC call transport (DESIGN §4, /ws/rtc/{id}/): microphone, camera and screen travel on
// RTP tracks to Sesame's own peer; the socket carries only JSON (setup, offer/answer, text,
// pictures, and the same events as the voice socket). No audio goes over the socket.
//
// Interface shared with the other call transports:
//   start(conversationId), stop(), mute(bool), setCamera(bool), setScreen(bool),
//   sendText(text), sendImage({mime_type, data}, {persist, text}), send(frame)
// Events (EventTarget, the frame or values in `detail`): open, ready, state, level, played,
//   transcript, text, interrupted, turn_complete, reconnecting, resumed, warning, error,
//   fallback (WebRTC could not connect: use the WebSocket voice path), closed.

import { LiveSocket } from "./ws-client.js";

export const MIC_CONSTRAINTS = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
  channelCount: 1,
};
const CAMERA_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15, max: 15 } };
const SCREEN_CONSTRAINTS = { video: { frameRate: { ideal: 5, max: 15 } }, audio: false };
const CONNECT_TIMEOUT_MS = 5000; // no media connection by then: fall back to the WebSocket path
const GATHER_TIMEOUT_MS = 3000;
const ANSWER_TIMEOUT_MS = 10000;
const METER_MS = 100;
const PLAYING_RMS = 0.01;
const FRAME_EVENTS = [
  "ready", "transcript", "text", "interrupted", "turn_complete", "reconnecting", "resumed",
  "warning", "error",
];

export function webrtcSupported() {
  return Boolean(window.RTCPeerConnection && navigator.mediaDevices?.getUserMedia);
}

export function rtcUrl(conversationId) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/ws/rtc/${conversationId}/`;
}

export class WebRtcTransport extends EventTarget {
  // `context`: an AudioContext made on the user's gesture (meters only; playback is an <audio>).
  constructor(context, { preview = null, activity = "auto", connectTimeoutMs = CONNECT_TIMEOUT_MS } = {}) {
    super();
    this.context = context;
    this.preview = preview;
    this.activity = activity;
    this.connectTimeoutMs = connectTimeoutMs;
    this.video = { camera: null, screen: null }; // name -> {transceiver, track}
    this.negotiating = Promise.resolve();
    this.stopped = false;
    this.connected = false;
    this.playedMs = 0;
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // -- the call -----------------------------------------------------------------------------------

  async start(conversationId) {
    this.microphone = await navigator.mediaDevices.getUserMedia({ audio: MIC_CONSTRAINTS });
    if (this.stopped) return this.stopTracks();
    const settings = this.microphone.getAudioTracks()[0]?.getSettings?.() || {};
    this.processingOff = Object.keys(MIC_CONSTRAINTS).filter((k) => k !== "channelCount" && settings[k] === false);
    this.meter(this.microphone, (rms) => this.emit("level", { rms }));
    this.socket = new LiveSocket(rtcUrl(conversationId), {
      onOpen: () => {
        this.socket.send({ type: "setup", response: "audio", activity: this.activity });
        this.emit("open");
      },
      onFrame: (frame) => this.onFrame(frame),
      onAudio: () => {},
      onClose: (code, reason, byUs) => this.onClose(code, byUs),
    });
  }

  onFrame(frame) {
    if (frame.type === "answer") {
      this.answered?.(frame.sdp);
      return;
    }
    if (frame.type === "ready" && !this.pc) this.connect(frame.ice_servers || []);
    if (frame.type === "error" && this.answered && !frame.fatal) this.answerFailed?.(frame);
    if (FRAME_EVENTS.includes(frame.type)) this.emit(frame.type, frame);
  }

  onClose(code, byUs) {
    if (this.stopped) return;
    this.teardown();
    this.emit("closed", { code, byUs });
  }

  async connect(iceServers) {
    let pc;
    try {
      pc = this.pc = new RTCPeerConnection({ iceServers });
    } catch (error) {
      this.fallBack(`WebRTC is not available here (${error.message}).`);
      return;
    }
    pc.addTransceiver(this.microphone.getAudioTracks()[0], { direction: "sendrecv", streams: [this.microphone] });
    pc.ontrack = (event) => event.track.kind === "audio" && this.play(event.streams[0] || new MediaStream([event.track]));
    pc.onconnectionstatechange = () => this.onConnectionState(pc.connectionState);
    this.connectTimer = setTimeout(() => {
      if (!this.connected) this.fallBack("The WebRTC media connection did not come up in time.");
    }, this.connectTimeoutMs);
    try {
      await this.renegotiate();
    } catch (error) {
      this.fallBack(`WebRTC negotiation failed (${error.message}).`);
    }
  }

  onConnectionState(state) {
    this.emit("state", { state });
    if (state === "connected") {
      this.connected = true;
      clearTimeout(this.connectTimer);
    } else if (state === "failed" && !this.connected) {
      this.fallBack("The WebRTC media connection failed.");
    }
  }

  fallBack(reason) {
    if (this.stopped) return;
    this.stop();
    this.emit("fallback", { reason });
  }

  // One negotiation at a time: offer after ICE gathering completes, then apply the answer.
  renegotiate() {
    this.negotiating = this.negotiating.catch(() => {}).then(() => this.negotiate());
    return this.negotiating;
  }

  async negotiate() {
    const pc = this.pc;
    if (!pc || this.stopped) return;
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const sources = {};
    for (const [name, entry] of Object.entries(this.video)) {
      if (entry?.transceiver.mid != null) sources[entry.transceiver.mid] = name;
    }
    const answer = new Promise((resolve, reject) => {
      this.answered = resolve;
      this.answerFailed = (frame) => reject(new Error(frame.message));
      setTimeout(() => reject(new Error("no answer")), ANSWER_TIMEOUT_MS);
    });
    this.socket.send({ type: "offer", sdp: pc.localDescription.sdp, sources });
    try {
      const sdp = await answer;
      if (pc.signalingState === "have-local-offer") await pc.setRemoteDescription({ type: "answer", sdp });
    } finally {
      this.answered = this.answerFailed = null;
    }
  }

  // -- media --------------------------------------------------------------------------------------

  play(stream) {
    if (!this.audio) {
      this.audio = new Audio();
      this.audio.autoplay = true;
    }
    this.audio.srcObject = stream;
    this.audio.play().catch(() => {});
    // Chrome feeds a remote stream to Web Audio only while a media element plays it too.
    this.meter(stream, (rms) => {
      const speaking = rms > PLAYING_RMS;
      if (speaking) this.playedMs += METER_MS;
      if (speaking !== this.speaking) this.emit("speaking", { speaking });
      this.speaking = speaking;
      this.emit("played", { ms: this.playedMs });
    });
  }

  meter(stream, onLevel) {
    if (!this.context) return;
    const source = this.context.createMediaStreamSource(stream);
    const analyser = this.context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const value of samples) sum += value * value;
      onLevel(Math.sqrt(sum / samples.length));
    }, METER_MS);
    (this.meters ||= []).push({ timer, source });
  }

  mute(muted) {
    this.setSending(!muted);
    if (muted) this.send({ type: "audio_end" }); // Gemini stops waiting for more speech
  }

  // Send the microphone or silence (muted, or push-to-talk released); the track stays.
  setSending(on) {
    for (const track of this.microphone?.getAudioTracks() || []) track.enabled = on;
  }

  async setCamera(on) {
    if (!on) return this.removeVideo("camera");
    const stream = await navigator.mediaDevices.getUserMedia({ video: CAMERA_CONSTRAINTS });
    if (this.preview) {
      this.preview.srcObject = stream;
      this.preview.hidden = false;
      this.preview.play().catch(() => {});
    }
    return this.addVideo("camera", stream.getVideoTracks()[0]);
  }

  async setScreen(on) {
    if (!on) return this.removeVideo("screen");
    const stream = await navigator.mediaDevices.getDisplayMedia(SCREEN_CONSTRAINTS);
    const track = stream.getVideoTracks()[0];
    track.contentHint = "detail"; // keep text legible rather than motion smooth
    track.addEventListener("ended", () => {
      this.removeVideo("screen");
      this.emit("screen_ended");
    });
    return this.addVideo("screen", track);
  }

  // A source reuses its transceiver: the microphone's sender is never touched.
  async addVideo(name, track) {
    const entry = this.video[name];
    if (entry) {
      entry.track?.stop();
      await entry.transceiver.sender.replaceTrack(track);
      entry.transceiver.direction = "sendonly";
      entry.track = track;
    } else {
      const transceiver = this.pc.addTransceiver(track, { direction: "sendonly" });
      this.video[name] = { transceiver, track };
    }
    await this.renegotiate();
  }

  async removeVideo(name) {
    const entry = this.video[name];
    if (!entry?.track) return;
    entry.track.stop();
    entry.track = null;
    if (name === "camera" && this.preview) {
      this.preview.srcObject = null;
      this.preview.hidden = true;
    }
    if (this.pc && !this.stopped) {
      await entry.transceiver.sender.replaceTrack(null);
      entry.transceiver.direction = "inactive";
      await this.renegotiate();
    }
  }

  // -- frames -------------------------------------------------------------------------------------

  send(frame) {
    this.socket?.send(frame);
  }

  sendText(text) {
    this.send({ type: "text", text });
  }

  sendImage(picture, { persist = true, text = "" } = {}) {
    this.send({ type: "image", ...picture, persist, text });
  }

  // -- ending -------------------------------------------------------------------------------------

  // Idempotent: every track stopped, the peer connection and the socket closed.
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    if (this.socket) {
      this.socket.send({ type: "stop" });
      this.socket.close();
    }
    this.teardown();
  }

  close() {
    this.stop();
  }

  teardown() {
    this.stopped = true;
    clearTimeout(this.connectTimer);
    for (const meter of this.meters || []) {
      clearInterval(meter.timer);
      meter.source.disconnect();
    }
    this.meters = [];
    this.pc?.close();
    this.pc = null;
    if (this.audio) {
      this.audio.srcObject = null;
      this.audio = null;
    }
    if (this.preview) {
      this.preview.srcObject = null;
      this.preview.hidden = true;
    }
    this.stopTracks();
  }

  stopTracks() {
    for (const track of this.microphone?.getTracks() || []) track.stop();
    for (const entry of Object.values(this.video)) entry?.track?.stop();
  }
}

function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== "complete") return;
      pc.removeEventListener("icegatheringstatechange", done);
      resolve();
    };
    pc.addEventListener("icegatheringstatechange", done);
    setTimeout(resolve, GATHER_TIMEOUT_MS); // offer what was gathered so far
  });
}
