"""The mentor directory (for a program's mentees and those who run it) and the matching
rounds (for its directors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentorkit.programs.models import EnrollmentStatus, Program
from mentorkit.teams.actions import ActionError, invite_mentor

from . import actions, rounds, scores
from .forms import (
    DirectorySearchForm,
    PairForm,
    PreferenceForm,
    RequestMentorForm,
    RoundForm,
    WeightsForm,
)
from .models import MatchRound


def _directory_program(user, pk) -> Program:
    """A program whose directory this person may read: an active mentee of it, or one who
    runs it."""
    if not user.is_authenticated:
        raise Http404
    enrolled = Q(enrollments__mentee=user, enrollments__status=EnrollmentStatus.ACTIVE)
    runs = Q(pk__in=Program.objects.run_by(user).values("pk"))
    return get_object_or_404(Program.objects.filter(enrolled | runs).distinct(), pk=pk)


@login_required
def directory(request, pk):
    """The program's mentors who take mentees, searched by expertise or need; for a mentee,
    ranked by the score of the program's matching, with its reasons."""
    program = _directory_program(request.user, pk)
    form = DirectorySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    people = list(rounds.pool(program))
    facts = scores.mentor_facts(people, program)
    found = scores.search(query, facts)
    is_mentee = program.enrollments.filter(
        mentee=request.user, status=EnrollmentStatus.ACTIVE
    ).exists()
    me = (
        scores.mentee_facts([request.user], program=program)[request.user.pk] if is_mentee else None
    )
    weights = scores.Weights.from_dict(program.match_weights)
    rows = []
    for person in people:
        fact = facts[person.pk]
        if person.pk not in found or person.pk == request.user.pk:
            continue
        candidate = scores.score(me, fact, weights) if me else None
        rows.append(
            {
                "mentor": person,
                "free": fact.free,
                "taking": fact.taking and fact.free != 0,
                "candidate": candidate,
                "yours": me is not None and person.pk in me.excluded,
            }
        )
    rows.sort(
        key=lambda r: (
            not r["taking"],
            -(r["candidate"].score if r["candidate"] else 0),
            r["mentor"].display_name,
        )
    )
    suggestions = [name for name, priority in me.needs if priority == 1] if me else []
    choices = dict(me.choices) if me else {}
    for row in rows:
        row["rank"] = choices.get(row["mentor"].pk)
    chosen = sorted(((rank, r["mentor"]) for r in rows if (rank := r["rank"])), key=lambda x: x[0])
    return render(
        request,
        "matching/directory.html",
        {
            "program": program,
            "form": form,
            "query": query,
            "rows": rows,
            "is_mentee": is_mentee,
            "suggestions": suggestions,
            "chosen": chosen,
            "rank_choices": PreferenceForm.base_fields["rank"].choices,
            "request_form": RequestMentorForm(),
            "weights": weights.described(),
        },
    )


@login_required
@require_POST
def request_mentor(request, pk, mentor_id):
    """A mentee asks a mentor of the directory onto their team: the team's invitation, which
    the mentor accepts or declines; a mentor with no free slot, or away, is refused."""
    program = get_object_or_404(
        Program.objects.filter(
            enrollments__mentee=request.user, enrollments__status=EnrollmentStatus.ACTIVE
        ),
        pk=pk,
    )
    mentor = get_object_or_404(rounds.pool(program).exclude(pk=request.user.pk), pk=mentor_id)
    form = RequestMentorForm(request.POST)
    fact = scores.mentor_facts([mentor], program)[mentor.pk]
    if not form.is_valid():
        messages.error(request, "Choose the role you ask them to take.")
    elif not fact.taking or fact.free == 0:
        messages.error(
            request,
            f"{mentor.display_name} takes no new mentees now "
            f"({mentor.beyond_capacity(mentor.load) or 'no free slot'}).",
        )
    else:
        try:
            invite_mentor(
                request.user,
                invited_email=mentor.email,
                invited_name=mentor.name,
                role=form.cleaned_data["role"],
                message=form.cleaned_data["message"],
                focus=f"Requested from the directory of {program.name}"[:300],
            )
        except ActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Your request went to {mentor.display_name}, who accepts or declines it.",
            )
            return redirect("teams:team")
    return redirect("matching:directory", program.pk)


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
    return render(
        request,
        "matching/round.html",
        {
            "program": round_.program,
            "round": round_,
            "since": rounds.since(round_),
            **rounds.review(round_),
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
    program = get_object_or_404(
        Program.objects.filter(
            enrollments__mentee=request.user, enrollments__status=EnrollmentStatus.ACTIVE
        ),
        pk=pk,
    )
    mentor = get_object_or_404(rounds.pool(program).exclude(pk=request.user.pk), pk=mentor_id)
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
