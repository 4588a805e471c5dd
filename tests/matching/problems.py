"""Small random matching problems, and an optimum computed without the solver.

The check is a min-cost flow written as a linear program for `scipy.optimize.linprog`
(HiGHS): source → mentee (up to its slots), mentee → mentor (one arc per allowed pair, at
most 1, exactly 1 when pinned), mentor → sink (one arc per place, the k-th costing
(k-1) × spread). A network LP has integral optimal vertices, so its optimum is the best
matching's value — reached by another formulation, another algorithm, and no big constant
for "as many matches as possible" (the flow's size is fixed instead).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter

import numpy as np
from hypothesis import strategies as st
from scipy.optimize import linprog

from mentorkit.matching.solver import Mentee, Mentor, Problem, ScoredPair, Solution

SCORES = st.one_of(
    st.sampled_from([0.5, 1.0, 0.25, 0.0, -0.5]),  # ties, a zero and a negative
    st.floats(-0.5, 1, allow_nan=False).map(lambda x: round(x, 3)),
)


@st.composite
def problems(draw, objective="max_score", several_slots: bool | None = None) -> Problem:
    """A problem of 1–6 mentees and 1–5 mentors, most pairs scored, with pins, exclusions
    and maybe a spread. Half of them (unless `several_slots` says) have a mentee who asks
    for several mentors.

    `objective`: a name, or a strategy drawing one.
    """
    if not isinstance(objective, str):
        objective = draw(objective)
    if several_slots is None:
        several_slots = draw(st.booleans())
    slots = st.sampled_from([1, 2, 3, 1, 0]) if several_slots else st.sampled_from([1, 1, 1, 0])
    mentees = [Mentee(f"e{i}", draw(slots)) for i in range(draw(st.integers(1, 6)))]
    capacities = st.sampled_from([1, 1, 2, 3, 0])
    mentors = [Mentor(f"m{j}", draw(capacities)) for j in range(draw(st.integers(1, 5)))]
    pairs = [(e.id, m.id) for e in mentees for m in mentors]
    scored = [pair for pair in pairs if draw(st.sampled_from([True, True, True, False]))]
    scores = [ScoredPair(e, m, draw(SCORES)) for e, m in scored]
    # Pins within capacities and slots, drawn from the scored pairs.
    room = {m.id: m.capacity for m in mentors}
    wanted = {e.id: e.slots for e in mentees}
    pinned = []
    for e, m in draw(st.lists(st.sampled_from(scored), unique=True, max_size=2)) if scored else []:
        if room[m] > 0 and wanted[e] > 0:
            pinned.append((e, m))
            room[m] -= 1
            wanted[e] -= 1
    free = [pair for pair in pairs if pair not in pinned]
    forbidden = draw(st.lists(st.sampled_from(free), unique=True, max_size=2)) if free else []
    spread = draw(st.sampled_from([0.0, 0.0, 0.1, 0.25, 0.6]))
    return Problem(
        mentees=tuple(mentees),
        mentors=tuple(mentors),
        scores=tuple(scores),
        pinned=tuple(pinned),
        forbidden=tuple(forbidden),
        objective=objective,
        spread=spread,
    )


def value(problem: Problem, solution: Solution) -> float:
    """What the solver maximises: the scores less (k-1) × spread for each mentor's k-th mentee."""
    load = Counter(a.mentor for a in solution.assignments)
    penalty = sum(n * (n - 1) / 2 for n in load.values()) * problem.spread
    return math.fsum(a.score for a in solution.assignments) - penalty


