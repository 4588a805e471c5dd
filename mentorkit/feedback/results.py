"""What ratings add up to: a mentor's style as the mentee sees it beside their self-rating,
the trend across rounds, and anonymous program results released only in aggregate."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count

from . import instruments
from .models import Direction, EvaluationRating, EvaluationResponse, EvaluationWindow, Rating

DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "4 4"]
COLOURS = ["#0b5cad", "#1a7f4b", "#b45309", "#8250df", "#cf222e", "#0a7f8f"]


# --- The mentoring style of one mentorship -------------------------------------------------


@dataclass
class DomainRow:
    key: str
    name: str
    mentee: float | None
    self: float | None

    @property
    def gap(self) -> float | None:
        """Self-rating minus the mentee's: positive where the mentor sees themselves better."""
        if self.mentee is None or self.self is None:
            return None
        return round(self.self - self.mentee, 1)


@dataclass
class Line:
    name: str
    colour: str
    points: str  # the polyline's "x,y x,y …"
    dots: list[tuple[float, float, float]]  # x, y, value
    legend_y: int
    dash: str = ""  # each domain its own dash as well as its own colour
    values: list[float | None] = field(default_factory=list)  # per round, for the table


@dataclass
class Trend:
    width: int
    height: int
    left: int
    top: int
    plot_height: int
    ticks: list[tuple[float, int]]
    rounds: list[tuple[float, str]]
    lines: list[Line] = field(default_factory=list)
    legend_x: int = 0

    def description(self) -> str:
        """The chart in words, for whoever cannot see it."""
        first, last = self.rounds[0][1], self.rounds[-1][1]
        moves = []
        for line in self.lines:
            known = [v for v in line.values if v is not None]
            if known:
                moves.append(f"{line.name} {known[0]} to {known[-1]}")
        return (
            f"{len(self.rounds)} rounds from {first} to {last}: "
            + "; ".join(moves)
            + ". The table after the chart gives every round."
        )


def style(mentorship) -> tuple[list[DomainRow], Trend | None, int]:
    """Per domain: the mentee's latest rating beside the mentor's latest self-rating; the trend
    of the mentee's ratings per domain over rounds; the number of rounds. Two queries."""
    instrument = instruments.get(instruments.DEFAULT)
    rows = (
        Rating.objects.filter(
            feedback__mentorship=mentorship,
            feedback__direction__in=[Direction.TO_MENTOR, Direction.SELF],
            feedback__instrument=instrument.key,
        )
        .values("feedback_id", "feedback__direction", "feedback__created_at", "domain")
        .annotate(mean=Avg("value"))
        .order_by("feedback__created_at", "feedback_id", "domain")
    )
    rounds: dict[int, tuple] = {}
    means: dict[int, dict[str, float]] = defaultdict(dict)
    for row in rows:
        rounds[row["feedback_id"]] = (row["feedback__direction"], row["feedback__created_at"])
        means[row["feedback_id"]][row["domain"]] = float(row["mean"])
    mentee_rounds = [(fid, at) for fid, (d, at) in rounds.items() if d == Direction.TO_MENTOR]
    self_rounds = [(fid, at) for fid, (d, at) in rounds.items() if d == Direction.SELF]
    latest_mentee = means[mentee_rounds[-1][0]] if mentee_rounds else {}
    latest_self = means[self_rounds[-1][0]] if self_rounds else {}
    table = [
        DomainRow(
            d.key,
            d.name,
            round(latest_mentee[d.key], 1) if d.key in latest_mentee else None,
            round(latest_self[d.key], 1) if d.key in latest_self else None,
        )
        for d in instrument.domains
    ]
    return table, _trend(instrument, mentee_rounds, means), len(mentee_rounds)


