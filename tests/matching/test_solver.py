"""The solver is exact: feasible, optimal against an independent LP, and reproducible."""

from __future__ import annotations

import dataclasses
import random
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.matching import solver
from mentorkit.matching.solver import Mentee, Mentor, Problem, ScoredPair, solution_to_dict, solve

from .problems import check_feasible, flow_optimum, most_matches, problems, value

PROPERTY = settings(max_examples=200, deadline=None)


def make(scores: dict[tuple[str, str], float], capacity: dict[str, int], **options) -> Problem:
    """A problem from {(mentee, mentor): score} and {mentor: capacity}; mentees take one."""
    slots = options.pop("slots", {})
    mentees = sorted({e for e, _ in scores} | set(slots))
    return Problem(
        mentees=tuple(Mentee(e, slots.get(e, 1)) for e in mentees),
        mentors=tuple(Mentor(m, c) for m, c in capacity.items()),
        scores=tuple(ScoredPair(e, m, s) for (e, m), s in scores.items()),
        **options,
    )


def pairs(solution) -> set[tuple[str, str]]:
    return {(a.mentee, a.mentor) for a in solution.assignments}


# --- Properties on small random problems ---------------------------------------------------


@PROPERTY
@given(problems(objective="max_score"))
def test_a_solution_respects_capacities_slots_pins_and_exclusions_and_is_optimal(problem):
    solution = solve(problem)

    check_feasible(problem, solution)
    assert solution.optimal
    assert value(problem, solution) == pytest.approx(flow_optimum(problem), abs=1e-9)


@PROPERTY
@given(problems(objective="max_matches"))
def test_max_matches_matches_as_many_as_possible_then_maximises_the_score(problem):
    solution = solve(problem)

    check_feasible(problem, solution)
    most = most_matches(problem)
    assert len(solution.assignments) == most
    assert value(problem, solution) == pytest.approx(flow_optimum(problem, matches=most), abs=1e-9)


@PROPERTY
@given(problems(objective="max_score"))
def test_max_score_never_proposes_a_pair_that_adds_nothing(problem):
    solution = solve(problem)
    pinned = set(problem.pinned)

    for a in solution.assignments:
        if (a.mentee, a.mentor) not in pinned:
            assert a.score > 0
            without = dataclasses.replace(
                solution, assignments=tuple(b for b in solution.assignments if b != a)
            )
            assert value(problem, without) < value(problem, solution)


@PROPERTY
@given(problems(objective=st.sampled_from(["max_score", "max_matches"])), st.randoms())
def test_the_answer_does_not_depend_on_the_order_of_the_lists(problem, rng: random.Random):
    def shuffled(items):
        items = list(items)
        rng.shuffle(items)
        return tuple(items)

    reordered = dataclasses.replace(
        problem,
        mentees=shuffled(problem.mentees),
        mentors=shuffled(problem.mentors),
        scores=shuffled(problem.scores),
        pinned=shuffled(problem.pinned),
        forbidden=shuffled(problem.forbidden),
    )

    first, second = solution_to_dict(solve(problem)), solution_to_dict(solve(reordered))
    assert {**first, "seconds": 0} == {**second, "seconds": 0}


@settings(max_examples=60, deadline=None)
@given(problems(objective=st.sampled_from(["max_score", "max_matches"])))
def test_the_integer_program_agrees_with_the_linear_program(problem):
    with mock.patch.object(solver, "RELAX_FIRST", False):
        exact = solve(problem)

    check_feasible(problem, exact)
    assert value(problem, exact) == pytest.approx(value(problem, solve(problem)), abs=1e-9)


# --- Rules, by example ---------------------------------------------------------------------


def test_the_best_total_wins_over_each_mentees_favourite():
    # a's favourite is m, but giving m to b and n to a is worth more in all.
    problem = make({("a", "m"): 0.9, ("a", "n"): 0.8, ("b", "m"): 0.7}, {"m": 1, "n": 1})

    solution = solve(problem)

    assert pairs(solution) == {("a", "n"), ("b", "m")}
    assert solution.total == pytest.approx(1.5)
    assert solution.optimal


def test_a_pair_without_a_score_is_never_matched():
    problem = make({("a", "m"): 0.5}, {"m": 1, "n": 1}, slots={"a": 1, "b": 1})

    solution = solve(problem)

    assert pairs(solution) == {("a", "m")}
    assert solution.unmatched == ("b",)


def test_a_forbidden_pair_is_never_matched_even_when_it_is_the_only_one():
    problem = make({("a", "m"): 0.9}, {"m": 1}, forbidden=(("a", "m"),))

    assert pairs(solve(problem)) == set()
    assert solve(problem).unmatched == ("a",)


