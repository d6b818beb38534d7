"""Branded pages: 404 for missing or foreign conversations (DEBUG on or off), 500, favicon."""

import uuid

import pytest
from django.test import override_settings

from conversations import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_or_foreign_conversation_is_the_apps_404(client, user, other_user, debug):
    """/c/<uuid>/ of nobody's or someone else's conversation is the app's own 404 page."""
    foreign = services.conversation_create(owner=other_user)
    client.force_login(user)
    with override_settings(DEBUG=debug):
        for path in (f"/c/{uuid.uuid4()}/", f"/c/{foreign.id}/"):
            response = client.get(path)
            assert response.status_code == 404
            assert "We can’t find that page" in response.content.decode()
            assert b'data-testid="not-found"' in response.content


@override_settings(DEBUG=False)
def test_unknown_page_and_server_error_templates(client, user):
    """Any unknown page is the branded 404; the 500 page renders without a request context."""
    from django.template.loader import render_to_string

    client.force_login(user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and b'data-testid="not-found"' in response.content
    assert "Something went wrong on our side" in render_to_string("500.html")


def test_favicon_redirects_to_the_svg_logo(client):
    """Browsers asking for /favicon.ico get the SVG logo, signed in or not."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/img/logo.svg")
