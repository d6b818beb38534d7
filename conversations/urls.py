"""Routes of the HTTP API under /api/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from conversations import views

# SimpleRouter: no API root view and no `{format}` suffix routes (`?format=` is the export's).
router = SimpleRouter(trailing_slash=True, use_regex_path=False)
router.register("conversations", views.ConversationViewSet, basename="conversation")

urlpatterns = [
    path(
        "attachments/<str:attachment_id>/",
        views.AttachmentFileView.as_view(),
        name="attachment-file",
    ),
    # POST is an async view (a turn waits on Gemini); GET goes on to the DRF viewset.
    path(
        "conversations/<uuid:conversation_id>/messages/",
        views.conversation_messages,
        name="conversation-messages-turn",
    ),
    path("", include(router.urls)),
]
