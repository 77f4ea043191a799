"""Authentication and error handling shared by every API endpoint."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from daihoi.api.models import ApiToken, hash_key
from daihoi.lib import jsonlimits

View = Callable[..., HttpResponse]


class ApiError(Exception):
    def __init__(self, status: int, *problems: str) -> None:
        super().__init__(problems[0] if problems else "")
        self.status = status
        self.problems = list(problems)


def error(status: int, *problems: str) -> JsonResponse:
    return JsonResponse({"errors": list(problems)}, status=status,
                        json_dumps_params={"ensure_ascii": False})


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _token_user(request: HttpRequest) -> Any | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, key = header.partition(" ")
    if scheme.lower() not in {"token", "bearer"} or not key.strip():
        raise ApiError(401, "Authorization header must be 'Token <key>'")
    token = (ApiToken.objects.select_related("user", "user__organization")
             .filter(key_hash=hash_key(key.strip()), revoked=False).first())
    if token is None or not token.user.is_active:
        raise ApiError(401, "unknown or revoked API token")
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        raise ApiError(401, f"API token expired at {token.expires_at:%Y-%m-%d %H:%M} UTC")
    if token.read_only and request.method not in SAFE_METHODS:
        raise ApiError(403, "this API token is read-only: it may only read (GET)")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_view(*methods: str) -> Callable[[View], View]:
    """Authenticate (API token, or the browser session with CSRF for writes), allow only
    ``methods``, and turn refusals and bad input into JSON errors."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                # The token first: a read-only token is refused any write (403), even one
                # this endpoint does not take.
                user = _token_user(request)
                if request.method not in methods:
                    refused = error(405, f"method {request.method} not allowed; "
                                         f"use {', '.join(methods)}")
                    refused["Allow"] = ", ".join(methods)
                    return refused
                if user is not None:
                    request.user = user
                else:
                    if isinstance(request.user, AnonymousUser) or not request.user.is_authenticated:
                        return error(401, "sign in or send 'Authorization: Token <key>'")
                    if request.method not in SAFE_METHODS:
                        csrf = CsrfViewMiddleware(lambda r: HttpResponse())
                        reason = csrf.process_view(request, view, (), {})
                        if reason is not None:
                            return error(403, "CSRF token missing or incorrect")
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return error(exc.status, *exc.problems)
            except PermissionDenied:
                return error(403, "not allowed for this account")
            except Http404:
                return error(404, "not found, or outside your scope")

        return inner

    return wrap


def json_body(request: HttpRequest) -> Any:
    """The request's JSON body, within the limits of daihoi.lib.limits (size, depth, digits)."""
    if request.content_type != "application/json":
        raise ApiError(415, "send the body as application/json")
    try:
        body = request.body
    except RequestDataTooBig:
        raise ApiError(413, f"the body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} "
                            "bytes") from None
    try:
        return jsonlimits.loads(body)
    except jsonlimits.JsonLimitError as exc:
        status = 413 if str(exc).startswith("the document is") else 400
        raise ApiError(status, str(exc)) from None


def single_param(request: HttpRequest, name: str) -> str | None:
    """A query parameter given at most once (None: not given)."""
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"{name}: give it once, not {len(values)} times")
    return values[0] if values else None


def int_param(request: HttpRequest, name: str, default: int, *, low: int, high: int) -> int:
    raw = single_param(request, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name}: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ApiError(400, f"{name}: must be between {low} and {high}")
    return value
