from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: errors, the Gemini client, account pages, attachment views."""

    name = "core"
