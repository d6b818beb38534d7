// The open conversation's messages: stored ones, the user's pending turn, and the reply as it
// streams in (a thinking indicator until the first words, then a cursor). The thread opens at
// its newest message and stays pinned to the end while the user has not scrolled up.

import { actionButton, el, fillBody, renderMessage } from "./message.js";

const PINNED_SLACK_PX = 80;

export class Thread {
  constructor(root, { lightbox, toBottom, onRetry, onRegenerate, onEdit }) {
    this.root = root;
    this.empty = root.querySelector("#empty-thread");
    this.content = el("div", "thread-content");
    root.append(this.content);
    this.lightbox = lightbox;
    this.toBottom = toBottom;
    this.callbacks = { onRetry, onRegenerate, onEdit };
    this.pinned = true;
    this.busy = false;
    root.addEventListener("scroll", () => {
      this.pinned = this.nearEnd();
      this.toBottom.hidden = this.pinned;
    }, { passive: true });
    toBottom.addEventListener("click", () => this.scrollToEnd(true, "smooth"));
    // Whatever grows the thread (a picture, a streaming reply, a re-render) keeps the end in view.
    new ResizeObserver(() => this.pinned && this.jumpToEnd()).observe(this.content);
    new ResizeObserver(() => this.pinned && this.jumpToEnd()).observe(root);
  }

  get messages() {
    return [...this.content.querySelectorAll("article.msg")];
  }

  clear() {
    this.content.replaceChildren();
    this.empty.hidden = false;
    this.pinned = true;
    this.toBottom.hidden = true;
  }

  setMessages(messages) {
    this.clear();
    messages.forEach((message) => this.append(message));
    this.refreshActions();
    this.scrollToEnd(true);
  }

  // Append a stored message, or update it in place when it is already shown.
  append(message) {
    const node = this.render(message);
    const existing = this.content.querySelector(`[data-id="${CSS.escape(String(message.id))}"]`);
    if (existing) existing.replaceWith(node);
    else this.content.append(node);
    this.empty.hidden = true;
    return node;
  }

  // Render one message on its own: if that fails, show its words as typed, and go on.
  render(message) {
    try {
      return renderMessage(message, { onPicture: (url, alt) => this.enlarge(url, alt) });
    } catch (error) {
      console.error("A message could not be rendered; showing its text.", error);
      const node = el("article", `msg msg-${message.role === "model" ? "model" : "user"}`, [
        el("div", "msg-body", [String(message.text ?? "")]),
      ]);
      Object.assign(node.dataset, { id: message.id, role: message.role, status: message.status, plain: "true" });
      node.dataset.testid = message.role === "model" ? "model-message" : "user-message";
      node.message = message;
      return node;
    }
  }

  enlarge(url, alt) {
    const image = this.lightbox.querySelector("img");
    image.src = url;
    image.alt = alt;
    this.lightbox.showModal();
  }

  // Offer Retry on a failed last reply, Regenerate on the last reply, Edit on the last question.
  refreshActions() {
    this.content.querySelectorAll(".turn-action, .retry").forEach((node) => node.remove());
    if (this.busy) return;
    const all = this.messages.filter((node) => !node.classList.contains("pending"));
    const last = all.at(-1);
    const lastUser = all.findLast((node) => node.dataset.role === "user");
    if (last?.dataset.role === "model" && last.dataset.status === "failed") {
      const button = el("button", "small retry", ["Retry"]);
      button.type = "button";
      button.dataset.testid = "retry";
      button.addEventListener("click", () => {
        button.remove();
        this.callbacks.onRetry();
      });
      last.querySelector(".msg-problem")?.append(button);
    } else if (last?.dataset.role === "model" && lastUser?.message?.source === "text") {
      const regenerate = actionButton("refresh", "Regenerate", "regenerate", () =>
        this.callbacks.onRegenerate(lastUser.message),
      );
      regenerate.classList.add("turn-action");
      last.querySelector(".msg-actions")?.append(regenerate);
    }
    if (lastUser?.message?.source === "text" && lastUser.message.text) {
      const edit = actionButton("edit", "Edit and send again", "edit-message", () => this.edit(lastUser));
      edit.classList.add("turn-action");
      lastUser.querySelector(".msg-actions")?.append(edit);
    }
  }

