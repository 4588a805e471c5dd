"""The JSON API at /api/v1/: tokens, mentorships, needs, and who may see and change what."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from mentorkit.accounts.models import ApiToken
from mentorkit.teams.models import Mentorship, MentorshipStatus, Need, Priority, Role
from mentorkit.visibility import Visibility
from tests.conftest import make_mentorship, make_user
from tests.test_access import TABLE as ACCESS_TABLE
from tests.test_access import assert_refused_in_json

pytestmark = pytest.mark.django_db


class ApiClient:
    """The Django test client, speaking JSON with a personal access token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(f"/api/v1{path}", params or {}, headers=self.headers)

    def post(self, path: str, body):
        return self._send("post", path, body)

    def patch(self, path: str, body):
        return self._send("patch", path, body)

    def delete(self, path: str):
        return self.client.delete(f"/api/v1{path}", headers=self.headers)

    def _send(self, method: str, path: str, body):
        data = body if isinstance(body, str) else json.dumps(body)
        return getattr(self.client, method)(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api_as(client):
    """`api_as(user)`: an API client holding a fresh token of that user."""

    def for_user(user) -> ApiClient:
        _token, plain = ApiToken.issue(user, "tests")
        return ApiClient(client, plain)

    return for_user


@pytest.fixture
def anonymous(client):
    return ApiClient(client, None)


def mentorship_of(mentee, mentor) -> Mentorship:
    return Mentorship.objects.get(mentee=mentee, mentor=mentor)


def make_need(mentee, name="Grant writing", *, visibility=Visibility.TEAM, **fields) -> Need:
    return Need.objects.create(mentee=mentee, name=name, visibility=visibility, **fields)


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


# --- Tokens ------------------------------------------------------------------------------

# Without a token every route refuses, in JSON: the anonymous column of the access table
# (tests/test_access.py) asks every route. The token is checked by one shared auth class, so
# what else is refused is asked once each, of a read, a write and a delete.

REPRESENTATIVE = [("get", "/needs"), ("post", "/needs"), ("delete", "/needs/{need}")]


def ask(api: ApiClient, method: str, path: str, need: Need):
    path = path.format(need=need.pk)
    return api.post(path, {"name": "Teaching"}) if method == "post" else getattr(api, method)(path)


def assert_nothing_was_written(need: Need) -> None:
    assert list(Need.objects.values_list("pk", flat=True)) == [need.pk]


@pytest.mark.parametrize(("method", "path"), REPRESENTATIVE)
def test_it_refuses_an_unknown_token(client, mentee_a, method, path):
    need = make_need(mentee_a)
    _token, plain = ApiToken.issue(mentee_a, "laptop")

    response = ask(ApiClient(client, plain[:-4] + "xxxx"), method, path, need)

    assert_refused_in_json(response)
    assert_nothing_was_written(need)


@pytest.mark.parametrize(("method", "path"), REPRESENTATIVE)
def test_it_refuses_a_revoked_token(client, mentee_a, method, path):
    need = make_need(mentee_a)
    token, plain = ApiToken.issue(mentee_a, "laptop")
    assert ApiClient(client, plain).get("/me").status_code == 200

    token.revoke()

    assert_refused_in_json(ask(ApiClient(client, plain), method, path, need))
    assert_nothing_was_written(need)


def test_it_refuses_the_token_of_a_deactivated_account(client, mentee_a):
    _token, plain = ApiToken.issue(mentee_a, "laptop")
    mentee_a.is_active = False
    mentee_a.save(update_fields=["is_active"])

    assert_refused_in_json(ApiClient(client, plain).get("/me"))


@pytest.mark.parametrize(("method", "path"), REPRESENTATIVE)
def test_it_refuses_a_session_without_a_token(client, mentee_a, method, path):
    # A browser session is not a credential for the API.
    need = make_need(mentee_a)
    client.force_login(mentee_a)

    assert_refused_in_json(ask(ApiClient(client, None), method, path, need))
    assert_nothing_was_written(need)


def test_a_token_needs_no_csrf_token(mentee_a):
    api = ApiClient(Client(enforce_csrf_checks=True), ApiToken.issue(mentee_a, "script")[1])

    assert api.post("/needs", {"name": "Grant writing"}).status_code == 201


def test_me_describes_the_token_owner(api_as, mentor_a):
    response = api_as(mentor_a).get("/me")
    mentor_a.refresh_from_db()

    assert response.status_code == 200
    assert response.json() == {
        "id": mentor_a.pk,
        "email": "mentor_a@example.org",
        "name": "Mentor A",
        "pronouns": "",
        "career_stage": "",
        "institution": "",
        "department": "",
        "discipline": "Biostatistics",
        "expertise": ["biostatistics", "trial design"],
        "orcid": "",
        "time_zone": "UTC",
        "calendar_feed_url": f"http://testserver/calendar/{mentor_a.calendar_token}.ics",
    }
    assert "password" not in response.json()


# --- Reading mentorships -----------------------------------------------------------------


def test_mentee_lists_their_mentorships_with_the_invited_addresses(
    api_as, mentee_a, mentor_a, former_mentor
):
    response = api_as(mentee_a).get("/mentorships")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_mentor = {item["mentor"]["name"]: item for item in body["items"]}
    assert by_mentor["Mentor A"] == {
        "id": mentorship_of(mentee_a, mentor_a).pk,
        "mentee": {"id": mentee_a.pk, "name": "Mentee A"},
        "mentor": {"id": mentor_a.pk, "name": "Mentor A"},
        "invited_email": "mentor_a@example.org",
        "invited_name": "",
        "role": "co_primary",
        "discipline": "Biostatistics",
        "focus": "",
        "status": "active",
        "started_on": timezone.localdate().isoformat(),
        "ended_on": None,
        "end_reason": "",
    }
    assert by_mentor["Former Mentor"]["status"] == "ended"


def test_mentor_lists_what_they_mentor_without_the_invited_address(
    api_as, mentee_a, mentor_a, mentee_b
):
    response = api_as(mentor_a).get("/mentorships")

    assert ids(response) == [mentorship_of(mentee_a, mentor_a).pk]
    assert response.json()["items"][0]["invited_email"] is None


def test_mentor_can_read_the_mentorship(api_as, mentee_a, mentor_a):
    mentorship = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentor_a).get(f"/mentorships/{mentorship.pk}")

    assert response.status_code == 200
    assert response.json()["mentee"] == {"id": mentee_a.pk, "name": "Mentee A"}


