// The list of conversations: grouped by date, searchable, the open one highlighted.

import { api } from "./api.js";

const DAY = 24 * 60 * 60 * 1000;

function groupLabel(iso, now = new Date()) {
  const date = new Date(iso);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const day = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  if (day >= today) return "Today";
  if (day >= today - DAY) return "Yesterday";
  if (day >= today - 7 * DAY) return "Previous 7 days";
  if (day >= today - 30 * DAY) return "Previous 30 days";
  return date.toLocaleDateString([], { month: "long", year: "numeric" });
}

export class Sidebar {
  constructor(root, { scrim, onSelect, onError }) {
    this.root = root;
    this.scrim = scrim;
    scrim?.addEventListener("click", () => this.close());
    root.addEventListener("keydown", (event) => event.key === "Escape" && this.close());
    this.list = root.querySelector("#conversation-list");
    this.search = root.querySelector("#conversation-search");
    this.more = root.querySelector("#more-conversations");
    this.onSelect = onSelect;
    this.onError = onError;
    this.conversations = [];
    this.next = null;
    this.activeId = "";
    let timer = 0;
    this.search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.refresh(), 250);
    });
    this.more.addEventListener("click", () => this.load(this.next));
  }

  async refresh() {
    await this.load(null);
  }

  async load(url) {
    try {
      const page = await api.listConversations(this.search.value.trim(), url);
      this.conversations = url ? [...this.conversations, ...page.results] : page.results;
      this.next = page.next;
      this.render();
    } catch (error) {
      this.onError(error);
    }
  }

  // Put a conversation first (new, renamed or just used) without waiting for the server.
  upsert(conversation) {
    this.conversations = [conversation, ...this.conversations.filter((c) => c.id !== conversation.id)];
    this.render();
  }

  remove(id) {
    this.conversations = this.conversations.filter((c) => c.id !== id);
    this.render();
  }

  find(id) {
    return this.conversations.find((c) => c.id === id);
  }

  setActive(id) {
    this.activeId = id || "";
    for (const link of this.list.querySelectorAll("a")) {
      link.classList.toggle("active", link.dataset.id === this.activeId);
      if (link.dataset.id === this.activeId) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  render() {
    const nodes = [];
    let label = null;
    for (const conversation of this.conversations) {
      const group = groupLabel(conversation.updated_at);
      if (group !== label) {
        label = group;
        const heading = document.createElement("h2");
        heading.className = "group";
        heading.textContent = group;
        nodes.push(heading);
      }
      nodes.push(this.item(conversation));
    }
    if (!nodes.length) {
      const empty = document.createElement("p");
      empty.className = "muted";
      empty.textContent = this.search.value.trim() ? "Nothing matches." : "No conversations yet.";
      nodes.push(empty);
    }
    this.list.replaceChildren(...nodes);
    this.more.hidden = !this.next;
    this.setActive(this.activeId);
  }

  item(conversation) {
    const link = document.createElement("a");
    link.href = `/c/${conversation.id}/`;
    link.dataset.id = conversation.id;
    link.dataset.testid = "conversation-item";
    link.textContent = conversation.title || "New conversation";
    link.title = link.textContent;
    link.addEventListener("click", (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button) return;
      event.preventDefault();
      this.onSelect(conversation.id);
    });
    return link;
  }

  open() {
    this.root.classList.add("open");
    if (this.scrim) this.scrim.hidden = false;
    this.root.querySelector("#new-conversation")?.focus({ preventScroll: true }); // no keyboard pop-up
  }

  close() {
    this.root.classList.remove("open");
    if (this.scrim) this.scrim.hidden = true;
  }
}
