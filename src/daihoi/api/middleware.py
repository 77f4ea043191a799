"""Under /api/ every answer is JSON, errors included: an unknown URL (404), a refused CSRF
check (403), a body too large (413), a server error (500) get ``{"errors": [...]}`` instead of
the site's HTML pages, as docs/api.md promises."""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

log = logging.getLogger("daihoi.api")
PREFIX = "/api/"


def _problem(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower()
    except ValueError:
        return "error"


class JsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (request.path.startswith(PREFIX) and response.status_code >= 400
                and not response.get("Content-Type", "").startswith("application/json")):
            replaced = JsonResponse({"errors": [_problem(response.status_code)]},
                                    status=response.status_code)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(PREFIX):
            return None
        log.exception("API error on %s %s", request.method, request.path)
        return JsonResponse({"errors": ["internal server error; it has been logged"]},
                            status=500)
