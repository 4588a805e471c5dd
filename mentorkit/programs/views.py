from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from mentorkit.health import health_for
from mentorkit.teams.actions import ActionError
from mentorkit.teams.models import Need
from mentorkit.visibility import Visibility

from . import actions
from .forms import InviteMenteeForm
from .models import Program


@login_required
def program_list(request):
    programs = Program.objects.directed_by(request.user).prefetch_related("directors")
    return render(request, "programs/list.html", {"programs": programs})


@login_required
def program_detail(request, pk):
    """A director's dashboard: the program's mentees, their health, what they marked for the program."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    enrollments = list(program.enrollments.select_related("mentee"))
    mentees = [e.mentee for e in enrollments]
    health = health_for(mentees)
    needs = {}
    for need in Need.objects.filter(mentee__in=mentees, visibility=Visibility.PROGRAM):
        needs.setdefault(need.mentee_id, []).append(need)
    rows = [(e, health[e.mentee_id], needs.get(e.mentee_id, [])) for e in enrollments]
    form = InviteMenteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = actions.invite_mentee(program, request.user, **form.cleaned_data)
        except ActionError as error:
            form.add_error("invited_email", str(error))
        else:
            messages.success(request, f"Invitation sent to {invitation.invited_email}.")
            return redirect(program)
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "rows": rows,
            "form": form,
            "pending": program.invitations.filter(invitation_used_at__isnull=True)[:20],
        },
    )
