// Menus and the confirmation dialog: a ⋯ button menu (Escape, outside click and arrow keys),
// account menus (<details>) that close on an outside click, and confirmDialog() → Promise<bool>.

export function bindMenu(root) {
  const button = root.querySelector("[aria-haspopup]");
  const items = root.querySelector("[role=menu]");
  const entries = () => [...items.querySelectorAll("[role=menuitem]")];
  const close = ({ focus = false } = {}) => {
    items.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (focus) button.focus();
  };
  const open = () => {
    items.hidden = false;
    button.setAttribute("aria-expanded", "true");
    entries()[0]?.focus();
  };
  button.addEventListener("click", () => (items.hidden ? open() : close()));
  document.addEventListener("click", (event) => {
    if (!items.hidden && !root.contains(event.target)) close();
  });
  items.addEventListener("keydown", (event) => {
    const list = entries();
    const index = list.indexOf(document.activeElement);
    if (event.key === "Escape") close({ focus: true });
    else if (event.key === "ArrowDown") list[(index + 1) % list.length].focus();
    else if (event.key === "ArrowUp") list[(index - 1 + list.length) % list.length].focus();
    else return;
    event.preventDefault();
  });
  return { close, open };
}

// Close every open <details class="menu"> when the user clicks elsewhere or presses Escape.
for (const details of document.querySelectorAll("details.menu")) {
  document.addEventListener("click", (event) => {
    if (details.open && !details.contains(event.target)) details.open = false;
  });
  details.addEventListener("keydown", (event) => {
    if (event.key === "Escape") details.open = false;
  });
}

// Ask a question in the page's own dialog; resolve true when confirmed.
export function confirmDialog({ title, body = "", confirm = "OK", danger = false }) {
  const dialog = document.getElementById("confirm-dialog");
  dialog.querySelector("#confirm-title").textContent = title;
  dialog.querySelector("#confirm-body").textContent = body;
  const ok = dialog.querySelector("#confirm-ok");
  ok.textContent = confirm;
  ok.classList.toggle("danger-fill", danger);
  dialog.returnValue = "";
  dialog.showModal();
  ok.focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}
