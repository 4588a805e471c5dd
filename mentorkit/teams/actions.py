"""Writes that touch several records or send mail; each one a transaction."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind
from mentorkit.core.versions import bump
from mentorkit.mail import absolute_url, send_templated

from .models import (
    PUBLIC_END_REASONS,
    Acknowledgement,
    Agreement,
    AgreementRevision,
    EndReason,
    Insight,
    MentorNote,
    Mentorship,
    MentorshipStatus,
    Need,
    Role,
)


class ActionError(Exception):
    """A request that cannot be carried out, with a message for the user."""


def invitation_url(kind: str, token: str) -> str:
    return absolute_url(reverse("invitation", args=[kind, token]))


@transaction.atomic
def invite_mentor(
    mentee, *, invited_email: str, invited_name: str = "", **fields
) -> tuple[Mentorship, str]:
    """Invite someone onto the mentee's team; returns the mentorship and the link sent."""
    email = invited_email.strip().lower()
    if email == mentee.email:
        raise ActionError("You cannot invite yourself as your own mentor.")
    open_ = Mentorship.objects.open().filter(mentee=mentee)
    if open_.filter(mentor__email=email).exists():
        raise ActionError(f"{email} is already on your team.")
    if open_.filter(status=MentorshipStatus.INVITED, invited_email=email).exists():
        raise ActionError(f"{email} already has an invitation waiting for an answer.")
    mentorship = Mentorship(mentee=mentee, invited_email=email, invited_name=invited_name, **fields)
    token = mentorship.issue_token()
    try:
        with transaction.atomic():
            mentorship.save()
    except IntegrityError as exc:  # a concurrent identical invitation
        raise ActionError(f"{email} already has an invitation waiting for an answer.") from exc
    return mentorship, _send_invitation(mentorship, token)


def _send_invitation(mentorship: Mentorship, token: str) -> str:
    url = invitation_url("mentorship", token)
    record(
        EventKind.MENTORSHIP_INVITED,
        f"{mentorship.invited_email} invited as {mentorship.get_role_display()} mentor.",
        [mentorship.mentee],
        mentorship=mentorship.pk,
    )
    send_templated(
        "teams/email/invitation",
        mentorship.invited_email,
        {"mentorship": mentorship, "mentee": mentorship.mentee, "url": url},
    )
    return url


@transaction.atomic
def resend_invitation(mentorship: Mentorship) -> str:
    """Send an unanswered invitation again with a new link (the old one stops working): one
    that expired, or one of a team imported from another instance, which has no link yet."""
    if mentorship.status != MentorshipStatus.INVITED:
        raise ActionError("Only an invitation not yet answered can be sent again.")
    token = mentorship.issue_token()
    # Only while it is still unanswered: an acceptance under way wins.
    sent = Mentorship.objects.filter(
        pk=mentorship.pk, status=MentorshipStatus.INVITED, invitation_used_at__isnull=True
    ).update(
        token_hash=mentorship.token_hash, invitation_expires_at=mentorship.invitation_expires_at
    )
    if not sent:
        raise ActionError("This invitation has just been answered.")
    bump([mentorship.mentee_id])
    return _send_invitation(mentorship, token)


def _claim(mentorship: Mentorship) -> None:
    """Mark the link used; only one request can win, so a link works exactly once."""
    if mentorship.invitation_problem:
        raise ActionError(mentorship.invitation_problem)
    claimed = Mentorship.objects.filter(
        pk=mentorship.pk, invitation_used_at__isnull=True, status=MentorshipStatus.INVITED
    ).update(invitation_used_at=timezone.now())
    if not claimed:
        raise ActionError("This invitation has already been answered; each link works once.")


@transaction.atomic
def accept_mentorship(mentorship: Mentorship, mentor) -> Mentorship:
    if mentor.pk == mentorship.mentee_id:
        raise ActionError("This invitation is for a mentor; you cannot join your own team.")
    if refusal := mentorship.refusal_for(mentor):
        raise ActionError(refusal)
    if Mentorship.objects.open().filter(mentee_id=mentorship.mentee_id, mentor=mentor).exists():
        raise ActionError("You are already on this mentee's team.")
    _claim(mentorship)
    mentorship.mentor = mentor
    mentorship.status = MentorshipStatus.ACTIVE
    mentorship.started_on = mentorship.started_on or timezone.localdate()
    if not mentorship.discipline:
        mentorship.discipline = mentor.discipline
    mentorship.save(update_fields=["mentor", "status", "started_on", "discipline"])
    inherit(mentorship)
    record(
        EventKind.MENTORSHIP_STATUS,
        f"{mentorship}: invitation accepted, now active.",
        [mentorship.mentee, mentor],
        mentorship=mentorship.pk,
    )
    send_templated(
        "teams/email/accepted",
        mentorship.mentee.email,
        {"mentorship": mentorship, "url": absolute_url(reverse("teams:team"))},
    )
    return mentorship


