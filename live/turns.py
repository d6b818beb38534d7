"""The turns of a live session: what the user and the model contributed, numbered in order.

Turn n is the one Gemini answers now; input that arrives while the model speaks belongs to
turn n + 1. A turn ends at Gemini's `turnComplete` (or when its connection dies) and becomes a
`TurnComplete` event carrying its number.
"""

from __future__ import annotations

from live.events import TurnComplete, UserInput


class OpenTurn:
    """What the current turn holds so far (the bridge's working state for turn `number`)."""

    __slots__ = ("number", "inputs", "voice", "model_parts", "model_started", "interrupted")

    def __init__(self, number: int):
        self.number = number
        self.inputs: list[UserInput] = []
        self.voice: UserInput | None = None
        self.model_parts: list[str] = []
        self.model_started = False
        self.interrupted = False

    @property
    def open(self) -> bool:
        return bool(self.inputs or self.model_started)

    def add_voice(self, text: str) -> None:
        if self.voice is None:
            self.voice = UserInput("voice")
            self.inputs.append(self.voice)
        self.voice.text += text

    def drop_voice(self) -> None:
        """Forget what was heard (the audio is replayed and will be heard again)."""
        if self.voice is not None:
            self.inputs.remove(self.voice)
            self.voice = None

    def complete(self, *, interrupted: bool = False) -> TurnComplete:
        return TurnComplete(
            inputs=[i for i in self.inputs if i.text.strip() or i.data],
            model_text="".join(self.model_parts).strip(),
            interrupted=self.interrupted or interrupted,
            turn=self.number,
        )


class Turns:
    """The turn being answered (`current`) and the one collecting input meanwhile (`next`)."""

    def __init__(self):
        self.current = OpenTurn(1)
        self.next = OpenTurn(2)

    def note(self, item: UserInput) -> None:
        """Add typed text or a picture (to the next turn while the model is answering)."""
        (self.next if self.current.model_started else self.current).inputs.append(item)

    def heard(self, text: str) -> int:
        """Add transcribed user speech; return the number of the turn it belongs to."""
        target = self.next if self.current.model_started else self.current
        target.add_voice(text)
        return target.number

    def answer(self, words: str = "") -> bool:
        """The model answers the current turn (with `words`); return True on its first output."""
        turn = self.current
        first = not turn.model_started
        turn.model_started = True
        if words:
            turn.model_parts.append(words)
        return first

    def complete(self) -> TurnComplete | None:
        """End the current turn (Gemini's turnComplete); None when it held nothing."""
        turn, self.current = self.current, self.next
        self.next = OpenTurn(self.current.number + 1)
        event = turn.complete()
        return event if event.inputs or event.model_text else None

    def take_open(self, *, drop_voice: bool = False) -> TurnComplete | None:
        """End the unfinished turn early (the model's part marked interrupted).

        `drop_voice`: leave out speech not answered yet (it is about to be replayed).
        """
        turn, following = self.current, self.next
        if drop_voice:
            following.drop_voice()
            if not turn.model_started:
                turn.drop_voice()
        turn.inputs += following.inputs
        if not turn.open:
            self.next = OpenTurn(turn.number + 1)
            return None
        self.current, self.next = OpenTurn(turn.number + 1), OpenTurn(turn.number + 2)
        event = turn.complete(interrupted=turn.model_started)
        return event if event.inputs or event.model_text else None
