"""Outcomes, reflections, celebrations, the team's feed and the CV. Thin: rules live in the
forms and the models, writes in actions."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.core.kept_pages import kept
from mentorkit.core.links import link_for_each
from mentorkit.reports.render import document, kept_document
from mentorkit.teams.models import Mentorship

from . import actions, charts
from .forms import CelebrateForm, OutcomeForm, ReflectionForm
from .models import NEWEST_FIRST, Outcome, OutcomeKind, OutcomeResult, Reflection

YEAR = timedelta(days=365)
OUTCOMES_PER_PAGE = 50  # the charts count every outcome; the list shows them a page at a time


def chart_rows(outcomes):
    return outcomes.values_list("kind", "result", "submitted_on", "decided_on")


def _filters(request):
    kind = request.GET.get("kind", "")
    result = request.GET.get("result", "")
    return (
        kind if kind in OutcomeKind.values else "",
        result if result in OutcomeResult.values else "",
    )


@login_required
@kept("outcomes")
def index(request):
    """Your outcomes with their charts, and the feed of your mentees' successes and lessons."""
    user, today = request.user, timezone.localdate()
    own = Outcome.objects.owned_by(user)
    kind, result = _filters(request)
    listed = own.for_list().order_by(*NEWEST_FIRST)
    if kind:
        listed = listed.filter(kind=kind)
    if result:
        listed = listed.filter(result=result)
    rows = list(chart_rows(own))
    page, outcomes = None, []
    if rows:  # the list shows only with something to chart
        paginator = Paginator(listed, OUTCOMES_PER_PAGE)
        if not (kind or result):
            paginator.count = len(rows)  # the charts' rows are every outcome: no count query
        try:
            page = paginator.page(request.GET.get("page", 1))
        except InvalidPage as error:
            raise Http404("No such page of outcomes.") from error
        outcomes = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    link = link_for_each("outcomes:detail")
    feed = list(
        Outcome.objects.feed_for(user)
        .exclude(mentee=user)
        .select_related("mentee", "reflection")
        .order_by("-decided_on", "-id")[:30]
    )
    for o in (*outcomes, *feed):
        o.link = link(o.pk)
    shared = (
        set(
            Reflection.objects.filter(
                shared_with=user, outcome__in=[o.pk for o in feed]
            ).values_list("outcome_id", flat=True)
        )
        if feed
        else set()
    )
    return render(
        request,
        "outcomes/index.html",
        {
            "outcomes": outcomes,
            "page": page,
            "pages": page.paginator.get_elided_page_range(page.number, on_each_side=2)
            if page
            else [],
            "query": query.urlencode(),
            "has_any": bool(rows),
            "kind": kind,
            "result": result,
            "kinds": OutcomeKind.choices,
            "results": OutcomeResult.choices,
            "chart": charts.over_time(rows),
            "funnel": charts.funnel(rows),
            "reflect": own.to_reflect_on(today - YEAR).order_by("-decided_on")[:10],
            "celebrate": own.to_celebrate(today - YEAR).order_by("-decided_on")[:10],
            "feed": feed,
            "shared": shared,
            "mentors": Mentorship.objects.of_mentor(user).exists(),
        },
    )


@login_required
def outcome_create(request):
    """A new outcome; `?follows=<id>` of one's own outcome starts it as that one's next attempt."""
    follows = request.GET.get("follows", "")
    earlier = (
        Outcome.objects.owned_by(request.user).filter(pk=follows).first()
        if follows.isdigit()
        else None
    )
    initial = earlier.next_attempt() if earlier else None
    form = OutcomeForm(request.POST or None, mentee=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = actions.save_outcome(form)
        if outcome is not None:
            messages.success(request, f"“{outcome.title}” recorded.")
            return redirect(outcome)
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/form.html", {"form": form}, status=status)


@login_required
def outcome_detail(request, pk):
    user = request.user
    outcome = get_object_or_404(
        Outcome.objects.visible_to(user).select_related("mentee", "previous"), pk=pk
    )
    is_owner = outcome.mentee_id == user.pk
    chain = outcome.chain()
    visible = set(
        Outcome.objects.visible_to(user)
        .filter(mentee_id=outcome.mentee_id)
        .values_list("pk", flat=True)
    )
    reflection = (
        Reflection.objects.visible_to(user)
        .filter(outcome=outcome)
        .prefetch_related("shared_with")
        .first()
    )
    return render(
        request,
        "outcomes/detail.html",
        {
            "outcome": outcome,
            "is_owner": is_owner,
            "chain": [o for o in chain if o.pk in visible],
            "followed": any(o.previous_id == outcome.pk for o in chain),
            "reflection": reflection,
            "celebrate_form": CelebrateForm(outcome=outcome) if is_owner else None,
        },
    )


@login_required
def outcome_edit(request, pk):
    outcome = get_object_or_404(Outcome.objects.owned_by(request.user), pk=pk)
    form = OutcomeForm(request.POST or None, instance=outcome, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_outcome(form)
        if saved is not None:
            messages.success(request, "Outcome saved.")
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/form.html", {"form": form, "outcome": outcome}, status=status)


@login_required
@require_POST
def outcome_delete(request, pk):
    outcome = get_object_or_404(Outcome.objects.owned_by(request.user), pk=pk)
    title = outcome.title
    outcome.delete()
    messages.success(request, f"“{title}” deleted.")
    return redirect("outcomes:index")


@login_required
def reflection_edit(request, pk):
    """Write or rewrite the reflection on one of your outcomes, and choose who reads it."""
    outcome = get_object_or_404(Outcome.objects.owned_by(request.user), pk=pk)
    instance = Reflection.objects.filter(outcome=outcome).first()
    form = ReflectionForm(request.POST or None, instance=instance, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        actions.save_reflection(form, outcome)
        messages.success(request, "Reflection saved.")
        return redirect(outcome)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "outcomes/reflection_form.html", {"form": form, "outcome": outcome}, status=status
    )


@login_required
@require_POST
def outcome_celebrate(request, pk):
    outcome = get_object_or_404(Outcome.objects.owned_by(request.user), pk=pk)
    if request.POST.get("undo"):
        if not actions.uncelebrate(outcome):
            raise Http404("Deleted meanwhile.")
        messages.success(request, "No longer marked as celebrated.")
        return redirect(outcome)
    form = CelebrateForm(request.POST, outcome=outcome)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) + form.errors.get("note", []):
            messages.error(request, error)
        return redirect(outcome)
    if not actions.celebrate(outcome, form.cleaned_data["note"]):
        raise Http404("Deleted meanwhile.")
    messages.success(request, "Celebrated — your team sees it in their feed.")
    return redirect(outcome)


@login_required
def cv_export(request, fmt):
    """Your successes and failures side by side: HTML page, PDF or Markdown."""
    return kept_document(request, "outcomes.cv", fmt)


@login_required
def biosketch(request, fmt):
    """The plain outputs list: published papers and funded grants, newest first."""
    if fmt not in ("html", "md"):
        raise Http404("Unknown format.")
    successes = Outcome.objects.owned_by(request.user).successes().order_by("-decided_on", "-id")
    context = {
        "mentee": request.user,
        "papers": successes.filter(kind=OutcomeKind.PAPER),
        "grants": successes.filter(kind=OutcomeKind.GRANT),
    }
    return document(request, "outcomes/biosketch", context, fmt, f"Outputs {request.user}")
