"""A NUL character is never text: the API refuses it in any parameter or body (422).

PostgreSQL cannot store it in a text column, so without this check a NUL in a
filter or a field was a server error there and a silent oddity on SQLite.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse

PREFIX = "/api/v1/"


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PREFIX) and self._has_nul(request):
            return JsonResponse(
                {"detail": "Text may not contain NUL characters (\\u0000)."}, status=422
            )
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for key, value in request.GET.items()
        ):
            return True
        try:
            body = request.body
        except RequestDataTooBig:
            return False  # the API answers 413
        return b"\x00" in body or b"\\u0000" in body.lower()
