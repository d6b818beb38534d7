"""Routes of the HTTP API under /api/."""

from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from conversations import views

router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_root_view = False
router.register("conversations", views.ConversationViewSet, basename="conversation")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path(
        "attachments/<str:attachment_id>/",
        views.AttachmentFileView.as_view(),
        name="attachment-file",
    ),
    path("", include(router.urls)),
]
