"""Outcomes carry what the NIH tables read: a grant's activity code, award number, agency, role
and project period; a paper's PMCID and public-access status — on the page and in the API."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mentorkit.accounts.models import ApiToken
from mentorkit.outcomes.models import Outcome

pytestmark = pytest.mark.django_db

GRANT = {
    "kind": "grant",
    "title": "Sleep and vascular health",
    "venue": "NHLBI",
    "result": "success",
    "submitted_on": "2024-02-05",
    "decided_on": "2024-06-15",
    "activity_code": "r01",
    "award_number": "R01HL170001",
    "agency": "NIH",
    "role": "pi",
    "project_start": "2024-07-01",
    "project_end": "2029-06-30",
    "visibility": "program",
}


def test_a_grant_is_recorded_with_its_award_role_and_project_period(client, mentee_a):
    client.force_login(mentee_a)

    response = client.post("/outcomes/new/", GRANT)

    assert response.status_code == 302
    grant = Outcome.objects.get(mentee=mentee_a)
    assert (grant.activity_code, grant.award_number, grant.agency, grant.role) == (
        "R01",
        "R01HL170001",
        "NIH",
        "pi",
    )
    assert (grant.project_start, grant.project_end) == (date(2024, 7, 1), date(2029, 6, 30))


def test_a_project_period_ending_before_it_starts_is_refused(client, mentee_a):
    client.force_login(mentee_a)

    response = client.post("/outcomes/new/", {**GRANT, "project_end": "2023-06-30"})

    assert response.status_code == 400
    assert "The project period ends before it starts." in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_paper_keeps_its_pmcid_and_a_malformed_one_is_refused(client, mentee_a):
    client.force_login(mentee_a)
    paper = {
        "kind": "paper",
        "title": "Night-time blood",
        "result": "pending",
        "visibility": "team",
    }

    wrong = client.post("/outcomes/new/", {**paper, "pmcid": "9000001"})
    right = client.post(
        "/outcomes/new/", {**paper, "pmcid": "pmc9000001", "public_access": "compliant"}
    )

    assert wrong.status_code == 400
    assert "A PMCID reads PMC followed by digits" in wrong.content.decode()
    assert right.status_code == 302
    assert Outcome.objects.get().pmcid == "PMC9000001"


def test_the_api_takes_and_gives_the_new_fields(client, mentee_a):
    headers = {"Authorization": f"Bearer {ApiToken.issue(mentee_a, 'tests')[1]}"}
    body = {**GRANT, "activity_code": "K23"}

    created = client.post(
        "/api/v1/outcomes", json.dumps(body), content_type="application/json", headers=headers
    )
    changed = client.patch(
        f"/api/v1/outcomes/{created.json()['id']}",
        json.dumps({"role": "mpi"}),
        content_type="application/json",
        headers=headers,
    )

    assert created.status_code == 201, created.json()
    assert created.json()["activity_code"] == "K23"
    assert created.json()["project_end"] == "2029-06-30"
    assert changed.json()["role"] == "mpi"
    assert changed.json()["award_number"] == "R01HL170001"  # the rest kept
