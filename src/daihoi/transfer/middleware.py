"""A fresh hall laptop (no account, no kit) opens on the page that loads the congress kit."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

ENTRY_PATHS = {"/", "/dang-nhap/"}


class FirstRunMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and request.path in ENTRY_PATHS:
            from daihoi.transfer.views import first_run_open

            if first_run_open():
                return redirect("transfer:first_run")
        return self.get_response(request)
