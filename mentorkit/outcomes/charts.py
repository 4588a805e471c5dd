"""Charts of outcomes, laid out on the server as SVG so pages and PDFs show one picture.

- `over_time`: one row per kind, one column per year, a bar per year stacked by
  result (successes, failures, withdrawn, pending).
- `funnel`: per kind, how many were submitted, how many decided, how many succeeded.

Both take plain rows (kind, result, submitted_on, decided_on), read in one query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

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


@dataclass
class KindRow:
    y: float
    label: str
    total: int
    bars: list[Bar]


@dataclass
class OverTime:
    width: int
    height: int
    years: list[tuple[float, int]]  # (centre x, year)
    rows: list[KindRow]
    legend: list[tuple[str, str]]
    total: int

    @property
    def empty(self) -> bool:
        return not self.rows


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
    legend = [(RESULT_LABELS[r], RESULT_COLOURS[r]) for r in STACK_ORDER]
    if not years_present:
        return OverTime(WIDTH, 0, [], [], legend, 0)
    years = list(range(years_present[0], years_present[-1] + 1))
    column = (WIDTH - LABEL - 10) / len(years)
    bar_width = round(min(column * 0.6, 36), 1)
    centres = [round(LABEL + column * (i + 0.5), 1) for i in range(len(years))]
    rows_out = []
    for index, kind in enumerate(kinds):
        top = TOP + index * ROW_HEIGHT
        per_year = {year: [counts[(kind, year, r)] for r in STACK_ORDER] for year in years}
        peak = max(sum(v) for v in per_year.values()) or 1
        scale = (ROW_HEIGHT - 18) / peak
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
                        RESULT_COLOURS[result],
                        f"{KIND_LABELS[kind]} {year}: {n} {RESULT_LABELS[result].lower()}",
                    )
                )
            bars.append(bar)
        rows_out.append(
            KindRow(top, KIND_LABELS[kind], sum(sum(v) for v in per_year.values()), bars)
        )
    return OverTime(
        WIDTH,
        TOP + len(kinds) * ROW_HEIGHT + 4,
        list(zip(centres, years, strict=True)),
        rows_out,
        legend,
        sum(counts.values()),
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
