"""Importing through the JSON API: a preview call, then a confirm call with its token."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.error import URLError

import pytest
from django.test import Client

from mentorkit.accounts.models import ApiToken
from mentorkit.outcomes.models import Outcome

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
PREVIEW, CONFIRM = "/api/v1/outcomes/import/preview", "/api/v1/outcomes/import/confirm"


def api_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 'tests')[1]}"})


def post(client, url, body):
    response = client.post(url, json.dumps(body), content_type="application/json")
    return response, response.json()


@pytest.fixture
def api(mentee_a):
    return api_client(mentee_a)


def test_preview_then_confirm(api, mentee_a):
    content = (DATA / "sample.ris").read_text()
    response, preview = post(api, PREVIEW, {"content": content})
    assert response.status_code == 200
    assert preview["source"] == "ris"
    assert [e["title"][:20] for e in preview["new"]] == [
        "Early rhythm control",
        "Wearable ECG patches",
    ]
    assert preview["new"][0]["published_on"] == "2023-05-14"
    assert preview["problems"][0] == {
        "ref": "record 3 (line 24)",
        "reason": "no end-of-record line (ER  - ) before the next TY",
    }
    assert preview["partial"] is True
    assert Outcome.objects.count() == 0

    response, body = post(api, CONFIRM, {"token": preview["token"]})
    assert response.status_code == 422
    assert "3 entries could not be read; nothing was imported" in body["detail"]
    assert Outcome.objects.count() == 0

    response, body = post(api, CONFIRM, {"token": preview["token"], "accept_partial": True})
    assert response.status_code == 201
    assert [o["title"][:20] for o in body["created"]] == [
        "Early rhythm control",
        "Wearable ECG patches",
    ]
    assert body["skipped"] == []
    assert Outcome.objects.filter(mentee=mentee_a, source="ris").count() == 2


def test_duplicates_name_the_existing_outcome(api, mentee_a):
    existing = Outcome.objects.create(
        mentee=mentee_a, kind="paper", title="Earlier", result="pending", pmid="37012345"
    )
    content = (DATA / "pubmed_efetch.xml").read_text()
    _, preview = post(api, PREVIEW, {"content": content, "format": "pubmed"})
    (duplicate,) = preview["duplicates"]
    assert duplicate["outcome_id"] == existing.pk
    assert duplicate["duplicate_of"] == "your outcome “Earlier”"
    assert duplicate["entry"]["pmid"] == "37012345"


def test_fetching_by_identifier(api, monkeypatch):
    class Recorded:
        def __init__(self, body):
            self.body = body

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, size=-1):
            return self.body

    monkeypatch.setattr(
        "urllib.request.urlopen",
        lambda request, timeout=None: Recorded((DATA / "crossref_work.json").read_bytes()),
    )
    response, preview = post(api, PREVIEW, {"identifier": "10.1161/CIRCULATIONAHA.122.061234"})
    assert response.status_code == 200
    assert preview["source"] == "doi"
    assert preview["partial"] is False
    response, body = post(api, CONFIRM, {"token": preview["token"]})
    assert response.status_code == 201
    assert Outcome.objects.get().source == "doi"


def test_offline_fetch_is_a_502_with_a_clear_detail(api, monkeypatch):
    def urlopen(request, timeout=None):
        raise URLError(TimeoutError("timed out"))

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    response, body = post(api, PREVIEW, {"identifier": "0000-0002-1825-0097"})
    assert response.status_code == 502
    assert body["detail"].startswith(
        "Could not reach ORCID (pub.orcid.org) — is this machine offline?"
    )


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "Send either content (a file's text) or an identifier to fetch."),
        ({"content": "x", "identifier": "37012345"}, "Send either content"),
        ({"content": "@article{a, title={Open, year=2020}"}, "entry 1 (a): unbalanced braces"),
        ({"content": "not a bibliography"}, "not a format the import reads"),
    ],
)
def test_bad_input_is_a_422_with_the_reason(api, body, detail):
    response, answer = post(api, PREVIEW, body)
    assert response.status_code == 422
    assert detail in answer["detail"]


def test_a_token_is_good_only_for_whom_it_was_made(api, mentee_b):
    _, preview = post(api, PREVIEW, {"content": "@article{a, title={One}, year=2020}"})
    response, body = post(api_client(mentee_b), CONFIRM, {"token": preview["token"]})
    assert response.status_code == 422
    assert body["detail"] == "This preview is not valid; preview the file again."
    assert Outcome.objects.count() == 0
