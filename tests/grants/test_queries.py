"""The grants page, the reports page and the tables cost the same queries for ten times the
trainees (each with a team, a record, support years, a degree, a position, appointments,
papers and a grant): an N+1 fails here, and any change to a count is a visible edit."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorkit.accounts.models import ApiToken
from mentorkit.grants.models import (
    Appointment,
    Degree,
    Demographics,
    Position,
    ProgressDraft,
    SupportYear,
    TraineeRecord,
    TrainingGrant,
)
from mentorkit.outcomes.models import Outcome
from mentorkit.programs.models import Enrollment, Program
from mentorkit.teams.models import Role
from tests.conftest import make_mentorship, make_user, once_per_module

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30  # trainees
serial = count(1)


def add_trainee(program, grant, mentor) -> None:
    n = next(serial)
    trainee = make_user(f"trainee{n}@example.org", name=f"Trainee Number{n}")
    Enrollment.objects.create(program=program, mentee=trainee, cohort_year=2020 + n % 4)
    mentorship = make_mentorship(trainee, mentor, role=Role.PRIMARY)
    level = "predoc" if n % 2 else "postdoc"
    Appointment.objects.create(
        grant=grant, trainee=trainee, level=level, starts_on=date(2021, 7, 1),
        ends_on=date(2022, 6, 30), status="appointed", termination_filed_on=None,
    )  # fmt: skip
    Appointment.objects.create(
        grant=grant, trainee=trainee, level=level, starts_on=date(2022, 7, 1),
        ends_on=date(2023, 6, 30), status="terminated", termination_filed_on=date(2023, 9, 1),
    )  # fmt: skip
    record = TraineeRecord.objects.create(
        program=program,
        trainee=trainee,
        entered_on=date(2020, 9, 1),
        research_topic=f"Topic {n}",
        status="completed",
        ended_on=date(2023, 6, 30),
    )
    record.faculty_mentors.add(mentorship)
    for year in (1, 2):
        SupportYear.objects.create(record=record, training_year=year, source="this_grant")
    Degree.objects.create(record=record, degree="PhD", year=2023)
    Position.objects.create(
        trainee=trainee, title="Scientist", institution="Example", sector="industry",
        kind_of_work="research_related", starts_on=date(2023, 8, 1), source="trainee",
    )  # fmt: skip
    for kind, extra in (("paper", {"pmcid": ""}), ("grant", {"role": "pi"})):
        Outcome.objects.create(
            mentee=trainee, kind=kind, title=f"{kind} {n}", result="success",
            decided_on=date(2023, 1, 1), year=2023, visibility="program", **extra,
        )  # fmt: skip


def make_world(size: str) -> dict:
    program = Program.objects.create(name="Scholars", kind="t32")
    director = make_user("director@example.org", name="Pat Director")
    program.directors.add(director)
    mentor = make_user("mentor@example.org", name="Mo Mentor")
    grant = TrainingGrant.objects.create(
        program=program, activity_code="T32", award_number="T32HL000010",
        project_start=date(2019, 7, 1), project_end=date(2029, 6, 30),
    )  # fmt: skip
    for _ in range(SMALL if size == "small" else LARGE):
        add_trainee(program, grant, mentor)
    token = ApiToken.issue(director, "tests")[1]
    return {
        "size": size,
        "program": program,
        "director": director,
        "mentor": mentor,
        "grant": grant,
        "token": token,
    }


@pytest.fixture(scope="module", params=["small", "large"])
def built_world(request, django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, lambda: make_world(request.param))


@pytest.fixture
def world(built_world):
    return copy.deepcopy(built_world)


@pytest.fixture
def queries_of(client, world):
    def measure(path: str, *, api: bool = False, who: str = "director") -> tuple[str, int]:
        url = path.format(program=world["program"].pk)
        headers = {"Authorization": f"Bearer {world['token']}"} if api else {}
        if not api:
            client.force_login(world[who])
        client.get(url, headers=headers)  # warm what is cached per process
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        assert response.status_code == 200
        return world["size"], len(queries)

    return measure


def assert_queries(measured: tuple[str, int], pinned: int):
    size, queries = measured
    assert queries == pinned, f"{queries} queries on the {size} world; pinned: {pinned}"


# A signed-in page costs the session and the user, and its menu the person's roles (3); a
# download has no menu. The program's trainees cost 7 (`roster.trainees_of`): their records,
# faculty mentors, support years, degrees, every appointment of theirs with its grant, their
# positions and (for a director) what they marked for the program; 6 without the last.


def test_the_grants_page(queries_of):
    # session, user, program, trainees (6), menu (3), grants, their PD/PIs, the form's people
    assert_queries(queries_of("/programs/{program}/grants/"), 15)


def test_the_reports_page(queries_of):
    # session, user, program, trainees (7), grants, menu (3), scholars in training with their
    # committees (1; their meetings too once there are committees: test_committees), alumni
    # with their check-ins (2), their reporting demographics (1), the paragraphs of the
    # progress report awaiting a mentor (1)
    assert_queries(queries_of("/programs/{program}/reports/"), 19)


def test_table8_as_csv(queries_of):
    # session, user, program, grants, trainees (7), the security log's line
    assert_queries(queries_of("/programs/{program}/reports/table8.csv"), 12)


def test_table5_as_csv(queries_of):
    assert_queries(queries_of("/programs/{program}/reports/table5.csv"), 12)


def test_the_common_metric(queries_of):
    # session, user, program, trainees (6), the security log's line (test_progress pins the
    # progress section, whose trainees are those appointed in the last year)
    assert_queries(queries_of("/programs/{program}/reports/common-metric.csv"), 10)


def test_the_grants_through_the_api(queries_of):
    # token, program, count, grants, their PD/PIs, appointments with their trainees
    assert_queries(queries_of("/api/v1/programs/{program}/grants", api=True), 6)


# --- what the reports need beyond the records ---------------------------------------------


@pytest.fixture
def this_year(world):
    """Each trainee appointed this year too (their paragraphs are in the progress report),
    with their demographics and an edited paragraph awaiting their mentor."""
    today = timezone.localdate()
    for record in TraineeRecord.objects.filter(program=world["program"]):
        Appointment.objects.create(
            grant=world["grant"], trainee=record.trainee, level="postdoc",
            starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=200),
            status="appointed",
        )  # fmt: skip
        Demographics.objects.create(person=record.trainee, sex_gender="female", races=["asian"])
        ProgressDraft.objects.create(
            record=record, period_ends_on=today, text="Edited.", edited_by=world["director"]
        )
        world["trainee"] = record.trainee
    return world


def test_the_demographics_counts(queries_of, this_year):
    # session, user, program, its trainees (records and appointments: 2), their answers, the
    # security log's line
    assert_queries(queries_of("/programs/{program}/reports/demographics.csv"), 7)


def test_the_progress_reports_paragraphs(queries_of, this_year):
    # session, user, program, menu (3), the section (trainees 6, team, successes,
    # activities, goals, reviews, committee meetings, drafts)
    assert_queries(queries_of("/programs/{program}/reports/progress/"), 19)


def test_one_paragraph_to_edit(queries_of, this_year):
    record = TraineeRecord.objects.filter(program=this_year["program"]).first()
    assert_queries(queries_of(f"/programs/{{program}}/reports/progress/{record.pk}/"), 19)


def test_the_mentors_paragraphs_to_confirm(queries_of, this_year):
    # session, user, menu (2 for a mentor who runs no program), the drafts of their mentees
    # with the mentees' active mentorships (2)
    assert_queries(queries_of("/mentoring/progress-paragraphs/", who="mentor"), 6)


def test_a_paragraph_to_confirm(queries_of, this_year):
    draft = ProgressDraft.objects.filter(record__program=this_year["program"]).first()
    assert_queries(queries_of(f"/mentoring/progress-paragraphs/{draft.pk}/", who="mentor"), 6)


def test_the_import_from_reporter(queries_of, this_year):
    record = TraineeRecord.objects.filter(program=this_year["program"]).first()
    url = f"/programs/{{program}}/trainees/{record.pk}/reporter/"
    # session, user, program, the record with its trainee, menu (3)
    assert_queries(queries_of(url), 7)


def test_ones_own_demographics(queries_of, this_year):
    # session, user, menu (2), one's answers
    assert_queries(queries_of("/me/training-record/demographics/", who="trainee"), 5)


def test_ones_own_import_from_reporter(queries_of, this_year):
    # session, user, one's record, menu (2)
    assert_queries(queries_of("/me/training-record/reporter/", who="trainee"), 5)
