"""A malformed problem is refused with one line naming what is wrong."""

from __future__ import annotations

import copy
import json

import pytest

from mentorkit.matching.solver import (
    Mentee,
    Mentor,
    Problem,
    ProblemError,
    ScoredPair,
    parse_problem,
    solve,
)

VALID = {
    "mentees": [{"id": "a"}, {"id": "b", "slots": 2}],
    "mentors": [{"id": "m", "capacity": 2}, {"id": "n", "capacity": 1}],
    "scores": [
        {"mentee": "a", "mentor": "m", "score": 0.8},
        {"mentee": "b", "mentor": "m", "score": 0.5},
        {"mentee": "b", "mentor": "n", "score": 0.4},
        {"mentee": "a", "mentor": "n", "score": -1},
    ],
    "pinned": [{"mentee": "a", "mentor": "m"}],
    "forbidden": [{"mentee": "b", "mentor": "n"}],
    "objective": "max_score",
}


def changed(**changes):
    problem = copy.deepcopy(VALID)
    for key, value in changes.items():
        if value is None:
            del problem[key]
        else:
            problem[key] = value
    return problem


SCORES = VALID["scores"]
RANKS = {"mentee_ranks": [{"mentee": "a", "mentors": ["m"]}], "mentor_ranks": []}

MALFORMED = [
    ([1, 2], "the problem must be a JSON object, not [1, 2]"),
    (
        changed(forbiden=[]),
        'unknown key "forbiden" (known: forbidden, group_limits, mentee_ranks, mentees, mentor_ranks, '
        "mentors, objective, pinned, scores, spread)",
    ),
    (changed(mentors=None), '"mentors" is missing'),
    (changed(mentees={}), "mentees must be a list, not {}"),
    (changed(mentees=["a"]), 'mentees[0] must be an object, not "a"'),
    (changed(mentees=[{"id": "a"}, {"id": "b", "slot": 2}]), 'mentees[1]: unknown key "slot"'),
    (changed(mentors=[{"id": "m"}]), 'mentors[0]: "capacity" is missing'),
    (changed(mentees=[{"id": 7}]), "mentees[0]: id must be a non-empty string, not 7"),
    (changed(mentees=[{"id": ""}]), 'mentees[0]: id must be a non-empty string, not ""'),
    (changed(mentees=[{"id": "a"}, {"id": "a"}]), "the mentee id a appears twice"),
    (
        changed(mentors=[{"id": "m", "capacity": 2}, {"id": "m", "capacity": 1}]),
        "the mentor id m appears twice",
    ),
    (
        changed(mentors=[{"id": "m", "capacity": -1}, {"id": "n", "capacity": 1}]),
        "mentor m: capacity must be a whole number ≥ 0, not -1",
    ),
    (
        changed(mentors=[{"id": "m", "capacity": 1.5}, {"id": "n", "capacity": 1}]),
        "mentor m: capacity must be a whole number ≥ 0, not 1.5",
    ),
    (
        changed(mentees=[{"id": "a"}, {"id": "b", "slots": -2}]),
        "mentee b: slots must be a whole number ≥ 0, not -2",
    ),
    (
        changed(mentees=[{"id": "a", "slots": True}, {"id": "b"}]),
        "mentee a: slots must be a whole number ≥ 0, not true",
    ),
    (
        changed(scores=[*SCORES, {"mentee": "z", "mentor": "m", "score": 1}]),
        'scores: unknown mentee "z"',
    ),
    (changed(pinned=[{"mentee": "a", "mentor": "z"}]), 'pinned: unknown mentor "z"'),
    (changed(forbidden=[{"mentee": "y", "mentor": "m"}]), 'forbidden: unknown mentee "y"'),
    (changed(scores=[*SCORES, SCORES[0]]), "scores: the pair (a, m) appears twice"),
    (changed(forbidden=[*VALID["forbidden"]] * 2), "forbidden: the pair (b, n) appears twice"),
    (
        changed(scores=[{"mentee": "a", "mentor": "m", "score": "high"}]),
        'scores: the score of (a, m) must be a number, not "high"',
    ),
    (
        changed(scores=[{"mentee": "a", "mentor": "m", "score": None}]),
        "scores: the score of (a, m) must be a number, not null",
    ),
    (
        changed(scores=[{"mentee": "a", "mentor": "m", "score": float("nan")}]),
        "scores: the score of (a, m) must be finite, not NaN",
    ),
    (
        changed(scores=[{"mentee": "a", "mentor": "m", "score": float("inf")}]),
        "scores: the score of (a, m) must be finite, not Infinity",
    ),
    (
        changed(forbidden=[{"mentee": "a", "mentor": "m"}]),
        "pinned: the pair (a, m) is also forbidden",
    ),
    (
        changed(pinned=[{"mentee": "b", "mentor": "m"}], scores=SCORES[:1]),
        "pinned: the pair (b, m) has no score",
    ),
    (
        changed(
            pinned=[{"mentee": "a", "mentor": "n"}, {"mentee": "b", "mentor": "n"}], forbidden=[]
        ),
        "pinned: 2 mentees pinned to mentor n, whose capacity is 1",
    ),
    (
        changed(pinned=[{"mentee": "a", "mentor": "m"}, {"mentee": "a", "mentor": "n"}]),
        "pinned: 2 mentors pinned to mentee a, who has 1 slot(s)",
    ),
    (
        changed(objective="best"),
        'unknown objective "best" (one of max_score, max_matches, stable)',
    ),
    (changed(spread=-0.1), "spread must be a finite number ≥ 0, not -0.1"),
    (changed(spread="x"), 'spread must be a number, not "x"'),
    (changed(objective="stable"), 'the stable objective needs "mentee_ranks"'),
    (
        changed(objective="stable", spread=0.2, **RANKS),
        "spread does not apply to the stable objective",
    ),
    (
        changed(mentee_ranks=[{"mentee": "a", "mentors": ["m", "z"]}]),
        'mentee_ranks: a ranks an unknown mentor "z"',
    ),
    (
        changed(mentor_ranks=[{"mentor": "m", "mentees": ["a", "b", "a"]}]),
        "mentor_ranks: m ranks a twice",
    ),
    (
        changed(mentee_ranks=[{"mentee": "a", "mentors": []}, {"mentee": "a", "mentors": ["m"]}]),
        "mentee_ranks: mentee a has two rankings",
    ),
    (
        changed(mentor_ranks=[{"mentor": "m", "mentees": "a b"}]),
        'mentor_ranks[0]: mentees must be a list of ids, not "a b"',
    ),
    (changed(mentee_ranks=[{"mentee": "q", "mentors": []}]), 'mentee_ranks: unknown mentee "q"'),
]


