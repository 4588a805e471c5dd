"""The mentee's team (practice 6), the agreement (practice 1) and the mentor's view."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from mentorkit.core.kept_pages import kept
from mentorkit.core.links import with_links
from mentorkit.health import health_for
from mentorkit.plans.models import Plan
from mentorkit.programs.models import Enrollment
from mentorkit.roles import for_mentees

from . import actions
from .diagram import team_svg
from .forms import (
    AgreementForm,
    InsightForm,
    InviteMentorForm,
    MentorNoteForm,
    MentorshipForm,
    NeedForm,
)
from .models import (
    Agreement,
    Insight,
    MentorNote,
    Mentorship,
    MentorshipStatus,
    Need,
)


def _team(mentee):
    successors = Mentorship.objects.filter(replaces=OuterRef("pk")).exclude(
        status=MentorshipStatus.DECLINED
    )
    return list(
        Mentorship.objects.filter(mentee=mentee)
        .exclude(status=MentorshipStatus.DECLINED)
        .select_related("mentor")
        .with_last_met()
        .annotate(has_successor=Exists(successors))
    )


def _needs(mentee):
    return list(
        Need.objects.filter(mentee=mentee).prefetch_related(
            Prefetch("covered_by", queryset=Mentorship.objects.only("id", "status"))
        )
    )


def _coverage(needs, mentors):
    """Rows of the coverage matrix: each need with a cell per active mentor and whether it is a gap."""
    rows = []
    for need in needs:
        covered_ids = {m.id for m in need.covered_by.all() if m.status == MentorshipStatus.ACTIVE}
        rows.append(
            {
                "need": need,
                "cells": [(m, m.id in covered_ids) for m in mentors],
                "gap": not covered_ids,
            }
        )
    return rows


@login_required
@for_mentees("My team", "Your team is the mentors you gather around your own work.")
def team(request):
    from mentorkit.programs.models import EnrollmentStatus, Program

    mentorships = _team(request.user)
    directories = Program.objects.filter(
        enrollments__mentee=request.user, enrollments__status=EnrollmentStatus.ACTIVE
    ).order_by("name")
    active = [m for m in mentorships if m.status == MentorshipStatus.ACTIVE]
    needs = _needs(request.user)
    return render(
        request,
        "teams/team.html",
        {
            "mentorships": mentorships,
            "active": active,
            "directories": directories,
            "picture": mark_safe(team_svg(request.user, mentorships)),  # noqa: S308 (our own template)
            "rows": _coverage(needs, active),
            "need_form": NeedForm(mentee=request.user),
            "insights": Insight.objects.filter(mentee=request.user).select_related(
                "source__mentor"
            )[:5],
        },
    )


@login_required
def invite(request):
    form = InviteMentorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship, url = actions.invite_mentor(request.user, **form.cleaned_data)
        except actions.ActionError as error:
            form.add_error("invited_email", str(error))
        else:
            expires = timezone.localtime(mentorship.invitation_expires_at).date()
            messages.success(
                request,
                f"Invitation sent to {mentorship.invited_email}. "
                f"The link works once and expires on {expires:%-d %B %Y}.",
            )
            request.session["last_invitation_url"] = url
            return redirect("teams:mentorship", mentorship.pk)
    return render(request, "teams/invite.html", {"form": form})


@login_required
def mentorship(request, pk):
    mentorship = get_object_or_404(
        Mentorship.objects.visible_to(request.user).select_related("mentor", "mentee"), pk=pk
    )
    is_mentee = mentorship.mentee_id == request.user.pk
    context = {"mentorship": mentorship, "is_mentee": is_mentee}
    if is_mentee or mentorship.status == MentorshipStatus.ACTIVE:
        # Disagreements and how each ended: counted, never judged.
        context["disagreements"] = mentorship.disagreements.select_related("meeting")
    if is_mentee:
        context["form"] = MentorshipForm(instance=mentorship)
        if mentorship.status == MentorshipStatus.INVITED:
            context["invitation_url"] = request.session.pop("last_invitation_url", "")
        context["insights"] = mentorship.insights.all()
        context["can_leave_confidentially"] = (
            mentorship.status in (MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED)
            and Enrollment.objects.filter(
                mentee=request.user, program__neutral_contact__isnull=False
            )
            .exclude(program__neutral_contact=mentorship.mentor_id)
            .exists()
        )
    return render(request, "teams/mentorship.html", context)


@login_required
def mentorship_edit(request, pk):
    mentorship = get_object_or_404(Mentorship.objects.filter(mentee=request.user), pk=pk)
    form = MentorshipForm(request.POST or None, instance=mentorship)
    if request.method == "POST" and form.is_valid():
        try:
            mentorship = actions.update_mentorship(form)
        except actions.ActionError as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, "Mentorship updated.")
            return redirect("teams:mentorship", mentorship.pk)
    return render(request, "teams/mentorship_edit.html", {"form": form, "mentorship": mentorship})


@login_required
@require_POST
def mentorship_resend(request, pk):
    mentorship = get_object_or_404(Mentorship.objects.filter(mentee=request.user), pk=pk)
    try:
        url = actions.resend_invitation(mentorship)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        expires = timezone.localtime(mentorship.invitation_expires_at).date()
        messages.success(
            request,
            f"Invitation sent again to {mentorship.invited_email}. "
            f"The new link works once and expires on {expires:%-d %B %Y}.",
        )
        request.session["last_invitation_url"] = url
    return redirect("teams:mentorship", mentorship.pk)


# --- Development needs -----------------------------------------------------------


@login_required
def need_create(request):
    form = NeedForm(request.POST or None, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        need = actions.add_need(form, request.user)
        messages.success(request, f"Added the need “{need.name}”.")
        return redirect("teams:team")
    return render(request, "teams/need_form.html", {"form": form})


@login_required
def need_edit(request, pk):
    need = get_object_or_404(Need.objects.owned_by(request.user), pk=pk)
    form = NeedForm(request.POST or None, instance=need, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved “{need.name}”.")
        return redirect("teams:team")
    return render(request, "teams/need_form.html", {"form": form, "need": need})


@login_required
@require_POST
def need_delete(request, pk):
    need = get_object_or_404(Need.objects.owned_by(request.user), pk=pk)
    need.delete()
    messages.success(request, f"Removed the need “{need.name}”.")
    return redirect("teams:team")


@login_required
@require_POST
def need_cover(request, pk, mentorship_pk):
    """Toggle whether a mentor covers a need; htmx swaps the cell, a plain form reloads the page."""
    need = get_object_or_404(Need.objects.owned_by(request.user), pk=pk)
    mentorship = get_object_or_404(
        Mentorship.objects.active().filter(mentee=request.user), pk=mentorship_pk
    )
    covered = actions.toggle_cover(need, mentorship)
    if request.htmx:
        response = render(
            request,
            "teams/team.html#coverage-cell",
            {"need": need, "mentor": mentorship, "covered": covered},
        )
        response["HX-Trigger"] = "coverage-changed"
        return response
    return redirect("teams:team")


# --- Insights ------------------------------------------------------------------


@login_required
@for_mentees("What my mentors taught me", "Insights are what you learned from each mentor.")
def insights(request):
    form = InsightForm(request.POST or None, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        actions.record_insight(form, request.user)
        messages.success(request, "Insight recorded.")
        return redirect("teams:insights")
    return render(
        request,
        "teams/insights.html",
        {
            "form": form,
            "insights": Insight.objects.filter(mentee=request.user).select_related(
                "source__mentor"
            ),
        },
    )


@login_required
@require_POST
def insight_share(request, pk):
    insight = get_object_or_404(Insight.objects.owned_by(request.user), pk=pk)
    if actions.toggle_insight_shared(insight):
        messages.success(request, "Shared with your primary mentor(s).")
    else:
        messages.success(request, "No longer shared with your primary mentor(s).")
    return redirect("teams:insights")


# --- The agreement -----------------------------------------------------------------


def _agreements_for(user):
    return Agreement.objects.visible_to(user).select_related("mentee", "mentorship__mentor")


@login_required
def agreements(request):
    own = list(_agreements_for(request.user).filter(mentee=request.user))
    return render(
        request,
        "teams/agreements.html",
        {
            "agreements": own,
            "as_mentor": _agreements_for(request.user).exclude(mentee=request.user),
            "can_add": AgreementForm(mentee=request.user).fields["mentorship"].queryset.exists()
            or not any(a.mentorship_id is None for a in own),
            "today": timezone.localdate(),
        },
    )


@login_required
def agreement_create(request):
    form = AgreementForm(request.POST or None, mentee=request.user)
    if request.method == "POST" and form.is_valid():
        agreement = actions.create_agreement(request.user, form)
        actions.acknowledge_agreement(agreement, request.user)
        messages.success(request, "Agreement saved. Your mentor(s) are asked to acknowledge it.")
        return redirect(agreement)
    if request.method == "GET":
        form.initial.setdefault("next_review_on", timezone.localdate() + timedelta(days=182))
    return render(request, "teams/agreement_form.html", {"form": form})


@login_required
def agreement(request, pk):
    agreement = get_object_or_404(_agreements_for(request.user), pk=pk)
    parties = agreement.parties()
    acknowledged = {
        a.user_id: a for a in agreement.acknowledgements.filter(version=agreement.version)
    }
    return render(
        request,
        "teams/agreement.html",
        {
            "agreement": agreement,
            "parties": [(p, acknowledged.get(p.pk)) for p in parties],
            "is_party": any(p.pk == request.user.pk for p in parties),
            "i_acknowledged": request.user.pk in acknowledged,
            "revisions": agreement.revisions.select_related("changed_by"),
            "overdue": agreement.is_review_overdue(),
        },
    )


@login_required
def agreement_edit(request, pk):
    agreement = get_object_or_404(_agreements_for(request.user), pk=pk)
    form = AgreementForm(request.POST or None, instance=agreement, mentee=agreement.mentee)
    if request.method == "POST" and form.is_valid():
        revision = actions.revise_agreement(
            agreement, form, request.user, form.cleaned_data.get("note", "")
        )
        if revision is None:
            messages.info(request, "Nothing changed.")
        else:
            messages.success(
                request,
                f"Saved as version {revision.version}. Everyone is asked to acknowledge it again.",
            )
        return redirect(agreement)
    return render(request, "teams/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
@require_POST
def agreement_acknowledge(request, pk):
    agreement = get_object_or_404(_agreements_for(request.user), pk=pk)
    actions.acknowledge_agreement(agreement, request.user)
    messages.success(request, f"You acknowledged version {agreement.version}.")
    return redirect(agreement)


# --- The mentor's view -------------------------------------------------------------


@login_required
def mentees(request):
    """Everyone this person mentors now, with the health of each relationship, and before."""
    current = list(
        Mentorship.objects.of_mentor(request.user)
        .select_related("mentee")
        .with_last_met()
        .order_by("mentee__name", "pk")
    )
    health = health_for([m.mentee for m in current])
    earlier = (
        Mentorship.objects.filter(
            mentor=request.user, status__in=(MentorshipStatus.ENDED, MentorshipStatus.PAUSED)
        )
        .select_related("mentee")
        .order_by("-ended_on", "mentee__name")
    )
    from mentorkit.programs.models import Program, ProgramCapacity

    programs = (
        Program.objects.filter(
            Q(enrollments__mentee__in=[m.mentee_id for m in current]) | Q(mentor_pool=request.user)
        )
        .distinct()
        .order_by("name")
        .annotate(
            my_capacity=Subquery(
                ProgramCapacity.objects.filter(program=OuterRef("pk"), mentor=request.user).values(
                    "capacity"
                )[:1]
            )
        )
    )
    return render(
        request,
        "teams/mentees.html",
        {
            "mentoring": [(m, health[m.mentee_id]) for m in with_links(current, "teams:mentoring")],
            "earlier": earlier,
            "programs": programs,
        },
    )


@login_required
@kept("mentoring")
def mentoring(request, pk):
    """What a mentor sees of one mentee: what was shared with the team, and their own notes."""
    mentorship = get_object_or_404(
        Mentorship.objects.of_mentor(request.user).select_related("mentee"), pk=pk
    )
    mentee = mentorship.mentee
    form = MentorNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.keep_mentor_note(form, mentorship, request.user)
        messages.success(request, "Note kept. Only you can read it.")
        return redirect("teams:mentoring", mentorship.pk)
    team_members = [m for m in _team(mentee) if m.status == MentorshipStatus.ACTIVE]
    return render(
        request,
        "teams/mentoring.html",
        {
            "mentorship": mentorship,
            "mentee": mentee,
            "team": team_members,
            "indicators": health_for([mentee])[mentee.pk],
            "needs": Need.objects.visible_to(request.user)
            .filter(mentee=mentee)
            .prefetch_related(
                Prefetch("covered_by", queryset=Mentorship.objects.select_related("mentor"))
            ),
            "insights": Insight.objects.visible_to(request.user)
            .filter(mentee=mentee)
            .select_related("source__mentor"),
            "agreements": _agreements_for(request.user).filter(mentee=mentee),
            "plan": Plan.objects.visible_to(request.user).active().filter(mentee=mentee).first(),
            "notes": MentorNote.objects.visible_to(request.user).filter(mentorship=mentorship),
            "programs": Enrollment.objects.filter(mentee=mentee).select_related("program"),
            "form": form,
        },
    )
