"""The plan's timeline, laid out on the server as SVG so the page and the PDF show one picture.

Goals are rows grouped by category, each labelled with its whole statement (wrapped, never
cut), years are columns over the plan's span, milestones are diamonds (filled when done),
a goal's bar runs from its start to its due date, and a vertical line marks today. A bar's
status shows in its colour and, for readers who cannot tell colours apart, in its shape:
a hollow bar has not started, a dashed one was revised, a thin struck line was dropped,
and a sign at the end marks a goal at risk (!) or achieved (✓). Decided outcomes are
points on a row of their own: a filled disc for a success, a cross for a failure.

The picture is an image (no links inside); `timeline_table.html` gives the same facts as
a table with the links.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mentorkit.core.links import link_for_each
from mentorkit.reports.svg import TimeAxis

from .models import GoalStatus, Plan

COLOURS: dict[str, str] = {
    GoalStatus.NOT_STARTED: "#57606a",
    GoalStatus.ON_TRACK: "#2e7d32",
    GoalStatus.AT_RISK: "#c77700",
    GoalStatus.ACHIEVED: "#1f5fa8",
    GoalStatus.REVISED: "#8250df",
    GoalStatus.DROPPED: "#6e7781",
}
# How each status is drawn besides its colour: the bar's shape and a sign at its end.
SHAPES: dict[str, tuple[str, str]] = {
    GoalStatus.NOT_STARTED: ("hollow", ""),
    GoalStatus.ON_TRACK: ("solid", ""),
    GoalStatus.AT_RISK: ("solid", "!"),
    GoalStatus.ACHIEVED: ("solid", "✓"),
    GoalStatus.REVISED: ("dashed", ""),
    GoalStatus.DROPPED: ("thin", "✕"),
}
LABEL_WIDTH = 300
LABEL_CHARS = 44  # per line at font-size 11 in the label column
LINE = 13
WIDTH = 900
ROW = 22
TOP = 34
CATEGORY_ROW = 20


@dataclass
class Mark:
    x: float
    title: str
    done: bool


@dataclass
class Row:
    y: float
    label: str
    lines: list[str]
    url: str
    x1: float
    x2: float
    colour: str
    status: str
    shape: str  # solid, hollow, dashed or thin
    sign: str
    category: str
    began: date
    due: date
    milestones: list[Mark] = field(default_factory=list)

    @property
    def bar_y(self) -> float:
        return self.y + 6

    @property
    def bar_width(self) -> float:
        return round(self.x2 - self.x1, 1)

    @property
    def sign_x(self) -> float:
        return round(self.x2 + 5, 1)

    @property
    def milestones_done(self) -> int:
        return sum(m.done for m in self.milestones)

    @property
    def svg(self) -> SafeString:
        """The row drawn: its label, its bar, its sign and its milestones. Written here, not in
        the template, as a plan of 40 goals draws 200 milestones (the markup is the same)."""
        y = int(self.y)
        struck = ' text-decoration="line-through"' if self.shape == "thin" else ""
        next_line = ' dy="13"'
        spans = "".join(
            f'<tspan x="12"{next_line if i else ""}>{escape(line)}</tspan>'
            for i, line in enumerate(self.lines)
        )
        parts = [
            f'\n  <text x="12" y="{y + 14}" fill="#1b1f24"{struck}>{spans}'
            f"<title>{escape(self.label)} — {escape(self.status)}</title></text>\n  ",
            bar(self.shape, self.colour, self.x1, self.bar_y, self.bar_width),
            "\n  ",
        ]
        if self.sign:
            parts.append(
                f'<text x="{self.sign_x}" y="{y + 14}" font-weight="bold" '
                f'fill="{self.colour}">{escape(self.sign)}</text>'
            )
        parts.append("\n  ")
        parts += [
            f'<path d="M{m.x} {y + 4} l5 6 l-5 6 l-5 -6 z" '
            f'fill="{"#1b1f24" if m.done else "#ffffff"}" stroke="#1b1f24" stroke-width="1.2">'
            f"<title>{escape(m.title)}{' (done)' if m.done else ''}</title></path>"
            for m in self.milestones
        ]
        parts.append("\n  ")
        return mark_safe("".join(parts))  # every text in it escaped above


def bar(shape: str, colour: str, x: float, y: float, width: float) -> str:
    """A goal's bar in its status's shape (as `timeline_bar.svg` draws it for the legend)."""
    if shape == "hollow":
        return (
            f'<rect x="{x}" y="{y}" width="{width}" height="8" rx="4" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="1.5"/>'
        )
    if shape == "dashed":
        return (
            f'<rect x="{x}" y="{y}" width="{width}" height="8" rx="4" fill="#ffffff" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="4 2"/>'
        )
    if shape == "thin":
        return f'<rect x="{x}" y="{int(y) + 3}" width="{width}" height="2" fill="{colour}"/>'
    return f'<rect x="{x}" y="{y}" width="{width}" height="8" rx="4" fill="{colour}"/>'


@dataclass
class OutcomeMark:
    x: float
    title: str
    result: str
    url: str
    name: str = ""
    decided_on: date | None = None
    result_label: str = ""


@dataclass
class Timeline:
    width: int
    height: int
    plot_left: int
    years: list[tuple[float, float, int]]  # (x, width, year)
    categories: list[tuple[float, str]]
    rows: list[Row]
    today_x: float | None
    legend: list[tuple[str, str, str, str]]  # (label, colour, shape, sign)
    outcomes: list[OutcomeMark] = field(default_factory=list)
    outcomes_y: float = 0

    def description(self) -> str:
        """The picture in words, for whoever cannot see it."""
        statuses = [row.status for row in self.rows]
        words = [
            ", ".join(
                f"{statuses.count(label)} {label.lower()}"
                for label in GoalStatus.labels
                if label in statuses
            )
        ]
        marks = [m for row in self.rows for m in row.milestones]
        if marks:
            words.append(f"{sum(m.done for m in marks)} of {_count(len(marks), 'milestone')} done")
        if self.outcomes:
            won = sum(o.result == "success" for o in self.outcomes)
            lost = len(self.outcomes) - won
            words.append(
                f"{_count(len(self.outcomes), 'outcome')} decided: "
                f"{_count(won, 'success', 'successes')}, {_count(lost, 'failure')}"
            )
        return "; ".join(w for w in words if w) + ". The table after the picture lists each."


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def layout(plan: Plan, goals, today: date, outcomes=()) -> Timeline:
    """`goals` with their milestones prefetched, in display order; `outcomes` decided inside
    the plan's span (successes and failures alike) go on a row of their own at the bottom."""
    start, end = plan.starts_on, plan.ends_on
    axis = TimeAxis(start, end, LABEL_WIDTH, WIDTH - LABEL_WIDTH - 20)  # room for a sign
    x = axis.x
    years = axis.years()
    goal_link, outcome_link = link_for_each("plans:goal"), link_for_each("outcomes:detail")

    rows: list[Row] = []
    categories: list[tuple[float, str]] = []
    y = TOP
    current = None
    for goal in goals:
        if goal.category != current:
            current = goal.category
            categories.append((y + 14, goal.get_category_display()))
            y += CATEGORY_ROW
        began = max(goal.created_at.date(), start) if goal.created_at else start
        began = min(began, goal.due_on)
        lines = textwrap.wrap(goal.statement, LABEL_CHARS) or [""]
        shape, sign = SHAPES.get(goal.status, ("solid", ""))
        rows.append(
            Row(
                y=y,
                label=goal.statement,
                lines=lines,
                url=goal_link(goal.pk),
                x1=x(began),
                x2=max(x(goal.due_on), x(began) + 3),
                colour=COLOURS.get(goal.status, "#8c959f"),
                status=goal.get_status_display(),
                shape=shape,
                sign=sign,
                category=goal.get_category_display(),
                began=began,
                due=goal.due_on,
                milestones=[
                    Mark(x(m.due_on), m.title, m.done_on is not None) for m in goal.milestones.all()
                ],
            )
        )
        y += ROW + LINE * (len(lines) - 1)
    marks = [
        OutcomeMark(
            x(o.decided_on),
            f"{o.title} — {o.get_result_display().lower()}",
            o.result,
            outcome_link(o.pk),
            o.title,
            o.decided_on,
            o.get_result_display(),
        )
        for o in outcomes
        if o.decided_on and start <= o.decided_on <= end
    ]
    outcomes_y = 0.0
    if marks:
        categories.append((y + 14, "Outcomes"))
        outcomes_y = y + CATEGORY_ROW + 8
        y += CATEGORY_ROW + ROW
    return Timeline(
        width=WIDTH,
        height=int(y + 12),
        plot_left=LABEL_WIDTH,
        years=years,
        categories=categories,
        rows=rows,
        today_x=x(today) if plan.covers(today) else None,
        legend=[(label, COLOURS[value], *SHAPES[value]) for value, label in GoalStatus.choices],
        outcomes=marks,
        outcomes_y=outcomes_y,
    )
