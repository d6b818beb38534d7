"""Sign-in forms that count attempts (core.signin) before any password is checked."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from core import signin


class ThrottledSignInMixin:
    """Refuse a sign-in over the limits without checking its password; `locked` says so."""

    locked: signin.SignInLocked | None = None

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        try:
            signin.attempt(self.request, username)
        except signin.SignInLocked as exc:
            self.locked = exc
            raise ValidationError(str(exc), code="throttled") from None
        cleaned = super().clean()
        signin.succeeded(self.request, username)
        return cleaned


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    """The login page's form."""


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The admin's login form, limited like the login page."""
