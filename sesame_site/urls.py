"""Top-level routes: pages, accounts, admin, API and its docs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core import api, errors, views
from core.forms import AdminSignInForm
from live import views as live_views

admin.site.login_form = AdminSignInForm  # the admin's sign-in is limited like the login page

handler400 = "core.errors.bad_request"
handler404 = "core.errors.api_not_found"
handler500 = "core.errors.api_server_error"

urlpatterns = [
    path("", views.chat, name="chat"),
    path("c/<uuid:conversation_id>/", views.chat, name="chat-conversation"),
    path("accounts/signup/", views.SignUpView.as_view(), name="signup"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/", views.account, name="account"),
    path("accounts/token/", views.account_token, name="account-token"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "admin/attachments/<uuid:attachment_id>/",
        views.admin_attachment_file,
        name="admin-attachment-file",
    ),
    path("admin/", admin.site.urls),
    path("api/auth/token/", api.AuthTokenView.as_view(), name="api-token"),
    path("api/rtc/offer/", live_views.rtc_offer, name="rtc-offer"),
    path("examples/pipecat/", live_views.pipecat_example, name="pipecat-example"),
    path("api/", include("conversations.urls")),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerView.as_view(url_name="schema")),
        name="api-docs",
    ),
    # Unknown /api/ paths answer in the error shape even with DEBUG on.
    re_path(r"^api/", login_not_required(errors.api_not_found)),
]
