from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: errors, the Gemini client, account pages, attachment views."""

    name = "core"

    def ready(self):
        from core import checks, tokens  # noqa: F401 - registers checks, connects token rotation
