"""One error vocabulary: a machine `code`, a human `message`, and an HTTP status."""

import logging

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django import db
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class SesameError(Exception):
    """An error to report to the client with a code, a message and an HTTP status."""

    code = "error"
    status = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


def error_body(code: str, message: str, **extra) -> dict:
    """Return the JSON body of an error."""
    return {"error": {"code": code, "message": message, **extra}}


def _first_message(detail) -> str:
    """Flatten DRF's nested validation detail into one readable sentence."""
    if isinstance(detail, dict):
        for field, value in detail.items():
            text = _first_message(value)
            return text if field == "non_field_errors" else f"{field}: {text}"
        return "Invalid input."
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else "Invalid input."
    return str(detail)


def exception_handler(exc, context):
    """Render every API exception, DRF's own included, as `{"error": {"code", "message"}}`."""
    if isinstance(exc, SesameError):
        return Response(error_body(exc.code, exc.message), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        code, extra = "invalid", {"fields": exc.detail}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
    else:
        code = "error"
    response.data = error_body(code, _first_message(exc.detail), **extra)
    return response


def api_not_found(request, exception=None):
    """Answer a 404 under /api/ in the error shape (pages keep Django's HTML page)."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def api_server_error(request):
    """Answer a 500 under /api/ in the error shape."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error", "Internal server error."), status=500)
    from django.views.defaults import server_error

    return server_error(request)


class DatabaseUnavailableMiddleware:
    """Answer 503 `database_unavailable` when the database cannot be reached, not a bare 500.

    Each write is one transaction, so a failed one leaves nothing half-stored; the client is
    told to try again (a turn whose user message was stored can be retried).
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (db.OperationalError, db.InterfaceError)):
            return None
        logger.warning(
            "database unavailable during %s %s: %r", request.method, request.path, exception
        )
        message = "The database cannot be reached right now; nothing was half-stored. Try again."
        response = JsonResponse(error_body("database_unavailable", message), status=503)
        response["Retry-After"] = "2"
        return response
