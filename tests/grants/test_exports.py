"""Tables 5 and 8 from the records: the page's CSV, the API and the command line give the rows
of a hand-built file (tests/grants/data), so neither a column nor a row can drift."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from typer.testing import CliRunner

from mentorkit import cli
from mentorkit.accounts.models import ApiToken
from tests.conftest import once_per_module
from tests.pdf import page_sizes

from .world import build

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build)


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=UTC), tick=False):
        yield


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def expected(table: str) -> list[list[str]]:
    return rows((DATA / f"{table}.csv").read_text())


def download(client, world, path: str, who: str = "director"):
    client.force_login(world[who])
    return client.get(f"/programs/{world['program'].pk}/reports/{path}")


@pytest.mark.parametrize("table", ["table8", "table5"])
def test_the_directors_csv_is_the_hand_built_table(client, world, table):
    response = download(client, world, f"{table}.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows(response.content.decode()) == expected(table)


def test_table5_leaves_out_a_private_paper_and_other_programs_trainees(client, world):
    text = download(client, world, "table5.csv").content.decode()

    assert "PRIVATE-PAPER" not in text
    assert "Other, Olga" not in text
    assert "Evans, Dee" not in text  # appointed, but no record: the reports page says so


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, world):
    world["program"].__class__.objects.filter(pk=world["program"].pk).update(name="=HYPERLINK(1)")
    world["ana_record"].__class__.objects.filter(pk=world["ana_record"].pk).update(
        research_topic="+cmd|' /C calc'!A0"
    )

    found = rows(download(client, world, "table8.csv").content.decode())

    assert found[0][0].startswith("'=HYPERLINK(1) · T32 HL150001")
    assert found[5][5] == "'+cmd|' /C calc'!A0"


def test_the_api_gives_the_same_rows_as_json_and_as_csv(client, world):
    token = ApiToken.issue(world["director"], "tests")[1]
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/programs/{world['program'].pk}/reports/table8"

    as_csv = client.get(url, {"format": "csv"}, headers=headers)
    as_json = client.get(url, headers=headers).json()

    assert rows(as_csv.content.decode()) == expected("table8")
    file_rows = [row for row in expected("table8") if row and row[0] in ("Ortiz, Ana", "Wei, Chen")]
    section = as_json["sections"][0]
    assert section["key"] == "8A"
    assert section["columns"] == expected("table8")[4][:-1]
    assert [row["cells"] + [row["sources"]] for row in section["rows"]] == file_rows
    assert as_json["notes"] == [row[0] for row in expected("table8")[-5:]]


@pytest.mark.parametrize("table", ["table8", "table5"])
def test_the_command_line_prints_the_same_table(world, table):
    result = CliRunner().invoke(
        cli.app, ["program", "report", "--program", str(world["program"].pk), "--what", table]
    )

    assert result.exit_code == 0, result.output
    assert rows(result.output) == expected(table)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--what", "table9"],
            "unknown report 'table9'; choose table5, table8, progress, common-metric.",
        ),
        (["--what", "table8", "--format", "xlsx"], "table8 comes as csv or pdf, not 'xlsx'."),
        (["--what", "progress", "--format", "csv"], "progress comes as md or pdf, not 'csv'."),
        (["--what", "table8", "--format", "pdf"], "a PDF needs --out FILE."),
        (["--what", "table8", "--grant", "999999"], "Heart Scholars has no grant with the id"),
    ],
)
def test_the_command_line_refuses_bad_input_in_one_line(world, args, message):
    result = CliRunner().invoke(
        cli.app, ["program", "report", "--program", str(world["program"].pk), *args]
    )

    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert message in result.output


def test_the_command_line_refuses_an_unknown_program(world):
    result = CliRunner().invoke(
        cli.app, ["program", "report", "--program", "999999", "--what", "table8"]
    )

    assert result.exit_code == 1
    assert result.output.strip() == "mentorkit: there is no program with the id 999999."


def test_the_command_line_writes_a_pdf(world, tmp_path):
    out = tmp_path / "table8.pdf"
    result = CliRunner().invoke(
        cli.app,
        ["program", "report", "--program", str(world["program"].pk), "--what", "table8",
         "--format", "pdf", "--out", str(out)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert set(page_sizes(out.read_bytes())) == {(792, 612)}  # US Letter, landscape


def test_the_directors_pdf_of_table5_is_landscape_on_the_paper_asked_for(client, world):
    a4 = download(client, world, "table5.pdf")
    letter = download(client, world, "table5.pdf?paper=letter")

    assert a4.status_code == 200
    assert a4["Content-Type"] == "application/pdf"
    assert set(page_sizes(a4.content)) == {(842, 595)}
    assert set(page_sizes(letter.content)) == {(792, 612)}


def test_one_grant_of_the_program_may_be_chosen_and_no_other(client, world):
    mine = download(client, world, f"table8.csv?grant={world['grant'].pk}")
    theirs = download(client, world, f"table8.csv?grant={world['other_grant'].pk}")
    malformed = download(client, world, "table8.csv?grant=first")

    assert rows(mine.content.decode()) == expected("table8")
    assert theirs.status_code == malformed.status_code == 404


def test_an_unknown_format_is_not_found(client, world):
    assert download(client, world, "table8.xlsx").status_code == 404


def test_a_download_is_in_the_security_log(client, world):
    from mentorkit.audit.models import SecurityEvent

    download(client, world, "table8.csv")

    event = SecurityEvent.objects.filter(user=world["director"]).latest("pk")
    assert event.summary == "“Table 8 · Heart Scholars” downloaded as CSV."
