"""Side constraints: mentees asking for mentors by role, and limits on a group of mentors.

The solver's answer is checked against every feasible choice of (pair, role) on small random
problems, enumerated by brute force: another algorithm, no solver at all.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.matching.sides import options
from mentorkit.matching.solver import (
    Mentee,
    Mentor,
    Problem,
    ProblemError,
    ScoredPair,
    parse_problem,
    solution_to_dict,
    solve,
)

ROLES = ("methods", "clinical", "career")


@st.composite
def side_problems(draw) -> Problem:
    """2–4 mentees, each asking for one or two roles (or none), 1–4 mentors taking roles and
    in one of two divisions, a group limit, maybe a pin and a spread."""
    mentees = []
    for i in range(draw(st.integers(2, 4))):
        asked = draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=2))
        roles = tuple(sorted((r, 1) for r in asked))
        mentees.append(Mentee(f"e{i}", len(roles) if roles else 1, roles))
    mentors = [
        Mentor(
            f"m{j}",
            draw(st.sampled_from([1, 1, 2])),
            tuple(sorted(draw(st.lists(st.sampled_from(ROLES), unique=True, min_size=1)))),
            draw(st.sampled_from(["Cardiology", "Oncology"])),
        )
        for j in range(draw(st.integers(1, 4)))
    ]
    scores = [
        ScoredPair(e.id, m.id, draw(st.sampled_from([0.1, 0.3, 0.5, 0.5, 0.8, -0.2])))
        for e in mentees
        for m in mentors
        if draw(st.booleans()) or len(mentors) == 1
    ]
    groups = sorted({m.group for m in mentors})
    limits = {g: draw(st.integers(0, 3)) for g in groups if draw(st.booleans())}
    return Problem(
        mentees=tuple(mentees),
        mentors=tuple(mentors),
        scores=tuple(scores),
        group_limits=limits,
        objective=draw(st.sampled_from(["max_score", "max_matches"])),
        spread=draw(st.sampled_from([0.0, 0.0, 0.15])),
    )


def feasible(problem: Problem, chosen) -> bool:
    mentees = {m.id: m for m in problem.mentees}
    mentors = {m.id: m for m in problem.mentors}
    pairs = Counter((e, m) for e, m, _r, _s in chosen)
    if any(n > 1 for n in pairs.values()):
        return False
    if any(n > mentees[e].slots for e, n in Counter(e for e, *_ in chosen).items()):
        return False
    for (e, r), n in Counter((e, r) for e, _m, r, _s in chosen if r).items():
        if n > dict(mentees[e].roles)[r]:
            return False
    if any(n > mentors[m].capacity for m, n in Counter(m for _e, m, *_ in chosen).items()):
        return False
    by_group = Counter(mentors[m].group for _e, m, *_ in chosen)
    return all(by_group[g] <= limit for g, limit in problem.group_limits.items())


def worth(problem: Problem, chosen) -> tuple:
    load = Counter(m for _e, m, *_ in chosen)
    value = math.fsum(s for *_, s in chosen) - problem.spread * sum(
        n * (n - 1) / 2 for n in load.values()
    )
    value = round(value, 9)
    return (len(chosen), value) if problem.objective == "max_matches" else (value,)


def brute_force(problem: Problem) -> tuple:
    rows = options(problem)
    best = (0, 0.0) if problem.objective == "max_matches" else (0.0,)
    for size in range(1, len(rows) + 1):
        for chosen in itertools.combinations(rows, size):
            if feasible(problem, chosen):
                best = max(best, worth(problem, chosen))
    return best


@settings(max_examples=80, deadline=None)
@given(side_problems())
def test_with_roles_and_group_limits_the_answer_is_feasible_and_no_choice_is_better(problem):
    solution = solve(problem)
    chosen = [(a.mentee, a.mentor, a.role, a.score) for a in solution.assignments]
    assert feasible(problem, chosen)
    mentors = {m.id: m for m in problem.mentors}
    for a in solution.assignments:
        asked = {r for r, _ in next(e for e in problem.mentees if e.id == a.mentee).roles}
        assert (a.role in asked and a.role in mentors[a.mentor].roles) or (not asked and not a.role)
    assert worth(problem, chosen) == brute_force(problem)
    assert solution.optimal
    assert ("mixed-integer" in solution.solver) == problem.has_sides or not options(problem)


def test_each_mentee_gets_one_methods_and_one_clinical_mentor():
    problem = parse_problem(
        {
            "mentees": [{"id": "ana", "roles": {"methods": 1, "clinical": 1}}],
            "mentors": [
                {"id": "stats", "capacity": 1, "roles": ["methods"]},
                {"id": "stats2", "capacity": 1, "roles": ["methods"]},
                {"id": "icu", "capacity": 1, "roles": ["clinical"]},
            ],
            "scores": [
                {"mentee": "ana", "mentor": "stats", "score": 0.9},
                {"mentee": "ana", "mentor": "stats2", "score": 0.8},
                {"mentee": "ana", "mentor": "icu", "score": 0.1},
            ],
        }
    )
    answer = solution_to_dict(solve(problem))
    # Two methods mentors would score more, but one of the two slots is for a clinician.
    assert answer["assignments"] == [
        {"mentee": "ana", "mentor": "icu", "score": 0.1, "role": "clinical"},
        {"mentee": "ana", "mentor": "stats", "score": 0.9, "role": "methods"},
    ]
    assert answer["total"] == pytest.approx(1.0)


def test_no_more_than_a_third_of_a_cohort_with_one_division():
    cohort = [{"id": f"e{i}"} for i in range(6)]
    problem = parse_problem(
        {
            "mentees": cohort,
            "mentors": [
                {"id": "cardio", "capacity": 6, "group": "Cardiology"},
                {"id": "onc", "capacity": 6, "group": "Oncology"},
                {"id": "neuro", "capacity": 6, "group": "Neurology"},
            ],
            "scores": [
                {"mentee": e["id"], "mentor": m, "score": s}
                for e in cohort
                for m, s in (("cardio", 0.9), ("onc", 0.5), ("neuro", 0.4))
            ],
            "group_limits": {"Cardiology": 2, "Oncology": 2, "Neurology": 2},
        }
    )
    solution = solve(problem)
    assert Counter(a.mentor for a in solution.assignments) == {"cardio": 2, "onc": 2, "neuro": 2}
    assert solution.total == pytest.approx(2 * 0.9 + 2 * 0.5 + 2 * 0.4)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"mentees": [{"id": "a", "roles": {"methods": 0}}]},
            "mentee a: the count of role methods must be a whole number ≥ 1, not 0",
        ),
        (
            {"mentees": [{"id": "a", "slots": 1, "roles": {"methods": 1, "clinical": 1}}]},
            "mentee a: slots (1) must be the sum of the roles' counts (2)",
        ),
        ({"mentees": [{"id": "a", "roles": ["methods"]}]}, "mentees[0]: roles must be an object"),
        (
            {"mentors": [{"id": "m", "capacity": 1, "roles": "methods"}]},
            "mentors[0]: roles must be a list of strings",
        ),
        ({"group_limits": {"Surgery": 1}}, 'group_limits: no mentor is in the group "Surgery"'),
        ({"group_limits": {"Cardiology": -1}}, "group_limits: Cardiology must be a whole number"),
        (
            {"mentees": [{"id": "a", "roles": {"clinical": 1}}], "pinned": [["a", "m"]]},
            "pinned: mentor m takes none of the roles mentee a asks for",
        ),
        (
            {"group_limits": {"Cardiology": 0}, "pinned": [["a", "m"]]},
            "pinned: 1 pairs pinned in the group Cardiology, whose limit is 0",
        ),
        (
            {"objective": "stable", "mentee_ranks": [], "mentor_ranks": []},
            "roles and group limits do not apply to the stable objective",
        ),
    ],
)
def test_malformed_side_constraints_are_refused_in_one_line(change, message):
    data = {
        "mentees": [{"id": "a", "roles": {"methods": 1}}],
        "mentors": [{"id": "m", "capacity": 1, "roles": ["methods"], "group": "Cardiology"}],
        "scores": [{"mentee": "a", "mentor": "m", "score": 0.5}],
        **change,
    }
    if "pinned" in change:
        data["pinned"] = [{"mentee": e, "mentor": m} for e, m in change["pinned"]]
    with pytest.raises(ProblemError) as refused:
        parse_problem(data)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


def test_the_command_writes_each_pairs_role(tmp_path):
    from typer.testing import CliRunner

    from mentorkit.cli import app

    problem = tmp_path / "roles.json"
    problem.write_text(
        json.dumps(
            {
                "mentees": [{"id": "a", "roles": {"methods": 1}}],
                "mentors": [{"id": "m", "capacity": 1, "roles": ["methods", "career"]}],
                "scores": [{"mentee": "a", "mentor": "m", "score": 0.5}],
            }
        )
    )
    result = CliRunner().invoke(app, ["match", "solve", "--input", str(problem)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["assignments"] == [
        {"mentee": "a", "mentor": "m", "score": 0.5, "role": "methods"}
    ]
    assert answer["optimal"] is True
