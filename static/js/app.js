// The chat page: wires the sidebar, the header menu, the thread, the composer, the turn stream
// and the call view.

import { api, ApiError, sendTurn } from "./api.js";
import { Composer } from "./composer.js";
import { connectEvents } from "./events.js";
import { mountCallView } from "./live/call-view.js";
import { bindMenu, confirmDialog } from "./menus.js";
import { Sidebar } from "./sidebar.js";
import { Thread } from "./thread.js";

const app = document.getElementById("chat-app");
const $ = (selector) => document.querySelector(selector);
const titleNode = $("#thread-title");
const renameForm = $("#rename-form");
const renameInput = $("#rename-input");

const state = { id: "", title: "", controller: null, loadToken: 0 };

const sidebar = new Sidebar($("#sidebar"), {
  scrim: $("#scrim"),
  onSelect: (id) => open(id, { push: true }),
  onError: report,
});
const thread = new Thread($("#messages"), {
  lightbox: $("#lightbox"),
  toBottom: $("#to-bottom"),
  onRetry: retry,
  onRegenerate: (message) => resend(message, message.text),
  onEdit: (message, text) => resend(message, text),
});
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
const menu = bindMenu($("#thread-menu"));

// Say what went wrong: the API's words, a lost connection, or (a bug) the error itself.
function report(error) {
  console.error(error);
  let text = `Something went wrong: ${error?.message || error}`;
  if (error instanceof ApiError) text = error.message;
  else if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    text = "The server could not be reached; check your connection.";
  }
  composer.say(text, "error");
}

function showHeader(conversation) {
  state.title = conversation?.title || "";
  titleNode.textContent = state.title || "New conversation";
  titleNode.title = titleNode.textContent;
  document.title = state.title ? `${state.title} · Sesame` : "Sesame";
  $("#thread-menu").hidden = !conversation;
  const base = conversation ? `/api/conversations/${conversation.id}/export/` : "#";
  $("#export-md").href = conversation ? `${base}?format=md` : "#";
  $("#export-json").href = conversation ? `${base}?format=json` : "#";
  renameForm.hidden = true;
  titleNode.hidden = false;
}

// Open a conversation (or the empty "new conversation" state when id is empty).
async function open(id, { push = false } = {}) {
  if ((id || "") !== state.id && call && !(await call.confirmLeave())) {
    sidebar.setActive(state.id);
    return false;
  }
  if (state.controller) state.controller.abort();
  const token = ++state.loadToken;
  state.id = id || "";
  sidebar.setActive(state.id);
  sidebar.close();
  if (push) history.pushState({ id: state.id }, "", state.id ? `/c/${state.id}/` : "/");
  call?.label();
  thread.clear();
  showHeader(state.id ? sidebar.find(state.id) || { id: state.id } : null);
  if (!state.id) return composer.focus();
  try {
    const [conversation, messages] = await Promise.all([api.getConversation(id), api.allMessages(id)]);
    if (token !== state.loadToken) return true;
    showHeader(conversation);
    thread.setMessages(messages);
  } catch (error) {
    if (token !== state.loadToken) return true;
    if (error.status === 404) {
      composer.say("That conversation no longer exists.", "error", 6);
      return open("", { push: true });
    }
    report(error);
  }
  composer.focus();
  return true;
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

// Regenerate or edit: the same (or edited) words and the same pictures as a new turn.
async function resend(message, text) {
  if (state.controller) return;
  try {
    const files = await Promise.all(
      (message.attachments || []).map(async (picture, index) => {
        const blob = await (await fetch(picture.url, { credentials: "same-origin" })).blob();
        const extension = (picture.mime_type || blob.type).split("/")[1] || "png";
        return new File([blob], `picture-${index + 1}.${extension}`, { type: picture.mime_type || blob.type });
      }),
    );
    await send({ text, files });
  } catch (error) {
    report(error);
  }
}

// Run one turn: show the reply as it streams, then what was stored; errors stay inline.
async function stream(id, turn, pending) {
  const controller = new AbortController();
  state.controller = controller;
  composer.setBusy(true);
  thread.setBusy(true);
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
        reply.finish(event === "error" ? { ...data.model_message, error: data.error } : data);
        progress.done = true;
      }
    }
    if (!progress.done) throw new Error("The reply stream ended early.");
  } catch (error) {
    failed(error, { turn, pending, reply, stored: progress.stored, aborted: controller.signal.aborted });
  } finally {
    if (state.controller === controller) state.controller = null;
    composer.setBusy(false);
    thread.setBusy(false);
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
    reply.finish({ ...body.model_message, error: { code: error.code, message: error.message } });
    return;
  }
  if (stored) {
    reply.finish(localReply(reply.text, "failed", "The connection was lost before the reply was complete."));
    return;
  }
  // Nothing was stored (refused, throttled, offline): give the turn back to the composer.
  reply.node.remove();
  if (pending) thread.settle(pending);
  if (turn.retry) thread.refreshActions();
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

