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
from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


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

    @property
    def state_label(self) -> str:
        """The state in words, for readers of the page who do not see its colour or shape."""
        return STATE_LABELS.get(self.state, self.state)

    @property
    def mark(self) -> SafeString:
        """The state's shape and colour (CSS), and its words for a screen reader: written in
        Python, as a table of 25 mentees shows 175 of them."""
        return format_html(
            '<span class="state {}" aria-hidden="true"></span>'
            '<span class="visually-hidden">{}:</span>',
            self.state,
            self.state_label,
        )


class Indicators(list[Indicator]):
    """A mentee's indicators, in practice order (what `health_for` answers for each)."""

    @property
    def cells(self) -> SafeString:
        """One table cell per indicator, its mark and value: a row of a program's roster or of
        a mentor's table of mentees, written in Python as such a table shows hundreds."""
        return format_html_join("", "<td>{} {}</td>", ((i.mark, i.value) for i in self))


# Each state has a colour, a shape (Indicator.mark) and words: colour is never the only signal.
STATE_LABELS = {"good": "on track", "attention": "needs attention", "missing": "missing"}


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


def compute(mentees: list, today: date) -> dict[int, list[Indicator]]:
    """Every provider, for these mentees: a fixed number of queries for any number."""
    by_practice = {practice: _providers[practice](mentees, today) for practice in PRACTICES}
    return {mentee.pk: [by_practice[p][mentee.pk] for p in PRACTICES] for mentee in mentees}


def health_for(mentees: Iterable, today: date | None = None) -> dict[int, list[Indicator]]:
    """Indicators for each mentee, keyed by mentee id, in practice order (`Indicators`: with
    their table cells).

    Kept per mentee for the day and hour, at the version of their workspace: one query when
    nothing changed; the mentees whose workspace changed since are computed again (together)
    and kept in one more.
    """
    from mentorkit.core.models import HealthSnapshot
    from mentorkit.core.versions import current_version, versions

    mentees = list(mentees)
    if not mentees:
        return {}
    today = today or timezone.localdate()
    bucket = f"{today.isoformat()}T{timezone.localtime():%H}"
    ids = [m.pk for m in mentees]
    kept = {
        mentee_id: [Indicator(**i) for i in indicators]
        for mentee_id, indicators in HealthSnapshot.objects.filter(
            mentee_id__in=ids, bucket=bucket, version=current_version()
        ).values_list("mentee_id", "indicators")
    }
    stale = [m for m in mentees if m.pk not in kept]
    if stale:
        fresh = compute(stale, today)
        at = versions([m.pk for m in stale])
        HealthSnapshot.objects.bulk_create(
            [
                HealthSnapshot(
                    mentee_id=mentee_id,
                    version=at[mentee_id],
                    bucket=bucket,
                    indicators=[asdict(i) for i in indicators],
                )
                for mentee_id, indicators in fresh.items()
            ],
            update_conflicts=True,
            unique_fields=["mentee"],
            update_fields=["version", "bucket", "indicators"],
        )
        kept.update(fresh)
    return {mentee_id: Indicators(kept[mentee_id]) for mentee_id in ids}
