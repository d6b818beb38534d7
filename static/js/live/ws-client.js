// The live socket (DESIGN §4): JSON text frames for control, binary frames for PCM both ways.

export class LiveSocket {
  constructor(url, { onOpen, onFrame, onAudio, onClose }) {
    this.onFrame = onFrame;
    this.onAudio = onAudio;
    this.closedByUs = false;
    this.ws = new WebSocket(url);
    this.ws.binaryType = "arraybuffer";
    this.ws.onopen = () => onOpen?.();
    this.ws.onmessage = (event) => this.receive(event.data);
    this.ws.onclose = (event) => onClose?.(event.code, event.reason, this.closedByUs);
  }

  get open() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  receive(data) {
    if (data instanceof ArrayBuffer) {
      this.onAudio(data);
      return;
    }
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame && typeof frame.type === "string") this.onFrame(frame);
  }

  send(frame) {
    if (this.open) this.ws.send(JSON.stringify(frame));
  }

  sendAudio(buffer) {
    if (this.open) this.ws.send(buffer);
  }

  close(code = 1000) {
    this.closedByUs = true;
    if (this.ws.readyState <= WebSocket.OPEN) this.ws.close(code);
  }
}

export function liveUrl(conversationId) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/ws/live/${conversationId}/`;
}