def test_another_mentee_cannot_read_the_mentorship(api_as, mentee_a, mentor_a, mentee_b):
    mentorship = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentee_b).get(f"/mentorships/{mentorship.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_unrelated_mentor_cannot_read_the_mentorship(api_as, mentee_a, mentor_a, unrelated_mentor):
    mentorship = mentorship_of(mentee_a, mentor_a)

    assert api_as(unrelated_mentor).get(f"/mentorships/{mentorship.pk}").status_code == 404


def test_a_hidden_mentorship_answers_like_a_missing_one(api_as, mentee_a, mentor_a, mentee_b):
    hidden = api_as(mentee_b).get(f"/mentorships/{mentorship_of(mentee_a, mentor_a).pk}")
    missing = api_as(mentee_b).get("/mentorships/999999")

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_mentor_who_declined_no_longer_sees_the_invitation(api_as, mentee_a):
    declined_mentor = make_user("declined@example.org")
    declined = make_mentorship(mentee_a, declined_mentor, status=MentorshipStatus.DECLINED)

    assert api_as(declined_mentor).get(f"/mentorships/{declined.pk}").status_code == 404
    assert api_as(mentee_a).get(f"/mentorships/{declined.pk}").status_code == 200


# --- Inviting a mentor -------------------------------------------------------------------

INVITATION = {
    "email": "New.Mentor@Example.org",
    "name": "Dr New Mentor",
    "role": "methods",
    "discipline": "Health economics",
    "focus": "Cost-effectiveness analysis",
    "message": "Would you join my team?",
}


def test_mentee_invites_a_mentor(api_as, mentee_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(mentee_a).post("/mentorships", INVITATION)

    assert response.status_code == 201
    body = response.json()
    assert body["mentor"] is None
    assert body["invited_email"] == "new.mentor@example.org"
    assert (body["role"], body["status"]) == ("methods", "invited")
    mentorship = Mentorship.objects.get(pk=body["id"])
    assert (mentorship.mentee, mentorship.focus) == (mentee_a, "Cost-effectiveness analysis")
    assert [m.to for m in mail.outbox] == [["new.mentor@example.org"]]


def test_the_invitation_link_is_not_in_the_answer(
    api_as, mentee_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(mentee_a).post("/mentorships", INVITATION)

    link = mail.outbox[0].body
    assert "/invitations/mentorship/" in link
    token = link.split("/invitations/mentorship/")[1].split("/")[0]
    assert token not in response.content.decode()


def test_inviting_the_same_address_twice_is_refused(api_as, mentee_a):
    api = api_as(mentee_a)
    assert api.post("/mentorships", INVITATION).status_code == 201

    response = api.post("/mentorships", INVITATION)

    assert response.status_code == 400
    assert "already has an invitation" in response.json()["detail"]
    assert Mentorship.objects.filter(mentee=mentee_a).count() == 1


def test_inviting_a_current_mentor_again_is_refused(api_as, mentee_a, mentor_a):
    response = api_as(mentee_a).post(
        "/mentorships", {**INVITATION, "email": "mentor_a@example.org"}
    )

    assert response.status_code == 400
    assert "already on your team" in response.json()["detail"]
    assert Mentorship.objects.filter(mentee=mentee_a).count() == 1


def test_inviting_a_malformed_address_is_refused(api_as, mentee_a):
    response = api_as(mentee_a).post("/mentorships", {**INVITATION, "email": "not-an-address"})

    assert response.status_code == 422
    assert response.json()["detail"] == "email: Enter a valid e-mail address."
    assert not Mentorship.objects.exists()
    assert mail.outbox == []


def test_inviting_with_an_unknown_role_is_refused(api_as, mentee_a):
    response = api_as(mentee_a).post("/mentorships", {**INVITATION, "role": "guru"})

    assert response.status_code == 422
    assert response.json()["detail"].startswith("role: ")
    assert not Mentorship.objects.exists()


def test_inviting_without_an_address_is_refused(api_as, mentee_a):
    response = api_as(mentee_a).post("/mentorships", {"name": "Someone"})

    assert response.status_code == 422
    assert response.json()["detail"] == "email: Field required"


def test_a_body_that_is_not_json_is_refused_in_json(api_as, mentee_a):
    response = api_as(mentee_a).post("/mentorships", "{not json")

    assert response.status_code in (400, 422)
    assert response.json()["detail"]


# --- Changing a mentorship ---------------------------------------------------------------


def test_mentor_cannot_change_the_mentorship(api_as, mentee_a, mentor_a):
    mentorship = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentor_a).patch(f"/mentorships/{mentorship.pk}", {"status": "ended"})

    assert response.status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ACTIVE


def test_another_mentee_cannot_change_the_mentorship(api_as, mentee_a, mentor_a, mentee_b):
    mentorship = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentee_b).patch(f"/mentorships/{mentorship.pk}", {"focus": "Mine now"})

    assert response.status_code == 404


def test_mentee_changes_role_discipline_and_focus(api_as, mentee_a, mentor_a):
    mentorship = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentee_a).patch(
        f"/mentorships/{mentorship.pk}",
        {"role": "methods", "discipline": "Statistics", "focus": "Trial design"},
    )

    assert response.status_code == 200
    assert response.json()["focus"] == "Trial design"
    mentorship.refresh_from_db()
    assert (mentorship.role, mentorship.discipline, mentorship.focus) == (
        Role.METHODS,
        "Statistics",
        "Trial design",
    )


