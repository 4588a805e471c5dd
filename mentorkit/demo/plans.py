"""The demo's career development plans (practice 2): Amara's five-year plan with two years
of reviews, and a smaller plan for Tomás that he shares with the program.

Each goal is set with what success meant then; from then on, in the order they happened,
its milestones are ticked off, its reviews recorded and its redefinitions saved with
their reasons, each through the goal's own page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from mentorkit.plans import actions
from mentorkit.plans.forms import GoalForm, MilestoneForm, PlanForm, ReviewForm
from mentorkit.plans.models import (
    DEFINITION_FIELDS,
    Goal,
    GoalCategory,
    Plan,
    PlanStatus,
    RevisionKind,
)
from mentorkit.visibility import Visibility

from .forms import DemoError, fill
from .goals import AMARA_GOALS, Change, DemoGoal, S

if TYPE_CHECKING:
    from . import _Demo

AMARAS_PLAN = {
    "title": "KL2 to K23: remote monitoring after heart-failure discharge",
    "starts_on": date(2024, 7, 1),
    "ends_on": date(2029, 6, 30),
    "mechanism": "KL2, then K23",
    "status": PlanStatus.ACTIVE,
    "visibility": Visibility.PROGRAM,
}
TOMAS_PLAN = {
    "title": "KL2 plan: dialysis access and health disparities",
    "starts_on": date(2023, 7, 1),
    "ends_on": date(2026, 12, 31),
    "mechanism": "KL2",
    "status": PlanStatus.ACTIVE,
    "visibility": Visibility.PROGRAM,
}
# (category, statement, measure, due, status at its last review, reviewed days ago)
TOMAS_GOALS = [
    (
        GoalCategory.RESEARCH,
        "Claims-data study of fistula placement by race and insurance",
        "Analysis complete",
        date(2026, 6, 30),
        S.ON_TRACK,
        150,
    ),
    (GoalCategory.FUNDING, "Submit a K01 or K23", "Submitted", date(2026, 10, 16), S.AT_RISK, 200),
    (
        GoalCategory.PUBLICATIONS,
        "Two first-author papers",
        "Accepted",
        date(2026, 12, 31),
        S.ON_TRACK,
        60,
    ),
]


def load(demo: _Demo) -> None:
    clock, amara = demo.clock, demo.people["mentee"]
    with clock.at(clock.ago(862)):
        plan = actions.create_plan(fill(PlanForm, AMARAS_PLAN, mentee=amara), amara, amara)
    for spec in AMARA_GOALS:
        _goal(demo, plan, spec)
    _tomas(demo)


def _goal(demo: _Demo, plan: Plan, spec: DemoGoal) -> None:
    """Set the goal as it first read, then live its story in the order it happened."""
    clock, amara = demo.clock, demo.people["mentee"]
    today = {
        "category": spec.category,
        "statement": spec.statement,
        "measure": spec.measure,
        "target": spec.target,
        "due_on": spec.due,
    }
    first = dict(today)
    for change in reversed(spec.changes):
        first.update(change.before)
    values = {
        **first,
        "rationale": spec.rationale,
        "alternatives": spec.alternatives,
        "pivot_signals": spec.pivot_signals,
        "visibility": spec.visibility,
        "mentors": [demo.team[key] for key in spec.mentors],
    }
    with clock.at(clock.ago(spec.set_days_ago)):
        goal = actions.create_goal(fill(GoalForm, values, plan=plan), plan, amara)
        milestones = [
            actions.add_milestone(
                fill(MilestoneForm, {"title": title, "due_on": due}, goal=goal), goal
            )
            for title, due, _done in spec.milestones
        ]
    # (when, order on the same moment, what happens)
    events: list[tuple[datetime, int, Callable[[], object]]] = [
        (clock.on(done, hour=17), 0, partial(actions.set_milestone_done, milestone, True))
        for milestone, (_title, _due, done) in zip(milestones, spec.milestones, strict=True)
        if done
    ]
    for i, (days, status, confidence, note) in enumerate(spec.reviews):
        mentors = spec.mentors[: 1 + i % max(len(spec.mentors), 1)]
        review: dict[str, Any] = {"status": status, "confidence": confidence, "note": note}
        review["mentors"] = [demo.team[key] for key in mentors]
        events.append((clock.ago(days, hour=11), 1, partial(_review, demo, goal, days, review)))
    for change in spec.changes:
        redefine = partial(_redefine, demo, goal, change, today)
        events.append((clock.ago(change.days, hour=15), 2, redefine))
    for moment, _order, happens in sorted(events, key=lambda e: e[:2]):
        with clock.at(moment):
            happens()
    if (goal.status, goal.confidence) != (spec.status, spec.confidence):
        raise DemoError(f"“{spec.statement}” ends {goal.status} at {goal.confidence}%.")


def _review(demo: _Demo, goal: Goal, days: int, values: dict) -> None:
    """A review on the goal's page: progress as its milestones say, unless achieved."""
    values = {**values, "reviewed_on": demo.clock.day(days)}
    if values["status"] == S.ACHIEVED:
        values["progress"] = 100
    actions.record_review(fill(ReviewForm, values, goal=goal), goal, demo.people["mentee"])


def _redefine(demo: _Demo, goal: Goal, change: Change, today: dict) -> None:
    """The goal edited: what success means now (or dropped), and why."""
    if change.kind == RevisionKind.DROPPED:
        values = {"status": S.DROPPED, "confidence": 20}
    else:
        values = {field: today[field] for field in DEFINITION_FIELDS if field in change.before}
    form = fill(GoalForm, {**values, "reason": change.reason}, instance=goal, plan=goal.plan)
    actions.update_goal(form, form.cleaned_data["version"], demo.people[change.who])


def _tomas(demo: _Demo) -> None:
    """Tomás shares his plan with the program; two of its goals are overdue for review."""
    clock, tomas = demo.clock, demo.people["tomas"]
    with clock.at(clock.ago(1200)):
        plan = actions.create_plan(fill(PlanForm, TOMAS_PLAN, mentee=tomas), tomas, tomas)
    for category, statement, measure, due, status, days in TOMAS_GOALS:
        values: dict[str, Any] = {"category": category, "statement": statement}
        values["measure"] = measure
        values.update(due_on=due, visibility=Visibility.PROGRAM)
        with clock.at(clock.ago(1100)):
            goal = actions.create_goal(fill(GoalForm, values, plan=plan), plan, tomas)
        with clock.at(clock.ago(days)):
            review = fill(ReviewForm, {"status": status, "reviewed_on": clock.day(days)}, goal=goal)
            actions.record_review(review, goal, tomas)