@pytest.mark.parametrize("data, message", MALFORMED, ids=[message[:50] for _, message in MALFORMED])
def test_a_malformed_problem_is_refused_with_one_line_naming_the_problem(data, message):
    with pytest.raises(ProblemError) as refused:
        parse_problem(data)

    assert str(refused.value) == message
    assert "\n" not in str(refused.value)


def test_the_problem_of_the_issue_is_read():
    problem = parse_problem(copy.deepcopy(VALID))

    assert problem.mentees == (Mentee("a", 1), Mentee("b", 2))
    assert problem.mentors == (Mentor("m", 2), Mentor("n", 1))
    assert problem.scores[0] == ScoredPair("a", "m", 0.8)
    assert problem.pinned == (("a", "m"),)
    assert problem.allowed() == {("a", "m"): 0.8, ("b", "m"): 0.5, ("a", "n"): -1}


def test_only_the_three_lists_are_required():
    problem = parse_problem({"mentees": [], "mentors": [], "scores": []})

    assert (problem.pinned, problem.forbidden, problem.objective, problem.spread) == (
        (),
        (),
        "max_score",
        0.0,
    )


def test_a_problem_built_in_python_is_checked_by_the_same_rules():
    with pytest.raises(ProblemError, match=r"^pinned: the pair \(a, m\) has no score$"):
        Problem(mentees=(Mentee("a"),), mentors=(Mentor("m", 1),), scores=(), pinned=(("a", "m"),))


def test_the_json_numbers_nan_and_infinity_are_refused_as_scores():
    text = '{"mentees": [{"id": "a"}], "mentors": [{"id": "m", "capacity": 1}],'
    text += ' "scores": [{"mentee": "a", "mentor": "m", "score": NaN}]}'

    with pytest.raises(ProblemError, match="must be finite, not NaN$"):
        parse_problem(json.loads(text))
    with pytest.raises(ProblemError, match="must be finite, not 1000000000000000000"):
        parse_problem(json.loads(text.replace("NaN", "1" + "0" * 400)))


def test_a_capacity_larger_than_anyone_needs_is_read_as_it_is():
    problem = parse_problem(
        {
            "mentees": [{"id": "a", "slots": 10**30}],
            "mentors": [{"id": "m", "capacity": 10**30}],
            "scores": [{"mentee": "a", "mentor": "m", "score": 1}],
        }
    )

    solution = solve(problem)

    assert [(x.mentee, x.mentor) for x in solution.assignments] == [("a", "m")]
    assert solution.unmatched == ("a",)  # a asked for more mentors than there are
