"""Inputs a fuzzer finds: numbers beyond 64 bits, NUL characters; each a declared 422, never a 5xx."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from mentorkit.accounts.models import ApiToken
from mentorkit.meetings.models import Series
from mentorkit.teams import api as teams_api
from mentorkit.teams.models import Need

pytestmark = pytest.mark.django_db
BIG = 2**63


@pytest.fixture
def api(client, mentee_a):
    headers = {"Authorization": f"Bearer {ApiToken.issue(mentee_a, 'tests')[1]}"}

    def call(method, path, body=None):
        if body is None:
            return getattr(client, method)(f"/api/v1{path}", headers=headers)
        return getattr(client, method)(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=headers
        )

    return call


@pytest.mark.parametrize(
    "path",
    [
        f"/needs?limit={BIG}",
        f"/needs?offset={BIG}",
        "/needs?limit=0",
        "/needs?limit=501",
        f"/outcomes?mentee={BIG}",
        f"/activities?mentee={BIG}",
        f"/independence-markers?mentee={BIG}",
    ],
)
def test_a_number_out_of_range_is_a_422(api, path):
    response = api("get", path)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_page_of_the_longest_allowed_size_is_served(api):
    assert api("get", "/needs?limit=500&offset=1000000000").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/needs", {"name": "Grant\x00writing"}),
        ("get", "/outcomes?kind=paper%00", None),
        ("get", "/feedback-requests?status=open%00", None),
    ],
)
def test_a_nul_character_is_refused_anywhere(api, method, path, body):
    response = api(method, path, body)
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]
    assert not Need.objects.exists()


def test_every_operation_declares_the_errors_it_can_answer(client):
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            declared = {str(status) for status in operation["responses"]}
            assert {"401", "422"} <= declared, (method, path)
            # A record named in the path or in the body (a meeting, a request) may be missing.
            if "{" in path or "requestBody" in operation:
                assert "404" in declared, (method, path)
            if method != "get":
                assert {"400", "409", "413"} <= declared, (method, path)
    # Fetching publications by identifier depends on ORCID, PubMed or Crossref answering.
    preview = document["paths"]["/api/v1/outcomes/import/preview"]["post"]["responses"]
    assert preview["502"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }


def test_a_date_in_a_query_is_a_date_not_a_number_of_seconds(api):
    assert api("get", "/meetings?to=0.5").status_code == 422
    assert api("get", "/meetings?from=86400").status_code == 422
    assert api("get", "/meetings?from=2025-03-01&to=2025-03-08T12:00").status_code == 200


@pytest.mark.parametrize(
    "moment",
    [
        "2025-03-01T10:00-18:49",  # ISO 8601 allows it; PostgreSQL refused it (a 500)
        "2025-03-01T10:00%2B23:59",
        "0001-01-01T00:00%2B05:00",  # before year 1 in UTC
        "9999-12-31T23:00-05:00",  # after 9999 in UTC
    ],
)
def test_any_offset_iso_8601_allows_is_a_moment(api, moment):
    assert api("get", f"/meetings?from={moment}").status_code == 200
    assert api("get", f"/meetings?to={moment}").status_code == 200


def test_the_largest_version_the_document_allows_is_a_conflict_not_an_overflow(api, mentee_a):
    series = Series.objects.create(
        mentee=mentee_a, title="Weekly", rule="FREQ=WEEKLY", first_start=timezone.now()
    )
    series.materialize()
    meeting = series.meetings.first()

    response = api("patch", f"/meetings/{meeting.pk}", {"version": 2**63 - 1, "notes": "x"})

    assert response.status_code == 409
    meeting.refresh_from_db()
    assert (meeting.version, meeting.notes) == (1, "")


def test_a_record_deleted_while_the_request_is_answered_is_a_404(api, mentee_a, monkeypatch):
    need = Need.objects.create(mentee=mentee_a, name="Grant writing")
    save = teams_api.save_need

    def deleted_first(need, fields=None):  # another request's delete, just before this write
        Need.objects.filter(pk=need.pk).delete()
        save(need, fields)

    monkeypatch.setattr(teams_api, "save_need", deleted_first)

    response = api("patch", f"/needs/{need.pk}", {"name": "Teaching"})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
