"""The records as the program keeps them: grants, appointments, support, degrees, positions.
Each wrong entry is refused with a message that says what to fix (400), and nothing is saved."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from mentorkit.grants.models import (
    Appointment,
    Degree,
    Position,
    SupportYear,
    TraineeRecord,
    TrainingGrant,
)
from tests.conftest import make_mentorship, make_user, once_per_module

from .world import build

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build)


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def director(client, world):
    client.force_login(world["director"])
    return client


def url(world, path: str) -> str:
    return f"/programs/{world['program'].pk}/{path}"


GRANT = {
    "activity_code": "K12",
    "award_number": "5K12HL150099-02",
    "project_start": "2023-07-01",
    "project_end": "2028-06-30",
    "slots_predoc": 0,
    "slots_postdoc": 0,
    "slots_short_term": 0,
    "slots_scholar": 4,
}


def refused(response, message: str) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "error-summary" in response.content.decode()


# --- grants ------------------------------------------------------------------------------


def test_a_director_adds_a_grant_and_its_budget_periods_follow_its_start(director, world):
    response = director.post(url(world, "grants/"), {**GRANT, "pd_pis": [world["director"].pk]})

    assert response.status_code == 302
    grant = TrainingGrant.objects.get(core_number="K12 HL150099")
    assert grant.award_number == "5K12HL150099-02"
    assert list(grant.pd_pis.all()) == [world["director"]]
    assert grant.budget_periods()[1] == (2, date(2024, 7, 1), date(2025, 6, 30))
    assert grant.current_budget_period == 2
    assert not grant.is_nrsa


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "K12-150099",
            "is not an NIH award number. As on the notice of award, e.g. 5T32HL123456-03",
        ),
        ("K12HL15009", "the six-digit serial number"),
        ("5T32HL150099-02", "5T32HL150099-02 is a T32 award, not a K12"),
        ("T32 HL150001", "The award T32 HL150001 is already recorded."),
    ],
)
def test_a_grant_with_a_wrong_award_number_is_refused(director, world, number, message):
    before = TrainingGrant.objects.count()

    response = director.post(url(world, "grants/"), {**GRANT, "award_number": number})

    refused(response, message)
    assert TrainingGrant.objects.count() == before


def test_a_project_period_ending_before_it_starts_is_refused(director, world):
    response = director.post(url(world, "grants/"), {**GRANT, "project_end": "2022-06-30"})

    refused(response, "The project period ends before it starts.")


def test_the_project_period_cannot_shrink_past_its_appointments(director, world):
    grant = world["grant"]
    data = {
        "activity_code": "T32",
        "award_number": grant.award_number,
        "project_start": "2019-07-01",
        "project_end": "2024-06-30",
        **{f"slots_{level}": 0 for level in ("predoc", "postdoc", "short_term", "scholar")},
    }

    response = director.post(url(world, f"grants/{grant.pk}/"), data)

    refused(response, "2 appointments would fall outside this project period")
    assert TrainingGrant.objects.get(pk=grant.pk).project_end == date(2029, 6, 30)


# --- appointments ------------------------------------------------------------------------


def appointment(world, **changes) -> dict:
    data = {
        "trainee": world["dee"].pk,
        "level": "predoc",
        "starts_on": "2025-07-01",
        "ends_on": "2026-06-30",
        "status": "planned",
        "termination_filed_on": "",
    }
    return {**data, **changes}


def appoint(client, world, **changes):
    return client.post(
        url(world, f"grants/{world['grant'].pk}/appoint/"), appointment(world, **changes)
    )


def test_a_director_appoints_a_trainee_for_a_budget_period(director, world):
    response = appoint(director, world)

    assert response.status_code == 302
    made = Appointment.objects.get(trainee=world["dee"], starts_on=date(2025, 7, 1))
    assert (made.budget_period, made.months) == (7, 12.0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2025-06-30"}, "The appointment ends before it starts."),
        ({"starts_on": "2019-06-01", "ends_on": "2019-12-31"},
         "The grant&#x27;s project period runs from 01 Jul 2019 to 30 Jun 2029."),
        ({"starts_on": "2029-01-01", "ends_on": "2029-12-31"}, "The grant&#x27;s project period runs"),
        ({"starts_on": "2025-01-01", "ends_on": "2025-12-31"},
         "Dee Evans is already appointed on 5T32HL150001-06 from 01 Jul 2024 to 30 Jun 2025; "
         "one trainee&#x27;s appointments may not overlap."),
        ({"trainee": "OLGA"}, "Choose a mentee of the program."),
        ({"status": "terminated"}, "A terminated appointment has ended"),
        ({"termination_filed_on": "2026-07-02"}, "A termination notice is filed for a terminated"),
    ],
)  # fmt: skip
def test_a_wrong_appointment_is_refused_and_nothing_is_saved(director, world, changes, message):
    if changes.get("trainee") == "OLGA":
        changes = {"trainee": world["olga"].pk}
    before = Appointment.objects.count()

    response = appoint(director, world, **changes)

    refused(response, message)
    assert Appointment.objects.count() == before


def test_an_appointment_overlapping_one_on_another_programs_grant_does_not_name_it(director, world):
    enrolled = world["olga"]
    from mentorkit.programs.models import Enrollment

    Enrollment.objects.create(program=world["program"], mentee=enrolled, cohort_year=2025)
    Appointment.objects.create(
        grant=world["other_grant"], trainee=enrolled, level="predoc",
        starts_on=date(2025, 7, 1), ends_on=date(2026, 6, 30), status="planned",
    )  # fmt: skip

    response = appoint(director, world, trainee=enrolled.pk)

    refused(response, "Olga Other is already appointed from 01 Jul 2025 to 30 Jun 2026")
    assert "T32GM000002" not in response.content.decode()


def test_a_termination_filed_more_than_30_days_late_is_flagged(director, world):
    page = director.get(url(world, "grants/")).content.decode()

    # Chen Wei's appointment ended 31 March 2023; the notice was filed 15 June.
    assert "termination filed late" in page
    assert page.count("termination filed late") == 1  # Ana's was filed 10 days after


def test_an_ended_appointment_without_a_termination_notice_is_overdue(director, world):
    ended = Appointment.objects.get(trainee=world["ana"], starts_on=date(2022, 7, 1))
    ended.termination_filed_on = None
    ended.save()

    page = director.get(url(world, "grants/")).content.decode()

    assert "termination notice overdue" in page


def test_nrsa_months_are_summed_across_a_trainees_appointments_with_a_warning_near_the_limit(
    director, world
):
    # Ben has 24 months of post-doctoral support on the T32 (12 of them to come by June);
    # another 9 months planned brings him within 6 months of the 36-month limit.
    response = appoint(
        director, world, trainee=world["ben"].pk, level="postdoc",
        starts_on="2025-07-01", ends_on="2026-03-31",
    )  # fmt: skip
    assert response.status_code == 302

    page = director.get(url(world, "grants/")).content.decode()

    assert (
        "Post-doctoral NRSA support: 20 of 36 months to date, 33 with those planned — near the "
        "aggregate limit."
    ) in page


def test_support_past_the_nrsa_limit_says_a_waiver_is_needed(director, world):
    response = appoint(
        director, world, trainee=world["ben"].pk, level="postdoc",
        starts_on="2025-07-01", ends_on="2027-06-30",
    )  # fmt: skip
    assert response.status_code == 302

    page = director.get(url(world, "grants/")).content.decode()

    assert "48 with those planned — past the aggregate limit (a waiver is needed)." in page


# --- trainee records ---------------------------------------------------------------------


def record_url(world, who: str = "ana_record") -> str:
    return url(world, f"trainees/{world[who].pk}/")


RECORD = {
    "form": "record",
    "entered_on": "2020-09",
    "research_topic": "Sleep and blood pressure in adolescents",
    "status": "completed",
    "ended_on": "2024-05-31",
    "leaving_reason": "",
    "no_publications_reason": "",
}


def test_a_director_starts_a_record_for_an_appointed_trainee(director, world):
    response = director.post(
        url(world, "trainees/new/"),
        {"trainee": world["dee"].pk, "entered_on": "09/2024", "research_topic": "Arrhythmia"},
    )

    record = TraineeRecord.objects.get(trainee=world["dee"])
    assert response.status_code == 302
    assert response["Location"] == record_url({**world, "dee_record": record}, "dee_record")
    assert record.entered_on == date(2024, 9, 1)


def test_a_record_is_for_a_mentee_of_the_program_without_one(director, world):
    response = director.post(
        url(world, "trainees/new/"), {"trainee": world["ana"].pk, "entered_on": "2024-09"}
    )

    refused(response, "Choose a mentee of the program without a record.")


def test_faculty_mentors_are_at_most_two_from_the_trainees_team(director, world):
    ana = world["ana"]
    make_mentorship(ana, make_user("third@example.org"))
    others = make_mentorship(world["ben"], make_user("fourth@example.org"))
    mine = [m.pk for m in ana.mentorships_as_mentee.all()]

    too_many = director.post(record_url(world), {**RECORD, "faculty_mentors": mine})
    not_hers = director.post(record_url(world), {**RECORD, "faculty_mentors": [others.pk]})

    refused(too_many, "Choose up to two faculty mentors (Table 8 lists two).")
    refused(not_hers, "Choose among the trainee&#x27;s mentors.")
    assert len(mine) == 3
    assert world["ana_record"].faculty_mentors.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "left_early", "leaving_reason": ""}, "Say why they left early"),
        ({"status": "completed", "ended_on": ""}, "Give the day training ended (completed)."),
        ({"status": "in_training"}, "Still in training: clear the date"),
        ({"ended_on": "2025-04-30"}, "Training ends in the future"),
        ({"ended_on": "2019-05-31"}, "Training ends before the entry date."),
        ({"entered_on": "2025-09"}, "The entry date is in the future."),
        ({"entered_on": "September 2020"}, "Give a month and a year, e.g. 2024-09."),
    ],
)
def test_a_wrong_record_is_refused_and_nothing_changes(director, world, changes, message):
    response = director.post(record_url(world), {**RECORD, **changes})

    refused(response, message)
    kept = TraineeRecord.objects.get(pk=world["ana_record"].pk)
    assert (kept.status, kept.ended_on) == ("completed", date(2024, 5, 31))


def test_a_training_year_has_one_source(director, world):
    response = director.post(
        record_url(world), {"form": "support", "training_year": 2, "source": "fellowship"}
    )

    refused(response, "TY2 already has its source; remove it first to give another.")
    assert SupportYear.objects.get(record=world["ana_record"], training_year=2).source == (
        "this_grant"
    )


def test_a_missing_training_year_is_shown_on_the_record(director, world):
    SupportYear.objects.filter(record=world["ana_record"], training_year=3).delete()

    page = director.get(record_url(world)).content.decode()

    assert "No source yet for TY3." in page


def test_a_degree_in_the_future_is_refused(director, world):
    before = Degree.objects.count()

    response = director.post(
        record_url(world), {"form": "degree", "degree": "MPH", "year": 2026, "institution": "U"}
    )

    refused(response, "This degree is not received yet: add it when it is conferred.")
    assert Degree.objects.count() == before


def test_an_unknown_form_on_the_record_is_not_found(director, world):
    assert director.post(record_url(world), {"form": "grant"}).status_code == 404


# --- positions ---------------------------------------------------------------------------

POSITION = {
    "form": "position",
    "title": "Assistant Professor",
    "department": "Medicine",
    "institution": "Example University",
    "sector": "academia",
    "kind_of_work": "research_intensive",
    "starts_on": "2025-01-01",
    "ends_on": "",
    "confirmed_on": "2025-02-01",
}


def test_a_director_records_a_position_as_the_programs(director, world):
    response = director.post(record_url(world), POSITION)

    assert response.status_code == 302
    added = Position.objects.get(trainee=world["ana"], title="Assistant Professor")
    assert (added.source, added.confirmed_on) == ("director", date(2025, 2, 1))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2024-12-31"}, "The position ends before it starts."),
        ({"is_first_after_training": "on"}, "Another position is already the first after training"),
        ({"confirmed_on": "2025-03-02"}, "Confirmed in the future."),
    ],
)
def test_a_wrong_position_is_refused_and_nothing_is_saved(director, world, changes, message):
    before = Position.objects.count()

    response = director.post(record_url(world), {**POSITION, **changes})

    refused(response, message)
    assert Position.objects.count() == before


def test_removing_a_degree_from_the_record(director, world):
    degree = world["ana_record"].degrees.get()

    response = director.post(record_url(world) + f"degree/{degree.pk}/remove/")

    assert response.status_code == 302
    assert not Degree.objects.filter(pk=degree.pk).exists()


def test_only_the_records_own_items_can_be_removed(director, world):
    bens = world["ben_record"].degrees.get()

    response = director.post(record_url(world) + f"degree/{bens.pk}/remove/")
    unknown = director.post(record_url(world) + f"grant/{bens.pk}/remove/")

    assert response.status_code == unknown.status_code == 404
    assert Degree.objects.filter(pk=bens.pk).exists()
