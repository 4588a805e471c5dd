"""Agendas proposed from what is open.

Each app registers a source: a function that, for one meeting and the person
looking at it, returns suggestions (things still open that the meeting could
take up). The meetings app provides two: open action items, carried forward
until closed, and insights not yet shared with the primary mentors. Goals due
for review, feedback not yet given and outcomes to celebrate or reflect on plug
in the same way from their apps' `agenda.py`, found at start-up by
`mentorkit.apps`. A label is registered once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, QuerySet, Window
from django.urls import reverse


@dataclass(frozen=True)
class Suggestion:
    kind: str
    title: str
    detail: str = ""
    url: str = ""


# A source answers, for one meeting and its viewer, the open things in the order to raise them
# (a QuerySet) and how one of them reads as a suggestion.
Source = Callable[..., tuple[QuerySet, Callable[[Any], Suggestion]]]
_sources: list[tuple[str, Source]] = []
_everything: dict[str, str] = {}  # label -> the URL name of a page listing all of them


def register(label: str, everything: str = "") -> Callable[[Source], Source]:
    """Register a source under `label`; a label registered twice stops start-up.

    `everything`: the name of a page that lists all of a source's suggestions, for everyone
    who may see them, linked when the meeting page shows only the first few."""

    def decorator(func: Source) -> Source:
        if any(existing == label for existing, _ in _sources):
            raise ImproperlyConfigured(f"Agenda: a source is already registered as {label!r}.")
        _sources.append((label, func))
        if everything:
            _everything[label] = everything
        return func

    return decorator


SHOWN = 6  # suggestions of each source on the meeting page and in the reminder


@dataclass(frozen=True)
class Shortlist:
    """The first suggestions of one source, how many more are open, and where all of them are."""

    label: str
    suggestions: list[Suggestion]
    more: int
    url: str = ""


def shortlisted(meeting, viewer, shown: int | None = SHOWN) -> list[Shortlist]:
    """The first `shown` suggestions of every source that has something open for this meeting
    (the soonest due first), and how many more: a meeting takes up a few topics, and a mentee
    with 140 open action items still gets a page, and an e-mail, of the same length. Each
    source costs one query, its count included; `shown=None` takes every suggestion."""
    result = []
    for label, source in _sources:
        rows, suggest = source(meeting, viewer)
        if shown is None:
            found, more = list(rows), 0
        else:
            found = list(rows.annotate(in_all=Window(Count("pk")))[:shown])
            more = found[0].in_all - len(found) if found else 0
        if not found:
            continue
        url = reverse(_everything[label]) if more and label in _everything else ""
        result.append(Shortlist(label, [suggest(row) for row in found], more, url))
    return result


@register("Open action items")
def open_action_items(meeting, viewer):
    from .models import ActionItem

    items = (
        ActionItem.objects.visible_to(viewer)
        .open()
        .filter(mentee_id=meeting.mentee_id)
        .select_related("owner", "meeting")
        .order_by("due_on", "id")
    )
    url = reverse("meetings:actions")

    def suggest(item) -> Suggestion:
        return Suggestion(
            "action",
            item.title,
            f"{item.owner.display_name}"
            + (f", due {item.due_on:%-d %b}" if item.due_on else "")
            + (" · overdue" if item.is_overdue else "")
            + (
                f" · from {item.meeting.starts_at:%-d %b}"
                if item.meeting_id and item.meeting_id != meeting.pk
                else ""
            ),
            url,
        )

    return items, suggest


@register("Insights not yet shared with the primary mentors", everything="teams:insights")
def unshared_insights(meeting, viewer):
    from mentorkit.teams.models import Insight

    insights = Insight.objects.filter(
        mentee_id=meeting.mentee_id, shared_with_primary_at__isnull=True
    ).select_related("source__mentor")
    if viewer.pk != meeting.mentee_id:
        insights = insights.none()  # unshared insights are the mentee's own until shared
    url = reverse("teams:insights")
    return insights, lambda i: Suggestion(
        "insight", i.text[:120], f"from {i.source.mentor_name if i.source else 'a mentor'}", url
    )
