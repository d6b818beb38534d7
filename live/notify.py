"""`/ws/events/`: each signed-in tab's stream of changes to the user's conversations.

Events are published by conversations/notify.py after each commit to the user's group; this
consumer only joins the group and passes each event on as a JSON text frame. Anonymous
sockets are refused at the handshake (the Origin check runs before, in asgi.py).
"""

from __future__ import annotations

import json
import logging
import secrets

from channels.generic.websocket import AsyncWebsocketConsumer

from conversations.notify import user_group
from core import logs, metrics

logger = logging.getLogger(__name__)


class EventsConsumer(AsyncWebsocketConsumer):
    """Forward the user's events to one tab; the tab sends nothing that matters."""

    group: str | None = None

    async def connect(self):
        self.cid = secrets.token_hex(4)
        logs.connection_id.set(self.cid)
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            metrics.SOCKETS_REFUSED.labels(reason="no_user").inc()
            logger.info("events refused: no user")
            await self.close()
            return
        if self.channel_layer is None:
            metrics.SOCKETS_REFUSED.labels(reason="no_channel_layer").inc()
            await self.close()
            return
        self.group = user_group(user.pk)
        try:
            await self.channel_layer.group_add(self.group, self.channel_name)
        except Exception as exc:  # noqa: BLE001 - Redis down: refuse, the page retries
            logger.warning("events refused: channel layer: %r", exc)
            metrics.SOCKETS_REFUSED.labels(reason="channel_layer").inc()
            self.group = None
            await self.close()
            return
        await self.accept()
        metrics.EVENTS_SOCKETS.inc()
        logger.info("events open for user %s", user.pk)

    async def disconnect(self, code):
        if self.group is not None:
            metrics.EVENTS_SOCKETS.dec()
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
            except Exception as exc:  # noqa: BLE001 - the group entry expires by itself
                logger.warning("events: leaving the group failed: %r", exc)
            self.group = None

    async def receive(self, text_data=None, bytes_data=None):
        """Answer a `{"type":"ping"}` with a pong (keeps proxies from closing an idle socket)."""
        if text_data and '"ping"' in text_data:
            await self.send(text_data='{"type":"pong"}')

    async def user_event(self, message):
        """An event published for this user: pass it on."""
        await self.send(text_data=json.dumps(message["event"], separators=(",", ":")))
