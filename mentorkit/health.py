"""Relationship health: one indicator per practice, computed from the data.

Each practice has exactly one provider, registered by the app that owns it
(`<app>/health.py`, found at start-up by `mentorkit.apps`). A second provider
for a practice is an error, and so is a practice left without one: start-up
stops with a line naming the practice. A provider receives many mentees at
once and answers with a fixed number of queries, so a mentor's or a director's
home page costs the same whether it lists two mentees or two hundred.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


class State:
    GOOD = "good"
    ATTENTION = "attention"
    MISSING = "missing"


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

    if practice not in PRACTICES:
        raise ImproperlyConfigured(f"Health: there is no practice {practice}.")

    def decorator(func: Provider) -> Provider:
        existing = _providers.get(practice)
        if existing is not None and existing is not func:
            raise ImproperlyConfigured(
                f"Health: practice {practice} already has a provider "
                f"({existing.__module__}.{existing.__qualname__}); "
                f"{func.__module__}.{func.__qualname__} cannot be a second one."
            )
        _providers[practice] = func
        return func

    return decorator


def check_registry() -> None:
    """Stop start-up when a practice has no provider."""
    missing = [f"{n} ({title})" for n, title in PRACTICES.items() if n not in _providers]
    if missing:
        raise ImproperlyConfigured(f"Health: no provider for practice {', '.join(missing)}.")


def health_for(mentees: Iterable, today: date | None = None) -> dict[int, list[Indicator]]:
    """Indicators for each mentee, keyed by mentee id, in practice order."""
    mentees = list(mentees)
    today = today or timezone.localdate()
    if not mentees:
        return {}
    by_practice = {practice: _providers[practice](mentees, today) for practice in PRACTICES}
    return {mentee.pk: [by_practice[p][mentee.pk] for p in PRACTICES] for mentee in mentees}
