"""The deterministic, honest "model": replies that quote, remember and describe."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageStat

from . import wire

logger = logging.getLogger(__name__)

PREFIX = "[Gemini emulator]"
IMAGE_TOKENS = 258
_CALL = re.compile(r"\bcall\s+([A-Za-z_][\w.-]*)", re.IGNORECASE)
_LARGE_IMAGE_PIXELS = 2_000_000


@dataclass
class Turn:
    """One turn of a conversation, reduced to what the model needs to remember."""

    role: str  # "user" or "model"
    text: str = ""
    pictures: list[str] = field(default_factory=list)
    tool_results: list[str] = field(default_factory=list)
    audio_ms: float = 0.0

    @property
    def said(self) -> str:
        """Return what this turn says, for quoting."""
        if self.text:
            return self.text
        if self.pictures:
            return "(a picture)"
        return ""


@dataclass
class Reply:
    """What the model answers: text, or a call of a declared function."""

    text: str = ""
    tool_call: str | None = None


@dataclass
class Frame:
    """The newest video frame of a Live session."""

    data: bytes
    mime_type: str
    number: int


def describe_image(data: bytes, mime_type: str = "") -> str:
    """Describe a picture by format, pixel size and mean colour."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or mime_type.partition("/")[2].upper() or "unknown"
            width, height = img.size
            if width * height > _LARGE_IMAGE_PIXELS:
                img.draft("RGB", (width // 4, height // 4))
            mean = ImageStat.Stat(img.convert("RGB")).mean
    except Exception:  # noqa: BLE001 - any undecodable payload is described, not raised
        return f"an unreadable {mime_type or 'image'} attachment of {len(data)} bytes"
    colour = "#" + "".join(f"{min(255, round(c)):02x}" for c in mean[:3])
    return f"a {fmt} image, {width}×{height} pixels, mean colour {colour}"


def turn_from_content(content: dict) -> Turn:
    """Convert a Gemini `Content` dict (either key casing) into a Turn."""
    turn = Turn(role=wire.field(content, "role") or "user")
    texts = []
    for part in wire.field(content, "parts") or []:
        if not isinstance(part, dict):
            continue
        if isinstance(wire.field(part, "text"), str):
            texts.append(wire.field(part, "text"))
        blob = wire.field(part, "inlineData")
        if isinstance(blob, dict):
            _add_blob(turn, blob)
        result = wire.field(part, "functionResponse")
        if isinstance(result, dict):
            turn.tool_results.append(_quote_tool_result(result))
    turn.text = " ".join(t.strip() for t in texts if t.strip())
    return turn


def _add_blob(turn: Turn, blob: dict) -> None:
    mime_type = wire.field(blob, "mimeType") or ""
    try:
        data = wire.b64decode(wire.field(blob, "data") or "")
    except ValueError:
        turn.pictures.append(f"an undecodable {mime_type or 'inline'} attachment")
        return
    if mime_type.startswith("image/"):
        turn.pictures.append(describe_image(data, mime_type))
    elif mime_type.startswith("audio/"):
        turn.audio_ms += len(data) / 2 / wire.mime_rate(mime_type, 16_000) * 1000
    else:
        turn.pictures.append(f"a {mime_type or 'binary'} attachment of {len(data)} bytes")


def _quote_tool_result(result: dict) -> str:
    name = wire.field(result, "name") or "?"
    body = json.dumps(wire.field(result, "response") or {}, sort_keys=True, ensure_ascii=False)
    return f"The function {name} returned {body}."


def compose_reply(
    history: Sequence[Turn],
    turn: Turn,
    *,
    frame: Frame | None = None,
    functions: Iterable[str] = (),
) -> Reply:
    """Answer `turn` given the earlier turns, the newest video frame and declared functions."""
    call = _requested_call(turn.text, functions)
    if call is not None:
        return Reply(tool_call=call)
    sentences = [PREFIX]
    if turn.tool_results:
        sentences.extend(turn.tool_results)
    if turn.said or not turn.tool_results:
        sentences.append(f'You said: "{turn.said}".')
    if turn.pictures:
        sentences.append("I see " + "; and ".join(turn.pictures) + ".")
    lowered = turn.text.lower()
    if "what did i say" in lowered:
        sentences.append(_recall(history))
    if "what do you see" in lowered or "what can you see" in lowered:
        sentences.append(_look(frame, bool(turn.pictures)))
    return Reply(text=" ".join(sentences))


def _requested_call(text: str, functions: Iterable[str]) -> str | None:
    declared = set(functions)
    for match in _CALL.finditer(text):
        if match.group(1).rstrip(".") in declared:
            return match.group(1).rstrip(".")
    return None


def _recall(history: Sequence[Turn]) -> str:
    earlier = [t.said for t in history if t.role == "user" and t.said]
    if not earlier:
        return "You said nothing before that."
    listed = "; ".join(f'{i}. "{said}"' for i, said in enumerate(earlier, 1))
    return f"Before that you said: {listed}."


def _look(frame: Frame | None, has_pictures: bool) -> str:
    if frame is not None:
        description = describe_image(frame.data, frame.mime_type)
        return f"In the video (frame {frame.number}) I see {description}."
    if has_pictures:
        return "There is no video."
    return "I see no picture and no video."


def tokens(text: str) -> int:
    """Estimate the token count of a text the way usage metadata needs it."""
    return max(1, len(text) // 4) if text else 0


def turn_tokens(turn: Turn) -> int:
    """Estimate the prompt tokens one turn costs."""
    return tokens(turn.text) + IMAGE_TOKENS * len(turn.pictures) + int(turn.audio_ms * 0.032)


def split_text(text: str, pieces: int) -> list[str]:
    """Split text at word boundaries into at most `pieces` chunks that concatenate back."""
    words = re.findall(r"\S+\s*", text)
    if not words:
        return [text] if text else []
    pieces = max(1, min(pieces, len(words)))
    bounds = [round(i * len(words) / pieces) for i in range(pieces + 1)]
    return ["".join(words[bounds[i] : bounds[i + 1]]) for i in range(pieces)]
