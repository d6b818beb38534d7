"""The JSON shapes of the HTTP API (DESIGN §3)."""

import functools

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from conversations import selectors
from conversations.models import TITLE_MAX_LENGTH, Attachment, Conversation, Message


class ConversationSerializer(serializers.ModelSerializer):
    """A conversation as the API shows it; `conversation_data` renders it (see `message_data`)."""

    message_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Conversation
        fields = ["id", "title", "created_at", "updated_at", "message_count"]
        read_only_fields = ["id", "created_at", "updated_at", "message_count"]

    def to_representation(self, instance) -> dict:
        return conversation_data(instance)


class ConversationWriteSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=TITLE_MAX_LENGTH, allow_blank=True, required=False, default=""
    )


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "url", "mime_type", "width", "height"]

    def get_url(self, attachment) -> str:
        return reverse("attachment-file", kwargs={"attachment_id": attachment.id})


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class MessageSerializer(serializers.ModelSerializer):
    """A message as the API shows it. The fields describe it (schema, docs); `message_data`
    renders it, for this serializer and for every turn."""

    attachments = AttachmentSerializer(many=True, read_only=True)
    error = serializers.SerializerMethodField(
        help_text="Why a failed reply failed ({code, message}); null otherwise."
    )

    class Meta:
        model = Message
        fields = ["id", "role", "source", "text", "attachments", "status", "created_at", "error"]
        read_only_fields = fields

    def to_representation(self, instance) -> dict:
        return message_data(instance)

    @extend_schema_field(ErrorDetailSerializer(allow_null=True))
    def get_error(self, message) -> dict | None:
        """Return the stored error of a failed message (kept in its metadata)."""
        return message_error(message)


def message_error(message: Message) -> dict | None:
    """Return the stored error of a failed message (kept in its metadata), else None."""
    error = (message.metadata or {}).get("error")
    if message.status != Message.Status.FAILED or not isinstance(error, dict):
        return None
    return {"code": str(error.get("code", "error")), "message": str(error.get("message", ""))}


class TurnImageSerializer(serializers.Serializer):
    mime_type = serializers.ChoiceField(["image/jpeg", "image/png", "image/webp", "image/gif"])
    data = serializers.CharField(help_text="The picture's bytes, base64-encoded.")


class TurnSerializer(serializers.Serializer):
    """What a turn sends (documentation: the turn view checks it with tighter errors)."""

    text = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    images = TurnImageSerializer(many=True, required=False)
    retry = serializers.BooleanField(
        required=False, help_text="Answer the last user message again after a failed reply."
    )


class TurnResultSerializer(serializers.Serializer):
    user_message = MessageSerializer()
    model_message = MessageSerializer()


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


@functools.cache
def _attachment_serializer() -> AttachmentSerializer:
    return AttachmentSerializer()


_DATETIME = serializers.DateTimeField(read_only=True)  # the field DRF gives a model's dates


def conversation_data(conversation: Conversation) -> dict:
    """Return a conversation as the API shows it (`ConversationSerializer`'s fields).

    `message_count` is an annotation (`Count`) where the query made one, else 0.
    """
    return {
        "id": str(conversation.id),
        "title": conversation.title,
        "created_at": _DATETIME.to_representation(conversation.created_at),
        "updated_at": _DATETIME.to_representation(conversation.updated_at),
        "message_count": int(getattr(conversation, "message_count", 0)),
    }


def message_data(message: Message) -> dict:
    """Return a message as the API shows it (`MessageSerializer`'s fields), in one dict.

    Every turn renders its two messages: DRF's generic rendering walks a field object per
    field (46 µs a message warm, several times that when a turn's code is cold after a wait);
    this reads the attributes directly (18–33 µs). Dates go through DRF's own field,
    attachments through their serializer, built once. The tests compare it with DRF's
    rendering of the same declared fields.
    """
    render_attachment = _attachment_serializer().to_representation
    return {
        "id": message.id,
        "role": str(message.role),  # str(): a choice set in code is an enum member
        "source": str(message.source),
        "text": message.text,
        "attachments": [render_attachment(a) for a in selectors.message_pictures(message)],
        "status": str(message.status),
        "created_at": _DATETIME.to_representation(message.created_at),
        "error": message_error(message),
    }
