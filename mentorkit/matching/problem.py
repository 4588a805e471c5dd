"""What a matching problem is, and the one-line refusal of a malformed one.

A problem has mentees (each asking for `slots` mentors, usually one), mentors (each taking at
most `capacity` mentees), scored candidate pairs, pinned pairs (decided in advance) and
forbidden pairs. Only a scored pair that is not forbidden may be matched. `Problem` checks
every rule when it is built, whether from JSON (`parse_problem`) or by a program's round in
Python, so both are refused for the same reasons with the same words.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

OBJECTIVES = ("max_score", "max_matches", "stable")

Pair = tuple[str, str]  # (mentee id, mentor id)


class ProblemError(ValueError):
    """A malformed problem; the message is one line naming what is wrong."""


@dataclass(frozen=True)
class Mentee:
    id: str
    slots: int = 1  # how many mentors this mentee is to get (each a different one)
    # With roles, each of the mentee's mentors fills one of them: ((role, how many), ...),
    # the counts adding up to `slots` (for example one methods and one clinical mentor).
    roles: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Mentor:
    id: str
    capacity: int  # the most mentees this mentor takes in this problem
    roles: tuple[str, ...] = ()  # the roles this mentor takes, for mentees asking for roles
    group: str = ""  # a division or department, for `group_limits`


@dataclass(frozen=True)
class ScoredPair:
    mentee: str
    mentor: str
    score: float


@dataclass(frozen=True)
class Problem:
    """A matching problem; building one checks it (`ProblemError`).

    Side constraints: a mentee may ask for roles (each of its mentors fills one it asks for,
    from the roles that mentor takes), and `group_limits` caps the pairs of each group of
    mentors; either makes the problem a mixed-integer program (`sides.py`).

    `objective`: "max_score" maximises the total score; "max_matches" matches as many
    mentee slots as possible first, then maximises the score among those; "stable" runs
    mentee-proposing deferred acceptance on `mentee_ranks` and `mentor_ranks` (each id's
    acceptable partners, best first). `spread` ≥ 0 costs (k-1) × spread for the k-th mentee
    of one mentor, so load is spread when scores are close.
    """

    mentees: tuple[Mentee, ...]
    mentors: tuple[Mentor, ...]
    scores: tuple[ScoredPair, ...]
    pinned: tuple[Pair, ...] = ()
    forbidden: tuple[Pair, ...] = ()
    objective: str = "max_score"
    spread: float = 0.0
    mentee_ranks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    mentor_ranks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The most pairs whose mentor is in a group (a division), pinned pairs included.
    group_limits: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("mentees", "mentors", "scores", "pinned", "forbidden"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "pinned", tuple(tuple(p) for p in self.pinned))
        object.__setattr__(self, "forbidden", tuple(tuple(p) for p in self.forbidden))
        for name in ("mentee_ranks", "mentor_ranks"):
            ranks = {key: tuple(value) for key, value in dict(getattr(self, name)).items()}
            object.__setattr__(self, name, ranks)
        object.__setattr__(self, "group_limits", dict(self.group_limits))
        check(self)

    def scores_by_pair(self) -> dict[Pair, float]:
        """Every scored pair's score."""
        return {(s.mentee, s.mentor): s.score for s in self.scores}

    @property
    def has_sides(self) -> bool:
        """Side constraints (roles asked for, group limits): the mixed-integer program."""
        return bool(self.group_limits) or any(m.roles for m in self.mentees)

    def allowed(self) -> dict[Pair, float]:
        """The pairs that may be matched (scored and not forbidden), with their scores."""
        forbidden = set(self.forbidden)
        return {pair: s for pair, s in self.scores_by_pair().items() if pair not in forbidden}


def _duplicate(ids) -> str | None:
    repeated = [key for key, n in Counter(ids).items() if n > 1]
    return min(repeated) if repeated else None


