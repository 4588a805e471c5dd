"""Calendars: the secret iCalendar feed, `.ics` downloads, and the feed's address on the profile.

The feed is checked twice: parsed with icalendar, and expanded independently
with python-dateutil from the serialized text alone, against the meeting rows.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from dateutil import tz
from dateutil.rrule import rrulestr
from icalendar import Calendar

from mentorkit.accounts.models import ApiToken
from mentorkit.meetings import actions
from mentorkit.meetings.forms import SeriesForm
from mentorkit.meetings.models import ActionItem, AgendaItem, Meeting, MeetingStatus, Series
from mentorkit.teams.models import Mentorship, MentorshipStatus
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)  # a week before New York moves its clocks
NEW_YORK = tz.gettz("America/New_York")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_series(mentee, *mentors, user=None, **fields) -> Series:
    """A series made as the web form makes it: by default every Tuesday and Wednesday at 14:00 in New York."""
    data = {
        "title": "Co-primary check-in",
        "mentorships": [Mentorship.objects.get(mentee=mentee, mentor=m).pk for m in mentors],
        "frequency": "weekly",
        "interval": 1,
        "weekdays": ["TU", "WE"],
        "starts_on": "2025-03-04",
        "start_time": "14:00",
        "time_zone": "America/New_York",
        "duration_minutes": 60,
        "ends": "never",
        "location": "Room 4, Research Building",
        "video_url": "https://video.example.org/j/123",
        **fields,
    }
    form = SeriesForm(data, mentee=mentee, user=user or mentee)
    assert form.is_valid(), form.errors
    return actions.create_series(form, mentee, user or mentee)


def meeting_at(series, local: str) -> Meeting:
    start = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=NEW_YORK)
    return series.meetings.get(original_start=start)


@pytest.fixture
def series(mentee_a, mentor_a):
    """Tuesdays and Wednesdays at 14:00; 12 March skipped, 18 March moved to 16:00, an agenda for 4 March."""
    series = make_series(mentee_a, mentor_a)
    actions.skip(meeting_at(series, "2025-03-12 14:00"))
    moved = meeting_at(series, "2025-03-18 14:00")
    actions.move(moved, datetime(2025, 3, 18, 16, 0, tzinfo=NEW_YORK))
    first = meeting_at(series, "2025-03-04 14:00")
    actions.add_topic(first, "Specific aims, second draft", mentee_a)
    ActionItem.objects.create(
        mentee=mentee_a, meeting=first, title="Send the power calculation", owner=mentor_a
    )
    series.refresh_from_db()
    return series


def feed_path(user) -> str:
    if not user.calendar_token:
        user.regenerate_calendar_token()
    return f"/calendar/{user.calendar_token}.ics"


def feed_text(client, user) -> str:
    response = client.get(feed_path(user))
    assert response.status_code == 200
    return response.content.decode()


# --- Reading the serialized text, independently of icalendar ---------------------------


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def blocks(text: str, name: str) -> list[list[str]]:
    """The content lines of every `name` component, e.g. VEVENT."""
    found, current = [], None
    for line in unfold(text):
        if line == f"BEGIN:{name}":
            current = []
        elif line == f"END:{name}":
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def values(lines: list[str], name: str) -> list[tuple[dict, str]]:
    """(parameters, value) of each property `name` in the lines."""
    result = []
    for line in lines:
        head, _, value = line.partition(":")
        prop, *params = head.split(";")
        if prop == name:
            result.append((dict(p.split("=", 1) for p in params), value))
    return result


def moments(params: dict, value: str) -> list[datetime]:
    zone = tz.UTC if value.endswith("Z") else tz.gettz(params["TZID"])
    return [
        datetime.strptime(v.rstrip("Z"), "%Y%m%dT%H%M%S").replace(tzinfo=zone)
        for v in value.split(",")
    ]


def expand(text: str, uid: str, before: datetime) -> set[datetime]:
    """Starts (in UTC) of the series `uid` before `before`: RRULE, EXDATE, RDATE and overrides."""
    events = [e for e in blocks(text, "VEVENT") if values(e, "UID")[0][1] == uid]
    master = next(e for e in events if not values(e, "RECURRENCE-ID"))
    rule = "\n".join(line for line in master if line.startswith(("DTSTART", "RRULE", "EXDATE")))
    occurrences = rrulestr(rule, forceset=True, tzids=tz.gettz)
    for params, value in values(master, "RDATE"):  # dateutil does not read RDATE;TZID itself
        for moment in moments(params, value):
            occurrences.rdate(moment)
    starts = {d.astimezone(tz.UTC) for d in occurrences.between(NOW - timedelta(days=3650), before)}
    for override in (e for e in events if values(e, "RECURRENCE-ID")):
        starts.discard(moments(*values(override, "RECURRENCE-ID")[0])[0].astimezone(tz.UTC))
        starts.add(moments(*values(override, "DTSTART")[0])[0].astimezone(tz.UTC))
    return starts


def expected_starts(series) -> set[datetime]:
    rows = series.meetings.exclude(status=MeetingStatus.CANCELLED)
    return {m.starts_at.astimezone(tz.UTC) for m in rows}


def horizon(series) -> datetime:
    return max(m.original_start for m in series.meetings.all()) + timedelta(seconds=1)


# --- The feed --------------------------------------------------------------------------


def test_feed_is_a_calendar_that_needs_no_sign_in(client, series, mentee_a):
    response = client.get(feed_path(mentee_a))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "mentorkit: Mentee A"


def test_feed_has_one_event_per_series_with_its_rule_zone_and_place(client, series, mentee_a):
    calendar = Calendar.from_ical(feed_text(client, mentee_a))

    events = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == series.uid]
    master = next(e for e in events if "RECURRENCE-ID" not in e)
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU,WE"
    assert master["DTSTART"].params["TZID"] == "America/New_York"
    assert master.start == datetime(2025, 3, 4, 14, 0, tzinfo=NEW_YORK)
    assert master.end - master.start == timedelta(minutes=60)
    assert master["SUMMARY"] == "Co-primary check-in (Mentee A, Mentor A)"
    assert master["LOCATION"] == "Room 4, Research Building"
    assert master["URL"] == "https://video.example.org/j/123"
    assert master["SEQUENCE"] == series.sequence == 2  # one skip and one move
    exdates = [d.dt for exdate in [master["EXDATE"]] for d in exdate.dts]
    assert exdates == [datetime(2025, 3, 12, 14, 0, tzinfo=NEW_YORK)]
    (override,) = [e for e in events if "RECURRENCE-ID" in e]
    assert override["RECURRENCE-ID"].dt == datetime(2025, 3, 18, 14, 0, tzinfo=NEW_YORK)
    assert override.start == datetime(2025, 3, 18, 16, 0, tzinfo=NEW_YORK)
    assert len(calendar.walk("VEVENT")) == 2


def test_feed_describes_the_agenda_of_the_next_meeting(client, series, mentee_a):
    master = next(
        e for e in Calendar.from_ical(feed_text(client, mentee_a)).walk("VEVENT") if "RRULE" in e
    )

    description = str(master["DESCRIPTION"])
    assert description.splitlines() == [
        "Weekly on Tuesday and Wednesday.",
        "Agenda for Tue 4 Mar:",
        "- Specific aims, second draft",
        "Open action items:",
        "- Send the power calculation (Mentor A)",
        f"http://testserver/meetings/series/{series.pk}/",
    ]


def test_feed_expands_to_the_meetings_in_independent_software(client, series, mentee_a):
    starts = expand(feed_text(client, mentee_a), series.uid, horizon(series))

    assert starts == expected_starts(series)
    assert datetime(2025, 3, 12, 18, 0, tzinfo=UTC) not in starts  # skipped
    assert datetime(2025, 3, 18, 18, 0, tzinfo=UTC) not in starts  # moved away from 14:00 …
    assert datetime(2025, 3, 18, 20, 0, tzinfo=UTC) in starts  # … to 16:00 New York time


def test_a_weekly_series_stays_at_two_pm_across_the_change_to_summer_time(
    client, mentee_a, mentor_a
):
    series = make_series(mentee_a, mentor_a)

    starts = sorted(expand(feed_text(client, mentee_a), series.uid, horizon(series)))

    assert {s.astimezone(NEW_YORK).strftime("%a %H:%M") for s in starts} == {
        "Tue 14:00",
        "Wed 14:00",
    }
    assert [s.strftime("%d %b %H:%M") for s in starts[:4]] == [
        "04 Mar 19:00",  # EST, UTC-5
        "05 Mar 19:00",
        "11 Mar 18:00",  # EDT from 9 March, UTC-4
        "12 Mar 18:00",
    ]


def test_past_meetings_stay_in_the_calendar_when_the_rhythm_changes(
    client, frozen, mentee_a, mentor_a
):
    series = make_series(mentee_a, mentor_a)
    frozen.move_to(datetime(2025, 3, 20, 12, 0, tzinfo=UTC))
    held = meeting_at(series, "2025-03-04 14:00")
    held.status = MeetingStatus.HELD
    held.save(update_fields=["status"])
    change_to_thursdays(series, mentee_a)

    text = feed_text(client, mentee_a)

    assert expand(text, series.uid, horizon(series)) == expected_starts(series)
    assert datetime(2025, 3, 4, 19, 0, tzinfo=UTC) in expand(text, series.uid, horizon(series))
    assert "RDATE;TZID=America/New_York:" in "".join(unfold(text))


def test_a_meeting_to_come_with_an_agenda_stays_in_the_calendar_when_the_rhythm_changes(
    client, frozen, mentee_a, mentor_a
):
    series = make_series(mentee_a, mentor_a)
    frozen.move_to(datetime(2025, 3, 20, 12, 0, tzinfo=UTC))
    planned = meeting_at(series, "2025-04-01 14:00")  # a Tuesday, with a topic on it
    AgendaItem.objects.create(meeting=planned, title="Budget", added_by=mentee_a)
    untouched = meeting_at(series, "2025-04-02 14:00")
    change_to_thursdays(series, mentee_a, minutes=60)  # the length it had: no override

    starts = expand(feed_text(client, mentee_a), series.uid, horizon(series))

    assert starts == expected_starts(series)
    assert datetime(2025, 4, 1, 18, 0, tzinfo=UTC) in starts  # kept: not in the new rule
    assert datetime(2025, 4, 3, 19, 0, tzinfo=UTC) in starts  # Thursday at 15:00
    assert not Meeting.objects.filter(pk=untouched.pk).exists()
    assert datetime(2025, 4, 2, 18, 0, tzinfo=UTC) not in starts
    assert not Meeting.objects.get(pk=planned.pk).in_rule
    # Changing back to Tuesdays and Wednesdays at 14:00 puts the kept meeting in the rule.
    change_to_thursdays(series, mentee_a, weekdays=["TU", "WE"], start_time="14:00", minutes=60)

    starts = expand(feed_text(client, mentee_a), series.uid, horizon(series))

    assert starts == expected_starts(series)
    assert Meeting.objects.get(pk=planned.pk).in_rule


def change_to_thursdays(series, mentee, weekdays=("TH",), start_time="15:00", minutes=45):
    """The series form, sent by the mentee with a new rhythm: weekly on `weekdays`."""
    form = SeriesForm(
        {
            "title": series.title,
            "mentorships": [m.pk for m in series.mentorships.all()],
            "frequency": "weekly",
            "interval": 1,
            "weekdays": list(weekdays),
            "starts_on": "2025-03-04",
            "start_time": start_time,
            "time_zone": "America/New_York",
            "duration_minutes": minutes,
            "ends": "never",
        },
        instance=series,
        mentee=mentee,
        user=mentee,
    )
    assert form.is_valid(), form.errors
    actions.update_series(form)
    series.refresh_from_db()


# --- RFC 5545 structure -----------------------------------------------------------------


def test_feed_follows_the_structure_of_rfc_5545(client, mentee_a, mentor_a):
    make_series(
        mentee_a,
        mentor_a,
        title="Mentoría de carrera ☕ — monthly " + "é" * 60,  # folded by octets, not characters
        frequency="monthly",
        weekdays=[],
        month_ordinal=1,
        month_weekday="TH",
        ends="until",
        until="2025-12-31",
        time_zone="Europe/London",
    )
    make_series(mentee_a, mentor_a)
    make_series(mentee_a, mentor_a, title="Lab meeting", time_zone="UTC", ends="count", count=10)
    raw = client.get(feed_path(mentee_a)).content

    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends with CRLF
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75  # folded at 75 octets
    text = raw.decode()
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "CALSCALE:GREGORIAN" in lines and "METHOD:PUBLISH" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    events = blocks(text, "VEVENT")
    assert len(events) == 3
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY"):
            assert len(values(event, required)) == 1, required
        assert values(event, "DTSTAMP")[0][1].endswith("Z")
    used = {
        p["TZID"]
        for line in lines
        for p in [dict(x.split("=", 1) for x in line.split(":")[0].split(";")[1:])]
        if "TZID" in p
    }
    defined = {values(vtimezone, "TZID")[0][1] for vtimezone in blocks(text, "VTIMEZONE")}
    assert used == defined == {"America/New_York", "Europe/London"}
    (monthly,) = [e for e in events if "FREQ=MONTHLY" in values(e, "RRULE")[0][1]]
    assert re.search(r"UNTIL=\d{8}T\d{6}Z", values(monthly, "RRULE")[0][1])  # UNTIL in UTC


def test_uids_stay_the_same_from_one_request_to_the_next(client, series, mentee_a):
    first = {values(e, "UID")[0][1] for e in blocks(feed_text(client, mentee_a), "VEVENT")}

    assert first == {values(e, "UID")[0][1] for e in blocks(feed_text(client, mentee_a), "VEVENT")}
    assert first == {series.uid}


# --- Who gets which feed ---------------------------------------------------------------


def test_an_active_mentor_feed_has_the_series(client, series, mentor_a):
    assert series.uid in feed_text(client, mentor_a)


def test_a_mentor_whose_mentorship_ended_no_longer_gets_the_series(
    client, series, mentee_a, mentor_a
):
    Mentorship.objects.filter(mentor=mentor_a).update(status=MentorshipStatus.ENDED)

    assert series.uid not in feed_text(client, mentor_a)
    summary = values(blocks(feed_text(client, mentee_a), "VEVENT")[0], "SUMMARY")[0][1]
    assert summary == "Co-primary check-in (Mentee A)"


def test_a_former_mentor_feed_is_empty(client, series, former_mentor):
    series.mentorships.add(Mentorship.objects.get(mentor=former_mentor))

    text = feed_text(client, former_mentor)

    assert blocks(text, "VEVENT") == []
    # Still a valid calendar: RFC 5545 asks for at least one component.
    assert [values(b, "TZID")[0][1] for b in blocks(text, "VTIMEZONE")] == ["UTC"]


@pytest.mark.parametrize("name", ["mentee_b", "unrelated_mentor"])
def test_people_outside_the_team_never_get_the_series(client, series, everyone, name):
    assert series.uid not in feed_text(client, everyone[name])


def test_an_unknown_address_is_not_found(client, series, mentee_a):
    feed_path(mentee_a)

    assert client.get("/calendar/not-a-real-secret.ics").status_code == 404


def test_a_deactivated_account_has_no_feed(client, series, mentee_a):
    path = feed_path(mentee_a)
    mentee_a.is_active = False
    mentee_a.save(update_fields=["is_active"])

    assert client.get(path).status_code == 404


# --- The address on the profile and in the API ------------------------------------------


def test_the_profile_shows_the_address_creating_it_on_first_view(client, mentee_a):
    assert mentee_a.calendar_token is None
    client.force_login(mentee_a)

    page = client.get("/profile/").content.decode()

    mentee_a.refresh_from_db()
    assert f"http://testserver/calendar/{mentee_a.calendar_token}.ics" in page
    assert "Get a new address" in page
    url = f"http://testserver/calendar/{mentee_a.calendar_token}.ics"
    assert url in client.get("/profile/").content.decode()  # the same address next time


def test_getting_a_new_address_revokes_the_old_one(client, series, mentee_a):
    client.force_login(mentee_a)
    client.get("/profile/")
    mentee_a.refresh_from_db()
    old = f"/calendar/{mentee_a.calendar_token}.ics"
    assert client.get(old).status_code == 200

    response = client.post("/profile/calendar/")

    assert response.status_code == 302
    assert client.get(old).status_code == 404
    mentee_a.refresh_from_db()
    new = f"/calendar/{mentee_a.calendar_token}.ics"
    assert new != old
    assert client.get(new).status_code == 200
    assert f"http://testserver{new}" in client.get("/profile/").content.decode()


def test_a_new_address_is_asked_for_with_a_post(client, mentee_a):
    client.force_login(mentee_a)

    assert client.get("/profile/calendar/").status_code == 405


def test_the_api_gives_the_feed_address(client, mentee_a):
    _token, plain = ApiToken.issue(mentee_a, "tests")

    body = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).json()

    mentee_a.refresh_from_db()
    assert body["calendar_feed_url"] == f"http://testserver/calendar/{mentee_a.calendar_token}.ics"


# --- Downloads -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mentee_a", "mentor_a"])
def test_the_team_downloads_a_series(client, series, everyone, name):
    client.force_login(everyone[name])

    response = client.get(f"/meetings/series/{series.pk}.ics")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="co-primary-check-in.ics"'
    text = response.content.decode()
    assert expand(text, series.uid, horizon(series)) == expected_starts(series)


def test_a_meeting_downloads_as_that_occurrence_of_the_series(client, series, mentee_a):
    moved = meeting_at(series, "2025-03-18 14:00")
    client.force_login(mentee_a)

    response = client.get(f"/meetings/{moved.pk}.ics")

    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="co-primary-check-in-2025-03-18.ics"'
    )
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == series.uid
    assert event["RECURRENCE-ID"].dt == datetime(2025, 3, 18, 14, 0, tzinfo=NEW_YORK)
    assert event.start == datetime(2025, 3, 18, 16, 0, tzinfo=NEW_YORK)
    assert "RRULE" not in event


def test_a_skipped_meeting_downloads_as_cancelled(client, series, mentee_a):
    client.force_login(mentee_a)

    response = client.get(f"/meetings/{meeting_at(series, '2025-03-12 14:00').pk}.ics")

    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("name", ["mentee_b", "former_mentor", "unrelated_mentor", "director"])
def test_downloads_are_not_found_for_anyone_else(client, series, everyone, name):
    client.force_login(everyone[name])
    meeting = series.meetings.first()

    assert client.get(f"/meetings/series/{series.pk}.ics").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}.ics").status_code == 404


def test_downloads_need_a_sign_in(client, series):
    response = client.get(f"/meetings/series/{series.pk}.ics")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Query counts ------------------------------------------------------------------------

# The user; the workspaces shown and their versions (the ETag); the series; their
# mentorships; their meetings; the next agendas; open action items.
FEED_QUERIES = 8


def add_years_of_meetings(mentee, mentor, count: int) -> None:
    """`count` more series that started two years ago, each with an agenda and action items."""
    for i in range(count):
        series = make_series(mentee, mentor, title=f"Series {i}", starts_on="2023-03-01")
        upcoming = series.meetings.filter(starts_at__gte=NOW).first()
        for j in range(3):
            AgendaItem.objects.create(meeting=upcoming, title=f"Topic {j}")
            ActionItem.objects.create(
                mentee=mentee, meeting=upcoming, title=f"Action {j}", owner=mentor
            )
        actions.skip(series.meetings.filter(starts_at__gte=NOW)[1])
        actions.move(
            series.meetings.filter(starts_at__gte=NOW)[2], upcoming.starts_at + timedelta(hours=3)
        )


@pytest.mark.parametrize("name", ["mentee_a", "mentor_a"])
def test_the_feed_costs_the_same_queries_for_ten_times_the_data(
    client, series, everyone, django_assert_num_queries, name
):
    user = everyone[name]
    path = feed_path(user)
    with django_assert_num_queries(FEED_QUERIES):
        assert client.get(path).status_code == 200

    add_years_of_meetings(everyone["mentee_a"], everyone["mentor_a"], 3)
    assert Meeting.objects.count() > 10 * 40

    with django_assert_num_queries(FEED_QUERIES):
        assert client.get(path).status_code == 200


def test_another_mentee_series_appear_in_their_mentor_feed(client, series, mentor_a):
    other = make_user("mentee_c@example.org")
    make_mentorship(other, mentor_a)
    theirs = make_series(other, mentor_a, title="Mentee C weekly")

    text = feed_text(client, mentor_a)

    assert {values(e, "UID")[0][1] for e in blocks(text, "VEVENT")} == {series.uid, theirs.uid}
