"""Pages for what the reports need beyond the records: one's own reporting demographics and
a program's counts of them; the progress report's paragraphs as its directors edit them and
as each trainee's primary mentor confirms them.

Nobody but its owner opens a person's demographics; a program's directors and
administrators download counts. Paragraphs are their directors' (the section reads what
trainees marked for the program) and their trainee's primary mentor's; anyone else: 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mentorkit.audit import actions as audit
from mentorkit.audit.models import EventKind
from mentorkit.programs.models import Program

from . import demographics, drafts, progress
from .models import Demographics


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
def my_demographics(request):
    """One's reporting demographics: why they are asked, who sees them, the form."""
    answers = Demographics.objects.filter(person=request.user).first()
    form = demographics.DemographicsForm(
        request.POST if request.method == "POST" else None, instance=answers
    )
    if form.is_bound and form.is_valid():
        demographics.save_answers(form, request.user)
        messages.success(request, "Saved your answers. You may change or withdraw them.")
        return redirect("grants:my_demographics")
    context = {
        "form": form,
        "answers": answers,
        "why": demographics.WHY,
        "who_sees": demographics.WHO_SEES.format(threshold=demographics.threshold()),
    }
    return render(request, "grants/my_demographics.html", context, status=_status(form))


@login_required
@require_POST
def withdraw_demographics(request):
    if demographics.withdraw(request.user):
        messages.success(request, "Withdrawn: your answers are deleted.")
    return redirect("grants:my_demographics")


@login_required
def demographics_csv(request, pk):
    """Counts of the program's trainees' answers, small counts suppressed; never a row."""
    program = get_object_or_404(Program.objects.run_by(request.user), pk=pk)
    title = f"Reporting demographics · {program.name}"
    audit.record(EventKind.EXPORTED, f"“{title}” downloaded as CSV.", [request.user])
    response = HttpResponse(demographics.to_csv(program), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="program-{program.pk}-demographics.csv"'
    )
    return response


# --- the progress report's paragraphs -------------------------------------------------------


def _directed(request, pk):
    return get_object_or_404(Program.objects.directed_by(request.user), pk=pk)


@login_required
def paragraphs(request, pk):
    """This report's paragraphs, each as generated, edited or confirmed, to edit."""
    program = _directed(request, pk)
    section = progress.build(program)
    context = {"program": program, "section": section}
    return render(request, "grants/paragraphs.html", context)


@login_required
def paragraph(request, pk, record_id):
    """Edit one trainee's paragraph, from the generated one or the last edit."""
    program = _directed(request, pk)
    section = progress.build(program)
    found = next(
        (p for p in section.paragraphs if p.trainee.record and p.trainee.record.pk == record_id),
        None,
    )
    if found is None:
        raise Http404("No paragraph of this trainee in this report.")
    record = found.trainee.record
    form = drafts.DraftForm(
        request.POST if request.method == "POST" else None, initial={"text": found.final_text}
    )
    if form.is_bound and form.is_valid():
        draft = drafts.save_draft(record, form.cleaned_data["text"], request.user)
        messages.success(
            request,
            f"Saved the paragraph on {found.trainee.name}"
            + (": confirmed by their mentor." if draft.confirmed else
               ": it awaits their primary mentor's confirmation."),
        )  # fmt: skip
        return redirect("grants:paragraphs", program.pk)
    context = {"program": program, "paragraph": found, "generated": found.text(), "form": form}
    return render(request, "grants/paragraph.html", context, status=_status(form))


@login_required
def to_confirm(request):
    """The paragraphs of one's mentees, as their primary mentor, to read and confirm."""
    return render(request, "grants/to_confirm.html", {"drafts": drafts.for_mentor(request.user)})


@login_required
def confirm_paragraph(request, draft_id):
    """Read a mentee's paragraph and confirm it (POST): their primary mentor alone."""
    found = next((d for d in drafts.for_mentor(request.user) if d.pk == draft_id), None)
    if found is None:
        raise Http404("No such paragraph for you to confirm.")
    if request.method == "POST":
        found.confirm(request.user)
        messages.success(
            request, f"Confirmed the paragraph on {found.record.trainee.display_name}."
        )
        return redirect("grants:to_confirm")
    return render(request, "grants/confirm_paragraph.html", {"draft": found})
