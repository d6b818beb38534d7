"""Test data made through the real services."""

import io

from PIL import Image

from conversations import services
from conversations.services import NewImage


def png_bytes(width: int = 8, height: int = 6, colour=(255, 0, 0)) -> bytes:
    """Return a small solid-colour PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def conversation_with_messages(owner, *, title="Trip to Lisbon", picture=False):
    """Create a conversation with one user message (optionally with a picture) and a reply."""
    conversation = services.conversation_create(owner=owner, title=title)
    images = [NewImage(png_bytes(), "image/png", 8, 6)] if picture else []
    services.message_create(
        conversation=conversation, role="user", text="Where should I eat?", images=images
    )
    services.message_create(conversation=conversation, role="model", text="Try the *bifana*.")
    return conversation
