"""`Idempotency-Key` on every create of the API (a POST under /api/v1/).

A client that retries a create after a dropped connection sends the same key; the
retry gets the first answer, and nothing is created twice. The key is remembered per
caller for 24 hours. The same key with a different request is a 422; a retry while
the first request is still being answered is a 409. Server errors are not kept, so
the retry runs again.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse

from mentorkit.accounts.models import ApiToken

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
PREFIX = "/api/v1/"


def _problem(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.path.startswith(PREFIX):
            return self.get_response(request)
        if len(key) > 255:
            return _problem(422, f"{HEADER}: at most 255 characters.")
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        user = ApiToken.authenticate(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            return self.get_response(request)  # the API answers 401 itself
        try:
            body = request.body
        except RequestDataTooBig:
            return _problem(413, "The request body is too large; send at most 2.5 MB.")
        fingerprint = hashlib.sha256(
            b"\n".join([request.method.encode(), request.path.encode(), body])
        ).hexdigest()
        IdempotentRequest.objects.expired().filter(user=user).delete()
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    user=user, key=key, fingerprint=fingerprint
                )
        except IntegrityError:
            return self._replay(user, key, fingerprint)
        response = self.get_response(request)
        if response.status_code >= 500 or getattr(response, "streaming", False):
            record.delete()
            return response
        record.status = response.status_code
        record.content_type = response.get("Content-Type", "")
        record.body = response.content
        record.save(update_fields=["status", "content_type", "body"])
        return response

    def _replay(self, user, key: str, fingerprint: str) -> HttpResponse:
        first = IdempotentRequest.objects.live().filter(user=user, key=key).first()
        if first is None:  # removed meanwhile (a server error); the client may try again
            return _problem(409, "A request with this Idempotency-Key failed; send it again.")
        if first.fingerprint != fingerprint:
            return _problem(
                422,
                f"This {HEADER} was used for a different request; use a new key for a new request.",
            )
        if first.status is None:
            return _problem(409, "The first request with this Idempotency-Key is still running.")
        response = HttpResponse(
            bytes(first.body), status=first.status, content_type=first.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response
