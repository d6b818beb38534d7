// The chat page: wires the sidebar, the thread, the composer, the turn stream and voice.

import { api, ApiError, sendTurn } from "./api.js";
import { Composer } from "./composer.js";
import { connectEvents } from "./events.js";
import { mountVoice } from "./live/voice.js";
import { Sidebar } from "./sidebar.js";
import { Thread } from "./thread.js";

const app = document.getElementById("chat-app");
const $ = (selector) => document.querySelector(selector);
const titleNode = $("#thread-title");
const renameForm = $("#rename-form");
const renameInput = $("#rename-input");

const state = { id: "", title: "", controller: null, loadToken: 0 };

const sidebar = new Sidebar($("#sidebar"), { onSelect: (id) => open(id, { push: true }), onError: report });
const thread = new Thread($("#messages"), { lightbox: $("#lightbox"), onRetry: retry });
const composer = new Composer($("#composer"), {
  dropZone: $(".thread"),
  overlay: $("#drop-overlay"),
  limits: {
    maxImages: Number(app.dataset.maxImages) || 8,
    maxImageBytes: Number(app.dataset.maxImageBytes) || 10 * 1024 * 1024,
    maxTextChars: Number(app.dataset.maxTextChars) || 100000,
  },
  onSubmit: (turn) => send(turn),
  onStop: () => state.controller?.abort(),
});

function report(error) {
  console.error(error);
  composer.say(error instanceof ApiError ? error.message : "Something went wrong; check your connection.", "error");
}

function showHeader(conversation) {
  state.title = conversation?.title || "";
  titleNode.textContent = state.title || "New conversation";
  document.title = state.title ? `${state.title} · Sesame` : "Sesame";
  $("#thread-actions").hidden = !conversation;
  $("#export-conversation").href = conversation ? `/api/conversations/${conversation.id}/export/?format=md` : "#";
  renameForm.hidden = true;
  titleNode.hidden = false;
}

// Open a conversation (or the empty "new conversation" state when id is empty).
async function open(id, { push = false } = {}) {
  if (state.controller) state.controller.abort();
  const token = ++state.loadToken;
  state.id = id || "";
  sidebar.setActive(state.id);
  sidebar.close();
  if (push) history.pushState({ id: state.id }, "", state.id ? `/c/${state.id}/` : "/");
  thread.clear();
  showHeader(state.id ? sidebar.find(state.id) || { id: state.id } : null);
  if (!state.id) return composer.focus();
  try {
    const [conversation, messages] = await Promise.all([api.getConversation(id), api.allMessages(id)]);
    if (token !== state.loadToken) return;
    showHeader(conversation);
    thread.setMessages(messages);
  } catch (error) {
    if (token !== state.loadToken) return;
    if (error.status === 404) {
      composer.say("That conversation no longer exists.", "error", 6);
      return open("", { push: true });
    }
    report(error);
  }
  composer.focus();
}

// Return the open conversation's id, creating (and opening) a conversation when none is open.
async function ensureConversation() {
  if (state.id) return state.id;
  const conversation = await api.createConversation();
  state.id = conversation.id;
  state.loadToken += 1;
  history.pushState({ id: conversation.id }, "", `/c/${conversation.id}/`);
  sidebar.upsert(conversation);
  sidebar.setActive(conversation.id);
  showHeader(conversation);
  return conversation.id;
}

async function send(turn) {
  const pending = thread.pending(turn.text, turn.files);
  let id;
  try {
    id = await ensureConversation();
  } catch (error) {
    thread.settle(pending);
    composer.restore(turn);
    return report(error);
  }
  await stream(id, turn, pending);
}

async function retry() {
  if (state.id) await stream(state.id, { retry: true }, null);
}

// Run one turn: show the reply as it streams, then what was stored; errors stay inline.
async function stream(id, turn, pending) {
  const controller = new AbortController();
  state.controller = controller;
  composer.setBusy(true);
  const reply = thread.reply();
  const progress = { stored: false, done: false };
  try {
    for await (const { event, data } of sendTurn(id, turn, controller.signal)) {
      if (event === "user_message") {
        progress.stored = true;
        if (pending) thread.settle(pending, data);
      } else if (event === "delta") {
        reply.add(data.text);
      } else if (event === "model_message" || event === "error") {
        reply.finish(event === "error" ? { ...data.model_message, error: data.error.message } : data);
        progress.done = true;
      }
    }
    if (!progress.done) throw new Error("The reply stream ended early.");
  } catch (error) {
    failed(error, { turn, pending, reply, stored: progress.stored, aborted: controller.signal.aborted });
  } finally {
    if (state.controller === controller) state.controller = null;
    composer.setBusy(false);
  }
  await afterTurn(id);
}

function localReply(text, status, error = "") {
  return { id: `local-${Date.now()}`, role: "model", source: "text", text, status, error, attachments: [] };
}

