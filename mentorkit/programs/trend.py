"""The program's funnel by month, drawn on the server: for each of the last twelve months,
how many mentees were enrolled at its end, how many of them had an active mentor and an
agreement then, and how many met a mentor during the month.

Four queries whatever the program's size (enrollments, their mentorships, their first
agreements, the months they met), then counted in Python: a month's state is a question of
dates, which the database would answer with one `EXISTS` per mentee per month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Case, IntegerField, Min, Value, When
from django.utils import timezone

MONTHS = 12
WIDTH = 640
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 14, 34

# Each line is told apart by its dash and its marker, not by colour alone.
SERIES = (
    ("enrolled", "Enrolled", "#1b4f8f", "", "circle"),
    ("with_mentor", "With an active mentor", "#2e7d32", "6 3", "square"),
    ("with_agreement", "… and an agreement", "#8250df", "2 3", "diamond"),
    ("met", "Met a mentor that month", "#c2410c", "8 3 2 3", "triangle"),
)


@dataclass
class Line:
    key: str
    label: str
    colour: str
    dash: str
    marker: str
    values: list[int]
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


@dataclass
class Trend:
    months: list[date]
    lines: list[Line]
    peak: int
    ticks: list[tuple[float, int]]  # (y, value) of the scale
    labels: list[tuple[float, str]]  # (x, month) under the axis
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not any(self.lines[0].values)

    @property
    def rows(self) -> list[tuple[date, list[int]]]:
        return [(m, [line.values[i] for line in self.lines]) for i, m in enumerate(self.months)]

    def description(self) -> str:
        first, last = self.months[0], self.months[-1]
        parts = [
            f"{line.label.lstrip('… ')}: from {line.values[0]} to {line.values[-1]}"
            for line in self.lines
        ]
        return (
            f"Each month from {first:%B %Y} to {last:%B %Y}. "
            + "; ".join(parts)
            + ". The table after the chart gives every month."
        )


def _month_starts(today: date) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(MONTHS):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_end(start: date) -> date:
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return following - timedelta(days=1)


CACHED_FOR = 15 * 60  # seconds: a month-by-month picture need not be live to the minute


def cached_trend(program) -> Trend:
    """The trend as the dashboard shows it: computed at most every fifteen minutes per
    program (the funnel above it is live)."""
    from django.core.cache import cache

    key = f"program-trend:{program.pk}:{timezone.localdate().isoformat()}"
    found = cache.get_or_set(key, lambda: trend(program), CACHED_FOR)
    return found if isinstance(found, Trend) else trend(program)


def trend(program, today: date | None = None) -> Trend:
    from mentorkit.meetings.models import Meeting
    from mentorkit.teams.models import Agreement, Mentorship, MentorshipStatus

    today = today or timezone.localdate()
    months = _month_starts(today)
    ends = [min(_month_end(m), today) for m in months]
    enrollments = list(program.enrollments.values_list("mentee_id", "enrolled_on", "ended_on"))
    ids = [e[0] for e in enrollments]
    mentored: dict[int, list[tuple[date | None, date | None]]] = {}
    for mentee_id, started, ended in (
        Mentorship.objects.filter(mentee_id__in=ids, started_on__isnull=False)
        .exclude(status__in=(MentorshipStatus.INVITED, MentorshipStatus.DECLINED))
        .values_list("mentee_id", "started_on", "ended_on")
    ):
        mentored.setdefault(mentee_id, []).append((started, ended))
    agreed = {
        mentee_id: timezone.localdate(first)
        for mentee_id, first in Agreement.objects.filter(mentee_id__in=ids)
        .order_by()
        .values("mentee_id")
        .annotate(first=Min("created_at"))
        .values_list("mentee_id", "first")
    }
    # Which month each meeting fell in, by comparing with the months' bounds in SQL (no
    # per-row date function: SQLite would call Python for each of thousands of meetings).
    bounds = [timezone.make_aware(datetime.combine(m, time())) for m in months]
    bounds.append(timezone.make_aware(datetime.combine(_month_end(months[-1]), time.max)))
    month_of = Case(
        *(
            When(starts_at__gte=bounds[i], starts_at__lt=bounds[i + 1], then=Value(i))
            for i in range(MONTHS)
        ),
        output_field=IntegerField(),
    )
    met = {
        (mentee_id, months[index])
        for mentee_id, index in Meeting.objects.held_or_recorded()
        .filter(mentee_id__in=ids, starts_at__gte=bounds[0], starts_at__lte=timezone.now())
        .annotate(month=month_of)
        .order_by()
        .values_list("mentee_id", "month")
        .distinct()
        if index is not None
    }
    counts = {key: [0] * MONTHS for key, *_ in SERIES}
    for mentee_id, enrolled_on, ended_on in enrollments:
        for i, end in enumerate(ends):
            if enrolled_on > end or (ended_on is not None and ended_on <= end):
                continue
            counts["enrolled"][i] += 1
            has_mentor = any(
                s is not None and s <= end and (e is None or e > end)
                for s, e in mentored.get(mentee_id, ())
            )
            if has_mentor:
                counts["with_mentor"][i] += 1
                if mentee_id in agreed and agreed[mentee_id] <= end:
                    counts["with_agreement"][i] += 1
            if (mentee_id, months[i]) in met:
                counts["met"][i] += 1
    return _lay_out(months, counts)


def _lay_out(months: list[date], counts: dict[str, list[int]]) -> Trend:
    peak = max((max(v) for v in counts.values()), default=0)
    top = max(peak, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / (MONTHS - 1)

    def y(value: int) -> float:
        return round(TOP + inner_h * (1 - value / top), 1)

    lines = []
    for key, label, colour, dash, marker in SERIES:
        values = counts[key]
        points = [(round(LEFT + i * step, 1), y(v)) for i, v in enumerate(values)]
        lines.append(Line(key, label, colour, dash, marker, values, points))
    tick_values = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    return Trend(
        months=months,
        lines=lines,
        peak=peak,
        ticks=[(y(v), v) for v in tick_values],
        labels=[(round(LEFT + i * step, 1), f"{m:%b}") for i, m in enumerate(months)],
    )
