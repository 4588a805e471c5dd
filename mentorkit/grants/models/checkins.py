"""An alumnus's answer to a yearly check-in: their current position confirmed (or not), and
what is new in a few words. One per record and cycle: cycle 0 on leaving, cycle n n years
after (`checkins.cycle_of`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .trainees import Position, TraineeRecord


class AlumniCheckIn(models.Model):
    record = models.ForeignKey(TraineeRecord, on_delete=models.CASCADE, related_name="check_ins")
    cycle = models.PositiveSmallIntegerField(help_text="0 on leaving, then 1, 2… years after.")
    confirmed_position = models.ForeignKey(
        Position, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    update = models.TextField(
        "what is new",
        blank=True,
        help_text="A new position, grant or paper, an award, anything the program should know.",
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "cycle"], name="one_answer_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.record.trainee} check-in {self.cycle}"
