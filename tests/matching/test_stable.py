"""The stable mode: deferred acceptance leaves no blocking pair; overrides are reported."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorkit.matching.solver import (
    Mentee,
    Mentor,
    Problem,
    ScoredPair,
    blocking_pairs,
    parse_problem,
    solution_to_dict,
    solve,
)

from .problems import blocks, check_feasible, stable_problems

PROPERTY = settings(max_examples=150, deadline=None)


def acceptable(problem: Problem) -> list[tuple[str, str]]:
    return sorted(
        pair
        for pair in problem.allowed()
        if pair[1] in problem.mentee_ranks.get(pair[0], ())
        and pair[0] in problem.mentor_ranks.get(pair[1], ())
    )


def matched(solution) -> set[tuple[str, str]]:
    return {(a.mentee, a.mentor) for a in solution.assignments}


def ranked(mentee_ranks: dict, mentor_ranks: dict, capacity: dict, slots=None) -> Problem:
    """Every ranked pair scored 1; mentees take one mentor unless `slots` says."""
    slots = slots or {}
    pairs = {(e, m) for e, ms in mentee_ranks.items() for m in ms}
    pairs |= {(e, m) for m, es in mentor_ranks.items() for e in es}
    return Problem(
        mentees=tuple(Mentee(e, slots.get(e, 1)) for e in sorted({e for e, _ in pairs})),
        mentors=tuple(Mentor(m, c) for m, c in capacity.items()),
        scores=tuple(ScoredPair(e, m, 1.0) for e, m in sorted(pairs)),
        objective="stable",
        mentee_ranks=mentee_ranks,
        mentor_ranks=mentor_ranks,
    )


@PROPERTY
@given(stable_problems())
def test_deferred_acceptance_leaves_no_blocking_pair(problem):
    solution = solve(problem)

    check_feasible(problem, solution)
    assert matched(solution) <= set(acceptable(problem))
    assert not any(blocks(problem, matched(solution), e, m) for e, m in acceptable(problem))
    assert blocking_pairs(problem, solution.assignments) == []
    assert solution.optimal


def one_to_one_matchings(problem: Problem):
    """Every matching of acceptable pairs within capacities, each mentee with at most one."""
    options = {e.id: [m for x, m in acceptable(problem) if x == e.id] for e in problem.mentees}
    capacity = {m.id: m.capacity for m in problem.mentors}
    mentees = [e.id for e in problem.mentees if e.slots]

    def extend(i: int, chosen: dict[str, str]):
        if i == len(mentees):
            yield dict(chosen)
            return
        yield from extend(i + 1, chosen)  # mentees[i] unmatched
        for mentor in options[mentees[i]]:
            if capacity[mentor]:
                capacity[mentor] -= 1
                chosen[mentees[i]] = mentor
                yield from extend(i + 1, chosen)
                del chosen[mentees[i]]
                capacity[mentor] += 1

    return extend(0, {})


@settings(max_examples=80, deadline=None)
@given(stable_problems(several_slots=False))
def test_every_mentee_gets_their_best_mentor_among_all_stable_matchings(problem):
    pairs = acceptable(problem)
    stable = [
        matching
        for matching in one_to_one_matchings(problem)
        if not any(blocks(problem, set(matching.items()), e, m) for e, m in pairs)
    ]
    proposal = {a.mentee: a.mentor for a in solve(problem).assignments}

    assert proposal in stable

    def place(mentee, mentor):
        ranks = problem.mentee_ranks[mentee]
        return ranks.index(mentor) if mentor else len(ranks)

    for other in stable:
        for mentee in problem.mentee_ranks:
            assert place(mentee, proposal.get(mentee)) <= place(mentee, other.get(mentee))


@PROPERTY
@given(stable_problems(), st.randoms())
def test_blocking_pairs_are_those_of_the_definition_for_any_matching(problem, rng: random.Random):
    # A director's hand-made matching: some allowed pairs, within capacities and slots.
    capacity = {m.id: m.capacity for m in problem.mentors}
    slots = {e.id: e.slots for e in problem.mentees}
    chosen: set[tuple[str, str]] = set()
    for e, m in sorted(problem.allowed()):
        if rng.random() < 0.5 and capacity[m] and slots[e]:
            chosen.add((e, m))
            capacity[m] -= 1
            slots[e] -= 1

    expected = [pair for pair in acceptable(problem) if blocks(problem, chosen, *pair)]
    assert blocking_pairs(problem, chosen) == expected


@settings(max_examples=60, deadline=None)
@given(stable_problems(pins=True))
def test_pinned_pairs_are_kept_and_optimal_says_whether_the_result_is_stable(problem):
    solution = solve(problem)

    check_feasible(problem, solution)
    assert solution.optimal == (blocking_pairs(problem, solution.assignments) == [])


def test_the_proposal_favours_the_mentees_choices():
    # Both mentors prefer b; a and b each want m first. m takes b (its favourite), a goes to n.
    problem = ranked(
        {"a": ("m", "n"), "b": ("m", "n")},
        {"m": ("b", "a"), "n": ("b", "a")},
        {"m": 1, "n": 1},
    )

    solution = solve(problem)

    assert matched(solution) == {("a", "n"), ("b", "m")}
    assert solution.optimal
    assert solution.solver == "deferred acceptance (mentee-proposing)"


def test_a_mentee_proposing_matching_is_the_best_stable_one_for_the_mentees():
    # Two stable matchings: {a-m, b-n} (mentees' favourites) and {a-n, b-m} (mentors').
    problem = ranked(
        {"a": ("m", "n"), "b": ("n", "m")},
        {"m": ("b", "a"), "n": ("a", "b")},
        {"m": 1, "n": 1},
    )

    assert matched(solve(problem)) == {("a", "m"), ("b", "n")}
    assert blocking_pairs(problem, [("a", "n"), ("b", "m")]) == []


def test_a_directors_override_reports_who_would_rather_be_together():
    problem = ranked(
        {"a": ("m", "n"), "b": ("m", "n")},
        {"m": ("b", "a"), "n": ("b", "a")},
        {"m": 1, "n": 1},
    )

    # The director gives m to a instead: b and m would both rather be together.
    assert blocking_pairs(problem, [("a", "m"), ("b", "n")]) == [("b", "m")]


def test_a_pair_ranked_by_one_side_only_or_forbidden_is_never_matched_nor_blocks():
    problem = ranked({"a": ("m", "n")}, {"m": (), "n": ("a",)}, {"m": 1, "n": 1})
    forbidden = dataclasses.replace(problem, forbidden=(("a", "n"),))

    assert matched(solve(problem)) == {("a", "n")}
    assert matched(solve(forbidden)) == set()
    assert solve(forbidden).unmatched == ("a",)
    assert blocking_pairs(forbidden, []) == []


def test_a_mentor_with_several_places_keeps_the_mentees_it_ranks_best():
    problem = ranked(
        {"a": ("m",), "b": ("m",), "c": ("m", "n")},
        {"m": ("c", "a", "b"), "n": ("c",)},
        {"m": 2, "n": 1},
    )

    assert matched(solve(problem)) == {("a", "m"), ("c", "m")}
    assert solve(problem).unmatched == ("b",)


def test_a_pin_that_breaks_stability_is_kept_and_the_answer_says_not_optimal():
    problem = ranked(
        {"a": ("m", "n"), "b": ("m", "n")},
        {"m": ("b", "a"), "n": ("b", "a")},
        {"m": 1, "n": 1},
    )
    pinned = dataclasses.replace(problem, pinned=(("a", "m"),))

    solution = solve(pinned)

    assert matched(solution) == {("a", "m"), ("b", "n")}
    assert not solution.optimal
    assert blocking_pairs(pinned, solution.assignments) == [("b", "m")]


def test_the_stable_mode_reads_its_ranks_from_json():
    problem = parse_problem(
        {
            "mentees": [{"id": "a"}, {"id": "b"}],
            "mentors": [{"id": "m", "capacity": 1}, {"id": "n", "capacity": 1}],
            "scores": [
                {"mentee": e, "mentor": m, "score": 0.5} for e in ("a", "b") for m in ("m", "n")
            ],
            "objective": "stable",
            "mentee_ranks": [
                {"mentee": "a", "mentors": ["m", "n"]},
                {"mentee": "b", "mentors": ["m"]},
            ],
            "mentor_ranks": [
                {"mentor": "m", "mentees": ["b", "a"]},
                {"mentor": "n", "mentees": ["a"]},
            ],
        }
    )

    answer = solution_to_dict(solve(problem))

    assert [(a["mentee"], a["mentor"]) for a in answer["assignments"]] == [("a", "n"), ("b", "m")]
    assert answer["total"] == 1.0
    assert answer["optimal"] is True
