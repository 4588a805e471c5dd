"""Training-grant reporting's pages: a program's grants, appointments and trainee records (its
directors and administrators), a trainee's own record (the trainee), and the reports.

Every lookup starts from the program the person runs (`Program.objects.run_by`), or from the
person's own records: anything else is not found (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.audit import actions as audit
from mentorkit.audit.models import EventKind
from mentorkit.programs.models import Program
from mentorkit.reports.render import document

from . import checkins, committees, demographics, drafts, progress, roster, tables
from .forms import (
    AppointmentForm,
    CheckInForm,
    DegreeForm,
    NewTraineeRecordForm,
    OwnPositionForm,
    PositionForm,
    SupportYearForm,
    TraineeRecordForm,
    TrainingGrantForm,
)
from .models import (
    AlumniCheckIn,
    Appointment,
    Degree,
    Position,
    SupportYear,
    TraineeRecord,
    TrainingGrant,
)


def _program(request, pk):
    return get_object_or_404(Program.objects.run_by(request.user), pk=pk)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _page(request, template: str, context: dict, *forms):
    """The page, answered 400 when a form sent with it was refused (its errors on it)."""
    refused = any(form is not None and form.is_bound and form.errors for form in forms)
    return render(request, template, context, status=400 if refused else 200)


def _save(form):
    """Save a valid form and its many-to-many links together, or nothing."""
    with transaction.atomic():
        return form.save()


@login_required
def grants(request, pk):
    """The program's training grants, its trainees with their appointments, months of support
    and NRSA warnings, and a form to add a grant."""
    program = _program(request, pk)
    form = TrainingGrantForm(_posted(request), program=program)
    if form.is_bound and form.is_valid():
        grant = _save(form)
        messages.success(request, f"Added {grant.award_number}.")
        return redirect("grants:grants", program.pk)
    context = {
        "program": program,
        "grants": program.training_grants.prefetch_related("pd_pis"),
        "trainees": roster.trainees_of(program, with_outcomes=False),
        "form": form,
        "today": timezone.localdate(),
    }
    return _page(request, "grants/grants.html", context, form)


@login_required
def grant(request, pk, grant_id):
    """One grant: change it, see its budget periods and its appointments."""
    program = _program(request, pk)
    found = get_object_or_404(program.training_grants.all(), pk=grant_id)
    form = TrainingGrantForm(_posted(request), instance=found, program=program)
    if form.is_bound and form.is_valid():
        _save(form)
        messages.success(request, f"Saved {found.award_number}.")
        return redirect("grants:grant", program.pk, found.pk)
    context = {
        "program": program,
        "grant": found,
        "appointments": found.appointments.select_related("trainee"),
        "form": form,
    }
    return _page(request, "grants/grant.html", context, form)


@login_required
def appoint(request, pk, grant_id):
    """Appoint a mentee of the program to one of its grants."""
    program = _program(request, pk)
    found = get_object_or_404(program.training_grants.all(), pk=grant_id)
    form = AppointmentForm(_posted(request), grant=found)
    if form.is_bound and form.is_valid():
        appointment = _save(form)
        messages.success(request, f"{appointment.trainee.display_name}: appointment saved.")
        return redirect("grants:grant", program.pk, found.pk)
    context = {"program": program, "grant": found, "form": form}
    return _page(request, "grants/appointment.html", context, form)


@login_required
def appointment(request, pk, appointment_id):
    """Change an appointment: its dates, its status, the day its termination was filed."""
    program = _program(request, pk)
    found = get_object_or_404(
        Appointment.objects.filter(grant__program=program).select_related("grant", "trainee"),
        pk=appointment_id,
    )
    form = AppointmentForm(_posted(request), instance=found, grant=found.grant)
    if form.is_bound and form.is_valid():
        _save(form)
        messages.success(request, f"{found.trainee.display_name}: appointment saved.")
        return redirect("grants:grant", program.pk, found.grant_id)
    context = {"program": program, "grant": found.grant, "appointment": found, "form": form}
    return _page(request, "grants/appointment.html", context, form)


@login_required
def new_trainee(request, pk):
    """Start a trainee's record: who, when they entered, their research."""
    program = _program(request, pk)
    form = NewTraineeRecordForm(_posted(request), program=program)
    if form.is_bound and form.is_valid():
        record = _save(form)
        messages.success(request, f"Started the record of {record.trainee.display_name}.")
        return redirect("grants:trainee", program.pk, record.pk)
    return _page(request, "grants/new_trainee.html", {"program": program, "form": form}, form)


# A degree and a position share field names (institution): on a page with both, their
# fields' ids say whose they are, so each label finds its own field.
DEGREE_ID, POSITION_ID = "id_degree_%s", "id_position_%s"


