"""HTTP API views: parse at the edge, call one selector or service, render."""

import asyncio
import json
import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from conversations import gemini, images, selectors, services, turns
from conversations.export import export_json, export_markdown
from conversations.models import Message
from conversations.serializers import (
    ConversationSerializer,
    ConversationWriteSerializer,
    ErrorSerializer,
    MessageSerializer,
    TurnResultSerializer,
    TurnSerializer,
    conversation_data,
)
from conversations.throttles import TurnThrottle
from core.api import RenderInViewStep
from core.errors import SesameError, error_body

logger = logging.getLogger(__name__)

TURN_DESCRIPTION = """
Send `{"text", "images": [{"mime_type", "data": base64}]}` as JSON, or `text` and `images`
files as multipart; `{"retry": true}` (nothing else) answers the last user message again after
a failed reply. Limits: text up to SESAME_MAX_TEXT_CHARS (100,000) characters, up to
SESAME_MAX_IMAGES_PER_MESSAGE (8) JPEG/PNG/WebP/GIF pictures of up to SESAME_MAX_IMAGE_BYTES
(10 MB) and SESAME_MAX_IMAGE_PIXELS (25 megapixels) each; pictures are stored upright, without
metadata, at most SESAME_IMAGE_MAX_SIDE (2048) pixels on their longest side. Turns are throttled
per user at SESAME_TURN_RATE (30/min).

Without `Accept: text/event-stream` the answer is 201 `{"user_message", "model_message"}`.
With it, an SSE stream: `user_message` (Message), `delta` (`{"text"}`) events, then
`model_message` (Message) or `error` (`{"error": {"code", "message", "status"},
"model_message"}`). When Gemini fails before its first words the answer is not a stream but the
error shape with 429, 502, 503 or 504; the user's message is kept and so is the failed reply
(`error.user_message`, `error.model_message`).
"""


class ConversationViewSet(
    RenderInViewStep, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The user's conversations: list, create, read, rename, delete, messages, export."""

    serializer_class = ConversationSerializer
    lookup_url_kwarg = "conversation_id"
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.conversation_list(
            user=self.request.user, search=self.request.query_params.get("search", "")
        )

    def get_object(self):
        conversation = selectors.conversation_get(
            user=self.request.user, conversation_id=self.kwargs["conversation_id"]
        )
        if conversation is None:
            raise NotFound("Conversation not found.")
        return conversation

    @extend_schema(
        parameters=[OpenApiParameter("search", str, description="Match titles and messages")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ConversationWriteSerializer, responses={201: ConversationSerializer})
    def create(self, request):
        data = self._valid(ConversationWriteSerializer, request.data)
        conversation = services.conversation_create(owner=request.user, title=data["title"])
        return Response(conversation_data(conversation), status=status.HTTP_201_CREATED)

    @extend_schema(request=ConversationWriteSerializer, responses=ConversationSerializer)
    def partial_update(self, request, conversation_id=None):
        data = self._valid(ConversationWriteSerializer, request.data)
        services.conversation_rename(conversation=self.get_object(), title=data["title"])
        return Response(self.get_serializer(self.get_object()).data)

    update = partial_update

    def destroy(self, request, conversation_id=None):
        services.conversation_delete(conversation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], responses=MessageSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        summary="Send a turn: text and/or pictures; Gemini's reply as JSON or SSE",
        description=TURN_DESCRIPTION,
        request={"application/json": TurnSerializer, "multipart/form-data": TurnSerializer},
        responses={
            (201, "application/json"): TurnResultSerializer,
            (200, "text/event-stream"): OpenApiResponse(description="SSE events, see above"),
            400: ErrorSerializer,
            404: ErrorSerializer,
            413: ErrorSerializer,
            429: ErrorSerializer,
            502: ErrorSerializer,
            503: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["get", "post"], serializer_class=MessageSerializer)
    def messages(self, request, conversation_id=None):
        if request.method == "POST":
            # Only documented here: `conversation_messages` below routes POSTs to TurnView.
            raise exceptions.MethodNotAllowed("POST")
        messages = selectors.message_list(conversation=self.get_object())
        page = self.paginate_queryset(messages)
        return self.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["md", "json"])],
        responses={(200, "text/markdown"): str, (200, "application/json"): dict},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, conversation_id=None):
        conversation = self.get_object()
        kind = request.query_params.get("format", "md")
        if kind not in ("md", "json"):
            raise ValidationError({"format": "Use md or json."})
        messages = selectors.message_list(conversation=conversation)
        filename = f"conversation-{conversation.id}.{kind}"
        if kind == "json":
            response = Response(export_json(conversation, messages))
        else:
            response = HttpResponse(
                export_markdown(conversation, messages), content_type="text/markdown; charset=utf-8"
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @staticmethod
    def _valid(serializer_class, data) -> dict:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class AttachmentFileView(GenericAPIView):
    """Serve an attachment's file to the owner of its conversation, and to nobody else."""

    @extend_schema(responses={(200, "image/*"): bytes})
    def get(self, request, attachment_id):
        attachment = selectors.attachment_get(user=request.user, attachment_id=attachment_id)
        if attachment is None:
            raise NotFound("Attachment not found.")
        response = FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type)
        response["Cache-Control"] = "private, max-age=86400"
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- turns -----------------------------------------------------------------------------------


