// The composer: text, pictures (button, paste, drag-and-drop) with previews, Enter to send.

const TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];

export class Composer {
  constructor(form, { dropZone, overlay, limits, onSubmit, onStop }) {
    this.form = form;
    this.text = form.querySelector("#composer-text");
    this.fileInput = form.querySelector("#file-input");
    this.previews = form.querySelector("#previews");
    this.notice = form.querySelector("#composer-notice");
    this.send = form.querySelector("#send");
    this.stop = form.querySelector("#stop");
    this.limits = limits;
    this.onSubmit = onSubmit;
    this.files = [];
    this.busy = false;
    this.noticeTimer = 0;

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.text.addEventListener("input", () => this.autosize());
    form.querySelector("#attach").addEventListener("click", () => this.fileInput.click());
    this.fileInput.addEventListener("change", () => {
      this.add([...this.fileInput.files]);
      this.fileInput.value = "";
    });
    this.text.addEventListener("paste", (event) => {
      const files = [...(event.clipboardData?.files || [])].filter((f) => f.type.startsWith("image/"));
      if (files.length) {
        event.preventDefault();
        this.add(files);
      }
    });
    this.stop.addEventListener("click", onStop);
    this.watchDrops(dropZone, overlay);
  }

  watchDrops(zone, overlay) {
    let depth = 0;
    const hasFiles = (event) => [...(event.dataTransfer?.types || [])].includes("Files");
    zone.addEventListener("dragenter", (event) => {
      if (!hasFiles(event)) return;
      depth += 1;
      overlay.hidden = false;
    });
    zone.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (!depth) overlay.hidden = true;
    });
    zone.addEventListener("dragover", (event) => {
      if (hasFiles(event)) event.preventDefault();
    });
    zone.addEventListener("drop", (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth = 0;
      overlay.hidden = true;
      this.add([...event.dataTransfer.files]);
    });
  }

  // Accept pictures within the documented limits; say why any other file is left out.
  add(files) {
    const problems = [];
    for (const file of files) {
      if (!TYPES.includes(file.type)) problems.push(`${file.name || "That file"} is not a JPEG, PNG, WebP or GIF picture.`);
      else if (file.size > this.limits.maxImageBytes) problems.push(`${file.name || "That picture"} is larger than ${Math.round(this.limits.maxImageBytes / 1048576)} MB.`);
      else if (this.files.length >= this.limits.maxImages) problems.push(`At most ${this.limits.maxImages} pictures per message.`);
      else this.files.push(file);
    }
    this.renderPreviews();
    if (problems.length) this.say([...new Set(problems)].join(" "), "error");
    this.text.focus();
  }

  renderPreviews() {
    this.previews.querySelectorAll("img").forEach((image) => URL.revokeObjectURL(image.src));
    this.previews.replaceChildren(
      ...this.files.map((file, index) => {
        const item = document.createElement("div");
        item.className = "preview";
        item.dataset.testid = "preview";
        const image = document.createElement("img");
        image.alt = file.name || "Picture";
        image.addEventListener("error", () => {
          // Not a picture the browser can show: say so instead of a broken-image icon.
          const chip = document.createElement("span");
          chip.className = "preview-error";
          chip.dataset.testid = "preview-error";
          chip.textContent = `${file.name || "Picture"} can’t be shown`;
          image.replaceWith(chip);
          item.classList.add("broken");
        });
        image.src = URL.createObjectURL(file);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "remove";
        remove.textContent = "✕";
        remove.setAttribute("aria-label", `Remove ${file.name || "picture"}`);
        remove.addEventListener("click", () => {
          this.files.splice(index, 1);
          this.renderPreviews();
        });
        item.append(image, remove);
        return item;
      }),
    );
  }

  submit() {
    if (this.busy) return;
    const text = this.text.value.trim();
    if (!text && !this.files.length) return;
    if (text.length > this.limits.maxTextChars) {
      this.say(`A message holds at most ${this.limits.maxTextChars.toLocaleString()} characters.`, "error");
      return;
    }
    const files = this.files;
    this.clear();
    this.onSubmit({ text, files });
  }

  // Send words without typing them (the empty state's suggestions).
  submitText(text) {
    this.text.value = text;
    this.submit();
  }

  clear() {
    this.text.value = "";
    this.files = [];
    this.renderPreviews();
    this.autosize();
    this.hideNotice();
  }

  // Put an unsent turn back, so nothing the user typed or attached is lost.
  restore({ text, files }) {
    if (!this.text.value) this.text.value = text;
    this.files = [...files, ...this.files].slice(0, this.limits.maxImages);
    this.renderPreviews();
    this.autosize();
  }

  setBusy(busy) {
    this.busy = busy;
    this.send.hidden = busy;
    this.stop.hidden = !busy;
  }

  say(message, kind = "info", seconds = 0) {
    clearTimeout(this.noticeTimer);
    this.notice.textContent = message;
    this.notice.dataset.kind = kind;
    this.notice.hidden = false;
    if (seconds) this.noticeTimer = setTimeout(() => this.hideNotice(), seconds * 1000);
  }

  hideNotice() {
    this.notice.hidden = true;
  }

  autosize() {
    this.text.style.height = "auto";
    this.text.style.height = `${Math.min(this.text.scrollHeight, 200)}px`;
  }

  // Focus the box, except on touch screens, where that would raise the keyboard unasked.
  focus() {
    if (window.matchMedia("(hover: hover)").matches) this.text.focus();
  }
}