def test_mentee_pauses_resumes_and_ends_a_mentorship(api_as, mentee_a, mentor_a):
    mentorship = mentorship_of(mentee_a, mentor_a)
    api = api_as(mentee_a)

    assert (
        api.patch(f"/mentorships/{mentorship.pk}", {"status": "paused"}).json()["status"]
        == "paused"
    )
    assert (
        api.patch(f"/mentorships/{mentorship.pk}", {"status": "active"}).json()["status"]
        == "active"
    )
    ended = api.patch(f"/mentorships/{mentorship.pk}", {"status": "ended"}).json()

    assert ended["status"] == "ended"
    assert ended["ended_on"] == timezone.localdate().isoformat()


def test_an_ended_mentorship_cannot_be_reopened(api_as, mentee_a, former_mentor):
    mentorship = mentorship_of(mentee_a, former_mentor)

    response = api_as(mentee_a).patch(f"/mentorships/{mentorship.pk}", {"status": "active"})

    assert response.status_code == 400
    assert "new invitation" in response.json()["detail"]


def test_mentee_withdraws_an_invitation(api_as, mentee_a):
    api = api_as(mentee_a)
    invited = api.post("/mentorships", INVITATION).json()

    response = api.patch(f"/mentorships/{invited['id']}", {"status": "ended"})

    assert response.json()["status"] == "ended"
    assert response.json()["ended_on"] == timezone.localdate().isoformat()


def test_mentee_cannot_accept_an_invitation_for_the_mentor(api_as, mentee_a):
    api = api_as(mentee_a)
    invited = api.post("/mentorships", INVITATION).json()

    response = api.patch(f"/mentorships/{invited['id']}", {"status": "active"})

    assert response.status_code == 400
    assert "withdrawn" in response.json()["detail"]
    assert Mentorship.objects.get(pk=invited["id"]).status == MentorshipStatus.INVITED


