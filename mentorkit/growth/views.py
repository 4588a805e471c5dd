"""The ledger of what the mentee offers, and what mentors see of it."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.teams.models import Mentorship

from .forms import ContributionForm
from .models import QUARTER, Contribution


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
        contribution = form.save(commit=False)
        contribution.mentee = request.user
        contribution.save()
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
    if contribution.acknowledged_at is None:
        contribution.acknowledged_at = timezone.now()
        contribution.save(update_fields=["acknowledged_at"])
    messages.success(request, "Acknowledged — thank you noted.")
    return redirect("growth:index")
