// Live captions of a call: the last turns, both sides, growing as transcript deltas arrive.
// A turn already stored in the thread is dimmed; the next words start a new one. The server
// numbers turns (`turn`) and sends turn_complete of turn n before anything of turn n + 1, so a
// numbered caption always lands in its own turn, even when a reply starts before the previous
// (interrupted) turn is stored.

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

  find(number) {
    if (number === undefined || number === null) return null;
    return this.root.querySelector(`.caption-turn[data-turn="${Number(number)}"]`);
  }

  add(role, text, number) {
    let turn = this.current();
    if (number !== undefined && number !== null) {
      // The server's number; a caption typed here (not numbered yet) joins that turn.
      const open = turn && !turn.dataset.turn && !turn.dataset.stored ? turn : null;
      turn = this.find(number) || open || this.newTurn();
      turn.dataset.turn = String(number);
    } else if (!turn || turn.dataset.stored || (role === "user" && turn.querySelector(".caption-model"))) {
      // Words from the user after the model has spoken start the next turn.
      turn = this.newTurn();
    }
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
  cut(number) {
    (this.find(number) || this.current())?.classList.add("cut");
  }

  stored(number) {
    const turn = this.find(number) || this.current();
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
