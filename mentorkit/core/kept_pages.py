"""Pages kept per viewer: a page rendered once and served again until what it shows
changes (`@kept` on a view).

A kept page is keyed on everything it is drawn from:

- its address and query, who looks, the time zone it is drawn in;
- the version of every workspace they may read (`core.versions`): their own and each one
  of a mentee they mentor or once mentored. Every write to a record of a workspace raises
  its version in the writer's transaction, and a change of a name raises the workspaces
  that show it, so the first request after a change (anyone's, in any worker) misses.
  A change of the viewer's roles (the menu and the page's sections) raises their own
  version too — a mentorship, an enrolment, a program's directors, administrators, mentor
  pool or neutral contact, a committee seat — so a kept page is served without reading
  the roles at all (three queries: the session, the user, the versions);
- the local date and the hour: health indicators are kept by the hour, and "overdue",
  "due for review" turn over at midnight;

and it ends at the first moment at which the page's own clock changes what it says (the
next meeting's start, when "next meetings" and "nothing recorded" turn over).

`@kept` keeps only plain GETs of people who read nothing but workspaces: a director's or
a committee member's pages also show their programs and scholars, and are drawn each time,
except a program's dashboard, kept (`serve`) under a key of all it shows
(`programs.kept.dashboard_state`). A page with a message waiting to be shown once is drawn.
The CSRF token is put in at each request (`CSRF_MARK` while drawing).

The cache is each worker's memory (`CACHES["pages"]`): a new version is a new key, so
nothing is invalidated across workers and old keys age out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps

from django.core.cache import caches
from django.db.models import Q
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

CACHE = "pages"
# What `{% csrf_token %}` writes into a page while it is drawn to be kept, replaced by each
# request's own token.
CSRF_MARK = "kept-page-csrf-token"


@dataclass(frozen=True)
class Body:
    html: str
    until: datetime | None = None  # when the page's clock changes what it says


def workspaces_of(user) -> tuple[tuple[int, int], ...]:
    """(mentee id, version) of each workspace `user` reads as a mentee or a mentor: one query.

    A workspace never written since versions began has no row, so it is not listed; its
    first write adds it, which changes the key as a new version would.
    """
    from mentorkit.visibility import mentees_ever_mentored_by

    from .models import WorkspaceVersion

    return tuple(
        WorkspaceVersion.objects.filter(
            Q(mentee_id=user.pk) | Q(mentee_id__in=mentees_ever_mentored_by(user))
        )
        .order_by("mentee_id")
        .values_list("mentee_id", "version")
    )


def key(page: str, request, parts: tuple) -> str:
    now = timezone.localtime()
    described = repr(
        (page, request.user.pk, timezone.get_current_timezone_name(), f"{now:%Y-%m-%dT%H}") + parts
    )
    return f"kept:{page}:{hashlib.sha256(described.encode()).hexdigest()}"


def plain_get(request) -> bool:
    """A plain GET by a signed-in person, with no message waiting to be shown once."""
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and not request.headers.get("HX-Request")
        and not _messages_waiting(request)
    )


def keepable(request, roles) -> bool:
    """Whether this request's page may be kept under the viewer's workspaces: a plain GET
    by someone who reads only workspaces (a director or a committee member also reads their
    programs' and scholars')."""
    return plain_get(request) and roles is not None and not (roles.director or roles.on_committee)


def kept(page: str, *, turns: Callable | None = None):
    """A view whose page is kept whole (`keepable` requests, 200 responses), keyed on its
    address and query as well; `turns(request, *args, **kwargs)` gives the moment its own
    clock next changes what it shows (the next meeting's start of the viewer's workspaces
    by default)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            from mentorkit.roles import roles_for

            if not plain_get(request):
                return view(request, *args, **kwargs)
            workspaces = workspaces_of(request.user)
            name = key(page, request, (request.get_full_path(), workspaces))
            # Kept, so drawn for this viewer at these versions: their roles are the same
            # (a change of roles raises their own version, `core.versions`), and are not read.
            found = _kept(name)
            if found is not None:
                return HttpResponse(_with_token(request, found.html))
            if not keepable(request, roles_for(request)):
                return view(request, *args, **kwargs)
            return serve(
                request,
                name,
                lambda: view(request, *args, **kwargs),
                lambda: (turns or next_meeting)(request, *args, workspaces=workspaces, **kwargs),
            )

        return wrapper

    return decorate


def serve(request, name: str, draw: Callable, turns: Callable | None = None) -> HttpResponse:
    """The page kept under `name`, or `draw()`n (a response) and kept if it is a 200, until
    `turns()`."""
    found = _kept(name)
    if found is not None:
        return HttpResponse(_with_token(request, found.html))
    request.drawing_kept_page = True
    try:
        response = draw()
    finally:
        request.drawing_kept_page = False
    if response.status_code != 200 or response.streaming:
        return response
    html = response.content.decode()
    _keep(name, Body(html, turns() if turns else None))
    response.content = _with_token(request, html).encode()
    return response


def next_meeting(request, *args, workspaces, **kwargs) -> datetime | None:
    """The next start of a meeting in the viewer's workspaces: when "next meetings", "not
    recorded" and "last met" turn over."""
    from mentorkit.meetings.models import Meeting, MeetingStatus

    return (
        Meeting.objects.filter(
            series__mentee_id__in=[mentee for mentee, _ in workspaces],
            starts_at__gte=timezone.now(),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def csrf(request) -> dict:
    """Template context processor, after Django's own: while a kept page is drawn, its
    CSRF token is `CSRF_MARK`, which each request replaces with its own."""
    if getattr(request, "drawing_kept_page", False):
        return {"csrf_token": CSRF_MARK}
    return {}


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _kept(name: str) -> Body | None:
    found = caches[CACHE].get(name)
    if found is None or (found.until is not None and timezone.now() >= found.until):
        return None
    return found


def _keep(name: str, body: Body) -> None:
    """Kept until the end of the hour at most (the hour is part of every key)."""
    now = timezone.now()
    next_hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=1
    )
    caches[CACHE].set(name, body, timeout=max(1, int((next_hour - now).total_seconds()) + 1))


def _with_token(request, html: str) -> str:
    return html.replace(CSRF_MARK, get_token(request)) if CSRF_MARK in html else html
