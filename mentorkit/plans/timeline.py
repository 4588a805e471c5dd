"""The plan's timeline, laid out on the server as SVG so the page and the PDF show one picture.

Goals are rows grouped by category, years are columns over the plan's span, milestones are
diamonds (filled when done), a goal's bar runs from its start to its due date coloured by
status, and a vertical line marks today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mentorkit.core.links import link_for_each
from mentorkit.reports.svg import TimeAxis

from .models import GoalStatus, Plan

COLOURS: dict[str, str] = {
    GoalStatus.NOT_STARTED: "#8c959f",
    GoalStatus.ON_TRACK: "#2e7d32",
    GoalStatus.AT_RISK: "#c77700",
    GoalStatus.ACHIEVED: "#1f5fa8",
    GoalStatus.REVISED: "#8250df",
    GoalStatus.DROPPED: "#b3b9c0",
}
LABEL_WIDTH = 230
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
    url: str
    x1: float
    x2: float
    colour: str
    status: str
    dashed: bool
    milestones: list[Mark] = field(default_factory=list)


@dataclass
class OutcomeMark:
    x: float
    title: str
    result: str
    url: str


@dataclass
class Timeline:
    width: int
    height: int
    plot_left: int
    years: list[tuple[float, float, int]]  # (x, width, year)
    categories: list[tuple[float, str]]
    rows: list[Row]
    today_x: float | None
    legend: list[tuple[str, str]]
    outcomes: list[OutcomeMark] = field(default_factory=list)
    outcomes_y: float = 0


def layout(plan: Plan, goals, today: date, outcomes=()) -> Timeline:
    """`goals` with their milestones prefetched, in display order; `outcomes` decided inside
    the plan's span (successes and failures alike) go on a row of their own at the bottom."""
    start, end = plan.starts_on, plan.ends_on
    axis = TimeAxis(start, end, LABEL_WIDTH, WIDTH - LABEL_WIDTH - 10)
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
        label = goal.statement if len(goal.statement) <= 34 else goal.statement[:33] + "…"
        rows.append(
            Row(
                y=y,
                label=label,
                url=goal_link(goal.pk),
                x1=x(began),
                x2=max(x(goal.due_on), x(began) + 3),
                colour=COLOURS.get(goal.status, "#8c959f"),
                status=goal.get_status_display(),
                dashed=goal.status in (GoalStatus.DROPPED, GoalStatus.REVISED),
                milestones=[
                    Mark(x(m.due_on), m.title, m.done_on is not None) for m in goal.milestones.all()
                ],
            )
        )
        y += ROW
    marks = [
        OutcomeMark(
            x(o.decided_on),
            f"{o.title} — {o.get_result_display().lower()}",
            o.result,
            outcome_link(o.pk),
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
        legend=[(label, COLOURS[value]) for value, label in GoalStatus.choices],
        outcomes=marks,
        outcomes_y=outcomes_y,
    )
