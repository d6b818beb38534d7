"""HTTP API views: parse at the edge, call one selector or service, render."""

from django.http import FileResponse, HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from conversations import selectors, services
from conversations.export import export_json, export_markdown
from conversations.serializers import (
    ConversationSerializer,
    ConversationWriteSerializer,
    MessageSerializer,
)


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
        return Response(
            ConversationSerializer(conversation).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ConversationWriteSerializer, responses=ConversationSerializer)
    def partial_update(self, request, conversation_id=None):
        data = self._valid(ConversationWriteSerializer, request.data)
        services.conversation_rename(conversation=self.get_object(), title=data["title"])
        return Response(self.get_serializer(self.get_object()).data)

    update = partial_update

    def destroy(self, request, conversation_id=None):
        services.conversation_delete(conversation=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=MessageSerializer(many=True))
    @action(detail=True, methods=["get"], serializer_class=MessageSerializer)
    def messages(self, request, conversation_id=None):
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
