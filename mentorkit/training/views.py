"""Mentor training: a mentor's own records, and a program's compliance list (its directors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.programs.mentors import mentors_of
from mentorkit.programs.models import Program

from . import actions
from .forms import TrainingRecordForm
from .models import TrainingRecord, refresher_months_of, standing, standings_of


@login_required
def mine(request):
    """A mentor's own training: what they took, and where they stand in each program."""
    form = TrainingRecordForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        record = actions.record_course(form, request.user)
        messages.success(request, f"Recorded: {record.course}.")
        return redirect("training:mine")
    records = list(TrainingRecord.objects.of(request.user))
    today = timezone.localdate()
    programs = Program.objects.filter(
        enrollments__mentee__mentorships_as_mentee__mentor=request.user,
        enrollments__mentee__mentorships_as_mentee__status="active",
    ).distinct()
    standings = [
        (program, standing(records[0] if records else None, refresher_months_of(program), today))
        for program in programs
    ]
    return render(
        request,
        "training/mine.html",
        {"form": form, "records": records, "standings": standings},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def delete(request, pk):
    record = get_object_or_404(TrainingRecord.objects.of(request.user), pk=pk)
    record.delete()
    messages.success(request, f"Removed: {record.course}.")
    return redirect("training:mine")


def _compliance(program):
    """Every mentor of the program with their standing under its rule."""
    return standings_of(program, mentors_of(program))


@login_required
def compliance(request, pk):
    """The program's mentor-training list: every mentor, their latest course, when the
    refresher is due, whether it was verified."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    months, rows = _compliance(program)
    counts = {status: 0 for status in ("current", "due", "overdue", "none")}
    for _, mentor_standing in rows:
        counts[mentor_standing.status] += 1
    return render(
        request,
        "training/compliance.html",
        {"program": program, "months": months, "rows": rows, "counts": counts},
    )


@login_required
def compliance_csv(request, pk):
    """The list as CSV, for the training-grant application's mentor-training plan."""
    from mentorkit.programs import exports

    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    content, content_type, _name = exports.render(program, "training", "csv")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="mentor-training-{program.pk}.csv"'
    return response


@login_required
@require_POST
def verify(request, pk, record_id):
    """A director verifies a course of one of the program's mentors (from its evidence)."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    record = get_object_or_404(
        TrainingRecord.objects.filter(mentor__in=mentors_of(program)), pk=record_id
    )
    actions.verify(record, request.user)
    messages.success(request, f"Verified: {record.course}, {record.mentor.display_name}.")
    return redirect("training:compliance", program.pk)
