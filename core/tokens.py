"""API tokens: the writes (create, revoke, rotate) and the rotation on a password change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core.db.compiled import Compiled, Param


def token_user(key: str):
    """Return the active user an API token belongs to, or None (no such token, inactive user).

    Every API request and socket with a token runs this: one statement compiled once.
    """
    user = _USER_BY_TOKEN.first(key=key)
    return user if user is not None and user.is_active else None


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Authorization: Token <key>`, its lookup compiled once (`token_user`)."""

    def authenticate_credentials(self, key):
        user = _USER_BY_TOKEN.first(key=key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # The token as a lookup would load it, `created` left to be read on demand.
        token = Token.from_db(router.db_for_read(Token), ["key", "user_id"], [key, user.pk])
        token.user = user
        return user, token


_USER_BY_TOKEN = Compiled(
    lambda key: get_user_model().objects.filter(auth_token__key=key),
    key=Param(Token._meta.pk, "sample-token-key-for-compiling"),
)


def token_get(*, user) -> Token | None:
    """Return the user's API token, or None."""
    return Token.objects.filter(user=user).first()


@transaction.atomic
def token_create(*, user) -> Token:
    """Return the user's API token, creating it when there is none."""
    token, _ = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def token_revoke(*, user) -> bool:
    """Delete the user's API token; return whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)


@transaction.atomic
def token_rotate(*, user) -> Token | None:
    """Replace the user's API token by a new key (the old one stops working); None if none."""
    if not token_revoke(user=user):
        return None
    return Token.objects.create(user=user)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="sesame-token-rotation")
def _rotate_on_password_change(sender, instance, created, raw, **kwargs):
    """A new password makes the old token useless: rotate it, whoever changed the password.

    `set_password()` keeps the new raw password in `_password` until the save completes (it is
    how Django calls the validators' `password_changed` hooks); a hash upgrade at login clears
    it first, so only a real change rotates.
    """
    if not created and not raw and getattr(instance, "_password", None) is not None:
        token_rotate(user=instance)
