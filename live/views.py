"""`/api/rtc/offer/`: Pipecat's SmallWebRTC signalling, and the page that shows it working.

`POST {sdp, type: "offer", pc_id?, restart_pc?, requestData?}` → `{sdp, type: "answer", pc_id}`:
a new call, or (a known `pc_id`) a renegotiation of its peer connection, or (`restart_pc`) its
replacement. `PATCH {pc_id, candidates: [{candidate, sdp_mid, sdp_mline_index}]}` → 204.
A plain async view (the peer connection lives on the server's event loop, after the
response); the synchronous edge work (DRF's Token or session + CSRF authentication) runs in
one `sync_to_async` step. Errors use the API's error shape.
"""

from __future__ import annotations

import json
import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.request import Request

from conversations import selectors, services
from core.errors import SesameError, error_response
from core.request_threads import outside_request
from core.tokens import TokenAuthentication
from live import rtc_forward
from live.session import registry
from live.smallwebrtc import PipecatCall, calls

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # an offer is a few kilobytes of SDP
MAX_CANDIDATES = 64
AUTHENTICATORS = [TokenAuthentication(), SessionAuthentication()]

# The Pipecat client's ES modules and what they import, vendored by `make vendor`.
PIPECAT_IMPORTS = {
    "@pipecat-ai/client-js": "vendor/pipecat-ai-client-js@1.13.1/index.module.js",
    "@pipecat-ai/small-webrtc-transport": (
        "vendor/pipecat-ai-small-webrtc-transport@1.10.8/index.module.js"
    ),
    "@daily-co/daily-js": "vendor/daily-co-daily-js@0.90.0/daily-esm.js",
    "events": "vendor/events@3.3.0/events.mjs",
    "uuid": "vendor/uuid@11.1.1/esm-browser/index.js",
    "bowser": "vendor/bowser@2.15.1/bowser.mjs",
    "lodash/cloneDeep": "vendor/lodash@4.18.1/cloneDeep.mjs",
}


def _user(request):
    """Return the user of a Token or session (+ CSRF) request, or raise the API's error."""
    user = Request(request, parsers=[JSONParser()], authenticators=AUTHENTICATORS).user
    if not user.is_authenticated:
        raise exceptions.NotAuthenticated()
    return user


def _raw_body(request) -> bytes:
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        raise SesameError("The request is too large.", code="request_too_large", status=413)
    return request.body  # read (and kept) before DRF's CSRF check may look at the form


def _body(raw: bytes) -> dict:
    try:
        body = json.loads(raw or b"null")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise SesameError("Send a JSON object.", code="invalid")
    return body


def _not_found() -> SesameError:
    return SesameError("No such peer connection.", code="not_found", status=404)


async def _offer(user, body: dict) -> dict:
    sdp, kind = body.get("sdp"), body.get("type")
    if not isinstance(sdp, str) or not sdp.strip() or kind != "offer":
        raise SesameError('Send {"sdp", "type": "offer"}.', code="invalid")
    pc_id = body.get("pc_id")
    call = calls.get(pc_id) if isinstance(pc_id, str) else None
    if call is not None:
        if call.user.pk != user.pk:
            raise _not_found()
        return await call.negotiate(sdp, restart=body.get("restart_pc") is True)
    extra = body.get("requestData", body.get("request_data"))
    conversation_id = extra.get("conversation_id") if isinstance(extra, dict) else None
    limit = settings.SESAME_MAX_LIVE_SESSIONS_PER_USER
    if registry.count(user.pk) >= limit:
        message = f"You already have {limit} live sessions open; end one first."
        raise SesameError(message, code="too_many_sessions", status=429)
    if conversation_id:
        conversation = await sync_to_async(selectors.conversation_get)(
            user=user, conversation_id=conversation_id
        )
        if conversation is None:
            raise SesameError("Conversation not found.", code="not_found", status=404)
    else:
        conversation = await sync_to_async(services.conversation_create)(owner=user)
    return await PipecatCall(user, conversation).start(sdp)


async def _patch(user, body: dict) -> None:
    pc_id, candidates = body.get("pc_id"), body.get("candidates")
    if not isinstance(candidates, list) or len(candidates) > MAX_CANDIDATES:
        raise SesameError(
            f'Send {{"pc_id", "candidates": [...]}} (at most {MAX_CANDIDATES}).', code="invalid"
        )
    if not all(isinstance(c, dict) for c in candidates):
        raise SesameError("Each candidate must be an object.", code="invalid")
    if not isinstance(pc_id, str) or not pc_id:
        raise _not_found()
    call = calls.get(pc_id)
    if call is None and rtc_forward.enabled():  # perhaps held by another process
        status, error = await rtc_forward.forward(pc_id, user.pk, candidates)
        if status >= 400:
            raise (
                SesameError(error["message"], code=error["code"], status=status)
                if error
                else _not_found()
            )
        return
    if call is None or call.user.pk != user.pk:
        raise _not_found()
    await call.add_candidates(candidates)


@csrf_exempt  # session clients are CSRF-checked by DRF's SessionAuthentication
@login_not_required  # anonymous requests get a 401 in the error shape, not a login redirect
async def rtc_offer(request):
    """Place, renegotiate or restart a Pipecat SmallWebRTC call; add trickled candidates."""
    if request.method not in ("POST", "PATCH"):
        response = JsonResponse(
            {"error": {"code": "method_not_allowed", "message": "Use POST or PATCH."}},
            status=405,
        )
        response["Allow"] = "POST, PATCH"
        return response
    try:
        raw = _raw_body(request)
        user = await sync_to_async(_user)(request)
        body = _body(raw)
        # A call outlives the request that places (or restarts) it: its tasks must not
        # inherit the request's thread.
        if request.method == "POST":
            return JsonResponse(await outside_request(_offer(user, body)))
        await outside_request(_patch(user, body))
        return HttpResponse(status=204)
    except (SesameError, exceptions.APIException) as exc:
        return error_response(exc)


@ensure_csrf_cookie
def pipecat_example(request):
    """Render the page that calls Sesame with Pipecat's own, unmodified web client."""
    import_map = {"imports": {name: static(path) for name, path in PIPECAT_IMPORTS.items()}}
    return render(
        request,
        "examples/pipecat.html",
        {"import_map": json.dumps(import_map, indent=2).replace("</", "<\\/")},
    )
