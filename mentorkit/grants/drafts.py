"""The progress report's paragraphs as edited: a director starts from the generated paragraph
and edits it; the trainee's primary mentor confirms it; editing it again clears the
confirmation. The section (progress.md and .pdf) reads the edited text where there is one and
marks each paragraph not yet confirmed.

The trainee's primary mentor is the mentor their paragraph names first: of their active
mentorships, the first by role (primary, co-primary, research…) and then by age
(`progress.team_order`), so the page, the list and the confirmation agree.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from mentorkit.teams.models import Mentorship

from .models import ProgressDraft, TraineeRecord


class DraftForm(forms.Form):
    text = forms.CharField(
        label="Paragraph",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Starts from the paragraph built from the records. Saving a changed "
        "paragraph asks the trainee's primary mentor to confirm it again.",
    )


def team_order(mentorship: Mentorship) -> tuple[int, int]:
    """Primary mentors first, then co-primary, research…, each by when the team formed."""
    from mentorkit.teams.models import Role

    return (list(Role).index(Role(mentorship.role)), mentorship.pk)


def primary_mentorship(mentorships) -> Mentorship | None:
    """Of a trainee's mentorships, the active one their paragraph names first."""
    active = [m for m in mentorships if m.status == "active" and m.mentor_id]
    return min(active, key=team_order, default=None)


def current_draft(record: TraineeRecord, today=None) -> ProgressDraft | None:
    return ProgressDraft.objects.current(today).filter(record=record).first()


@transaction.atomic
def save_draft(record: TraineeRecord, text: str, by) -> ProgressDraft:
    """The director's paragraph, into this report's draft (begun today if there is none)."""
    draft = current_draft(record) or ProgressDraft(
        record=record, period_ends_on=timezone.localdate(), text=""
    )
    draft.edit(text.strip(), by)
    return draft


def awaiting(program) -> int:
    """How many of the program's paragraphs of this report await their mentor."""
    return (
        ProgressDraft.objects.current()
        .filter(record__program=program, confirmed_at__isnull=True)
        .count()
    )


def for_mentor(user):
    """This report's drafts whose trainee has `user` as primary mentor, awaiting first."""
    candidates = (
        ProgressDraft.objects.current()
        .filter(
            record__trainee__in=Mentorship.objects.active().filter(mentor=user).values("mentee")
        )
        .select_related("record__trainee", "record__program", "edited_by")
        .prefetch_related(
            Prefetch(
                "record__trainee__mentorships_as_mentee",
                queryset=Mentorship.objects.active(),
                to_attr="active_mentorships",
            )
        )
    )
    mine = []
    for draft in candidates:
        primary = primary_mentorship(draft.record.trainee.active_mentorships)
        if primary is not None and primary.mentor_id == user.pk:
            mine.append(draft)
    return sorted(mine, key=lambda d: (d.confirmed, d.record.trainee.display_name, d.pk))
