"""Writes on meetings that touch several rows; each one a transaction."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from mentorkit.core.versions import bump

from .models import (
    CALENDAR_CHANGES,
    ActionItem,
    AgendaItem,
    Disagreement,
    Meeting,
    MeetingStatus,
    Series,
)


class Refused(Exception):
    """A change the meeting's status does not allow, with the reason for the user."""


class Conflict(Exception):
    """Someone else saved first; carries what they saved."""

    def __init__(self, current):
        super().__init__("changed by someone else")
        self.current = current


@transaction.atomic
def create_series(form, mentee, user) -> Series:
    series = form.save(commit=False)
    series.mentee = mentee
    series.created_by = user
    series.save()
    form.save_m2m()
    series.materialize()
    return series


@transaction.atomic
def update_series(form) -> Series:
    """Save the new rhythm; future meetings nobody touched follow it, the rest stay as they are."""
    series = form.save(commit=False)
    now = timezone.now()
    if series.first_start < now:
        # A new rhythm applies from now on; what was before stays as it was.
        following = series.occurrences(now, now + timedelta(days=400))
        if following:
            series.first_start = following[0]
    series.sequence += 1
    series.updated_at = now
    series.save()
    form.save_m2m()
    untouched = series.meetings.filter(
        starts_at__gte=timezone.now(),
        status=MeetingStatus.SCHEDULED,
        notes="",
        summary="",
        starts_at=F("original_start"),
        agenda_items__isnull=True,
        action_items__isnull=True,
    )
    Meeting.objects.filter(pk__in=list(untouched.values_list("pk", flat=True))).delete()
    series.materialize(after=timezone.now())
    series.mark_occurrences()  # what stays of the earlier rhythm is no longer in the rule
    return series


def _bump_series(meeting: Meeting) -> None:
    Series.objects.filter(pk=meeting.series_id).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    bump([meeting.mentee_id])


@transaction.atomic
def change_in_calendar(meeting: Meeting, change: str) -> bool:
    """Skip ("skip") or put back ("restore") one occurrence; returns whether anything changed.

    Raises Refused when the meeting's status does not allow it (CALENDAR_CHANGES).
    """
    status = CALENDAR_CHANGES[change].get(meeting.status)
    if status is None:
        raise Refused("This meeting was held; change its status before skipping it.")
    if status == meeting.status:
        return False
    meeting.status = status
    meeting.save(update_fields=["status"])
    _bump_series(meeting)
    return True


def skip(meeting: Meeting) -> bool:
    return change_in_calendar(meeting, "skip")


def restore(meeting: Meeting) -> bool:
    return change_in_calendar(meeting, "restore")


@transaction.atomic
def move(meeting: Meeting, starts_at) -> None:
    meeting.starts_at = starts_at
    meeting.save(update_fields=["starts_at"])
    _bump_series(meeting)


@transaction.atomic
def save_notes(form, seen_version: int) -> Meeting:
    """Save only if nobody saved since `seen_version`; otherwise raise Conflict with their version."""
    meeting = form.instance
    data = form.cleaned_data
    before = Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).first()
    updated = Meeting.objects.filter(pk=meeting.pk, version=seen_version).update(
        status=data["status"],
        summary=data["summary"],
        notes=data["notes"],
        # The row's own version, one up: a client's number is only compared, never written,
        # so the largest one the document allows is a 409 and not an overflow.
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise Conflict(Meeting.objects.get(pk=meeting.pk))
    bump([meeting.mentee_id])
    meeting.attendees.set(data["attendees"])
    if MeetingStatus.CANCELLED in (before, data["status"]) and before != data["status"]:
        _bump_series(meeting)  # calendars must see the occurrence appear or disappear
    meeting.refresh_from_db()
    return meeting


def _touch_agenda(meeting: Meeting, seen_version: int | None) -> None:
    """Bump the agenda's version; refuse if the agenda changed since the page was loaded."""
    query = Meeting.objects.filter(pk=meeting.pk)
    if seen_version is not None:
        query = query.filter(agenda_version=seen_version)
    if not query.update(agenda_version=F("agenda_version") + 1):
        raise Conflict(Meeting.objects.get(pk=meeting.pk))


@transaction.atomic
def add_topic(meeting: Meeting, title: str, user, seen_version: int | None = None) -> AgendaItem:
    _touch_agenda(meeting, seen_version)
    last = meeting.agenda_items.aggregate(m=Max("position"))["m"]
    return AgendaItem.objects.create(
        meeting=meeting, title=title, added_by=user, position=(last or 0) + 1
    )


@transaction.atomic
def reorder(item: AgendaItem, direction: str, seen_version: int | None) -> None:
    """Swap the item with its neighbour above ("up") or below ("down")."""
    _touch_agenda(item.meeting, seen_version)
    items = list(item.meeting.agenda_items.order_by("position", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    changed = []
    for position, it in enumerate(items, start=1):
        if it.position != position:
            it.position = position
            changed.append(it)
    AgendaItem.objects.bulk_update(changed, ["position"])
    bump([item.meeting.mentee_id])


@transaction.atomic
def toggle_discussed(item: AgendaItem, seen_version: int | None) -> None:
    _touch_agenda(item.meeting, seen_version)
    item.discussed = not item.discussed
    item.save(update_fields=["discussed"])


@transaction.atomic
def move_to_next(item: AgendaItem, seen_version: int | None) -> Meeting | None:
    """Carry a topic to the series' next scheduled meeting."""
    current = item.meeting
    following = current.next_meeting()
    if following is None:
        return None
    _touch_agenda(current, seen_version)
    _touch_agenda(following, None)
    last = following.agenda_items.aggregate(m=Max("position"))["m"]
    item.meeting = following
    item.moved_from = current
    item.position = (last or 0) + 1
    item.save(update_fields=["meeting", "moved_from", "position"])
    return following


def add_action_item(form, meeting: Meeting) -> ActionItem:
    """An action agreed in `meeting`, owned by one of its participants (the form checks who)."""
    item = form.save(commit=False)
    item.meeting = meeting
    item.mentee_id = meeting.mentee_id
    item.save()
    return item


def record_disagreement(form, meeting: Meeting, user) -> Disagreement:
    """Keep a disagreement raised in `meeting` (the page and the API)."""
    disagreement = form.save(commit=False)
    disagreement.meeting = meeting
    disagreement.recorded_by = user
    disagreement.save()
    return disagreement