def inherit(mentorship: Mentorship) -> tuple[Agreement | None, int]:
    """A mentor who accepted in the place of an ended mentorship takes over what the mentee
    consented to: the earlier mentorship's own agreement, copied as version 1 for both to
    acknowledge (a team agreement binds every mentor already), and the open action items the
    earlier mentor owned. Returns the new agreement and how many items changed hands."""
    earlier = mentorship.replaces
    if earlier is None or earlier.mentee_id != mentorship.mentee_id:
        return None, 0
    agreement = None
    old = Agreement.objects.filter(mentorship=earlier).first()
    if mentorship.inherit_agreement and old is not None:
        today = timezone.localdate()
        terms = {field: getattr(old, field) for field in Agreement.TERMS}
        if terms["next_review_on"] <= today:
            terms["next_review_on"] = today + timedelta(days=91)
        agreement = Agreement.objects.create(
            mentee=mentorship.mentee, mentorship=mentorship, version=1, **terms
        )
        AgreementRevision.objects.create(
            agreement=agreement,
            version=1,
            changed_by=mentorship.mentee,
            changes={},
            note=f"Started from the agreement with {earlier.mentor_name}.",
        )
    moved = 0
    if mentorship.inherit_actions and earlier.mentor_id and mentorship.mentor_id:
        from mentorkit.meetings.models import ActionItem

        moved = (
            ActionItem.objects.open()
            .filter(mentee=mentorship.mentee, owner_id=earlier.mentor_id)
            .update(owner=mentorship.mentor)
        )
    return agreement, moved


@transaction.atomic
def decline_mentorship(mentorship: Mentorship) -> Mentorship:
    _claim(mentorship)
    mentorship.status = MentorshipStatus.DECLINED
    mentorship.save(update_fields=["status"])
    record(
        EventKind.MENTORSHIP_STATUS,
        f"The invitation to {mentorship.invited_email} was declined.",
        [mentorship.mentee],
        mentorship=mentorship.pk,
    )
    send_templated(
        "teams/email/declined",
        mentorship.mentee.email,
        {"mentorship": mentorship, "url": absolute_url(reverse("teams:team"))},
    )
    return mentorship


NEXT_STATUSES: dict[str, set[str]] = {
    MentorshipStatus.INVITED: {MentorshipStatus.ENDED},  # withdrawn
    MentorshipStatus.ACTIVE: {MentorshipStatus.PAUSED, MentorshipStatus.ENDED},
    MentorshipStatus.PAUSED: {MentorshipStatus.ACTIVE, MentorshipStatus.ENDED},
}


def change_status(mentorship: Mentorship, status: str) -> list[str]:
    """Move the mentorship to `status`; returns the fields changed."""
    if status == mentorship.status:
        return []
    if status not in NEXT_STATUSES.get(mentorship.status, set()):
        if mentorship.status == MentorshipStatus.INVITED:
            raise ActionError(
                "An invitation not yet answered can only be withdrawn (status 'ended')."
            )
        if mentorship.status in (MentorshipStatus.ENDED, MentorshipStatus.DECLINED):
            raise ActionError(
                f"This mentorship is {mentorship.status}; send a new invitation to work together again."
            )
        raise ActionError(f"A mentorship cannot go from {mentorship.status} to {status}.")
    fields = ["status"]
    if mentorship.status == MentorshipStatus.INVITED:
        # A withdrawn invitation's link stops working.
        mentorship.invitation_used_at = timezone.now()
        fields.append("invitation_used_at")
    mentorship.status = status
    if status == MentorshipStatus.ENDED and mentorship.ended_on is None:
        mentorship.ended_on = timezone.localdate()
        fields.append("ended_on")
    return fields


@transaction.atomic
def create_agreement(mentee, form) -> Agreement:
    agreement = form.save(commit=False)
    agreement.mentee = mentee
    agreement.save()
    AgreementRevision.objects.create(
        agreement=agreement, version=1, changed_by=mentee, changes={}, note="Agreement written."
    )
    return agreement


@transaction.atomic
def revise_agreement(agreement: Agreement, form, user, note: str = "") -> AgreementRevision | None:
    """Save changed terms as a new version that every party must acknowledge again."""
    before = Agreement.objects.select_for_update().get(pk=agreement.pk)
    after = form.save(commit=False)
    changes = {}
    for field in Agreement.TERMS:
        old, new = before.term_display(field), after.term_display(field)
        if old != new:
            label = str(getattr(Agreement._meta.get_field(field), "verbose_name", field))
            changes[label[:1].upper() + label[1:]] = [old, new]
    if not changes:
        return None
    after.version = before.version + 1
    after.updated_at = timezone.now()
    after.save()
    return AgreementRevision.objects.create(
        agreement=after, version=after.version, changed_by=user, changes=changes, note=note
    )


def acknowledge_agreement(agreement: Agreement, user) -> Acknowledgement:
    acknowledgement, _ = Acknowledgement.objects.get_or_create(
        agreement=agreement, user=user, version=agreement.version
    )
    return acknowledgement


