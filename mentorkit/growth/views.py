"""The ledger of what the mentee offers, and what mentors see of it (practice 4); the mentee's
own activities and markers of independence (practice 5)."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.plans.models import Plan
from mentorkit.roles import for_mentees
from mentorkit.teams.models import Mentorship

from . import actions, expertise, independence
from .forms import ActivityForm, ContributionForm, MarkerForm
from .independence import TimelineEvent
from .models import (
    QUARTER,
    Activity,
    ActivityStatus,
    Contribution,
    IndependenceMarker,
    MarkerKind,
    with_beyond,
)


def quarters_back(today, n=4) -> list[str]:
    labels = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(n):
        labels.append(f"{year} Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return labels[::-1]


def quiet_mentors(mentee, today):
    """Active mentors the mentee offered nothing to in the last quarter."""
    recent = Contribution.objects.filter(mentee=mentee, contributed_on__gte=today - QUARTER).values(
        "mentorship_id"
    )
    return (
        Mentorship.objects.active()
        .filter(mentee=mentee)
        .exclude(pk__in=recent)
        .select_related("mentor")
        .order_by("id")
    )


def _ledger_context(user, form=None):
    today = timezone.localdate()
    quarters = quarters_back(today)
    mine = list(Contribution.objects.filter(mentee=user).select_related("mentorship__mentor")[:200])
    counts = Counter((c.mentorship_id, c.quarter) for c in mine)
    team = (
        Mentorship.objects.filter(mentee=user, mentor__isnull=False)
        .exclude(status__in=["declined", "invited"])
        .select_related("mentor")
        .order_by("id")
    )
    return {
        "form": form or ContributionForm(mentee=user),
        "contributions": mine[:50],
        "quarters": quarters,
        "summary": [(m, [counts[(m.pk, q)] for q in quarters]) for m in team],
        "quiet": quiet_mentors(user, today),
        "to_me": Contribution.objects.visible_to(user)
        .filter(mentorship__mentor=user)
        .select_related("mentee", "mentorship")[:50],
    }


@login_required
def index(request):
    return render(request, "growth/index.html", _ledger_context(request.user))


@login_required
def contribution_create(request):
    form = ContributionForm(request.POST or None, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        contribution = actions.record_contribution(form, request.user)
        messages.success(request, f"Recorded for {contribution.mentorship.mentor_name}.")
        return redirect("growth:index")
    if request.method == "GET":
        return redirect("growth:index")
    return render(request, "growth/index.html", _ledger_context(request.user, form), status=400)


@login_required
@require_POST
def contribution_acknowledge(request, pk):
    """The mentor it was for says thank you; only they can."""
    contribution = get_object_or_404(
        Contribution.objects.visible_to(request.user).filter(mentorship__mentor=request.user),
        pk=pk,
    )
    actions.acknowledge_contribution(contribution)
    messages.success(request, "Acknowledged — thank you noted.")
    return redirect("growth:index")


# --- Practice 5: autonomy — activities the mentee chose, markers of independence -----------

STATUS_ORDER = [
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.PLANNED,
    ActivityStatus.DONE,
    ActivityStatus.DROPPED,
]


def outcome_events(mentee, viewer) -> list[TimelineEvent]:
    """Successes and failures alike, as milestones on the path (practice 7 meets 5)."""
    from mentorkit.outcomes.models import Outcome

    outcomes = (
        Outcome.objects.visible_to(viewer)
        .filter(mentee=mentee)
        .decided()
        .only("pk", "title", "kind", "result", "decided_on")
        .order_by("decided_on", "pk")[:300]
    )
    return [
        TimelineEvent(
            o.decided_on,
            f"{o.title} ({o.get_kind_display().lower()}, {o.get_result_display().lower()})",
            o.result,
            o.get_absolute_url(),
        )
        for o in outcomes
    ]


def _autonomy_context(mentee, viewer, *, status=""):
    """The mentee's activities (flagged beyond or within their mentors' expertise), markers and
    timeline, as far as `viewer` may see them."""
    today = timezone.localdate()
    compared = expertise.mentors_compared(mentee)
    keywords = sorted({k for _mentorship, words in compared for k in words})
    activities = with_beyond(
        Activity.objects.visible_to(viewer).filter(mentee=mentee)[:500], keywords
    )
    markers = list(IndependenceMarker.objects.visible_to(viewer).filter(mentee=mentee))
    plan = Plan.objects.visible_to(viewer).filter(mentee=mentee).active().first()
    status = status if status in ActivityStatus.values else ""
    groups = [
        (ActivityStatus(s).label, [a for a in activities if a.status == s])
        for s in STATUS_ORDER
        if not status or s == status
    ]
    is_owner = mentee.pk == viewer.pk
    reached = {m.kind for m in markers}
    return {
        "mentee": mentee,
        "is_owner": is_owner,
        "compared": compared,
        "keywords": keywords,
        "groups": [(label, items) for label, items in groups if items],
        "status": status,
        "statuses": ActivityStatus.choices,
        "counts": {
            "activities": len(activities),
            "beyond": sum(a.beyond for a in activities if a.status != ActivityStatus.DROPPED),
        },
        "markers": markers,
        "missing_markers": [label for value, label in MarkerKind.choices if value not in reached],
        "plan": plan,
        "timeline": independence.layout(
            markers,
            activities,
            today,
            plan=plan,
            events=outcome_events(mentee, viewer),
            events_label="Outcomes",
            links=is_owner,
        ),
        "activity_form": ActivityForm() if is_owner else None,
        "marker_form": MarkerForm(mentee=mentee) if is_owner else None,
    }


@login_required
@for_mentees(
    "Path to independence",
    "Your path to independence is the activities you lead and the markers you reach.",
)
def autonomy(request):
    context = _autonomy_context(request.user, request.user, status=request.GET.get("status", ""))
    return render(request, "growth/autonomy.html", context)


@login_required
def mentee_autonomy(request, mentee_id):
    """An active mentor's read-only view: only what the mentee shared with the team."""
    if mentee_id == request.user.pk:
        return redirect("growth:autonomy")
    mentorship = get_object_or_404(
        Mentorship.objects.active().filter(mentor=request.user).select_related("mentee"),
        mentee_id=mentee_id,
    )
    context = _autonomy_context(
        mentorship.mentee, request.user, status=request.GET.get("status", "")
    )
    return render(request, "growth/autonomy.html", context)


