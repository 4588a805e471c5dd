"""The career development plan in the JSON API: plans, goals, milestones, reviews, history.

Writes go through the same forms and actions as the pages (`PlanForm`, `GoalForm`,
`MilestoneForm`, `ReviewForm`; `plans.actions`), so the API refuses what the pages refuse,
with the same words: 422 `{"detail": "field: message"}`. Reads go through `visible_to`;
writes on goals through `editable_by` (a director reads, never writes); plans are changed
by their mentee only. What the caller may not see answers 404.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date, datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from mentorkit.api.common import (
    Id,
    Input,
    Pagination,
    PersonRef,
    form_data,
    form_problem,
    paginate,
    person_ref,
)
from mentorkit.plans import actions
from mentorkit.plans.forms import GoalForm, MilestoneForm, PlanForm, ReviewForm
from mentorkit.plans.models import Goal, GoalReview, GoalRevision, Milestone, Plan
from mentorkit.teams.models import Mentorship

router = Router(tags=["plans"])


# --- Plans -------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    mentee: PersonRef
    title: str
    starts_on: date
    ends_on: date
    mechanism: str = Field(description='Free text, e.g. "K23".')
    status: str = Field(description="active, completed or archived.")
    visibility: str

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)


class PlanIn(Input):
    form = PlanForm

    title: str
    starts_on: date
    ends_on: date = Field(description="At most five years after the start.")
    mechanism: str = ""
    status: str = "active"
    visibility: str = "team"
    template: str = Field(
        "", description='Start from a template: "k-award", "postdoc-idp", or "" for none.'
    )


class PlanPatch(Input):
    form = PlanForm
    change = True

    title: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    mechanism: str | None = None
    status: str | None = None
    visibility: str | None = None


def _plans(user):
    return Plan.objects.visible_to(user).select_related("mentee")


def _plan_values(plan: Plan) -> dict:
    return {
        "title": plan.title,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "mechanism": plan.mechanism,
        "status": plan.status,
        "visibility": plan.visibility,
    }


@router.get("/plans", response=list[PlanOut])
@paginate(Pagination)
def list_plans(request):
    """Your plans, and the plans shared with you by mentees you mentor (or, for directors,
    marked for the program)."""
    return _plans(request.auth).order_by("mentee_id", "-starts_on", "id")


@router.get("/plans/{plan_id}", response=PlanOut)
def get_plan(request, plan_id: Id):
    return get_object_or_404(_plans(request.auth), pk=plan_id)


@router.post("/plans", response={201: PlanOut})
def create_plan(request, payload: PlanIn):
    """Start a plan of your own. A second active plan, or one longer than five years, is 422."""
    form = PlanForm(payload.model_dump(), mentee=request.auth)
    if not form.is_valid():
        raise form_problem(form)
    plan = actions.create_plan(form, request.auth, request.auth)
    return Status(201, get_object_or_404(_plans(request.auth), pk=plan.pk))


@router.patch("/plans/{plan_id}", response=PlanOut)
def change_plan(request, plan_id: Id, payload: PlanPatch):
    plan = get_object_or_404(Plan.objects.owned_by(request.auth), pk=plan_id)
    data = {**_plan_values(plan), **payload.model_dump(exclude_unset=True)}
    form = PlanForm(data, instance=plan, mentee=request.auth)
    if not form.is_valid():
        raise form_problem(form)
    actions.update_plan(form)
    return get_object_or_404(_plans(request.auth), pk=plan.pk)


# --- Goals -------------------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    plan: int = Field(description="The plan's id.")
    mentee: PersonRef
    category: str
    statement: str
    measure: str
    target: str
    rationale: str
    due_on: date
    mentors: list[int] = Field(description="Ids of the mentorships of the mentors who help.")
    visibility: str
    status: str
    confidence: int
    progress: int = Field(description="Set by hand, or the share of milestones done.")
    progress_set_by_hand: bool
    alternatives: str
    pivot_signals: str = Field(description="What would change the plan.")
    review_interval_days: int
    last_reviewed_on: date | None
    next_review_on: date
    version: int = Field(description="Send it back when changing the goal.")

    @staticmethod
    def resolve_plan(obj) -> int:
        return obj.plan_id

    @staticmethod
    def resolve_mentee(obj) -> dict | None:
        return person_ref(obj.mentee)

    @staticmethod
    def resolve_mentors(obj) -> list[int]:
        return sorted(m.pk for m in obj.mentors.all())

    @staticmethod
    def resolve_progress_set_by_hand(obj) -> bool:
        return obj.progress_override is not None


class GoalIn(Input):
    form = GoalForm
    form_names = {"progress": "progress_override"}

    category: str
    statement: str
    measure: str
    target: str = ""
    rationale: str = ""
    due_on: date
    mentors: list[Id] = Field(default_factory=list, description="Ids of active mentorships.")
    visibility: str = "team"
    status: str = "not_started"
    confidence: int = 50
    progress: int | None = Field(None, description="Leave out to follow the milestones.")
    alternatives: str = ""
    pivot_signals: str = ""
    review_interval_days: int = 90
    accept_outside_span: bool = Field(
        False, description="Keep a due date outside the plan's span (otherwise 422)."
    )


class GoalPatch(Input):
    """Changes to a goal; omitted fields stay as they are. Changing what success means
    (statement, measure, target, due_on, category) or dropping the goal needs a `reason`,
    kept in the goal's history."""

    form = GoalForm
    form_names = {"progress": "progress_override"}
    change = True

    version: int = Field(description="The version you read; a stale one answers 409.")
    reason: str = ""
    category: str | None = None
    statement: str | None = None
    measure: str | None = None
    target: str | None = None
    rationale: str | None = None
    due_on: date | None = None
    mentors: list[Id] | None = None
    visibility: str | None = None
    status: str | None = None
    confidence: int | None = None
    progress: int | None = None
    alternatives: str | None = None
    pivot_signals: str | None = None
    review_interval_days: int | None = None
    accept_outside_span: bool = False


