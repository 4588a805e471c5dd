"""The fellow's meetings (practice 1): a year of Tuesday and Wednesday afternoons with her
two co-primary mentors, and a monthly call with her career mentor.

She sets both series up a year ago; their meetings are made 120 days ahead, as the
background loop keeps everyone's. After each meeting the notes and who came are saved;
one Wednesday was skipped, the last two meetings and one a fortnight ago are not written
up yet, and next week's Tuesday moved to Thursday morning. The actions agreed in the
meetings are closed, most on time, or still open; two disagreements were recorded; the
next meeting already has topics on its agenda.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from mentorkit.meetings import actions
from mentorkit.meetings.forms import (
    ActionItemForm,
    DisagreementForm,
    MoveMeetingForm,
    NotesForm,
    SeriesForm,
)
from mentorkit.meetings.models import ActionStatus, Meeting, MeetingStatus, Series

from .forms import fill
from .meeting_notes import (
    CAREER_TOPICS,
    CARRIED,
    CO_PRIMARY_PHASES,
    DISAGREEMENT_MEETINGS,
    DISAGREEMENTS,
    DONE,
    DROPPED,
    NEXT_AGENDA,
    STILL_OPEN,
)

if TYPE_CHECKING:
    from . import _Demo

# key -> (what the series form is filled with, the mentors it is with)
SERIES = {
    "co_primary": (
        {
            "title": "Co-primary mentors",
            "frequency": "weekly",
            "weekdays": ["TU", "WE"],
            "start_time": time(14, 0),
            "time_zone": "America/New_York",
            "location": "Cardiology research office, room 4.112",
        },
        ["daniel", "priya"],
    ),
    "career": (
        {
            "title": "Career mentoring with Marcus",
            "frequency": "monthly",
            "month_ordinal": 1,
            "month_weekday": "TH",
            "start_time": time(11, 0),
            "time_zone": "America/Chicago",
            "duration_minutes": 45,
            "video_url": "https://video.example.org/j/marcus-bell-okafor",
        },
        ["marcus"],
    ),
}
SET_UP, FIRST_ON = 370, 364  # days ago: the series are made, the first meeting on or after


class _Series:
    """One series of the demo, and the meetings held (oldest first); who takes part is the
    series' rule (`Meeting.participants`)."""

    def __init__(self, series: Series) -> None:
        self.series = series
        self.held: list[Meeting] = []

    def meeting(self, start: datetime) -> Meeting:
        """The occurrence at `start`; rows are made 120 days ahead, as the loop does each day."""
        found = self.series.meetings.filter(original_start=start).first()
        if found is None:
            self.series.materialize()
            found = self.series.meetings.get(original_start=start)
        return found

    def nearest_held(self, moment: datetime) -> Meeting:
        return min(self.held, key=lambda m: abs(m.starts_at - moment))


def load(demo: _Demo) -> None:
    clock, amara = demo.clock, demo.people["mentee"]
    made = {}
    for key, (values, mentors) in SERIES.items():
        team = [demo.team[m] for m in mentors]
        with clock.at(clock.ago(SET_UP)):
            values = {**values, "mentorships": team, "starts_on": clock.day(FIRST_ON)}
            form = fill(SeriesForm, values, mentee=amara, user=amara)
            series = actions.create_series(form, amara, amara)
        made[key] = _Series(series)
    last = _co_primary_year(demo, made["co_primary"])
    _career_year(demo, made["career"])
    _disagreements(demo, made["co_primary"])
    _actions(demo, made)
    _next_meeting(demo, made["co_primary"], last)
    with clock.at(clock.now):
        for each in made.values():
            each.series.materialize()


