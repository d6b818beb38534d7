"""ASGI entry point: Django for HTTP (behind the request-size guard), Channels for sockets."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sesame_site.settings")
django.setup(set_prefix=False)  # what get_asgi_application() does, before routing is imported

from core.edge import WholeBodyHandler  # noqa: E402

django_asgi_app = WholeBodyHandler()  # Django's ASGIHandler, one copy fewer of each body

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402
from django.urls import re_path  # noqa: E402

from core import (  # noqa: E402
    autobahn_patches,  # noqa: F401 - cheaper work on each frame received
    channels_patches,  # noqa: F401 - a cheaper message pump for every consumer
    daphne_fixes,  # close 1012, wait for calls on SIGTERM
)
from core.edge import BodyLimit, lean_daphne_requests  # noqa: E402
from core.memory import keep_freed_memory  # noqa: E402
from core.request_threads import RequestThreads, own_request_signals  # noqa: E402
from core.ws_auth import unknown_path, websocket_stack  # noqa: E402
from live.production import stop_calls  # noqa: E402
from live.routing import websocket_urlpatterns  # noqa: E402

daphne_fixes.on_shutdown(stop_calls)  # SIGTERM: live calls store, close Gemini, close 1012

lean_daphne_requests()
own_request_signals()  # Django's per-request database housekeeping, without thread hops
keep_freed_memory(settings.SESAME_MALLOC_KEEP_BYTES)
application = ProtocolTypeRouter(
    {
        "http": BodyLimit(RequestThreads(django_asgi_app)),
        "websocket": websocket_stack(
            URLRouter([*websocket_urlpatterns, re_path(r"", unknown_path)])
        ),
    }
)

# The start-up heap (Django, DRF, google-genai) lives as long as the process: exempt it from
# garbage collection, so that full collections under load stop walking it (pauses of 100+ ms
# that every live session hears as a gap).
gc.collect()
gc.freeze()
