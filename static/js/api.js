// The HTTP API as the page uses it: session cookie + CSRF header, the error shape as ApiError,
// and a turn read as server-sent events from a fetch() body.

const CSRF = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

export class ApiError extends Error {
  constructor(status, error = {}, headers = null) {
    super(error.message || `Request failed (${status}).`);
    this.status = status;
    this.code = error.code || "error";
    this.error = error; // may carry user_message / model_message for failed turns
    this.retryAfter = Number(headers?.get("Retry-After")) || 0;
  }
}

async function errorFrom(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's page): keep the status only
  }
  return new ApiError(response.status, body.error || {}, response.headers);
}

export async function request(method, path, body) {
  const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (method !== "GET") options.headers["X-CSRFToken"] = CSRF;
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (!response.ok) throw await errorFrom(response);
  return response.status === 204 ? null : response.json();
}

export const api = {
  listConversations: (search = "", url = null) =>
    request("GET", url || `/api/conversations/${search ? `?search=${encodeURIComponent(search)}` : ""}`),
  getConversation: (id) => request("GET", `/api/conversations/${id}/`),
  createConversation: (title = "") => request("POST", "/api/conversations/", { title }),
  renameConversation: (id, title) => request("PATCH", `/api/conversations/${id}/`, { title }),
  deleteConversation: (id) => request("DELETE", `/api/conversations/${id}/`),
  async allMessages(id) {
    const messages = [];
    let url = `/api/conversations/${id}/messages/`;
    while (url) {
      const page = await request("GET", url);
      messages.push(...page.results);
      url = page.next;
    }
    return messages;
  },
};

function parseEvent(block) {
  let event = "message";
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith("event:")) event = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  return data.length ? { event, data: JSON.parse(data.join("\n")) } : null;
}

// POST one turn and yield its events: {event: "user_message"|"delta"|"model_message"|"error", data}.
// A refusal before the stream starts (4xx, or Gemini failing before its first word) throws ApiError.
export async function* sendTurn(conversationId, { text = "", files = [], retry = false }, signal) {
  const form = new FormData();
  if (retry) form.append("retry", "true");
  if (text) form.append("text", text);
  for (const file of files) form.append("images", file, file.name || "picture");
  const response = await fetch(`/api/conversations/${conversationId}/messages/`, {
    method: "POST",
    body: form,
    signal,
    credentials: "same-origin",
    headers: { Accept: "text/event-stream", "X-CSRFToken": CSRF },
  });
  if (!response.ok) throw await errorFrom(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let match;
    while ((match = /\r?\n\r?\n/.exec(buffer))) {
      const parsed = parseEvent(buffer.slice(0, match.index));
      buffer = buffer.slice(match.index + match[0].length);
      if (parsed) yield parsed;
    }
  }
}
