"""Meeting series, meetings, agendas, action items and disagreements."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentorkit.core.kept_pages import kept
from mentorkit.core.links import link_for_each
from mentorkit.core.redirects import safe_next
from mentorkit.teams.models import Agreement, Mentorship

from . import actions, agenda
from .forms import (
    ActionItemForm,
    AgendaItemForm,
    DisagreementForm,
    MoveMeetingForm,
    NotesForm,
    SeriesForm,
)
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Disagreement,
    Meeting,
    MeetingStatus,
    Series,
)

User = get_user_model()


def _meetings(user):
    return Meeting.objects.visible_to(user).select_related("series", "mentee")


@login_required
def meeting_list(request):
    now = timezone.now()
    visible = _meetings(request.user)
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": visible.upcoming(now).filter(starts_at__lt=now + timedelta(days=28))[:30],
            "not_recorded": visible.not_recorded(now)
            .filter(mentee=request.user)
            .order_by("-starts_at")[:20],
            "recent": visible.filter(starts_at__lt=now)
            .exclude(status=MeetingStatus.SCHEDULED)
            .order_by("-starts_at")[:10],
            "series": Series.objects.visible_to(request.user)
            .select_related("mentee")
            .prefetch_related(
                Prefetch("mentorships", queryset=Mentorship.objects.select_related("mentor"))
            ),
            "mentees": Mentorship.objects.of_mentor(request.user).select_related("mentee"),
        },
    )


def _mentee_for_new_series(request):
    """The workspace a new series belongs to: your own, or a mentee you actively mentor (?mentee=id)."""
    mentee_id = request.GET.get("mentee") or request.POST.get("mentee")
    if not mentee_id or str(mentee_id) == str(request.user.pk):
        return request.user
    mentorship = get_object_or_404(
        Mentorship.objects.of_mentor(request.user).select_related("mentee"), mentee_id=mentee_id
    )
    return mentorship.mentee


@login_required
def series_create(request):
    mentee = _mentee_for_new_series(request)
    form = SeriesForm(request.POST or None, mentee=mentee, user=request.user)
    if request.method == "POST" and form.is_valid():
        series = actions.create_series(form, mentee, request.user)
        rhythm = series.description  # "Every week on Thursday…": keep the weekday's capital
        messages.success(request, f"{series.title}: {rhythm[:1].lower()}{rhythm[1:]}.")
        return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form, "mentee": mentee})


def _agreed_cadence(series):
    mentorship_ids = [m.pk for m in series.mentorships.all()]
    agreements = Agreement.objects.filter(
        Q(mentorship_id__in=mentorship_ids) | Q(mentee_id=series.mentee_id, mentorship__isnull=True)
    )
    return min(agreements, key=lambda a: a.cadence, default=None)


@login_required
def series_detail(request, pk):
    series = get_object_or_404(
        Series.objects.visible_to(request.user).prefetch_related(
            Prefetch("mentorships", queryset=Mentorship.objects.select_related("mentor"))
        ),
        pk=pk,
    )
    now = timezone.now()
    meetings = series.meetings.all()
    return render(
        request,
        "meetings/series.html",
        {
            "series": series,
            "upcoming": meetings.filter(starts_at__gte=now)[:12],
            "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:12],
            "mismatch": series.cadence_mismatch(_agreed_cadence(series)),
        },
    )


@login_required
def series_edit(request, pk):
    series = get_object_or_404(
        Series.objects.visible_to(request.user).select_related("mentee"), pk=pk
    )
    form = SeriesForm(
        request.POST or None, instance=series, mentee=series.mentee, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        actions.update_series(form)
        messages.success(
            request, "Series saved. Meetings already recorded, moved or skipped stay as they were."
        )
        return redirect(series)
    return render(
        request,
        "meetings/series_form.html",
        {"form": form, "series": series, "mentee": series.mentee},
    )


def _agenda_context(request, meeting, conflict=False):
    items = list(meeting.agenda_items.select_related("added_by", "moved_from"))
    links = {op: link_for_each("meetings:agenda_item", op) for op in AGENDA_OPERATIONS}
    for item in items:
        item.links = {op: link(item.pk) for op, link in links.items()}
    return {
        "meeting": meeting,
        "items": items,
        "agenda_titles": {item.title for item in items},  # a suggestion already taken up
        "proposed": agenda.shortlisted(meeting, request.user),
        "topic_form": AgendaItemForm(),
        "agenda_conflict": conflict,
    }


@login_required
@kept("meeting")
def meeting_detail(request, pk):
    meeting = get_object_or_404(_meetings(request.user), pk=pk)
    return _render_meeting(request, meeting)


def _render_meeting(request, meeting, status=200, **overrides):
    """The meeting page; `overrides` replace forms that come back with errors or a conflict."""
    participants = meeting.participants()
    local_start = timezone.localtime(meeting.starts_at, meeting.series.zone).replace(tzinfo=None)
    context = _agenda_context(request, meeting)
    context.update(
        participants=participants,
        attendees=meeting.attendees.all(),
        notes_form=NotesForm(instance=meeting),
        conflict=None,
        action_items=meeting.action_items.select_related("owner"),
        action_form=ActionItemForm(participants=participants),
        disagreements=Disagreement.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("mentorship__mentor"),
        disagreement_form=DisagreementForm(meeting=meeting),
        move_form=MoveMeetingForm(meeting=meeting, initial={"starts_at": local_start}),
    )
    context.update(overrides)
    return render(request, "meetings/meeting.html", context, status=status)


@login_required
@require_POST
def meeting_notes(request, pk):
    meeting = get_object_or_404(_meetings(request.user), pk=pk)
    form = NotesForm(request.POST, instance=meeting)
    if not form.is_valid():
        return _render_meeting(request, meeting, notes_form=form)
    try:
        actions.save_notes(form, form.cleaned_data["version"])
    except actions.Conflict as conflict:
        messages.error(
            request,
            "Someone saved these notes while you were editing. Both versions are below: merge them and save again.",
        )
        retry = NotesForm(
            initial={
                "version": conflict.current.version,
                "status": form.cleaned_data["status"],
                "summary": form.cleaned_data["summary"],
                "notes": form.cleaned_data["notes"],
                "attendees": form.cleaned_data["attendees"],
            },
            instance=conflict.current,
        )
        return _render_meeting(
            request, meeting, status=409, notes_form=retry, conflict=conflict.current
        )
    messages.success(request, "Notes saved.")
    return redirect(meeting)


@login_required
@require_POST
def meeting_skip(request, pk):
    meeting = get_object_or_404(_meetings(request.user), pk=pk)
    try:
        if meeting.status == MeetingStatus.CANCELLED:
            actions.restore(meeting)
            messages.success(request, "The meeting is back on.")
        else:
            actions.skip(meeting)
            messages.success(
                request, "This meeting is skipped; the rest of the series is unchanged."
            )
    except actions.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(meeting)


@login_required
@require_POST
def meeting_move(request, pk):
    meeting = get_object_or_404(_meetings(request.user).select_related("series"), pk=pk)
    form = MoveMeetingForm(request.POST, meeting=meeting)
    if form.is_valid():
        actions.move(meeting, form.cleaned_data["starts_at"])
        messages.success(request, "Meeting moved; the rest of the series is unchanged.")
        return redirect(meeting)
    messages.error(request, " ".join(form.errors.get("starts_at", ["Enter a date and time."])))
    return redirect(meeting)


def _agenda_response(request, meeting, conflict=False):
    meeting.refresh_from_db()
    if request.htmx:
        return render(
            request, "meetings/meeting.html#agenda", _agenda_context(request, meeting, conflict)
        )
    if conflict:
        messages.error(
            request, "The agenda changed while you were looking at it; here it is as it is now."
        )
    return redirect(meeting)


def _seen_version(request):
    try:
        return int(request.POST["agenda_version"])
    except (KeyError, ValueError):
        return None


@login_required
@require_POST
def agenda_add(request, pk):
    meeting = get_object_or_404(_meetings(request.user), pk=pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            actions.add_topic(
                meeting, form.cleaned_data["title"], request.user, _seen_version(request)
            )
        except actions.Conflict:
            # Adding a topic never loses anything: add it to the agenda as it is now.
            actions.add_topic(meeting, form.cleaned_data["title"], request.user)
    return _agenda_response(request, meeting)


AGENDA_OPERATIONS = {"up", "down", "discussed", "next"}


@login_required
@require_POST
def agenda_item(request, pk, operation):
    item = get_object_or_404(
        AgendaItem.objects.filter(
            meeting__in=Meeting.objects.visible_to(request.user)
        ).select_related("meeting"),
        pk=pk,
    )
    if operation not in AGENDA_OPERATIONS:
        return HttpResponse("Unknown operation.", status=400)
    meeting = item.meeting
    try:
        if operation in ("up", "down"):
            actions.reorder(item, operation, _seen_version(request))
        elif operation == "discussed":
            actions.toggle_discussed(item, _seen_version(request))
        elif actions.move_to_next(item, _seen_version(request)) is None:
            messages.error(request, "There is no later meeting in this series to move it to.")
    except actions.Conflict:
        return _agenda_response(request, meeting, conflict=True)
    return _agenda_response(request, meeting)


@login_required
@require_POST
def action_create(request, pk):
    meeting = get_object_or_404(_meetings(request.user), pk=pk)
    form = ActionItemForm(request.POST, participants=meeting.participants())
    if form.is_valid():
        item = actions.add_action_item(form, meeting)
        messages.success(request, f"Action added for {item.owner.display_name}.")
    else:
        messages.error(request, "An action needs a title and an owner from this meeting.")
    return redirect(meeting)


@login_required
def my_actions(request):
    """Open actions I own, across all meetings and mentees; and the open actions of my own workspace."""
    visible = (
        ActionItem.objects.visible_to(request.user)
        .open()
        .select_related("owner", "mentee", "meeting__series")
    )
    return render(
        request,
        "meetings/actions.html",
        {
            "mine": visible.filter(owner=request.user).order_by("due_on", "id"),
            "others": visible.filter(mentee=request.user)
            .exclude(owner=request.user)
            .order_by("due_on", "id"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def action_status(request, pk):
    item = get_object_or_404(ActionItem.objects.visible_to(request.user), pk=pk)
    status = request.POST.get("status")
    if status not in ActionStatus.values:
        messages.error(request, "Choose open, done or dropped.")
    else:
        item.set_status(status)
        messages.success(request, f"“{item.title}” is {item.get_status_display().lower()}.")
    return redirect(safe_next(request, "meetings:actions"))


@login_required
@require_POST
def disagreement_create(request, pk):
    meeting = get_object_or_404(_meetings(request.user).select_related("series"), pk=pk)
    form = DisagreementForm(request.POST, meeting=meeting)
    if form.is_valid():
        actions.record_disagreement(form, meeting, request.user)
        messages.success(
            request, "Disagreement recorded. Naming it is a sign of a healthy relationship."
        )
        return redirect(meeting)
    return _render_meeting(request, meeting, disagreement_form=form)