def test_a_mentorship_cannot_go_back_to_invited(api_as, mentee_a, mentor_a):
    mentorship = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentee_a).patch(f"/mentorships/{mentorship.pk}", {"status": "invited"})

    assert response.status_code == 422
    assert response.json()["detail"].startswith("status: ")


# --- Needs -------------------------------------------------------------------------------


def test_mentee_records_a_need_covered_by_their_mentor(api_as, mentee_a, mentor_a):
    covering = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentee_a).post(
        "/needs",
        {
            "name": "Trial design",
            "priority": "high",
            "notes": "For the R01",
            "covered_by": [covering.pk],
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("name", "priority", "notes", "visibility", "covered_by")} == {
        "name": "Trial design",
        "priority": "high",
        "notes": "For the R01",
        "visibility": "team",
        "covered_by": [covering.pk],
    }
    need = Need.objects.get(pk=body["id"])
    assert (need.mentee, need.priority) == (mentee_a, Priority.HIGH)


def test_priority_is_a_word(api_as, mentee_a):
    response = api_as(mentee_a).post("/needs", {"name": "Statistics", "priority": 1})

    assert response.status_code == 422
    assert response.json()["detail"].startswith("priority: ")
    assert not Need.objects.exists()


def test_a_need_cannot_be_covered_by_another_mentees_mentorship(
    api_as, mentee_a, mentee_b, unrelated_mentor
):
    theirs = mentorship_of(mentee_b, unrelated_mentor)

    response = api_as(mentee_a).post("/needs", {"name": "Surgery", "covered_by": [theirs.pk]})

    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == f"covered_by: {theirs.pk} is not one of your active mentorships."
    )
    assert not Need.objects.exists()


def test_a_need_cannot_be_covered_by_an_ended_mentorship(api_as, mentee_a, former_mentor):
    ended = mentorship_of(mentee_a, former_mentor)

    response = api_as(mentee_a).post("/needs", {"name": "Epidemiology", "covered_by": [ended.pk]})

    assert response.status_code == 422
    assert not Need.objects.exists()


def test_two_needs_cannot_share_a_name(api_as, mentee_a):
    make_need(mentee_a, "Grant writing")

    response = api_as(mentee_a).post("/needs", {"name": "Grant writing"})

    assert response.status_code == 400
    assert "already have a need called 'Grant writing'" in response.json()["detail"]
    assert Need.objects.count() == 1


def test_active_mentor_sees_team_needs_but_not_private_ones(api_as, mentee_a, mentor_a):
    team = make_need(mentee_a, "Grant writing", visibility=Visibility.TEAM)
    private = make_need(mentee_a, "Leaving academia?", visibility=Visibility.PRIVATE)
    api = api_as(mentor_a)

    assert ids(api.get("/needs")) == [team.pk]
    assert api.get(f"/needs/{team.pk}").status_code == 200
    assert api.get(f"/needs/{private.pk}").status_code == 404


def test_mentee_sees_all_their_needs(api_as, mentee_a):
    team = make_need(mentee_a, "Grant writing", visibility=Visibility.TEAM)
    private = make_need(mentee_a, "Leaving academia?", visibility=Visibility.PRIVATE)

    assert set(ids(api_as(mentee_a).get("/needs"))) == {team.pk, private.pk}


@pytest.mark.parametrize("outsider", ["former_mentor", "unrelated_mentor", "mentee_b"])
def test_people_outside_the_team_see_no_needs(api_as, mentee_a, everyone, outsider):
    need = make_need(mentee_a, "Grant writing", visibility=Visibility.PROGRAM)
    api = api_as(everyone[outsider])

    assert need.pk not in ids(api.get("/needs"))
    assert api.get(f"/needs/{need.pk}").status_code == 404


def test_program_director_sees_only_needs_marked_for_the_program(api_as, mentee_a, director):
    for_program = make_need(mentee_a, "Leadership", visibility=Visibility.PROGRAM)
    make_need(mentee_a, "Grant writing", visibility=Visibility.TEAM)

    assert ids(api_as(director).get("/needs")) == [for_program.pk]


def test_needs_can_be_listed_for_one_mentee(api_as, mentee_a, mentor_a):
    other_mentee = make_user("other_mentee@example.org")
    make_mentorship(other_mentee, mentor_a)
    theirs = make_need(other_mentee, "Teaching")
    mine = make_need(mentee_a, "Grant writing")
    api = api_as(mentor_a)

    assert set(ids(api.get("/needs"))) == {theirs.pk, mine.pk}
    assert ids(api.get("/needs", {"mentee": mentee_a.pk})) == [mine.pk]