function failed(error, { turn, pending, reply, stored, aborted }) {
  if (aborted) {
    // The server keeps what had arrived as an "interrupted" reply; show the same.
    pending?.classList.remove("pending");
    reply.finish(localReply(reply.text, "interrupted"));
    return;
  }
  const body = error instanceof ApiError ? error.error : {};
  if (body.user_message) {
    // Gemini failed: the user's message and the failed reply are stored; offer a retry.
    if (pending) thread.settle(pending, body.user_message);
    reply.finish({ ...body.model_message, error: error.message });
    return;
  }
  if (stored) {
    reply.finish(localReply(reply.text, "failed", "The connection was lost before the reply was complete."));
    return;
  }
  // Nothing was stored (refused, throttled, offline): give the turn back to the composer.
  reply.node.remove();
  if (pending) thread.settle(pending);
  if (turn.retry) thread.refreshRetry();
  else composer.restore(turn);
  if (error instanceof ApiError && error.code === "throttled") {
    const wait = error.retryAfter || 60;
    composer.say(
      `You are sending messages faster than allowed (${app.dataset.turnRate}). ` +
        `You can send again in ${wait} s; your message is still here.`,
      "warn",
      wait,
    );
  } else {
    report(error);
  }
}

// Refresh the sidebar (order, counts); titles and other tabs' turns come from the event stream.
async function afterTurn(id) {
  if (!events.connected) await sidebar.refresh();
  const conversation = sidebar.find(id);
  if (conversation && state.id === id && renameForm.hidden) showHeader(conversation);
}

// Rename and delete.
$("#rename-conversation").addEventListener("click", () => {
  renameInput.value = state.title;
  titleNode.hidden = true;
  renameForm.hidden = false;
  renameInput.focus();
  renameInput.select();
});
$("#rename-cancel").addEventListener("click", () => showHeader(sidebar.find(state.id) || { id: state.id, title: state.title }));
renameForm.addEventListener("keydown", (event) => {
  if (event.key === "Escape") $("#rename-cancel").click();
});
renameForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const conversation = await api.renameConversation(state.id, renameInput.value.trim());
    sidebar.upsert(conversation);
    showHeader(conversation);
  } catch (error) {
    report(error);
  }
});
$("#delete-conversation").addEventListener("click", async () => {
  if (!state.id || !confirm(`Delete “${state.title || "this conversation"}” and all its messages?`)) return;
  try {
    await api.deleteConversation(state.id);
    sidebar.remove(state.id);
    await open("", { push: true });
    composer.say("Conversation deleted.", "info", 4);
  } catch (error) {
    report(error);
  }
});

// Navigation: new conversation, deep links, back/forward, the phone-sized sidebar.
$("#new-conversation").addEventListener("click", () => open("", { push: true }));
$("#sidebar-toggle").addEventListener("click", () => sidebar.open());
$("#sidebar-close").addEventListener("click", () => sidebar.close());
window.addEventListener("popstate", () => open(location.pathname.match(/^\/c\/([0-9a-f-]{36})\//)?.[1] || ""));
$("#lightbox").addEventListener("click", (event) => {
  if (event.target === event.currentTarget || event.target.tagName === "IMG") event.currentTarget.close();
});

// Voice: the live panel stores its own turns; they join the thread like any other message.
mountVoice(document.getElementById("voice-slot"), {
  ensureConversation,
  getConversationId: () => state.id,
  onTurnStored: (messages) => {
    thread.keepEnd(() => {
      for (const message of messages) thread.append(message);
      thread.refreshRetry();
    });
    sidebar.refresh();
  },
});

// Events from other tabs, devices and API clients (/ws/events/): no polling.
const events = connectEvents({
  "message.created": ({ conversation_id: id, message }) => {
    const shown = thread.root.querySelector(`[data-id="${CSS.escape(String(message.id))}"]`);
    if (id === state.id && !state.controller && !shown) {
      thread.keepEnd(() => {
        thread.append(message);
        thread.refreshRetry();
      });
    }
    const known = sidebar.find(id);
    if (known) {
      const count = (known.message_count || 0) + 1;
      sidebar.upsert({ ...known, updated_at: message.created_at, message_count: count });
    } else sidebar.refresh();
  },
  "conversation.created": ({ conversation }) => sidebar.find(conversation.id) || sidebar.upsert(conversation),
  "conversation.updated": ({ conversation }) => {
    const known = sidebar.find(conversation.id);
    if (known) {
      Object.assign(known, conversation);
      sidebar.render();
    } else sidebar.upsert(conversation);
    if (conversation.id === state.id && renameForm.hidden) showHeader(conversation);
  },
  "conversation.deleted": ({ conversation_id: id }) => {
    sidebar.remove(id);
    if (id === state.id) {
      open("", { push: true });
      composer.say("That conversation was deleted in another window.", "info", 6);
    }
  },
  reconnected: () => sidebar.refresh(),
});

history.replaceState({ id: app.dataset.conversationId }, "", location.href);
sidebar.refresh().then(() => sidebar.setActive(state.id));
open(app.dataset.conversationId);