@transaction.atomic
def update_mentorship(form) -> Mentorship:
    """Save what the mentee changed on a mentorship (the web form)."""
    stored = Mentorship.objects.select_for_update().get(pk=form.instance.pk)
    return change_mentorship(stored, {name: form.cleaned_data[name] for name in form.fields})


@transaction.atomic
def change_mentorship(mentorship: Mentorship, changes: dict) -> Mentorship:
    """Apply the mentee's changes; its status moves only as NEXT_STATUSES allow.

    Raises ActionError, saving nothing, for a change of status that is not allowed. A change
    of role or status is a security event for both people on the mentorship.
    """
    before_status, before_role = mentorship.status, mentorship.role
    status = changes.pop("status", None)
    fields = []
    for name, value in changes.items():
        if getattr(mentorship, name) != value:
            setattr(mentorship, name, value)
            fields.append(name)
    if status is not None:
        fields += change_status(mentorship, status)
    if fields:
        mentorship.save(update_fields=fields)
    parties = [mentorship.mentee, mentorship.mentor]
    if mentorship.status != before_status:
        record(
            EventKind.MENTORSHIP_STATUS,
            f"{mentorship}: {MentorshipStatus(before_status).label.lower()} → "
            f"{mentorship.get_status_display().lower()}.",
            parties,
            mentorship=mentorship.pk,
        )
    if mentorship.role != before_role:
        record(
            EventKind.MENTORSHIP_ROLE,
            f"{mentorship.mentor_name} for {mentorship.mentee}: role {Role(before_role).label} → "
            f"{mentorship.get_role_display()}.",
            parties,
            mentorship=mentorship.pk,
        )
    return mentorship


@transaction.atomic
def end_mentorship(mentorship: Mentorship, by, reason: str, note: str = "") -> Mentorship:
    """Either member ends an active or paused mentorship, with a reason the other is told.

    The history stays with the mentee; the mentor's access ends with it (every lookup of a
    mentor's goes through active mentorships). Raises ActionError, saving nothing, for a
    mentorship that is not open or a person who is not on it.
    """
    if reason not in dict(PUBLIC_END_REASONS):
        raise ActionError("Choose why the mentorship ends.")
    return _end(mentorship, by, reason, note)


def end_confidentially(mentorship: Mentorship, mentee) -> Mentorship:
    """A no-fault exit (see programs.actions.no_fault_exit): to the mentor, it just ended."""
    return _end(mentorship, mentee, EndReason.CONFIDENTIAL, "")


def _end(mentorship: Mentorship, by, reason: str, note: str) -> Mentorship:
    stored = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if by.pk not in (stored.mentee_id, stored.mentor_id):
        raise ActionError("Only the mentee or the mentor can end this mentorship.")
    if stored.status not in (MentorshipStatus.ACTIVE, MentorshipStatus.PAUSED):
        raise ActionError(f"This mentorship is {stored.get_status_display().lower()}, not open.")
    confidential = reason == EndReason.CONFIDENTIAL
    stored.end_reason, stored.ended_by = reason, None if confidential else by
    stored.save(update_fields=["end_reason", "ended_by"])
    change_mentorship(stored, {"status": MentorshipStatus.ENDED})
    other = stored.mentor if by.pk == stored.mentee_id else stored.mentee
    if other is not None:
        url = absolute_url(
            reverse("teams:team" if other.pk == stored.mentee_id else "teams:mentees")
        )
        send_templated(
            "teams/email/ended",
            other.email,
            {"mentorship": stored, "by": by, "other": other, "note": note.strip(), "url": url},
        )
    return stored


def add_need(form, mentee) -> Need:
    need = form.save(commit=False)
    need.mentee = mentee
    need.save()
    return need


def toggle_cover(need: Need, mentorship: Mentorship) -> bool:
    """Whether `mentorship` covers `need` now: it did not and now does, or the other way round."""
    if need.covered_by.filter(pk=mentorship.pk).exists():
        need.covered_by.remove(mentorship)
        return False
    need.covered_by.add(mentorship)
    return True


def record_insight(form, mentee) -> Insight:
    """Keep an insight one of the mentee's mentors gave (the page and the API)."""
    insight = form.save(commit=False)
    insight.mentee = mentee
    insight.save()
    return insight


def share_with_primary(insight: Insight, share: bool) -> bool:
    """Share the insight with the primary mentor(s), or stop sharing it; True if now shared."""
    if share != (insight.shared_with_primary_at is not None):
        insight.shared_with_primary_at = timezone.now() if share else None
        insight.save(update_fields=["shared_with_primary_at"])
    return share


def toggle_insight_shared(insight: Insight) -> bool:
    """The page's button: share it if it is not shared, stop sharing it if it is."""
    return share_with_primary(insight, insight.shared_with_primary_at is None)


def keep_mentor_note(form, mentorship: Mentorship, author) -> MentorNote:
    """A private note of the mentor on the mentorship; only they will read it."""
    note = form.save(commit=False)
    note.mentorship = mentorship
    note.author = author
    note.save()
    return note