def _finite(value: float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check(problem: Problem) -> None:
    """Refuse a problem that breaks a rule, naming the first rule broken."""
    mentees = {m.id: m for m in problem.mentees}
    mentors = {m.id: m for m in problem.mentors}
    for kind, people, amount in (
        ("mentee", problem.mentees, "slots"),
        ("mentor", problem.mentors, "capacity"),
    ):
        for person in people:
            if not isinstance(person.id, str) or not person.id:
                raise ProblemError(
                    f"a {kind}'s id must be a non-empty string, not {show(person.id)}"
                )
            value = getattr(person, amount)
            if not _whole(value) or value < 0:
                raise ProblemError(
                    f"{kind} {person.id}: {amount} must be a whole number ≥ 0, not {show(value)}"
                )
        if (repeated := _duplicate(p.id for p in people)) is not None:
            raise ProblemError(f"the {kind} id {repeated} appears twice")

    def known(pair: Pair, where: str) -> None:
        mentee, mentor = pair
        if mentee not in mentees:
            raise ProblemError(f"{where}: unknown mentee {show(mentee)}")
        if mentor not in mentors:
            raise ProblemError(f"{where}: unknown mentor {show(mentor)}")

    for candidate in problem.scores:
        known((candidate.mentee, candidate.mentor), "scores")
        value = candidate.score
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ProblemError(
                f"scores: the score of ({candidate.mentee}, {candidate.mentor}) must be a number, "
                f"not {show(value)}"
            )
        if not _finite(value):
            raise ProblemError(
                f"scores: the score of ({candidate.mentee}, {candidate.mentor}) must be finite, "
                f"not {show(value)[:20]}"
            )
    for name in ("scores", "pinned", "forbidden"):
        pairs = (
            [(s.mentee, s.mentor) for s in problem.scores]
            if name == "scores"
            else getattr(problem, name)
        )
        for pair in pairs:
            known(pair, name)
        if (repeated := _duplicate(pairs)) is not None:
            raise ProblemError(f"{name}: the pair ({repeated[0]}, {repeated[1]}) appears twice")

    forbidden = set(problem.forbidden)
    scored = {(s.mentee, s.mentor) for s in problem.scores}
    for pair in problem.pinned:
        if pair in forbidden:
            raise ProblemError(f"pinned: the pair ({pair[0]}, {pair[1]}) is also forbidden")
        if pair not in scored:
            raise ProblemError(f"pinned: the pair ({pair[0]}, {pair[1]}) has no score")
    for mentor_id, n in sorted(Counter(mentor for _, mentor in problem.pinned).items()):
        if n > mentors[mentor_id].capacity:
            raise ProblemError(
                f"pinned: {n} mentees pinned to mentor {mentor_id}, whose capacity is "
                f"{mentors[mentor_id].capacity}"
            )
    for mentee_id, n in sorted(Counter(mentee for mentee, _ in problem.pinned).items()):
        if n > mentees[mentee_id].slots:
            raise ProblemError(
                f"pinned: {n} mentors pinned to mentee {mentee_id}, who has "
                f"{mentees[mentee_id].slots} slot(s)"
            )

    if problem.objective not in OBJECTIVES:
        raise ProblemError(
            f"unknown objective {show(problem.objective)} (one of {', '.join(OBJECTIVES)})"
        )
    spread = problem.spread
    if isinstance(spread, bool) or not isinstance(spread, int | float):
        raise ProblemError(f"spread must be a number, not {show(spread)}")
    if not _finite(spread) or spread < 0:
        raise ProblemError(f"spread must be a finite number ≥ 0, not {show(spread)[:20]}")
    if spread and problem.objective == "stable":
        raise ProblemError("spread does not apply to the stable objective")
    _check_sides(problem, mentees, mentors)

    for name, owners, others, kind in (
        ("mentee_ranks", mentees, mentors, "mentor"),
        ("mentor_ranks", mentors, mentees, "mentee"),
    ):
        for owner, ranked in getattr(problem, name).items():
            if owner not in owners:
                raise ProblemError(f"{name}: unknown {name[:6]} {show(owner)}")
            for other in ranked:
                if other not in others:
                    raise ProblemError(f"{name}: {owner} ranks an unknown {kind} {show(other)}")
            if (repeated := _duplicate(ranked)) is not None:
                raise ProblemError(f"{name}: {owner} ranks {repeated} twice")


def _check_sides(problem: Problem, mentees: dict, mentors: dict) -> None:
    """Roles asked for and taken, and group limits: well formed, and pins that fit them."""
    for mentee in problem.mentees:
        for role, count in mentee.roles:
            if not isinstance(role, str) or not role:
                raise ProblemError(f"mentee {mentee.id}: a role must be a non-empty string")
            if not _whole(count) or count < 1:
                raise ProblemError(
                    f"mentee {mentee.id}: the count of role {role} must be a whole number ≥ 1, "
                    f"not {show(count)}"
                )
        if (repeated := _duplicate(role for role, _ in mentee.roles)) is not None:
            raise ProblemError(f"mentee {mentee.id}: the role {repeated} appears twice")
        if mentee.roles and sum(n for _, n in mentee.roles) != mentee.slots:
            raise ProblemError(
                f"mentee {mentee.id}: slots ({mentee.slots}) must be the sum of the roles' "
                f"counts ({sum(n for _, n in mentee.roles)})"
            )
    for mentor in problem.mentors:
        if not all(isinstance(r, str) and r for r in mentor.roles):
            raise ProblemError(f"mentor {mentor.id}: a role must be a non-empty string")
        if (repeated := _duplicate(mentor.roles)) is not None:
            raise ProblemError(f"mentor {mentor.id}: the role {repeated} appears twice")
        if not isinstance(mentor.group, str):
            raise ProblemError(f"mentor {mentor.id}: group must be a string")
    groups = {m.group for m in problem.mentors if m.group}
    for group, limit in problem.group_limits.items():
        if group not in groups:
            raise ProblemError(f"group_limits: no mentor is in the group {show(group)}")
        if not _whole(limit) or limit < 0:
            raise ProblemError(
                f"group_limits: {group} must be a whole number ≥ 0, not {show(limit)}"
            )
    if problem.has_sides and problem.objective == "stable":
        raise ProblemError("roles and group limits do not apply to the stable objective")
    for mentee_id, mentor_id in problem.pinned:
        asked = {role for role, _ in mentees[mentee_id].roles}
        if asked and not asked & set(mentors[mentor_id].roles):
            raise ProblemError(
                f"pinned: mentor {mentor_id} takes none of the roles mentee {mentee_id} asks for"
            )
    pinned_in = Counter(mentors[m].group for _, m in problem.pinned)
    for group, limit in sorted(problem.group_limits.items()):
        if pinned_in[group] > limit:
            raise ProblemError(
                f"pinned: {pinned_in[group]} pairs pinned in the group {group}, whose limit is "
                f"{limit}"
            )


def show(value: object) -> str:
    """A value as JSON would write it, for a message: "2", '"two"', "null"."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


# --- From JSON ---------------------------------------------------------------------------

KEYS = {
    "mentees",
    "mentors",
    "scores",
    "pinned",
    "forbidden",
    "objective",
    "spread",
    "mentee_ranks",
    "mentor_ranks",
    "group_limits",
}


def _records(data: dict, name: str, required: set[str], optional: frozenset[str] = frozenset()):
    """The list `data[name]` of objects, each with the `required` keys and maybe `optional`."""
    items = data.get(name, [])
    if not isinstance(items, list):
        raise ProblemError(f"{name} must be a list, not {show(items)}")
    for index, item in enumerate(items):
        where = f"{name}[{index}]"
        if not isinstance(item, dict):
            raise ProblemError(f"{where} must be an object, not {show(item)}")
        if unknown := sorted(set(item) - required - optional):
            raise ProblemError(f"{where}: unknown key {show(unknown[0])}")
        if missing := sorted(required - set(item)):
            raise ProblemError(f"{where}: {show(missing[0])} is missing")
        for key in ("id", "mentee", "mentor"):
            if key in item and (not isinstance(item[key], str) or not item[key]):
                raise ProblemError(
                    f"{where}: {key} must be a non-empty string, not {show(item[key])}"
                )
        yield where, item


def _ranks(data: dict, name: str, owner: str, others: str) -> dict[str, tuple[str, ...]]:
    ranks: dict[str, tuple[str, ...]] = {}
    for where, item in _records(data, name, {owner, others}):
        ranked = item[others]
        if not isinstance(ranked, list) or not all(isinstance(x, str) for x in ranked):
            raise ProblemError(f"{where}: {others} must be a list of ids, not {show(ranked)}")
        if item[owner] in ranks:
            raise ProblemError(f"{name}: {owner} {item[owner]} has two rankings")
        ranks[item[owner]] = tuple(ranked)
    return ranks


def parse_problem(data: Any) -> Problem:
    """The `Problem` a JSON document (already loaded) describes, or `ProblemError`."""
    if not isinstance(data, dict):
        raise ProblemError(f"the problem must be a JSON object, not {show(data)[:40]}")
    if unknown := sorted(set(data) - KEYS):
        raise ProblemError(f"unknown key {show(unknown[0])} (known: {', '.join(sorted(KEYS))})")
    for name in ("mentees", "mentors", "scores"):
        if name not in data:
            raise ProblemError(f"{show(name)} is missing")
    objective = data.get("objective", "max_score")
    if objective == "stable":
        for name in ("mentee_ranks", "mentor_ranks"):
            if name not in data:
                raise ProblemError(f"the stable objective needs {show(name)}")
    mentees = [
        _mentee(where, item)
        for where, item in _records(data, "mentees", {"id"}, frozenset({"slots", "roles"}))
    ]
    mentors = [
        Mentor(
            item["id"],
            item["capacity"],
            _strings(where, item.get("roles", []), "roles"),
            item.get("group", ""),
        )
        for where, item in _records(
            data, "mentors", {"id", "capacity"}, frozenset({"roles", "group"})
        )
    ]
    limits = data.get("group_limits", {})
    if not isinstance(limits, dict):
        raise ProblemError(f"group_limits must be an object, not {show(limits)[:40]}")
    scores = [
        ScoredPair(item["mentee"], item["mentor"], item["score"])
        for _, item in _records(data, "scores", {"mentee", "mentor", "score"})
    ]
    pinned, forbidden = (
        [(item["mentee"], item["mentor"]) for _, item in _records(data, name, {"mentee", "mentor"})]
        for name in ("pinned", "forbidden")
    )
    return Problem(
        mentees=tuple(mentees),
        mentors=tuple(mentors),
        scores=tuple(scores),
        pinned=tuple(pinned),
        forbidden=tuple(forbidden),
        objective=objective,
        spread=data.get("spread", 0.0),
        mentee_ranks=_ranks(data, "mentee_ranks", "mentee", "mentors"),
        mentor_ranks=_ranks(data, "mentor_ranks", "mentor", "mentees"),
        group_limits=limits,
    )


def _strings(where: str, value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ProblemError(f"{where}: {key} must be a list of strings, not {show(value)[:40]}")
    return tuple(value)


def _mentee(where: str, item: dict) -> Mentee:
    """A mentee from JSON: `roles` is {role: how many}; without `slots`, their sum."""
    roles = item.get("roles", {})
    if not isinstance(roles, dict):
        raise ProblemError(f"{where}: roles must be an object of counts, not {show(roles)[:40]}")
    pairs = tuple(sorted(roles.items()))
    default = sum(n for _, n in pairs if _whole(n)) if pairs else 1
    return Mentee(item["id"], item.get("slots", default), pairs)