def _co_primary_year(demo: _Demo, co_primary: _Series) -> Meeting:
    """Record the year's co-primary meetings; returns the last one, not written up yet."""
    clock, series = demo.clock, co_primary.series
    past = series.occurrences(series.first_start, clock.now)
    # Skipped: a Wednesday three to five weeks ago (Daniel and Priya both at a meeting).
    skipped = next(
        start
        for start in past
        if timedelta(days=21) <= clock.now - start <= timedelta(days=35)
        and start.astimezone(series.zone).weekday() == 2
    )
    with clock.at(skipped - timedelta(days=2)):
        actions.skip(co_primary.meeting(skipped))
    # Nobody wrote up the last two, nor one a fortnight ago: "not recorded" shows.
    unrecorded = {past[-1], past[-2], past[-5]}
    to_record = [start for start in past if start not in unrecorded and start != skipped]
    special = {
        min(to_record, key=lambda start: abs(clock.now - timedelta(days=days) - start)): notes
        for days, notes in DISAGREEMENT_MEETINGS.items()
    }
    shares = [share for share, *_ in CO_PRIMARY_PHASES]
    bounds = [len(to_record) * sum(shares[: i + 1]) // sum(shares) for i in range(len(shares))]
    amara, daniel, priya = (demo.people[key] for key in ("mentee", "daniel", "priya"))
    phase, number = 0, 0
    for i, start in enumerate(to_record):
        while i >= bounds[phase]:
            phase, number = phase + 1, 0
        number += 1
        _share, summary, points, next_step = CO_PRIMARY_PHASES[phase]
        lines = [f"- {points[(number - 1) % 3]}", f"- {points[number % 3]}"]
        attendees = [amara, daniel, priya]
        if i % 7 == 3:
            attendees.remove(priya)
            lines.append("- Priya away at a methods workshop; she sent comments by e-mail.")
        elif i % 11 == 5:
            attendees.remove(daniel)
            lines.append("- Daniel on the wards; Priya and Amara went ahead.")
        if i % 3 == 0:
            lines.append(f"- Registry enrolment: {40 + 3 * i} patients.")
        # A new draft or section every other meeting, not every meeting.
        draft = (number + 1) // 2
        lines += ["", f"**Next:** {next_step.format(next=draft + 1)}"]
        summary, notes = special.get(start, (summary.format(n=draft), "\n".join(lines)))
        _record(demo, co_primary, start, summary, notes, attendees)
    return co_primary.meeting(past[-1])


def _career_year(demo: _Demo, career: _Series) -> None:
    series = career.series
    people = [demo.people["mentee"], demo.people["marcus"]]
    for i, start in enumerate(series.occurrences(series.first_start, demo.clock.now)):
        summary, notes = CAREER_TOPICS[i % len(CAREER_TOPICS)]
        _record(demo, career, start, summary, notes, people)


def _record(demo: _Demo, where: _Series, start: datetime, summary, notes, attendees) -> None:
    """Someone saves the meeting's notes and who came, the afternoon it was held."""
    ends = start + timedelta(minutes=where.series.duration_minutes)
    with demo.clock.at(ends + timedelta(hours=3)):
        meeting = where.meeting(start)
        values = {"status": MeetingStatus.HELD, "summary": summary, "notes": notes}
        form = fill(NotesForm, {**values, "attendees": attendees}, instance=meeting)
        where.held.append(actions.save_notes(form, form.cleaned_data["version"]))


def _disagreements(demo: _Demo, co_primary: _Series) -> None:
    """Two respectful disagreements that ended differently, recorded by the fellow."""
    clock = demo.clock
    for days, mentor, after, what in DISAGREEMENTS:
        meeting = co_primary.nearest_held(clock.now - timedelta(days=days))
        with clock.at(meeting.ends_at + timedelta(days=after, hours=2)):
            values: dict[str, Any] = {**what, "mentorship": demo.team[mentor]}
            form = fill(DisagreementForm, values, meeting=meeting)
            actions.record_disagreement(form, meeting, demo.people["mentee"])


def _actions(demo: _Demo, made: dict[str, _Series]) -> None:
    """Actions agreed at the end of meetings; done (one late), dropped, or still open."""
    clock = demo.clock

    def agreed(key, days, owner, title, due):
        meeting = made[key].nearest_held(clock.now - timedelta(days=days))
        with clock.at(meeting.ends_at):
            values = {"title": title, "owner": demo.people[owner], "due_on": due}
            form = fill(ActionItemForm, values, participants=meeting.participants())
            return actions.add_action_item(form, meeting)

    def held_on(key, days):
        meeting = made[key].nearest_held(clock.now - timedelta(days=days))
        return meeting.starts_at.astimezone(made[key].series.zone).date()

    for key, days, owner, due_after, closed_after, title in DONE:
        due = held_on(key, days) + timedelta(days=due_after)
        item = agreed(key, days, owner, title, due)
        with clock.at(clock.on(due + timedelta(days=closed_after), hour=17)):
            item.set_status(ActionStatus.DONE)
    for key, days, owner, due_after, dropped_after, title in DROPPED:
        day = held_on(key, days)
        item = agreed(key, days, owner, title, day + timedelta(days=due_after))
        with clock.at(clock.on(day + timedelta(days=dropped_after), hour=17)):
            item.set_status(ActionStatus.DROPPED)
    for key, days, owner, due_in, title in STILL_OPEN:
        agreed(key, days, owner, title, clock.day(-due_in))


def _next_meeting(demo: _Demo, co_primary: _Series, last: Meeting) -> None:
    """Next week's Tuesday moves to Thursday morning; the next meeting gets its agenda."""
    clock, series = demo.clock, co_primary.series
    upcoming = series.occurrences(clock.now, clock.now + timedelta(days=21))
    tuesday = next(
        start
        for start in upcoming
        if start - clock.now > timedelta(days=2) and start.astimezone(series.zone).weekday() == 1
    )
    with clock.at(clock.ago(3)):  # Daniel hears he is at study section that day
        meeting = co_primary.meeting(tuesday)
        thursday = datetime.combine(tuesday.astimezone(series.zone).date(), time(10, 0))
        thursday += timedelta(days=2)
        form = fill(
            MoveMeetingForm, {"starts_at": thursday.strftime("%Y-%m-%dT%H:%M")}, meeting=meeting
        )
        actions.move(meeting, form.cleaned_data["starts_at"])
    following = series.meetings.upcoming(clock.now).first()
    with clock.at(last.starts_at - timedelta(days=1)):
        who, title = CARRIED
        carried = actions.add_topic(last, title, demo.people[who])
    with clock.at(clock.ago(2)):
        for who, title in NEXT_AGENDA:
            actions.add_topic(following, title, demo.people[who])
    with clock.at(clock.ago(1)):
        actions.move_to_next(carried, None)
