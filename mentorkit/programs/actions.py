from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentorkit.mail import absolute_url, send_templated
from mentorkit.teams.actions import ActionError

from .models import Enrollment, ProgramInvitation


@transaction.atomic
def invite_mentee(
    program,
    director,
    *,
    invited_email: str,
    invited_name: str,
    cohort_year: int,
    track: str = "",
    as_mentor: bool = False,
):
    """Invite someone to join the program as a mentee (enrolled in a cohort), or with
    `as_mentor` as one of its mentors (its mentor pool)."""
    email = invited_email.strip().lower()
    if not as_mentor and Enrollment.objects.filter(program=program, mentee__email=email).exists():
        raise ActionError(f"{email} is already enrolled in {program}.")
    if as_mentor and program.mentor_pool.filter(email=email).exists():
        raise ActionError(f"{email} is already one of the mentors of {program}.")
    waiting = ProgramInvitation.objects.filter(
        program=program,
        invited_email=email,
        invitation_used_at__isnull=True,
        invitation_expires_at__gt=timezone.now(),
    )
    if waiting.exists():
        raise ActionError(f"{email} already has an invitation to {program} waiting for an answer.")
    invitation = ProgramInvitation(
        program=program,
        invited_email=email,
        invited_name=invited_name,
        cohort_year=cohort_year,
        track=track,
        as_mentor=as_mentor,
        invited_by=director,
    )
    token = invitation.issue_token()
    invitation.save()
    url = absolute_url(reverse("invitation", args=["program", token]))
    send_templated("programs/email/invitation", email, {"invitation": invitation, "url": url})
    return invitation, url


@transaction.atomic
def accept_program_invitation(invitation: ProgramInvitation, user) -> Enrollment | None:
    """Join the program: enrolled as a mentee, or (an invitation `as_mentor`) among its
    mentors, when the enrollment is None."""
    if invitation.invitation_problem:
        raise ActionError(invitation.invitation_problem)
    if refusal := invitation.refusal_for(user):
        raise ActionError(refusal)
    claimed = ProgramInvitation.objects.filter(
        pk=invitation.pk, invitation_used_at__isnull=True
    ).update(invitation_used_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise ActionError("This invitation has already been answered; each link works once.")
    if invitation.as_mentor:
        invitation.program.mentor_pool.add(user)
        return None
    enrollment, _ = Enrollment.objects.get_or_create(
        program=invitation.program,
        mentee=user,
        defaults={"cohort_year": invitation.cohort_year, "track": invitation.track},
    )
    return enrollment


@transaction.atomic
def decline_program_invitation(invitation: ProgramInvitation) -> None:
    if invitation.invitation_problem:
        raise ActionError(invitation.invitation_problem)
    claimed = ProgramInvitation.objects.filter(
        pk=invitation.pk, invitation_used_at__isnull=True
    ).update(invitation_used_at=timezone.now())
    if not claimed:
        raise ActionError("This invitation has already been answered; each link works once.")


@transaction.atomic
def no_fault_exit(mentorship, mentee, program, message: str = ""):
    """A mentee leaves a mentorship privately through the program's neutral contact.

    The neutral contact receives the mentee's words and can help; the mentorship ends, and
    to the mentor and everyone else it simply "ended". Raises ActionError, saving nothing,
    when the program has no neutral contact or the mentee is not enrolled in it.
    """
    from mentorkit.teams.actions import end_confidentially

    from .models import ConfidentialExit

    if program.neutral_contact_id is None:
        raise ActionError(f"{program} has no neutral contact; end the mentorship instead.")
    if not Enrollment.objects.filter(program=program, mentee=mentee).exists():
        raise ActionError(f"You are not enrolled in {program}.")
    if program.neutral_contact_id == mentorship.mentor_id:
        raise ActionError("The program's neutral contact is this mentor; end it instead.")
    end_confidentially(mentorship, mentee)
    exit_ = ConfidentialExit.objects.create(
        program=program, mentee=mentee, mentorship=mentorship, message=message.strip()
    )
    url = absolute_url(reverse("programs:exits"))
    send_templated(
        "programs/email/exit",
        program.neutral_contact.email,
        {"exit": exit_, "program": program, "mentee": mentee, "mentorship": mentorship, "url": url},
    )
    return exit_
