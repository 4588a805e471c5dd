"""`record()`: the one way an event is written, from a view, the API, the CLI or a signal."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .middleware import current_request
from .models import EventKind, SecurityEvent


def _origin(request) -> dict:
    if request is None:
        return {"via": "command line", "address": None, "user_agent": ""}
    from allauth.account.adapter import get_adapter

    try:
        address = get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):
        # an X-Forwarded-For shorter than the proxy count, or no usable address at all
        address = request.META.get("REMOTE_ADDR")
    try:
        address = str(ipaddress.ip_address(address or ""))
    except ValueError:
        address = None
    return {
        "via": "api" if request.path.startswith("/api/") else "web",
        "address": address,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
    }


def _actor(request):
    if request is None:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    auth = getattr(request, "auth", None)  # the API's token user
    return auth if getattr(auth, "is_authenticated", False) else None


def record(
    kind: EventKind, summary: str, users: Iterable = (), *, actor=None, **detail
) -> list[SecurityEvent]:
    """One event per person concerned (or one concerning nobody, e.g. an unknown e-mail).

    `summary` and `detail` name records, never what a private record says.
    """
    request = current_request.get()
    origin = _origin(request)
    actor = actor or _actor(request)
    concerned = list({u.pk: u for u in users if u is not None}.values()) or [None]
    return SecurityEvent.objects.bulk_create(
        SecurityEvent(
            user=user, actor=actor, kind=kind, summary=summary[:300], detail=detail, **origin
        )
        for user in concerned
    )
