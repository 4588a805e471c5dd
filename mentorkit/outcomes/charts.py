"""Charts of outcomes, laid out on the server as SVG so pages and PDFs show one picture.

- `over_time`: one row per kind, one column per year, a bar per year stacked by
  result (successes, failures, withdrawn, pending), every row on one scale so kinds
  compare (one promotion is not as tall as six papers); failures are hatched, so the
  stack reads without telling green from orange.
- `funnel`: per kind, how many were submitted, how many decided, how many succeeded.

Both take plain rows (kind, result, submitted_on, decided_on), read in one query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import OutcomeKind, OutcomeResult

RESULT_COLOURS: dict[str, str] = {
    OutcomeResult.SUCCESS: "#2e7d32",
    OutcomeResult.FAILURE: "#c2410c",
    OutcomeResult.WITHDRAWN: "#8c959f",
    OutcomeResult.PENDING: "#b6c7e3",
}
STACK_ORDER = [
    OutcomeResult.SUCCESS,
    OutcomeResult.FAILURE,
    OutcomeResult.WITHDRAWN,
    OutcomeResult.PENDING,
]
# Failures are hatched (the pattern is defined in over_time.svg), not only another colour.
FILLS = {OutcomeResult.FAILURE: "url(#over-time-failure)"}
KIND_LABELS = dict(OutcomeKind.choices)
RESULT_LABELS = dict(OutcomeResult.choices)

WIDTH = 760
LABEL = 120
ROW_HEIGHT = 58
TOP = 26


@dataclass
class Segment:
    y: float
    height: float
    colour: str
    title: str


@dataclass
class Bar:
    x: float
    width: float
    total: int
    label_y: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def svg(self) -> SafeString:
        """The bar drawn, its segments and its total: written here, not in the template, as a
        decade of outcomes draws a few hundred of them (the markup is the same)."""
        parts = [
            f'<rect x="{self.x}" y="{s.y}" width="{self.width}" height="{s.height}" '
            f'fill="{s.colour}"><title>{escape(s.title)}</title></rect>'
            for s in self.segments
        ]
        if self.total:
            parts.append(
                f'<text x="{self.x}" dx="{floatformat(self.width, 0)}" y="{self.label_y}" '
                f'text-anchor="end" font-size="9" fill="#57606a">{self.total}</text>'
            )
        return mark_safe("".join(parts))  # the only text, the titles, escaped above


@dataclass
class KindRow:
    y: float
    label: str
    total: int
    bars: list[Bar]


@dataclass
class YearCount:
    """One line of the table beside the chart: a kind's outcomes in a year, by result."""

    kind: str
    year: int
    by_result: list[int]  # in STACK_ORDER
    total: int


@dataclass
class OverTime:
    width: int
    height: int
    years: list[tuple[float, int]]  # (centre x, year)
    rows: list[KindRow]
    legend: list[tuple[str, str]]
    total: int
    peak: int = 0  # the tallest bar, the one scale of every row
    table: list[YearCount] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def results(self) -> list[str]:
        return [RESULT_LABELS[r] for r in STACK_ORDER]

    def description(self) -> str:
        """The chart in words, for whoever cannot see it."""
        kinds = []
        for row in self.rows:
            counts = [0] * len(STACK_ORDER)
            for line in self.table:
                if line.kind == row.label:
                    counts = [a + b for a, b in zip(counts, line.by_result, strict=True)]
            parts = [
                f"{n} {RESULT_LABELS[r].lower()}"
                for r, n in zip(STACK_ORDER, counts, strict=True)
                if n
            ]
            kinds.append(f"{row.label} {row.total} ({', '.join(parts)})")
        return (
            f"Every row on one scale; the tallest bar is {self.peak}. "
            + "; ".join(kinds)
            + ". The table after the chart gives each year."
        )


def _year(submitted_on: date | None, decided_on: date | None) -> int | None:
    day = decided_on or submitted_on
    return day.year if day else None


