"""Template context shared by every page."""

from django.conf import settings


def sesame(request):
    """Expose whether Gemini is the offline emulator, so every page can say so."""
    return {"gemini_offline": settings.GEMINI_OFFLINE}
