"""What Gemini remembers: one rule (and one picture budget) for HTTP turns and live seeding."""

import pytest

from conversations import history, selectors, services
from conversations.models import Message
from conversations.services import NewImage
from conversations.tests.factories import png_bytes
from live.store import load_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(user):
    return services.conversation_create(owner=user, title="History")


def say(conversation, role, text="", images=(), status=Message.Status.COMPLETE):
    services.message_create(
        conversation=conversation, role=role, text=text, images=images, status=status
    )


def test_pictures_past_the_budget_become_notes_for_both_transports(conversation, monkeypatch):
    """Older pictures beyond the byte budget are described, the newest always sent."""
    data = png_bytes(40, 30)
    big = NewImage(data, "image/png", 40, 30)
    monkeypatch.setattr(history, "PICTURES_BUDGET_BYTES", len(data) * 2)  # room for two
    for n in range(4):
        say(conversation, "user", f"picture {n}", images=[big])
        say(conversation, "model", f"seen {n}")
    messages = list(selectors.message_list(conversation=conversation))
    turns = history.remembered(messages)
    live = load_history(conversation)
    sent = [len(turn.images) for turn in turns if turn.role == "user"]
    assert sent == [0, 0, 1, 1]
    assert "[An earlier 40×30 picture, no longer attached.]" in turns[0].text
    assert [(t.role, t.text, len(t.images)) for t in live] == [
        (t.role, t.text, len(t.images)) for t in turns
    ]


def test_failed_replies_and_empty_messages_are_forgotten(conversation):
    """A failed reply is not remembered (a retry replaces it); turns of one role merge."""
    say(conversation, "user", "first")
    say(conversation, "model", "broken", status=Message.Status.FAILED)
    say(conversation, "user", "again")
    say(conversation, "model", "")
    say(conversation, "model", "answer")
    messages = list(selectors.message_list(conversation=conversation))
    assert [(t.role, t.text) for t in history.remembered(messages)] == [
        ("user", "first"),
        ("user", "again"),
        ("model", "answer"),
    ]
    contents = history.contents(messages)
    assert [c["role"] for c in contents] == ["user", "model"]
    assert [p["text"] for p in contents[0]["parts"]] == ["first", "again"]
    assert [t.text for t in load_history(conversation)] == ["first", "again", "answer"]


def test_the_turns_history_read_matches_the_full_read_in_one_query(
    conversation, django_assert_num_queries
):
    """A turn's history: the same messages and pictures, one query (two when pictures exist)."""
    say(conversation, "user", "words only")
    say(conversation, "model", "reply")
    with django_assert_num_queries(1):
        light = selectors.message_list_for_history(conversation=conversation)
        remembered = history.contents(light)
    assert remembered == [
        {"role": "user", "parts": [{"text": "words only"}]},
        {"role": "model", "parts": [{"text": "reply"}]},
    ]
    picture = NewImage(png_bytes(8, 6), "image/png", 8, 6)
    say(conversation, "user", "with pictures", images=[picture, picture])
    say(conversation, "model", "seen")
    full = list(selectors.message_list(conversation=conversation))
    with django_assert_num_queries(2):
        light = selectors.message_list_for_history(conversation=conversation)
        remembered = history.contents(light)
    assert remembered == history.contents(full)
    assert [m.id for m in light] == [m.id for m in full]
    assert [[a.id for a in m.attachments.all()] for m in light] == [
        [a.id for a in m.attachments.all()] for m in full
    ]
    assert len(remembered[-2]["parts"]) == 3  # the text and both pictures
