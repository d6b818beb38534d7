"""A failed reply keeps its error: the message list names the code and the words."""

import pytest
from django.core.cache import cache

from conversations import services


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_failed_reply_lists_its_stored_error(api_client, user, emulator):
    """After Gemini fails, the stored reply carries `error` {code, message}; others carry null."""
    conversation = services.conversation_create(owner=user)
    url = f"/api/conversations/{conversation.id}/messages/"
    emulator.set_faults(rest_error=503, rest_error_count=1)
    failed = api_client.post(url, {"text": "Are you there?"}, format="json")
    assert failed.status_code == 503
    said = failed.json()["error"]
    assert said["model_message"]["error"] == {"code": said["code"], "message": said["message"]}

    listed = api_client.get(url).json()["results"]
    assert [m["status"] for m in listed] == ["complete", "failed"]
    user_message, model_message = listed
    assert user_message["error"] is None
    assert model_message["error"]["code"] == "upstream_unavailable"
    assert model_message["error"]["message"] == said["message"]
    assert "overloaded" in model_message["error"]["message"].lower()
