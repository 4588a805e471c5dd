"""Meeting series, meetings and action items in the JSON API: validated like the web forms, scoped like them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentorkit.accounts.models import ApiToken
from mentorkit.meetings.models import ActionItem, AgendaItem, Meeting, MeetingStatus, Series
from mentorkit.teams.models import Mentorship
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
OUTSIDERS = ["mentee_b", "former_mentor", "unrelated_mentor", "director"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


class Api:
    """The test client speaking JSON with a personal access token."""

    def __init__(self, client, user):
        self.client = client
        self.headers = {"Authorization": f"Bearer {ApiToken.issue(user, 'tests')[1]}"}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(f"/api/v1{path}", params or {}, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self._send("post", path, body or {})

    def patch(self, path: str, body: dict):
        return self._send("patch", path, body)

    def _send(self, method: str, path: str, body: dict):
        return getattr(self.client, method)(
            f"/api/v1{path}",
            json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def api_as(client):
    return lambda user: Api(client, user)


def mentorship_of(mentee, mentor) -> Mentorship:
    return Mentorship.objects.get(mentee=mentee, mentor=mentor)


def series_payload(*mentorships, **fields) -> dict:
    return {
        "title": "Co-primary check-in",
        "mentorships": [m.pk for m in mentorships],
        "frequency": "weekly",
        "weekdays": ["TU", "WE"],
        "starts_on": "2025-03-03",
        "start_time": "14:00",
        "time_zone": "America/New_York",
        "duration_minutes": 60,
        "location": "Room 4",
        **fields,
    }


@pytest.fixture
def series(api_as, mentee_a, mentor_a) -> Series:
    """Every Tuesday and Wednesday at 14:00 in New York, from 4 March 2025."""
    response = api_as(mentee_a).post("/series", series_payload(mentorship_of(mentee_a, mentor_a)))
    assert response.status_code == 201, response.json()
    return Series.objects.get(pk=response.json()["id"])


def meeting_at(series, local: str) -> Meeting:
    start = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=NEW_YORK)
    return series.meetings.get(original_start=start)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


# --- Series ------------------------------------------------------------------------------


def test_mentee_creates_a_weekly_series_on_two_weekdays(api_as, mentee_a, mentor_a):
    mentorship = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentee_a).post("/series", series_payload(mentorship))

    assert response.status_code == 201
    body = response.json()
    series = Series.objects.get()
    assert body == {
        "id": series.pk,
        "title": "Co-primary check-in",
        "mentee": {"id": mentee_a.pk, "name": "Mentee A"},
        "mentorships": [mentorship.pk],
        "rule": "FREQ=WEEKLY;BYDAY=TU,WE",
        "description": "Weekly on Tuesday and Wednesday",
        "first_start": "2025-03-04T14:00:00-05:00",
        "time_zone": "America/New_York",
        "duration_minutes": 60,
        "location": "Room 4",
        "video_url": "",
        "uid": series.uid,
        "sequence": 0,
    }
    assert series.meetings.count() > 30  # the next four months exist as meetings


def test_monthly_series_with_an_end_date(api_as, mentee_a, mentor_a):
    payload = series_payload(
        mentorship_of(mentee_a, mentor_a),
        frequency="monthly",
        weekdays=[],
        month_ordinal=-1,
        month_weekday="FR",
        ends="until",
        until="2025-06-30",
        time_zone="Europe/London",
    )

    body = api_as(mentee_a).post("/series", payload).json()

    assert body["rule"] == "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20250630T130000Z"
    assert body["description"] == "Monthly on the last Friday"
    assert Series.objects.get().meetings.count() == 4


def test_time_zone_defaults_to_the_mentee_zone(api_as, mentee_a, mentor_a):
    mentee_a.time_zone = "Europe/Paris"
    mentee_a.save(update_fields=["time_zone"])
    payload = series_payload(mentorship_of(mentee_a, mentor_a))
    del payload["time_zone"]

    assert api_as(mentee_a).post("/series", payload).json()["time_zone"] == "Europe/Paris"


def test_a_mentor_schedules_a_series_with_their_mentee(api_as, mentee_a, mentor_a):
    payload = series_payload(mentorship_of(mentee_a, mentor_a), mentee=mentee_a.pk)

    response = api_as(mentor_a).post("/series", payload)

    assert response.status_code == 201
    assert response.json()["mentee"]["id"] == mentee_a.pk


def test_a_mentor_cannot_schedule_for_someone_they_do_not_mentor(
    api_as, mentee_a, mentor_a, mentee_b
):
    payload = series_payload(mentorship_of(mentee_a, mentor_a), mentee=mentee_b.pk)

    response = api_as(mentor_a).post("/series", payload)

    assert response.status_code == 422
    assert response.json()["detail"] == "mentee: not a mentee you actively mentor."
    assert not Series.objects.exists()


@pytest.mark.parametrize(
    ("fields", "detail"),
    [
        ({"weekdays": []}, "weekdays: Choose at least one weekday."),
        ({"ends": "until", "until": "2025-03-01"}, "until: The end is before the start."),
        (
            {"duration_minutes": 0},
            "duration_minutes: A meeting lasts between 5 minutes and 8 hours.",
        ),
        (
            {"time_zone": "Mars/Olympus_Mons"},
            "time_zone: “Mars/Olympus_Mons” is not a time zone we know; pick one like America/New_York.",
        ),
        (
            {"frequency": "monthly", "weekdays": []},
            "month_ordinal: Choose which one of the month, e.g. the first.; "
            "month_weekday: Choose the weekday, e.g. Tuesday.",
        ),
        ({"title": ""}, "title: This field is required."),
        ({"ends": "count"}, "count: Give the number of meetings."),
    ],
)
def test_bad_series_input_gets_the_web_form_message_and_saves_nothing(
    api_as, mentee_a, mentor_a, fields, detail
):
    response = api_as(mentee_a).post(
        "/series", series_payload(mentorship_of(mentee_a, mentor_a), **fields)
    )

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert not Series.objects.exists()
    assert not Meeting.objects.exists()


def test_a_mentorship_not_on_the_team_is_refused(
    api_as, mentee_a, mentor_a, unrelated_mentor, mentee_b
):
    response = api_as(mentee_a).post(
        "/series", series_payload(mentorship_of(mentee_b, unrelated_mentor))
    )

    assert response.status_code == 422
    assert response.json()["detail"].startswith("mentorships: ")
    assert not Series.objects.exists()


@pytest.mark.parametrize(
    "body", [{"frequency": "daily"}, {"weekdays": ["XX"]}, {"starts_on": "2025-02-30"}]
)
def test_malformed_series_input_is_refused(api_as, mentee_a, mentor_a, body):
    response = api_as(mentee_a).post(
        "/series", series_payload(mentorship_of(mentee_a, mentor_a), **body)
    )

    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Series.objects.exists()


def test_the_team_reads_the_series(api_as, series, mentee_a, mentor_a):
    for user in (mentee_a, mentor_a):
        api = api_as(user)
        assert ids(api.get("/series")) == [series.pk]
        assert api.get(f"/series/{series.pk}").json()["rule"] == "FREQ=WEEKLY;BYDAY=TU,WE"


@pytest.mark.parametrize("name", OUTSIDERS)
def test_others_never_see_the_series(api_as, series, everyone, name):
    api = api_as(everyone[name])

    assert ids(api.get("/series")) == []
    assert api.get(f"/series/{series.pk}").status_code == 404
    assert api.patch(f"/series/{series.pk}", {"title": "Mine now"}).status_code == 404
    series.refresh_from_db()
    assert series.title == "Co-primary check-in"


def test_changing_the_title_keeps_the_rhythm(api_as, series, mentee_a):
    response = api_as(mentee_a).patch(f"/series/{series.pk}", {"title": "Tuesday–Wednesday"})

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Tuesday–Wednesday"
    assert body["rule"] == "FREQ=WEEKLY;BYDAY=TU,WE"
    assert body["first_start"] == "2025-03-04T14:00:00-05:00"
    assert body["sequence"] == 1


def test_changing_the_rhythm_moves_the_meetings_nobody_touched(api_as, series, mentee_a, frozen):
    api = api_as(mentee_a)
    held = meeting_at(series, "2025-03-04 14:00")
    frozen.move_to(datetime(2025, 3, 10, 12, 0, tzinfo=UTC))
    api.patch(
        f"/meetings/{held.pk}", {"version": held.version, "status": "held", "summary": "Aims"}
    )

    response = api.patch(f"/series/{series.pk}", {"weekdays": ["TH"], "start_time": "09:30"})

    assert response.status_code == 200
    assert response.json()["rule"] == "FREQ=WEEKLY;BYDAY=TH"
    assert Meeting.objects.filter(pk=held.pk, status=MeetingStatus.HELD).exists()
    future = series.meetings.filter(starts_at__gte=datetime(2025, 3, 10, tzinfo=UTC))
    assert {m.starts_at.astimezone(NEW_YORK).strftime("%a %H:%M") for m in future} == {"Thu 09:30"}


def test_a_mentor_changes_a_series_without_dropping_the_other_mentors(api_as, mentee_a, mentor_a):
    second = make_user("second_mentor@example.org")
    make_mentorship(mentee_a, second)
    both = [mentorship_of(mentee_a, mentor_a), mentorship_of(mentee_a, second)]
    created = api_as(mentee_a).post("/series", series_payload(*both)).json()

    response = api_as(mentor_a).patch(f"/series/{created['id']}", {"location": "Café"})

    assert response.status_code == 200
    assert response.json()["mentorships"] == sorted(m.pk for m in both)
    assert response.json()["location"] == "Café"


def test_a_bad_change_is_refused_and_nothing_changes(api_as, series, mentee_a):
    before = list(series.meetings.values_list("pk", "starts_at"))

    response = api_as(mentee_a).patch(
        f"/series/{series.pk}", {"duration_minutes": 0, "weekdays": ["FR"]}
    )

    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "duration_minutes: A meeting lasts between 5 minutes and 8 hours."
    )
    series.refresh_from_db()
    assert (series.rule, series.duration_minutes, series.sequence) == (
        "FREQ=WEEKLY;BYDAY=TU,WE",
        60,
        0,
    )
    assert list(series.meetings.values_list("pk", "starts_at")) == before


# --- Meetings ----------------------------------------------------------------------------


def test_meetings_are_listed_by_series_and_dates(api_as, series, mentee_a):
    api = api_as(mentee_a)

    response = api.get("/meetings", {"series": series.pk, "from": "2025-03-05", "to": "2025-03-12"})

    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["starts_at"] for i in items] == [
        "2025-03-05T14:00:00-05:00",
        "2025-03-11T14:00:00-04:00",
    ]
    assert items[0]["title"] == "Co-primary check-in"
    assert items[0]["status"] == "scheduled"
    assert items[0]["moved"] is False
    assert api.get("/meetings", {"series": series.pk + 1}).json()["count"] == 0


def test_a_meeting_is_read_with_its_agenda(api_as, series, mentee_a, mentor_a):
    meeting = meeting_at(series, "2025-03-04 14:00")
    AgendaItem.objects.create(meeting=meeting, title="Specific aims")

    body = api_as(mentor_a).get(f"/meetings/{meeting.pk}").json()

    assert body["agenda"] == [
        {"id": meeting.agenda_items.get().pk, "title": "Specific aims", "discussed": False}
    ]
    assert body["original_start"] == body["starts_at"] == "2025-03-04T14:00:00-05:00"
    assert body["ends_at"] == "2025-03-04T15:00:00-05:00"
    assert body["version"] == 1


def test_recording_a_meeting_bumps_its_version(api_as, series, mentee_a, mentor_a):
    meeting = meeting_at(series, "2025-03-04 14:00")

    response = api_as(mentee_a).patch(
        f"/meetings/{meeting.pk}",
        {
            "version": 1,
            "status": "held",
            "summary": "Aims page",
            "notes": "- tighten aim 2",
            "attendees": [mentor_a.pk],
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["summary"], body["notes"], body["version"]) == (
        "held",
        "Aims page",
        "- tighten aim 2",
        2,
    )
    assert body["attendees"] == [mentor_a.pk]


def test_a_stale_version_is_told_and_shown_what_was_saved(api_as, series, mentee_a, mentor_a):
    meeting = meeting_at(series, "2025-03-04 14:00")
    assert (
        api_as(mentor_a)
        .patch(f"/meetings/{meeting.pk}", {"version": 1, "notes": "Mentor's notes"})
        .status_code
        == 200
    )

    response = api_as(mentee_a).patch(
        f"/meetings/{meeting.pk}", {"version": 1, "notes": "Mentee's notes"}
    )

    assert response.status_code == 409
    assert "Someone saved this meeting" in response.json()["detail"]
    assert response.json()["current"]["notes"] == "Mentor's notes"
    assert response.json()["current"]["version"] == 2
    assert Meeting.objects.get(pk=meeting.pk).notes == "Mentor's notes"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"version": 1, "status": "postponed"},
            "status: Input should be 'scheduled', 'held' or 'cancelled'",
        ),
        (
            {"version": 1, "summary": "x" * 301},
            "summary: Ensure this value has at most 300 characters (it has 301).",
        ),
        ({"notes": "no version"}, "version: Field required"),
    ],
)
def test_bad_notes_are_refused_and_nothing_saved(api_as, series, mentee_a, body, detail):
    meeting = meeting_at(series, "2025-03-04 14:00")

    response = api_as(mentee_a).patch(f"/meetings/{meeting.pk}", body)

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert Meeting.objects.get(pk=meeting.pk).version == 1


def test_only_participants_attend(api_as, series, mentee_a, unrelated_mentor):
    meeting = meeting_at(series, "2025-03-04 14:00")

    response = api_as(mentee_a).patch(
        f"/meetings/{meeting.pk}", {"version": 1, "attendees": [unrelated_mentor.pk]}
    )

    assert response.status_code == 422
    assert response.json()["detail"].startswith("attendees: Select a valid choice.")
    assert not Meeting.objects.get(pk=meeting.pk).attendees.exists()


def test_one_occurrence_is_skipped_and_restored(api_as, series, mentee_a):
    api = api_as(mentee_a)
    meeting = meeting_at(series, "2025-03-12 14:00")

    skipped = api.post(f"/meetings/{meeting.pk}/skip")

    assert skipped.status_code == 200
    assert skipped.json()["status"] == "cancelled"
    assert series.meetings.filter(status=MeetingStatus.CANCELLED).count() == 1
    assert api.get(f"/series/{series.pk}").json()["sequence"] == 1
    assert api.post(f"/meetings/{meeting.pk}/restore").json()["status"] == "scheduled"


def test_a_held_meeting_is_not_skipped(api_as, series, mentee_a):
    meeting = meeting_at(series, "2025-03-04 14:00")
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)

    response = api_as(mentee_a).post(f"/meetings/{meeting.pk}/skip")

    assert response.status_code == 409
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD


def test_one_occurrence_is_moved_in_the_series_zone(api_as, series, mentee_a):
    meeting = meeting_at(series, "2025-03-18 14:00")

    response = api_as(mentee_a).post(
        f"/meetings/{meeting.pk}/move", {"starts_at": "2025-03-18T16:30"}
    )

    assert response.status_code == 200
    assert response.json()["starts_at"] == "2025-03-18T16:30:00-04:00"
    assert response.json()["original_start"] == "2025-03-18T14:00:00-04:00"
    assert response.json()["moved"] is True
    assert meeting_at(series, "2025-03-19 14:00").starts_at == datetime(
        2025, 3, 19, 18, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("starts_at", "detail"),
    [
        ("2025-03-19T13:30", "starts_at: This collides with the meeting on 19 Mar at 14:00."),
        ("next Tuesday", "starts_at: Enter a valid date/time."),
    ],
)
def test_a_bad_move_is_refused_and_nothing_moves(api_as, series, mentee_a, starts_at, detail):
    meeting = meeting_at(series, "2025-03-18 14:00")

    response = api_as(mentee_a).post(f"/meetings/{meeting.pk}/move", {"starts_at": starts_at})

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    assert Meeting.objects.get(pk=meeting.pk).starts_at == meeting.original_start
    assert Series.objects.get(pk=series.pk).sequence == 0


@pytest.mark.parametrize("name", OUTSIDERS)
def test_others_never_reach_the_meetings(api_as, series, everyone, name):
    api = api_as(everyone[name])
    meeting = meeting_at(series, "2025-03-18 14:00")

    assert api.get("/meetings").json()["count"] == 0
    assert api.get(f"/meetings/{meeting.pk}").status_code == 404
    assert api.patch(f"/meetings/{meeting.pk}", {"version": 1, "notes": "x"}).status_code == 404
    assert api.post(f"/meetings/{meeting.pk}/skip").status_code == 404
    assert api.post(f"/meetings/{meeting.pk}/restore").status_code == 404
    assert (
        api.post(f"/meetings/{meeting.pk}/move", {"starts_at": "2025-03-18T16:00"}).status_code
        == 404
    )
    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.notes) == (
        "scheduled",
        meeting.original_start,
        "",
    )


# --- Action items ------------------------------------------------------------------------


def test_an_action_item_is_created_from_a_meeting(api_as, series, mentee_a, mentor_a):
    meeting = meeting_at(series, "2025-03-04 14:00")

    response = api_as(mentee_a).post(
        "/action-items",
        {
            "meeting": meeting.pk,
            "title": "Send the power calculation",
            "owner": mentor_a.pk,
            "due_on": "2025-03-10",
        },
    )

    assert response.status_code == 201
    item = ActionItem.objects.get()
    assert response.json() == {
        "id": item.pk,
        "mentee": {"id": mentee_a.pk, "name": "Mentee A"},
        "meeting": meeting.pk,
        "title": "Send the power calculation",
        "owner": {"id": mentor_a.pk, "name": "Mentor A"},
        "due_on": "2025-03-10",
        "status": "open",
        "closed_on": None,
        "overdue": False,
        "created_at": response.json()["created_at"],
    }


@pytest.mark.parametrize(
    ("fields", "status", "detail"),
    [
        ({"title": ""}, 422, "title: This field is required."),
        (
            {"owner": "unrelated"},
            422,
            "owner: Select a valid choice. That choice is not one of the available choices.",
        ),
        ({"meeting": "other"}, 404, "Not found."),
    ],
)
def test_bad_action_items_are_refused_and_nothing_saved(
    api_as, series, mentee_a, mentor_a, unrelated_mentor, mentee_b, fields, status, detail
):
    elsewhere = Series.objects.create(
        mentee=mentee_b, title="Theirs", first_start=NOW, rule="FREQ=WEEKLY;BYDAY=MO"
    )
    elsewhere.materialize()
    body = {
        "meeting": meeting_at(series, "2025-03-04 14:00").pk,
        "title": "Draft aims",
        "owner": mentor_a.pk,
    }
    body.update(fields)
    if body["owner"] == "unrelated":
        body["owner"] = unrelated_mentor.pk
    if body["meeting"] == "other":
        body["meeting"] = elsewhere.meetings.first().pk

    response = api_as(mentee_a).post("/action-items", body)

    assert response.status_code == status
    assert response.json()["detail"] == detail
    assert not ActionItem.objects.exists()


@pytest.fixture
def action(series, mentee_a, mentor_a) -> ActionItem:
    return ActionItem.objects.create(
        mentee=mentee_a,
        meeting=meeting_at(series, "2025-03-04 14:00"),
        title="Draft aims",
        owner=mentee_a,
    )


def test_open_action_items_are_listed_for_the_team(api_as, action, mentee_a, mentor_a):
    done = ActionItem.objects.create(
        mentee=mentee_a, title="Book the room", owner=mentor_a, status="done"
    )

    assert ids(api_as(mentor_a).get("/action-items", {"status": "open"})) == [action.pk]
    assert set(ids(api_as(mentee_a).get("/action-items"))) == {action.pk, done.pk}
    assert ids(api_as(mentee_a).get("/action-items", {"meeting": action.meeting_id})) == [action.pk]


def test_an_action_item_is_closed_and_changed(api_as, action, mentor_a):
    api = api_as(mentor_a)

    response = api.patch(
        f"/action-items/{action.pk}",
        {"status": "done", "title": "Draft aims 1–3", "due_on": "2025-03-07"},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["closed_on"], body["title"], body["due_on"]) == (
        "done",
        "2025-03-01",
        "Draft aims 1–3",
        "2025-03-07",
    )
    assert api.patch(f"/action-items/{action.pk}", {"status": "open"}).json()["closed_on"] is None


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"title": ""}, "title: This field is required."),
        ({"status": "finished"}, "status: Input should be 'open', 'done' or 'dropped'"),
        (
            {"due_on": "soon"},
            "due_on: Give a date as YYYY-MM-DD.",
        ),
    ],
)
def test_a_bad_change_to_an_action_item_saves_nothing(api_as, action, mentee_a, body, detail):
    response = api_as(mentee_a).patch(f"/action-items/{action.pk}", {"status": "done", **body})

    assert response.status_code == 422
    assert response.json()["detail"] == detail
    action.refresh_from_db()
    assert (action.title, action.status) == ("Draft aims", "open")


@pytest.mark.parametrize("name", OUTSIDERS)
def test_others_never_reach_the_action_items(api_as, action, everyone, name):
    api = api_as(everyone[name])

    assert api.get("/action-items").json()["count"] == 0
    assert api.get(f"/action-items/{action.pk}").status_code == 404
    assert api.patch(f"/action-items/{action.pk}", {"status": "done"}).status_code == 404
    assert (
        api.post(
            "/action-items",
            {"meeting": action.meeting_id, "title": "x", "owner": everyone[name].pk},
        ).status_code
        == 404
    )
    action.refresh_from_db()
    assert action.status == "open"
    assert ActionItem.objects.count() == 1


# --- Query counts hold whatever the amount of data ---------------------------------------


def add_series(mentee, mentor, count: int) -> None:
    """`count` more series, each with a year of meetings, agendas, attendees and action items."""
    for i in range(count):
        series = Series.objects.create(
            mentee=mentee,
            title=f"Series {i}",
            first_start=NOW - timedelta(days=365),
            rule="FREQ=WEEKLY;BYDAY=MO",
        )
        series.mentorships.add(mentorship_of(mentee, mentor))
        series.materialize()
        for meeting in series.meetings.all()[:5]:
            AgendaItem.objects.create(meeting=meeting, title="Topic")
            meeting.attendees.add(mentee, mentor)
            ActionItem.objects.create(mentee=mentee, meeting=meeting, title="Action", owner=mentor)


# A token lookup; a count and a page; and, for meetings, attendees and agendas.
LIST_QUERIES = {"/series": 4, "/meetings": 5, "/action-items": 3}


@pytest.mark.parametrize("path", list(LIST_QUERIES))
def test_lists_cost_the_same_queries_for_ten_times_the_data(
    api_as, mentee_a, mentor_a, django_assert_num_queries, path
):
    api = api_as(mentor_a)
    api.get("/me")  # records the token's first use, once
    add_series(mentee_a, mentor_a, 1)
    with django_assert_num_queries(LIST_QUERIES[path]):
        assert api.get(path, {"limit": 100}).status_code == 200

    add_series(mentee_a, mentor_a, 9)
    assert Meeting.objects.count() >= 10 * 60

    with django_assert_num_queries(LIST_QUERIES[path]):
        assert len(ids(api.get(path, {"limit": 100}))) >= 10
