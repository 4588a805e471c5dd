"""The plan in the JSON API: the same rules and the same scoping as the pages."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from mentorkit.plans.models import Goal, GoalReview, GoalRevision, Milestone, Plan
from mentorkit.teams.models import Mentorship
from mentorkit.visibility import Visibility

from ..test_meetings_api import Api
from .test_plans import make_goal, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


@pytest.fixture
def api_as(client):
    return lambda user: Api(client, user)


def new_goal(**fields):
    return {
        "category": "funding",
        "statement": "Submit the K23",
        "measure": "Submitted to NIH",
        "target": "One submission",
        "due_on": "2027-02-12",
        **fields,
    }


class TestPlansApi:
    def test_a_mentee_starts_a_plan_from_a_template(self, api_as, mentee_a):
        api = api_as(mentee_a)
        response = api.post(
            "/plans",
            {
                "title": "K23 plan",
                "starts_on": "2025-07-01",
                "ends_on": "2030-06-30",
                "mechanism": "K23",
                "template": "k-award",
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "active" and body["mentee"]["id"] == mentee_a.pk
        goals = api.get(f"/plans/{body['id']}/goals").json()
        assert goals["count"] == Goal.objects.count() >= 8

    @pytest.mark.parametrize(
        "ends_on, words", [("2030-07-02", "at most 5 years"), ("2025-01-01", "end after")]
    )
    def test_a_bad_span_is_422_and_nothing_is_saved(self, api_as, mentee_a, ends_on, words):
        response = api_as(mentee_a).post(
            "/plans",
            {"title": "K", "starts_on": "2025-07-01", "ends_on": ends_on, "template": "k-award"},
        )
        assert response.status_code == 422
        assert response.json()["detail"].startswith("ends_on: ") and words in response.text
        assert not Plan.objects.exists() and not Goal.objects.exists()

    def test_a_second_active_plan_is_422(self, api_as, mentee_a):
        make_plan(mentee_a)
        response = api_as(mentee_a).post(
            "/plans", {"title": "Again", "starts_on": "2026-01-01", "ends_on": "2027-01-01"}
        )
        assert response.status_code == 422 and "already your active plan" in response.text
        assert Plan.objects.count() == 1

    def test_only_the_mentee_changes_a_plan(self, api_as, mentee_a, mentor_a):
        plan = make_plan(mentee_a)
        assert api_as(mentor_a).get(f"/plans/{plan.pk}").status_code == 200
        assert api_as(mentor_a).patch(f"/plans/{plan.pk}", {"title": "X"}).status_code == 404
        response = api_as(mentee_a).patch(f"/plans/{plan.pk}", {"status": "completed"})
        assert response.status_code == 200 and response.json()["status"] == "completed"

    def test_plans_are_scoped_like_the_pages(self, api_as, mentee_a, mentee_b, former_mentor):
        plan = make_plan(mentee_a)
        for user in (mentee_b, former_mentor):
            assert api_as(user).get(f"/plans/{plan.pk}").status_code == 404
            assert api_as(user).get("/plans").json()["count"] == 0


class TestGoalsApi:
    def test_a_goal_outside_the_span_needs_accepting(self, api_as, mentee_a):
        plan = make_plan(mentee_a)
        api = api_as(mentee_a)
        refused = api.post(f"/plans/{plan.pk}/goals", new_goal(due_on="2031-01-01"))
        assert refused.status_code == 422 and "outside the plan's span" in refused.text
        accepted = api.post(
            f"/plans/{plan.pk}/goals", new_goal(due_on="2031-01-01", accept_outside_span=True)
        )
        assert accepted.status_code == 201 and accepted.json()["due_on"] == "2031-01-01"

    @pytest.mark.parametrize("field, value", [("confidence", 101), ("progress", -1)])
    def test_percentages_outside_0_to_100_are_422(self, api_as, mentee_a, field, value):
        plan = make_plan(mentee_a)
        response = api_as(mentee_a).post(f"/plans/{plan.pk}/goals", new_goal(**{field: value}))
        assert response.status_code == 422
        assert not Goal.objects.exists()

    def test_mentors_must_be_active_mentors_of_the_mentee(
        self, api_as, mentee_a, mentor_a, former_mentor
    ):
        plan = make_plan(mentee_a)
        ended = Mentorship.objects.get(mentor=former_mentor)
        active = Mentorship.objects.get(mentor=mentor_a)
        api = api_as(mentee_a)
        bad = api.post(f"/plans/{plan.pk}/goals", new_goal(mentors=[ended.pk]))
        assert bad.status_code == 422 and bad.json()["detail"].startswith("mentors: ")
        good = api.post(f"/plans/{plan.pk}/goals", new_goal(mentors=[active.pk]))
        assert good.json()["mentors"] == [active.pk]

    def test_redefining_needs_a_reason_and_is_kept_in_the_history(self, api_as, mentee_a, mentor_a):
        goal = make_goal(make_plan(mentee_a))
        api = api_as(mentor_a)
        refused = api.patch(f"/goals/{goal.pk}", {"version": 1, "target": "2 papers"})
        assert refused.status_code == 422 and refused.json()["detail"].startswith("reason: ")
        changed = api.patch(
            f"/goals/{goal.pk}",
            {"version": 1, "target": "2 papers", "reason": "One trial closed early"},
        )
        assert changed.status_code == 200 and changed.json()["version"] == 2
        history = api.get(f"/goals/{goal.pk}/history").json()
        assert history[0]["kind"] == "redefined"
        assert history[0]["before"]["target"] == "3 papers"
        assert history[0]["after"]["target"] == "2 papers"
        assert history[0]["changed_by"]["id"] == mentor_a.pk
        assert history[0]["reason"] == "One trial closed early"

    def test_a_stale_version_is_409_with_the_current_goal(self, api_as, mentee_a, mentor_a):
        goal = make_goal(make_plan(mentee_a))
        api_as(mentor_a).patch(f"/goals/{goal.pk}", {"version": 1, "confidence": 30})
        response = api_as(mentee_a).patch(f"/goals/{goal.pk}", {"version": 1, "confidence": 90})
        assert response.status_code == 409
        assert response.json()["current"]["confidence"] == 30
        assert Goal.objects.get().confidence == 30

    def test_a_director_reads_program_goals_but_never_writes(self, api_as, mentee_a, director):
        plan = make_plan(mentee_a, visibility=Visibility.PROGRAM)
        goal = make_goal(plan, visibility=Visibility.PROGRAM)
        api = api_as(director)
        assert api.get(f"/goals/{goal.pk}").status_code == 200
        assert api.patch(f"/goals/{goal.pk}", {"version": 1, "confidence": 5}).status_code == 404
        assert (
            api.post(
                f"/goals/{goal.pk}/reviews", {"progress": 1, "status": "on_track", "confidence": 1}
            ).status_code
            == 404
        )

    def test_a_private_goal_is_404_for_mentors(self, api_as, mentee_a, mentor_a):
        goal = make_goal(make_plan(mentee_a), visibility=Visibility.PRIVATE)
        assert api_as(mentor_a).get(f"/goals/{goal.pk}").status_code == 404
        assert api_as(mentee_a).get(f"/goals/{goal.pk}").status_code == 200

    def test_goals_due_for_review(self, api_as, mentee_a, mentor_a):
        plan = make_plan(mentee_a)
        make_goal(plan, statement="Due", created_at=timezone.now() - timedelta(days=100))
        make_goal(plan, statement="Fresh")
        body = api_as(mentor_a).get("/goals/due-for-review").json()
        assert [g["statement"] for g in body["items"]] == ["Due"]


class TestMilestonesAndReviewsApi:
    def test_milestones_move_the_progress(self, api_as, mentee_a):
        goal = make_goal(make_plan(mentee_a))
        api = api_as(mentee_a)
        first = api.post(f"/goals/{goal.pk}/milestones", {"title": "Draft", "due_on": "2027-01-01"})
        api.post(f"/goals/{goal.pk}/milestones", {"title": "Submit", "due_on": "2027-06-01"})
        assert first.status_code == 201
        done = api.patch(f"/milestones/{first.json()['id']}", {"done_on": "2026-11-20"})
        assert done.status_code == 200 and done.json()["done_on"] == "2026-11-20"
        assert api.get(f"/goals/{goal.pk}").json()["progress"] == 50
        deleted = api.client.delete(f"/api/v1/milestones/{first.json()['id']}", headers=api.headers)
        assert deleted.status_code == 204
        assert api.get(f"/goals/{goal.pk}").json()["progress"] == 0

    def test_a_milestone_after_its_goal_is_422(self, api_as, mentee_a):
        goal = make_goal(make_plan(mentee_a))
        response = api_as(mentee_a).post(
            f"/goals/{goal.pk}/milestones", {"title": "Late", "due_on": "2030-01-01"}
        )
        assert response.status_code == 422 and response.json()["detail"].startswith("due_on: ")
        assert not Milestone.objects.exists()

    def test_a_review_updates_the_goal(self, api_as, mentee_a, mentor_a):
        goal = make_goal(make_plan(mentee_a))
        mentorship = Mentorship.objects.get(mentor=mentor_a)
        response = api_as(mentor_a).post(
            f"/goals/{goal.pk}/reviews",
            {"progress": 30, "status": "at_risk", "confidence": 40, "mentors": [mentorship.pk]},
        )
        assert response.status_code == 201, response.content
        assert response.json()["mentors"] == [mentorship.pk]
        assert response.json()["reviewed_on"] == "2026-11-24"
        body = api_as(mentee_a).get(f"/goals/{goal.pk}").json()
        assert body["status"] == "at_risk" and body["next_review_on"] == "2027-02-22"
        listed = api_as(mentee_a).get(f"/goals/{goal.pk}/reviews").json()
        assert [r["id"] for r in listed] == [response.json()["id"]]

    @pytest.mark.parametrize(
        "body", [{"progress": 101}, {"confidence": -3}, {"reviewed_on": "2027-01-01"}]
    )
    def test_a_bad_review_is_422_and_nothing_changes(self, api_as, mentee_a, body):
        goal = make_goal(make_plan(mentee_a))
        response = api_as(mentee_a).post(
            f"/goals/{goal.pk}/reviews",
            {"progress": 10, "status": "on_track", "confidence": 50, **body},
        )
        assert response.status_code == 422
        assert not GoalReview.objects.exists() and not GoalRevision.objects.exists()
        assert Goal.objects.get().status == "not_started"
