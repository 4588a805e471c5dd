"""Pages that belong to no single app: home, the invitation landing page, the health check."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentorkit.accounts.adapter import PENDING_INVITATION, remember_invitation
from mentorkit.core import kept_pages
from mentorkit.core.links import with_links
from mentorkit.feedback.models import FeedbackRequest
from mentorkit.first_steps import first_steps, shown_until
from mentorkit.health import health_for
from mentorkit.meetings.models import Meeting, Series
from mentorkit.plans.models import Goal
from mentorkit.programs import actions as program_actions
from mentorkit.programs.models import Program, ProgramInvitation
from mentorkit.roles import roles_for
from mentorkit.teams import actions as team_actions
from mentorkit.teams.models import Agreement, Mentorship


@never_cache
def healthz(request):
    """Touch the database; 503 if it does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "detail": "database unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


def _home_turns(request, *, workspaces) -> datetime | None:
    """The next meeting's start; and the end of the account's first weeks, when the first
    steps go away."""
    user = request.user
    turns = [kept_pages.next_meeting(request, workspaces=workspaces)]
    if user.getting_started_dismissed_at is None:
        turns.append(shown_until(user))
    return min((t for t in turns if t and t > timezone.now()), default=None)


@login_required
@kept_pages.kept("home", turns=_home_turns)
def home(request):
    """What this person does, in the order they do it: first steps, what needs them now,
    their own mentoring, the people they mentor, the programs they direct.

    Kept per viewer until something it shows changes (`core.kept_pages`)."""
    user = request.user
    roles = roles_for(request)
    today = timezone.localdate()
    mentoring = list(
        Mentorship.objects.of_mentor(user)
        .select_related("mentee")
        .with_last_met()
        .order_by("mentee__name", "pk")
    )
    is_mentee = roles.mentee
    mentees = [m.mentee for m in mentoring]
    # Until a mentee has an active mentor, their indicators would all be red: the practices
    # start when the first mentor joins.
    has_mentor = is_mentee and Mentorship.objects.active().filter(mentee=user).exists()
    health = health_for(([user] if has_mentor else []) + mentees, today)
    overdue = []
    if is_mentee:
        overdue = list(
            Agreement.objects.filter(mentee=user, next_review_on__lt=today).select_related(
                "mentorship__mentor"
            )
        )
    to_acknowledge = [
        a
        for a in Agreement.objects.visible_to(user)
        .select_related("mentee", "mentorship__mentor")
        .prefetch_related("acknowledgements")
        if not any(
            ack.user_id == user.pk and ack.version == a.version for ack in a.acknowledgements.all()
        )
        and (a.mentee_id == user.pk or a.mentorship_id is None or a.mentorship.mentor_id == user.pk)
    ]
    # The series first, as ids: the planner then reads their meetings by series, and never
    # walks every upcoming meeting of the institution for someone who has none.
    series_ids = list(Series.objects.visible_to(user).values_list("pk", flat=True))
    meetings = Meeting.objects.filter(series_id__in=series_ids).select_related("series")
    goals_due = {"mine": 0, "theirs": 0}
    if is_mentee or mentoring:
        goals_due = (
            Goal.objects.visible_to(user)
            .due_for_review(today)
            .aggregate(
                mine=Count("pk", filter=Q(mentee=user)),
                theirs=Count("pk", filter=Q(mentee__in=[m.mentee_id for m in mentoring])),
            )
        )
    programs = []
    if roles.director:
        programs = list(
            Program.objects.run_by(user).annotate(enrolled=Count("enrollments", distinct=True))
        )
    return render(
        request,
        "home.html",
        {
            "steps": first_steps(user, roles),
            "next_meetings": meetings.upcoming()[:3] if series_ids else [],
            "not_recorded": (
                meetings.not_recorded().filter(mentee=user).count()
                if is_mentee and series_ids
                else 0
            ),
            "is_mentee": is_mentee,
            "has_mentor": has_mentor,
            "my_health": health.get(user.pk) if has_mentor else None,
            "mentoring": [
                (m, health[m.mentee_id]) for m in with_links(mentoring, "teams:mentoring")
            ],
            "programs": programs,
            "overdue_agreements": overdue,
            "to_acknowledge": to_acknowledge,
            "goals_due": goals_due["mine"],
            "mentee_goals_due": goals_due["theirs"],
            "feedback_asked_of_me": FeedbackRequest.objects.asked_of(user).select_related(
                "requested_by"
            )[:10],
            "feedback_asked_by_me": FeedbackRequest.objects.asked_by(user).select_related(
                "asked_of"
            )[:10],
        },
    )


@login_required
@require_POST
def dismiss_first_steps(request):
    """Hide the first steps on the home page; the pages they lead to stay where they are."""
    request.user.getting_started_dismissed_at = timezone.now()
    request.user.save(update_fields=["getting_started_dismissed_at"])
    messages.info(request, "First steps hidden. Each is still in the menu.")
    return redirect("home")


INVITATION_KINDS = {"mentorship": Mentorship, "program": ProgramInvitation}


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, kind, token):
    """Where an invitation link lands: see who invites you, then accept or decline."""
    model = INVITATION_KINDS.get(kind)
    found = model.objects.by_token(token).first() if model else None
    if found is None:
        return render(
            request,
            "invitation.html",
            {"problem": "This invitation link is not valid. Check that you copied all of it."},
            status=404,
        )
    problem = found.invitation_problem
    if problem:
        request.session.pop(PENDING_INVITATION, None)
        return render(
            request, "invitation.html", {"problem": problem, "invitation": found}, status=410
        )
    if request.method == "GET":
        if not request.user.is_authenticated:
            remember_invitation(request, kind, token, found.invited_email)
        return render(request, "invitation.html", {"invitation": found, "kind": kind})
    answer = request.POST.get("answer")
    try:
        if answer == "decline":
            if kind == "mentorship":
                team_actions.decline_mentorship(found)
            else:
                program_actions.decline_program_invitation(found)
            request.session.pop(PENDING_INVITATION, None)
            return render(request, "invitation.html", {"declined": True, "invitation": found})
        if answer != "accept":
            return render(
                request,
                "invitation.html",
                {"invitation": found, "kind": kind, "problem_inline": "Choose accept or decline."},
                status=400,
            )
        if not request.user.is_authenticated:
            remember_invitation(request, kind, token, found.invited_email)
            return redirect("account_login")
        if kind == "mentorship":
            # Beyond what the mentor said they can take: they confirm, once, on this page.
            load = Mentorship.objects.of_mentor(request.user).count()
            beyond = request.user.beyond_capacity(load)
            confirmed = request.POST.get("beyond_capacity") == "yes"
            if beyond and not confirmed and not found.refusal_for(request.user):
                return render(
                    request,
                    "invitation.html",
                    {"invitation": found, "kind": kind, "beyond_capacity": beyond},
                )
            mentorship = team_actions.accept_mentorship(found, request.user)
            messages.success(
                request, f"You joined {mentorship.mentee.display_name}'s mentoring team."
            )
            target = redirect("teams:mentoring", mentorship.pk)
        else:
            enrollment = program_actions.accept_program_invitation(found, request.user)
            whom = "" if enrollment is not None else " as one of its mentors"
            messages.success(request, f"You joined {found.program}{whom}.")
            target = redirect("home")
    except team_actions.ActionError as error:
        return render(
            request,
            "invitation.html",
            {"invitation": found, "kind": kind, "problem_inline": str(error)},
            status=400,
        )
    request.session.pop(PENDING_INVITATION, None)
    return target
