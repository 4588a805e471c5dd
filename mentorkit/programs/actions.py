from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mentorkit.mail import absolute_url, send_templated
from mentorkit.teams.actions import ActionError

from .models import Enrollment, ProgramInvitation


@transaction.atomic
def invite_mentee(program, director, *, invited_email: str, invited_name: str, cohort_year: int):
    email = invited_email.strip().lower()
    if Enrollment.objects.filter(program=program, mentee__email=email).exists():
        raise ActionError(f"{email} is already enrolled in {program}.")
    invitation = ProgramInvitation(
        program=program,
        invited_email=email,
        invited_name=invited_name,
        cohort_year=cohort_year,
        invited_by=director,
    )
    token = invitation.issue_token()
    invitation.save()
    url = absolute_url(reverse("invitation", args=["program", token]))
    send_templated("programs/email/invitation", email, {"invitation": invitation, "url": url})
    return invitation, url


@transaction.atomic
def accept_program_invitation(invitation: ProgramInvitation, user) -> Enrollment:
    if invitation.invitation_problem:
        raise ActionError(invitation.invitation_problem)
    if refusal := invitation.refusal_for(user):
        raise ActionError(refusal)
    claimed = ProgramInvitation.objects.filter(
        pk=invitation.pk, invitation_used_at__isnull=True
    ).update(invitation_used_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise ActionError("This invitation has already been answered; each link works once.")
    enrollment, _ = Enrollment.objects.get_or_create(
        program=invitation.program, mentee=user, defaults={"cohort_year": invitation.cohort_year}
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
