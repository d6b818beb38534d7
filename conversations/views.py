"""HTTP API views: parse at the edge, call one selector or service, render."""

import asyncio
import json
import logging
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from conversations import gemini, images, selectors, services
from conversations.export import export_json, export_markdown
from conversations.models import Attachment, Conversation, Message
from conversations.serializers import (
    ConversationSerializer,
    ConversationWriteSerializer,
    ErrorSerializer,
    MessageSerializer,
    TurnResultSerializer,
    TurnSerializer,
)
from conversations.throttles import TurnThrottle
from core import metrics
from core.errors import SesameError, error_body, exception_handler

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
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
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
        return Response(ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED)

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


@dataclass
class PreparedTurn:
    """Everything a turn needs once its user message is stored and its history is read."""

    conversation: Conversation
    user_message: dict
    user_text: str
    picture_count: int
    contents: list
    needs_title: bool


class TurnView:
    """`POST /api/conversations/{id}/messages/`: store the user's turn, answer with Gemini's.

    A plain Django async view, not a DRF view, because a turn waits seconds on Gemini and DRF
    views are synchronous: under Daphne each would hold a thread for the whole wait. Here the
    synchronous edge work (DRF's own authentication with CSRF for sessions, throttle, parsers,
    picture checks, storing, reading the history) runs in one `sync_to_async` step on the
    request's thread; then the wait on Gemini is plain asyncio on `client.aio`, with no thread,
    no transaction and no database connection held, so concurrent turns do not queue. Errors
    are rendered by the same exception handler as every API view.
    """

    parsers = [JSONParser(), MultiPartParser(), FormParser()]
    authenticators = [TokenAuthentication(), SessionAuthentication()]

    async def post(self, request, conversation_id) -> HttpResponse:
        try:
            turn = await sync_to_async(self.prepare)(request, conversation_id)
        except (SesameError, exceptions.APIException) as exc:
            return error_response(exc)
        reply = gemini.Reply(turn.contents)
        deltas = reply.deltas()
        try:
            first = await anext(deltas, None)
        except gemini.UpstreamError as exc:
            return await self.failed(turn, reply, exc)
        except asyncio.CancelledError:
            await self.finish(turn, reply, Message.Status.INTERRUPTED)
            raise
        if "text/event-stream" in request.headers.get("Accept", ""):
            response = StreamingHttpResponse(
                self.events(turn, reply, deltas, first), content_type="text/event-stream"
            )
            response["Cache-Control"] = "no-cache"
            response["X-Accel-Buffering"] = "no"  # let nginx pass each event on at once
            return response
        try:
            async for _ in deltas:
                pass
        except gemini.UpstreamError as exc:
            return await self.failed(turn, reply, exc)
        except asyncio.CancelledError:
            await self.finish(turn, reply, Message.Status.INTERRUPTED)
            raise
        model_message = await self.finish(turn, reply, Message.Status.COMPLETE)
        return JsonResponse(
            {"user_message": turn.user_message, "model_message": model_message}, status=201
        )

    async def events(self, turn: PreparedTurn, reply, deltas, first):
        """Yield the SSE stream; a client that goes away leaves the reply `interrupted`."""
        try:
            yield sse("user_message", turn.user_message)
            if first:
                yield sse("delta", {"text": first})
            async for delta in deltas:
                yield sse("delta", {"text": delta})
        except gemini.UpstreamError as exc:
            model_message = await self.finish(turn, reply, Message.Status.FAILED, exc)
            body = error_body(exc.code, exc.message, status=exc.status)
            yield sse("error", {**body, "model_message": model_message})
            return
        except (asyncio.CancelledError, GeneratorExit):
            await self.finish(turn, reply, Message.Status.INTERRUPTED)
            raise
        yield sse("model_message", await self.finish(turn, reply, Message.Status.COMPLETE))

    async def failed(self, turn: PreparedTurn, reply, exc: gemini.UpstreamError) -> JsonResponse:
        """Store the failed reply and answer in the error shape, naming both messages."""
        model_message = await self.finish(turn, reply, Message.Status.FAILED, exc)
        body = error_body(
            exc.code, exc.message, user_message=turn.user_message, model_message=model_message
        )
        response = JsonResponse(body, status=exc.status)
        if exc.retry_after:
            response["Retry-After"] = str(exc.retry_after)
        return response

    async def finish(self, turn: PreparedTurn, reply, status: str, error=None) -> dict:
        """Store the reply (whole, partial or empty) and title a new conversation."""
        message = await sync_to_async(self.store_reply)(turn, reply, status, error)
        metrics.HTTP_TURNS.labels(status=status).inc()
        if error is not None:
            metrics.GEMINI_ERRORS.labels(kind=error.code, path="http").inc()
        if turn.needs_title and status == Message.Status.COMPLETE and not settings.GEMINI_OFFLINE:
            gemini.spawn(
                gemini.title_first_exchange(
                    turn.conversation.id,
                    user_text=turn.user_text,
                    picture_count=turn.picture_count,
                    reply_text=reply.text,
                ),
                name=f"title-{turn.conversation.id}",
            )
        return message

    def store_reply(self, turn: PreparedTurn, reply, status: str, error) -> dict:
        try:
            message = services.message_create(
                conversation=turn.conversation,
                role=Message.Role.MODEL,
                text=reply.text,
                status=status,
                metadata=reply.metadata(error),
            )
            # A reply has no pictures: say so rather than ask the database.
            prefetch_related_objects([message], Prefetch("attachments", Attachment.objects.none()))
            if turn.needs_title and (settings.GEMINI_OFFLINE or status != "complete"):
                title = gemini.local_title(turn.user_text, turn.picture_count)
                services.conversation_title_if_blank(
                    conversation_id=turn.conversation.id, title=title
                )
            return MessageSerializer(message).data
        finally:
            gemini.release_connection()

    def prepare(self, request, conversation_id) -> PreparedTurn:
        """Check who asks and what they sent, store the user's message, read the history."""
        try:
            return self._prepare(request, conversation_id)
        finally:
            gemini.release_connection()

    def _prepare(self, request, conversation_id) -> PreparedTurn:
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            raise SesameError(
                f"The request is larger than {limit} MB.", code="request_too_large", status=413
            )
        drf_request = Request(request, parsers=self.parsers, authenticators=self.authenticators)
        if not drf_request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        throttle = TurnThrottle()
        if not throttle.allow_request(drf_request, self):
            raise exceptions.Throttled(throttle.wait())
        conversation = selectors.conversation_get(
            user=drf_request.user, conversation_id=conversation_id
        )
        if conversation is None:
            raise NotFound("Conversation not found.")
        text, pictures, retry = self.parse(drf_request)
        created = None
        if not retry:
            created = services.message_create(
                conversation=conversation,
                role=Message.Role.USER,
                text=text,
                images=images.prepare_images(pictures),
            )
        history = list(selectors.message_list(conversation=conversation))
        if created is None:
            message = self.message_to_retry(history)
        else:  # the copy with its attachments prefetched
            message = next(m for m in history if m.id == created.id)
        return PreparedTurn(
            conversation=conversation,
            user_message=MessageSerializer(message).data,
            user_text=message.text,
            picture_count=len(message.attachments.all()),
            contents=gemini.history_contents(history),
            needs_title=not conversation.title,
        )

    @staticmethod
    def parse(drf_request) -> tuple[str, list[bytes], bool]:
        """Return (text, picture bytes, retry) from a JSON or multipart body, or refuse it."""
        data = drf_request.data
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
        if drf_request.content_type.startswith("multipart/"):
            pictures = images.read_uploaded_files(drf_request.FILES.getlist("images"))
        else:
            pictures = images.decode_base64_items(data.get("images"))
        if retry and (text or pictures):
            raise SesameError("A retry carries no text or pictures.", code="invalid")
        if not (retry or text or pictures):
            raise SesameError("Write something or attach a picture.", code="empty_turn")
        return text, pictures, retry

    @staticmethod
    def message_to_retry(history: list[Message]) -> Message:
        """Return the user message left without a reply by a failed turn."""
        for message in reversed(history):
            if message.role == Message.Role.USER:
                return message
            if message.status != Message.Status.FAILED:
                break
        raise SesameError("There is no failed turn to retry.", code="nothing_to_retry")


def sse(event: str, data: dict) -> bytes:
    """Encode one server-sent event."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"event: {event}\ndata: {payload}\n\n".encode()


def error_response(exc: Exception) -> JsonResponse:
    """Render an API exception outside DRF exactly as the DRF exception handler does."""
    rendered = exception_handler(exc, {})
    response = JsonResponse(rendered.data, status=rendered.status_code)
    for header, value in rendered.items():
        if header.lower() not in ("content-type", "vary", "allow"):
            response[header] = value
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response["WWW-Authenticate"] = "Token"
    return response


_message_list = ConversationViewSet.as_view({"get": "messages"})
_turn = TurnView()


@csrf_exempt  # session clients are CSRF-checked by DRF's SessionAuthentication, as elsewhere
@login_not_required  # anonymous requests get a 401 in the error shape, not a login redirect
async def conversation_messages(request, conversation_id):
    """Route POST to the async turn, and everything else to the DRF message list."""
    if request.method == "POST":
        return await _turn.post(request, conversation_id)
    return await sync_to_async(_message_list)(request, conversation_id=conversation_id)
