"""The API's own account endpoint: obtain (`POST`) and revoke (`DELETE`) an API token."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import signin, tokens
from core.parsers import JSONParser


class RenderInViewStep:
    """A sync DRF view that renders its response in its own step, on the request's thread.

    Django's ASGI handler runs a sync view in one thread hop and renders its (DRF, template)
    response in another; rendered here, the handler has nothing left to render and skips that
    hop (`core.request_threads`). Template-response middleware, which would run between the two,
    is not used by this project.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and not response.is_rendered:
            response.render()
        return response


class AuthTokenView(RenderInViewStep, APIView):
    """`POST {"username","password"}` → `{"token"}`; `DELETE` revokes the caller's token.

    Sign-in attempts are limited per username and per client address (429 with Retry-After).
    """

    parser_classes = [JSONParser, FormParser, MultiPartParser]
    serializer_class = AuthTokenSerializer

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(request=AuthTokenSerializer, responses={200: OpenApiResponse(dict)})
    def post(self, request):
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        try:
            signin.attempt(request, username if isinstance(username, str) else "")
        except signin.SignInLocked as exc:
            raise exceptions.Throttled(exc.wait, detail=str(exc)) from None
        serializer = AuthTokenSerializer(data=data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        signin.succeeded(request, user.get_username())
        return Response({"token": tokens.token_create(user=user).key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        tokens.token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