  // Edit the last message of the user in place; sending makes a new turn (the old one stays).
  edit(node) {
    const body = node.querySelector(".msg-body");
    const box = el("textarea", "edit-box");
    box.value = node.message.text;
    box.setAttribute("aria-label", "Edit your message");
    box.dataset.testid = "edit-box";
    const cancel = el("button", "secondary small", ["Cancel"]);
    const send = el("button", "primary small", ["Send"]);
    cancel.type = send.type = "button";
    send.dataset.testid = "edit-send";
    const editor = el("div", "msg-editor", [box, el("div", "edit-actions", [cancel, send])]);
    body.hidden = true;
    node.querySelector(".msg-actions").hidden = true;
    node.classList.add("editing");
    body.after(editor);
    const close = () => {
      editor.remove();
      body.hidden = false;
      node.querySelector(".msg-actions").hidden = false;
      node.classList.remove("editing");
    };
    cancel.addEventListener("click", close);
    send.addEventListener("click", () => {
      const text = box.value.trim();
      if (!text) return;
      close();
      this.callbacks.onEdit(node.message, text);
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        send.click();
      }
    });
    box.style.height = `${Math.min(box.scrollHeight + 4, 320)}px`;
    box.focus();
  }

  setBusy(busy) {
    this.busy = busy;
    this.refreshActions();
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
    this.content.append(node);
    this.empty.hidden = true;
    this.scrollToEnd(true);
    return node;
  }

  // Replace a pending turn by what the server stored (or drop it when nothing was stored).
  settle(node, message = null) {
    node.querySelectorAll("img").forEach((image) => URL.revokeObjectURL(image.src));
    if (message) node.replaceWith(this.render(message));
    else node.remove();
    this.empty.hidden = Boolean(this.messages.length);
  }

  // Start a model bubble: "thinking" until the first words, then the growing text.
  reply() {
    const node = this.render({ id: `streaming-${Date.now()}`, role: "model", source: "text", text: "", status: "complete" });
    node.classList.add("streaming", "thinking");
    node.dataset.testid = "streaming-reply";
    const thinking = el("div", "thinking-indicator", [el("span", "dots", [el("i"), el("i"), el("i")]), el("span", "", ["Thinking…"])]);
    thinking.dataset.testid = "thinking";
    thinking.setAttribute("role", "status");
    const body = node.querySelector(".msg-body");
    body.before(thinking);
    this.content.append(node);
    this.empty.hidden = true;
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
        if (deltas === 1) {
          thinking.remove();
          node.classList.remove("thinking");
        }
        frame ||= requestAnimationFrame(() => {
          frame = 0;
          fillBody(body, text, true);
        });
      },
      finish: (message) => {
        cancelAnimationFrame(frame);
        const done = this.render(message);
        done.dataset.deltas = String(deltas);
        node.replaceWith(done);
        this.refreshActions();
      },
    };
  }

  nearEnd() {
    return this.root.scrollHeight - this.root.scrollTop - this.root.clientHeight < PINNED_SLACK_PX;
  }

  jumpToEnd() {
    this.root.scrollTop = this.root.scrollHeight;
  }

  // Change the thread, staying pinned to the end unless the user had scrolled up to read.
  keepEnd(change) {
    const pinned = this.nearEnd();
    change();
    if (pinned) this.scrollToEnd(true);
  }

  scrollToEnd(force = false, behavior = "instant") {
    if (!force && !this.nearEnd()) return;
    this.pinned = true;
    this.toBottom.hidden = true;
    this.root.scrollTo({ top: this.root.scrollHeight, behavior });
  }
}
