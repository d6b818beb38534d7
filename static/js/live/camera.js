// The camera: a preview, and a JPEG frame every interval for Gemini (not stored).

const MAX_WIDTH = 640;

export class Camera {
  constructor(video, { onFrame, intervalMs = 1000 }) {
    this.video = video;
    this.onFrame = onFrame;
    this.intervalMs = intervalMs;
    this.stream = null;
    this.timer = null;
    this.canvas = document.createElement("canvas");
  }

  get active() {
    return this.stream !== null;
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15 } },
    });
    this.video.srcObject = this.stream;
    this.video.hidden = false;
    await this.video.play().catch(() => {});
    this.timer = setInterval(() => this.capture(), this.intervalMs);
  }

  async capture() {
    const { videoWidth: width, videoHeight: height } = this.video;
    if (!width || !height) return;
    const scale = Math.min(1, MAX_WIDTH / width);
    this.canvas.width = Math.round(width * scale);
    this.canvas.height = Math.round(height * scale);
    this.canvas.getContext("2d").drawImage(this.video, 0, 0, this.canvas.width, this.canvas.height);
    const blob = await new Promise((resolve) => this.canvas.toBlob(resolve, "image/jpeg", 0.7));
    if (blob && this.stream) this.onFrame({ mime_type: "image/jpeg", data: await toBase64(blob) });
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
  }
}

// Return a Blob's bytes as base64 (without the data: URL prefix).
export async function toBase64(blob) {
  const url = await new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  return String(url).split(",", 2)[1] || "";
}

// Return a picture the socket can carry: its longest side at most `maxSide`, under `maxBytes`.
export async function shrinkPicture(file, { maxSide = 1600, maxBytes = 700 * 1024 } = {}) {
  if (file.size <= maxBytes && file.type !== "image/gif") {
    return { mime_type: file.type || "image/jpeg", data: await toBase64(file) };
  }
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.85, 0.7, 0.5]) {
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
    if (blob && blob.size <= maxBytes) return { mime_type: "image/jpeg", data: await toBase64(blob) };
  }
  throw new Error("That picture is too large to send during a call.");
}
