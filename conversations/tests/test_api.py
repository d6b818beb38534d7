"""The conversations API: CRUD, messages, export, search, auth and per-user isolation."""

import pytest
from rest_framework.test import APIClient

from conversations.models import TITLE_MAX_LENGTH, Attachment, Conversation
from conversations.tests.factories import conversation_with_messages

pytestmark = pytest.mark.django_db


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_token_obtained_with_username_and_password(user):
    """POST /api/auth/token/ answers a token that authenticates later requests."""
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "alice", "password": "s3same-pass!"}, format="json"
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get("/api/conversations/").status_code == 200


def test_token_refused_for_a_wrong_password(user):
    """A wrong password is a 400 in the error shape."""
    response = APIClient().post(
        "/api/auth/token/", {"username": "alice", "password": "nope"}, format="json"
    )
    assert_error(response, 400, "invalid")


def test_anonymous_api_request_is_401_in_the_error_shape():
    """Without credentials the API answers 401, not a login redirect."""
    assert_error(APIClient().get("/api/conversations/"), 401, "not_authenticated")


def test_create_rename_list_and_delete(api_client):
    """A conversation can be created, renamed, listed newest first, and deleted."""
    first = api_client.post("/api/conversations/", {"title": "First"}, format="json").json()
    second = api_client.post("/api/conversations/", {}, format="json")
    assert second.status_code == 201
    second = second.json()
    assert set(second) == {"id", "title", "created_at", "updated_at", "message_count"}
    renamed = api_client.patch(
        f"/api/conversations/{first['id']}/", {"title": "Renamed"}, format="json"
    )
    assert renamed.json()["title"] == "Renamed"
    listing = api_client.get("/api/conversations/").json()
    assert listing["count"] == 2
    assert [c["id"] for c in listing["results"]] == [first["id"], second["id"]]
    assert api_client.delete(f"/api/conversations/{first['id']}/").status_code == 204
    assert not Conversation.objects.filter(id=first["id"]).exists()


def test_title_too_long_is_a_validation_error(api_client):
    """Bad input gets the error shape with the field named."""
    too_long = "x" * (TITLE_MAX_LENGTH + 1)
    response = api_client.post("/api/conversations/", {"title": too_long}, format="json")
    assert_error(response, 400, "invalid")
    assert "title" in response.json()["error"]["fields"]


def test_messages_listed_oldest_first_with_attachments(api_client, user):
    """The message list is paginated, oldest first, and links attachments."""
    conversation = conversation_with_messages(user, picture=True)
    body = api_client.get(f"/api/conversations/{conversation.id}/messages/").json()
    assert body["count"] == 2
    first, second = body["results"]
    assert (first["role"], second["role"]) == ("user", "model")
    assert first["source"] == "text" and first["status"] == "complete"
    (attachment,) = first["attachments"]
    assert attachment["width"] == 8 and attachment["mime_type"] == "image/png"
    picture = api_client.get(attachment["url"])
    assert picture.status_code == 200
    assert b"".join(picture.streaming_content).startswith(b"\x89PNG")


def test_search_matches_titles_and_message_text(api_client, user):
    """?search= finds conversations by title and by what was said in them."""
    lisbon = conversation_with_messages(user, title="Trip to Lisbon")
    conversation_with_messages(user, title="Recipes")
    by_title = api_client.get("/api/conversations/?search=lisbon").json()
    assert [c["id"] for c in by_title["results"]] == [str(lisbon.id)]
    by_text = api_client.get("/api/conversations/?search=BIFANA").json()
    assert by_text["count"] == 2
    assert by_text["results"][0]["message_count"] == 2


def test_export_markdown_and_json(api_client, user):
    """The export holds the whole thread in Markdown or JSON."""
    conversation = conversation_with_messages(user)
    markdown = api_client.get(f"/api/conversations/{conversation.id}/export/?format=md")
    assert markdown.status_code == 200
    assert markdown["Content-Type"].startswith("text/markdown")
    text = markdown.content.decode()
    assert "# Trip to Lisbon" in text and "Where should I eat?" in text and "## Gemini" in text
    exported = api_client.get(f"/api/conversations/{conversation.id}/export/?format=json").json()
    assert exported["conversation"]["title"] == "Trip to Lisbon"
    assert [m["text"] for m in exported["messages"]] == ["Where should I eat?", "Try the *bifana*."]
    bad = api_client.get(f"/api/conversations/{conversation.id}/export/?format=pdf")
    assert_error(bad, 400, "invalid")


def test_deleting_a_conversation_deletes_its_files(
    api_client, user, django_capture_on_commit_callbacks
):
    """Attachment files go with their conversation."""
    conversation = conversation_with_messages(user, picture=True)
    path = Attachment.objects.get().file.path
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.delete(f"/api/conversations/{conversation.id}/").status_code == 204
    import os

    assert not os.path.exists(path)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "method, suffix",
    [
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("get", "messages/"),
        ("get", "export/?format=md"),
        ("get", "export/?format=json"),
    ],
)
def test_another_users_conversation_is_404(api_client, other_user, method, suffix):
    """Every endpoint hides someone else's conversation behind a 404 in the error shape."""
    theirs = conversation_with_messages(other_user)
    url = f"/api/conversations/{theirs.id}/{suffix}"
    response = getattr(api_client, method)(
        url, {"title": "x"} if method == "patch" else None, format="json"
    )
    assert_error(response, 404, "not_found")
    assert Conversation.objects.get(id=theirs.id).title == "Trip to Lisbon"


def test_another_users_attachment_is_404(api_client, other_user):
    """An attachment is served only to the owner of its conversation."""
    conversation_with_messages(other_user, picture=True)
    attachment = Attachment.objects.get()
    assert_error(api_client.get(f"/api/attachments/{attachment.id}/"), 404, "not_found")


def test_attachment_needs_authentication(user):
    """Pictures are never public."""
    conversation_with_messages(user, picture=True)
    attachment = Attachment.objects.get()
    assert_error(APIClient().get(f"/api/attachments/{attachment.id}/"), 401, "not_authenticated")


def test_unknown_api_path_is_404_in_the_error_shape(api_client):
    """Even Django's own 404s under /api/ use the error shape."""
    assert_error(api_client.get("/api/nothing-here/"), 404, "not_found")
    assert_error(api_client.get("/api/conversations/not-a-uuid/"), 404, "not_found")


def test_session_auth_requires_csrf(user):
    """The browser's session auth enforces CSRF on writes."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/conversations/").status_code == 200
    assert_error(client.post("/api/conversations/", {}, format="json"), 403, "permission_denied")


def test_openapi_schema_and_docs_are_served_locally(client):
    """The schema describes the API and the docs page loads no asset from a CDN."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/conversations/{conversation_id}/messages/" in schema.json()["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
