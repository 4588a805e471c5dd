"""Writes to outcomes: each one a transaction, so nothing is half-saved."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Outcome, Reflection


@transaction.atomic
def save_outcome(form) -> Outcome | None:
    """Save a valid `OutcomeForm`, or answer None with the error on the form.

    The chain is checked again with the mentee's outcomes locked, so two edits at
    once cannot make a loop that neither would have made alone.
    """
    outcome, previous = form.instance, form.cleaned_data.get("previous")
    if outcome.pk and previous is not None:
        list(Outcome.objects.select_for_update().filter(mentee_id=outcome.mentee_id).values("pk"))
        if outcome.loops_with(previous):
            form.add_error("previous", f"“{previous.title}” already follows this outcome.")
            return None
    return form.save()


@transaction.atomic
def save_reflection(form, outcome: Outcome) -> Reflection:
    reflection = form.save(commit=False)
    reflection.outcome = outcome
    reflection.updated_at = timezone.now()
    reflection.save()
    form.save_m2m()
    return reflection


def celebrate(outcome: Outcome, note: str = "", day=None) -> bool:
    """Mark `outcome` celebrated; False if it was deleted since it was read."""
    outcome.celebrated_on = day or timezone.localdate()
    outcome.celebration_note = note
    return _save_celebration(outcome)


def uncelebrate(outcome: Outcome) -> bool:
    """No longer celebrated; False if `outcome` was deleted since it was read."""
    outcome.celebrated_on = None
    outcome.celebration_note = ""
    return _save_celebration(outcome)


def _save_celebration(outcome: Outcome) -> bool:
    # One UPDATE by id: a row deleted by another request since the lookup updates nothing
    # and says so, where `save(update_fields=...)` raised a DatabaseError (a 500).
    return bool(
        Outcome.objects.filter(pk=outcome.pk).update(
            celebrated_on=outcome.celebrated_on, celebration_note=outcome.celebration_note
        )
    )
