from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from mentorkit.health import health_for
from mentorkit.teams.actions import ActionError
from mentorkit.teams.models import Need
from mentorkit.visibility import Visibility

from . import actions
from .forms import InviteMenteeForm
from .models import Program

MENTEES_PER_PAGE = 50


@login_required
def program_list(request):
    programs = Program.objects.directed_by(request.user).prefetch_related("directors")
    return render(request, "programs/list.html", {"programs": programs})


@login_required
def program_detail(request, pk):
    """A director's dashboard: the program's mentees, their health, what they marked for the
    program; a page of mentees at a time, so a large program costs what a small one does."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 0
    if number < 1:
        raise Http404("No such page of mentees.")
    enrollments, total = program.enrollments.page(number, MENTEES_PER_PAGE)
    try:
        # Counting a range costs no query: the total came with the page.
        page = Paginator(range(total), MENTEES_PER_PAGE).page(number)
    except InvalidPage as error:
        raise Http404("No such page of mentees.") from error
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
            "total": total,
            "page": page,
            "pages": page.paginator.get_elided_page_range(page.number, on_each_side=2),
            "form": form,
            "pending": program.invitations.filter(invitation_used_at__isnull=True)[:20],
        },
    )
