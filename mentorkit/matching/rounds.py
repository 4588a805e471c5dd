"""A program's matching round, from the choice of mentees to the invitations.

`start` scores every pair of the round's mentees and the program's mentors (`scores.py`),
keeps the inputs and runs the exact solver; `pin`, `forbid` and `release` change the inputs
and run it again; `publish` sends each proposed mentor the team's own invitation, once.
"""

from __future__ import annotations

import math

from django.db import transaction
from django.utils import timezone

from mentorkit.teams.actions import ActionError
from mentorkit.teams.choices import TAKEN_ROLES

from . import scores
from .models import MatchRound, RoundStatus
from .problem import Mentee, Mentor, Problem, ScoredPair

WHO = {
    "no_mentor": "Active mentees without an active mentor",
    "uncovered": "Active mentees with an uncovered high-priority need (marked for the program)",
    "cohort": "The active mentees of one cohort",
}
DEFAULT_CAPACITY = 3  # for a mentor who gave no limit


def mentees_for(program, who: str, cohort: int | None = None):
    from django.db.models import Exists, OuterRef

    from mentorkit.accounts.models import User
    from mentorkit.programs.models import EnrollmentStatus
    from mentorkit.teams.models import Mentorship, Need, Priority
    from mentorkit.visibility import Visibility

    enrolled = program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
    if who == "cohort":
        enrolled = enrolled.filter(cohort_year=cohort)
    people = User.objects.filter(pk__in=enrolled.values("mentee_id"))
    if who == "no_mentor":
        people = people.exclude(Exists(Mentorship.objects.active().filter(mentee=OuterRef("pk"))))
    if who == "uncovered":
        uncovered = Need.objects.filter(
            mentee=OuterRef("pk"),
            priority=Priority.HIGH,
            covered_by=None,
            visibility=Visibility.PROGRAM,
        )
        people = people.filter(Exists(uncovered))
    return people.order_by("name", "pk")


def pool(program):
    """The program's mentors who could take a mentee: those who mentor in it now."""
    from mentorkit.programs.mentors import mentors_of

    return mentors_of(program)


CONFLICT = "supervisor or reporting line"
SHARES = {0.5: "half", 1 / 3: "a third", 0.25: "a quarter"}


@transaction.atomic
def start(
    program,
    by,
    *,
    name: str,
    mentees,
    objective: str,
    spread: float,
    roles=(),
    division_share: float = 0.0,
) -> MatchRound:
    """Score every pair, keep the inputs and solve. `roles`: each mentee gets one mentor per
    role (from the mentors taking it); `division_share`: no more than that share of the
    round's pairs with mentors of one department."""
    people = list(mentees)
    if not people:
        raise ActionError("No mentee is in that group now: nothing to match.")
    if objective == "stable" and (roles or division_share):
        raise ActionError("The stable objective takes neither roles nor a limit per department.")
    weights = scores.Weights.from_dict(program.match_weights)
    mentors = scores.mentor_facts(pool(program), program)
    facts = scores.mentee_facts(people, program_only=True, program=program)
    found = scores.candidates(facts, mentors, weights)
    free = {
        str(m.id): (DEFAULT_CAPACITY if m.free is None else m.free)
        for m in mentors.values()
        if m.taking and m.free != 0
    }
    roles = [r for r, _label in TAKEN_ROLES if r in set(roles)]
    groups = {m: mentors[int(m)].department for m in free if mentors[int(m)].department}
    limit = max(1, math.floor(division_share * len(people) * max(1, len(roles))))
    inputs = {
        "mentees": [p.pk for p in people],
        "mentors": free,
        "candidates": [
            {
                "mentee": c.mentee_id,
                "mentor": c.mentor_id,
                "score": c.score,
                "criteria": [[k.label, k.points] for k in c.criteria],
            }
            for c in found
        ],
        "pinned": [],
        "forbidden": [],
        "excluded": _excluded(facts, mentors),
        "roles": roles,
        "mentor_roles": {m: list(mentors[int(m)].roles) for m in free} if roles else {},
        "groups": groups if division_share else {},
        "division_share": division_share,
        "group_limits": dict.fromkeys(sorted(set(groups.values())), limit)
        if division_share
        else {},
        "mentee_choices": {
            str(f.id): [m for m, _rank in sorted(f.choices, key=lambda c: c[1])]
            for f in facts.values()
            if f.choices
        },
        "mentor_choices": {},
    }
    round_ = MatchRound.objects.create(
        program=program,
        name=name,
        created_by=by,
        objective=objective,
        spread=spread,
        weights=weights.as_dict(),
        inputs=inputs,
    )
    return run(round_)


def _excluded(facts, mentors) -> list[list]:
    """For the audit: each pair of the round's mentees and the program's mentors left out
    before scoring, with why."""
    rows = []
    for mentee in facts.values():
        for mentor_id in sorted(mentors):
            if mentor_id == mentee.id:
                continue
            if mentor_id in mentee.conflicts:
                rows.append([mentee.id, mentor_id, CONFLICT])
            elif mentor_id in mentee.excluded:
                rows.append([mentee.id, mentor_id, "their mentor now or before"])
    return rows


