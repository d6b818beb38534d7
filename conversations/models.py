"""Stored conversations: threads, their messages, and the pictures attached to them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

TITLE_MAX_LENGTH = 300  # the one bound on a conversation's title, wherever it is set


class Conversation(models.Model):
    """One thread between a user and Gemini, whatever the mode of each exchange."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    live_resumption_handle = models.TextField(blank=True)
    live_resumption_issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="conv_owner_recent")]

    def __str__(self):
        return self.title or f"Conversation {str(self.id)[:8]}"


class Message(models.Model):
    """One turn of a conversation, typed or spoken, by the user or the model."""

    class Role(models.TextChoices):
        USER = "user", "User"
        MODEL = "model", "Model"

    class Source(models.TextChoices):
        TEXT = "text", "Text"
        VOICE = "voice", "Voice"
        WEBRTC = "webrtc", "WebRTC"

    class Status(models.TextChoices):
        COMPLETE = "complete", "Complete"
        INTERRUPTED = "interrupted", "Interrupted"
        FAILED = "failed", "Failed"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.TEXT)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.COMPLETE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at", "id"], name="msg_conv_order")]

    def __str__(self):
        return f"{self.role}: {self.text[:60]}"


def attachment_path(instance, filename):
    """Store each picture under its conversation, named by the attachment's id."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.message.conversation_id}/{instance.id}.{extension}"


class Attachment(models.Model):
    """A picture attached to a message, kept under the media root and served to its owner."""

    class Kind(models.TextChoices):
        IMAGE = "image", "Image"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IMAGE)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    mime_type = models.CharField(max_length=100)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.mime_type} {self.width}×{self.height}"
