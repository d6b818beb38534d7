"""Messages and conversations render the same through `message_data` and `conversation_data`
as through DRF's generic rendering of the serializers' declared fields."""

import pytest
from rest_framework import serializers

from conversations import selectors, services
from conversations.models import Message
from conversations.serializers import (
    ConversationSerializer,
    MessageSerializer,
    conversation_data,
    message_data,
)
from conversations.tests.factories import conversation_with_messages


def drf_rendering(message: Message) -> dict:
    """Render the serializer's declared fields the way DRF's ModelSerializer does."""
    return serializers.ModelSerializer.to_representation(MessageSerializer(), message)


@pytest.mark.django_db
def test_message_data_matches_drf_for_text_pictures_and_errors(user):
    """Ids, choices, text, pictures, dates and a failed reply's error: the same dict as DRF's."""
    conversation = conversation_with_messages(user, picture=True)
    failed = services.message_create(
        conversation=conversation,
        role=Message.Role.MODEL,  # an enum member, as turns pass it: rendered as its value
        text="Half a repl",
        status=Message.Status.FAILED,
        metadata={"error": {"code": "upstream_unavailable", "message": "Gemini is busy."}},
    )
    messages = list(selectors.message_list(conversation=conversation))
    assert len(messages) == 3 and messages[0].attachments.all()
    for message in [*messages, failed]:
        assert message_data(message) == drf_rendering(message)
    assert type(message_data(failed)["role"]) is str
    assert message_data(failed)["error"] == {
        "code": "upstream_unavailable",
        "message": "Gemini is busy.",
    }
    picture = message_data(messages[0])["attachments"][0]
    assert picture["url"].startswith("/api/attachments/") and picture["mime_type"] == "image/png"


@pytest.mark.django_db
def test_message_serializer_renders_through_message_data(user):
    """The API's message list and `message_data` are one implementation: the same output."""
    conversation = conversation_with_messages(user)
    messages = list(selectors.message_list(conversation=conversation))
    assert MessageSerializer(messages, many=True).data == [message_data(m) for m in messages]
    assert set(MessageSerializer().fields) == set(message_data(messages[0]))


@pytest.mark.django_db
def test_conversation_data_matches_drf_with_and_without_a_message_count(user):
    """The id as text, title, dates, and `message_count` from the annotation or 0: as DRF's."""
    conversation_with_messages(user, title="Lisbon")
    services.conversation_create(owner=user)
    listed = list(selectors.conversation_list(user=user))
    assert sorted(c.message_count for c in listed) == [0, 2]
    plain = [services.conversation_create(owner=user, title="Plain")]
    for conversation in [*listed, *plain]:
        generic = serializers.ModelSerializer.to_representation(
            ConversationSerializer(), conversation
        )
        assert conversation_data(conversation) == generic
    assert conversation_data(plain[0])["message_count"] == 0
    assert ConversationSerializer(listed, many=True).data == [conversation_data(c) for c in listed]
