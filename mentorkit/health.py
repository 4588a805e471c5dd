"""Relationship health: one indicator per practice, computed from the data.

Each app registers a provider for its practice. A provider receives many
mentees at once and answers with a fixed number of queries, so a mentor's or
a director's home page costs the same whether it lists two mentees or two
hundred.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone


class State:
    GOOD = "good"
    ATTENTION = "attention"
    MISSING = "missing"
    NOT_TRACKED = "not-tracked"


PRACTICES: dict[int, str] = {
    1: "Communicate openly",
    2: "Set and adapt goals",
    3: "Two-way feedback",
    4: "What you offer",
    5: "Autonomy",
    6: "A team of mentors",
    7: "Celebrate and analyse",
}


@dataclass(frozen=True)
class Indicator:
    practice: int
    value: str
    detail: str
    state: str
    url: str = ""

    @property
    def title(self) -> str:
        return PRACTICES[self.practice]


Provider = Callable[[list, date], dict[int, Indicator]]
_providers: dict[int, Provider] = {}


def register(practice: int) -> Callable[[Provider], Provider]:
    """Register the function that computes practice `practice` for a list of mentees."""

    def decorator(func: Provider) -> Provider:
        _providers[practice] = func
        return func

    return decorator


def not_tracked(practice: int) -> Indicator:
    return Indicator(
        practice, "Not tracked yet", "This practice arrives in a later release.", State.NOT_TRACKED
    )


def health_for(mentees: Iterable, today: date | None = None) -> dict[int, list[Indicator]]:
    """Indicators for each mentee, keyed by mentee id, in practice order."""
    mentees = list(mentees)
    today = today or timezone.localdate()
    by_practice = {
        practice: (
            _providers[practice](mentees, today) if practice in _providers and mentees else {}
        )
        for practice in PRACTICES
    }
    return {
        mentee.pk: [by_practice[p].get(mentee.pk) or not_tracked(p) for p in PRACTICES]
        for mentee in mentees
    }
