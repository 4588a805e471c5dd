"""Who sees the training records: the program's directors and administrators; each trainee
their own; nobody else — not another program's director, not a mentor, not another trainee
(404, as for something that does not exist). Tables 5 and 8 read what trainees marked for the
program, so only its directors download them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from mentorkit.accounts.models import ApiToken
from mentorkit.grants.models import Degree, Position
from tests.conftest import once_per_module

from .world import build

pytestmark = pytest.mark.django_db

RUN_BY = ("director", "coordinator")
OUTSIDERS = ("other_director", "liu", "ben", "ana")


def build_with_tokens() -> dict:
    world = build()
    people = (*RUN_BY, *OUTSIDERS)
    world["tokens"] = {who: ApiToken.issue(world[who], "tests")[1] for who in people}
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build_with_tokens)


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=UTC), tick=False):
        yield


def pages(world) -> list[str]:
    program, grant = world["program"].pk, world["grant"].pk
    appointment = world["grant"].appointments.first().pk
    record = world["ana_record"].pk
    position = Position.objects.get(trainee=world["ana"]).pk
    return [
        f"/programs/{program}/grants/",
        f"/programs/{program}/grants/{grant}/",
        f"/programs/{program}/grants/{grant}/appoint/",
        f"/programs/{program}/appointments/{appointment}/",
        f"/programs/{program}/trainees/new/",
        f"/programs/{program}/trainees/{record}/",
        f"/programs/{program}/positions/{position}/",
        f"/programs/{program}/reports/",
    ]


@pytest.mark.parametrize("who", RUN_BY)
def test_those_who_run_the_program_open_its_grant_pages(client, world, who):
    client.force_login(world[who])

    assert [client.get(page).status_code for page in pages(world)] == [200] * 8


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_finds_them(client, world, who):
    client.force_login(world[who])

    assert [client.get(page).status_code for page in pages(world)] == [404] * 8


@pytest.mark.parametrize("who", ("coordinator", *OUTSIDERS))
@pytest.mark.parametrize("table", ["table5.csv", "table8.csv", "table5.pdf"])
def test_only_directors_download_the_tables(client, world, who, table):
    client.force_login(world[who])

    response = client.get(f"/programs/{world['program'].pk}/reports/{table}")

    assert response.status_code == 404


def test_the_coordinator_sees_what_table8_lacks_but_not_the_trainees_papers(client, world):
    client.force_login(world["coordinator"])

    page = client.get(f"/programs/{world['program'].pk}/reports/").content.decode()

    assert "1 trainee appointed without a trainee record" in page
    assert "PMCID" not in page.replace("with a PMCID (public access)", "")
    assert "reports/table8.csv" not in page
    assert "only its directors download them" in page


def test_the_director_sees_what_each_report_lacks(client, world):
    client.force_login(world["director"])

    page = client.get(f"/programs/{world['program'].pk}/reports/").content.decode()

    assert "1 paper without a PMCID" in page
    assert "Ana Ortiz: Night-time blood pressure in teenagers" in page
    assert "2 trainees with no publication marked for the program" in page
    assert "1 trainee without a faculty mentor (“TBD”)" in page
    assert "1 trainee whose current position was not confirmed in the last year" in page
    assert "1 trainee with a termination notice filed more than 30 days late" in page
    assert "PRIVATE-PAPER" not in page


def test_a_director_cannot_reach_another_programs_records_through_their_own(client, world):
    client.force_login(world["director"])
    program = world["program"].pk
    olgas = Position.objects.get(trainee=world["olga"])
    other_grant = world["other_grant"].pk

    assert client.get(f"/programs/{program}/positions/{olgas.pk}/").status_code == 404
    assert client.get(f"/programs/{program}/grants/{other_grant}/").status_code == 404
    assert client.get(f"/programs/{program}/grants/{other_grant}/appoint/").status_code == 404


# --- a trainee's own record ---------------------------------------------------------------


def test_a_trainee_sees_their_own_record_and_nobody_elses(client, world):
    client.force_login(world["ana"])

    page = client.get("/me/training-record/").content.decode()

    assert "Heart Scholars" in page
    assert "Postdoctoral Fellow, Stanford University" in page
    assert "5T32HL150001-06" in page
    assert "Ben Carter" not in page and "OLGA-POSITION" not in page
    assert "Machine learning for heart failure" not in page


def test_a_trainee_adds_a_degree_and_a_position_confirmed_by_them(client, world):
    client.force_login(world["ana"])
    record = world["ana_record"].pk

    degree = client.post(
        "/me/training-record/",
        {"form": "degree", "record": record, "degree": "MPH", "year": 2023, "institution": "U"},
    )
    position = client.post(
        "/me/training-record/",
        {
            "form": "position",
            "title": "Instructor",
            "institution": "Stanford University",
            "sector": "academia",
            "kind_of_work": "research_intensive",
            "starts_on": "2025-02-01",
        },
    )

    assert degree.status_code == position.status_code == 302
    assert Degree.objects.filter(record=record, degree="MPH").exists()
    added = Position.objects.get(trainee=world["ana"], title="Instructor")
    assert (added.source, added.confirmed_on) == ("trainee", date(2025, 3, 1))


def test_a_trainee_is_refused_a_degree_in_the_future_and_a_record_not_theirs(client, world):
    client.force_login(world["ana"])
    degree = {"form": "degree", "degree": "MBA", "year": 2026, "institution": "U"}

    future = client.post("/me/training-record/", {**degree, "record": world["ana_record"].pk})
    not_hers = client.post("/me/training-record/", {**degree, "record": world["ben_record"].pk})

    assert future.status_code == 400
    assert "This degree is not received yet" in future.content.decode()
    assert not_hers.status_code == 404
    assert not Degree.objects.filter(degree="MBA").exists()


def test_a_trainee_cannot_change_or_remove_another_trainees_records(client, world):
    client.force_login(world["ben"])
    anas_position = Position.objects.get(trainee=world["ana"])
    anas_degree = world["ana_record"].degrees.get()

    assert client.get(f"/me/training-record/positions/{anas_position.pk}/").status_code == 404
    assert client.post(f"/me/training-record/degree/{anas_degree.pk}/remove/").status_code == 404
    assert client.post(f"/me/training-record/position/{anas_position.pk}/remove/").status_code == (
        404
    )
    assert Position.objects.filter(pk=anas_position.pk).exists()


def test_a_trainee_changes_their_own_position(client, world):
    client.force_login(world["ana"])
    mine = Position.objects.get(trainee=world["ana"])

    response = client.post(
        f"/me/training-record/positions/{mine.pk}/",
        {
            "title": "Postdoctoral Fellow",
            "department": "Cardiology",
            "institution": "Stanford University",
            "sector": "academia",
            "kind_of_work": "further_training",
            "starts_on": "2024-07-01",
            "ends_on": "2024-06-30",
        },
    )

    assert response.status_code == 400
    assert "The position ends before it starts." in response.content.decode()


# --- the API --------------------------------------------------------------------------------


def api(client, world, who: str, path: str):
    headers = {"Authorization": f"Bearer {world['tokens'][who]}"}
    return client.get(f"/api/v1/programs/{world['program'].pk}/{path}", headers=headers)


@pytest.mark.parametrize("who", RUN_BY)
def test_the_grants_through_the_api_for_those_who_run_the_program(client, world, who):
    body = api(client, world, who, "grants").json()

    (grant,) = body["items"]
    assert grant["award_number"] == "5T32HL150001-06"
    assert grant["is_nrsa"] is True
    assert grant["budget_periods"][0] == {
        "number": 1,
        "starts_on": "2019-07-01",
        "ends_on": "2020-06-30",
    }
    assert [a["trainee"]["name"] for a in grant["appointments"]] == [
        "Ana Ortiz",
        "Ana Ortiz",
        "Chen Wei",
        "Ben Carter",
        "Ben Carter",
        "Dee Evans",
    ]
    assert [a["termination_late"] for a in grant["appointments"]][2] is True


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_api_answers_404_to_anyone_else(client, world, who):
    for path in ("grants", "reports/table8", "reports/table5?format=csv"):
        response = api(client, world, who, path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_the_coordinator_gets_no_table_through_the_api(client, world):
    assert api(client, world, "coordinator", "reports/table8").status_code == 404


def test_a_bad_format_is_refused_in_json(client, world):
    response = api(client, world, "director", "reports/table8?format=xlsx")

    assert response.status_code == 422
    assert "format" in response.json()["detail"]
