"""Account pages and the chat page."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import UserCreationForm
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView

from conversations import selectors


@method_decorator(login_not_required, name="dispatch")
class SignUpView(CreateView):
    """Create an account with Django's password validators, then sign the user in."""

    form_class = UserCreationForm
    template_name = "registration/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(settings.LOGIN_REDIRECT_URL)


@login_not_required
def favicon(request):
    """Send browsers that ask for /favicon.ico to the SVG logo (looked up per request)."""
    return HttpResponsePermanentRedirect(static("img/logo.svg"))


_NO_CONVERSATION = (
    "This conversation does not exist: it may have been deleted, or the link belongs to "
    "another account."
)


def chat(request, conversation_id=None):
    """Render the chat page, opened on a conversation when the link names one."""
    owned = selectors.conversation_get(user=request.user, conversation_id=conversation_id)
    if conversation_id is not None and owned is None:
        # The app's own 404 page even with DEBUG on: a stale or foreign link is an everyday case.
        return render(request, "404.html", {"reason": _NO_CONVERSATION}, status=404)
    limits = {
        "max_images": settings.SESAME_MAX_IMAGES_PER_MESSAGE,
        "max_image_bytes": settings.SESAME_MAX_IMAGE_BYTES,
        "max_text_chars": settings.SESAME_MAX_TEXT_CHARS,
        "turn_rate": settings.SESAME_TURN_RATE,
    }
    return render(
        request,
        "chat/index.html",
        {"conversation_id": str(conversation_id) if conversation_id else "", "limits": limits},
    )


def admin_attachment_file(request, attachment_id):
    """Serve an attachment to staff browsing the history in the admin."""
    if not admin.site.has_permission(request):
        raise Http404
    from conversations.models import Attachment

    attachment = Attachment.objects.filter(id=attachment_id).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type)


@require_http_methods(["GET", "POST"])
def api_token(request):
    """Show the user's API token; POST makes a new one (the old one stops working)."""
    from rest_framework.authtoken.models import Token

    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
        return redirect("api-token")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "registration/api_token.html", {"token": token})
