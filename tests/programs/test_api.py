"""The program console through the API: nudges, bulk import with a preview's token, exports;
a director and an administrator reach them, anyone else gets 404."""

from __future__ import annotations

import base64
import io

import pytest

from mentorkit.accounts.models import ApiToken
from mentorkit.programs.models import Enrollment, ProgramInvitation
from mentorkit.teams.models import Agreement
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"authorization": f"Bearer {ApiToken.issue(user, 'tests')[1]}"}


@pytest.fixture
def coordinator(program):
    person = make_user("coordinator@example.org", name="Cora Coordinator")
    program.administrators.add(person)
    return person


def test_a_coordinator_sends_a_nudge_and_reads_its_log(client, program, coordinator, mentee_a):
    from datetime import date

    Agreement.objects.create(mentee=mentee_a, cadence=14, next_review_on=date(2020, 1, 1))
    headers = bearer(coordinator)
    sent = client.post(
        f"/api/v1/programs/{program.pk}/nudges",
        {"audience": "agreement", "subject": "Your agreement", "body": "Dear {name}: {reasons}."},
        content_type="application/json",
        headers=headers,
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["subject"] == "Your agreement" and body["sent_by"]["name"] == "Cora Coordinator"
    assert [r["recipient"]["id"] for r in body["recipients"]] == [mentee_a.pk]
    assert body["recipients"][0]["sent_at"] is None
    listed = client.get(f"/api/v1/programs/{program.pk}/nudges", headers=headers).json()
    assert [n["id"] for n in listed["items"]] == [body["id"]]


def test_a_nudge_with_an_unknown_placeholder_is_a_422(client, program, director):
    response = client.post(
        f"/api/v1/programs/{program.pk}/nudges",
        {"audience": "active", "subject": "Hello {nme}", "body": "Hi"},
        content_type="application/json",
        headers=bearer(director),
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Unknown placeholder {nme}")


def test_import_previews_then_confirms_with_the_token(client, program, director, mentee_a):
    headers = bearer(director)
    csv = f"email,name,cohort\nnew@example.org,New One,2026\n{mentee_a.email},A,2026\n"
    preview = client.post(
        f"/api/v1/programs/{program.pk}/import/preview",
        {"filename": "scholars.csv", "content": csv},
        content_type="application/json",
        headers=headers,
    )
    assert preview.status_code == 200, preview.content
    found = preview.json()
    assert found["kind"] == "mentees" and [r["email"] for r in found["new"]] == ["new@example.org"]
    assert found["problems"] == [
        {"line": 3, "value": mentee_a.email, "reason": "already enrolled in the program"}
    ]
    assert not ProgramInvitation.objects.exists()
    confirm = client.post(
        f"/api/v1/programs/{program.pk}/import/confirm",
        {"token": found["token"]},
        content_type="application/json",
        headers=headers,
    )
    assert confirm.status_code == 201 and confirm.json() == {"invited": 1}
    again = client.post(
        f"/api/v1/programs/{program.pk}/import/confirm",
        {"token": found["token"]},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 409
    assert (
        "already has an invitation" in again.json()["detail"] or "invited" in again.json()["detail"]
    )
    assert ProgramInvitation.objects.count() == 1


def test_an_xlsx_import_and_bad_tokens(client, program, director):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["email", "cohort"])
    book.active.append(["x@example.org", 2026])
    data = io.BytesIO()
    book.save(data)
    headers = bearer(director)
    preview = client.post(
        f"/api/v1/programs/{program.pk}/import/preview",
        {"filename": "s.xlsx", "content_base64": base64.b64encode(data.getvalue()).decode()},
        content_type="application/json",
        headers=headers,
    )
    assert [r["email"] for r in preview.json()["new"]] == ["x@example.org"]
    for token, why in [("forged", "not a preview"), ("", "not a preview")]:
        response = client.post(
            f"/api/v1/programs/{program.pk}/import/confirm",
            {"token": token},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 422 and why in response.json()["detail"]
    neither = client.post(
        f"/api/v1/programs/{program.pk}/import/preview",
        {"filename": "s.csv"},
        content_type="application/json",
        headers=headers,
    )
    assert neither.status_code == 422


def test_a_token_of_another_program_is_refused(client, program, director):
    from mentorkit.programs.models import Program

    other = Program.objects.create(name="T32")
    other.directors.add(director)
    headers = bearer(director)
    token = client.post(
        f"/api/v1/programs/{other.pk}/import/preview",
        {"content": "email\nz@example.org\n"},
        content_type="application/json",
        headers=headers,
    ).json()["token"]
    response = client.post(
        f"/api/v1/programs/{program.pk}/import/confirm",
        {"token": token},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422 and "not of this program" in response.json()["detail"]


def test_exports_come_as_csv_and_xlsx(client, program, director, mentee_a):
    headers = bearer(director)
    csv = client.get(
        f"/api/v1/programs/{program.pk}/export?what=roster&format=csv", headers=headers
    )
    assert csv.status_code == 200 and csv["content-type"].startswith("text/csv")
    assert mentee_a.email in csv.content.decode()
    xlsx = client.get(
        f"/api/v1/programs/{program.pk}/export?what=mentors&format=xlsx", headers=headers
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    bad = client.get(f"/api/v1/programs/{program.pk}/export?what=salaries", headers=headers)
    assert bad.status_code == 422


def test_someone_who_does_not_run_the_program_gets_404(client, program, mentee_a, mentor_a):
    for person in (mentee_a, mentor_a):
        headers = bearer(person)
        for path in ("nudges", "export", "enrollments", "mentors"):
            assert (
                client.get(f"/api/v1/programs/{program.pk}/{path}", headers=headers).status_code
                == 404
            )
        response = client.post(
            f"/api/v1/programs/{program.pk}/import/preview",
            {"content": "email\nz@example.org\n"},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 404
    assert Enrollment.objects.filter(program=program).count() == 1
