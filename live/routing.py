"""WebSocket routes of the live sessions (DESIGN §4)."""

from django.urls import path

from live import consumers, notify, rtc

websocket_urlpatterns = [
    path("ws/live/<uuid:conversation_id>/", consumers.VoiceConsumer.as_asgi()),
    path("ws/rtc/<uuid:conversation_id>/", rtc.RtcConsumer.as_asgi()),
    path("ws/gemini/", consumers.GeminiRelayConsumer.as_asgi()),
    path("ws/events/", notify.EventsConsumer.as_asgi()),
]
