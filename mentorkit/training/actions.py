"""Writes of mentor training: a mentor records a course; a program's director verifies it."""

from __future__ import annotations

from django.utils import timezone

from .models import TrainingRecord


def record_course(form, mentor) -> TrainingRecord:
    record = form.save(commit=False)
    record.mentor = mentor
    record.save()
    return record


def verify(record: TrainingRecord, by) -> TrainingRecord:
    record.verified_by, record.verified_at = by, timezone.now()
    record.save(update_fields=["verified_by", "verified_at"])
    return record
