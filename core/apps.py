from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: errors, the Gemini client, account pages, attachment views."""

    name = "core"

    def ready(self):
        from core import tokens  # noqa: F401 - connects the token rotation on password change