def _ranks(data: dict) -> tuple[dict, dict]:
    """Both sides' ranks for the stable mode: each one's stated choices first, then every
    other candidate by the pair's score (ties by id), so every candidate pair is acceptable."""
    by_mentee: dict[str, list] = {}
    by_mentor: dict[str, list] = {}
    for c in sorted(data["candidates"], key=lambda c: (-c["score"], c["mentee"], c["mentor"])):
        by_mentee.setdefault(str(c["mentee"]), []).append(str(c["mentor"]))
        by_mentor.setdefault(str(c["mentor"]), []).append(str(c["mentee"]))

    def ranked(default: dict, stated: dict) -> dict:
        out = {}
        for owner, others in default.items():
            first = [str(x) for x in stated.get(owner, []) if str(x) in others]
            out[owner] = tuple(first + [x for x in others if x not in first])
        return out

    return (
        ranked(by_mentee, data.get("mentee_choices", {})),
        ranked(by_mentor, data.get("mentor_choices", {})),
    )


def problem_of(round_: MatchRound) -> Problem:
    data = round_.inputs
    roles = tuple((r, 1) for r in sorted(data.get("roles", [])))
    mentor_roles, groups = data.get("mentor_roles", {}), data.get("groups", {})
    stable = round_.objective == "stable"
    mentee_ranks, mentor_ranks = _ranks(data) if stable else ({}, {})
    known = set(data["mentors"])  # a candidate of a mentor no longer taking mentees is left out
    return Problem(
        mentees=tuple(Mentee(str(i), len(roles) or 1, roles) for i in data["mentees"]),
        mentors=tuple(
            Mentor(m, c, tuple(mentor_roles.get(m, ())), groups.get(m, ""))
            for m, c in data["mentors"].items()
        ),
        scores=tuple(
            ScoredPair(str(c["mentee"]), str(c["mentor"]), float(c["score"]))
            for c in data["candidates"]
            if str(c["mentor"]) in known
        ),
        pinned=tuple((str(e), str(m)) for e, m in data["pinned"]),
        forbidden=tuple((str(e), str(m)) for e, m in data["forbidden"]),
        objective=round_.objective,
        spread=round_.spread,
        mentee_ranks=mentee_ranks,
        mentor_ranks={m: r for m, r in mentor_ranks.items() if m in known},
        group_limits=data.get("group_limits", {}),
    )


def run(round_: MatchRound) -> MatchRound:
    """Solve the round's problem as it stands and keep the answer."""
    # Here, not at the top: the solver's scipy and numpy (about 100 MB and 0.4 s) load into
    # a web worker only when a director solves a round.
    from .solver import blocking_pairs, solve

    problem = problem_of(round_)
    solution = solve(problem)
    pairs = [[int(a.mentee), int(a.mentor), a.score] for a in solution.assignments]
    unmatched = [int(i) for i in solution.unmatched]
    round_.result = {
        "pairs": pairs,
        "unmatched": unmatched,
        "total": round(solution.total, 4),
        "optimal": solution.optimal,
        "solver": solution.solver,
        "seconds": round(solution.seconds, 4),
        "roles": {f"{a.mentee}:{a.mentor}": a.role for a in solution.assignments if a.role},
        "blocking": [[int(e), int(m)] for e, m in blocking_pairs(problem, solution.assignments)]
        if problem.objective == "stable"
        else [],
        **_explained(round_.inputs, pairs, unmatched),
        **_asked(round_),
    }
    round_.run_at = timezone.now()
    round_.save(update_fields=["result", "run_at"])
    return round_


NO_CANDIDATE = (
    "no mentor with a free slot is a candidate (each is full, away, or already the mentee's mentor)"
)
OUTBID = "every candidate's free slots went to mentees they suit better"


def _explained(data: dict, pairs: list, unmatched: list) -> dict:
    """What the review shows, kept with the answer so the page need not read the inputs (a
    round of 200 mentees × 80 mentors has 16,000 candidate pairs): each proposed pair's
    criteria, why each unmatched mentee is, the proposed mentors' free slots, the pins and
    the removed pairs."""
    proposed = {(e, m) for e, m, _s in pairs}
    forbidden = {tuple(p) for p in data["forbidden"]}
    why, options = {}, set()
    for c in data["candidates"]:
        key = (c["mentee"], c["mentor"])
        if key in proposed:
            why[f"{key[0]}:{key[1]}"] = c["criteria"]
        if key not in forbidden:
            options.add(key[0])
    mentors = {str(m) for _e, m, _s in pairs}
    return {
        "why": why,
        "unmatched_why": {str(e): OUTBID if e in options else NO_CANDIDATE for e in unmatched},
        "capacity": {m: c for m, c in data["mentors"].items() if m in mentors},
        "pinned": data["pinned"],
        "forbidden": data["forbidden"],
    }


