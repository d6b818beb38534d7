"""One error vocabulary: a machine `code`, a human `message`, and an HTTP status.

`error_body()` is the one producer of the JSON error shape: the DRF exception handler, the
request-size guard in front of Django, Django's 400/404/500 handlers and the turn's SSE `error`
event all use it.
"""

import json
import logging

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django import db
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class SesameError(exceptions.APIException):
    """An error to report to the client with a code, a message and an HTTP status.

    `extra` items join the error object; `retry_after` (seconds) becomes `Retry-After`.
    """

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        retry_after: int | None = None,
        **extra,
    ):
        self.code = code or self.default_code
        super().__init__(detail=message, code=self.code)
        self.message = message
        if status:
            self.status_code = status
        self.retry_after = retry_after
        self.extra = extra

    @property
    def status(self) -> int:
        return self.status_code

    @property
    def wait(self) -> int | None:  # DRF's handler turns `wait` into Retry-After
        return self.retry_after

    def __str__(self) -> str:
        return self.message


def error_body(code: str, message: str, **extra) -> dict:
    """Return the JSON body of an error."""
    return {"error": {"code": code, "message": message, **extra}}


def error_json(code: str, message: str, **extra) -> bytes:
    """Return the JSON body of an error, encoded (for responses made outside Django)."""
    return json.dumps(error_body(code, message, **extra)).encode()


def as_api_exception(exc: Exception) -> Exception:
    """Map Django's own exceptions onto the API's vocabulary (others are returned as they are)."""
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return SesameError("The request body is too large.", code="request_too_large", status=413)
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        kind = "files" if isinstance(exc, TooManyFilesSent) else "fields"
        return SesameError(f"The request has too many {kind}.", code=f"too_many_{kind}")
    if isinstance(exc, SuspiciousOperation):
        return SesameError("The request was refused as malformed.", code="bad_request")
    return exc


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
    exc = as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, SesameError):
        response.data = error_body(exc.code, exc.message, **exc.extra)
        return response
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        code, extra = "invalid", {"fields": exc.detail}
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
    response.data = error_body(code, _first_message(exc.detail), **extra)
    return response


def error_response(exc: Exception) -> JsonResponse:
    """Render an API exception outside DRF's views exactly as the exception handler does."""
    rendered = exception_handler(exc, {})
    response = JsonResponse(rendered.data, status=rendered.status_code)
    for header, value in rendered.items():
        if header.lower() not in ("content-type", "vary", "allow"):
            response[header] = value
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response["WWW-Authenticate"] = "Token"
    return response


def bad_request(request, exception=None):
    """Answer Django's 400s (too many fields or files, a bad Host) in the error shape."""
    exc = as_api_exception(exception) if exception is not None else None
    if not isinstance(exc, SesameError):
        exc = SesameError("Bad request.", code="bad_request")
    return JsonResponse(error_body(exc.code, exc.message), status=exc.status)


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
