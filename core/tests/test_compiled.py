"""Statements compiled once per database: the same rows, values and updates as the ORM's."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db.models.signals import post_save

from conversations import services
from conversations.models import Conversation, Message
from core.db.compiled import Compiled, CompiledInsert, Param

pytestmark = pytest.mark.django_db

SAMPLE = uuid.UUID(int=0x5E5A)
BY_OWNER = Compiled(
    lambda owner, id: Conversation.objects.filter(owner_id=owner, id=id),
    owner=Param(Conversation._meta.get_field("owner"), -0x5E5A),
    id=Param(Conversation._meta.pk, SAMPLE),
)


def test_first_is_the_orms_instance_and_none_for_someone_elses(user, other_user):
    """A whole instance with typed fields, for the owner only, bound anew on each call."""
    mine = services.conversation_create(owner=user, title="Mine")
    theirs = services.conversation_create(owner=other_user, title="Theirs")
    found = BY_OWNER.first(owner=user.pk, id=mine.id)
    orm = Conversation.objects.get(id=mine.id)
    assert found == orm
    assert [getattr(found, f.attname) for f in Conversation._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Conversation._meta.concrete_fields
    ]
    assert isinstance(found.id, uuid.UUID) and found.updated_at.tzinfo is not None
    assert found.get_deferred_fields() == set()
    assert BY_OWNER.first(owner=user.pk, id=theirs.id) is None
    assert BY_OWNER.first(owner=other_user.pk, id=theirs.id).title == "Theirs"


def test_rows_are_converted_like_values_list(user):
    """`values_list` rows: the ORM's converters (UUIDs, booleans, datetimes) applied."""
    conversation = services.conversation_create(owner=user)
    services.message_create(conversation=conversation, role="user", text="one")
    services.message_create(conversation=conversation, role="model", text="two")
    columns = ("id", "conversation_id", "text", "created_at")
    compiled = Compiled(
        lambda c: Message.objects.filter(conversation_id=c).order_by("id").values_list(*columns),
        c=Param(Message._meta.get_field("conversation"), SAMPLE),
    )
    expected = list(
        Message.objects.filter(conversation=conversation).order_by("id").values_list(*columns)
    )
    assert compiled.rows(c=conversation.id) == expected
    assert compiled.rows(c=uuid.uuid4()) == []


def test_update_changes_only_the_matching_row_and_counts_it(user):
    """An update binds both the written value and the filter; it reports the rows changed."""
    first = services.conversation_create(owner=user)
    second = services.conversation_create(owner=user)
    touch = Compiled(
        lambda id: Conversation.objects.filter(id=id),
        id=Param(Conversation._meta.pk, SAMPLE),
        at=Param(
            Conversation._meta.get_field("updated_at"), datetime(2000, 1, 1, tzinfo=UTC), True
        ),
    )
    when = datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    assert touch.update({"updated_at": "at"}, id=first.id, at=when) == 1
    assert Conversation.objects.get(id=first.id).updated_at == when
    assert Conversation.objects.get(id=second.id).updated_at == second.updated_at
    assert touch.update({"updated_at": "at"}, id=uuid.uuid4(), at=when) == 0


def test_a_sample_that_matches_another_parameter_is_refused(user):
    """Samples are found by value: two equal ones cannot be told apart, so it says so."""
    twice = Compiled(
        lambda a, b: Conversation.objects.filter(id=a).exclude(id=b),
        a=Param(Conversation._meta.pk, SAMPLE),
        b=Param(Conversation._meta.pk, SAMPLE),
    )
    with pytest.raises(ValueError, match="ambiguous"):
        twice.first(a=uuid.uuid4(), b=uuid.uuid4())


def test_a_sample_a_lookup_alters_is_refused(user):
    """A value the lookup rewrites (here `icontains` wraps it in %...%) cannot be rebound."""
    altered = Compiled(
        lambda title: Conversation.objects.filter(title__icontains=title),
        title=Param(Conversation._meta.get_field("title"), "sample title"),
    )
    with pytest.raises(ValueError, match="not a parameter as given"):
        altered.rows(title="x")


def test_compiled_insert_stores_the_row_save_would_and_sets_its_key(user):
    """The same stored row as `save()`, the new key on the instance, and it reads back whole."""
    conversation = services.conversation_create(owner=user)
    insert = CompiledInsert(Message)
    metadata = {"error": {"code": "x", "message": "é"}, "n": [1, 2]}
    made = []
    for text in ("first", "second"):  # the second run binds the statement compiled by the first
        message = Message(conversation=conversation, role="model", text=text, metadata=metadata)
        insert.save(message)
        made.append(message)
    reference = Message(conversation=conversation, role="model", text="second", metadata=metadata)
    reference.save()

    first, second = made
    assert isinstance(first.pk, int) and second.pk == first.pk + 1 == reference.pk - 1
    assert not second._state.adding and second._state.db == "default"
    stored = Message.objects.get(pk=second.pk)
    columns = [f.attname for f in Message._meta.concrete_fields if f.name != "id"]
    assert [getattr(stored, c) for c in columns] == [getattr(second, c) for c in columns]
    saved = Message.objects.get(pk=reference.pk)
    assert [getattr(stored, c) for c in columns if c != "created_at"] == [
        getattr(saved, c) for c in columns if c != "created_at"
    ]
    assert stored.metadata == metadata and stored.created_at.tzinfo is not None


def test_compiled_insert_falls_back_to_save_for_signals_and_set_keys(user):
    """A `post_save` receiver still runs (save() is used), and so does a row with its key set."""
    conversation = services.conversation_create(owner=user)
    insert = CompiledInsert(Message)
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.text, created))

    post_save.connect(receiver, sender=Message)
    try:
        insert.save(Message(conversation=conversation, role="user", text="heard"))
    finally:
        post_save.disconnect(receiver, sender=Message)
    insert.save(Message(id=4242, conversation=conversation, role="user", text="keyed"))
    assert seen == [("heard", True)]
    assert Message.objects.get(pk=4242).text == "keyed"
    assert list(conversation.messages.values_list("text", flat=True)) == ["heard", "keyed"]
