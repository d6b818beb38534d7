// The user's event stream (/ws/events/): what other tabs, other devices and API clients change
// arrives here, so the page needs no polling. One socket per tab, reconnected with backoff;
// `app.js` maps each event type to the sidebar and the thread.

const MAX_DELAY_MS = 30000;

export function eventsUrl() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/ws/events/`;
}

// handlers: {"message.created": fn, "conversation.updated": fn, ..., reconnected: fn}
export function connectEvents(handlers, url = eventsUrl()) {
  const stream = { connected: false, stop };
  let socket = null;
  let attempts = 0;
  let opened = false;
  let timer = 0;
  let stopped = false;

  function open() {
    socket = new WebSocket(url);
    socket.onopen = () => {
      stream.connected = true;
      attempts = 0;
      if (opened) handlers.reconnected?.(); // events may have been missed meanwhile
      opened = true;
    };
    socket.onmessage = (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      if (event && typeof event.type === "string") handlers[event.type]?.(event);
    };
    socket.onclose = () => {
      stream.connected = false;
      if (stopped) return;
      const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** attempts) + Math.random() * 250;
      attempts += 1;
      timer = setTimeout(open, delay);
    };
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  }

  open();
  return stream;
}
