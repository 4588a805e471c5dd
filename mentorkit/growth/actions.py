"""Writes of the growth app that need more than `form.save()`."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Activity, Contribution, IndependenceMarker


def record_marker(form, mentee) -> IndependenceMarker | None:
    """Save a valid `MarkerForm` for `mentee`, or answer None with the error on the form.

    The form already refuses a kind recorded before; this catches the same kind recorded
    at the same moment (a double submit), which only the unique constraint sees.
    """
    marker = form.save(commit=False)
    marker.mentee = mentee
    try:
        with transaction.atomic():
            marker.save()
    except IntegrityError:
        form.add_error("kind", form.already_recorded(marker.kind))
        return None
    return marker


def record_contribution(form, mentee) -> Contribution:
    """Something the mentee gave one of their mentors, for the ledger."""
    contribution = form.save(commit=False)
    contribution.mentee = mentee
    contribution.save()
    return contribution


def acknowledge_contribution(contribution: Contribution) -> None:
    """The mentor it was for says thank you; once, at the first time they do."""
    if contribution.acknowledged_at is None:
        contribution.acknowledged_at = timezone.now()
        contribution.save(update_fields=["acknowledged_at"])


def add_activity(form, mentee) -> Activity:
    activity = form.save(commit=False)
    activity.mentee = mentee
    activity.save()
    return activity
