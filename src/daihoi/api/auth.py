"""Authentication and error handling shared by every API endpoint."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from daihoi.api.models import ApiToken, hash_key

View = Callable[..., HttpResponse]


class ApiError(Exception):
    def __init__(self, status: int, *problems: str) -> None:
        super().__init__(problems[0] if problems else "")
        self.status = status
        self.problems = list(problems)


def error(status: int, *problems: str) -> JsonResponse:
    return JsonResponse({"errors": list(problems)}, status=status,
                        json_dumps_params={"ensure_ascii": False})


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
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_view(*methods: str) -> Callable[[View], View]:
    """Authenticate (API token, or the browser session with CSRF for writes), allow only
    ``methods``, and turn refusals and bad input into JSON errors."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                return error(405, f"method {request.method} not allowed; use {', '.join(methods)}")
            try:
                user = _token_user(request)
                if user is not None:
                    request.user = user
                else:
                    if isinstance(request.user, AnonymousUser) or not request.user.is_authenticated:
                        return error(401, "sign in or send 'Authorization: Token <key>'")
                    if request.method not in ("GET", "HEAD", "OPTIONS"):
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
    if request.content_type != "application/json":
        raise ApiError(415, "send the body as application/json")
    try:
        return json.loads(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") \
            from None


def int_param(request: HttpRequest, name: str, default: int, *, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name}: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ApiError(400, f"{name}: must be between {low} and {high}")
    return value
