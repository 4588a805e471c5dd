"""Calendars (RFC 5545): a secret iCalendar feed per user, and `.ics` downloads of a series or a meeting.

A series is one VEVENT with its RRULE. Meeting rows refine it: a skipped
(cancelled) occurrence becomes an EXDATE, a moved one an override VEVENT with
the same UID and RECURRENCE-ID set to where the rule put it. An occurrence the
current rule no longer produces (the rhythm changed after it happened) is kept
with an RDATE, so the past stays as it was. Times carry the series' TZID and a
VTIMEZONE for each zone, so a 14:00 meeting stays at 14:00 across daylight-saving
changes in every calendar application.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.text import slugify
from icalendar import Calendar, Event, Timezone, vRecur

from mentorkit.core.versions import versions
from mentorkit.teams.models import Mentorship

from .models import ActionItem, AgendaItem, Meeting, MeetingStatus, Series, takes_part

PRODID = "-//mentorkit//Meetings//EN"
# The description stays short: calendar applications show it in a small box.
MAX_LINES = 5


# --- The feed's address -------------------------------------------------------------


def feed_url(user) -> str:
    """The absolute address of the user's feed; the secret is created on first use."""
    if not user.calendar_token:
        User = get_user_model()
        # Conditional, so two first visits at once agree on one secret.
        User.objects.filter(pk=user.pk, calendar_token__isnull=True).update(
            calendar_token=secrets.token_urlsafe(32)
        )
        user.refresh_from_db(fields=["calendar_token"])
    return settings.BASE_URL + reverse("meetings:feed", args=[user.calendar_token])


# --- Building calendars ---------------------------------------------------------------


def series_for_calendar(queryset):
    """Series with the people the calendar names; `load_series` adds their occurrences."""
    return queryset.select_related("mentee").prefetch_related(
        Prefetch("mentorships", queryset=Mentorship.objects.select_related("mentor"))
    )


class Occurrence(NamedTuple):
    """What the calendar needs of a meeting row: plain tuples, as a series may have hundreds."""

    pk: int
    series_id: int
    original_start: datetime
    starts_at: datetime
    duration_minutes: int
    status: str
    in_rule: bool


def load_series(queryset) -> list[Series]:
    """The series, each with `calendar_occurrences`: the meeting rows its RRULE does not say
    by itself (kept from an earlier rhythm, skipped, moved, of another length) and those to
    come, for the next one's agenda. A meeting held as the rule made it is not read: a
    series' years of history cost nothing. A constant number of queries."""
    series_list = list(series_for_calendar(queryset))
    by_series: dict[int, list[Occurrence]] = {s.pk: [] for s in series_list}
    exceptional = (
        Q(in_rule=False)
        | Q(status=MeetingStatus.CANCELLED)
        | ~Q(starts_at=F("original_start"))
        | ~Q(duration_minutes=F("series__duration_minutes"))
        | Q(status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now())
    )
    rows = (
        Meeting.objects.filter(series_id__in=by_series)
        .filter(exceptional)
        .order_by("original_start")
        .values_list(*Occurrence._fields)
    )
    for row in rows:
        by_series[row[1]].append(Occurrence(*row))
    for series in series_list:
        series.calendar_occurrences = by_series[series.pk]
    return series_list


@dataclass
class Agendas:
    """What is open, for the descriptions: agenda topics by meeting, open action items by mentee."""

    topics: dict[int, list[str]] = field(default_factory=dict)
    actions: dict[int, list[ActionItem]] = field(default_factory=dict)

    @classmethod
    def load(cls, viewer, meeting_ids: list[int], mentee_ids: set[int]) -> Agendas:
        agendas = cls()
        for item in AgendaItem.objects.filter(meeting_id__in=meeting_ids).only(
            "meeting_id", "title"
        ):
            agendas.topics.setdefault(item.meeting_id, []).append(item.title)
        items = (
            ActionItem.objects.visible_to(viewer)
            .open()
            .filter(mentee_id__in=mentee_ids)
            .select_related("owner")
            .order_by("due_on", "id")
        )
        for action in items:
            agendas.actions.setdefault(action.mentee_id, []).append(action)
        return agendas