def test_a_pinned_pair_is_kept_even_with_a_negative_score_and_takes_its_place():
    problem = make(
        {("a", "m"): -0.4, ("b", "m"): 0.9, ("b", "n"): 0.2}, {"m": 1, "n": 1}, pinned=(("a", "m"),)
    )

    solution = solve(problem)

    assert pairs(solution) == {("a", "m"), ("b", "n")}
    assert solution.total == pytest.approx(-0.2)


def test_max_score_leaves_a_mentee_unmatched_rather_than_take_a_negative_pair():
    problem = make({("a", "m"): -0.1, ("b", "m"): 0.0}, {"m": 2})

    solution = solve(problem)

    assert solution.assignments == ()
    assert solution.unmatched == ("a", "b")


def test_max_matches_takes_a_negative_pair_when_it_adds_a_match():
    problem = make(
        {("a", "m"): 1.0, ("b", "m"): 0.9, ("b", "n"): -0.3},
        {"m": 1, "n": 1},
        objective="max_matches",
    )

    solution = solve(problem)

    # max_score would give m to a and leave b out (1.0); two matches come first (0.7).
    assert pairs(solution) == {("a", "m"), ("b", "n")}
    assert solve(dataclasses.replace(problem, objective="max_score")).total == 1.0


def test_a_mentee_with_two_slots_gets_two_different_mentors():
    problem = make(
        {("a", "m"): 1.0, ("a", "n"): 0.1, ("b", "m"): 0.2},
        {"m": 3, "n": 1},
        slots={"a": 2, "b": 1},
    )

    solution = solve(problem)

    assert pairs(solution) == {("a", "m"), ("a", "n"), ("b", "m")}
    assert "HiGHS" in solution.solver


def test_spread_gives_a_second_mentee_to_another_mentor_when_scores_are_close():
    scores = {("a", "m"): 1.0, ("b", "m"): 0.9, ("b", "n"): 0.8}

    crowded = solve(make(scores, {"m": 2, "n": 1}))
    spread = solve(make(scores, {"m": 2, "n": 1}, spread=0.2))

    assert pairs(crowded) == {("a", "m"), ("b", "m")}  # 1.9
    assert pairs(spread) == {("a", "m"), ("b", "n")}  # 1.8 beats 1.9 - 0.2
    assert spread.total == pytest.approx(1.8)  # the total is the scores', without the spread


@pytest.mark.parametrize("route", ["assignment", "linear program"])
def test_spread_counts_the_pinned_mentees_of_a_mentor_first(route):
    # m already has a (pinned): b adds 0.5 - 0.2 as m's second mentee, 0.35 as n's first.
    scores = {("a", "m"): 1.0, ("b", "m"): 0.5, ("b", "n"): 0.35, ("c", "m"): 0.1}
    slots = {}
    if route == "linear program":  # someone else asks for two mentors
        scores |= {("d", "o"): 0.5, ("d", "p"): 0.5}
        slots = {"d": 2}
    capacity = {"m": 3, "n": 1, "o": 1, "p": 1}
    problem = make(scores, capacity, slots=slots, pinned=(("a", "m"),), spread=0.2)

    solution = solve(problem)

    assert ("HiGHS" in solution.solver) == (route == "linear program")
    assert {("a", "m"), ("b", "n")} <= pairs(solution)
    assert "c" in solution.unmatched  # 0.1 - 0.2 as m's second mentee adds nothing


def test_with_several_slots_and_a_spread_the_linear_program_fills_cheap_places_first():
    problem = make(
        {("a", "m"): 1.0, ("a", "n"): 0.7, ("b", "m"): 0.9, ("b", "n"): 0.8},
        {"m": 2, "n": 2},
        slots={"a": 2, "b": 1},
        spread=0.3,
    )

    solution = solve(problem)

    # a takes both mentors; b then adds more as m's second (0.9 - 0.3) than as n's (0.8 - 0.3).
    assert pairs(solution) == {("a", "m"), ("a", "n"), ("b", "m")}
    assert value(problem, solution) == pytest.approx(flow_optimum(problem))


def test_an_empty_problem_has_an_empty_answer():
    solution = solve(Problem(mentees=(), mentors=(), scores=()))

    assert solution_to_dict(solution) | {"seconds": 0} == {
        "assignments": [],
        "unmatched": [],
        "total": 0.0,
        "optimal": True,
        "solver": solution.solver,
        "seconds": 0,
    }


def test_the_answer_is_sorted_by_mentee_then_mentor():
    problem = make(
        {("b", "m"): 0.5, ("a", "n"): 0.5, ("a", "m"): 0.1},
        {"n": 1, "m": 2},
        slots={"a": 2, "b": 1},
    )

    answer = solution_to_dict(solve(problem))

    assert [(a["mentee"], a["mentor"]) for a in answer["assignments"]] == [
        ("a", "m"),
        ("a", "n"),
        ("b", "m"),
    ]
    assert set(answer) == {"assignments", "unmatched", "total", "optimal", "solver", "seconds"}
