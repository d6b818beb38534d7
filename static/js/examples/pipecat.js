// Pipecat's own web client calling Sesame: only the client's documented options are used.
import { PipecatClient } from "@pipecat-ai/client-js";
import { SmallWebRTCTransport, WavMediaManager } from "@pipecat-ai/small-webrtc-transport";

const root = document.getElementById("pipecat-example");
const $ = (id) => document.getElementById(id);
const csrf = document.querySelector('meta[name="csrf-token"]').content;
let client = null;

function logEvent(type, detail) {
  const item = document.createElement("li");
  item.dataset.type = type;
  item.textContent = detail === undefined ? type : `${type}: ${JSON.stringify(detail)}`;
  $("events").append(item);
}

function say(who, text) {
  const line = document.createElement("p");
  line.className = `line ${who}`;
  line.dataset.role = who;
  line.textContent = `${who === "user" ? "You" : "Bot"}: ${text}`;
  $("transcript").append(line);
}

function setCalling(calling) {
  $("call").disabled = calling;
  $("hang-up").disabled = !calling;
  $("say-send").disabled = !calling;
  $("screen").disabled = !(calling && $("use-daily").checked);
}

async function call() {
  const conversationId = $("conversation-id").value.trim();
  // The transport's default media manager (Daily's) loads Daily's bundle from its CDN and
  // handles camera and screen; WavMediaManager is plain getUserMedia (audio) and works offline.
  const useDaily = $("use-daily").checked;
  client = new PipecatClient({
    transport: new SmallWebRTCTransport(useDaily ? {} : { mediaManager: new WavMediaManager() }),
    enableMic: true,
    enableCam: useDaily,
    callbacks: {
      onTransportStateChanged: (state) => {
        $("state").textContent = state;
        root.dataset.state = state;
      },
      onBotReady: (data) => {
        logEvent("bot-ready", data);
        if (data?.about?.conversation_id) $("conversation-id").value = data.about.conversation_id;
      },
      onUserStartedSpeaking: () => logEvent("user-started-speaking"),
      onUserStoppedSpeaking: () => logEvent("user-stopped-speaking"),
      onBotStartedSpeaking: () => logEvent("bot-started-speaking"),
      onBotStoppedSpeaking: () => logEvent("bot-stopped-speaking"),
      onUserTranscript: (data) => {
        logEvent("user-transcription", data);
        if (data.final) say("user", data.text);
      },
      onBotOutput: (data) => logEvent("bot-output", data),
      onBotLlmText: (data) => logEvent("bot-llm-text", data),
      onBotLlmStarted: () => logEvent("bot-llm-started"),
      onBotLlmStopped: () => logEvent("bot-llm-stopped"),
      onServerMessage: (data) => {
        logEvent("server-message", data?.type);
        if (data?.type === "turn-stored") {
          for (const message of data.messages) if (message.role === "model") say("model", message.text);
        }
      },
      onError: (message) => logEvent("error", message.data),
      onMessageError: (message) => logEvent("error-response", message.data),
      onTrackStarted: (track, participant) => {
        if (participant?.local || track.kind !== "audio") return;
        $("bot-audio").srcObject = new MediaStream([track]);
        logEvent("bot-audio-track");
      },
      onDisconnected: () => {
        logEvent("disconnected");
        setCalling(false);
      },
    },
  });
  setCalling(true);
  window.pipecatClient = client; // for the curious, in the console
  try {
    await client.connect({
      webrtcRequestParams: {
        endpoint: root.dataset.endpoint,
        headers: new Headers({ "X-CSRFToken": csrf }),
        requestData: conversationId ? { conversation_id: conversationId } : {},
      },
    });
  } catch (error) {
    logEvent("connect-failed", String(error?.message || error));
    setCalling(false);
  }
}

$("call").addEventListener("click", call);
$("hang-up").addEventListener("click", () => client?.disconnect());
// Screen share: the transport puts the screen on transceiver 2 (replaceTrack, no renegotiation).
$("screen").addEventListener("click", () => {
  if (!client) return;
  const sharing = client.isSharingScreen;
  client.enableScreenShare(!sharing);
  $("screen").textContent = sharing ? "Share screen" : "Stop sharing";
});
$("say").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("say-text").value.trim();
  if (!text || !client) return;
  $("say-text").value = "";
  say("user", text);
  await client.sendText(text);
});
