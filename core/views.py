"""Account pages, the chat page and the staff attachment view."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import UserCreationForm
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import CreateView

from conversations import selectors
from core import signin, tokens
from core.forms import SignInForm


class LoginView(auth_views.LoginView):
    """Django's login page; past the attempt limits it answers 429 with `Retry-After`."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.locked.wait)
        return response


@method_decorator(login_not_required, name="dispatch")
class SignUpView(CreateView):
    """Create an account with Django's password validators, then sign the user in."""

    form_class = UserCreationForm
    template_name = "registration/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        wait = signin.signup_wait(request)
        if wait is None:
            return super().post(request, *args, **kwargs)
        self.object = None
        form = self.get_form_class()(initial={"username": request.POST.get("username", "")})
        context = self.get_context_data(form=form, refused=signin.SIGNUP_REFUSED % wait)
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(wait)
        return response

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


def account(request):
    """Show the account: its API token (whether there is one), revoke or create it."""
    return render(
        request, "registration/account.html", {"token": tokens.token_get(user=request.user)}
    )


@require_POST
def account_token(request):
    """Create (shown once, on this page) or revoke the user's API token."""
    if request.POST.get("action") == "revoke":
        tokens.token_revoke(user=request.user)
        return redirect("account")
    token = tokens.token_create(user=request.user)
    return render(request, "registration/account.html", {"token": token, "new_key": token.key})


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
    """Serve an attachment to staff allowed to view attachments in the admin."""
    if not admin.site.has_permission(request) or not request.user.has_perm(
        "conversations.view_attachment"
    ):
        raise Http404
    attachment = selectors.attachment_get_for_staff(attachment_id=attachment_id)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type)
