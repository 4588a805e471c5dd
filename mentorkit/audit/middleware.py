"""The request being served, so that an event recorded deep in an action knows its address."""

from __future__ import annotations

from contextvars import ContextVar

from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(reset)
