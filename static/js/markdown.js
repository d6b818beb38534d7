// A small, safe Markdown renderer for model text. It never parses HTML: every piece of text
// becomes a DOM text node (the strongest form of "escape first"), and only a fixed subset of
// elements is created: paragraphs, headings, lists, quotes, code fences, inline code,
// bold, italic, line breaks and links whose URL is http(s).

const INLINE = new RegExp(
  [
    "(`+)([^`]|[^`][\\s\\S]*?[^`])\\1(?!`)", // 1,2 inline code
    "\\*\\*(?=\\S)([\\s\\S]*?\\S)\\*\\*", // 3 bold
    "__(?=\\S)([\\s\\S]*?\\S)__(?!\\w)", // 4 bold
    "\\*(?=[^\\s*])([\\s\\S]*?[^\\s*])\\*", // 5 italic
    "(?<!\\w)_(?=[^\\s_])([\\s\\S]*?[^\\s_])_(?!\\w)", // 6 italic
    "\\[([^\\]\\n]+)\\]\\(\\s*(\\S+?)\\s*\\)", // 7,8 link
    "(https?:\\/\\/[^\\s<>()]+[^\\s<>().,;:!?'\"\\]])", // 9 bare URL
  ].join("|"),
);

function el(tag, children = [], attrs = {}) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function link(text, href) {
  const url = safeUrl(href);
  if (!url) return [document.createTextNode(text)];
  return [el("a", inline(text), { href: url, target: "_blank", rel: "noopener noreferrer nofollow" })];
}

// Return the nodes of one run of inline text.
export function inline(text) {
  const nodes = [];
  let rest = text;
  while (rest) {
    const match = INLINE.exec(rest);
    if (!match) break;
    if (match.index) nodes.push(...breaks(rest.slice(0, match.index)));
    const [whole, , code, bold1, bold2, em1, em2, label, href, bare] = match;
    if (code !== undefined) nodes.push(el("code", [code.replace(/^ (.*) $/, "$1")]));
    else if (bold1 !== undefined || bold2 !== undefined) nodes.push(el("strong", inline(bold1 ?? bold2)));
    else if (em1 !== undefined || em2 !== undefined) nodes.push(el("em", inline(em1 ?? em2)));
    else if (label !== undefined) nodes.push(...link(label, href));
    else if (bare !== undefined) nodes.push(...link(bare, bare));
    rest = rest.slice(match.index + whole.length);
  }
  if (rest) nodes.push(...breaks(rest));
  return nodes;
}

function breaks(text) {
  const nodes = [];
  text.split("\n").forEach((line, index) => {
    if (index) nodes.push(document.createElement("br"));
    if (line) nodes.push(document.createTextNode(line));
  });
  return nodes;
}

function codeBlock(lines, language) {
  const code = el("code", [lines.join("\n")]);
  if (language) code.dataset.language = language;
  const copy = el("button", ["Copy"], { type: "button", class: "copy-code" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.textContent);
      copy.textContent = "Copied";
    } catch {
      copy.textContent = "Copy failed";
    }
    setTimeout(() => (copy.textContent = "Copy"), 1500);
  });
  const label = language ? [el("span", [language], { class: "code-language" })] : [];
  return el("div", [el("div", [...label, copy], { class: "code-bar" }), el("pre", [code])], { class: "code-block" });
}

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;

// Return a DocumentFragment with the rendered Markdown of `source`.
export function renderMarkdown(source) {
  const fragment = document.createDocumentFragment();
  const lines = String(source).replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      const body = [];
      i += 1;
      const closing = new RegExp(`^\\s{0,3}${fence[1][0]}{${fence[1].length},}\\s*$`);
      while (i < lines.length && !closing.test(lines[i])) body.push(lines[i++]);
      i += 1; // the closing fence (or the end while the reply is still streaming)
      fragment.append(codeBlock(body, fence[2]));
      continue;
    }
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      fragment.append(el(`h${Math.min(6, heading[1].length + 2)}`, inline(heading[2])));
      i += 1;
      continue;
    }
    if (/^\s{0,3}(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
      fragment.append(document.createElement("hr"));
      i += 1;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) quoted.push(lines[i++].replace(/^\s{0,3}> ?/, ""));
      fragment.append(el("blockquote", [renderMarkdown(quoted.join("\n"))]));
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1]);
      const list = document.createElement(ordered ? "ol" : "ul");
      if (ordered && parseInt(item[1], 10) !== 1) list.setAttribute("start", String(parseInt(item[1], 10)));
      while (i < lines.length) {
        const next = LIST_ITEM.exec(lines[i]);
        if (next && /\d/.test(next[1]) === ordered) {
          list.append(el("li", inline(next[2])));
        } else if (lines[i].trim() && /^\s{2,}\S/.test(lines[i]) && list.lastChild) {
          list.lastChild.append(document.createElement("br"), ...inline(lines[i].trim()));
        } else break;
        i += 1;
      }
      fragment.append(list);
      continue;
    }
    const paragraph = [];
    while (
      i < lines.length && lines[i].trim() && !FENCE.test(lines[i]) && !LIST_ITEM.test(lines[i]) &&
      !/^\s{0,3}(#{1,6}\s|>)/.test(lines[i])
    ) {
      paragraph.push(lines[i++]);
    }
    if (!paragraph.length) paragraph.push(lines[i++]); // never stall on an odd line
    fragment.append(el("p", inline(paragraph.join("\n"))));
  }
  return fragment;
}
