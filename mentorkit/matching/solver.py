"""The exact matching solver: `solve(problem)` gives a proven optimal assignment.

The public surface, for `mentorkit match solve` and a program's matching round alike:

- `parse_problem(dict) -> Problem`, refusing a malformed problem with `ProblemError`;
- `solve(Problem) -> Solution`;
- `blocking_pairs(Problem, assignments)`: who would rather be together (stable mode);
- `solution_to_dict(Solution)`: the JSON answer.

How it is exact. Pinned pairs are fixed first; the rest is a bipartite b-matching. When every
mentee still needs at most one mentor, each mentor's free places become slots (slot k of a
mentor costs (k-1) × spread, counting pinned mentees first) and scipy's Jonker-Volgenant
assignment (`min_weight_full_bipartite_matching`, the sparse form of `linear_sum_assignment`)
matches mentees to slots, a mentee's own "nobody" slot worth 0 letting them go unmatched.
Side constraints (roles asked for, group limits) make it a mixed-integer program (`sides.py`).
When a mentee needs several mentors (each a different one), the pair-variable linear program
goes to HiGHS: its constraint matrix is totally unimodular, so the optimal vertex is integral
and the LP optimum is the optimum; should HiGHS ever return a fractional point, `milp` solves
it with integrality and no gap. "max_matches" adds a constant larger than any difference of
scores to every pair, which makes the number of matches count first, exactly.

Negative scores: in "max_score" a pair is taken only when it adds something, so a pair whose
score (less its spread cost) is zero or below is never proposed; pinned pairs always are. In
"max_matches" a match is a match: a negative pair is taken when it adds one.

Ties: ids and pairs are put in sorted order before anything is solved, so the same problem
gives the same answer whatever the order of its lists.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, csr_array, hstack, vstack
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .problem import (
    OBJECTIVES,
    Mentee,
    Mentor,
    Problem,
    ProblemError,
    ScoredPair,
    parse_problem,
)
from .sides import solve_with_sides
from .stable import blocking_pairs, deferred_acceptance

__all__ = [
    "OBJECTIVES",
    "Assignment",
    "Mentee",
    "Mentor",
    "Problem",
    "ProblemError",
    "ScoredPair",
    "Solution",
    "blocking_pairs",
    "parse_problem",
    "solution_to_dict",
    "solve",
]


class Assignment(NamedTuple):
    mentee: str
    mentor: str
    score: float
    role: str = ""  # the role the mentor fills, when the mentee asked for roles


@dataclass(frozen=True)
class Solution:
    """The answer to a problem.

    `unmatched`: the mentees given fewer mentors than their slots ask for (each id once).
    `total`: the sum of the assigned pairs' scores, pinned pairs included (the spread cost,
    which the solver subtracts while it optimises, is not). `optimal`: proven optimal for
    "max_score" and "max_matches"; for "stable", that no pair blocks the matching (pinned
    pairs can create one).
    """

    assignments: tuple[Assignment, ...]
    unmatched: tuple[str, ...]
    total: float
    optimal: bool
    solver: str
    seconds: float


def solve(problem: Problem) -> Solution:
    """Solve `problem` exactly under its objective (see the module's docstring)."""
    started = time.perf_counter()
    if problem.objective == "stable":
        pairs = deferred_acceptance(problem)
        scores = problem.scores_by_pair()
        rows = [Assignment(e, m, float(scores[e, m])) for e, m in pairs]
        optimal = not blocking_pairs(problem, pairs)
        solver = "deferred acceptance (mentee-proposing)"
    elif problem.has_sides:
        chosen, solver = solve_with_sides(problem)
        rows = [Assignment(e, m, float(s), r) for e, m, r, s in chosen]
        if problem.objective == "max_score" and problem.spread:
            pinned = set(problem.pinned)
            kept = _without_zero_gains(
                problem,
                [a for a in rows if (a.mentee, a.mentor) in pinned],
                [a for a in rows if (a.mentee, a.mentor) not in pinned],
            )
            rows = [a for a in rows if (a.mentee, a.mentor) in pinned] + kept
        solver = f"scipy {scipy.__version__} {solver}"
        optimal = True
    else:
        rows, solver = _optimise(problem)
        optimal = True
    assignments = tuple(sorted(rows))
    got = Counter(a.mentee for a in assignments)
    return Solution(
        assignments=assignments,
        unmatched=tuple(sorted(e.id for e in problem.mentees if got[e.id] < e.slots)),
        total=math.fsum(a.score for a in assignments),
        optimal=optimal,
        solver=solver,
        seconds=time.perf_counter() - started,
    )


def solution_to_dict(solution: Solution) -> dict:
    """The JSON answer: assignments sorted by mentee then mentor, unmatched sorted."""
    return {
        "assignments": [
            {"mentee": a.mentee, "mentor": a.mentor, "score": a.score}
            | ({"role": a.role} if a.role else {})
            for a in solution.assignments
        ],
        "unmatched": list(solution.unmatched),
        "total": solution.total,
        "optimal": solution.optimal,
        "solver": solution.solver,
        "seconds": round(solution.seconds, 6),
    }


# --- Maximising ----------------------------------------------------------------------------


@dataclass
class _Rest:
    """What is left to match once the pinned pairs are in, as arrays in sorted order."""

    mentee: np.ndarray  # per candidate pair: index into `mentees`
    mentor: np.ndarray  # per candidate pair: index into `mentors`
    score: np.ndarray
    mentees: list[str]
    mentors: list[str]
    slots: np.ndarray  # per mentee: slots still free
    places: np.ndarray  # per mentor: places usable (free, and no more than its candidates)
    pinned: np.ndarray  # per mentor: mentees pinned to it (their spread cost comes first)


def _rest(problem: Problem) -> tuple[_Rest, list[Assignment]]:
    """The candidate pairs left once the pinned ones are in, and the pinned pairs."""
    mentee_ids = sorted(m.id for m in problem.mentees)
    mentor_ids = sorted(m.id for m in problem.mentors)
    mentee_index = {e: i for i, e in enumerate(mentee_ids)}
    mentor_index = {m: j for j, m in enumerate(mentor_ids)}
    slots = np.zeros(len(mentee_ids), dtype=np.int64)
    places = np.zeros(len(mentor_ids), dtype=np.int64)
    for mentee_row in problem.mentees:
        # No one can use more places than the other side has people.
        slots[mentee_index[mentee_row.id]] = min(mentee_row.slots, len(mentor_ids))
    for mentor_row in problem.mentors:
        places[mentor_index[mentor_row.id]] = min(mentor_row.capacity, len(mentee_ids))
    pinned_to = np.zeros(len(mentor_ids), dtype=np.int64)
    for e, m in problem.pinned:
        slots[mentee_index[e]] -= 1
        places[mentor_index[m]] -= 1
        pinned_to[mentor_index[m]] += 1

    n, width = len(problem.scores), max(1, len(mentor_ids))
    mentee = np.fromiter((mentee_index[s.mentee] for s in problem.scores), np.int64, n)
    mentor = np.fromiter((mentor_index[s.mentor] for s in problem.scores), np.int64, n)
    score = np.fromiter((s.score for s in problem.scores), float, n)
    key = mentee * width + mentor  # one per pair, in the order of (mentee id, mentor id)

    def keys(pairs) -> np.ndarray:
        return np.array([mentee_index[e] * width + mentor_index[m] for e, m in pairs], np.int64)

    pinned = np.isin(key, keys(problem.pinned))
    keep = ~pinned & ~np.isin(key, keys(problem.forbidden))
    keep &= (slots[mentee] > 0) & (places[mentor] > 0)
    if problem.objective == "max_score":
        keep &= score > 0
    pinned_rows = [
        Assignment(mentee_ids[e], mentor_ids[m], float(value))
        for e, m, value in zip(mentee[pinned], mentor[pinned], score[pinned], strict=True)
    ]
    order = np.argsort(key[keep])
    mentee, mentor, score = mentee[keep][order], mentor[keep][order], score[keep][order]
    used_mentees, mentee = np.unique(mentee, return_inverse=True)
    used_mentors, mentor = np.unique(mentor, return_inverse=True)
    degree = np.bincount(mentor, minlength=len(used_mentors))
    rest = _Rest(
        mentee=mentee,
        mentor=mentor,
        score=score,
        mentees=[mentee_ids[i] for i in used_mentees],
        mentors=[mentor_ids[j] for j in used_mentors],
        slots=slots[used_mentees],
        places=np.minimum(places[used_mentors], degree),
        pinned=pinned_to[used_mentors],
    )
    return rest, pinned_rows


def _optimise(problem: Problem) -> tuple[list[Assignment], str]:
    rest, pinned = _rest(problem)
    if not len(rest.score):
        return pinned, "nothing to solve: no pair left to match beside the pinned ones"
    if rest.slots.max() <= 1:
        chosen, solver = _assign_to_slots(rest, problem)
    else:
        chosen, solver = _linear_program(rest, problem)
    proposed = [
        Assignment(rest.mentees[e], rest.mentors[m], float(value))
        for e, m, value in zip(
            rest.mentee[chosen], rest.mentor[chosen], rest.score[chosen], strict=True
        )
    ]
    if problem.objective == "max_score" and problem.spread:
        proposed = _without_zero_gains(problem, pinned, proposed)
    return pinned + proposed, f"scipy {scipy.__version__} {solver}"


# A fractional vertex cannot happen (total unimodularity); should HiGHS return one anyway, the
# pairs are solved again as integers. Tests turn this off to check the integer route too.
RELAX_FIRST = True


def _matches_first(problem: Problem, bound: float) -> float:
    """The constant that makes one more match worth more than any change of score.

    `bound` is at least the largest |score part| of any matching, so two matchings' score
    parts differ by less than 2 × bound: with a constant above that added to each pair,
    matchings are ordered by their number of pairs first.
    """
    return 1.0 + 2.0 * bound if problem.objective == "max_matches" else 0.0


def _assign_to_slots(rest: _Rest, problem: Problem) -> tuple[np.ndarray, str]:
    """Every mentee needs at most one more mentor: an assignment of mentees to mentor slots."""
    # Each candidate pair once per usable slot of its mentor; slot k costs (pinned + k) × spread.
    repeats = rest.places[rest.mentor]
    edge = np.repeat(np.arange(len(rest.score)), repeats)
    slot = np.arange(len(edge)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    gain = rest.score[edge] - (rest.pinned[rest.mentor[edge]] + slot) * problem.spread
    if problem.objective == "max_score":
        keep = gain > 0
        edge, slot, gain = edge[keep], slot[keep], gain[keep]
    row = rest.mentee[edge]
    column = (np.cumsum(rest.places) - rest.places)[rest.mentor[edge]] + slot
    largest = np.zeros(len(rest.mentees))
    np.maximum.at(largest, row, np.abs(gain))
    weight = gain + _matches_first(problem, float(largest.sum()))
    rows, columns = len(rest.mentees), int(rest.places.sum())
    # Each mentee's own "nobody" column, worth 0. Costs made positive (the library reads a
    # zero as no edge): a constant added to every edge of a full matching changes nothing.
    nobody = np.arange(rows)
    ceiling = float(weight.max(initial=0.0)) + 1.0
    width = columns + rows
    graph = csr_array(
        (
            np.concatenate([ceiling - weight, np.full(rows, ceiling)]),
            (np.concatenate([row, nobody]), np.concatenate([column, columns + nobody])),
        ),
        shape=(rows, width),
    )
    matched_rows, matched_columns = min_weight_full_bipartite_matching(graph)
    # Back from (mentee, slot column) to the candidate pair.
    taken = matched_columns < columns
    keys = row * width + column
    order = np.argsort(keys)
    found = order[
        np.searchsorted(keys[order], matched_rows[taken] * width + matched_columns[taken])
    ]
    chosen = np.zeros(len(rest.score), dtype=bool)
    chosen[edge[found]] = True
    return chosen, "min_weight_full_bipartite_matching (Jonker-Volgenant) on mentor slots"


def _linear_program(rest: _Rest, problem: Problem) -> tuple[np.ndarray, str]:
    """Some mentee needs several mentors: the pair-variable LP, integral by total unimodularity.

    Variables: x per candidate pair in [0, 1] (so never the same mentor twice) and, with a
    spread, z per mentor slot in [0, 1], the mentor's load being the sum of its z; slot costs
    grow, so the cheapest slots fill first.
    """
    pairs, n_mentees, n_mentors = len(rest.score), len(rest.mentees), len(rest.mentors)
    if problem.spread:
        slot_mentor = np.repeat(np.arange(n_mentors), rest.places)
        first = np.repeat(np.cumsum(rest.places) - rest.places, rest.places)
        slot = np.arange(len(slot_mentor)) - first
    else:
        slot_mentor = slot = np.zeros(0, dtype=np.int64)
    cost = (rest.pinned[slot_mentor] + slot) * problem.spread
    largest = np.zeros(n_mentees)
    np.maximum.at(largest, rest.mentee, np.abs(rest.score))
    weight = rest.score + _matches_first(problem, float(largest @ rest.slots + cost.sum()))
    column, slots = np.arange(pairs), len(slot)
    mentee_x = coo_array((np.ones(pairs), (rest.mentee, column)), shape=(n_mentees, pairs))
    mentor_x = coo_array((np.ones(pairs), (rest.mentor, column)), shape=(n_mentors, pairs))
    mentor_z = coo_array(
        (-np.ones(slots), (slot_mentor, np.arange(slots))), shape=(n_mentors, slots)
    )
    matrix = vstack(
        [hstack([mentee_x, coo_array((n_mentees, slots))]), hstack([mentor_x, mentor_z])]
    ).tocsr()
    # A mentee's pairs ≤ its free slots; a mentor's pairs ≤ its places, or = its load (z).
    if problem.spread:
        mentor_lower, mentor_upper = np.zeros(n_mentors), np.zeros(n_mentors)
    else:
        mentor_lower, mentor_upper = np.full(n_mentors, -np.inf), rest.places
    lower = np.concatenate([np.full(n_mentees, -np.inf), mentor_lower])
    upper = np.concatenate([rest.slots, mentor_upper])
    objective = np.concatenate([-weight, cost])

    def highs(integral: bool):
        result = milp(
            objective,
            constraints=LinearConstraint(matrix, lower, upper),
            bounds=Bounds(0, 1),
            integrality=np.concatenate([np.full(pairs, int(integral)), np.zeros(slots)]),
            options={"mip_rel_gap": 0},
        )
        if result.status != 0:  # x = 0 is always feasible, so this is the solver failing
            raise RuntimeError(f"HiGHS did not solve the matching: {result.message}")
        return result.x[:pairs]

    if RELAX_FIRST:
        x = highs(integral=False)
        if np.all(np.abs(x - np.round(x)) <= 1e-6):
            return np.round(x).astype(bool), "HiGHS linear program (an integral vertex: optimal)"
    x = highs(integral=True)
    return np.round(x).astype(bool), "HiGHS mixed-integer program (no gap)"


def _without_zero_gains(
    problem: Problem, pinned: list[Assignment], proposed: list[Assignment]
) -> list[Assignment]:
    """Drop proposed pairs that add nothing once the spread is counted (ties go to "nobody").

    Taking a mentor's lowest-scored proposed mentee away gains back (load - 1) × spread and
    loses its score; at an optimum that balance is never positive, and when it is zero the
    pair is dropped.
    """
    load = Counter(a.mentor for a in pinned + proposed)
    by_mentor: dict[str, list[Assignment]] = {}
    for row in proposed:
        by_mentor.setdefault(row.mentor, []).append(row)
    kept = []
    for mentor, rows in by_mentor.items():
        rows.sort(key=lambda a: (a.score, a.mentee), reverse=True)
        while rows and rows[-1].score - (load[mentor] - 1) * problem.spread <= 0:
            rows.pop()
            load[mentor] -= 1
        kept += rows
    return kept
