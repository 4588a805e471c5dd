"""The progress report's section on trainees and the CTSA common metric, as the director
downloads them (as of 1 March 2025): a paragraph per trainee appointed in the last twelve
months from what they marked for the program, and the IDP statement from the plan reviews
recorded; never what was shared with the team alone, never for anyone but the directors."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine

from mentorkit.grants.models import Committee, CommitteeMeeting
from mentorkit.growth.models import Activity
from mentorkit.outcomes.models import Outcome
from mentorkit.plans.models import Goal, GoalReview, Plan
from mentorkit.teams.models import Mentorship
from tests.conftest import once_per_module

from .world import build

pytestmark = pytest.mark.django_db


def build_progress() -> dict:
    world = build()
    ben = world["ben"]
    make = Outcome.objects.create
    make(mentee=ben, kind="paper", title="Readmissions after discharge", venue="JAMA Cardiol",
         result="success", decided_on=date(2024, 9, 1), year=2024, visibility="program")  # fmt: skip
    make(mentee=ben, kind="award", title="TEAM-ONLY award", result="success",
         decided_on=date(2024, 10, 1), visibility="team")  # fmt: skip
    Activity.objects.create(mentee=ben, kind="course", title="Causal inference", topics="R",
                            starts_on=date(2024, 9, 1), status="done", visibility="program")  # fmt: skip
    Activity.objects.create(mentee=ben, kind="workshop", title="PRIVATE-WORKSHOP", topics="x",
                            starts_on=date(2024, 9, 1), visibility="private")  # fmt: skip
    plan = Plan.objects.create(mentee=ben, title="K99 plan", starts_on=date(2023, 7, 1),
                               ends_on=date(2027, 6, 30), visibility="program")  # fmt: skip
    goal = Goal.objects.create(plan=plan, mentee=ben, category="funding", statement="Submit a K99",
                               measure="Submitted", due_on=date(2025, 10, 1),
                               visibility="program")  # fmt: skip
    review = GoalReview.objects.create(goal=goal, reviewed_on=date(2024, 12, 2), progress=40,
                                       status="on_track", confidence=60)  # fmt: skip
    review.mentors.add(Mentorship.objects.get(mentee=ben, mentor=world["liu"]))
    committee = Committee.objects.create(record=world["ben_record"])
    CommitteeMeeting.objects.create(committee=committee, held_on=date(2024, 11, 12))
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build_progress)


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=UTC), tick=False):
        yield


def download(client, world, path: str, who: str = "director"):
    client.force_login(world[who])
    return client.get(f"/programs/{world['program'].pk}/reports/{path}")


def test_a_paragraph_per_trainee_appointed_in_the_last_twelve_months(client, world):
    text = download(client, world, "progress.md").content.decode()
    assert "## Ben Carter" in text and "## Dee Evans" in text
    assert "## Ana Ortiz" not in text and "## Chen Wei" not in text  # appointed before
    ben, mark = text.split("## Ben Carter")[1].split("##")[0].strip().split("\n\n")
    assert mark == (
        "_Not yet confirmed by the trainee's primary mentor (as built from the records, not "
        "edited)._"
    )
    assert ben == (
        "Ben Carter (post-doctoral trainee, entered 07/2023) works on Machine learning for "
        "heart failure readmissions, mentored by Grace Liu (primary). In the period: paper "
        "“Readmissions after discharge” (JAMA Cardiol). Development activities: Causal "
        "inference (course). They have 1 goal under way and reviewed their plan with a mentor "
        "once. Their mentoring committee met in November 2024."
    )


def test_what_was_not_marked_for_the_program_stays_out(client, world):
    text = download(client, world, "progress.md").content.decode()
    assert "TEAM-ONLY" not in text and "PRIVATE-WORKSHOP" not in text


def test_the_idp_statement_counts_the_plan_reviews_recorded(client, world):
    text = download(client, world, "progress.md").content.decode()
    statement = text.split("## Use of Individual Development Plans")[1]
    assert "In the period (03/01/2024 to 03/01/2025), 1 of 2 appointed trainees reviewed" in (
        " ".join(statement.split()))  # fmt: skip
    assert "(1 review in all)" in statement


def test_the_section_comes_as_a_pdf_too(client, world):
    response = download(client, world, "progress.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert download(client, world, "progress.html").status_code == 404


@pytest.mark.parametrize("path", ["progress.md", "common-metric.csv"])
@pytest.mark.parametrize("who", ["coordinator", "liu", "ben", "other_director"])
def test_only_the_programs_directors_download_them(client, world, path, who):
    assert download(client, world, path, who).status_code == 404


def test_the_common_metric_lists_each_appointed_trainee_with_their_funding_and_career(
    client, world
):
    rows = list(
        csv.reader(io.StringIO(download(client, world, "common-metric.csv").content.decode()))
    )
    assert rows[1] == ["Scholar or Trainee", "Role", "Funding Start", "Funding End",
                       "Engaged in Clinical and Translational Research",
                       "Sources (not a CTSA column)"]  # fmt: skip
    assert [r[:5] for r in rows[2:6]] == [
        ["Ana Ortiz", "Trainee", "07/01/2021", "06/30/2023", "Yes"],
        ["Chen Wei", "Trainee", "07/01/2022", "03/31/2023", "Yes"],
        ["Ben Carter", "Trainee", "07/01/2023", "06/30/2025", "Yes"],
        ["Dee Evans", "Trainee", "07/01/2024", "06/30/2025", "Yes"],
    ]
    assert rows[2][5] == (
        "Funding: 2 appointments; engaged: current position: Further training, confirmed 01/15/2025"
    )
    assert rows[4][5] == "Funding: 2 appointments; engaged: in training (trainee record)"
    assert rows[-1][0].startswith("Careers in Clinical and Translational Research")


def add_appointed_trainee(world, n: int) -> None:
    from mentorkit.grants.models import Appointment, TraineeRecord
    from mentorkit.programs.models import Enrollment
    from tests.conftest import make_mentorship, make_user

    trainee = make_user(f"more{n}@example.org", name=f"More Trainee{n}")
    Enrollment.objects.create(program=world["program"], mentee=trainee, cohort_year=2024)
    mentorship = make_mentorship(trainee, world["liu"])
    Appointment.objects.create(grant=world["grant"], trainee=trainee, level="predoc",
                               starts_on=date(2024, 7, 1), ends_on=date(2025, 6, 30),
                               status="appointed")  # fmt: skip
    record = TraineeRecord.objects.create(program=world["program"], trainee=trainee,
                                          entered_on=date(2024, 7, 1))  # fmt: skip
    Outcome.objects.create(mentee=trainee, kind="paper", title=f"Paper {n}", result="success",
                           decided_on=date(2024, 9, 1), visibility="program")  # fmt: skip
    Activity.objects.create(mentee=trainee, title=f"Course {n}", topics="R",
                            starts_on=date(2024, 9, 1), visibility="program")  # fmt: skip
    plan = Plan.objects.create(mentee=trainee, title="Plan", starts_on=date(2024, 7, 1),
                               ends_on=date(2028, 6, 30), visibility="program")  # fmt: skip
    goal = Goal.objects.create(plan=plan, mentee=trainee, category="funding", statement="F31",
                               measure="Sent", due_on=date(2025, 9, 1), visibility="program")  # fmt: skip
    GoalReview.objects.create(goal=goal, reviewed_on=date(2025, 1, 5), progress=10,
                              status="on_track", confidence=50).mentors.add(mentorship)  # fmt: skip
    committee = Committee.objects.create(record=record)
    CommitteeMeeting.objects.create(committee=committee, held_on=date(2024, 12, 1))


def test_the_section_costs_the_same_queries_for_ten_times_the_trainees(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world["director"])
    url = f"/programs/{world['program'].pk}/reports/progress.md"
    counts = []
    for first, more in ((1, 2), (3, 20)):
        for n in range(first, first + more):
            add_appointed_trainee(world, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_command_line_writes_the_section_and_the_common_metric(client, world, tmp_path):
    from typer.testing import CliRunner

    from mentorkit import cli

    args = ["program", "report", "--program", str(world["program"].pk)]
    section = CliRunner().invoke(cli.app, [*args, "--what", "progress", "--format", "md"])
    assert section.exit_code == 0, section.output
    assert section.output == download(client, world, "progress.md").content.decode()
    out = tmp_path / "progress.pdf"
    pdf = CliRunner().invoke(
        cli.app, [*args, "--what", "progress", "--format", "pdf", "--out", str(out)]
    )
    assert pdf.exit_code == 0 and out.read_bytes()[:5] == b"%PDF-"
    metric = CliRunner().invoke(cli.app, [*args, "--what", "common-metric"])
    assert metric.exit_code == 0
    expected = download(client, world, "common-metric.csv").content.decode()
    assert metric.output.replace("\r\n", "\n") == expected.replace("\r\n", "\n")


def test_the_api_answers_the_section_and_the_common_metric(client, world):
    from mentorkit.accounts.models import ApiToken

    base = f"/api/v1/programs/{world['program'].pk}/reports"
    headers = {"authorization": f"Bearer {ApiToken.issue(world['director'], 'tests')[1]}"}
    section = client.get(f"{base}/progress", headers=headers)
    assert section["Content-Type"].startswith("text/markdown")
    assert section.content == download(client, world, "progress.md").content
    metric = client.get(f"{base}/common-metric", headers=headers)
    assert metric.content == download(client, world, "common-metric.csv").content