@login_required
def trainee(request, pk, record_id):
    """A trainee's record as the program keeps it: entry, topic, faculty mentors, how training
    ended; support year by year, degrees, positions; their appointments and NRSA months."""
    program = _program(request, pk)
    record = get_object_or_404(
        TraineeRecord.objects.filter(program=program).select_related("trainee"), pk=record_id
    )
    which = request.POST.get("form", "record") if request.method == "POST" else None
    data = request.POST if which else None
    forms = {
        "record": TraineeRecordForm(data if which == "record" else None, instance=record),
        "support": SupportYearForm(data if which == "support" else None, record=record),
        "degree": DegreeForm(data if which == "degree" else None, record=record, auto_id=DEGREE_ID),
        "position": PositionForm(
            data if which == "position" else None, trainee=record.trainee, auto_id=POSITION_ID
        ),
    }
    if which is not None and which not in forms:
        raise Http404("No such form.")
    sent = forms.get(which or "")
    if sent is not None and sent.is_valid():
        _save(sent)
        messages.success(request, f"Saved to the record of {record.trainee.display_name}.")
        return redirect("grants:trainee", program.pk, record.pk)
    (facts,) = roster.trainees_of(program, with_outcomes=False, only=record.trainee_id)
    context = {
        "program": program,
        "record": record,
        "trainee": facts,
        "forms": forms,
        "missing_years": facts.missing_years(timezone.localdate()),
    }
    return _page(request, "grants/trainee.html", context, sent)


REMOVABLE = {"support": SupportYear, "degree": Degree, "position": Position}


@login_required
@require_POST
def remove(request, pk, record_id, kind, item_id):
    """Remove a support year, a degree or a position from a trainee's record."""
    program = _program(request, pk)
    record = get_object_or_404(TraineeRecord.objects.filter(program=program), pk=record_id)
    if kind not in REMOVABLE:
        raise Http404("Nothing of that kind to remove.")
    owner = {"trainee": record.trainee_id} if kind == "position" else {"record": record}
    item = get_object_or_404(REMOVABLE[kind].objects.filter(**owner), pk=item_id)
    item.delete()
    messages.success(request, f"Removed: {item}.")
    return redirect("grants:trainee", program.pk, record.pk)


@login_required
def position(request, pk, position_id):
    """Change a position of one of the program's trainees."""
    program = _program(request, pk)
    found = get_object_or_404(
        Position.objects.filter(trainee__trainee_records__program=program).select_related(
            "trainee"
        ),
        pk=position_id,
    )
    record = TraineeRecord.objects.get(program=program, trainee=found.trainee)
    form = PositionForm(_posted(request), instance=found, trainee=found.trainee)
    if form.is_bound and form.is_valid():
        _save(form)
        messages.success(request, f"Saved: {found}.")
        return redirect("grants:trainee", program.pk, record.pk)
    context = {"program": program, "record": record, "position": found, "form": form}
    return _page(request, "grants/position.html", context, form)


# --- a trainee's own record ------------------------------------------------------------


@login_required
def mine(request):
    """One's own training record in each program: appointments, support, degrees (add and
    remove) and positions (add, change, remove)."""
    records = list(
        TraineeRecord.objects.filter(trainee=request.user)
        .select_related("program", "committee")
        .prefetch_related("support_years", "degrees", "faculty_mentors__mentor")
    )
    which = request.POST.get("form") if request.method == "POST" else None
    degree_form, position_form = (
        None,
        OwnPositionForm(
            request.POST if which == "position" else None,
            trainee=request.user,
            auto_id=POSITION_ID,
        ),
    )
    if which == "degree":
        record = next((r for r in records if str(r.pk) == request.POST.get("record")), None)
        if record is None:
            raise Http404("No such record of yours.")
        degree_form = DegreeForm(request.POST, record=record, auto_id=DEGREE_ID)
    elif which not in (None, "position"):
        raise Http404("No such form.")
    sent = degree_form if which == "degree" else position_form if which else None
    if sent is not None and sent.is_valid():
        _save(sent)
        messages.success(request, "Saved to your training record.")
        return redirect("grants:mine")
    context = {
        "records": records,
        "appointments": Appointment.objects.filter(trainee=request.user).select_related("grant"),
        "nrsa": roster.nrsa_use(
            list(Appointment.objects.filter(trainee=request.user).select_related("grant")),
            timezone.localdate(),
        ),
        "positions": Position.objects.filter(trainee=request.user).order_by("-starts_on", "-pk"),
        "degree_form": degree_form
        or DegreeForm(record=records[0] if records else None, auto_id=DEGREE_ID),
        "degree_record": request.POST.get("record") if degree_form else "",
        "position_form": position_form,
        "has_committee": any(hasattr(r, "committee") for r in records),
    }
    return _page(request, "grants/mine.html", context, sent)


