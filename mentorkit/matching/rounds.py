"""A program's matching round, from the choice of mentees to the invitations.

`start` scores every pair of the round's mentees and the program's mentors (`scores.py`),
keeps the inputs and runs the exact solver; `pin`, `forbid` and `release` change the inputs
and run it again; `publish` sends each proposed mentor the team's own invitation, once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mentorkit.teams.actions import ActionError

from . import scores
from .models import MatchRound, RoundStatus
from .problem import Mentee, Mentor, Problem, ScoredPair
from .solver import solve

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


@transaction.atomic
def start(program, by, *, name: str, mentees, objective: str, spread: float) -> MatchRound:
    people = list(mentees)
    if not people:
        raise ActionError("No mentee is in that group now: nothing to match.")
    weights = scores.Weights.from_dict(program.match_weights)
    mentors = scores.mentor_facts(pool(program), program)
    facts = scores.mentee_facts(people, program_only=True, program=program)
    found = scores.candidates(facts, mentors, weights)
    inputs = {
        "mentees": [p.pk for p in people],
        "mentors": {
            str(m.id): (DEFAULT_CAPACITY if m.free is None else m.free)
            for m in mentors.values()
            if m.taking and m.free != 0
        },
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


def problem_of(round_: MatchRound) -> Problem:
    data = round_.inputs
    return Problem(
        mentees=tuple(Mentee(str(i)) for i in data["mentees"]),
        mentors=tuple(Mentor(m, c) for m, c in data["mentors"].items()),
        scores=tuple(
            ScoredPair(str(c["mentee"]), str(c["mentor"]), float(c["score"]))
            for c in data["candidates"]
        ),
        pinned=tuple((str(e), str(m)) for e, m in data["pinned"]),
        forbidden=tuple((str(e), str(m)) for e, m in data["forbidden"]),
        objective=round_.objective,
        spread=round_.spread,
    )


def run(round_: MatchRound) -> MatchRound:
    """Solve the round's problem as it stands and keep the answer."""
    solution = solve(problem_of(round_))
    pairs = [[int(a.mentee), int(a.mentor), a.score] for a in solution.assignments]
    unmatched = [int(i) for i in solution.unmatched]
    round_.result = {
        "pairs": pairs,
        "unmatched": unmatched,
        "total": round(solution.total, 4),
        "optimal": solution.optimal,
        "solver": solution.solver,
        "seconds": round(solution.seconds, 4),
        **_explained(round_.inputs, pairs, unmatched),
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
    for mentee_id, mentor_id, _score in pairs:
        mentor = people[mentor_id]
        mentorship, _url = invite_mentor(
            people[mentee_id],
            invited_email=mentor.email,
            invited_name=mentor.name,
            focus=f"Proposed by {round_.program.name} ({round_.name})"[:300],
        )
        published.append([mentee_id, mentor_id, mentorship.pk])
    MatchRound.objects.filter(pk=round_.pk).update(published=published)
    round_.refresh_from_db()
    return len(published)


def review(round_: MatchRound) -> dict:
    """What the review page shows: each pair with its criteria, the unmatched and why, each
    mentor's load in the round, the pins and the forbidden pairs — from the answer alone."""
    from mentorkit.accounts.models import User

    result = round_.result
    if "why" not in result:  # an answer kept before explanations were: explain it now
        result = {**result, **_explained(round_.inputs, result["pairs"], result["unmatched"])}
    pinned = {tuple(p) for p in result["pinned"]}
    forbidden = [tuple(p) for p in result["forbidden"]]
    ids = {p for pair in result["pairs"] for p in pair[:2]} | set(result["unmatched"])
    ids |= {p for pair in forbidden for p in pair}
    people = User.objects.in_bulk(ids)
    pairs = [
        {
            "mentee": people.get(e),
            "mentor": people.get(m),
            "mentee_id": e,
            "mentor_id": m,
            "score": s,
            "criteria": result["why"].get(f"{e}:{m}", []),
            "pinned": (e, m) in pinned,
        }
        for e, m, s in result["pairs"]
    ]
    load: dict[int, int] = {}
    for pair in pairs:
        load[pair["mentor_id"]] = load.get(pair["mentor_id"], 0) + 1
    unmatched = [
        {"mentee": people.get(e), "why": result["unmatched_why"].get(str(e), NO_CANDIDATE)}
        for e in result["unmatched"]
    ]
    loads = [
        {"mentor": people.get(int(m)), "capacity": c, "in_round": load.get(int(m), 0)}
        for m, c in result["capacity"].items()
    ]
    loads.sort(
        key=lambda row: (-row["in_round"], row["mentor"].display_name if row["mentor"] else "")
    )
    return {
        "pairs": pairs,
        "unmatched": unmatched,
        "loads": loads,
        "forbidden": [
            {"mentee": people.get(e), "mentor": people.get(m), "ids": (e, m)} for e, m in forbidden
        ],
        "weights": scores.Weights.from_dict(round_.weights).described(),
    }


def since(round_: MatchRound) -> list[dict]:
    """How a published round's matches went: each invitation's mentorship now (invited,
    active, declined, ended), how long since the pair last met, and the mentee's relationship
    health (how many of the seven practices are on track), beside the pair's score."""
    from mentorkit.health import health_for
    from mentorkit.teams.models import Mentorship

    if not round_.published:
        return []
    scores_of = {(e, m): s for e, m, s in round_.result.get("pairs", [])}
    found = {
        m.pk: m
        for m in Mentorship.objects.filter(pk__in=[p[2] for p in round_.published])
        .select_related("mentee", "mentor")
        .with_last_met()
    }
    health = health_for([m.mentee for m in found.values()])
    today = timezone.localdate()
    rows = []
    for mentee_id, mentor_id, pk in round_.published:
        mentorship = found.get(pk)
        if mentorship is None:
            continue
        indicators = health.get(mentee_id, [])
        last = mentorship.last_met
        rows.append(
            {
                "mentorship": mentorship,
                "score": scores_of.get((mentee_id, mentor_id)),
                "days_since_met": None if last is None else (today - timezone.localdate(last)).days,
                "on_track": sum(1 for i in indicators if i.state == "good"),
                "of": len(indicators),
            }
        )
    return rows
