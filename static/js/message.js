// One message of the thread: who and when, pictures sized from their stored width and height,
// the text (the user's as typed, the model's as Markdown, each rendered on its own), the stored
// error of a failed reply, and its actions (copy; regenerate or edit on the last turn).

import { copyText } from "./clipboard.js";
import { renderInto } from "./markdown.js";

const SOURCE_LABELS = { voice: "voice", webrtc: "voice" }; // a spoken turn, whichever transport
const PICTURE_BOX = { width: 224, height: 176 };
const ICONS = {
  copy: '<rect x="9" y="9" width="13" height="13" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/>',
  check: '<path d="M20 6 9 17l-5-5"/>',
  refresh: '<path d="M21 12a9 9 0 1 1-3-6.7L21 8"/><path d="M21 3v5h-5"/>',
  edit: '<path d="M12 20h9"/><path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z"/>',
};
export const FAILED_TEXT = "This reply failed.";

export function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

// A stroke icon from a fixed set (the markup is ours, never message text).
export function icon(name) {
  const template = document.createElement("template");
  template.innerHTML = `<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${ICONS[name]}</svg>`;
  return template.content.firstElementChild;
}

function timeLabel(iso) {
  const date = iso ? new Date(iso) : new Date();
  const time = el("time", "", [date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })]);
  time.dateTime = date.toISOString();
  time.title = date.toLocaleString();
  return time;
}

// Fill a message body: Markdown for the model, plain text otherwise; never throws.
export function fillBody(body, text, markdown) {
  if (!markdown) {
    body.textContent = text || "";
    return;
  }
  try {
    renderInto(body, text || "");
    delete body.dataset.plain;
  } catch (error) {
    console.error("Markdown rendering failed; showing the text as is.", error);
    body.textContent = text || "";
    body.dataset.plain = "true";
  }
}

export function actionButton(name, label, testid, onClick) {
  const button = el("button", "msg-action", [icon(name)]);
  button.type = "button";
  button.title = label;
  button.setAttribute("aria-label", label);
  button.dataset.testid = testid;
  button.addEventListener("click", onClick);
  return button;
}

export function copyButton(getText) {
  const button = actionButton("copy", "Copy", "copy-message", async () => {
    const ok = await copyText(getText());
    button.replaceChildren(icon(ok ? "check" : "copy"));
    button.title = ok ? "Copied" : "Copy failed";
    button.dataset.copied = String(ok);
    setTimeout(() => {
      button.replaceChildren(icon("copy"));
      button.title = "Copy";
    }, 1500);
  });
  return button;
}

export function renderMessage(message, { onPicture } = {}) {
  const model = message.role === "model";
  const node = el("article", `msg msg-${model ? "model" : "user"}`);
  node.dataset.id = message.id;
  node.dataset.role = message.role;
  node.dataset.status = message.status;
  node.dataset.testid = model ? "model-message" : "user-message";
  node.message = message;
  const meta = el("div", "msg-meta", [el("span", "who", [model ? "Gemini" : "You"])]);
  if (SOURCE_LABELS[message.source]) meta.append(el("span", "source", [SOURCE_LABELS[message.source]]));
  meta.append(timeLabel(message.created_at));
  node.append(meta);
  if (message.attachments?.length) node.append(pictures(message.attachments, onPicture));
  const body = el("div", "msg-body");
  fillBody(body, message.text, model);
  node.append(body);
  if (message.status === "failed") node.append(problem(errorText(message.error)));
  if (message.status === "interrupted") node.append(el("div", "msg-note", ["Stopped before the end."]));
  const actions = el("div", "msg-actions");
  if (message.text) actions.append(copyButton(() => message.text));
  node.append(actions);
  return node;
}

function pictures(attachments, onPicture) {
  const strip = el("div", "msg-pictures");
  for (const picture of attachments) {
    const image = el("img");
    image.alt = picture.width ? `Picture, ${picture.width}×${picture.height}` : "Picture";
    image.decoding = "async";
    if (picture.width && picture.height) {
      // Reserve the picture's box before it loads, so nothing below it jumps.
      const scale = Math.min(1, PICTURE_BOX.width / picture.width, PICTURE_BOX.height / picture.height);
      image.width = Math.max(1, Math.round(picture.width * scale));
      image.height = Math.max(1, Math.round(picture.height * scale));
      image.style.aspectRatio = `${picture.width} / ${picture.height}`;
    }
    const button = el("button", "picture", [image]);
    button.type = "button";
    button.title = "Enlarge";
    button.dataset.testid = "picture";
    button.setAttribute("aria-label", `Enlarge ${image.alt.toLowerCase()}`);
    image.addEventListener("error", () => {
      const chip = el("span", "picture-error", ["Picture unavailable"]);
      chip.dataset.testid = "picture-error";
      button.replaceWith(chip);
    });
    image.src = picture.url;
    button.addEventListener("click", () => onPicture?.(picture.url, image.alt));
    strip.append(button);
  }
  return strip;
}

// The words of a stored error ({code, message}), or of a local one (a string).
function errorText(error) {
  if (typeof error === "string" && error) return error;
  return error?.message || FAILED_TEXT;
}

export function problem(text) {
  const box = el("div", "msg-problem", [el("span", "", [text])]);
  box.dataset.testid = "message-error";
  return box;
}
