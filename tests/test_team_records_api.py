"""The records the pages show, now in the API: agreements, disagreements, insights, mentor notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorkit.meetings.models import Series
from mentorkit.teams import actions as team_actions
from mentorkit.teams.forms import AgreementForm
from mentorkit.teams.models import Agreement, Insight, MentorNote, Mentorship, Role
from tests.conftest import make_mentorship, make_user
from tests.test_api import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    from mentorkit.accounts.models import ApiToken

    return lambda user: ApiClient(client, ApiToken.issue(user, "tests")[1])


@pytest.fixture
def agreement(mentee_a, mentor_a):
    form = AgreementForm(
        {
            "cadence": 14,
            "meeting_minutes": 60,
            "channels": ["email"],
            "response_hours": 48,
            "feedback_rhythm": "quarterly",
            "next_review_on": timezone.localdate() + timedelta(days=180),
        },
        mentee=mentee_a,
    )
    assert form.is_valid(), form.errors
    created = team_actions.create_agreement(mentee_a, form)
    team_actions.acknowledge_agreement(created, mentee_a)
    return created


# --- Agreements ----------------------------------------------------------------------------


def test_both_parties_read_the_agreement_and_others_get_404(
    api_as, agreement, mentee_a, mentor_a, former_mentor, mentee_b
):
    for user in (mentee_a, mentor_a):
        body = api_as(user).get(f"/agreements/{agreement.pk}").json()
        assert body["with_whom"] == "the whole team"
        assert body["cadence"] == 14 and body["channels"] == ["email"]
        assert body["acknowledged_by"] == [mentee_a.pk]
        assert [r["version"] for r in body["revisions"]] == [1]
    for user in (former_mentor, mentee_b):
        assert api_as(user).get(f"/agreements/{agreement.pk}").status_code == 404
        assert api_as(user).get("/agreements").json()["count"] == 0


def test_a_change_needs_a_reason_makes_a_new_version_and_asks_everyone_again(
    api_as, agreement, mentee_a, mentor_a
):
    api = api_as(mentor_a)
    refused = api.patch(f"/agreements/{agreement.pk}", {"cadence": 7})
    assert refused.status_code == 422 and "note" in refused.json()["detail"]

    changed = api.patch(
        f"/agreements/{agreement.pk}", {"cadence": 7, "note": "Aims due in March"}
    ).json()
    assert changed["version"] == 2 and changed["cadence"] == 7
    assert changed["acknowledged_by"] == []
    assert changed["revisions"][0]["note"] == "Aims due in March"
    assert changed["revisions"][0]["changes"]["We meet"] == ["Every two weeks", "Weekly"]
    assert changed["revisions"][0]["changed_by"]["id"] == mentor_a.pk

    acknowledged = api.post(f"/agreements/{agreement.pk}/acknowledge", {}).json()
    assert acknowledged["acknowledged_by"] == [mentor_a.pk]


def test_a_bad_term_is_refused_in_the_forms_words_and_nothing_changes(api_as, agreement, mentee_a):
    response = api_as(mentee_a).patch(
        f"/agreements/{agreement.pk}", {"meeting_minutes": 2, "note": "Shorter"}
    )
    assert response.status_code == 422
    assert (
        "meeting_minutes: A meeting lasts between 5 minutes and 8 hours."
        in response.json()["detail"]
    )
    assert Agreement.objects.get(pk=agreement.pk).version == 1


# --- Disagreements -------------------------------------------------------------------------


@pytest.fixture
def meeting(mentee_a, mentor_a):
    series = Series.objects.create(
        mentee=mentee_a,
        title="Weekly",
        rule="FREQ=WEEKLY",
        first_start=timezone.now() - timedelta(days=1),
        time_zone="UTC",
    )
    series.mentorships.add(Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a))
    series.materialize()
    return series.meetings.first()


def test_a_disagreement_is_recorded_through_the_api_and_read_by_both_sides_only(
    api_as, meeting, mentee_a, mentor_a, mentee_b
):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    created = api_as(mentor_a).post(
        "/disagreements",
        {
            "meeting": meeting.pk,
            "mentorship": mentorship.pk,
            "topic": "Primary outcome",
            "mentee_view": "Readmissions",
            "mentor_view": "Days alive out of hospital",
            "ending": "settled_by_data",
        },
    )
    assert created.status_code == 201
    body = created.json()
    assert body["recorded_by"]["id"] == mentor_a.pk and body["mentor"]["id"] == mentor_a.pk
    assert api_as(mentee_a).get(f"/disagreements?meeting={meeting.pk}").json()["count"] == 1
    assert api_as(mentee_b).get(f"/disagreements/{body['id']}").status_code == 404


def test_a_disagreement_with_someone_outside_the_meeting_is_refused(
    api_as, meeting, mentee_a, mentee_b, unrelated_mentor
):
    other = Mentorship.objects.get(mentee=mentee_b, mentor=unrelated_mentor)
    response = api_as(mentee_a).post(
        "/disagreements",
        {
            "meeting": meeting.pk,
            "mentorship": other.pk,
            "topic": "x",
            "mentee_view": "a",
            "mentor_view": "b",
        },
    )
    assert response.status_code == 422 and response.json()["detail"].startswith("mentorship:")


# --- Insights ------------------------------------------------------------------------------


def test_an_insight_is_private_until_shared_with_the_primary_mentors(api_as, mentee_a, mentor_a):
    research = make_user("research@example.org")
    source = make_mentorship(mentee_a, research, role=Role.RESEARCH)
    created = api_as(mentee_a).post(
        "/insights", {"source": source.pk, "text": "Pre-register the analysis plan."}
    )
    assert created.status_code == 201
    insight = created.json()
    assert insight["visibility"] == "private" and insight["shared_with_primary"] is False
    assert insight["source_mentor"]["id"] == research.pk

    primary = api_as(mentor_a)  # co-primary
    assert primary.get(f"/insights/{insight['id']}").status_code == 404

    shared = api_as(mentee_a).post(f"/insights/{insight['id']}/share", {})
    assert shared.json()["shared_with_primary"] is True
    assert primary.get(f"/insights/{insight['id']}").json()["text"].startswith("Pre-register")
    assert api_as(research).get(f"/insights/{insight['id']}").status_code == 404

    api_as(mentee_a).delete(f"/insights/{insight['id']}/share")
    assert primary.get(f"/insights/{insight['id']}").status_code == 404


def test_only_the_mentee_shares_their_insight(api_as, mentee_a, mentor_a):
    insight = Insight.objects.create(
        mentee=mentee_a,
        source=Mentorship.objects.get(mentor=mentor_a),
        text="x",
        visibility="team",
    )
    assert api_as(mentor_a).post(f"/insights/{insight.pk}/share", {}).status_code == 404
    assert Insight.objects.get(pk=insight.pk).shared_with_primary_at is None


# --- A mentor's private notes ------------------------------------------------------------


def test_a_mentors_notes_are_for_that_mentor_only(api_as, mentee_a, mentor_a, former_mentor):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    api = api_as(mentor_a)
    created = api.post(f"/mentorships/{mentorship.pk}/notes", {"body": "Ask about burnout."})
    assert created.status_code == 201
    assert [n["body"] for n in api.get(f"/mentorships/{mentorship.pk}/notes").json()["items"]] == [
        "Ask about burnout."
    ]
    for user in (mentee_a, former_mentor):
        assert api_as(user).get(f"/mentorships/{mentorship.pk}/notes").status_code == 404
        assert (
            api_as(user).post(f"/mentorships/{mentorship.pk}/notes", {"body": "x"}).status_code
            == 404
        )
    assert MentorNote.objects.count() == 1
    assert api.post(f"/mentorships/{mentorship.pk}/notes", {"body": "  "}).status_code == 422


def test_either_member_ends_a_mentorship_with_a_reason(
    api_as, mentee_a, mentor_a, unrelated_mentor, mailoutbox
):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    url = f"/mentorships/{mentorship.pk}/end"
    assert api_as(unrelated_mentor).post(url, {"reason": "moved"}).status_code == 404
    refused = api_as(mentor_a).post(url, {"reason": "bored"})
    assert refused.status_code == 422
    response = api_as(mentor_a).post(url, {"reason": "moved", "note": "Off to Lisbon."})
    assert response.status_code == 200
    assert response.json()["status"] == "ended" and response.json()["end_reason"] == "moved"
    again = api_as(mentee_a).post(url, {"reason": "other"})
    assert again.status_code == 400
    assert again.json()["detail"] == "This mentorship is ended, not open."
    assert api_as(mentor_a).get(f"/mentorships/{mentorship.pk}").json()["end_reason"] == "moved"
