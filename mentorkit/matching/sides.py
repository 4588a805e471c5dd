"""Matching with side constraints, exactly: a mixed-integer program solved by HiGHS.

Two kinds of side constraint break the plain b-matching (and its total unimodularity):

- **roles**: a mentee asks for mentors by role ("one methods mentor and one clinical
  mentor"); each of its mentors fills one role it asks for, from the roles that mentor takes;
- **group limits**: at most so many pairs whose mentor is in one group ("no more than a
  third of a cohort with one division").

Variables: x per (pair, role) — a pair of a mentee asking for no role has one, with the role
"" — binary; with a spread, z per mentor slot in [0, 1] as in the plain LP. Constraints: a
mentee's x ≤ its slots, and per role ≤ the count asked; a pair's x ≤ 1 (= 1 when pinned); a
mentor's x ≤ its capacity (= its load, the sum of its z, with a spread); a group's x ≤ its
limit. `milp` solves it to a zero gap, so the answer is proven optimal; a problem whose pins
cannot all be kept is refused with `ProblemError`.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array, hstack, vstack

from .problem import Problem, ProblemError


def options(problem: Problem) -> list[tuple[str, str, str, float]]:
    """Every (mentee, mentor, role, score) the program may choose, in sorted order."""
    mentees = {m.id: m for m in problem.mentees}
    mentors = {m.id: m for m in problem.mentors}
    pinned = set(problem.pinned)
    found = []
    for (mentee, mentor), score in sorted(problem.allowed().items()):
        if problem.objective == "max_score" and score <= 0 and (mentee, mentor) not in pinned:
            continue
        asked = [role for role, _ in mentees[mentee].roles]
        if not asked:
            found.append((mentee, mentor, "", score))
            continue
        taken = set(mentors[mentor].roles)
        found += [(mentee, mentor, role, score) for role in asked if role in taken]
    return found


def solve_with_sides(problem: Problem) -> tuple[list[tuple[str, str, str, float]], str]:
    """The optimal (mentee, mentor, role, score) choices and the solver's name."""
    rows = options(problem)
    if not rows:
        return [], "nothing to solve: no pair may be matched"
    mentee_ids = sorted(m.id for m in problem.mentees)
    mentor_ids = sorted(m.id for m in problem.mentors)
    mentee_at = {e: i for i, e in enumerate(mentee_ids)}
    mentor_at = {m: j for j, m in enumerate(mentor_ids)}
    mentors = {m.id: m for m in problem.mentors}
    n = len(rows)
    column = np.arange(n)
    mentee = np.array([mentee_at[e] for e, _m, _r, _s in rows])
    mentor = np.array([mentor_at[m] for _e, m, _r, _s in rows])
    score = np.array([s for _e, _m, _r, s in rows], dtype=float)
    pair_keys = sorted({(e, m) for e, m, _r, _s in rows})
    pair_at = {p: k for k, p in enumerate(pair_keys)}
    pair = np.array([pair_at[e, m] for e, m, _r, _s in rows])
    role_keys = sorted({(e, r) for e, _m, r, _s in rows if r})
    role_at = {p: k for k, p in enumerate(role_keys)}
    groups = sorted(problem.group_limits)
    group_at = {g: k for k, g in enumerate(groups)}
    capacity = np.array([min(mentors[m].capacity, len(mentee_ids)) for m in mentor_ids])

    # Slots of each mentor for the spread: slot k costs k × spread.
    if problem.spread:
        slot_mentor = np.repeat(np.arange(len(mentor_ids)), capacity)
        slot = np.arange(len(slot_mentor)) - np.repeat(np.cumsum(capacity) - capacity, capacity)
    else:
        slot_mentor = slot = np.zeros(0, dtype=np.int64)
    slots = len(slot)
    cost = slot * problem.spread

    def block(index, keys: int, values=None):
        data = np.ones(len(index)) if values is None else values
        return coo_array((data, (index, np.arange(len(index)))), shape=(keys, len(index)))

    def x_only(matrix):
        return hstack([matrix, coo_array((matrix.shape[0], slots))])

    pinned = set(problem.pinned)
    parts, lower, upper = [], [], []
    # Each mentee: no more mentors than its slots.
    parts.append(x_only(block(mentee, len(mentee_ids))))
    lower.append(np.full(len(mentee_ids), -np.inf))
    upper.append(np.array([m.slots for m in sorted(problem.mentees, key=lambda m: m.id)]))
    # Each role a mentee asks for: no more than the count.
    with_role = np.array([i for i, (_e, _m, r, _s) in enumerate(rows) if r], dtype=np.int64)
    if len(with_role):
        roles_of = {m.id: dict(m.roles) for m in problem.mentees}
        which = np.array([role_at[rows[i][0], rows[i][2]] for i in with_role])
        matrix = coo_array((np.ones(len(with_role)), (which, with_role)), shape=(len(role_keys), n))
        parts.append(x_only(matrix))
        lower.append(np.full(len(role_keys), -np.inf))
        upper.append(np.array([roles_of[e][r] for e, r in role_keys], dtype=float))
    # Each pair: one role at most; a pinned pair exactly one.
    parts.append(x_only(coo_array((np.ones(n), (pair, column)), shape=(len(pair_keys), n))))
    lower.append(np.array([1.0 if p in pinned else -np.inf for p in pair_keys]))
    upper.append(np.ones(len(pair_keys)))
    # Each mentor: no more than its capacity, or with a spread, exactly the slots it uses.
    mentor_x = coo_array((np.ones(n), (mentor, column)), shape=(len(mentor_ids), n))
    if problem.spread:
        mentor_z = coo_array(
            (-np.ones(slots), (slot_mentor, np.arange(slots))), shape=(len(mentor_ids), slots)
        )
        parts.append(hstack([mentor_x, mentor_z]))
        lower.append(np.zeros(len(mentor_ids)))
        upper.append(np.zeros(len(mentor_ids)))
    else:
        parts.append(x_only(mentor_x))
        lower.append(np.full(len(mentor_ids), -np.inf))
        upper.append(capacity.astype(float))
    # Each group: no more pairs than its limit.
    if groups:
        in_group = [i for i, (_e, m, _r, _s) in enumerate(rows) if mentors[m].group in group_at]
        which = np.array([group_at[mentors[rows[i][1]].group] for i in in_group], dtype=np.int64)
        matrix = coo_array(
            (np.ones(len(in_group)), (which, np.array(in_group, dtype=np.int64))),
            shape=(len(groups), n),
        )
        parts.append(x_only(matrix))
        lower.append(np.full(len(groups), -np.inf))
        upper.append(np.array([problem.group_limits[g] for g in groups], dtype=float))

    # "max_matches": one more match is worth more than any difference of score and cost.
    bound = float(np.abs(score).sum() + cost.sum())
    weight = score + (1.0 + 2.0 * bound if problem.objective == "max_matches" else 0.0)
    result = milp(
        np.concatenate([-weight, cost]),
        constraints=LinearConstraint(
            vstack(parts).tocsr(), np.concatenate(lower), np.concatenate(upper)
        ),
        bounds=Bounds(0, 1),
        integrality=np.concatenate([np.ones(n), np.zeros(slots)]),
        options={"mip_rel_gap": 0},
    )
    if result.status == 2:
        raise ProblemError("the pinned pairs cannot all be kept within the roles and limits")
    if result.status != 0:
        raise RuntimeError(f"HiGHS did not solve the matching: {result.message}")
    chosen = np.round(result.x[:n]).astype(bool)
    return [rows[i] for i in np.flatnonzero(chosen)], "HiGHS mixed-integer program (no gap)"