@login_required
def my_position(request, position_id):
    found = get_object_or_404(Position.objects.filter(trainee=request.user), pk=position_id)
    form = OwnPositionForm(_posted(request), instance=found, trainee=request.user)
    if form.is_bound and form.is_valid():
        _save(form)
        messages.success(request, f"Saved: {found}.")
        return redirect("grants:mine")
    return _page(request, "grants/my_position.html", {"position": found, "form": form}, form)


@login_required
def check_in(request, record_id):
    """One's check-in with a program: confirm the current position, say what is new. The
    loop asks alumni once on leaving and once a year; anyone may answer on their own."""
    record = get_object_or_404(
        TraineeRecord.objects.filter(trainee=request.user).select_related("program"),
        pk=record_id,
    )
    (facts,) = roster.trainees_of(record.program, with_outcomes=False, only=request.user.pk)
    form = CheckInForm(_posted(request), current=facts.current_position)
    if form.is_bound and form.is_valid():
        checkins.answer(record, form)
        changed = form.cleaned_data.get("still_current") == "changed"
        messages.success(
            request,
            "Thank you: your program has your answer."
            + (" Add your new position below, and end the old one." if changed else ""),
        )
        return redirect("grants:mine")
    cycle = checkins.cycle_of(record, timezone.localdate())
    answered = AlumniCheckIn.objects.filter(record=record, cycle=cycle[0] if cycle else 0).first()
    context = {"record": record, "form": form, "answered": answered, "cycle": cycle}
    return _page(request, "grants/check_in.html", context, form)


MY_REMOVABLE = {"degree": ("record__trainee", Degree), "position": ("trainee", Position)}


@login_required
@require_POST
def my_remove(request, kind, item_id):
    if kind not in MY_REMOVABLE:
        raise Http404("Nothing of that kind to remove.")
    owner, model = MY_REMOVABLE[kind]
    item = get_object_or_404(model.objects.filter(**{owner: request.user}), pk=item_id)
    item.delete()
    messages.success(request, f"Removed: {item}.")
    return redirect("grants:mine")


# --- the reports --------------------------------------------------------------------------


@login_required
def reports(request, pk):
    """What each report needs and what is still missing, with the downloads. The tables read
    what trainees marked for the program: their directors alone download them."""
    program = _program(request, pk)
    sees = program.sees_records
    trainees = roster.trainees_of(program, with_outcomes=sees)
    context = {
        "program": program,
        "sees_records": sees,
        "grants": list(program.training_grants.all()),
        "trainees": trainees,
        "appointed": [t for t in trainees if t.appointments],
        "gaps": roster.gaps(trainees, with_outcomes=sees),
        "committees": committees.standings(program),
        "check_ins": checkins.standings(program),
        "answer_within": checkins.ANSWER_WITHIN_DAYS,
        "demographics": demographics.counts(program, {t.user.pk for t in trainees}),  # type: ignore[attr-defined]
        "threshold": demographics.threshold(),
        "awaiting": drafts.awaiting(program) if sees else 0,
    }
    return render(request, "grants/reports.html", context)


@login_required
def table(request, pk, table, fmt):
    """Table 5 or 8 as CSV or PDF (`?grant=ID`: of one of the program's grants)."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    if fmt not in ("csv", "pdf"):
        raise Http404("Tables come as CSV or PDF.")
    chosen = grant_in(program, request)
    report = tables.build(program, table, grant_ids=[chosen.pk] if chosen else None)
    title = f"Table {report.table} · {program.name}"
    if fmt == "pdf":
        context = {"report": report, "sections": tables.printable(report)}
        return document(request, "grants/table", context, "pdf", title)
    audit.record(EventKind.EXPORTED, f"“{title}” downloaded as CSV.", [request.user])
    response = HttpResponse(tables.to_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}-{table}.csv"'
    return response


@login_required
def progress_section(request, pk, fmt):
    """The progress report's section on trainees, as Markdown to edit or as PDF."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    if fmt not in ("md", "pdf"):
        raise Http404("The section comes as Markdown or PDF.")
    context = {"program": program, "section": progress.build(program)}
    title = f"Progress report, trainees · {program.name}"
    return document(request, "grants/progress", context, fmt, title)


@login_required
def common_metric(request, pk):
    """The CTSA common metric on careers in clinical and translational research, as CSV."""
    program = get_object_or_404(Program.objects.directed_by(request.user), pk=pk)
    title = f"CTSA common metric · {program.name}"
    audit.record(EventKind.EXPORTED, f"“{title}” downloaded as CSV.", [request.user])
    response = HttpResponse(
        progress.common_metric_csv(program), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="program-{program.pk}-common-metric.csv"'
    )
    return response


def grant_in(program, request) -> TrainingGrant | None:
    """The program's grant named by `?grant=ID`, None without one; 404 for any other."""
    value = request.GET.get("grant")
    if not value:
        return None
    if not value.isdigit():
        raise Http404("No such grant.")
    return get_object_or_404(program.training_grants.all(), pk=int(value))
