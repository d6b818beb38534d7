"""WebSocket routes of the live sessions."""

websocket_urlpatterns: list = []