class GoalConflictOut(Schema):
    detail: str
    current: GoalOut


def _goals(queryset):
    return queryset.select_related("plan", "mentee").prefetch_related("mentors")


def _goal_values(goal: Goal) -> dict:
    return {
        "category": goal.category,
        "statement": goal.statement,
        "measure": goal.measure,
        "target": goal.target,
        "rationale": goal.rationale,
        "due_on": goal.due_on,
        "mentors": [m.pk for m in goal.mentors.all()],
        "visibility": goal.visibility,
        "status": goal.status,
        "confidence": goal.confidence,
        "progress_override": goal.progress_override,
        "alternatives": goal.alternatives,
        "pivot_signals": goal.pivot_signals,
        "review_interval_days": goal.review_interval_days,
    }


def _goal_form_data(values: dict) -> dict:
    data = dict(values)
    if "progress" in data:
        data["progress_override"] = data.pop("progress")
    data["progress_override"] = (
        "" if data.get("progress_override") is None else data["progress_override"]
    )
    data["accept_outside_span"] = "on" if data.get("accept_outside_span") else ""
    return data


@router.get("/plans/{plan_id}/goals", response=list[GoalOut])
@paginate(Pagination)
def list_goals(request, plan_id: Id):
    plan = get_object_or_404(_plans(request.auth), pk=plan_id)
    return _goals(plan.goals.visible_to(request.auth)).order_by("category", "due_on", "id")


@router.post("/plans/{plan_id}/goals", response={201: GoalOut})
def create_goal(request, plan_id: Id, payload: GoalIn):
    """Add a goal to your active plan, validated exactly as the web form."""
    plan = get_object_or_404(Plan.objects.owned_by(request.auth), pk=plan_id)
    if not plan.is_active:
        raise HttpError(422, "Goals are added to the active plan.")
    form = GoalForm(_goal_form_data(payload.model_dump()), plan=plan)
    if not form.is_valid():
        raise form_problem(form)
    goal = actions.create_goal(form, plan, request.auth)
    return Status(201, get_object_or_404(_goals(Goal.objects.all()), pk=goal.pk))


@router.get("/goals/due-for-review", response=list[GoalOut])
@paginate(Pagination)
def goals_due_for_review(request):
    """Open goals of active plans whose review is due, yours and those shared with you."""
    return _goals(Goal.objects.visible_to(request.auth).due_for_review()).order_by(
        "next_review_on", "id"
    )


@router.get("/goals/{goal_id}", response=GoalOut)
def get_goal(request, goal_id: Id):
    return get_object_or_404(_goals(Goal.objects.visible_to(request.auth)), pk=goal_id)


@router.patch("/goals/{goal_id}", response={200: GoalOut, 409: GoalConflictOut})
def change_goal(request, goal_id: Id, payload: GoalPatch):
    goal = get_object_or_404(_goals(Goal.objects.editable_by(request.auth)), pk=goal_id)
    changes = payload.model_dump(exclude_unset=True)
    data = _goal_form_data({**_goal_values(goal), **changes})
    form = GoalForm(data, instance=goal, plan=goal.plan)
    if not form.is_valid():
        raise form_problem(form)
    try:
        actions.update_goal(form, payload.version, request.auth)
    except actions.Conflict:
        current = get_object_or_404(_goals(Goal.objects.all()), pk=goal_id)
        detail = (
            "Someone changed this goal since you read it: check `current` and send its version."
        )
        return Status(409, {"detail": detail, "current": current})
    return get_object_or_404(_goals(Goal.objects.all()), pk=goal_id)


# --- History -----------------------------------------------------------------------------


class RevisionOut(Schema):
    id: int
    kind: str = Field(description="redefined, dropped, revised or reopened.")
    reason: str
    before: dict = Field(description="The definition before the change.")
    after: dict = Field(description="The definition after the change.")
    changed_by: PersonRef | None
    changed_at: datetime

    @staticmethod
    def resolve_changed_by(obj) -> dict | None:
        return person_ref(obj.changed_by)


