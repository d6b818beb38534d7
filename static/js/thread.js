// The open conversation's messages: stored ones, the user's pending turn, and the reply as it
// streams in. User text is shown as typed (textContent); model text through the safe Markdown.

import { renderMarkdown } from "./markdown.js";

const SOURCE_LABELS = { voice: "voice", webrtc: "video call" };

function el(tag, className, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function timeLabel(iso) {
  const date = iso ? new Date(iso) : new Date();
  const time = el("time", "", [date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })]);
  time.dateTime = date.toISOString();
  time.title = date.toLocaleString();
  return time;
}

export class Thread {
  constructor(root, { lightbox, onRetry }) {
    this.root = root;
    this.empty = root.querySelector("#empty-thread");
    this.lightbox = lightbox;
    this.onRetry = onRetry;
  }

  clear() {
    this.root.replaceChildren(this.empty);
    this.empty.hidden = false;
  }

  setMessages(messages) {
    this.clear();
    messages.forEach((message) => this.append(message));
    this.refreshRetry();
    this.scrollToEnd(true);
  }

  // Append a stored message, or update it in place when it is already shown.
  append(message) {
    const node = this.render(message);
    const existing = this.root.querySelector(`[data-id="${CSS.escape(String(message.id))}"]`);
    if (existing) existing.replaceWith(node);
    else this.root.append(node);
    this.empty.hidden = true;
    return node;
  }

  render(message) {
    const model = message.role === "model";
    const node = el("article", `msg msg-${model ? "model" : "user"}`);
    node.dataset.id = message.id;
    node.dataset.role = message.role;
    node.dataset.status = message.status;
    node.dataset.testid = model ? "model-message" : "user-message";
    const meta = el("div", "msg-meta", [el("span", "who", [model ? "Gemini" : "You"])]);
    if (SOURCE_LABELS[message.source]) meta.append(el("span", "source", [SOURCE_LABELS[message.source]]));
    meta.append(timeLabel(message.created_at));
    node.append(meta);
    if (message.attachments?.length) node.append(this.pictures(message.attachments));
    const body = el("div", "msg-body");
    this.fill(body, message.text, model);
    node.append(body);
    if (message.status === "failed") node.append(this.problem(message.error || "This reply failed."));
    if (message.status === "interrupted") node.append(el("div", "msg-note", ["Stopped before the end."]));
    return node;
  }

  fill(body, text, markdown) {
    if (markdown) body.replaceChildren(renderMarkdown(text || ""));
    else body.textContent = text || "";
  }

  pictures(attachments) {
    const strip = el("div", "msg-pictures");
    for (const picture of attachments) {
      const image = el("img");
      image.src = picture.url;
      image.alt = picture.width ? `Picture, ${picture.width}×${picture.height}` : "Picture";
      image.loading = "lazy";
      if (picture.width) {
        image.width = picture.width;
        image.height = picture.height;
      }
      const button = el("button", "picture", [image]);
      button.type = "button";
      button.title = "Enlarge";
      button.dataset.testid = "picture";
      button.addEventListener("click", () => this.enlarge(picture.url, image.alt));
      strip.append(button);
    }
    return strip;
  }

  enlarge(url, alt) {
    const image = this.lightbox.querySelector("img");
    image.src = url;
    image.alt = alt;
    this.lightbox.showModal();
  }

  problem(text) {
    const box = el("div", "msg-problem", [el("span", "", [text])]);
    box.dataset.testid = "message-error";
    return box;
  }

  // Offer "Retry" on the last message only, when it is a failed reply.
  refreshRetry() {
    this.root.querySelectorAll(".retry").forEach((button) => button.remove());
    const last = this.root.querySelector("article.msg:last-of-type");
    if (last?.dataset.role === "model" && last.dataset.status === "failed") {
      const button = el("button", "small retry", ["Retry"]);
      button.type = "button";
      button.dataset.testid = "retry";
      button.addEventListener("click", () => {
        button.remove();
        this.onRetry();
      });
      last.querySelector(".msg-problem").append(button);
    }
  }

  // Show the user's turn before the server has stored it; return the element.
  pending(text, files) {
    const node = this.render({
      id: `pending-${Date.now()}`,
      role: "user",
      source: "text",
      text,
      status: "complete",
      attachments: files.map((file) => ({ url: URL.createObjectURL(file) })),
    });
    node.classList.add("pending");
    this.root.append(node);
    this.empty.hidden = true;
    this.scrollToEnd(true);
    return node;
  }

  // Replace a pending turn by what the server stored (or drop it when nothing was stored).
  settle(node, message = null) {
    node.querySelectorAll("img").forEach((image) => URL.revokeObjectURL(image.src));
    if (message) node.replaceWith(this.render(message));
    else node.remove();
    this.empty.hidden = Boolean(this.root.querySelector("article.msg"));
  }

  // Start a model bubble that fills as deltas arrive; return its controller.
  reply() {
    const node = this.render({ id: `streaming-${Date.now()}`, role: "model", source: "text", text: "", status: "complete" });
    node.classList.add("streaming");
    node.dataset.testid = "streaming-reply";
    const body = node.querySelector(".msg-body");
    this.root.append(node);
    this.scrollToEnd(true);
    let text = "";
    let frame = 0;
    let deltas = 0; // kept on the finished message (data-deltas): how the reply arrived
    return {
      node,
      get text() {
        return text;
      },
      add: (delta) => {
        text += delta;
        deltas += 1;
        frame ||= requestAnimationFrame(() => {
          frame = 0;
          this.keepEnd(() => this.fill(body, text, true));
        });
      },
      finish: (message) => {
        cancelAnimationFrame(frame);
        const done = this.render(message);
        done.dataset.deltas = String(deltas);
        this.keepEnd(() => {
          node.replaceWith(done);
          this.refreshRetry();
        });
      },
    };
  }

  nearEnd() {
    return this.root.scrollHeight - this.root.scrollTop - this.root.clientHeight < 120;
  }

  // Change the thread, staying pinned to the end unless the user had scrolled up to read.
  keepEnd(change) {
    const pinned = this.nearEnd();
    change();
    if (pinned) this.root.scrollTop = this.root.scrollHeight;
  }

  scrollToEnd(force = false) {
    if (force || this.nearEnd()) this.root.scrollTop = this.root.scrollHeight;
  }
}
