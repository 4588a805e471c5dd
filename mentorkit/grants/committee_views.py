"""Committee meetings' pages: a scholar's committee as the program arranges it (its directors
and administrators), a meeting with its packet, assessments and summary (the scholar, the
committee's members, the program's directors), a member's assessment, and one's seats.

Lookups go through `Program.objects.run_by` (arranging) or `CommitteeMeeting.objects.
visible_to` (reading): anything else is not found (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.reports.render import document

from . import committees
from .forms import (
    AssessmentForm,
    CommitteeForm,
    CommitteeMeetingForm,
    CommitteeMemberForm,
    CommitteeSummaryForm,
)
from .models import Assessment, Committee, CommitteeMeeting, CommitteeMember, TraineeRecord
from .views import _page, _posted, _program


@login_required
def committee(request, pk, record_id):
    """A scholar's committee: how often it meets, its members, its meetings."""
    program = _program(request, pk)
    record = get_object_or_404(
        TraineeRecord.objects.filter(program=program).select_related("trainee"), pk=record_id
    )
    found = Committee.objects.filter(record=record).first()
    which = request.POST.get("form", "committee") if request.method == "POST" else None
    data = request.POST if which else None
    forms = {"committee": CommitteeForm(data if which == "committee" else None,
                                        instance=found, record=record)}  # fmt: skip
    if found is not None:
        forms["member"] = CommitteeMemberForm(data if which == "member" else None, committee=found)
        forms["meeting"] = CommitteeMeetingForm(
            data if which == "meeting" else None, committee=found
        )
    if which is not None and which not in forms:
        raise Http404("No such form.")
    sent = forms.get(which or "")
    if sent is not None and sent.is_valid():
        with transaction.atomic():
            sent.save()
        messages.success(request, f"Saved to the committee of {record.trainee.display_name}.")
        return redirect("grants:committee", program.pk, record.pk)
    context = {
        "program": program,
        "record": record,
        "committee": found,
        "members": found.members.select_related("person") if found else [],
        "meetings": found.meetings.all() if found else [],
        "forms": forms,
        "sees_records": program.sees_records,
    }
    return _page(request, "grants/committee.html", context, sent)


@login_required
@require_POST
def remove_member(request, pk, record_id, member_id):
    program = _program(request, pk)
    member = get_object_or_404(
        CommitteeMember.objects.filter(
            committee__record__program=program, committee__record_id=record_id
        ).select_related("person"),
        pk=member_id,
    )
    member.delete()
    messages.success(request, f"{member.person.display_name} left the committee.")
    return redirect("grants:committee", program.pk, record_id)


def _meeting(request, meeting_id) -> CommitteeMeeting:
    members = CommitteeMember.objects.select_related("person").order_by("pk")
    return get_object_or_404(
        CommitteeMeeting.objects.visible_to(request.user)
        .select_related("committee__record__trainee", "committee__record__program")
        .prefetch_related(Prefetch("committee__members", queryset=members)),
        pk=meeting_id,
    )


@login_required
def meeting(request, meeting_id):
    """A committee meeting: its packet, then each member's assessment and the chair's
    summary for the program director (written here by the chair or a director)."""
    found = _meeting(request, meeting_id)
    record = found.committee.record
    seat = committees.seat_of(found, request.user)
    directs = committees.is_director(found, request.user)
    summarizes = found.is_past and (directs or (seat is not None and seat.role == "chair"))
    form = CommitteeSummaryForm(_posted(request), instance=found) if summarizes else None
    if request.method == "POST":
        if form is None:
            raise Http404("Only the chair or a director writes the summary, after the meeting.")
        if form.is_valid():
            form.save()
            messages.success(request, "Summary saved.")
            return redirect("grants:committee_meeting", found.pk)
    assessments = list(found.assessments.select_related("member__person"))
    assessed = {a.member_id for a in assessments}
    context = {
        "meeting": found,
        "record": record,
        "packet": committees.packet(found),
        "members": found.committee.members.all(),
        "assessments": assessments,
        "waiting": [m for m in found.committee.members.all() if m.pk not in assessed],
        "seat": seat,
        "mine": next((a for a in assessments if seat and a.member_id == seat.pk), None),
        "is_trainee": record.trainee_id == request.user.pk,
        "directs": directs,
        "form": form,
    }
    return _page(request, "grants/committee_meeting.html", context, form)


@login_required
def assessment(request, meeting_id):
    """A member's written assessment, after the meeting."""
    found = _meeting(request, meeting_id)
    seat = committees.seat_of(found, request.user)
    if seat is None:
        raise Http404("Only the committee's members write an assessment.")
    mine = Assessment.objects.filter(meeting=found, member=seat).first()
    form = None
    if found.is_past:
        form = AssessmentForm(_posted(request), instance=mine, meeting=found, member=seat)
        if form.is_bound and form.is_valid():
            form.save()
            messages.success(request, "Your assessment is saved; the committee reads it.")
            return redirect("grants:committee_meeting", found.pk)
    elif request.method == "POST":
        raise Http404("The assessment is written after the meeting.")
    context = {"meeting": found, "record": found.committee.record, "seat": seat, "form": form}
    return _page(request, "grants/assessment.html", context, form)


@login_required
def summary(request, meeting_id, fmt):
    """The one-page summary for the program director: the chair's words, each member's
    ratings, what the packet held."""
    found = _meeting(request, meeting_id)
    if fmt not in ("html", "pdf"):
        raise Http404("The summary comes as HTML or PDF.")
    record = found.committee.record

    def context() -> dict:
        return {
            "meeting": found,
            "record": record,
            "packet": committees.packet(found),
            "members": found.committee.members.all(),
            "assessments": list(found.assessments.select_related("member__person")),
        }

    title = f"Committee meeting of {record.trainee.display_name}, {found.held_on:%d %b %Y}"
    return document(request, "grants/committee_summary", context, fmt, title)


@login_required
def mine(request):
    """The committees one sits on, their meetings and one's assessments still to write; and,
    for a scholar, their own committee's meetings."""
    today = timezone.localdate()
    seats = list(
        CommitteeMember.objects.filter(person=request.user)
        .select_related("committee__record__trainee", "committee__record__program")
        .prefetch_related("committee__meetings", "assessments")
        .order_by("committee__record__trainee__name", "pk")
    )
    for seat in seats:
        assessed = {a.meeting_id for a in seat.assessments.all()}
        seat.rows = [(m, m.pk in assessed) for m in seat.committee.meetings.all()]
    own = list(
        CommitteeMeeting.objects.filter(committee__record__trainee=request.user).select_related(
            "committee__record__program"
        )
    )
    return render(
        request, "grants/my_committees.html", {"seats": seats, "own": own, "today": today}
    )
