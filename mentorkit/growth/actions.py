"""Writes of the growth app that need more than `form.save()`."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import IndependenceMarker


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