class JSONNegotiation(DefaultContentNegotiation):
    """Answers and errors are JSON whatever the Accept header: SSE is the turn's own choice."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class TurnView(APIView):
    """`POST /api/conversations/{id}/messages/`: store the user's turn, answer with Gemini's.

    DRF's own machinery does the edge: `initial()` (authentication, CSRF for sessions, the
    permission, the turn throttle), the parsers, and `handle_exception()` with the project's
    one exception handler. Only `dispatch` is async, because a turn waits seconds on Gemini:
    the synchronous work (DRF's checks, parsing, storing, reading the history) runs in one
    `sync_to_async` step, then the wait on Gemini is plain asyncio with no thread held.
    """

    http_method_names = ["post", "options"]
    throttle_classes = [TurnThrottle]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONNegotiation

    async def dispatch(self, request, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        request = self.initialize_request(request, *args, **kwargs)
        self.request = request
        self.headers = self.default_response_headers
        try:
            if request.method != "POST":
                raise exceptions.MethodNotAllowed(request.method)
            turn = await sync_to_async(self.prepare)(request, kwargs["conversation_id"])
            turns.turn_announce(turn)
            response = await self.post(request, turn)
        except Exception as exc:  # noqa: BLE001 - DRF's handle_exception renders or re-raises
            response = self.handle_exception(exc)
        self.response = self.finalize_response(request, response, *args, **kwargs)
        return _rendered(self.response)

    def prepare(self, request, conversation_id) -> turns.Turn:
        """Run DRF's checks, parse the body and prepare the turn (sync, on one thread)."""
        self.initial(request)
        conversation = turns.conversation_for(user=request.user, conversation_id=conversation_id)
        text, pictures, retry = parse_turn(request)
        return turns.turn_prepare(
            conversation=conversation, text=text, pictures=pictures, retry=retry
        )

    async def post(self, request, turn: turns.Turn) -> HttpResponseBase:
        deltas = turn.reply.deltas()
        try:
            first = await anext(deltas, None)
            if "text/event-stream" in request.headers.get("Accept", ""):
                return event_stream(turn, deltas, first)
            async for _ in deltas:
                pass
        except gemini.UpstreamError as exc:
            model_message = await turns.turn_finish(turn, Message.Status.FAILED, exc)
            raise gemini.UpstreamError(
                exc.message,
                code=exc.code,
                status=exc.status,
                retry_after=exc.retry_after,
                user_message=turn.user_data,
                model_message=model_message,
            ) from exc
        except asyncio.CancelledError:
            await turns.turn_finish(turn, Message.Status.INTERRUPTED)
            raise
        model_message = await turns.turn_finish(turn, Message.Status.COMPLETE)
        data = {"user_message": turn.user_data, "model_message": model_message}
        return Response(data, status=status.HTTP_201_CREATED)


def parse_turn(request) -> tuple[str, list[bytes], bool]:
    """Return (text, picture bytes, retry) from a JSON or multipart body, or refuse it."""
    data = request.data
    if not hasattr(data, "get"):
        raise SesameError("Send a JSON object or a multipart form.", code="invalid")
    retry = data.get("retry") in (True, "true", "1", 1)
    text = data.get("text") or ""
    if not isinstance(text, str):
        raise SesameError("text must be a string.", code="invalid")
    text = text.strip()
    if len(text) > settings.SESAME_MAX_TEXT_CHARS:
        raise SesameError(
            f"The text is longer than {settings.SESAME_MAX_TEXT_CHARS:,} characters.",
            code="text_too_long",
        )
    if request.content_type.startswith("multipart/"):
        pictures = images.read_uploaded_files(request.FILES.getlist("images"))
    else:
        pictures = images.decode_base64_items(data.get("images"))
    if retry and (text or pictures):
        raise SesameError("A retry carries no text or pictures.", code="invalid")
    if not (retry or text or pictures):
        raise SesameError("Write something or attach a picture.", code="empty_turn")
    return text, pictures, retry


def event_stream(turn: turns.Turn, deltas, first: str | None) -> StreamingHttpResponse:
    """Answer with the SSE stream of a reply whose first words have arrived."""
    response = StreamingHttpResponse(events(turn, deltas, first), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # let nginx pass each event on at once
    return response


async def events(turn: turns.Turn, deltas, first: str | None):
    """Yield the SSE events; a client that goes away leaves the reply `interrupted`."""
    try:
        yield sse("user_message", turn.user_data)
        if first:
            yield sse("delta", {"text": first})
        async for delta in deltas:
            yield sse("delta", {"text": delta})
    except gemini.UpstreamError as exc:
        model_message = await turns.turn_finish(turn, Message.Status.FAILED, exc)
        body = error_body(exc.code, exc.message, status=exc.status)
        yield sse("error", {**body, "model_message": model_message})
        return
    except (asyncio.CancelledError, GeneratorExit):
        await turns.turn_finish(turn, Message.Status.INTERRUPTED)
        raise
    model_message = await turns.turn_finish(turn, Message.Status.COMPLETE)
    yield sse("model_message", model_message)


def sse(event: str, data: dict) -> bytes:
    """Encode one server-sent event."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"event: {event}\ndata: {payload}\n\n".encode()


def _rendered(response: HttpResponseBase) -> HttpResponseBase:
    """Render a DRF Response here, on the event loop (JSON needs no thread), as a plain one.

    Django would otherwise render it through `sync_to_async`: a thread hop per turn.
    """
    if not isinstance(response, Response):
        return response
    response.render()
    plain = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        plain[header] = value
    return plain


_message_list = ConversationViewSet.as_view({"get": "messages"})
_turn = TurnView.as_view()


@csrf_exempt  # session clients are CSRF-checked by DRF's SessionAuthentication, as elsewhere
@login_not_required  # anonymous requests get a 401 in the error shape, not a login redirect
async def conversation_messages(request, conversation_id):
    """Route POST to the async turn, and everything else to the DRF message list."""
    if request.method == "POST":
        return await _turn(request, conversation_id=conversation_id)
    return await sync_to_async(_message_list)(request, conversation_id=conversation_id)
