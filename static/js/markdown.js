// Model text as GitHub-flavoured Markdown: parsed by marked, sanitised by DOMPurify, code
// highlighted by highlight.js (all vendored). Raw HTML in a message is shown as text; links are
// kept only for http(s) and mailto and open in a new tab. `renderInto` patches the DOM so a
// streaming reply re-renders without flicker: unchanged blocks are left alone.

import DOMPurify from "../vendor/dompurify@3.5.0/purify.es.mjs";
import { Marked } from "../vendor/marked@18.2.1/marked.esm.js";
import { copyText } from "./clipboard.js";

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
const HIGHLIGHT_JS = "../vendor/highlightjs-cdn-assets@11.12.0/highlight.min.js";
let hljs = null; // highlight.js, loaded the first time a reply holds a code block
let loading = null;

function highlight(code) {
  const language = code.dataset.lang;
  if (!hljs || !language || !hljs.getLanguage(language) || code.classList.contains("hljs")) return;
  try {
    code.innerHTML = hljs.highlight(code.textContent, { language, ignoreIllegals: true }).value;
    code.classList.add("hljs");
  } catch {
    // leave the plain text
  }
}

function loadHighlighter() {
  loading ||= import(HIGHLIGHT_JS)
    .then((module) => {
      hljs = module.default;
      document.querySelectorAll(".code-block code[data-lang]").forEach(highlight);
    })
    .catch((error) => console.warn("Code colouring is unavailable.", error));
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // Raw HTML is never markup here: show it as the text it is.
    html: ({ text }) => escapeHtml(text),
    code: ({ text, lang }) => `<pre><code data-lang="${escapeHtml((lang || "").split(/\s/)[0])}">${escapeHtml(text)}</code></pre>\n`,
    // Pictures from the web are not loaded (tracking, layout jumps): show them as links.
    image: ({ href, text }) => `<a href="${escapeHtml(href || "")}">${escapeHtml(text || href || "picture")}</a>`,
  },
});

const purify = DOMPurify(window);
purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    let url = null;
    try {
      url = new URL(node.getAttribute("href") || "", location.href);
    } catch {
      url = null;
    }
    if (!url || !SAFE_PROTOCOLS.has(url.protocol) || !/^(https?|mailto):/i.test(node.getAttribute("href") || "")) {
      node.removeAttribute("href");
    } else {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  }
  if (node.tagName === "INPUT" && node.getAttribute("type") !== "checkbox") node.remove();
  if (node.tagName === "INPUT") node.setAttribute("disabled", "");
});
const PURIFY_OPTIONS = {
  RETURN_DOM_FRAGMENT: true,
  FORBID_TAGS: ["img", "style", "form", "button", "textarea", "select", "iframe", "video", "audio", "svg", "math"],
  FORBID_ATTR: ["style", "class", "id", "name"],
  ADD_ATTR: ["target"],
};

// Return a sanitised fragment for Markdown text (throws only if a library does).
export function renderMarkdown(text) {
  const html = marked.parse(text || "");
  const fragment = purify.sanitize(html, PURIFY_OPTIONS);
  for (const table of fragment.querySelectorAll("table")) {
    const wrap = document.createElement("div");
    wrap.className = "table-wrap";
    table.replaceWith(wrap);
    wrap.append(table);
  }
  for (const code of fragment.querySelectorAll("pre > code")) decorateCode(code);
  return fragment;
}

function decorateCode(code) {
  const pre = code.parentElement;
  const language = (code.getAttribute("data-lang") || "").trim();
  const block = document.createElement("div");
  block.className = "code-block";
  const bar = document.createElement("div");
  bar.className = "code-bar";
  const label = document.createElement("span");
  label.textContent = language || "code";
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "copy-code";
  copy.textContent = "Copy";
  copy.setAttribute("aria-label", "Copy code");
  copy.addEventListener("click", async () => {
    copy.textContent = (await copyText(code.textContent)) ? "Copied" : "Copy failed";
    setTimeout(() => (copy.textContent = "Copy"), 1500);
  });
  bar.append(label, copy);
  pre.replaceWith(block);
  block.append(bar, pre);
  if (!language) return;
  if (hljs) highlight(code);
  else loadHighlighter();
}

// Render Markdown into `target`, replacing only the top-level blocks that changed.
export function renderInto(target, text) {
  const fresh = [...renderMarkdown(text).childNodes].filter(
    (node) => node.nodeType === Node.ELEMENT_NODE || node.textContent.trim(),
  );
  const old = [...target.childNodes];
  fresh.forEach((node, index) => {
    const current = old[index];
    if (!current) target.append(node);
    else if (!current.isEqualNode(node)) current.replaceWith(node);
  });
  for (const extra of old.slice(fresh.length)) extra.remove();
}
