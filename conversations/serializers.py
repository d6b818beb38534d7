"""The JSON shapes of the HTTP API (DESIGN §3)."""

from django.urls import reverse
from rest_framework import serializers

from conversations.models import Attachment, Conversation, Message


class ConversationSerializer(serializers.ModelSerializer):
    message_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Conversation
        fields = ["id", "title", "created_at", "updated_at", "message_count"]
        read_only_fields = ["id", "created_at", "updated_at", "message_count"]


class ConversationWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "url", "mime_type", "width", "height"]

    def get_url(self, attachment) -> str:
        return reverse("attachment-file", kwargs={"attachment_id": attachment.id})


class MessageSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "role", "source", "text", "attachments", "status", "created_at"]
        read_only_fields = fields
