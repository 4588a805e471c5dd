"""The mentor directory (for a program's mentees and those who run it) and the matching
rounds (for its directors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentorkit.programs.models import Program
from mentorkit.teams.actions import ActionError

from . import actions, directory, review, rounds, scores
from .forms import (
    DirectorySearchForm,
    MentorChoicesForm,
    PairForm,
    PreferenceForm,
    RequestMentorForm,
    RoundForm,
    WeightsForm,
)
from .models import MatchRound


def _mentor_of_directory(request, pk, mentor_id):
    """The program (of which the caller is an active mentee) and one of its mentors."""
    program = get_object_or_404(directory.programs_of_mentee(request.user), pk=pk)
    mentor = get_object_or_404(rounds.pool(program).exclude(pk=request.user.pk), pk=mentor_id)
    return program, mentor


@login_required
def directory_page(request, pk=None):
    """The program's mentors who take mentees (without `pk`: the institution's directory of
    mentors who opted in), searched by expertise or need; for a mentee, ranked by the score
    of the program's matching, with its reasons."""
    program = None if pk is None else get_object_or_404(directory.programs_for(request.user), pk=pk)
    form = DirectorySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = directory.read(program, request.user, query)
    return render(
        request,
        "matching/directory.html",
        {
            "program": program,
            "form": form,
            "query": query,
            "rows": found.rows,
            "is_mentee": found.is_mentee,
            "suggestions": found.needs,
            "chosen": found.chosen,
            "rank_choices": PreferenceForm.base_fields["rank"].choices,
            "request_form": RequestMentorForm(),
            "weights": found.weights.described(),
        },
    )


@login_required
@require_POST
def request_mentor(request, pk=None, mentor_id=None):
    """A mentee asks a mentor of the directory onto their team (`directory.request`)."""
    if pk is None:
        program = None
        pool = directory.institution_pool().exclude(pk=request.user.pk)
        mentor = get_object_or_404(pool, pk=mentor_id)
        back = redirect("matching:institution_directory")
    else:
        program, mentor = _mentor_of_directory(request, pk, mentor_id)
        back = redirect("matching:directory", program.pk)
    form = RequestMentorForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the role you ask them to take.")
        return back
    try:
        directory.request(program, request.user, mentor, **form.cleaned_data)
    except ActionError as error:
        messages.error(request, str(error))
        return back
    messages.success(
        request, f"Your request went to {mentor.display_name}, who accepts or declines it."
    )
    return redirect("teams:team")


@login_required
def round_list(request, pk):
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    posted = request.POST if request.method == "POST" else None
    weighing = posted is not None and posted.get("step") == "weights"
    current = scores.Weights.from_dict(program.match_weights)
    weights_form = WeightsForm(posted if weighing else None, initial=current.as_dict())
    form = RoundForm(None if weighing else posted)
    if weighing and weights_form.is_valid():
        program.match_weights = scores.Weights(**weights_form.cleaned_data).as_dict()
        program.save(update_fields=["match_weights"])
        messages.success(request, "The program's weights are saved; new rounds use them.")
        return redirect("matching:rounds", program.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            round_ = rounds.start(
                program,
                request.user,
                name=data["name"],
                mentees=rounds.mentees_for(program, data["who"], data.get("cohort")),
                objective=data["objective"],
                spread=0.05 if data["spread"] else 0.0,
                roles=data["roles"],
                division_share=data["division_share"],
            )
        except ActionError as error:
            form.add_error("who", str(error))
        else:
            return redirect(round_)
    return render(
        request,
        "matching/rounds.html",
        {
            "program": program,
            "form": form,
            "weights_form": weights_form,
            "weights": current.described(),
            "rounds": program.match_rounds.all()[:50],
        },
        status=400 if form.errors or weights_form.errors else 200,
    )


def _round(request, pk, round_pk) -> MatchRound:
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    rounds_ = MatchRound.objects.filter(program=program)
    if request.method == "GET":  # the review reads the answer; changes read the inputs too
        rounds_ = rounds_.defer("inputs")
    return get_object_or_404(rounds_, pk=round_pk)


@login_required
def round_detail(request, pk, round_pk):
    round_ = _round(request, pk, round_pk)
    since = review.since(round_)
    return render(
        request,
        "matching/round.html",
        {
            "program": round_.program,
            "round": round_,
            "since": since,
            "milestones": review.milestones(since),
            "choice_slots": [("first", "1st choice"), ("second", "2nd"), ("third", "3rd")],
            **review.review(round_),
        },
    )


@login_required
@require_POST
def round_pair(request, pk, round_pk):
    round_ = _round(request, pk, round_pk)
    form = PairForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a pair of the round.")
        return redirect(round_)
    data = form.cleaned_data
    change = {"pin": rounds.pin, "forbid": rounds.forbid, "release": rounds.release}[data["do"]]
    try:
        change(round_, data["mentee"], data["mentor"])
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Solved again with your change.")
    return redirect(round_)


@login_required
@require_POST
def round_prefer(request, pk, round_pk):
    """The director records a mentor's choices among a stable round's mentees."""
    round_ = _round(request, pk, round_pk)
    form = MentorChoicesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a mentor of the round and up to three of its mentees.")
        return redirect(round_)
    try:
        rounds.prefer(round_, form.cleaned_data["mentor"], form.ranked())
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The mentor's choices are recorded; solved again.")
    return redirect(round_)


@login_required
@require_POST
def round_publish(request, pk, round_pk):
    round_ = _round(request, pk, round_pk)
    try:
        count = rounds.publish(round_, request.user)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Published: {count} invitation{'s' if count != 1 else ''} sent, each once."
        )
    return redirect(round_)


@login_required
@require_POST
def prefer(request, pk, mentor_id):
    """A mentee ranks a mentor of the directory as their 1st, 2nd or 3rd choice (0: none);
    a rank already given to another mentor moves to this one."""
    program, mentor = _mentor_of_directory(request, pk, mentor_id)
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose 1st, 2nd or 3rd choice, or no choice.")
        return redirect("matching:directory", program.pk)
    rank = form.cleaned_data["rank"]
    actions.prefer(program, request.user, mentor, rank)
    if rank:
        messages.success(request, f"{mentor.display_name} is your choice number {rank}.")
    else:
        messages.success(request, f"{mentor.display_name} is no longer among your choices.")
    return redirect("matching:directory", program.pk)
