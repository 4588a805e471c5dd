"""Feedback pages: ask, answer, give, act on it, the mentoring style, program evaluations."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind
from mentorkit.core.kept_pages import kept
from mentorkit.plans.models import Goal
from mentorkit.programs.models import Program
from mentorkit.teams.models import Mentorship
from mentorkit.visibility import mentees_ever_mentored_by

from . import actions, instruments, results
from .forms import (
    ActForm,
    EvaluationForm,
    FeedbackForm,
    RequestForm,
    SelfRatingForm,
    WindowForm,
    counterparts,
    other_side,
)
from .models import (
    Direction,
    EvaluationParticipation,
    EvaluationWindow,
    Feedback,
    FeedbackRequest,
    RequestStatus,
)

User = get_user_model()


def _requests(user):
    return FeedbackRequest.objects.visible_to(user).select_related(
        "mentorship__mentor", "mentee", "requested_by", "asked_of"
    )


def _feedback(user):
    return Feedback.objects.visible_to(user).select_related(
        "mentorship__mentor", "mentee", "author", "request"
    )


@login_required
@kept("feedback")
def index(request):
    user = request.user
    received = _feedback(user).received_by(user)
    # The open requests asked of and by the viewer, in one query.
    asked = list(_requests(user).open().filter(Q(asked_of=user) | Q(requested_by=user)))
    return render(
        request,
        "feedback/index.html",
        {
            "asked_of_me": [r for r in asked if r.asked_of_id == user.pk],
            "asked_by_me": [r for r in asked if r.requested_by_id == user.pk],
            "received": received.prefetch_related("action_items", "goals")[:20],
            "given": _feedback(user).filter(author=user).exclude(direction=Direction.SELF)[:10],
            "waiting": received.not_acted_on().order_by("created_at", "id"),
            "people": counterparts(user),
            "mentoring": Mentorship.objects.of_mentor(user).select_related("mentee"),
        },
    )


@login_required
def request_create(request):
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        asked = actions.request_feedback(form, request.user)
        messages.success(request, f"Asked {asked.asked_of.display_name} for feedback.")
        return redirect("feedback:index")
    return render(request, "feedback/request_form.html", {"form": form})


@login_required
def request_detail(request, pk):
    asked = get_object_or_404(_requests(request.user), pk=pk)
    can_answer = asked.asked_of_id == request.user.pk and asked.status == RequestStatus.OPEN
    form = FeedbackForm(
        request.POST or None,
        can_rate=can_answer and asked.direction == Direction.TO_MENTOR,
        initial={"topic": asked.topic},
    )
    if request.method == "POST":
        if not can_answer:
            raise Http404("Only the person asked answers an open request.")
        if form.is_valid():
            feedback = actions.give_feedback(
                asked.mentorship,
                request.user,
                text=form.cleaned_data["text"],
                topic=asked.topic,
                ratings=form.ratings() or None,
                request=asked,
            )
            messages.success(request, "Feedback sent.")
            return redirect(feedback)
    return render(
        request,
        "feedback/request.html",
        {
            "asked": asked,
            "form": form,
            "can_answer": can_answer,
            "responses": asked.responses.select_related("author"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def request_withdraw(request, pk):
    asked = get_object_or_404(
        _requests(request.user).open().filter(requested_by=request.user), pk=pk
    )
    actions.withdraw(asked)
    messages.success(request, "Request withdrawn.")
    return redirect("feedback:index")


@login_required
def give(request, mentorship_pk):
    """Unsolicited feedback to the other side of an active mentorship."""
    mentorship = get_object_or_404(counterparts(request.user), pk=mentorship_pk)
    to_mentor = mentorship.mentee_id == request.user.pk
    form = FeedbackForm(request.POST or None, can_rate=to_mentor)
    if request.method == "POST" and form.is_valid():
        feedback = actions.give_feedback(
            mentorship,
            request.user,
            text=form.cleaned_data["text"],
            topic=form.cleaned_data["topic"],
            ratings=form.ratings() or None,
        )
        messages.success(request, "Feedback sent.")
        return redirect(feedback)
    return render(
        request,
        "feedback/give.html",
        {"form": form, "mentorship": mentorship, "to": other_side(mentorship, request.user)},
        status=400 if form.errors else 200,
    )


def _goals_for(feedback, user):
    return Goal.objects.editable_by(user).filter(mentee_id=feedback.mentee_id).open()


@login_required
def feedback_detail(request, pk):
    feedback = get_object_or_404(
        _feedback(request.user).prefetch_related("ratings", "action_items", "goals"), pk=pk
    )
    return _render_feedback(request, feedback)


def _render_feedback(request, feedback, form=None, status=200):
    is_receiver = feedback.receiver_id == request.user.pk
    ratings = None
    if feedback.instrument:
        try:
            instrument = instruments.get(feedback.instrument)
            values = {r.item: r.value for r in feedback.ratings.all()}
            ratings = [
                (d.name, [(i.text, values.get(i.key)) for i in d.items]) for d in instrument.domains
            ]
        except KeyError:
            ratings = [("Ratings", [(r.item, r.value) for r in feedback.ratings.all()])]
    return render(
        request,
        "feedback/feedback.html",
        {
            "feedback": feedback,
            "ratings": ratings,
            "is_receiver": is_receiver,
            "act_form": form
            or (ActForm(goals=_goals_for(feedback, request.user)) if is_receiver else None),
        },
        status=status,
    )


@login_required
@require_POST
def feedback_act(request, pk):
    feedback = get_object_or_404(_feedback(request.user).received_by(request.user), pk=pk)
    form = ActForm(request.POST, goals=_goals_for(feedback, request.user))
    if not form.is_valid():
        return _render_feedback(request, feedback, form, status=400)
    actions.act_on(
        feedback,
        request.user,
        note=form.cleaned_data["note"],
        action_title=form.cleaned_data["action_title"],
        action_due_on=form.cleaned_data["action_due_on"],
        goal=form.cleaned_data["goal"],
    )
    messages.success(request, "Noted what was done.")
    return redirect(feedback)


# --- The mentoring style ---------------------------------------------------------------------


@login_required
def style(request, mentorship_pk):
    """The mentee's ratings of a mentor's style beside the mentor's self-rating, and the trend.
    For the two of them only."""
    mentorship = get_object_or_404(
        Mentorship.objects.filter(
            Q(mentee=request.user) | Q(pk__in=Mentorship.objects.of_mentor(request.user))
        ).select_related("mentee", "mentor"),
        pk=mentorship_pk,
    )
    table, trend, rounds = results.style(mentorship)
    return render(
        request,
        "feedback/style.html",
        {
            "mentorship": mentorship,
            "table": table,
            "trend": trend,
            "rounds": rounds,
            "instrument": instruments.get(instruments.DEFAULT),
            "is_mentor": mentorship.mentor_id == request.user.pk,
        },
    )


@login_required
def self_rating(request, mentorship_pk):
    mentorship = get_object_or_404(
        Mentorship.objects.of_mentor(request.user).select_related("mentee"), pk=mentorship_pk
    )
    form = SelfRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.give_feedback(
            mentorship,
            request.user,
            text=form.cleaned_data["text"],
            topic="relationship",
            ratings=form.ratings(),
            direction=Direction.SELF,
        )
        messages.success(request, "Self-rating saved.")
        return redirect("feedback:style", mentorship.pk)
    return render(
        request,
        "feedback/self_rating.html",
        {"form": form, "mentorship": mentorship},
        status=400 if form.errors else 200,
    )


# --- Anonymous program evaluations -------------------------------------------------------------


def _windows(user):
    return EvaluationWindow.objects.visible_to(user).select_related("program")


@login_required
def evaluations(request):
    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "feedback/evaluations.html",
        {
            "directed": EvaluationWindow.objects.directed_by(user).select_related("program"),
            "to_answer": EvaluationWindow.objects.for_mentee(user)
            .open_on(today)
            .select_related("program"),
            "mine": _windows(user).filter(program__in=_programs_of_mentor(user)).closed_on(today),
            "can_open": Program.objects.directed_by(user).exists(),
            "today": today,
        },
    )


def _programs_of_mentor(user):
    from mentorkit.programs.models import Enrollment

    return Enrollment.objects.filter(mentee_id__in=mentees_ever_mentored_by(user)).values(
        "program_id"
    )


@login_required
def window_create(request):
    programs = Program.objects.directed_by(request.user)
    if not programs.exists():
        raise Http404("Only program directors open evaluation windows.")
    form = WindowForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        window = actions.open_window(form, request.user)
        messages.success(request, f"“{window.title}” is set up.")
        return redirect(window)
    return render(
        request, "feedback/window_form.html", {"form": form}, status=400 if form.errors else 200
    )


MENTORS_PER_PAGE = 25  # results of a window, by mentor


@login_required
def window_detail(request, pk):
    window = get_object_or_404(_windows(request.user), pk=pk)
    user = request.user
    is_director = window.is_director(user)
    mentors = window.mentors()
    if not is_director:
        mentors = mentors.filter(pk=user.pk)
    # A program's mentors by the page: the page costs the same for 40 mentors or 800 (the
    # CSV has them all).
    try:
        page = Paginator(mentors, MENTORS_PER_PAGE).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404("No such page of mentors.") from error
    to_evaluate = []
    if window.is_open() and window.program.enrollments.filter(mentee=user).exists():
        done = set(
            EvaluationParticipation.objects.filter(window=window, evaluator=user).values_list(
                "mentor_id", flat=True
            )
        )
        to_evaluate = [
            (m, m.mentor_id in done)
            for m in Mentorship.objects.active().filter(mentee=user).select_related("mentor")
        ]
    return render(
        request,
        "feedback/window.html",
        {
            "window": window,
            "is_director": is_director,
            "results": results.window_results(window, page.object_list),
            "page": page,
            "pages": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "to_evaluate": to_evaluate,
        },
    )


@login_required
@require_POST
def window_close(request, pk):
    window = get_object_or_404(EvaluationWindow.objects.directed_by(request.user), pk=pk)
    if window.is_closed():
        messages.info(request, "This window is already closed.")
    else:
        actions.close_window(window)
        messages.success(request, "Window closed. Results are released where there are enough.")
    return redirect(window)


@login_required
def window_csv(request, pk):
    window = get_object_or_404(
        EvaluationWindow.objects.directed_by(request.user).select_related("program"), pk=pk
    )
    rows = results.window_results(window, window.mentors())
    if rows is None:
        raise Http404("Results are released when the window closes.")
    record(
        EventKind.EXPORTED,
        f"Results of the evaluation window “{window.title}” downloaded as CSV.",
        [request.user],
        window=window.pk,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{window.pk}.csv"'
    instrument = instruments.registry().get(window.instrument)
    domains = [d.name for d in instrument.domains] if instrument else []
    writer = csv.writer(response)
    writer.writerow(["mentor", "responses", *domains])
    for row in rows:
        if not row.shown:
            writer.writerow([row.name, "not enough responses", *[""] * len(domains)])
            continue
        means = dict(row.domains)
        writer.writerow([row.name, row.responses, *[means.get(d, "") for d in domains]])
    return response


@login_required
def evaluate(request, pk, mentorship_pk):
    today = timezone.localdate()
    window = get_object_or_404(
        EvaluationWindow.objects.for_mentee(request.user).open_on(today), pk=pk
    )
    mentorship = get_object_or_404(
        Mentorship.objects.active().filter(mentee=request.user).select_related("mentor"),
        pk=mentorship_pk,
    )
    instrument = instruments.get(window.instrument)
    form = EvaluationForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_evaluation(
                window, request.user, mentorship, form.ratings(), form.cleaned_data["comment"]
            )
        except actions.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. Your evaluation is stored without your name.")
            return redirect(window)
    return render(
        request,
        "feedback/evaluate.html",
        {"form": form, "window": window, "mentorship": mentorship, "instrument": instrument},
        status=400 if form.errors else 200,
    )