def participants(series) -> str:
    """The mentee and the mentors who take part in the series, by name."""
    names = [series.mentee.display_name]
    for mentorship in series.mentorships.all():
        if takes_part(mentorship):
            names.append(mentorship.mentor.display_name)
    return ", ".join(names)


def _bullets(title: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    shown = lines[:MAX_LINES]
    more = [f"- … and {len(lines) - len(shown)} more"] if len(lines) > len(shown) else []
    return [title, *(f"- {line}" for line in shown), *more]


def _action_line(action: ActionItem) -> str:
    due = f", due {action.due_on:%-d %b}" if action.due_on else ""
    return f"{action.title} ({action.owner.display_name}{due})"


def describe(series, meeting: Meeting | Occurrence | None, agendas: Agendas) -> str:
    """The rhythm; for `meeting`, its agenda and the open action items; a link to the series."""
    lines = [f"{series.description}."]
    if meeting is not None:
        when = timezone.localtime(meeting.starts_at, series.zone)
        lines += _bullets(f"Agenda for {when:%a %-d %b}:", agendas.topics.get(meeting.pk, []))
        lines += _bullets(
            "Open action items:",
            [_action_line(a) for a in agendas.actions.get(series.mentee_id, [])],
        )
    lines.append(settings.BASE_URL + series.get_absolute_url())
    return "\n".join(lines)


def _event(series, start: datetime, minutes: int, description: str, stamp: datetime) -> Event:
    """The properties every VEVENT of a series shares."""
    zone = series.zone
    start = start.astimezone(zone)
    event = Event()
    event.add("uid", series.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    event.add("sequence", series.sequence)
    event.add("summary", f"{series.title} ({participants(series)})")
    event.add("description", description)
    event.add("created", series.created_at)
    event.add("last-modified", series.updated_at)
    if series.location:
        event.add("location", series.location)
    if series.video_url:
        event.add("url", series.video_url)
    return event


def next_meeting(series, now: datetime) -> Occurrence | None:
    upcoming = [
        m
        for m in series.calendar_occurrences
        if m.status == MeetingStatus.SCHEDULED and m.starts_at >= now
    ]
    return min(upcoming, key=lambda m: m.starts_at, default=None)


def series_events(
    series, agendas: Agendas, now: datetime, following: Occurrence | None
) -> list[Event]:
    """The series' VEVENT with its RRULE, EXDATEs and RDATEs, then one override per moved occurrence."""
    zone = series.zone
    meetings = series.calendar_occurrences
    master = _event(
        series,
        series.first_start,
        series.duration_minutes,
        describe(series, following, agendas),
        now,
    )
    master.add("rrule", vRecur.from_ical(series.rule))
    skipped = [m for m in meetings if m.status == MeetingStatus.CANCELLED and m.in_rule]
    if skipped:
        master.add("exdate", [m.original_start.astimezone(zone) for m in skipped])
    kept = [m for m in meetings if m.status != MeetingStatus.CANCELLED and not m.in_rule]
    if kept:
        master.add("rdate", [m.original_start.astimezone(zone) for m in kept])
    events = [master]
    for meeting in meetings:
        if meeting.status == MeetingStatus.CANCELLED:
            continue
        if (
            meeting.starts_at == meeting.original_start
            and meeting.duration_minutes == series.duration_minutes
        ):
            continue
        events.append(
            occurrence_event(series, meeting, agendas, now, with_agenda=meeting == following)
        )
    return events


def occurrence_event(
    series,
    meeting: Meeting | Occurrence,
    agendas: Agendas,
    now: datetime,
    with_agenda: bool = True,
) -> Event:
    """One occurrence as its own VEVENT: same UID as the series, RECURRENCE-ID where the rule put it."""
    description = describe(series, meeting if with_agenda else None, agendas)
    event = _event(series, meeting.starts_at, meeting.duration_minutes, description, now)
    event.add("recurrence-id", meeting.original_start.astimezone(series.zone))
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # NAME (RFC 7986) and X-WR-CALNAME; icalendar writes X-WR-CALNAME unescaped, so a title's
    # line breaks (possible through the API) are folded into spaces here.
    cal.calendar_name = " ".join(name.split())
    return cal


def _finish(cal: Calendar, earliest: datetime | None, fallback_zone: str = "UTC") -> bytes:
    """Add a VTIMEZONE for every TZID used, covering the calendar's span, and serialize."""
    this_year = timezone.now().year
    first = date((earliest.year if earliest else this_year) - 1, 1, 1)
    # Series without an end run on; calendar applications that know the TZID use their own rules beyond this.
    last = date(this_year + 12, 1, 1)
    # Before the events that name them (as icalendar's add_missing_timezones puts them).
    zones = [_vtimezone(tzid, first, last) for tzid in sorted(cal.get_missing_tzids())]
    cal.subcomponents[:0] = [zone for zone in zones if zone is not None]
    if not cal.subcomponents:
        # RFC 5545 wants at least one component, even in a feed with nothing in it yet.
        fallback = _vtimezone(fallback_zone, first, last) or _vtimezone("UTC", first, last)
        if fallback is not None:  # icalendar knows UTC
            cal.add_component(fallback)
    return cal.to_ical()


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid: str, first: date, last: date) -> Timezone | None:
    """A VTIMEZONE with the zone's transitions from `first` to `last`, or None for a zone
    icalendar does not know. Built once per span, as each is the same in every feed of the
    day (never changed after: serialising a component leaves it as it is)."""
    try:
        return Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:
        return None


def series_calendar(series_list, viewer, name: str) -> bytes:
    """Every series in `series_list` (from `load_series`) as one calendar."""
    now = timezone.now()
    following = {s.pk: next_meeting(s, now) for s in series_list}
    agendas = Agendas.load(
        viewer,
        [m.pk for m in following.values() if m is not None],
        {s.mentee_id for s in series_list},
    )
    cal = new_calendar(name)
    for series in series_list:
        for event in series_events(series, agendas, now, following[series.pk]):
            cal.add_component(event)
    starts = [s.first_start for s in series_list]
    starts += [
        s.calendar_occurrences[0].original_start for s in series_list if s.calendar_occurrences
    ]
    return _finish(cal, min(starts, default=None), viewer.time_zone)


def meeting_calendar(meeting: Meeting, viewer) -> bytes:
    series = meeting.series
    agendas = Agendas.load(viewer, [meeting.pk], {meeting.mentee_id})
    cal = new_calendar(series.title)
    cal.add_component(occurrence_event(series, meeting, agendas, timezone.now()))
    return _finish(cal, meeting.original_start)


# --- Views --------------------------------------------------------------------------


def _ics(body: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def feed(request, token):
    """The user's feed: the secret address is the credential, so no sign-in.

    Its ETag is the versions of the workspaces it shows, with the hour (the next meeting's
    agenda moves on as meetings pass): a calendar application asking again with
    If-None-Match gets a 304 without the calendar being built.
    """
    user = get_object_or_404(get_user_model().objects.filter(is_active=True), calendar_token=token)
    visible = Series.objects.visible_to(user)
    etag = feed_etag(user, visible)
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is None:
        series_list = load_series(visible.order_by("id"))
        response = _ics(series_calendar(series_list, user, f"mentorkit: {user.display_name}"))
    else:
        response = unchanged
        response["Cache-Control"] = "private, no-cache"
    response["ETag"] = etag
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_etag(user, visible) -> str:
    """The versions of the viewer's workspace and of every workspace whose series they see."""
    mentee_ids = set(visible.values_list("mentee_id", flat=True))
    at = versions(mentee_ids | {user.pk})
    hour = timezone.now().strftime("%Y-%m-%dT%H")
    parts = [sorted(at.items()), hour, user.time_zone, settings.BASE_URL, PRODID]
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


@login_required
def series_ics(request, pk):
    found = load_series(Series.objects.visible_to(request.user).filter(pk=pk))
    if not found:
        raise Http404
    series = found[0]
    return _ics(
        series_calendar([series], request.user, series.title),
        f"{slugify(series.title) or 'meetings'}.ics",
    )


@login_required
def meeting_ics(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user)
        .select_related("series__mentee")
        .prefetch_related(
            Prefetch("series__mentorships", queryset=Mentorship.objects.select_related("mentor"))
        ),
        pk=pk,
    )
    local = timezone.localtime(meeting.starts_at, meeting.series.zone)
    return _ics(
        meeting_calendar(meeting, request.user),
        f"{slugify(meeting.series.title) or 'meeting'}-{local:%Y-%m-%d}.ics",
    )
