"""The Individual Development Plan as a document (`reports.render`): the plan's goals,
milestones, revisions and team, as far as the reader may see them."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mentorkit.core.links import with_links
from mentorkit.reports.render import Source, register
from mentorkit.teams.models import Mentorship

from . import timeline
from .models import Goal, GoalCategory, GoalRevision, GoalStatus, Plan, RevisionKind

CATEGORY_ORDER = {value: i for i, (value, _label) in enumerate(GoalCategory.choices)}


@register("plans.idp")
def idp(reader, plan: int) -> Source:
    """The IDP of plan `plan`, as `reader` may see it."""
    found = get_object_or_404(Plan.objects.visible_to(reader).select_related("mentee"), pk=plan)

    def context() -> dict:
        values = plan_context(found, reader)
        goal_ids = [g.pk for g in values["goals"]]
        values["revisions"] = (
            GoalRevision.objects.filter(goal_id__in=goal_ids)
            .select_related("goal", "changed_by")
            .order_by("changed_at", "id")
        )
        values["team"] = (
            Mentorship.objects.active().filter(mentee_id=found.mentee_id).select_related("mentor")
        )
        return values

    title = f"IDP {found.mentee.display_name}"
    return Source("plans/idp", title, context, workspace=found.mentee_id)


def _plan_goals(plan, user):
    """The plan's goals this user may see, with milestones and mentors, in category order."""
    goals = list(
        plan.goals.visible_to(user)
        .annotate(n_redefined=Count("revisions", filter=Q(revisions__kind=RevisionKind.REDEFINED)))
        .prefetch_related(
            "milestones",
            Prefetch("mentors", queryset=Mentorship.objects.select_related("mentor")),
        )
    )
    goals.sort(key=lambda g: (CATEGORY_ORDER.get(g.category, 99), g.due_on, g.pk))
    for goal in with_links(goals, "plans:goal"):  # the list's rows, written once here
        goal.mentor_names = ", ".join(m.mentor_name for m in goal.mentors.all()) or "—"
    return goals


def _decided_outcomes(plan, user):
    """Successes and failures inside the plan's span, as far as `user` may see them."""
    from mentorkit.outcomes.models import Outcome

    return (
        Outcome.objects.visible_to(user)
        .filter(mentee_id=plan.mentee_id, decided_on__range=(plan.starts_on, plan.ends_on))
        .decided()
        .only("pk", "title", "result", "decided_on")
        .order_by("decided_on", "pk")[:300]
    )


def plan_context(plan, user) -> dict:
    """What the plan page and the IDP show of `plan` to `user`."""
    today = timezone.localdate()
    goals = _plan_goals(plan, user)
    open_goals = [g for g in goals if g.is_open]
    by_category: dict[str, list[Goal]] = {}
    for goal in goals:
        by_category.setdefault(goal.get_category_display(), []).append(goal)
    return {
        "plan": plan,
        "goals": goals,
        "by_category": by_category,
        "due": [g for g in open_goals if g.is_due_for_review(today)],
        "counts": {
            "open": len(open_goals),
            "achieved": sum(g.status == GoalStatus.ACHIEVED for g in goals),
            "revised": sum(g.status == GoalStatus.REVISED for g in goals),
            "dropped": sum(g.status == GoalStatus.DROPPED for g in goals),
            "redefined": sum(1 for g in goals if g.n_redefined),
        },
        "timeline": timeline.layout(plan, goals, today, _decided_outcomes(plan, user)),
        "today": today,
    }