// Rename (in place: Enter or leaving the field saves, Escape cancels) and delete (asks first).
$("#rename-conversation").addEventListener("click", () => {
  menu.close();
  renameInput.value = state.title;
  titleNode.hidden = true;
  renameForm.hidden = false;
  renameInput.focus();
  renameInput.select();
});
async function saveRename() {
  if (renameForm.hidden) return;
  const title = renameInput.value.trim();
  if (!title || title === state.title) return showHeader(sidebar.find(state.id) || { id: state.id, title: state.title });
  try {
    const conversation = await api.renameConversation(state.id, title);
    sidebar.upsert(conversation);
    showHeader(conversation);
  } catch (error) {
    report(error);
  }
}
renameInput.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    renameForm.hidden = true;
    showHeader(sidebar.find(state.id) || { id: state.id, title: state.title });
  }
});
renameInput.addEventListener("blur", () => saveRename());
renameForm.addEventListener("submit", (event) => {
  event.preventDefault();
  saveRename();
});
$("#delete-conversation").addEventListener("click", async () => {
  menu.close();
  const ok = await confirmDialog({
    title: "Delete this conversation?",
    body: `“${state.title || "This conversation"}” and all its messages and pictures will be deleted for good.`,
    confirm: "Delete",
    danger: true,
  });
  if (!state.id || !ok) return;
  try {
    await api.deleteConversation(state.id);
    sidebar.remove(state.id);
    await open("", { push: true });
    composer.say("Conversation deleted.", "info", 4);
  } catch (error) {
    report(error);
  }
});
for (const link of [$("#export-md"), $("#export-json")]) link.addEventListener("click", () => menu.close());

// The empty state's suggestions start a conversation.
for (const chip of document.querySelectorAll(".suggestions .chip")) {
  chip.addEventListener("click", () => composer.submitText(chip.dataset.prompt));
}

// Navigation: new conversation, deep links, back/forward, the phone-sized sidebar.
$("#new-conversation").addEventListener("click", () => open("", { push: true }));
$("#sidebar-toggle").addEventListener("click", () => sidebar.open());
$("#sidebar-close").addEventListener("click", () => sidebar.close());
window.addEventListener("popstate", async () => {
  const id = location.pathname.match(/^\/c\/([0-9a-f-]{36})\//)?.[1] || "";
  if ((await open(id)) === false) history.pushState({ id: state.id }, "", state.id ? `/c/${state.id}/` : "/");
});
$("#lightbox").addEventListener("click", (event) => {
  if (event.target === event.currentTarget || event.target.tagName === "IMG") event.currentTarget.close();
});

// Voice: the call view stores its own turns; they join the thread like any other message.
const call = mountCallView($("#voice-button"), {
  ensureConversation,
  getConversationId: () => state.id,
  getTitle: () => state.title,
  confirm: confirmDialog,
  onTurnStored: (messages) => {
    for (const message of messages) thread.append(message);
    thread.refreshActions();
    return afterTurn(state.id); // a new conversation's title, for the header and the call view
  },
  onEnded: () => thread.scrollToEnd(true),
});

// Events from other tabs, devices and API clients (/ws/events/): no polling.
const events = connectEvents({
  "message.created": ({ conversation_id: id, message }) => {
    const shown = thread.root.querySelector(`[data-id="${CSS.escape(String(message.id))}"]`);
    if (id === state.id && !state.controller && !shown) {
      thread.keepEnd(() => {
        thread.append(message);
        thread.refreshActions();
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
