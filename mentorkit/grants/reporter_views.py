"""Awards from NIH RePORTER, on a trainee's record (its program's directors) or on one's own: upload a `projects/search` answer or search online, see what
would be added, confirm all at once (`reporter.py`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from mentorkit.programs.models import Program

from . import reporter
from .models import SupportYear, TraineeRecord


class ReporterFileForm(forms.Form):
    results = forms.FileField(
        label="RePORTER search results (JSON)",
        help_text="The answer of RePORTER's projects/search (API v2), saved as a .json file.",
    )


def known_numbers(trainee) -> list[str]:
    """Grant numbers the program recorded for the trainee's support years."""
    return list(
        SupportYear.objects.filter(record__trainee=trainee)
        .exclude(grant_number="")
        .values_list("grant_number", flat=True)
    )


def _import(request, trainee, context: dict, back: str, *back_args):
    """The page's three steps: preview (an upload or an online search), then confirm. On a
    program's page (`context["program"]`), the trainee's private grants are not read."""
    by_program = context["program"] is not None
    action = request.POST.get("action") if request.method == "POST" else None
    form = ReporterFileForm(
        request.POST if action == "upload" else None, request.FILES if action == "upload" else None
    )
    context.update(form=form, online=bool(reporter.search_url()), awards=None, error="")
    status = 200
    try:
        if action == "confirm":
            added = reporter.confirm(trainee, request.POST.get("token", ""), by_program=by_program)
            messages.success(
                request,
                f"Added {len(added)} award{'s' if len(added) != 1 else ''} from NIH RePORTER."
                if added else "Nothing to add: every award is already recorded.",
            )  # fmt: skip
            return redirect(back, *back_args)
        text = None
        if action == "upload" and form.is_valid():
            upload = form.cleaned_data["results"]
            if upload.size > reporter.MAX_BYTES:
                raise reporter.ReporterError("The file is larger than 5 MB.")
            text = upload.read()
        elif action == "search":
            text = reporter.search_online(trainee)
        elif request.method == "POST" and action != "upload":
            raise reporter.ReporterError("Upload a file or search online.")
        if text is not None:
            awards = reporter.match(
                reporter.parse(text), trainee, known_numbers(trainee), by_program=by_program
            )
            context.update(awards=awards, token=reporter.token_for(trainee, awards))
            context["adding"] = [a for a in awards if a.status == reporter.ADD]
        elif form.is_bound:
            status = 400
    except reporter.ReporterError as exc:
        if action == "upload":
            form.add_error("results", str(exc))
        else:
            context["error"] = str(exc)
        status = 400
    return render(request, "grants/reporter.html", context, status=status)


@login_required
def for_record(request, pk, record_id):
    """On a trainee's record, for the program's directors (the awards go into the trainee's
    outcomes, marked for the program)."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    record = get_object_or_404(
        TraineeRecord.objects.filter(program=program).select_related("trainee"), pk=record_id
    )
    context = {"program": program, "record": record, "trainee": record.trainee}
    return _import(request, record.trainee, context, "grants:trainee", program.pk, record.pk)


@login_required
def mine(request):
    """On one's own record."""
    if not TraineeRecord.objects.filter(trainee=request.user).exists():
        raise Http404("No program keeps a training record of yours.")
    context = {"program": None, "record": None, "trainee": request.user}
    return _import(request, request.user, context, "grants:mine")