def _trend(instrument, mentee_rounds, means) -> Trend | None:
    if len(mentee_rounds) < 2:
        return None
    width, height, left, top, right = 720, 230, 34, 12, 230
    plot_w, plot_h = width - left - right, height - top - 34
    low, high = instrument.low, instrument.high

    def y(value: float) -> float:
        return round(top + plot_h * (high - value) / (high - low), 1)

    step = plot_w / (len(mentee_rounds) - 1)
    xs = [round(left + i * step, 1) for i in range(len(mentee_rounds))]
    lines = []
    for i, domain in enumerate(instrument.domains):
        points = [
            (x, y(means[fid][domain.key]), round(means[fid][domain.key], 1))
            for x, (fid, _at) in zip(xs, mentee_rounds, strict=True)
            if domain.key in means[fid]
        ]
        lines.append(
            Line(
                domain.name,
                COLOURS[i % len(COLOURS)],
                " ".join(f"{px},{py}" for px, py, _ in points),
                points,
                top + 18 * i,
                DASHES[i % len(DASHES)],
                [
                    round(means[fid][domain.key], 1) if domain.key in means[fid] else None
                    for fid, _at in mentee_rounds
                ],
            )
        )
    return Trend(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_height=plot_h,
        ticks=[(y(v), v) for v in range(low, high + 1)],
        rounds=[(x, f"{at:%b %Y}") for x, (_fid, at) in zip(xs, mentee_rounds, strict=True)],
        lines=lines,
        legend_x=width - right + 12,
    )


# --- Anonymous program evaluations ---------------------------------------------------------


@dataclass(frozen=True)
class MentorResult:
    mentor_id: int
    name: str
    shown: bool
    responses: int | None = None  # only when shown: a count below the threshold says too much
    domains: tuple[tuple[str, float], ...] = ()
    comments: tuple[str, ...] = ()


def window_results(window: EvaluationWindow, mentors, day=None) -> list[MentorResult] | None:
    """Results per mentor, or None while the window is open: nothing changes visibly until it
    closes. A mentor with fewer responses than the window's threshold gets no figures and no
    comments, and not the count either. Three queries for any number of mentors."""
    if not window.is_closed(day):
        return None
    mentors = list(mentors)
    ids = [m.pk for m in mentors]
    counts = dict(
        EvaluationResponse.objects.filter(window=window, mentor_id__in=ids)
        .values_list("mentor_id")
        .annotate(n=Count("id"))
    )
    shown = {m for m, n in counts.items() if n >= window.threshold}
    means: dict[int, dict[str, float]] = defaultdict(dict)
    for row in (
        EvaluationRating.objects.filter(response__window=window, response__mentor_id__in=shown)
        .values("response__mentor_id", "domain")
        .annotate(mean=Avg("value"))
    ):
        means[row["response__mentor_id"]][row["domain"]] = round(float(row["mean"]), 1)
    comments: dict[int, list[str]] = defaultdict(list)
    for mentor_id, comment in (
        EvaluationResponse.objects.filter(window=window, mentor_id__in=shown)
        .exclude(comment="")
        .values_list("mentor_id", "comment")
    ):
        comments[mentor_id].append(comment)
    try:
        instrument = instruments.get(window.instrument)
        order = [(d.key, d.name) for d in instrument.domains]
    except KeyError:
        order = [(key, key) for key in sorted({k for m in means.values() for k in m})]
    results = []
    for mentor in mentors:
        if mentor.pk not in shown:
            results.append(MentorResult(mentor.pk, mentor.display_name, False))
            continue
        results.append(
            MentorResult(
                mentor.pk,
                mentor.display_name,
                True,
                counts[mentor.pk],
                tuple(
                    (name, means[mentor.pk][key]) for key, name in order if key in means[mentor.pk]
                ),
                tuple(shuffled(window, comments[mentor.pk])),
            )
        )
    return results


def shuffled(window: EvaluationWindow, comments: list[str]) -> list[str]:
    """Comments in an order that says nothing about when they were written: sorted by a hash
    of the window and the text, so the order is stable across page loads."""
    return sorted(
        comments, key=lambda text: hashlib.sha256(f"{window.pk}:{text}".encode()).hexdigest()
    )