@router.get("/goals/{goal_id}/history", response=list[RevisionOut])
def goal_history(request, goal_id: Id):
    """Every change to what the goal means, newest first, with the reason."""
    goal = get_object_or_404(Goal.objects.visible_to(request.auth), pk=goal_id)
    return GoalRevision.objects.filter(goal=goal).select_related("changed_by")


# --- Milestones --------------------------------------------------------------------------


class MilestoneOut(Schema):
    id: int
    goal: int
    title: str
    due_on: date
    done_on: date | None

    @staticmethod
    def resolve_goal(obj) -> int:
        return obj.goal_id


class MilestoneIn(Input):
    form = MilestoneForm

    title: str
    due_on: date = Field(description="On or before the goal's due date.")
    done_on: date | None = None


class MilestonePatch(Input):
    form = MilestoneForm
    change = True

    title: str | None = None
    due_on: date | None = None
    done_on: date | None = None


@router.get("/goals/{goal_id}/milestones", response=list[MilestoneOut])
def list_milestones(request, goal_id: Id):
    goal = get_object_or_404(Goal.objects.visible_to(request.auth), pk=goal_id)
    return goal.milestones.all()


@router.post("/goals/{goal_id}/milestones", response={201: MilestoneOut})
def add_milestone(request, goal_id: Id, payload: MilestoneIn):
    goal = get_object_or_404(Goal.objects.editable_by(request.auth), pk=goal_id)
    form = MilestoneForm(payload.model_dump(), goal=goal)
    if not form.is_valid():
        raise form_problem(form)
    return Status(201, actions.add_milestone(form, goal))


def _editable_milestone(user, milestone_id):
    return get_object_or_404(
        Milestone.objects.filter(goal__in=Goal.objects.editable_by(user)).select_related("goal"),
        pk=milestone_id,
    )


@router.patch("/milestones/{milestone_id}", response=MilestoneOut)
def change_milestone(request, milestone_id: Id, payload: MilestonePatch):
    milestone = _editable_milestone(request.auth, milestone_id)
    values = {"title": milestone.title, "due_on": milestone.due_on, "done_on": milestone.done_on}
    values.update(payload.model_dump(exclude_unset=True))
    form = MilestoneForm(
        form_data(values),
        instance=milestone,
        goal=milestone.goal,
    )
    if not form.is_valid():
        raise form_problem(form)
    milestone = form.save()
    actions.recount(milestone.goal)
    return milestone


@router.delete("/milestones/{milestone_id}", response={204: None})
def delete_milestone(request, milestone_id: Id):
    actions.delete_milestone(_editable_milestone(request.auth, milestone_id))
    return Status(204, None)


# --- Reviews -----------------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    goal: int
    reviewed_on: date
    progress: int
    status: str
    confidence: int
    note: str
    mentee_took_part: bool
    mentors: list[int] = Field(description="Ids of the mentorships of mentors who took part.")
    recorded_by: PersonRef | None

    @staticmethod
    def resolve_goal(obj) -> int:
        return obj.goal_id

    @staticmethod
    def resolve_mentors(obj) -> list[int]:
        return sorted(m.pk for m in obj.mentors.all())

    @staticmethod
    def resolve_recorded_by(obj) -> dict | None:
        return person_ref(obj.recorded_by)


class ReviewIn(Input):
    form = ReviewForm

    reviewed_on: date | None = Field(None, description="Today if left out; never in the future.")
    progress: int
    status: str
    confidence: int
    note: str = ""
    mentee_took_part: bool = True
    mentors: list[Id] = Field(default_factory=list)


def _reviews():
    return GoalReview.objects.select_related("recorded_by").prefetch_related(
        Prefetch("mentors", queryset=Mentorship.objects.only("id"))
    )


@router.get("/goals/{goal_id}/reviews", response=list[ReviewOut])
def list_reviews(request, goal_id: Id):
    goal = get_object_or_404(Goal.objects.visible_to(request.auth), pk=goal_id)
    return _reviews().filter(goal=goal)


@router.post("/goals/{goal_id}/reviews", response={201: ReviewOut})
def add_review(request, goal_id: Id, payload: ReviewIn):
    """Record a review: the goal takes its status and confidence, and its next review is set."""
    goal = get_object_or_404(Goal.objects.editable_by(request.auth), pk=goal_id)
    data = payload.model_dump()
    data["reviewed_on"] = data["reviewed_on"] or timezone.localdate()
    data["mentee_took_part"] = "on" if data["mentee_took_part"] else ""
    form = ReviewForm(data, goal=goal)
    if not form.is_valid():
        raise form_problem(form)
    review = actions.record_review(form, goal, request.auth)
    return Status(201, _reviews().get(pk=review.pk))
