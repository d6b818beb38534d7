"""The admin shows the stored history to operators, read-only."""

import pytest

from conversations.models import Attachment, Message
from conversations.tests.factories import conversation_with_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def test_conversation_list_and_change_pages_show_messages(admin_client_, user):
    """A superuser sees conversations and their messages with picture thumbnails."""
    conversation = conversation_with_messages(user, picture=True)
    listing = admin_client_.get("/admin/conversations/conversation/")
    assert listing.status_code == 200 and b"Trip to Lisbon" in listing.content
    page = admin_client_.get(f"/admin/conversations/conversation/{conversation.id}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Where should I eat?" in html and "Try the *bifana*." in html
    attachment = Attachment.objects.get()
    assert f"/admin/attachments/{attachment.id}/" in html
    assert admin_client_.get(f"/admin/attachments/{attachment.id}/").status_code == 200


def test_search_and_filters(admin_client_, user):
    """Search by message text and username, filter by source and status."""
    conversation_with_messages(user)
    found = admin_client_.get("/admin/conversations/conversation/?q=bifana").content
    assert b"Trip to Lisbon" in found
    assert (
        b"Trip to Lisbon" in admin_client_.get("/admin/conversations/conversation/?q=alice").content
    )
    assert (
        b"0 conversations"
        in admin_client_.get("/admin/conversations/conversation/?q=nothing-like-this").content
    )
    voice = admin_client_.get("/admin/conversations/message/?source__exact=voice").content
    assert b"Where should I eat?" not in voice
    text = admin_client_.get("/admin/conversations/message/?status__exact=complete").content
    assert b"Where should I eat?" in text


def test_stored_messages_cannot_be_rewritten(admin_client_, user):
    """A POST to a message's change page does not alter it."""
    conversation_with_messages(user)
    message = Message.objects.first()
    page = admin_client_.get(f"/admin/conversations/message/{message.id}/change/")
    assert page.status_code == 200 and b"Where should I eat?" in page.content
    response = admin_client_.post(
        f"/admin/conversations/message/{message.id}/change/", {"text": "rewritten"}
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.text == "Where should I eat?"


def test_attachment_preview_needs_staff(client, user):
    """The admin's picture view is not a way around ownership."""
    conversation_with_messages(user, picture=True)
    client.force_login(user)
    assert client.get(f"/admin/attachments/{Attachment.objects.get().id}/").status_code == 404


def test_attachment_preview_needs_the_view_permission(client, user, make_user):
    """Staff without `view_attachment` get a 404; granting the permission shows the picture."""
    from django.contrib.auth.models import Permission

    conversation_with_messages(user, picture=True)
    url = f"/admin/attachments/{Attachment.objects.get().id}/"
    staff = make_user("clerk", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 404
    staff.user_permissions.add(Permission.objects.get(codename="view_attachment"))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("transport", ["wsgi", "asgi"])
async def test_a_flash_message_is_shown_once_after_the_redirect(transport, make_user, user):
    """The admin's "deleted successfully" notice reaches the next page once, then is gone
    (message storage is made only when a page uses it)."""
    from asgiref.sync import sync_to_async
    from django.test import AsyncClient, Client

    conversation = await sync_to_async(conversation_with_messages)(user)
    root = await sync_to_async(make_user)("root", is_staff=True, is_superuser=True)
    client = AsyncClient() if transport == "asgi" else Client()
    await sync_to_async(client.force_login)(root)

    async def call(method, url, data=None):
        if transport == "asgi":
            return await getattr(client, method)(url, data or {})
        return await sync_to_async(getattr(client, method))(url, data or {})

    url = f"/admin/conversations/conversation/{conversation.id}/delete/"
    deleted = await call("post", url, {"post": "yes"})
    assert deleted.status_code == 302
    listing = await call("get", deleted["Location"])
    assert "was deleted successfully" in listing.content.decode()
    again = await call("get", deleted["Location"])
    assert "was deleted successfully" not in again.content.decode()
