"""Downloaded PDFs rendered again after each change, by the background loop.

Rendering the IDP or the CV takes seconds, too long for the first download after a change.
So a download is recorded (`KeptDocument`, in `render.kept_document`), and `take_due()`,
in each pass of `mentorkit remind` (`reminders.run_pass`), renders every recorded document
whose workspace changed since (or whose day is over), for the same reader, with the same
function the download calls — so with exactly what that reader may see, in their time zone —
into the cache key the next download reads. The key holds the version the render started
from: a change during a render only leaves a PDF under the old key, which nobody asks for.

Each row is claimed with a conditional update before it is rendered, so several copies of
the loop can run at once; a copy that dies leaves a claim that goes stale after
`STALE_CLAIM`. A document nobody downloaded for `KEPT_READY_FOR` (30 days) is no longer
rendered.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone

from .models import KeptDocument

logger = logging.getLogger(__name__)

# Documents rendered per pass at most: the reminders of the next pass should not wait long.
PER_PASS = 10


def take_due(
    now: datetime, should_stop: Callable[[], bool] = lambda: False, *, run_id: str = ""
) -> int:
    """Render the kept documents that are behind; returns how many were rendered.

    One query when nothing is due. Rows not downloaded for `KEPT_READY_FOR` are never due
    and stay (one per reader, document and paper): a new download takes up the row again.
    """
    due = KeptDocument.objects.due(now).order_by("-downloaded_at", "pk")
    rendered = 0
    for pk in list(due.values_list("pk", flat=True)[:PER_PASS]):
        if should_stop():
            break
        if _claim(pk, run_id) and _render(pk, run_id):
            rendered += 1
    return rendered


def _claim(pk: int, run_id: str) -> bool:
    """Exactly one of several racing copies gets the row."""
    now = timezone.now()
    claimed = KeptDocument.objects.due(now).filter(pk=pk)
    return claimed.update(claimed_at=now, claimed_by=run_id) == 1


def _render(pk: int, run_id: str) -> bool:
    from mentorkit.core.versions import versions

    from .render import find, keep_ready

    kept = KeptDocument.objects.select_related("reader").get(pk=pk)
    reader = kept.reader
    try:
        if not reader.is_active:
            raise Http404("The reader's account is closed.")
        source = find(kept.kind, reader, json.loads(kept.arguments))
    except (Http404, ObjectDoesNotExist, TypeError, ValueError):
        # The reader may no longer see it (or it is gone): nothing is rendered for them.
        KeptDocument.objects.filter(pk=pk, claimed_by=run_id).delete()
        return False
    try:
        # The version first: what is rendered is at least as new as the key says.
        version = versions([source.workspace])[source.workspace]
        fresh_until = keep_ready(source, reader, kept.paper, version)
    except Exception:
        # The claim stays: the row is tried again once it is stale, the others meanwhile.
        logger.exception("could not render kept document %s", pk)
        return False
    # A download may have rendered a newer version meanwhile: the row keeps the newer one.
    KeptDocument.objects.filter(pk=pk, claimed_by=run_id).update(
        version=Greatest(F("version"), version),
        fresh_until=fresh_until,
        claimed_at=None,
        claimed_by="",
    )
    return True
