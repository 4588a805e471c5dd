from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.core import kept_pages
from mentorkit.core.links import link_for_each
from mentorkit.health import health_for
from mentorkit.plans.models import Plan
from mentorkit.roles import roles_for
from mentorkit.teams.actions import ActionError
from mentorkit.teams.models import Mentorship, MentorshipStatus, Need
from mentorkit.visibility import Visibility

from . import actions, checkins, exports, imports, kept, mentors, nudges, trend
from .forms import (
    CheckInRulesForm,
    EnrollmentForm,
    InviteMenteeForm,
    NoFaultExitForm,
    NudgeForm,
    ProgramCapacityForm,
    RosterFilterForm,
)
from .models import ConfidentialExit, Program

MENTEES_PER_PAGE = 50


@login_required
def program_list(request):
    programs = Program.objects.run_by(request.user).prefetch_related("directors")
    return render(request, "programs/list.html", {"programs": programs})


def _page_number(request) -> int:
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 0
    if number < 1:
        raise Http404("No such page of mentees.")
    return number


@login_required
def program_detail(request, pk):
    """A director's dashboard and roster: the program's mentees, those who need a check-in
    first, with their health and what they marked for the program; filtered by cohort,
    status and track; a page at a time, so a large program costs what a small one does."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    if not kept_pages.plain_get(request):
        return _program_detail(request, program)
    # Kept per viewer until anything it shows moves on (kept.dashboard_state).
    parts = (request.get_full_path(), roles_for(request), kept.dashboard_state(program))
    return kept_pages.serve(
        request,
        kept_pages.key("program", request, parts),
        lambda: _program_detail(request, program),
    )


def _program_detail(request, program):
    number = _page_number(request)
    filtered = any(name in request.GET for name in RosterFilterForm.base_fields)
    filters = RosterFilterForm(request.GET if filtered else None)
    if filters.is_bound and not filters.is_valid():
        return render(
            request, "programs/detail.html", _dashboard(request, program, filters), status=400
        )
    roster = kept.with_kept_checkins(program.enrollments.all(), program)
    if filters.is_bound:
        roster = filters.filter(roster)
    enrollments, total = roster.page(number, MENTEES_PER_PAGE, order=("-attention",))
    try:
        # Counting a range costs no query: the total came with the page.
        page = Paginator(range(total), MENTEES_PER_PAGE).page(number)
    except InvalidPage as error:
        if number == 1:  # no mentee matches the filters
            page = None
        else:
            raise Http404("No such page of mentees.") from error
    mentees = [e.mentee for e in enrollments]
    # An administrator runs the roster; only a director reads health and what mentees marked
    # for the program.
    sees_records = program.sees_records
    health = health_for(mentees) if sees_records else {}
    needs: dict[int, list] = {}
    if sees_records:
        for need in Need.objects.filter(mentee__in=mentees, visibility=Visibility.PROGRAM):
            needs.setdefault(need.mentee_id, []).append(need)
    flags = checkins.flags_of(enrollments, program)
    link = link_for_each("programs:mentee", before=(program.pk,))
    for e in enrollments:
        e.link = link(e.mentee_id)
    rows = [
        (
            e,
            health.get(e.mentee_id, []),
            needs.get(e.mentee_id, []),
            checkins.reasons_cell(flags[e.pk]),
        )
        for e in enrollments
    ]
    form = InviteMenteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = actions.invite_mentee(program, request.user, **form.cleaned_data)
        except ActionError as error:
            form.add_error("invited_email", str(error))
        else:
            messages.success(request, f"Invitation sent to {invitation.invited_email}.")
            return redirect(program)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programs/detail.html",
        {
            **_dashboard(request, program, filters, form),
            "sees_records": sees_records,
            "funnel": kept.funnel(program, fresh=True),  # the roster refreshed the snapshots
            "trend": trend.cached_trend(program),
            "rows": rows,
            "total": total,
            "page": page,
            "pages": page.paginator.get_elided_page_range(page.number, on_each_side=2)
            if page
            else [],
            "query": query.urlencode(),
        },
    )


def _dashboard(request, program, filters, form=None):
    return {
        "program": program,
        "filters": filters,
        "rules": checkins.Policy.of(program).on(),
        "rows": [],
        "total": 0,
        "form": form or InviteMenteeForm(),
        "pending": program.invitations.filter(invitation_used_at__isnull=True)[:20],
    }


@login_required
def program_mentee(request, pk, mentee_id):
    """One mentee as the program sees them: their health with its reasons, whether they need
    a check-in and why, their team, the needs and the plan they shared with the program, and
    where they are in it. Never a private record."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    enrollment = get_object_or_404(
        checkins.with_checkins(program.enrollments.select_related("mentee"), program),
        mentee_id=mentee_id,
    )
    mentee = enrollment.mentee
    form = EnrollmentForm(request.POST if request.method == "POST" else None, instance=enrollment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{mentee.display_name}: {enrollment.get_status_display()}.")
        return redirect(enrollment)
    return render(
        request,
        "programs/mentee.html",
        {
            "program": program,
            "enrollment": enrollment,
            "mentee": mentee,
            "flags": checkins.flags_of([enrollment], program)[enrollment.pk],
            "indicators": health_for([mentee])[mentee.pk],
            "team": Mentorship.objects.active().filter(mentee=mentee).select_related("mentor"),
            "needs": Need.objects.filter(mentee=mentee, visibility=Visibility.PROGRAM),
            "plan": Plan.objects.visible_to(request.user).active().filter(mentee=mentee).first(),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


MENTORS_PER_PAGE = 50


@login_required
def program_mentors(request, pk):
    """The program's mentors: their mentees here, their load against their capacity, whether
    they take new mentees, and how long since they last met a mentee."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    paginator = Paginator(mentors.mentors_of(program), MENTORS_PER_PAGE)
    try:
        page = paginator.page(_page_number(request))
    except InvalidPage as error:
        raise Http404("No such page of mentors.") from error
    rows = mentors.rows_for(program, page.object_list)
    window, results = None, {}
    if program.sees_records:  # the latest closed window's results, in aggregate only
        from mentorkit.feedback.models import EvaluationWindow
        from mentorkit.feedback.results import window_results

        today = timezone.localdate()
        window = (
            EvaluationWindow.objects.filter(program=program)
            .closed_on(today)
            .order_by("-closes_on", "-pk")
            .first()
        )
        if window is not None:
            found = window_results(window, [row.mentor for row in rows]) or []
            results = {r.mentor_id: r for r in found}
    for row in rows:
        row.evaluation = results.get(row.mentor.pk)
    return render(
        request,
        "programs/mentors.html",
        {
            "program": program,
            "window": window,
            "rows": rows,
            "page": page,
            "pages": paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


@login_required
def program_export(request, pk):
    """One of the program's tables as CSV or XLSX (`?what=roster|mentors|training|checkins`,
    `&format=csv|xlsx`)."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    try:
        content, content_type, filename = exports.render(
            program,
            request.GET.get("what", "roster"),
            request.GET.get("format", "csv"),
            sees_records=program.sees_records,
        )
    except exports.ExportError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _exit_programs(mentee, mentorship):
    """The mentee's programs with a neutral contact who is not this mentor."""
    return (
        Program.objects.filter(enrollments__mentee=mentee, neutral_contact__isnull=False)
        .exclude(neutral_contact=mentorship.mentor_id)
        .select_related("neutral_contact")
        .distinct()
    )


@login_required
def exit_start(request, mentorship_pk):
    """A mentee leaves a mentorship privately, through their program's neutral contact."""
    mentorship = get_object_or_404(
        Mentorship.objects.filter(
            mentee=request.user, status__in=(MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED)
        ).select_related("mentor"),
        pk=mentorship_pk,
    )
    programs = _exit_programs(request.user, mentorship)
    if not programs.exists():
        raise Http404("No program of yours has a neutral contact.")
    form = NoFaultExitForm(request.POST if request.method == "POST" else None, programs=programs)
    if form.is_valid():
        try:
            actions.no_fault_exit(
                mentorship, request.user, form.cleaned_data["program"], form.cleaned_data["message"]
            )
        except ActionError as error:
            form.add_error(None, str(error))
        else:
            contact = form.cleaned_data["program"].neutral_contact.display_name
            messages.success(
                request,
                f"Your mentorship with {mentorship.mentor_name} has ended; to them it simply "
                f"ended. {contact} has your message and may reach out. When you are ready, "
                "you can invite another mentor in their place (My team).",
            )
            return redirect("teams:team")
    return render(
        request,
        "programs/exit.html",
        {"mentorship": mentorship, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def exits(request):
    """The confidential exits that reached this person as a program's neutral contact."""
    found = ConfidentialExit.objects.for_neutral_contact(request.user).select_related(
        "program", "mentee", "mentorship__mentor"
    )
    return render(request, "programs/exits.html", {"exits": found})


@login_required
@require_POST
def exit_handled(request, pk):
    exit_ = get_object_or_404(ConfidentialExit.objects.for_neutral_contact(request.user), pk=pk)
    exit_.handled_at = None if exit_.handled_at else timezone.now()
    exit_.save(update_fields=["handled_at"])
    return redirect("programs:exits")


IMPORT_SESSION = "mentorkit_program_import"


@login_required
def program_import(request, pk):
    """Invite many mentees, or mentors onto enrolled mentees' teams, from a CSV or XLSX file:
    upload, see the preview, then confirm."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    context = {"program": program, "columns": imports.COLUMNS}
    if request.method == "POST" and request.POST.get("step") == "confirm":
        pending = request.session.get(IMPORT_SESSION) or {}
        if pending.get("program") != program.pk or not pending.get("rows"):
            messages.error(request, "Nothing to confirm: upload the file again.")
            return redirect("programs:import", program.pk)
        try:
            count = imports.confirm(program, request.user, pending["rows"])
        except ActionError as error:  # someone was enrolled or invited meanwhile
            messages.error(request, f"Nothing was imported: {error} Upload the file again.")
            return redirect("programs:import", program.pk)
        request.session.pop(IMPORT_SESSION, None)
        if pending.get("kind") == "mentorships":
            messages.success(request, f"Invited {count} mentor{'s' if count != 1 else ''}.")
        else:
            messages.success(request, f"Invited {count} {'person' if count == 1 else 'people'}.")
        return redirect(program)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["problem"] = "Choose a CSV or XLSX file."
            return render(request, "programs/import.html", context, status=400)
        try:
            found = imports.preview(program, upload.read(), upload.name or "")
        except imports.FileProblem as error:
            context["problem"] = str(error)
            return render(request, "programs/import.html", context, status=400)
        request.session[IMPORT_SESSION] = {
            "program": program.pk,
            "kind": found.kind,
            "rows": found.as_session(),
        }
        context["preview"] = found
    return render(request, "programs/import.html", context)


@login_required
def program_nudges(request, pk):
    """Send a nudge to part of the program, and the log of those sent."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    form = NudgeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            nudge, count = nudges.send(program, request.user, **form.cleaned_data)
        except nudges.NudgeProblem as problem:
            form.add_error("audience", str(problem))
        else:
            messages.success(
                request,
                f"“{nudge.subject}” goes to {count} {'person' if count == 1 else 'people'}, "
                "each once, within minutes.",
            )
            return redirect("programs:nudges", program.pk)
    sent = list(program.nudges.select_related("sent_by")[:20])
    return render(
        request,
        "programs/nudges.html",
        {
            "program": program,
            "form": form,
            "sent": [(n, nudges.log(n)) for n in sent],
            "placeholders": nudges.PLACEHOLDERS,
        },
        status=400 if form.errors else 200,
    )


@login_required
def program_rules(request, pk):
    """A director sets when a relationship needs a check-in, and whether the program nudges
    by itself."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    form = CheckInRulesForm(request.POST if request.method == "POST" else None, instance=program)
    if form.is_valid():
        form.save()
        messages.success(request, "The check-in rules are saved; the roster follows them now.")
        return redirect(program)
    return render(
        request,
        "programs/rules.html",
        {"program": program, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def my_capacity(request, pk):
    """A mentor of the program says how many of its mentees they take."""
    from .models import ProgramCapacity, load_in

    program = get_object_or_404(Program, pk=pk)
    if not mentors.mentors_of(program).filter(pk=request.user.pk).exists():
        raise Http404("You do not mentor in this program.")
    load = load_in(program, [request.user.pk]).get(request.user.pk, 0)
    current = ProgramCapacity.objects.filter(program=program, mentor=request.user).first()
    form = ProgramCapacityForm(
        request.POST if request.method == "POST" else None,
        load=load,
        initial={"capacity": current.capacity if current else None},
    )
    if form.is_valid():
        capacity = form.cleaned_data["capacity"]
        if capacity is None:
            ProgramCapacity.objects.filter(program=program, mentor=request.user).delete()
            messages.success(request, f"No limit of your own in {program} beyond your profile's.")
        else:
            ProgramCapacity.objects.update_or_create(
                program=program, mentor=request.user, defaults={"capacity": capacity}
            )
            messages.success(request, f"You take up to {capacity} of {program}'s mentees.")
        return redirect("teams:mentees")
    return render(
        request,
        "programs/my_capacity.html",
        {"program": program, "form": form, "load": load},
        status=400 if form.errors else 200,
    )
