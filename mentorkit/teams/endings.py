"""Endings: either member ends a mentorship; the mentee then invites someone in its place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render

from . import actions
from .forms import EndMentorshipForm, ReplaceMentorForm
from .models import Agreement, Mentorship, MentorshipStatus


@login_required
def mentorship_end(request, pk):
    """Either member ends an open mentorship, saying why; the other is told by e-mail."""
    mentorship = get_object_or_404(
        Mentorship.objects.filter(Q(mentee=request.user) | Q(mentor=request.user))
        .filter(status__in=(MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED))
        .select_related("mentee", "mentor"),
        pk=pk,
    )
    as_mentee = mentorship.mentee_id == request.user.pk
    other = mentorship.mentor_name if as_mentee else mentorship.mentee.display_name
    form = EndMentorshipForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.end_mentorship(mentorship, request.user, **form.cleaned_data)
        if as_mentee:
            messages.success(
                request,
                f"Your mentorship with {other} has ended; {other} was told. Everything you "
                "kept stays here. If you want another mentor for what it covered, invite one "
                "in their place from your team's list: they can take over the agreement and "
                "the open action items.",
            )
            return redirect("teams:team")
        messages.success(request, f"Your mentorship with {other} has ended; {other} was told.")
        return redirect("teams:mentees")
    return render(
        request,
        "teams/end.html",
        {"mentorship": mentorship, "form": form, "other": other, "as_mentee": as_mentee},
        status=400 if form.errors else 200,
    )


@login_required
def mentorship_replace(request, pk):
    """After a mentorship ended, the mentee invites a new mentor in its place, and chooses
    what the new mentor takes over: the agreement, the open action items. The plan follows
    its own visibility, as for every mentor of the team."""
    from mentorkit.meetings.models import ActionItem
    from mentorkit.plans.models import Plan

    earlier = get_object_or_404(
        Mentorship.objects.filter(mentee=request.user, status=MentorshipStatus.ENDED),
        pk=pk,
    )
    has_agreement = Agreement.objects.filter(mentorship=earlier).exists()
    open_actions = (
        ActionItem.objects.open().filter(mentee=request.user, owner_id=earlier.mentor_id).count()
        if earlier.mentor_id
        else 0
    )
    form = ReplaceMentorForm(
        request.POST if request.method == "POST" else None,
        earlier=earlier,
        has_agreement=has_agreement,
        open_actions=open_actions,
    )
    if form.is_valid():
        try:
            mentorship, url = actions.invite_mentor(
                request.user, replaces=earlier, **form.cleaned_data
            )
        except actions.ActionError as error:
            form.add_error("invited_email", str(error))
        else:
            messages.success(
                request,
                f"Invitation sent to {mentorship.invited_email}, in the place of "
                f"{earlier.mentor_name}. What you chose to hand over follows once they accept.",
            )
            request.session["last_invitation_url"] = url
            return redirect("teams:mentorship", mentorship.pk)
    plan = Plan.objects.filter(mentee=request.user).active().first()
    return render(
        request,
        "teams/replace.html",
        {"earlier": earlier, "form": form, "plan": plan},
        status=400 if form.errors else 200,
    )
