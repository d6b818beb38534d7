"""Middleware for Django's async chain: WhiteNoise, and Django's own without thread hops.

WhiteNoise 6 is a sync-only middleware. Under ASGI Django then runs everything after it (the
rest of the chain and the view) in a thread, and calls an async view back through
`async_to_sync` from that thread: every request costs extra hops, and a typed turn that waits
seconds on Gemini holds a thread all along (in the test client, all requests share one thread
and so run one at a time). This subclass keeps WhiteNoise's behaviour and lookups but is
async-capable, so the chain stays async and only static files are served from a thread.
"""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.messages import middleware as messages
from django.contrib.messages.storage import default_storage
from django.contrib.sessions import middleware as sessions
from django.middleware import clickjacking, common, csrf, security
from django.utils.functional import SimpleLazyObject, empty
from whitenoise.middleware import WhiteNoiseMiddleware as SyncWhiteNoiseMiddleware


class WhiteNoiseMiddleware(SyncWhiteNoiseMiddleware):
    """Serve static files as WhiteNoise does, in sync or async mode."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        super().__init__(get_response)
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)
        self.prefixes = tuple(prefix for _root, prefix in self.directories)

    def __call__(self, request):
        if self.async_mode:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request):
        path = request.path_info
        if self.autorefresh:  # DEBUG: looks at the disk, so off the event loop (static paths only)
            found = (
                path.startswith(self.prefixes)
                or self.use_finders
                and path.startswith(self.static_prefix)
            )
            static_file = await sync_to_async(self.find_file)(path) if found else None
        else:
            static_file = self.files.get(path)
        if static_file is not None:
            return await sync_to_async(self.serve)(static_file, request)
        return await self.get_response(request)


# --- Django's own middleware without a thread hop per hook -----------------------------------
#
# Under ASGI, Django's MiddlewareMixin runs every process_request/process_response (and the
# handler every process_view) through `sync_to_async`: about fifteen thread hops per request,
# most of them for hooks that only read headers. These subclasses run a hook on the event loop
# when it does no I/O, and still hand it to a thread when it might (a session to save, a user
# to load, a form body to parse).


class InlineHooks:
    """Run process_request/process_response inline unless `*_needs_thread` says otherwise."""

    def request_needs_thread(self, request) -> bool:
        return False

    def response_needs_thread(self, request, response) -> bool:
        return False

    def view_needs_thread(self, request, view_func) -> bool:
        return False

    def __init__(self, get_response):
        super().__init__(get_response)
        if self.async_mode and hasattr(self, "process_view"):
            self.process_view = self._aprocess_view  # the handler then adds no hop

    async def _aprocess_view(self, request, view_func, view_args, view_kwargs):
        hook = type(self).process_view.__get__(self)
        if self.view_needs_thread(request, view_func):
            return await sync_to_async(hook)(request, view_func, view_args, view_kwargs)
        return hook(request, view_func, view_args, view_kwargs)

    async def __acall__(self, request):
        response = None
        if hasattr(self, "process_request"):
            if self.request_needs_thread(request):
                response = await sync_to_async(self.process_request)(request)
            else:
                response = self.process_request(request)
        response = response or await self.get_response(request)
        if hasattr(self, "process_response"):
            if self.response_needs_thread(request, response):
                response = await sync_to_async(self.process_response)(request, response)
            else:
                response = self.process_response(request, response)
        return response


class SecurityMiddleware(InlineHooks, security.SecurityMiddleware):
    """Headers only."""


class CommonMiddleware(InlineHooks, common.CommonMiddleware):
    """Headers and URL resolving only."""


class XFrameOptionsMiddleware(InlineHooks, clickjacking.XFrameOptionsMiddleware):
    """Headers only."""


class AuthenticationMiddleware(InlineHooks, auth_middleware.AuthenticationMiddleware):
    """Attaches a lazy user: loading it happens where it is read."""


class SessionMiddleware(InlineHooks, sessions.SessionMiddleware):
    """A lazy session; saving one (a database write) goes to a thread."""

    def response_needs_thread(self, request, response) -> bool:
        session = getattr(request, "session", None)
        return session is not None and (session.modified or settings.SESSION_SAVE_EVERY_REQUEST)


class CsrfViewMiddleware(InlineHooks, csrf.CsrfViewMiddleware):
    """Cookie checks inline; reading a posted form (to find its token) in a thread."""

    def request_needs_thread(self, request) -> bool:
        return settings.CSRF_USE_SESSIONS  # the secret would be read from the session

    def response_needs_thread(self, request, response) -> bool:
        return settings.CSRF_USE_SESSIONS

    def view_needs_thread(self, request, view_func) -> bool:
        if settings.CSRF_USE_SESSIONS:
            return True
        exempt = getattr(view_func, "csrf_exempt", False)
        return not exempt and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")


class LoginRequiredMiddleware(InlineHooks, auth_middleware.LoginRequiredMiddleware):
    """Views open to all pass inline; checking a user (a database read) goes to a thread."""

    def view_needs_thread(self, request, view_func) -> bool:
        return True  # Django's hook reads `request.user` first, whatever the view

    async def _aprocess_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # what Django's hook answers for such a view, signed in or not
        return await super()._aprocess_view(request, view_func, view_args, view_kwargs)


class MessageMiddleware(InlineHooks, messages.MessageMiddleware):
    """Storage made only when a view or page touches it (an API request never does); storing
    messages (cookie or session) goes to a thread."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def response_needs_thread(self, request, response) -> bool:
        storage = _made(getattr(request, "_messages", None))
        return storage is not None and (storage.used or storage.added_new)

    def process_response(self, request, response):
        if _made(getattr(request, "_messages", None)) is None:
            return response  # nothing was read or added: nothing to store
        return super().process_response(request, response)


def _made(storage):
    """Return the request's message storage if it exists (a lazy one not yet made: None)."""
    if isinstance(storage, SimpleLazyObject):
        return None if storage._wrapped is empty else storage._wrapped
    return storage
