"""One home for every rule: the page, the API and the reminder loop agree.

Who attends a meeting, which status changes a meeting allows, how a rhythm
reads, and which provider computes each practice are each decided in one
place; these tests hold the page and the API to the same answer.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mentorkit import health
from mentorkit.accounts.models import ApiToken
from mentorkit.meetings import agenda, reminders
from mentorkit.meetings.models import Meeting, Series
from mentorkit.meetings.recurrence import WEEKDAYS, Rhythm
from mentorkit.teams.models import Mentorship, MentorshipStatus
from tests.conftest import make_mentorship, make_user
from tests.test_api import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(mentee_a, mentor_a):
    """A weekly series with mentor_a (active) and a second mentor whose mentorship ended."""
    ended = make_user("ended@example.org", name="Dr. Gone Away")
    ended_mentorship = make_mentorship(mentee_a, ended, status=MentorshipStatus.ENDED)
    series = Series.objects.create(
        mentee=mentee_a,
        title="Weekly",
        rule="FREQ=WEEKLY",
        first_start=timezone.now() - timedelta(days=7, hours=2),
        time_zone="UTC",
    )
    series.mentorships.add(Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a))
    series.mentorships.add(ended_mentorship)
    series.materialize()
    return series


def api(user) -> ApiClient:
    from django.test import Client

    return ApiClient(Client(), ApiToken.issue(user, "tests")[1])


# --- Skipping a held meeting: refused on the page as in the API --------------------------


def test_a_held_meeting_cannot_be_skipped_on_the_page(client, series, mentee_a):
    meeting = series.meetings.first()
    Meeting.objects.filter(pk=meeting.pk).update(status="held")
    client.force_login(mentee_a)

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Skip this meeting" not in page

    response = client.post(f"/meetings/{meeting.pk}/skip/", follow=True)
    assert (
        "This meeting was held; change its status before skipping it." in response.content.decode()
    )
    assert Meeting.objects.get(pk=meeting.pk).status == "held"


def test_a_held_meeting_cannot_be_skipped_through_the_api(series, mentee_a):
    meeting = series.meetings.first()
    Meeting.objects.filter(pk=meeting.pk).update(status="held")
    response = api(mentee_a).post(f"/meetings/{meeting.pk}/skip", {})
    assert response.status_code == 409
    assert (
        response.json()["detail"] == "This meeting was held; change its status before skipping it."
    )
    assert Meeting.objects.get(pk=meeting.pk).status == "held"


def test_a_scheduled_meeting_is_skipped_and_put_back_on_the_page_and_in_the_api(
    client, series, mentee_a
):
    first, second = series.meetings.all()[:2]
    client.force_login(mentee_a)
    client.post(f"/meetings/{first.pk}/skip/")
    assert api(mentee_a).post(f"/meetings/{second.pk}/skip", {}).json()["status"] == "cancelled"
    assert Meeting.objects.get(pk=first.pk).status == "cancelled"
    client.post(f"/meetings/{first.pk}/skip/")  # the same button puts it back
    assert api(mentee_a).post(f"/meetings/{second.pk}/restore", {}).json()["status"] == "scheduled"
    assert Meeting.objects.get(pk=first.pk).status == "scheduled"


# --- Who attends: the page, the API and the reminders ------------------------------------


def test_a_mentor_whose_mentorship_ended_is_not_offered_as_attendee_on_the_page(
    client, series, mentee_a, mentor_a
):
    meeting = series.meetings.first()
    client.force_login(mentee_a)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert mentor_a.display_name in page
    assert "Dr. Gone Away" not in page  # neither as attendee nor as a side of a disagreement

    ended = Mentorship.objects.get(mentor__email="ended@example.org").mentor
    response = client.post(
        f"/meetings/{meeting.pk}/notes/",
        {"status": "held", "summary": "", "notes": "x", "version": 1, "attendees": [ended.pk]},
    )
    assert response.status_code == 200  # the form comes back with its message
    assert not Meeting.objects.get(pk=meeting.pk).attendees.exists()


def test_a_mentor_whose_mentorship_ended_is_refused_as_attendee_by_the_api(
    series, mentee_a, mentor_a
):
    meeting = series.meetings.first()
    ended = Mentorship.objects.get(mentor__email="ended@example.org").mentor
    client = api(mentee_a)
    refused = client.patch(
        f"/meetings/{meeting.pk}", {"version": 1, "status": "held", "attendees": [ended.pk]}
    )
    assert refused.status_code == 422 and refused.json()["detail"].startswith("attendees:")
    accepted = client.patch(
        f"/meetings/{meeting.pk}",
        {"version": 1, "status": "held", "attendees": [mentee_a.pk, mentor_a.pk]},
    )
    assert accepted.json()["attendees"] == sorted([mentee_a.pk, mentor_a.pk])


def test_the_reminders_go_to_the_same_people(series, mentee_a, mentor_a):
    meeting = series.meetings.first()
    assert sorted(reminders.participants(meeting)) == sorted(
        meeting.participants().values_list("pk", flat=True)
    )
    assert sorted(reminders.participants(meeting)) == sorted([mentee_a.pk, mentor_a.pk])


def test_someone_recorded_as_attending_stays_on_the_record_after_their_mentorship_ends(
    client, series, mentee_a, mentor_a
):
    meeting = series.meetings.first()
    meeting.attendees.set([mentee_a, mentor_a])
    Mentorship.objects.filter(mentor=mentor_a).update(status="ended")
    client.force_login(mentee_a)
    client.post(
        f"/meetings/{meeting.pk}/notes/",
        {
            "status": "held",
            "summary": "Aims",
            "notes": "",
            "version": 1,
            "attendees": [mentee_a.pk, mentor_a.pk],
        },
    )
    assert set(Meeting.objects.get(pk=meeting.pk).attendees.all()) == {mentee_a, mentor_a}
    assert mentor_a not in meeting.participants()


# --- The rhythm: form fields and back ------------------------------------------------------

weekly = st.builds(
    dict,
    frequency=st.just("weekly"),
    weekdays=st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True),
    interval=st.integers(1, 12),
)
monthly = st.builds(
    dict,
    frequency=st.just("monthly"),
    month_ordinal=st.sampled_from([1, 2, 3, 4, -1]),
    month_weekday=st.sampled_from(WEEKDAYS),
    interval=st.integers(1, 12),
)
ending = st.one_of(
    st.just({}),
    st.builds(dict, count=st.integers(1, 500)),
    st.builds(dict, until=st.dates(date(2020, 1, 1), date(2040, 12, 31))),
)


@given(
    choices=st.one_of(weekly, monthly),
    end=ending,
    zone=st.sampled_from(["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata"]),
)
def test_a_rhythm_goes_from_form_fields_to_a_rule_and_back_unchanged(choices, end, zone):
    rhythm = Rhythm.from_choices(**choices, **end, tz=zone, start_time=time(14, 30))
    assert Rhythm.parse(rhythm.rule) == rhythm
    back = rhythm.choices(ZoneInfo(zone))
    expected = {**choices, "ends": "count" if "count" in end else "until" if end else "never"}
    if "weekdays" in choices:
        expected["weekdays"] = sorted(choices["weekdays"], key=WEEKDAYS.index)
    assert back == {**expected, **end}


def test_a_rhythm_reads_in_words_and_against_the_cadence():
    rhythm = Rhythm.parse("FREQ=WEEKLY;BYDAY=TU,WE")
    assert rhythm.describe() == "Weekly on Tuesday and Wednesday"
    assert rhythm.cadence_mismatch(3, "Twice a week or more") == ""
    assert rhythm.cadence_mismatch(30, "Monthly") == "Meets more often than agreed (monthly)."
    monthly = Rhythm.parse("FREQ=MONTHLY;BYDAY=-1TH;COUNT=6")
    assert monthly.describe() == "Monthly on the last Thursday, 6 times"
    assert monthly.cadence_mismatch(7, "Weekly") == "Meets less often than agreed (weekly)."


# --- Registries refuse a second registration and a missing practice ----------------------


def test_a_second_provider_for_a_practice_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="practice 1 already has a provider"):
        health.register(1)(lambda mentees, today: {})


def test_a_practice_without_a_provider_stops_start_up(monkeypatch):
    providers = dict(health._providers)
    del providers[5]
    monkeypatch.setattr(health, "_providers", providers)
    with pytest.raises(ImproperlyConfigured, match=r"no provider for practice 5 \(Autonomy\)"):
        health.check_registry()


def test_every_practice_has_exactly_one_provider_at_start_up():
    health.check_registry()
    assert sorted(health._providers) == list(health.PRACTICES)
    assert health._providers[1].__module__ == "mentorkit.meetings.health"


def test_an_agenda_source_registered_twice_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="'Open action items'"):
        agenda.register("Open action items")(lambda meeting, viewer: [])


# --- The API kept every operation it had when the routers moved beside their apps ---------


def test_the_openapi_document_keeps_every_operation_it_had(client):
    document = client.get("/api/v1/openapi.json").json()
    now = {f"{method.upper()} {path}" for path, ops in document["paths"].items() for method in ops}
    before = (Path(__file__).parent / "data" / "openapi-operations-before-the-move.txt").read_text()
    assert set(before.split("\n")) - {""} <= now
    for new in (
        "PATCH /api/v1/agreements/{agreement_id}",
        "POST /api/v1/agreements/{agreement_id}/acknowledge",
        "POST /api/v1/disagreements",
        "POST /api/v1/insights/{insight_id}/share",
        "GET /api/v1/mentorships/{mentorship_id}/notes",
    ):
        assert new in now
