"""The stable mode: mentee-proposing deferred acceptance with capacities, and blocking pairs.

A pair is acceptable when each ranks the other (`mentee_ranks`, `mentor_ranks`: best first),
it has a score and it is not forbidden. An unmatched acceptable pair (a, m) blocks a
matching when a has a free slot or ranks m above one of its mentors, and m has a free place
or ranks a above one of its mentees: both would rather be together. A partner someone did
not rank (a pinned pair, a director's choice) counts as ranked below everyone they did rank.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .problem import Pair, Problem


def acceptable(problem: Problem) -> set[Pair]:
    """The pairs both sides ranked, scored and not forbidden."""
    allowed = problem.allowed()
    return {
        (mentee, mentor)
        for mentee, mentors in problem.mentee_ranks.items()
        for mentor in mentors
        if (mentee, mentor) in allowed and mentee in problem.mentor_ranks.get(mentor, ())
    }


def _ranking(ranked: Sequence[str]) -> dict[str, int]:
    return {other: place for place, other in enumerate(ranked)}


def deferred_acceptance(problem: Problem) -> list[Pair]:
    """The mentee-optimal stable matching of the pairs not pinned, beside the pinned pairs.

    Pinned pairs take their slots and places first. Then each mentee with a free slot
    proposes to the next mentor on its list; a mentor holds the best proposals up to its
    free places and turns down the rest. The result does not depend on the order of
    proposals, so it is reproducible.
    """
    pinned = set(problem.pinned)
    slots = {m.id: m.slots for m in problem.mentees}
    places = {m.id: m.capacity for m in problem.mentors}
    for mentee, mentor in pinned:
        slots[mentee] -= 1
        places[mentor] -= 1
    ok = acceptable(problem)
    lists = {
        mentee: [m for m in problem.mentee_ranks.get(mentee, ()) if (mentee, m) in ok]
        for mentee in sorted(slots)
    }
    # A mentee never proposes twice to a mentor it is pinned to.
    lists = {mentee: [m for m in ms if (mentee, m) not in pinned] for mentee, ms in lists.items()}
    rank_of = {mentor: _ranking(problem.mentor_ranks.get(mentor, ())) for mentor in places}
    held: dict[str, list[str]] = defaultdict(list)  # mentor -> mentees held
    holding = Counter[str]()  # mentee -> mentors holding it
    following = dict.fromkeys(slots, 0)  # mentee -> index of its next proposal
    waiting = [mentee for mentee in sorted(slots, reverse=True) if slots[mentee] > 0]
    while waiting:
        mentee = waiting.pop()
        choices = lists[mentee]
        while holding[mentee] < slots[mentee] and following[mentee] < len(choices):
            mentor = choices[following[mentee]]
            following[mentee] += 1
            if places[mentor] <= 0:
                continue
            held[mentor].append(mentee)
            holding[mentee] += 1
            if len(held[mentor]) > places[mentor]:
                worst = max(held[mentor], key=rank_of[mentor].__getitem__)
                held[mentor].remove(worst)
                holding[worst] -= 1
                if worst != mentee:
                    waiting.append(worst)
    proposed = [(mentee, mentor) for mentor, mentees in held.items() for mentee in mentees]
    return sorted(pinned | set(proposed))


def blocking_pairs(problem: Problem, assignments: Iterable[Sequence]) -> list[Pair]:
    """The pairs that block `assignments` under the problem's ranks, sorted.

    `assignments` holds (mentee, mentor, …) rows — a `Solution`'s assignments, or pairs a
    director chose by hand. An empty list means the matching is stable.
    """
    matched = {(row[0], row[1]) for row in assignments}
    mentors_of: dict[str, set[str]] = defaultdict(set)
    mentees_of: dict[str, set[str]] = defaultdict(set)
    for mentee, mentor in matched:
        mentors_of[mentee].add(mentor)
        mentees_of[mentor].add(mentee)
    slots = {m.id: m.slots for m in problem.mentees}
    places = {m.id: m.capacity for m in problem.mentors}
    mentee_rank = {e: _ranking(r) for e, r in problem.mentee_ranks.items()}
    mentor_rank = {m: _ranking(r) for m, r in problem.mentor_ranks.items()}
    unranked = len(problem.mentees) + len(problem.mentors)  # below everyone ranked

    def would_rather(rank: dict[str, int], current: set[str], room: int, other: str) -> bool:
        if len(current) < room:
            return True
        worst = max((rank.get(x, unranked) for x in current), default=-1)
        return rank[other] < worst

    return sorted(
        (mentee, mentor)
        for mentee, mentor in acceptable(problem) - matched
        if would_rather(mentee_rank[mentee], mentors_of[mentee], slots[mentee], mentor)
        and would_rather(mentor_rank[mentor], mentees_of[mentor], places[mentor], mentee)
    )
