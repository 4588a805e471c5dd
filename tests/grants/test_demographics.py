"""Reporting demographics: a trainee answers of their own accord on their training record
(why and who sees it said on the page), may withdraw (the row is deleted), and nobody else
reads their answers; the program's directors and administrators download counts, each
below the anonymity threshold (5, as anonymous evaluations) shown as "<5"; a mentor gets 404.

The world: Heart Scholars' four trainees (tests/grants/world.py) and six more, Trainee One to
Six, each with a record. The six answered Female and Not Hispanic; five answered White, the
sixth Asian and White; Ana answered Male, Hispanic or Latino, and a disability; Ben "Prefer
not to say" to everything; Chen and Dee never answered.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from mentorkit.grants.demographics import suppressed
from mentorkit.grants.models import Demographics, TraineeRecord
from tests.conftest import make_user, once_per_module

from .world import build, enroll

pytestmark = pytest.mark.django_db
MINE = "/me/training-record/demographics/"
PREFER = {f: "prefer_not" for f in ("sex_gender", "ethnicity", "disability", "disadvantaged")}


def build_answers() -> dict:
    world = build()
    program = world["program"]
    for n, name in enumerate(["One", "Two", "Three", "Four", "Five", "Six"], 1):
        person = enroll(program, make_user(f"t{n}@example.org", name=f"Trainee {name}"), 2024)
        TraineeRecord.objects.create(program=program, trainee=person, entered_on=date(2024, 9, 1))
        races = ["white"] if n < 6 else ["asian", "white"]
        Demographics.objects.create(
            person=person, sex_gender="female", races=races, ethnicity="not_hispanic"
        )
    Demographics.objects.create(
        person=world["ana"], sex_gender="male", ethnicity="hispanic", disability="yes"
    )
    Demographics.objects.create(person=world["ben"], races=["prefer_not"], **PREFER)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build_answers)


def counts(client, world, who="director") -> dict[tuple[str, str], str]:
    client.force_login(world[who])
    response = client.get(f"/programs/{world['program'].pk}/reports/demographics.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return {(r[0], r[1]): r[2] for r in rows[2:] if len(r) == 3}


def test_the_page_says_why_it_asks_and_who_sees_the_answers(client, world):
    client.force_login(world["chen"])
    text = client.get(MINE).content.decode()
    assert "Only you see your answers" in text and "your mentors never see them" in text
    assert "counts of all trainees" in text and "below 5 hidden" in text
    assert "Withdraw my answers" not in text  # nothing to withdraw yet


def test_a_trainee_answers_and_unanswered_stays_apart_from_prefer_not_to_say(client, world):
    client.force_login(world["chen"])
    data = {"sex_gender": "prefer_not", "races": ["asian", "black"], "ethnicity": ""}
    assert client.post(MINE, data).status_code == 302
    answers = Demographics.objects.get(person=world["chen"])
    assert (answers.sex_gender, answers.races, answers.ethnicity) == (
        "prefer_not", ["asian", "black"], "")  # fmt: skip
    assert "Withdraw my answers" in client.get(MINE).content.decode()


def test_races_and_prefer_not_to_say_together_are_refused_and_nothing_is_saved(client, world):
    client.force_login(world["chen"])
    response = client.post(MINE, {"races": ["white", "prefer_not"]})
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    assert not Demographics.objects.filter(person=world["chen"]).exists()


def test_withdrawing_deletes_the_answers(client, world):
    client.force_login(world["ana"])
    response = client.post("/me/training-record/demographics/withdraw/")
    assert response.status_code == 302
    assert not Demographics.objects.filter(person=world["ana"]).exists()
    assert counts(client, world)[("Sex or gender", "Not answered")] == "<5"


def test_withdrawing_is_a_post(client, world):
    client.force_login(world["ana"])
    assert client.get("/me/training-record/demographics/withdraw/").status_code == 405


@pytest.mark.parametrize("who", ["liu", "ana", "other_director"])
def test_a_mentor_a_trainee_or_another_programs_director_gets_404(client, world, who):
    client.force_login(world[who])
    response = client.get(f"/programs/{world['program'].pk}/reports/demographics.csv")
    assert response.status_code == 404


def test_counts_below_the_threshold_are_suppressed(client, world):
    shown = counts(client, world)
    assert shown[("All", "Trainees counted")] == "10"
    assert shown[("Sex or gender", "Female")] == "6"
    assert shown[("Sex or gender", "Male")] == "<5"  # Ana alone
    assert shown[("Sex or gender", "Prefer not to say")] == "<5"  # Ben alone
    assert shown[("Sex or gender", "Not answered")] == "<5"  # Chen and Dee
    assert shown[("Race", "White")] == "5"
    assert shown[("Race", "More than one race")] == "<5"
    assert shown[("Ethnicity", "Not Hispanic or Latino")] == "6"
    assert shown[("Disability", "Not answered")] == "8"  # the six left it, Chen and Dee
    assert shown[("Disadvantaged background", "Not answered")] == "9"  # and Ana


def test_the_administrator_downloads_the_same_counts_and_never_a_persons_row(client, world):
    shown = counts(client, world, "coordinator")
    assert shown == counts(client, world)
    client.force_login(world["coordinator"])
    text = client.get(f"/programs/{world['program'].pk}/reports/demographics.csv").content
    assert b"Ana" not in text and b"Trainee One" not in text


def test_the_reports_page_shows_the_counts(client, world):
    client.force_login(world["director"])
    text = client.get(f"/programs/{world['program'].pk}/reports/").content.decode()
    section = text.split('id="demographics-title"')[1].split("</section>")[0]
    assert "<td>Female</td><td>6</td>" in section and "&lt;5" in section
    assert "demographics.csv" in section


def test_a_lone_hidden_count_takes_the_next_smallest_with_it():
    # 12 + 6 + 2 = 20 trainees: hiding the 2 alone, the total would give it away.
    assert suppressed({"A": 12, "B": 6, "C": 2}, 5) == [("A", "12"), ("B", "<5"), ("C", "<5")]
    assert suppressed({"A": 12, "B": 6}, 5) == [("A", "12"), ("B", "6")]
    assert suppressed({"A": 1, "B": 0, "C": 9}, 5) == [("A", "<5"), ("B", "<5"), ("C", "9")]
