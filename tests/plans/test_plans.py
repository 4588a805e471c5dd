"""Career development plan (practice 2): plans, SMART goals, milestones, reviews, the history
of redefined success, due-for-review, the timeline and the rules for bad input."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentorkit.health import State, health_for
from mentorkit.plans import actions
from mentorkit.plans.models import (
    Goal,
    GoalReview,
    GoalRevision,
    GoalStatus,
    Milestone,
    Plan,
    PlanStatus,
    RevisionKind,
)
from mentorkit.teams.models import Mentorship
from mentorkit.visibility import Visibility

from ..conftest import proposed_for_next_meeting

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


def make_plan(mentee, **fields):
    fields = {
        "title": "K23 career development plan",
        "starts_on": date(2025, 7, 1),
        "ends_on": date(2030, 6, 30),
        "mechanism": "K23",
        **fields,
    }
    return Plan.objects.create(mentee=mentee, **fields)


def make_goal(plan, **fields):
    fields = {
        "category": "publications",
        "statement": "Publish three first-author papers",
        "measure": "Papers accepted",
        "target": "3 papers",
        "due_on": date(2029, 6, 30),
        **fields,
    }
    return Goal.objects.create(plan=plan, mentee_id=plan.mentee_id, **fields)


def goal_data(goal=None, **overrides):
    data = {
        "category": "publications",
        "statement": "Publish three first-author papers",
        "measure": "Papers accepted",
        "target": "3 papers",
        "rationale": "",
        "due_on": "2029-06-30",
        "visibility": "team",
        "status": "on_track",
        "confidence": "60",
        "progress_override": "",
        "alternatives": "",
        "pivot_signals": "",
        "review_interval_days": "90",
        "reason": "",
    }
    if goal is not None:
        data["version"] = str(goal.version)
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def plan_data(**overrides):
    data = {
        "title": "K23 career development plan",
        "starts_on": "2025-07-01",
        "ends_on": "2030-06-30",
        "mechanism": "K23",
        "status": "active",
        "visibility": "team",
        "template": "",
    }
    data.update(overrides)
    return data


class TestPlans:
    def test_a_plan_from_the_k_award_template_has_editable_goals_inside_its_span(
        self, client, mentee_a
    ):
        client.force_login(mentee_a)
        response = client.post(reverse("plans:plan_create"), plan_data(template="k-award"))
        plan = Plan.objects.get(mentee=mentee_a)
        assert response.status_code == 302 and response.url == plan.get_absolute_url()
        goals = list(plan.goals.all())
        assert len(goals) >= 8
        assert {g.category for g in goals} >= {"research", "publications", "funding", "skills"}
        assert all(plan.starts_on <= g.due_on <= plan.ends_on for g in goals)
        assert Milestone.objects.filter(goal__plan=plan).count() >= 8
        assert all(m.due_on <= m.goal.due_on for m in Milestone.objects.filter(goal__plan=plan))
        assert all(g.milestones_total == g.milestones.count() for g in goals)

    def test_the_postdoc_template_fits_a_three_year_plan(self, client, mentee_a):
        client.force_login(mentee_a)
        client.post(
            reverse("plans:plan_create"),
            plan_data(template="postdoc-idp", ends_on="2028-06-30", title="Postdoc IDP"),
        )
        plan = Plan.objects.get(mentee=mentee_a)
        assert {g.category for g in plan.goals.all()} >= {"research", "teaching", "independence"}
        assert all(g.due_on <= date(2028, 6, 30) for g in plan.goals.all())

    @pytest.mark.parametrize(
        "overrides, field, words",
        [
            ({"ends_on": "2030-07-02"}, "ends_on", "at most 5 years"),
            ({"ends_on": "2025-06-01"}, "ends_on", "end after it starts"),
            ({"ends_on": "not a date"}, "ends_on", "valid date"),
        ],
    )
    def test_a_bad_span_is_refused_and_nothing_is_saved(
        self, client, mentee_a, overrides, field, words
    ):
        client.force_login(mentee_a)
        response = client.post(
            reverse("plans:plan_create"), plan_data(template="k-award", **overrides)
        )
        assert response.status_code == 200
        assert words in " ".join(response.context["form"].errors[field])
        assert not Plan.objects.exists() and not Goal.objects.exists()

    def test_a_second_active_plan_is_refused_and_the_first_stays(self, client, mentee_a):
        first = make_plan(mentee_a)
        client.force_login(mentee_a)
        response = client.post(reverse("plans:plan_create"), plan_data(title="Another"))
        assert "already your active plan" in " ".join(response.context["form"].errors["status"])
        assert list(Plan.objects.all()) == [first]

    def test_an_archived_plan_stays_readable_beside_the_new_one(self, client, mentee_a):
        old = make_plan(mentee_a, status=PlanStatus.ARCHIVED, title="Postdoc IDP")
        client.force_login(mentee_a)
        client.post(reverse("plans:plan_create"), plan_data(title="K23 plan"))
        assert Plan.objects.filter(mentee=mentee_a).count() == 2
        page = client.get(reverse("plans:index") + "?all=1")
        assert "Postdoc IDP" in page.content.decode() and "K23 plan" in page.content.decode()
        assert client.get(old.get_absolute_url()).status_code == 200

    def test_the_index_opens_the_only_active_plan(self, client, mentee_a):
        plan = make_plan(mentee_a)
        client.force_login(mentee_a)
        assert client.get(reverse("plans:index")).url == plan.get_absolute_url()

    def test_plan_page_groups_goals_by_category_and_draws_the_timeline(self, client, mentee_a):
        plan = make_plan(mentee_a)
        goal = make_goal(plan)
        Milestone.objects.create(goal=goal, title="First paper submitted", due_on=date(2026, 3, 1))
        make_goal(plan, category="funding", statement="Submit an R01", status=GoalStatus.DROPPED)
        client.force_login(mentee_a)
        html = client.get(plan.get_absolute_url()).content.decode()
        assert html.index("Funding") > html.index("Publications")  # category order
        assert "<svg" in html and "First paper submitted" in html
        assert ">today<" in html
        for year in range(2025, 2031):
            assert f">{year}<" in html
        assert 'text-decoration="line-through"' in html  # the dropped goal, struck, still there

    def test_successes_and_failures_inside_the_span_appear_on_the_timeline(
        self, client, mentee_a, mentor_a
    ):
        from mentorkit.outcomes.models import Outcome

        plan = make_plan(mentee_a, visibility="team")
        make_goal(plan)
        for title, result, day, visibility in [
            ("K23 A0", "failure", date(2026, 2, 10), "team"),
            ("K23 A1", "success", date(2026, 7, 15), "team"),
            ("Private loss", "failure", date(2026, 3, 1), "private"),
            ("Before the plan", "success", date(2024, 3, 1), "team"),
        ]:
            Outcome.objects.create(
                mentee=mentee_a, title=title, result=result, decided_on=day, visibility=visibility
            )
        client.force_login(mentee_a)
        html = client.get(plan.get_absolute_url()).content.decode()
        assert "K23 A0 — failure" in html and "K23 A1 — success" in html
        assert "Private loss" in html and "Before the plan" not in html
        assert "● success, ✕ failure" in html
        client.force_login(mentor_a)
        html = client.get(plan.get_absolute_url()).content.decode()
        assert "K23 A0 — failure" in html and "Private loss" not in html


class TestGoals:
    def test_a_goal_due_outside_the_span_is_a_warning_the_user_can_accept(self, client, mentee_a):
        plan = make_plan(mentee_a)
        client.force_login(mentee_a)
        url = reverse("plans:goal_create", args=[plan.pk])
        response = client.post(url, goal_data(due_on="2031-01-15"))
        assert "outside the plan's span" in " ".join(response.context["form"].errors["due_on"])
        assert "Keep this due date" in response.content.decode()
        assert not Goal.objects.exists()
        response = client.post(url, goal_data(due_on="2031-01-15", accept_outside_span="on"))
        assert response.status_code == 302
        assert Goal.objects.get().due_on == date(2031, 1, 15)

    @pytest.mark.parametrize(
        "field, value", [("confidence", 101), ("confidence", -5), ("progress_override", 140)]
    )
    def test_percentages_outside_0_to_100_are_refused(self, client, mentee_a, field, value):
        plan = make_plan(mentee_a)
        client.force_login(mentee_a)
        response = client.post(
            reverse("plans:goal_create", args=[plan.pk]), goal_data(**{field: value})
        )
        assert response.status_code == 200 and field in response.context["form"].errors
        assert not Goal.objects.exists()

    def test_goals_are_added_to_the_active_plan_only(self, client, mentee_a):
        plan = make_plan(mentee_a, status=PlanStatus.COMPLETED)
        client.force_login(mentee_a)
        assert client.get(reverse("plans:goal_create", args=[plan.pk])).status_code == 404

    def test_redefining_success_needs_a_reason_and_keeps_the_earlier_version(
        self, client, mentee_a, mentor_a
    ):
        goal = make_goal(make_plan(mentee_a))
        client.force_login(mentor_a)
        url = reverse("plans:goal_edit", args=[goal.pk])
        refused = client.post(url, goal_data(goal, target="2 papers"))
        assert refused.status_code == 400 and "reason" in refused.context["form"].errors
        assert Goal.objects.get().target == "3 papers"
        client.post(
            url,
            goal_data(
                goal,
                target="2 papers",
                due_on="2029-12-31",
                reason="Trial enrolment paused 6 months",
            ),
        )
        goal.refresh_from_db()
        assert goal.target == "2 papers" and goal.version == 2
        revision = GoalRevision.objects.get()
        assert revision.kind == RevisionKind.REDEFINED
        assert revision.changed_by == mentor_a
        assert revision.before["target"] == "3 papers" and revision.after["target"] == "2 papers"
        assert ("Due", "30 Jun 2029", "31 Dec 2029") in revision.changes
        page = client.get(goal.get_absolute_url()).content.decode()
        assert "Trial enrolment paused 6 months" in page and "<del>3 papers</del>" in page

    def test_changing_only_progress_or_confidence_needs_no_reason(self, client, mentee_a):
        goal = make_goal(make_plan(mentee_a))
        client.force_login(mentee_a)
        response = client.post(
            reverse("plans:goal_edit", args=[goal.pk]), goal_data(goal, confidence=80)
        )
        assert response.status_code == 302
        assert not GoalRevision.objects.exists()

    def test_dropping_a_goal_keeps_it_and_its_reason(self, client, mentee_a):
        plan = make_plan(mentee_a)
        goal = make_goal(plan)
        client.force_login(mentee_a)
        url = reverse("plans:goal_edit", args=[goal.pk])
        assert client.post(url, goal_data(goal, status="dropped")).status_code == 400
        client.post(url, goal_data(goal, status="dropped", reason="Moved to a registry study"))
        goal.refresh_from_db()
        assert goal.status == GoalStatus.DROPPED
        assert GoalRevision.objects.get().kind == RevisionKind.DROPPED
        page = client.get(plan.get_absolute_url())
        assert page.context["counts"]["dropped"] == 1
        assert goal.statement in page.content.decode()

    def test_two_people_editing_the_same_goal_do_not_overwrite_each_other(
        self, client, mentee_a, mentor_a
    ):
        goal = make_goal(make_plan(mentee_a))
        seen = goal_data(goal)  # both opened the form at version 1
        client.force_login(mentor_a)
        client.post(reverse("plans:goal_edit", args=[goal.pk]), {**seen, "confidence": "30"})
        client.force_login(mentee_a)
        response = client.post(
            reverse("plans:goal_edit", args=[goal.pk]), {**seen, "confidence": "90"}
        )
        assert response.status_code == 409
        goal.refresh_from_db()
        assert goal.confidence == 30 and goal.version == 2
        assert response.context["conflict"].confidence == 30
        again = client.post(
            reverse("plans:goal_edit", args=[goal.pk]), {**seen, "version": "2", "confidence": "90"}
        )
        assert again.status_code == 302
        goal.refresh_from_db()
        assert goal.confidence == 90

    def test_a_goal_due_date_before_a_milestone_is_refused(self, client, mentee_a):
        goal = make_goal(make_plan(mentee_a))
        Milestone.objects.create(goal=goal, title="Submit", due_on=date(2028, 1, 1))
        client.force_login(mentee_a)
        response = client.post(
            reverse("plans:goal_edit", args=[goal.pk]),
            goal_data(goal, due_on="2027-06-30", reason="Sooner"),
        )
        assert "Move the milestone first" in " ".join(response.context["form"].errors["due_on"])
        assert Goal.objects.get().due_on == date(2029, 6, 30)


class TestMilestones:
    def test_progress_follows_the_milestones_unless_set_by_hand(self, client, mentee_a):
        goal = make_goal(make_plan(mentee_a))
        client.force_login(mentee_a)
        add = reverse("plans:milestone_add", args=[goal.pk])
        for title in ("Draft", "Submit", "Revise", "Accept"):
            client.post(add, {"title": title, "due_on": "2028-01-01", "done_on": ""})
        first = Milestone.objects.get(title="Draft")
        response = client.post(
            reverse("plans:milestone_update", args=[first.pk, "done"]), HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200 and "1 of 4 done" in response.content.decode()
        goal.refresh_from_db()
        assert goal.progress == 25
        goal.progress_override = 60
        assert goal.progress == 60

    def test_a_milestone_after_its_goal_is_refused(self, client, mentee_a):
        goal = make_goal(make_plan(mentee_a))
        client.force_login(mentee_a)
        response = client.post(
            reverse("plans:milestone_add", args=[goal.pk]),
            {"title": "Late", "due_on": "2029-07-01", "done_on": ""},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 400
        assert "cannot be due after its goal" in response.content.decode()
        assert not Milestone.objects.exists()

    def test_a_milestone_can_be_undone_and_removed(self, client, mentee_a):
        goal = make_goal(make_plan(mentee_a))
        milestone = Milestone.objects.create(
            goal=goal, title="Draft", due_on=date(2027, 1, 1), done_on=TODAY
        )
        actions.recount(goal)
        client.force_login(mentee_a)
        client.post(reverse("plans:milestone_update", args=[milestone.pk, "undo"]))
        assert Milestone.objects.get().done_on is None
        client.post(reverse("plans:milestone_update", args=[milestone.pk, "delete"]))
        goal.refresh_from_db()
        assert not Milestone.objects.exists() and goal.milestones_total == 0


class TestReviews:
    def test_a_review_records_who_took_part_and_sets_the_next_review(
        self, client, mentee_a, mentor_a
    ):
        goal = make_goal(make_plan(mentee_a), created_at=timezone.now() - timedelta(days=120))
        assert goal.is_due_for_review(TODAY)
        mentorship = Mentorship.objects.get(mentor=mentor_a)
        client.force_login(mentor_a)
        response = client.post(
            reverse("plans:goal_review", args=[goal.pk]),
            {
                "reviewed_on": "2026-11-20",
                "progress": "40",
                "status": "at_risk",
                "confidence": "45",
                "note": "Second paper stalled in review.",
                "mentee_took_part": "on",
                "mentors": [mentorship.pk],
            },
        )
        assert response.status_code == 302
        goal.refresh_from_db()
        assert goal.status == GoalStatus.AT_RISK and goal.confidence == 45
        assert goal.last_reviewed_on == date(2026, 11, 20)
        assert goal.next_review_on == date(2026, 11, 20) + timedelta(days=90)
        review = GoalReview.objects.get()
        assert list(review.mentors.all()) == [mentorship] and review.recorded_by == mentor_a
        assert not goal.is_due_for_review(TODAY)
        page = client.get(goal.get_absolute_url()).content.decode()
        assert "Second paper stalled in review." in page

    @pytest.mark.parametrize(
        "field, value", [("progress", "101"), ("confidence", "-1"), ("reviewed_on", "2027-01-01")]
    )
    def test_a_bad_review_is_refused_and_the_goal_is_unchanged(
        self, client, mentee_a, field, value
    ):
        goal = make_goal(make_plan(mentee_a))
        data = {
            "reviewed_on": "2026-11-20",
            "progress": "10",
            "status": "on_track",
            "confidence": "50",
            "note": "",
            "mentee_took_part": "on",
            field: value,
        }
        client.force_login(mentee_a)
        response = client.post(reverse("plans:goal_review", args=[goal.pk]), data)
        assert response.status_code == 400 and field in response.context["review_form"].errors
        assert not GoalReview.objects.exists()
        assert Goal.objects.get().status == GoalStatus.NOT_STARTED

    def test_due_for_review_lists_open_goals_past_their_interval(self, client, mentee_a, mentor_a):
        plan = make_plan(mentee_a)
        old = timezone.now() - timedelta(days=100)
        due = make_goal(plan, statement="Due one", created_at=old)
        make_goal(plan, statement="Fresh one")
        make_goal(plan, statement="Dropped one", created_at=old, status=GoalStatus.DROPPED)
        make_goal(plan, statement="Private one", created_at=old, visibility=Visibility.PRIVATE)
        assert list(Goal.objects.due_for_review(TODAY).filter(visibility="team")) == [due]
        client.force_login(mentor_a)
        html = client.get(reverse("plans:due")).content.decode()
        assert "Due one" in html
        assert "Fresh one" not in html and "Dropped one" not in html and "Private one" not in html

    def test_goals_due_for_review_are_proposed_on_the_next_meetings_agenda(
        self, mentee_a, mentor_a
    ):
        plan = make_plan(mentee_a)
        make_goal(plan, statement="Submit the K23", created_at=timezone.now() - timedelta(days=80))
        sources = proposed_for_next_meeting(mentee_a, mentor_a, days_ahead=14)
        assert [s.title for s in sources["Goals due for review"]] == ["Submit the K23"]


class TestHealth:
    def test_practice_2_counts_goals_reviewed_on_time_and_redefinitions(self, mentee_a):
        plan = make_plan(mentee_a)
        overdue = make_goal(plan, created_at=timezone.now() - timedelta(days=200))
        for _ in range(3):
            make_goal(plan)
        GoalRevision.objects.create(
            goal=overdue, kind=RevisionKind.REDEFINED, before={}, after={}, reason="Unfunded"
        )
        indicator = health_for([mentee_a], TODAY)[mentee_a.pk][1]
        assert indicator.value == "3 of 4 goals reviewed on time"
        assert indicator.state == State.GOOD
        assert "1 goal redefined in the last year" in indicator.detail

    def test_practice_2_without_goals_asks_for_a_plan(self, mentee_a):
        indicator = health_for([mentee_a], TODAY)[mentee_a.pk][1]
        assert indicator.state == State.MISSING


class TestWhoSeesWhat:
    def test_a_private_goal_is_hidden_from_mentors_and_directors(
        self, client, mentee_a, mentor_a, director
    ):
        goal = make_goal(make_plan(mentee_a), visibility=Visibility.PRIVATE)
        for user in (mentor_a, director):
            client.force_login(user)
            assert client.get(goal.get_absolute_url()).status_code == 404

    def test_a_director_reads_program_goals_but_cannot_change_them(
        self, client, mentee_a, director
    ):
        plan = make_plan(mentee_a, visibility=Visibility.PROGRAM)
        goal = make_goal(plan, visibility=Visibility.PROGRAM)
        client.force_login(director)
        assert client.get(goal.get_absolute_url()).status_code == 200
        assert client.get(reverse("plans:goal_edit", args=[goal.pk])).status_code == 404
        response = client.post(
            reverse("plans:goal_review", args=[goal.pk]),
            {"reviewed_on": "2026-11-20", "progress": "1", "status": "on_track", "confidence": "1"},
        )
        assert response.status_code == 404 and not GoalReview.objects.exists()

    def test_a_former_mentor_sees_nothing(self, client, mentee_a, former_mentor):
        plan = make_plan(mentee_a)
        goal = make_goal(plan)
        client.force_login(former_mentor)
        assert client.get(plan.get_absolute_url()).status_code == 404
        assert client.get(goal.get_absolute_url()).status_code == 404
