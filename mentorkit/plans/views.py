"""Plans, goals, milestones, reviews and the IDP export. Thin: rules live in forms, writes
in actions, lookups in the models' querysets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.core.kept_pages import kept
from mentorkit.reports.render import kept_document
from mentorkit.teams.models import Mentorship

from . import actions
from .documents import plan_context
from .forms import GoalForm, MilestoneForm, PlanForm, ReviewForm
from .models import Goal, Milestone, Plan


def _goals(user):
    return Goal.objects.visible_to(user).select_related("plan", "mentee")


@login_required
def index(request):
    """Your plans (the active one first), the plans of mentees you mentor, goals due for review."""
    user = request.user
    today = timezone.localdate()
    own = list(Plan.objects.owned_by(user).annotate(n_goals=Count("goals")))
    if len(own) == 1 and own[0].is_active and not request.GET.get("all"):
        return redirect(own[0])
    mentored = (
        Plan.objects.visible_to(user)
        .exclude(mentee=user)
        .active()
        .select_related("mentee")
        .order_by("mentee__name", "id")
    )
    return render(
        request,
        "plans/index.html",
        {
            "own": own,
            "has_active": any(p.is_active for p in own),
            "mentored": mentored,
            "due": _goals(user).due_for_review(today).order_by("next_review_on", "id")[:50],
        },
    )


@login_required
def plan_create(request):
    form = PlanForm(request.POST or None, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        plan = actions.create_plan(form, request.user, request.user)
        messages.success(request, f"“{plan.title}” created.")
        return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form})


@login_required
def plan_edit(request, pk):
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    form = PlanForm(request.POST or None, instance=plan, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        actions.update_plan(form)
        messages.success(request, "Plan saved.")
        return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
@kept("plan")
def plan_detail(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("mentee"), pk=pk)
    context = plan_context(plan, request.user)
    context["is_owner"] = plan.mentee_id == request.user.pk
    context["earlier"] = (
        Plan.objects.owned_by(request.user).exclude(pk=plan.pk) if context["is_owner"] else []
    )
    return render(request, "plans/plan.html", context)


@login_required
def plan_export(request, pk, fmt):
    """The plan as an Individual Development Plan: HTML page, PDF or Markdown."""
    return kept_document(request, "plans.idp", fmt, plan=pk)


@login_required
def goal_create(request, pk):
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    if not plan.is_active:
        raise Http404("Goals are added to the active plan.")
    form = GoalForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        goal = actions.create_goal(form, plan, request.user)
        messages.success(request, "Goal added.")
        return redirect(goal)
    return render(request, "plans/goal_form.html", {"form": form, "plan": plan})


def _goal_history(goal):
    """Reviews and revisions, newest first: the story of the goal."""
    events = [("review", r.reviewed_on, r) for r in goal.reviews.all()] + [
        ("revision", timezone.localdate(r.changed_at), r) for r in goal.revisions.all()
    ]
    events.sort(key=lambda e: (e[1], e[2].pk if e[0] == "revision" else 0), reverse=True)
    return events


def _goal_context(request, goal, **overrides):
    today = timezone.localdate()
    editable = Goal.objects.editable_by(request.user).filter(pk=goal.pk).exists()
    context = {
        "goal": goal,
        "plan": goal.plan,
        "editable": editable,
        "milestones": goal.milestones.all(),
        "history": _goal_history(goal),
        "due_for_review": goal.is_due_for_review(today),
        "milestone_form": MilestoneForm(goal=goal),
        "review_form": ReviewForm(goal=goal),
        "today": today,
    }
    context.update(overrides)
    return context


def _goal_for_page(user, pk):
    return get_object_or_404(
        _goals(user).prefetch_related(
            Prefetch("mentors", queryset=Mentorship.objects.select_related("mentor")),
            Prefetch("reviews__mentors", queryset=Mentorship.objects.select_related("mentor")),
            "reviews__recorded_by",
            "revisions__changed_by",
        ),
        pk=pk,
    )


@login_required
def goal_detail(request, pk):
    goal = _goal_for_page(request.user, pk)
    return render(request, "plans/goal.html", _goal_context(request, goal))


@login_required
def goal_edit(request, pk):
    goal = get_object_or_404(
        Goal.objects.editable_by(request.user).select_related("plan", "mentee"), pk=pk
    )
    form = GoalForm(request.POST or None, instance=goal, plan=goal.plan)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_goal(form, form.cleaned_data.get("version"), request.user)
        except actions.Conflict as conflict:
            messages.error(
                request,
                "Someone saved this goal while you were editing. Their version is shown "
                "beside yours: check it, then save again.",
            )
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            # A fresh instance: validating the retry form must not touch what is displayed.
            retry = GoalForm(data, instance=Goal.objects.get(pk=goal.pk), plan=goal.plan)
            return render(
                request,
                "plans/goal_form.html",
                {"form": retry, "plan": goal.plan, "goal": goal, "conflict": conflict.current},
                status=409,
            )
        messages.success(request, "Goal saved.")
        return redirect(goal)
    return render(
        request,
        "plans/goal_form.html",
        {"form": form, "plan": goal.plan, "goal": goal},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def goal_review(request, pk):
    goal = get_object_or_404(Goal.objects.editable_by(request.user).select_related("plan"), pk=pk)
    form = ReviewForm(request.POST, goal=goal)
    if not form.is_valid():
        page_goal = _goal_for_page(request.user, pk)
        return render(
            request,
            "plans/goal.html",
            _goal_context(request, page_goal, review_form=form),
            status=400,
        )
    actions.record_review(form, goal, request.user)
    messages.success(request, f"Review recorded. Next review by {goal.next_review_on:%-d %b %Y}.")
    return redirect(goal)


def _milestones_partial(request, goal, form=None, status=200):
    goal.refresh_from_db(fields=["milestones_total", "milestones_done", "progress_override"])
    return render(
        request,
        "plans/goal.html#milestones",
        {
            "goal": goal,
            "editable": True,
            "milestones": goal.milestones.all(),
            "milestone_form": form or MilestoneForm(goal=goal),
        },
        status=status,
    )


@login_required
@require_POST
def milestone_add(request, pk):
    goal = get_object_or_404(Goal.objects.editable_by(request.user), pk=pk)
    form = MilestoneForm(request.POST, goal=goal)
    if form.is_valid():
        actions.add_milestone(form, goal)
        if not request.htmx:
            messages.success(request, "Milestone added.")
            return redirect(goal)
        return _milestones_partial(request, goal)
    if request.htmx:
        return _milestones_partial(request, goal, form, status=400)
    page_goal = _goal_for_page(request.user, pk)
    return render(
        request,
        "plans/goal.html",
        _goal_context(request, page_goal, milestone_form=form),
        status=400,
    )


@login_required
@require_POST
def milestone_update(request, pk, operation):
    milestone = get_object_or_404(
        Milestone.objects.filter(goal__in=Goal.objects.editable_by(request.user)).select_related(
            "goal"
        ),
        pk=pk,
    )
    if operation == "done":
        actions.set_milestone_done(milestone, True)
    elif operation == "undo":
        actions.set_milestone_done(milestone, False)
    elif operation == "delete":
        actions.delete_milestone(milestone)
    else:
        raise Http404("Unknown operation.")
    if request.htmx:
        return _milestones_partial(request, milestone.goal)
    return redirect(milestone.goal)


@login_required
def due_for_review(request):
    """Every goal the user may see whose review is due: theirs and their mentees'."""
    today = timezone.localdate()
    goals = _goals(request.user).due_for_review(today).order_by("next_review_on", "id")
    return render(
        request,
        "plans/due.html",
        {"goals": goals, "today": today},
    )
