"""Bad turns are refused fast with a 4xx in the error shape, store nothing, never call Gemini."""

import base64
import io
import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from conversations import services
from conversations.models import Attachment, Message
from conversations.tests.test_images import picture, png_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


@pytest.fixture
def conversation(user):
    return services.conversation_create(owner=user)


@pytest.fixture
def refused(api_client, conversation, emulator):
    """Return a function that sends a turn and checks it was refused without side effects."""

    def check(status: int, code: str, body=None, *, fmt="json", client=None, url=None):
        started = time.perf_counter()
        response = (client or api_client).post(
            url or f"/api/conversations/{conversation.id}/messages/", body or {}, format=fmt
        )
        elapsed = time.perf_counter() - started
        assert response.status_code == status, response.content
        error = response.json()["error"]
        assert error["code"] == code and error["message"]
        assert Message.objects.count() == 0 and Attachment.objects.count() == 0
        assert emulator.counters()["rest_requests"] == 0
        assert elapsed < 1.0
        return error

    return check


def image_item(data: bytes, mime_type="image/png") -> dict:
    return {"mime_type": mime_type, "data": base64.b64encode(data).decode()}


def named_file(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_empty_turn(refused):
    """No text (or only spaces) and no picture."""
    refused(400, "empty_turn", {})
    refused(400, "empty_turn", {"text": "   \n"})


def test_text_too_long(refused, settings):
    """More than SESAME_MAX_TEXT_CHARS characters."""
    error = refused(400, "text_too_long", {"text": "x" * (settings.SESAME_MAX_TEXT_CHARS + 1)})
    assert "100,000" in error["message"]


def test_too_many_pictures(refused):
    """More pictures than SESAME_MAX_IMAGES_PER_MESSAGE, refused before any is decoded."""
    refused(400, "too_many_images", {"text": "hi", "images": [image_item(picture())] * 9})


def test_text_file_claiming_to_be_a_picture(refused):
    """A multipart file named .png with an image/png type that is really text."""
    upload = named_file(b"I am not a picture, honest.\n" * 20, "cat.png")
    error = refused(400, "invalid_image", {"text": "look", "images": [upload]}, fmt="multipart")
    assert "Picture 1" in error["message"]


def test_truncated_picture(refused):
    """The first half of a JPEG."""
    data = picture("JPEG", (200, 100), (1, 2, 3))
    refused(400, "invalid_image", {"images": [image_item(data[: len(data) // 2], "image/jpeg")]})


def test_decompression_bomb(refused):
    """A 100-byte PNG that declares 10 gigapixels is a 413, answered at once."""
    started = time.perf_counter()
    refused(413, "image_too_many_pixels", {"images": [image_item(png_bomb())]})
    assert time.perf_counter() - started < 0.5


def test_bad_base64(refused):
    """Picture data that is not base64."""
    refused(400, "invalid_base64", {"images": [{"mime_type": "image/png", "data": "%%%%"}]})


def test_unsupported_picture_type(refused):
    """A type other than JPEG, PNG, WebP or GIF is refused from its declared type."""
    refused(400, "unsupported_image_type", {"images": [image_item(picture(), "image/heic")]})


def test_picture_over_the_byte_limit(refused, settings):
    """A multipart picture larger than SESAME_MAX_IMAGE_BYTES."""
    settings.SESAME_MAX_IMAGE_BYTES = 2000
    big = named_file(picture("PNG", (300, 300), (9, 9, 9), compress_level=0), "big.png")
    refused(413, "image_too_large", {"images": [big]}, fmt="multipart")


def test_oversized_body(refused, settings):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused from its Content-Length."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    refused(413, "request_too_large", {"text": "y" * 20_000})


def test_malformed_json(refused, api_client, conversation):
    """A body that is not JSON."""
    response = api_client.post(
        f"/api/conversations/{conversation.id}/messages/",
        "{not json",
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "parse_error"
    assert Message.objects.count() == 0


def test_someone_elses_conversation(refused, other_user):
    """Another user's conversation is a 404, as if it did not exist."""
    theirs = services.conversation_create(owner=other_user)
    refused(404, "not_found", {"text": "hi"}, url=f"/api/conversations/{theirs.id}/messages/")


def test_unknown_conversation(refused):
    """A conversation id that does not exist is a 404."""
    refused(
        404,
        "not_found",
        {"text": "hi"},
        url="/api/conversations/00000000-0000-4000-8000-000000000000/messages/",
    )  # noqa: E501


def test_anonymous(refused):
    """No credentials: 401 in the error shape, not a redirect to the login page."""
    refused(401, "not_authenticated", {"text": "hi"}, client=APIClient())


def test_session_without_csrf(refused, user):
    """A browser session must send the CSRF token, as on every other API write."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    refused(403, "permission_denied", {"text": "hi"}, client=client)


def test_session_with_csrf_is_accepted(user, conversation):
    """With the CSRF token the browser's session can send turns."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # sets the csrftoken cookie
    response = client.post(
        f"/api/conversations/{conversation.id}/messages/",
        {"text": "hi"},
        format="json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 201, response.content
