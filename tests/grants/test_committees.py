"""Committee meetings, through the pages: the program sets up a scholar's committee with a
chair who does not mentor them; the packet reads only what the scholar marked for the
program; each member writes an assessment after the meeting, the chair a summary for the
director; the reports page says whose meeting is due or overdue. As of 1 March 2025.

Ben Carter (in training, mentored by Grace Liu) has a committee: Nadia Chair, Liu (mentor).
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from itertools import count

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorkit.grants.models import Committee, CommitteeMeeting, CommitteeMember, TraineeRecord
from mentorkit.outcomes.models import Outcome
from mentorkit.programs.models import Enrollment
from tests.conftest import make_mentorship, make_user, once_per_module
from tests.pdf import page_sizes

from .world import build

pytestmark = pytest.mark.django_db

ASSESSMENT = {
    "independence": "on_track",
    "scholarship": "ahead",
    "research_management": "slower",
    "collaboration": "on_track",
    "comments": "A strong year; the cohort study started late.",
}


def build_committee() -> dict:
    world = build()
    ben = world["ben"]
    world["chair"] = make_user("nadia@example.org", name="Nadia Chair")
    world["stranger"] = make_user("stranger@example.org", name="Stan Stranger")
    committee = Committee.objects.create(record=world["ben_record"], meets_every_months=6)
    world["chair_seat"] = CommitteeMember.objects.create(
        committee=committee, person=world["chair"], role="chair"
    )
    CommitteeMember.objects.create(committee=committee, person=world["liu"], role="mentor")
    world["committee"] = committee
    world["meeting"] = CommitteeMeeting.objects.create(
        committee=committee, held_on=date(2025, 2, 1)
    )
    world["planned"] = CommitteeMeeting.objects.create(
        committee=committee, held_on=date(2025, 4, 1)
    )
    make = Outcome.objects.create
    make(mentee=ben, kind="paper", title="MARKED-PAPER readmissions", result="success",
         decided_on=date(2024, 9, 1), year=2024, visibility="program")  # fmt: skip
    make(mentee=ben, kind="grant", title="MARKED-FAILURE AHA award", result="failure",
         decided_on=date(2024, 11, 1), visibility="program")  # fmt: skip
    make(mentee=ben, kind="paper", title="TEAM-ONLY draft", result="failure",
         decided_on=date(2024, 10, 1), visibility="team")  # fmt: skip
    make(mentee=ben, kind="award", title="PRIVATE-AWARD", result="success",
         decided_on=date(2024, 10, 1), visibility="private")  # fmt: skip
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build_committee)


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=UTC), tick=False):
        yield


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def committee_url(world) -> str:
    return f"/programs/{world['program'].pk}/trainees/{world['ben_record'].pk}/committee/"


def as_(client, world, who):
    client.force_login(world[who])
    return client


# --- the committee, as the program arranges it ------------------------------------------------


def test_the_director_adds_a_member_by_their_address(client, world):
    response = as_(client, world, "director").post(
        committee_url(world), {"form": "member", "person": "ANA@example.org", "role": "member"}
    )
    assert response.status_code == 302
    assert world["committee"].members.filter(person=world["ana"], role="member").exists()


def test_a_mentor_of_the_scholar_cannot_chair_the_committee(client, world):
    CommitteeMember.objects.filter(role="chair").delete()
    response = as_(client, world, "coordinator").post(
        committee_url(world), {"form": "member", "person": "liu@example.org", "role": "chair"}
    )
    assert response.status_code == 400
    assert "Grace Liu mentors the scholar: the chair is someone who does not." in text_of(response)


def test_a_second_chair_an_unknown_address_and_a_mentor_off_the_team_are_refused(client, world):
    client = as_(client, world, "director")
    for person, role, words in [
        ("stranger@example.org", "chair", "The committee has its chair already."),
        ("nobody@example.org", "member", "Nobody has an account with nobody@example.org"),
        ("stranger@example.org", "mentor", "Stan Stranger is not on the scholar's team."),
        ("ben@example.org", "member", "The scholar is not a member of their committee."),
    ]:
        response = client.post(committee_url(world), {"form": "member", "person": person,
                                                      "role": role})  # fmt: skip
        assert response.status_code == 400 and words in text_of(response), person
    assert world["committee"].members.count() == 2


def test_a_committee_is_set_up_for_a_scholar_without_one(client, world):
    chen = world["chen_record"]
    url = f"/programs/{world['program'].pk}/trainees/{chen.pk}/committee/"
    response = as_(client, world, "director").post(url, {"form": "committee",
                                                         "meets_every_months": "12"})  # fmt: skip
    assert (
        response.status_code == 302 and Committee.objects.get(record=chen).meets_every_months == 12
    )


def test_the_coordinator_lists_the_meetings_without_opening_them(client, world):
    text = text_of(as_(client, world, "coordinator").get(committee_url(world)))
    assert "1 Feb 2025" in text and "Nadia Chair" in text
    assert f"/committee-meetings/{world['meeting'].pk}/" not in text


@pytest.mark.parametrize("who", ["liu", "ben", "other_director", "ana"])
def test_nobody_else_arranges_the_committee(client, world, who):
    assert as_(client, world, who).get(committee_url(world)).status_code == 404


# --- the meeting: its packet, the assessments, the summary ------------------------------------


def meeting_url(world, suffix: str = "", which: str = "meeting") -> str:
    return f"/committee-meetings/{world[which].pk}/{suffix}"


@pytest.mark.parametrize("who", ["director", "chair", "liu", "ben"])
def test_the_packet_holds_only_what_the_scholar_marked_for_the_program(client, world, who):
    text = text_of(as_(client, world, who).get(meeting_url(world)))
    assert "MARKED-PAPER readmissions" in text and "MARKED-FAILURE AHA award" in text
    assert "TEAM-ONLY" not in text and "PRIVATE-AWARD" not in text
    assert "Successes (1)" in text and "Failures (1)" in text


@pytest.mark.parametrize("who", ["coordinator", "other_director", "ana", "stranger"])
def test_nobody_else_opens_the_meeting_or_its_summary(client, world, who):
    client = as_(client, world, who)
    for suffix in ("", "assessment/", "summary.html"):
        assert client.get(meeting_url(world, suffix)).status_code == 404, suffix


def test_a_member_writes_an_assessment_after_the_meeting(client, world):
    client = as_(client, world, "liu")
    response = client.post(meeting_url(world, "assessment/"), ASSESSMENT)
    assert response.status_code == 302
    text = text_of(client.get(meeting_url(world)))
    assert "Ahead of plan" in text and "the cohort study started late" in text
    assert "Still to write: Nadia Chair." in text


def test_an_assessment_waits_for_the_meeting_and_needs_every_domain(client, world):
    client = as_(client, world, "liu")
    planned = meeting_url(world, "assessment/", which="planned")
    assert "write your assessment after it" in text_of(client.get(planned))
    assert client.post(planned, ASSESSMENT).status_code == 404
    response = client.post(meeting_url(world, "assessment/"), {"comments": "Fine."})
    assert response.status_code == 400 and "things to fix" in text_of(response)


def test_the_scholar_and_the_director_cannot_write_an_assessment(client, world):
    for who in ("ben", "director"):
        response = as_(client, world, who).post(meeting_url(world, "assessment/"), ASSESSMENT)
        assert response.status_code == 404, who


def test_the_chair_writes_the_summary_and_the_director_reads_it_on_one_page(client, world):
    values = {"summary": "On track; protect writing time.", "recommendations": "Mock review."}
    assert as_(client, world, "chair").post(meeting_url(world), values).status_code == 302
    text = text_of(as_(client, world, "director").get(meeting_url(world, "summary.html")))
    assert "On track; protect writing time." in text and "Mock review." in text
    assert "1 success and 1 failure marked for the program" in text
    pdf = client.get(meeting_url(world, "summary.pdf"))
    assert pdf["Content-Type"] == "application/pdf" and len(page_sizes(pdf.content)) == 1


def test_a_mentor_member_cannot_write_the_summary(client, world):
    response = as_(client, world, "liu").post(meeting_url(world), {"summary": "Mine."})
    assert response.status_code == 404
    assert CommitteeMeeting.objects.get(pk=world["meeting"].pk).summary == ""


def test_a_member_sees_the_assessment_they_owe_on_their_committees_page(client, world):
    text = text_of(as_(client, world, "chair").get("/me/committees/"))
    assert "Ben Carter" in text and "your assessment is due" in text
    assert "Committees" in text_of(client.get("/"))  # the menu links to it


# --- due and overdue, on the reports page -------------------------------------------------------


def test_the_reports_page_shows_a_planned_meeting_and_who_has_no_committee(client, world):
    text = text_of(as_(client, world, "coordinator").get(
        f"/programs/{world['program'].pk}/reports/"))  # fmt: skip
    row = text[text.index("Ben Carter", text.index("Committee meetings")) :].split("</tr>")[0]
    assert "planned for 1 Apr 2025" in row and "1 assessment" not in row
    assert "2 assessments still to write" in row
    assert "without a committee" not in text  # Ana completed, Chen left


def test_a_committee_that_has_not_met_for_its_interval_is_overdue(client, world):
    world["planned"].delete()
    CommitteeMeeting.objects.filter(pk=world["meeting"].pk).update(held_on=date(2024, 8, 1))
    text = text_of(as_(client, world, "director").get(
        f"/programs/{world['program'].pk}/reports/"))  # fmt: skip
    row = text[text.index("Ben Carter", text.index("Committee meetings")) :].split("</tr>")[0]
    assert "1 Feb 2025" in row and "overdue" in row


# --- the reports page costs the same for ten times the committees ---------------------------

serial = count(1)


def add_scholar_with_a_committee(program, mentor, chair) -> None:
    n = next(serial)
    scholar = make_user(f"scholar{n}@example.org", name=f"Scholar Number{n}")
    Enrollment.objects.create(program=program, mentee=scholar, cohort_year=2024)
    make_mentorship(scholar, mentor)
    record = TraineeRecord.objects.create(program=program, trainee=scholar,
                                          entered_on=date(2024, 7, 1))  # fmt: skip
    committee = Committee.objects.create(record=record)
    member = CommitteeMember.objects.create(committee=committee, person=mentor, role="mentor")
    CommitteeMember.objects.create(committee=committee, person=chair, role="chair")
    meeting = CommitteeMeeting.objects.create(committee=committee, held_on=date(2025, 1, 10))
    meeting.assessments.create(member=member, **ASSESSMENT)


def test_the_reports_page_costs_the_same_queries_for_ten_times_the_committees(client, world):
    program, url = world["program"], f"/programs/{world['program'].pk}/reports/"
    client = as_(client, world, "director")
    counts = []
    for scholars in (1, 9):
        for _ in range(scholars):
            add_scholar_with_a_committee(program, world["liu"], world["chair"])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
