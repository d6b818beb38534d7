"""Render a whole conversation for download."""

from conversations.serializers import ConversationSerializer, MessageSerializer

ROLE_NAMES = {"user": "You", "model": "Gemini"}


def export_json(conversation, messages) -> dict:
    """Return the conversation and all its messages as one JSON-ready dict."""
    return {
        "conversation": ConversationSerializer(conversation).data,
        "messages": MessageSerializer(messages, many=True).data,
    }


def export_markdown(conversation, messages) -> str:
    """Return the conversation as a Markdown document."""
    lines = [f"# {conversation}", "", f"_Started {conversation.created_at:%Y-%m-%d %H:%M} UTC_", ""]
    for message in messages:
        heading = f"## {ROLE_NAMES.get(message.role, message.role)}"
        if message.source != "text":
            heading += f" ({message.source})"
        if message.status != "complete":
            heading += f" [{message.status}]"
        lines += [heading, f"_{message.created_at:%Y-%m-%d %H:%M:%S} UTC_", ""]
        if message.text:
            lines += [message.text, ""]
        for attachment in message.attachments.all():
            lines += [f"![{attachment}](attachment:{attachment.id})", ""]
    return "\n".join(lines)