def over_time(rows) -> OverTime:
    """`rows` of (kind, result, submitted_on, decided_on)."""
    counts: Counter = Counter()
    for kind, result, submitted_on, decided_on in rows:
        year = _year(submitted_on, decided_on)
        if year is not None:
            counts[(kind, year, result)] += 1
    years_present = sorted({year for (_k, year, _r) in counts})
    kinds = [k for k in KIND_LABELS if any(key[0] == k for key in counts)]
    legend = [(RESULT_LABELS[r], FILLS.get(r, RESULT_COLOURS[r])) for r in STACK_ORDER]
    if not years_present:
        return OverTime(WIDTH, 0, [], [], legend, 0)
    years = list(range(years_present[0], years_present[-1] + 1))
    column = (WIDTH - LABEL - 10) / len(years)
    # One scale for every kind, so that rows compare.
    peak = max(sum(counts[(k, y, r)] for r in STACK_ORDER) for k in kinds for y in years) or 1
    scale = (ROW_HEIGHT - 18) / peak
    bar_width = round(min(column * 0.6, 36), 1)
    centres = [round(LABEL + column * (i + 0.5), 1) for i in range(len(years))]
    rows_out = []
    for index, kind in enumerate(kinds):
        top = TOP + index * ROW_HEIGHT
        per_year = {year: [counts[(kind, year, r)] for r in STACK_ORDER] for year in years}
        bars = []
        for centre, year in zip(centres, years, strict=True):
            bottom: float = top + ROW_HEIGHT - 6
            total = sum(per_year[year])
            bar = Bar(
                round(centre - bar_width / 2, 1),
                bar_width,
                total,
                round(bottom - total * scale - 3, 1),
            )
            for result, n in zip(STACK_ORDER, per_year[year], strict=True):
                if not n:
                    continue
                height = round(n * scale, 1)
                bottom = round(bottom - height, 1)
                bar.segments.append(
                    Segment(
                        bottom,
                        height,
                        FILLS.get(result, RESULT_COLOURS[result]),
                        f"{KIND_LABELS[kind]} {year}: {n} {RESULT_LABELS[result].lower()}",
                    )
                )
            bars.append(bar)
        rows_out.append(
            KindRow(top, KIND_LABELS[kind], sum(sum(v) for v in per_year.values()), bars)
        )
    table = []
    for kind in kinds:
        for year in years:
            by_result = [counts[(kind, year, r)] for r in STACK_ORDER]
            if any(by_result):
                table.append(YearCount(KIND_LABELS[kind], year, by_result, sum(by_result)))
    return OverTime(
        WIDTH,
        TOP + len(kinds) * ROW_HEIGHT + 4,
        list(zip(centres, years, strict=True)),
        rows_out,
        legend,
        sum(counts.values()),
        peak,
        table,
    )


@dataclass
class Stage:
    y: int
    label: str
    count: int
    width: float
    share: int  # percent of submitted


@dataclass
class FunnelRow:
    y: float
    label: str
    stages: list[Stage]


@dataclass
class Funnel:
    width: int
    height: int
    rows: list[FunnelRow]
    colours: list[str]

    @property
    def empty(self) -> bool:
        return not self.rows

    def description(self) -> str:
        """The funnel in words, for whoever cannot see it."""
        return (
            "; ".join(
                f"{row.label}: " + ", ".join(f"{s.count} {s.label}" for s in row.stages)
                for row in self.rows
            )
            + "."
        )


FUNNEL_COLOURS = ["#b6c7e3", "#6f8fc4", "#2e7d32"]
FUNNEL_ROW = 64
FUNNEL_BAR = 16


def funnel(rows) -> Funnel:
    """Per kind: submitted (every outcome of the kind) → decided → success."""
    submitted: Counter = Counter()
    decided: Counter = Counter()
    success: Counter = Counter()
    for kind, result, _submitted_on, _decided_on in rows:
        submitted[kind] += 1
        if result in (OutcomeResult.SUCCESS, OutcomeResult.FAILURE):
            decided[kind] += 1
        if result == OutcomeResult.SUCCESS:
            success[kind] += 1
    kinds = [k for k in KIND_LABELS if submitted[k]]
    plot = WIDTH - LABEL - 70
    peak = max(submitted.values(), default=1)
    out = []
    for index, kind in enumerate(kinds):
        stages = []
        top = 6 + index * FUNNEL_ROW
        for step, (label, n) in enumerate(
            (
                ("submitted", submitted[kind]),
                ("decided", decided[kind]),
                ("succeeded", success[kind]),
            )
        ):
            stages.append(
                Stage(
                    top + 4 + step * (FUNNEL_BAR + 2),
                    label,
                    n,
                    round(max(plot * n / peak, 1.5), 1),
                    round(100 * n / submitted[kind]),
                )
            )
        out.append(FunnelRow(top, KIND_LABELS[kind], stages))
    return Funnel(WIDTH, 10 + len(kinds) * FUNNEL_ROW, out, FUNNEL_COLOURS)