def flow_optimum(problem: Problem, matches: int | None = None) -> float:
    """The best value of a matching (of exactly `matches` pairs, if given), by min-cost flow."""
    mentees = {m.id: i for i, m in enumerate(problem.mentees)}
    mentors = {m.id: j for j, m in enumerate(problem.mentors)}
    forbidden = set(problem.forbidden)
    arcs = [(s.mentee, s.mentor, s.score) for s in problem.scores]
    arcs = [arc for arc in arcs if (arc[0], arc[1]) not in forbidden]
    sinks = [(m.id, k) for m in problem.mentors for k in range(m.capacity)]
    # Columns: sources (one per mentee), arcs, sinks. Rows: conservation at each node.
    n_e, n_a, n_s = len(mentees), len(arcs), len(sinks)
    columns = n_e + n_a + n_s
    equations = np.zeros((n_e + len(mentors), columns))
    for i in range(n_e):
        equations[i, i] = 1
    for a, (e, m, _) in enumerate(arcs):
        equations[mentees[e], n_e + a] = -1
        equations[n_e + mentors[m], n_e + a] = 1
    for s, (m, _) in enumerate(sinks):
        equations[n_e + mentors[m], n_e + n_a + s] = -1
    right = np.zeros(len(equations))
    if matches is not None:
        size = np.zeros(columns)
        size[:n_e] = 1
        equations, right = np.vstack([equations, size]), np.append(right, matches)
    pinned = set(problem.pinned)
    bounds = (
        [(0, e.slots) for e in problem.mentees]
        + [(1, 1) if (e, m) in pinned else (0, 1) for e, m, _ in arcs]
        + [(0, 1)] * n_s
    )
    cost = np.concatenate(
        [np.zeros(n_e), [-score for *_, score in arcs], [k * problem.spread for _, k in sinks]]
    )
    if not columns:
        return 0.0
    result = linprog(cost, A_eq=equations, b_eq=right, bounds=bounds, method="highs")
    assert result.status == 0, result.message
    return -result.fun


def most_matches(problem: Problem) -> int:
    """The largest number of pairs any matching has (pins in), by max flow."""
    flat = Problem(
        mentees=problem.mentees,
        mentors=problem.mentors,
        scores=tuple(ScoredPair(s.mentee, s.mentor, 1.0) for s in problem.scores),
        pinned=problem.pinned,
        forbidden=problem.forbidden,
    )
    return round(flow_optimum(flat))


def check_feasible(problem: Problem, solution: Solution) -> None:
    """Capacities, slots, pins, exclusions, only scored pairs, each pair once."""
    pairs = [(a.mentee, a.mentor) for a in solution.assignments]
    scores = problem.scores_by_pair()
    assert len(pairs) == len(set(pairs))
    assert set(problem.pinned) <= set(pairs)
    assert not set(problem.forbidden) & set(pairs)
    assert all(a.score == scores[a.mentee, a.mentor] for a in solution.assignments)
    per_mentor = Counter(m for _, m in pairs)
    per_mentee = Counter(e for e, _ in pairs)
    assert all(per_mentor[m.id] <= m.capacity for m in problem.mentors)
    assert all(per_mentee[e.id] <= e.slots for e in problem.mentees)
    short = [e.id for e in problem.mentees if per_mentee[e.id] < e.slots]
    assert list(solution.unmatched) == sorted(short)
    assert solution.total == math.fsum(a.score for a in solution.assignments)


@st.composite
def stable_problems(draw, pins: bool = False, several_slots: bool | None = None) -> Problem:
    """A random problem with each side ranking some of the other, best first."""
    problem = draw(problems(several_slots=several_slots))

    def ranking(others: list[str]) -> tuple[str, ...]:
        order = draw(st.permutations(others))
        return tuple(order[: draw(st.integers(0, len(order)))])

    mentor_ids = [m.id for m in problem.mentors]
    mentee_ids = [e.id for e in problem.mentees]
    return dataclasses.replace(
        problem,
        objective="stable",
        spread=0.0,
        pinned=problem.pinned if pins else (),
        mentee_ranks={e: ranking(mentor_ids) for e in mentee_ids},
        mentor_ranks={m: ranking(mentee_ids) for m in mentor_ids},
    )


def blocks(problem: Problem, matched: set[tuple[str, str]], mentee: str, mentor: str) -> bool:
    """Whether (mentee, mentor) blocks `matched`, straight from the definition."""
    if (mentee, mentor) in matched or (mentee, mentor) in set(problem.forbidden):
        return False
    if (mentee, mentor) not in problem.scores_by_pair():
        return False
    mentee_list = problem.mentee_ranks.get(mentee, ())
    mentor_list = problem.mentor_ranks.get(mentor, ())
    if mentor not in mentee_list or mentee not in mentor_list:
        return False

    def place(ranked: tuple[str, ...], who: str) -> int:
        return ranked.index(who) if who in ranked else len(ranked)  # unranked: below all

    mine = [m for e, m in matched if e == mentee]
    theirs = [e for e, m in matched if m == mentor]
    slots = next(e.slots for e in problem.mentees if e.id == mentee)
    capacity = next(m.capacity for m in problem.mentors if m.id == mentor)
    mentee_wants = len(mine) < slots or any(
        place(mentee_list, mentor) < place(mentee_list, m) for m in mine
    )
    mentor_wants = len(theirs) < capacity or any(
        place(mentor_list, mentee) < place(mentor_list, e) for e in theirs
    )
    return mentee_wants and mentor_wants
