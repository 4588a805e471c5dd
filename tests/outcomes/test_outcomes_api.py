"""Outcomes and reflections through the JSON API: the same rules as the pages, 4xx with a
readable detail for bad input, 404 for what the caller may not see."""

from datetime import date

import pytest
import time_machine

from mentorkit.outcomes import actions
from mentorkit.outcomes.models import Outcome, Reflection

from ..test_meetings_api import Api

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def api(client, mentee_a):
    return Api(client, mentee_a)


K23 = {
    "kind": "grant",
    "title": "K23 A0",
    "venue": "NHLBI",
    "submitted_on": "2025-02-12",
    "decided_on": "2025-07-01",
    "result": "failure",
    "details": "Impact score 38",
}


def test_an_unfunded_grant_and_its_funded_resubmission(api):
    first = api.post("/outcomes", K23)
    assert first.status_code == 201, first.json()
    second = api.post(
        "/outcomes",
        {
            **K23,
            "title": "K23 A1",
            "submitted_on": "2025-11-12",
            "decided_on": "2026-06-30",
            "result": "success",
            "previous": first.json()["id"],
        },
    )
    assert second.status_code == 201 and second.json()["previous"] == first.json()["id"]
    chain = api.get(f"/outcomes/{first.json()['id']}/chain").json()
    assert [o["title"] for o in chain] == ["K23 A0", "K23 A1"]
    listed = api.get("/outcomes", {"result": "success"}).json()
    assert [o["title"] for o in listed["items"]] == ["K23 A1"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"decided_on": "2025-01-01"},
            "decided_on: The decision cannot come before the submission.",
        ),
        (
            {"result": "success", "decided_on": None},
            "decided_on: A success needs the date it was decided.",
        ),
        ({"kind": "patent"}, "kind: Choose a kind"),
    ],
)
def test_bad_outcomes_are_refused_with_a_422_and_nothing_is_saved(api, change, message):
    response = api.post("/outcomes", {**K23, **change})
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Outcome.objects.exists()


def test_a_patch_that_would_loop_the_chain_is_refused(api, mentee_a):
    first = Outcome.objects.create(mentee=mentee_a, title="A", result="failure", decided_on=TODAY)
    second = Outcome.objects.create(mentee=mentee_a, title="B", previous=first)
    response = api.patch(f"/outcomes/{first.pk}", {"previous": second.pk})
    assert response.status_code == 422 and "would loop" in response.json()["detail"]
    response = api.patch(f"/outcomes/{second.pk}", {"details": "Major revision"})
    assert response.status_code == 200 and response.json()["previous"] == first.pk
    assert response.json()["details"] == "Major revision"


def test_celebrating_a_failure_is_a_conflict(api, mentee_a):
    loss = Outcome.objects.create(mentee=mentee_a, title="A", result="failure", decided_on=TODAY)
    win = Outcome.objects.create(mentee=mentee_a, title="B", result="success", decided_on=TODAY)
    response = api.post(f"/outcomes/{loss.pk}/celebrate", {})
    assert response.status_code == 409 and "Only a success" in response.json()["detail"]
    response = api.post(f"/outcomes/{win.pk}/celebrate", {"note": "Dinner"})
    assert response.json()["celebrated_on"] == "2026-11-24"


def deleted_first(action):
    """`action`, with its outcome deleted just before it writes: another request's delete that
    lands between this request's lookup and its write."""

    def interleaved(outcome, *args, **kwargs):
        Outcome.objects.filter(pk=outcome.pk).delete()
        return action(outcome, *args, **kwargs)

    return interleaved


@pytest.mark.parametrize(("method", "name"), [("delete", "uncelebrate"), ("post", "celebrate")])
def test_celebrating_an_outcome_deleted_meanwhile_is_a_404(
    api, mentee_a, monkeypatch, method, name
):
    win = Outcome.objects.create(
        mentee=mentee_a, title="B", result="success", decided_on=TODAY, celebrated_on=TODAY
    )
    monkeypatch.setattr(actions, name, deleted_first(getattr(actions, name)))

    response = api._send(method, f"/outcomes/{win.pk}/celebrate", {})

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert not Outcome.objects.exists()


def test_a_reflection_is_shared_with_chosen_mentors_only(
    client, api, mentee_a, mentor_a, former_mentor
):
    loss = Outcome.objects.create(mentee=mentee_a, title="A", result="failure", decided_on=TODAY)
    refused = api._send(
        "put",
        f"/outcomes/{loss.pk}/reflection",
        {"what_happened": "Rejected", "shared_with": [former_mentor.pk]},
    )
    assert refused.status_code == 422 and "shared_with" in refused.json()["detail"]
    saved = api._send(
        "put",
        f"/outcomes/{loss.pk}/reflection",
        {"what_happened": "Rejected", "learned": "Scope", "shared_with": [mentor_a.pk]},
    )
    assert saved.status_code == 200
    assert [p["id"] for p in saved.json()["shared_with"]] == [mentor_a.pk]
    as_mentor = Api(client, mentor_a)
    got = as_mentor.get(f"/outcomes/{loss.pk}/reflection").json()
    assert got["learned"] == "Scope" and got["shared_with"] == []  # who else: the mentee's business
    assert [r["outcome"] for r in as_mentor.get("/reflections").json()["items"]] == [loss.pk]
    Reflection.objects.get().shared_with.clear()
    assert as_mentor.get(f"/outcomes/{loss.pk}/reflection").status_code == 404


def test_a_body_too_large_is_a_413_not_a_500(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/outcomes", {**K23, "details": "x" * 2000})
    assert response.status_code == 413 and "too large" in response.json()["detail"]


def test_the_list_puts_what_is_pending_first_then_the_latest_decision(api, mentee_a):
    old = Outcome.objects.create(
        mentee=mentee_a, title="Old", result="success", decided_on=date(2024, 1, 1)
    )
    new = Outcome.objects.create(
        mentee=mentee_a, title="New", result="failure", decided_on=date(2026, 1, 1)
    )
    waiting = Outcome.objects.create(
        mentee=mentee_a, title="Waiting", submitted_on=date(2026, 10, 1)
    )
    assert [o["id"] for o in api.get("/outcomes").json()["items"]] == [waiting.pk, new.pk, old.pk]