def _asked(round_: MatchRound) -> dict:
    """The small part of the inputs the review shows, kept with the answer too."""
    data = round_.inputs
    stable = round_.objective == "stable"
    return {
        "conflicts": [row[:2] for row in data.get("excluded", []) if row[2] == CONFLICT],
        "mentor_choices": data.get("mentor_choices", {}),
        "asked": {
            "roles": data.get("roles", []),
            "share": data.get("division_share", 0.0),
            "limits": data.get("group_limits", {}),
        },
        "round_mentees": data["mentees"] if stable else [],
        "round_mentors": [int(m) for m in data["mentors"]] if stable else [],
    }


def _draft(round_: MatchRound) -> None:
    if not round_.is_draft:
        raise ActionError("This round is published; start a new round to change it.")


def _pair_known(round_: MatchRound, mentee: int, mentor: int) -> None:
    if not any(
        c["mentee"] == mentee and c["mentor"] == mentor for c in round_.inputs["candidates"]
    ):
        raise ActionError("That pair is not a candidate of this round.")


@transaction.atomic
def pin(round_: MatchRound, mentee: int, mentor: int) -> MatchRound:
    """Keep the pair whatever the solver says (it must stay within the mentor's capacity)."""
    _draft(round_)
    _pair_known(round_, mentee, mentor)
    data = round_.inputs
    data["forbidden"] = [p for p in data["forbidden"] if p != [mentee, mentor]]
    if [mentee, mentor] not in data["pinned"]:
        data["pinned"].append([mentee, mentor])
    return _rerun(round_)


@transaction.atomic
def forbid(round_: MatchRound, mentee: int, mentor: int) -> MatchRound:
    """Take the pair out and solve the rest again."""
    _draft(round_)
    _pair_known(round_, mentee, mentor)
    data = round_.inputs
    data["pinned"] = [p for p in data["pinned"] if p != [mentee, mentor]]
    if [mentee, mentor] not in data["forbidden"]:
        data["forbidden"].append([mentee, mentor])
    return _rerun(round_)


@transaction.atomic
def release(round_: MatchRound, mentee: int, mentor: int) -> MatchRound:
    """Neither pinned nor forbidden any more."""
    _draft(round_)
    data = round_.inputs
    data["pinned"] = [p for p in data["pinned"] if p != [mentee, mentor]]
    data["forbidden"] = [p for p in data["forbidden"] if p != [mentee, mentor]]
    return _rerun(round_)


@transaction.atomic
def prefer(round_: MatchRound, mentor: int, mentees: list[int]) -> MatchRound:
    """A mentor's ranking of the round's mentees, best first (collected by the director),
    which the stable objective reads; an empty list clears it."""
    _draft(round_)
    if str(mentor) not in round_.inputs["mentors"]:
        raise ActionError("That mentor is not in this round.")
    if len(set(mentees)) != len(mentees):
        raise ActionError("A mentee is ranked twice.")
    candidates = {c["mentee"] for c in round_.inputs["candidates"] if c["mentor"] == mentor}
    if unknown := [e for e in mentees if e not in candidates]:
        raise ActionError(f"Mentee {unknown[0]} is not a candidate of that mentor in this round.")
    choices = round_.inputs.setdefault("mentor_choices", {})
    if mentees:
        choices[str(mentor)] = list(mentees)
    else:
        choices.pop(str(mentor), None)
    return _rerun(round_)


def _rerun(round_: MatchRound) -> MatchRound:
    from .problem import ProblemError

    try:
        problem_of(round_)
    except ProblemError as error:
        raise ActionError(f"{error}.".replace("..", ".")) from None
    round_.save(update_fields=["inputs"])
    return run(round_)


@transaction.atomic
def publish(round_: MatchRound, by) -> int:
    """Send each proposed mentor an invitation onto the mentee's team, once; returns how
    many. A round is published once: a second call (another tab, a retry) sends nothing."""
    from mentorkit.accounts.models import User
    from mentorkit.teams.actions import invite_mentor

    claimed = MatchRound.objects.filter(pk=round_.pk, status=RoundStatus.DRAFT).update(
        status=RoundStatus.PUBLISHED, published_at=timezone.now()
    )
    if not claimed:
        raise ActionError("This round was published already; nobody was invited twice.")
    pairs = round_.result.get("pairs", [])
    people = User.objects.in_bulk({p for pair in pairs for p in pair[:2]})
    published = []
    roles = round_.result.get("roles", {})
    for mentee_id, mentor_id, _score in pairs:
        mentor = people[mentor_id]
        role = roles.get(f"{mentee_id}:{mentor_id}")
        mentorship, _url = invite_mentor(
            people[mentee_id],
            invited_email=mentor.email,
            invited_name=mentor.name,
            focus=f"Proposed by {round_.program.name} ({round_.name})"[:300],
            **({"role": role} if role else {}),
        )
        published.append([mentee_id, mentor_id, mentorship.pk])
    MatchRound.objects.filter(pk=round_.pk).update(published=published)
    round_.refresh_from_db()
    return len(published)