def test_mentee_changes_a_need(api_as, mentee_a, mentor_a):
    need = make_need(mentee_a, "Grant writing", priority=Priority.LOW)
    covering = mentorship_of(mentee_a, mentor_a)

    response = api_as(mentee_a).patch(
        f"/needs/{need.pk}",
        {"priority": "high", "visibility": "private", "covered_by": [covering.pk]},
    )

    assert response.status_code == 200
    need.refresh_from_db()
    assert (need.name, need.priority, need.visibility) == (
        "Grant writing",
        Priority.HIGH,
        "private",
    )
    assert list(need.covered_by.all()) == [covering]


def test_mentor_cannot_change_or_delete_a_need(api_as, mentee_a, mentor_a):
    need = make_need(mentee_a, "Grant writing")
    api = api_as(mentor_a)

    assert api.patch(f"/needs/{need.pk}", {"name": "Renamed"}).status_code == 404
    assert api.delete(f"/needs/{need.pk}").status_code == 404
    need.refresh_from_db()
    assert need.name == "Grant writing"


def test_mentee_deletes_a_need(api_as, mentee_a):
    need = make_need(mentee_a, "Grant writing")

    response = api_as(mentee_a).delete(f"/needs/{need.pk}")

    assert response.status_code == 204
    assert not Need.objects.filter(pk=need.pk).exists()


# --- Bad input never makes a 500 ---------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/mentorships/abc", "/mentorships/0", f"/needs/{2**70}", "/needs?mentee=x"]
)
def test_malformed_ids_are_refused_in_json(api_as, mentee_a, path):
    response = api_as(mentee_a).get(path)

    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_unexpected_error_is_answered_in_json(api_as, mentee_a, monkeypatch):
    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr("mentorkit.teams.api.mentorships_visible_to", broken)

    response = api_as(mentee_a).get("/mentorships")

    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side; it has been logged."}


# --- Documentation -----------------------------------------------------------------------


API_PATHS = {
    "/" + re.sub(r"<(\w+)>", r"{\1}", route)
    for route in ACCESS_TABLE
    if route.startswith("api/v1/")
    and route not in ("api/v1/", "api/v1/docs", "api/v1/openapi.json")
}


def test_openapi_document_lists_every_path(anonymous):
    response = anonymous.get("/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "mentorkit API"
    # Every path of the document, and only those, has its row in the access table.
    assert set(document["paths"]) == API_PATHS
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


# --- Query counts hold whatever the amount of data ---------------------------------------


def make_mentees_of(mentor, count: int) -> None:
    """`count` more mentees of `mentor`, each with two team needs covered by the mentor."""
    start = Need.objects.count()
    for i in range(count):
        mentee = make_user(f"mentee_{start + i}@example.org")
        mentorship = make_mentorship(mentee, mentor)
        for name in ("Grant writing", "Teaching"):
            make_need(mentee, name).covered_by.add(mentorship)


# A token lookup; a count and a page of rows; and, for needs, who covers them.
MENTORSHIP_LIST_QUERIES = 3
NEED_LIST_QUERIES = 4


@pytest.mark.parametrize(
    ("path", "queries"), [("/mentorships", MENTORSHIP_LIST_QUERIES), ("/needs", NEED_LIST_QUERIES)]
)
def test_lists_cost_the_same_queries_for_ten_times_the_data(
    api_as, mentor_a, django_assert_num_queries, path, queries
):
    api = api_as(mentor_a)
    api.get("/me")  # records the token's first use, once
    make_mentees_of(mentor_a, 3)

    with django_assert_num_queries(queries):
        few = api.get(path)

    make_mentees_of(mentor_a, 30)

    with django_assert_num_queries(queries):
        many = api.get(path)

    assert few.json()["count"] < many.json()["count"]
    assert len(many.json()["items"]) > 30


def test_no_two_schemas_share_a_name():
    """The OpenAPI document names each schema by its class: a second class of the same name
    would silently replace the first's description (and its validation of answers)."""
    from collections import Counter

    from ninja import Schema

    import mentorkit.api.api  # noqa: F401 (every router imported)

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    # (a class nested in another, as a pagination's query `Input`, is not a named component)
    ours = {
        c
        for c in every(Schema)
        if c.__module__.startswith("mentorkit.") and "." not in c.__qualname__
    }
    counts = Counter(c.__name__ for c in ours)
    assert [name for name, n in counts.items() if n > 1] == []
