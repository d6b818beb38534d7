// Live captions of a call: the last turns, both sides, growing as transcript deltas arrive.
// A turn already stored in the thread is dimmed; the next words start a new one.

const MAX_TURNS = 2;

export class Captions {
  constructor(root) {
    this.root = root;
  }

  clear() {
    this.root.replaceChildren();
  }

  current() {
    return this.root.lastElementChild;
  }

  add(role, text) {
    let turn = this.current();
    // Words from the user after the model has spoken start the next turn.
    if (!turn || turn.dataset.stored || (role === "user" && turn.querySelector(".caption-model"))) turn = this.newTurn();
    let line = turn.querySelector(`.caption-${role}`);
    if (!line) {
      line = document.createElement("p");
      line.className = `caption caption-${role}`;
      line.dataset.testid = `caption-${role}`;
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = role === "user" ? "You" : "Gemini";
      const words = document.createElement("span");
      words.className = "words";
      line.append(who, words);
      turn.append(line);
    }
    line.querySelector(".words").textContent += text;
    this.root.scrollTop = this.root.scrollHeight;
  }

  // The user barged in: Gemini's words of this turn stop here.
  cut() {
    this.current()?.classList.add("cut");
  }

  stored() {
    const turn = this.current();
    if (turn) turn.dataset.stored = "true";
  }

  newTurn() {
    const turn = document.createElement("div");
    turn.className = "caption-turn";
    this.root.append(turn);
    while (this.root.children.length > MAX_TURNS) this.root.firstElementChild.remove();
    return turn;
  }
}
