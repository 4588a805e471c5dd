"""Writes on plans that touch several rows; each one a transaction."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from .models import (
    CLOSED_STATUSES,
    Goal,
    GoalReview,
    GoalRevision,
    GoalStatus,
    Milestone,
    Plan,
    RevisionKind,
)
from .starters import TEMPLATES


class Conflict(Exception):
    """Someone else saved the goal first; carries what they saved."""

    def __init__(self, current: Goal):
        super().__init__("changed by someone else")
        self.current = current


@transaction.atomic
def create_plan(form, mentee, user) -> Plan:
    plan = form.save(commit=False)
    plan.mentee = mentee
    plan.save()
    template = TEMPLATES.get(form.cleaned_data.get("template") or "")
    if template:
        apply_template(plan, template.key, user)
    return plan


def apply_template(plan: Plan, key: str, user) -> list[Goal]:
    """Create the template's goals and milestones, due dates kept inside the plan's span."""
    template = TEMPLATES[key]

    def when(months: int) -> date:
        return min(plan.starts_on + relativedelta(months=months), plan.ends_on)

    goals = []
    for spec in template.goals:
        goal = Goal.objects.create(
            plan=plan,
            mentee_id=plan.mentee_id,
            category=spec.category,
            statement=spec.statement,
            measure=spec.measure,
            target=spec.target,
            rationale=spec.rationale,
            due_on=when(spec.months),
            created_by=user,
        )
        Milestone.objects.bulk_create(
            Milestone(goal=goal, title=title, due_on=min(when(months), goal.due_on))
            for title, months in spec.milestones
        )
        recount(goal)
        goals.append(goal)
    return goals


@transaction.atomic
def update_plan(form) -> Plan:
    plan = form.save(commit=False)
    plan.updated_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def create_goal(form, plan: Plan, user) -> Goal:
    goal = form.save(commit=False)
    goal.plan = plan
    goal.mentee_id = plan.mentee_id
    goal.created_by = user
    goal.save()
    form.save_m2m()
    return goal


@transaction.atomic
def update_goal(form, seen_version: int | None, user) -> Goal:
    """Save the goal if nobody saved it since `seen_version`; keep the earlier definition.

    A change to what success means (or dropping the goal) writes a GoalRevision with the
    definition before and after and the reason. Raises Conflict with the other person's
    version if the goal changed meanwhile.
    """
    goal: Goal = form.instance
    before = Goal.objects.select_for_update().get(pk=goal.pk)
    if seen_version is not None and before.version != seen_version:
        raise Conflict(before)
    old = {**before.definition(), "status": before.status}
    goal = form.save(commit=False)
    interval_changed = before.review_interval_days != goal.review_interval_days
    goal.version = before.version + 1
    goal.updated_at = timezone.now()
    if interval_changed:
        goal.schedule_review()
    goal.save()
    form.save_m2m()
    new = {**goal.definition(), "status": goal.status}
    kind = _revision_kind(old, new)
    if kind:
        GoalRevision.objects.create(
            goal=goal,
            kind=kind,
            before=old,
            after=new,
            reason=form.cleaned_data.get("reason", "").strip(),
            changed_by=user,
        )
    return goal


def _revision_kind(old: dict, new: dict) -> str | None:
    if any(old[f] != new[f] for f in old if f != "status"):
        return RevisionKind.REDEFINED
    if old["status"] == new["status"]:
        return None
    if new["status"] == GoalStatus.DROPPED:
        return RevisionKind.DROPPED
    if new["status"] == GoalStatus.REVISED:
        return RevisionKind.REVISED
    if old["status"] in (GoalStatus.DROPPED, GoalStatus.REVISED):
        return RevisionKind.REOPENED
    return None


@transaction.atomic
def record_review(form, goal: Goal, user) -> GoalReview:
    """Record a review; the goal takes its status and confidence and its next review is set."""
    review = form.save(commit=False)
    review.goal = goal
    review.recorded_by = user
    review.save()
    form.save_m2m()
    latest = goal.reviews.order_by("-reviewed_on", "-id").first()
    assert latest is not None  # the review just saved, at least
    fields = {"last_reviewed_on": latest.reviewed_on, "updated_at": timezone.now()}
    if latest.pk == review.pk:
        fields.update(status=review.status, confidence=review.confidence)
        if review.progress != goal.progress:
            fields["progress_override"] = review.progress
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.schedule_review()
    Goal.objects.filter(pk=goal.pk).update(
        next_review_on=goal.next_review_on, version=F("version") + 1, **fields
    )
    goal.version += 1
    return review


@transaction.atomic
def add_milestone(form, goal: Goal) -> Milestone:
    milestone = form.save(commit=False)
    milestone.goal = goal
    milestone.save()
    recount(goal)
    return milestone


@transaction.atomic
def set_milestone_done(milestone: Milestone, done: bool) -> Milestone:
    milestone.done_on = timezone.localdate() if done else None
    milestone.save(update_fields=["done_on"])
    recount(milestone.goal)
    return milestone


@transaction.atomic
def delete_milestone(milestone: Milestone) -> None:
    goal = milestone.goal
    milestone.delete()
    recount(goal)


def recount(goal: Goal) -> None:
    """Keep the goal's milestone counts (its progress) in step with its milestones."""
    counts = goal.milestones.aggregate(
        total=Count("id"), done=Count("id", filter=Q(done_on__isnull=False))
    )
    goal.milestones_total, goal.milestones_done = counts["total"], counts["done"]
    Goal.objects.filter(pk=goal.pk).update(
        milestones_total=counts["total"], milestones_done=counts["done"]
    )


def closed_counts(plan: Plan) -> dict[str, int]:
    """How many goals of the plan were achieved, revised or dropped (kept, never deleted)."""
    rows = plan.goals.filter(status__in=CLOSED_STATUSES).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}
