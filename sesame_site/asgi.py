"""ASGI entry point: Django for HTTP, Channels for the live sockets."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sesame_site.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from core.ws_auth import TokenAuthMiddleware, origin_validator  # noqa: E402
from live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": origin_validator(
            AuthMiddlewareStack(TokenAuthMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# The start-up heap (Django, DRF, google-genai) lives as long as the process: exempt it from
# garbage collection, so that full collections under load stop walking it (pauses of 100+ ms
# that every live session hears as a gap).
gc.collect()
gc.freeze()