@login_required
def activity_create(request):
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = actions.add_activity(form, request.user)
        messages.success(request, f"Added “{activity.title}”.")
        return redirect("growth:autonomy")
    status = 400 if request.method == "POST" else 200
    return render(request, "growth/activity_form.html", {"form": form}, status=status)


@login_required
def activity_edit(request, pk):
    activity = get_object_or_404(Activity.objects.owned_by(request.user), pk=pk)
    keywords = sorted(expertise.mentor_keywords_for([request.user.pk])[request.user.pk])
    # Read before the form copies what was typed onto the instance: the page states what is saved.
    with_beyond([activity], keywords)
    heading = activity.title
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved “{activity.title}”.")
        return redirect("growth:autonomy")
    context = {"form": form, "activity": activity, "keywords": keywords, "heading": heading}
    status = 400 if request.method == "POST" else 200
    return render(request, "growth/activity_form.html", context, status=status)


@login_required
@require_POST
def activity_delete(request, pk):
    activity = get_object_or_404(Activity.objects.owned_by(request.user), pk=pk)
    activity.delete()
    messages.success(request, f"Removed “{activity.title}”.")
    return redirect("growth:autonomy")


@login_required
def marker_create(request):
    form = MarkerForm(request.POST or None, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        marker = actions.record_marker(form, request.user)
        if marker is not None:
            messages.success(request, f"Recorded “{marker.get_kind_display()}”. Congratulations!")
            return redirect("growth:autonomy")
    status = 400 if request.method == "POST" else 200
    return render(request, "growth/marker_form.html", {"form": form}, status=status)


@login_required
def marker_edit(request, pk):
    marker = get_object_or_404(IndependenceMarker.objects.owned_by(request.user), pk=pk)
    heading = marker.get_kind_display()  # before the form copies what was typed onto it
    form = MarkerForm(request.POST or None, instance=marker, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved “{marker.get_kind_display()}”.")
        return redirect("growth:autonomy")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "marker": marker, "heading": heading}
    return render(request, "growth/marker_form.html", context, status=status)


@login_required
@require_POST
def marker_delete(request, pk):
    marker = get_object_or_404(IndependenceMarker.objects.owned_by(request.user), pk=pk)
    marker.delete()
    messages.success(request, f"Removed “{marker.get_kind_display()}”.")
    return redirect("growth:autonomy")
