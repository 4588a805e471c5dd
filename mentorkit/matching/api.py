"""Matching in the JSON API: a program's mentor directory (search, request) and its matching
rounds (create, read with explanations and the audit record, adjust, publish).

The same lookups as the pages: the directory for the program's active mentees and those who
run it, a request for its active mentees, rounds for its directors; anyone else gets 404.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from mentorkit.api.common import Id, Input, Pagination, PersonRef, paginate, person_ref
from mentorkit.programs.models import Program
from mentorkit.teams.actions import ActionError
from mentorkit.teams.models import Role

from . import directory, review, rounds
from .models import MatchRound, Objective

router = Router(tags=["matching"])


class MatchCriterionOut(Schema):
    label: str
    points: float


class DirectoryEntryOut(Schema):
    mentor: PersonRef
    discipline: str
    expertise: list[str]
    roles: list[str] = Field(description="The roles the mentor takes (their profile).")
    how_they_work: str = Field(description="How the mentor likes to work, in their words.")
    free_slots: int | None = Field(description="Null: the mentor gave no limit.")
    taking_mentees: bool
    score: float | None = Field(description="For a mentee: the pair's score in matching.")
    criteria: list[MatchCriterionOut]


class DirectoryQuery(Schema):
    q: str = Field("", max_length=120, description="Expertise or need to search for.")


@router.get("/programs/{program_id}/directory", response=list[DirectoryEntryOut])
def read_directory(request, program_id: Id, query: Query[DirectoryQuery]):
    """The program's mentors matching `q` (all without it); for a mentee of the program, each
    with the score and criteria of matching, those who take mentees first, the best first."""
    program = get_object_or_404(directory.programs_for(request.auth), pk=program_id)
    return _directory_rows(directory.read(program, request.auth, query.q))


@router.get("/directory", response=list[DirectoryEntryOut])
def read_institution_directory(request, query: Query[DirectoryQuery]):
    """The mentors who listed themselves in the institution's directory, matching `q`, each
    with the score and criteria for the caller's own uncovered needs."""
    return _directory_rows(directory.read(None, request.auth, query.q))


def _directory_rows(found) -> list[dict]:
    return [
        {
            "mentor": person_ref(row.mentor),
            "discipline": row.mentor.discipline,
            "expertise": list(row.facts.keywords),
            "roles": list(row.facts.roles),
            "how_they_work": row.mentor.mentoring_style,
            "free_slots": row.free,
            "taking_mentees": row.taking,
            "score": row.candidate.score if row.candidate else None,
            "criteria": [
                {"label": c.label, "points": c.points}
                for c in (row.candidate.criteria if row.candidate else [])
            ],
        }
        for row in found.rows
    ]


class MentorRequestIn(Input):
    role: Role = Role.RESEARCH
    message: str = Field("", max_length=2000)


class MentorRequestOut(Schema):
    mentorship_id: int
    status: str


@router.post(
    "/programs/{program_id}/directory/{mentor_id}/request", response={201: MentorRequestOut}
)
def request_mentor(request, program_id: Id, mentor_id: Id, payload: MentorRequestIn):
    """Ask a mentor of the directory onto the caller's team (an invitation they accept or
    decline); refused (400) when the mentor is full, away or not taking mentees."""
    program = get_object_or_404(directory.programs_of_mentee(request.auth), pk=program_id)
    mentor = get_object_or_404(rounds.pool(program).exclude(pk=request.auth.pk), pk=mentor_id)
    mentorship = directory.request(
        program, request.auth, mentor, role=payload.role, message=payload.message
    )
    return Status(201, {"mentorship_id": mentorship.pk, "status": mentorship.status})


@router.post("/directory/{mentor_id}/request", response={201: MentorRequestOut})
def request_institution_mentor(request, mentor_id: Id, payload: MentorRequestIn):
    """Ask a mentor of the institution's directory onto the caller's team; 404 for someone
    not listed there, 400 when the mentor is full, away or not taking mentees."""
    pool = directory.institution_pool().exclude(pk=request.auth.pk)
    mentor = get_object_or_404(pool, pk=mentor_id)
    mentorship = directory.request(
        None, request.auth, mentor, role=payload.role, message=payload.message
    )
    return Status(201, {"mentorship_id": mentorship.pk, "status": mentorship.status})


class MatchPairOut(Schema):
    mentee: PersonRef
    mentor: PersonRef
    score: float
    pinned: bool
    role: str = Field(description="The role the mentor fills, when the round asked for roles.")
    criteria: list[MatchCriterionOut]


class MatchUnmatchedOut(Schema):
    mentee: PersonRef
    why: str


class MatchRoundOut(Schema):
    id: int
    name: str
    status: Literal["draft", "published"]
    objective: Objective
    spread: float
    created_at: datetime
    run_at: datetime | None
    published_at: datetime | None
    total: float
    optimal: bool
    solver: str
    seconds: float
    pairs: list[MatchPairOut]
    unmatched: list[MatchUnmatchedOut]
    blocking: list[list[int]] = Field(
        description="Stable objective: [mentee, mentor] pairs who would both rather be "
        "together than with whom the round gives them (created by pins)."
    )
    inputs: dict = Field(
        description="For audit: the mentees, mentors with free slots, every candidate pair "
        "with its score and criteria, the pinned and the removed pairs."
    )
    weights: dict
    published: list[list[int]] = Field(description="[mentee, mentor, mentorship id] sent.")


def _round_out(round_: MatchRound) -> dict:
    shown = review.review(round_)
    result = round_.result
    return {
        "id": round_.pk,
        "name": round_.name,
        "status": round_.status,
        "objective": round_.objective,
        "spread": round_.spread,
        "created_at": round_.created_at,
        "run_at": round_.run_at,
        "published_at": round_.published_at,
        "total": result.get("total", 0),
        "optimal": result.get("optimal", False),
        "solver": result.get("solver", ""),
        "seconds": result.get("seconds", 0),
        "pairs": [
            {
                "mentee": person_ref(p["mentee"]),
                "mentor": person_ref(p["mentor"]),
                "score": p["score"],
                "pinned": p["pinned"],
                "role": result.get("roles", {}).get(f"{p['mentee_id']}:{p['mentor_id']}", ""),
                "criteria": [{"label": k, "points": v} for k, v in p["criteria"]],
            }
            for p in shown["pairs"]
        ],
        "unmatched": [
            {"mentee": person_ref(u["mentee"]), "why": u["why"]} for u in shown["unmatched"]
        ],
        "blocking": result.get("blocking", []),
        "inputs": round_.inputs,
        "weights": round_.weights,
        "published": round_.published,
    }


class MatchRoundSummaryOut(Schema):
    id: int
    name: str
    status: Literal["draft", "published"]
    created_at: datetime
    pairs: int

    @staticmethod
    def resolve_pairs(obj) -> int:
        return len(obj.result.get("pairs", []))


class MatchRoundIn(Input):
    name: str = Field(min_length=1, max_length=120)
    who: Literal["no_mentor", "uncovered", "cohort"]
    cohort: int | None = Field(None, ge=1990, le=2100)
    objective: Objective = Objective.MAX_SCORE
    spread: bool = False
    roles: list[Literal["research", "methods", "clinical", "career", "peer", "sponsor"]] = Field(
        [], max_length=6, description="One mentor per role for each mentee (none: one mentor)."
    )
    division_share: float = Field(
        0,
        ge=0,
        le=1,
        description="At most this share of the round's pairs with mentors of one department "
        "(0: no limit; for example 0.5 or 0.3333).",
    )


class MatchPreferencesIn(Input):
    mentor: int = Field(ge=1, le=2**31 - 1)
    mentees: list[int] = Field(
        max_length=50, description="The mentor's ranking of the round's mentees, best first."
    )


class MatchPairIn(Input):
    mentee: int = Field(ge=1, le=2**31 - 1)
    mentor: int = Field(ge=1, le=2**31 - 1)
    do: Literal["pin", "forbid", "release"]


def _directed(request, program_id: int) -> Program:
    return get_object_or_404(Program.objects.directed_by(request.auth), pk=program_id)


def _round(request, program_id: int, round_id: int) -> MatchRound:
    program = _directed(request, program_id)
    return get_object_or_404(MatchRound.objects.filter(program=program), pk=round_id)


@router.get("/programs/{program_id}/rounds", response=list[MatchRoundSummaryOut])
@paginate(Pagination)
def list_rounds(request, program_id: Id):
    """The program's matching rounds, the latest first."""
    return _directed(request, program_id).match_rounds.all()


@router.post("/programs/{program_id}/rounds", response={201: MatchRoundOut})
def create_round(request, program_id: Id, payload: MatchRoundIn):
    """Score and solve a round for a group of the program's mentees: a draft, nobody told."""
    program = _directed(request, program_id)
    if payload.who == "cohort" and payload.cohort is None:
        raise HttpError(422, "Give the cohort's year.")
    try:
        round_ = rounds.start(
            program,
            request.auth,
            name=payload.name,
            mentees=rounds.mentees_for(program, payload.who, payload.cohort),
            objective=payload.objective,
            spread=0.05 if payload.spread else 0.0,
            roles=payload.roles,
            division_share=float(payload.division_share),
        )
    except ActionError as error:
        raise HttpError(422, str(error)) from None
    return Status(201, _round_out(round_))


@router.get("/programs/{program_id}/rounds/{round_id}", response=MatchRoundOut)
def get_round(request, program_id: Id, round_id: Id):
    """A round with its pairs and their criteria, the unmatched and why, and its inputs."""
    return _round_out(_round(request, program_id, round_id))


@router.post("/programs/{program_id}/rounds/{round_id}/pairs", response=MatchRoundOut)
def change_pair(request, program_id: Id, round_id: Id, payload: MatchPairIn):
    """Pin a pair, remove it (`forbid`), or neither (`release`), and solve again; 400 on a
    published round or a pair that is not a candidate."""
    round_ = _round(request, program_id, round_id)
    change = {"pin": rounds.pin, "forbid": rounds.forbid, "release": rounds.release}[payload.do]
    try:
        change(round_, payload.mentee, payload.mentor)
    except ActionError as error:
        raise HttpError(400, str(error)) from None
    return _round_out(round_)


@router.post("/programs/{program_id}/rounds/{round_id}/preferences", response=MatchRoundOut)
def set_preferences(request, program_id: Id, round_id: Id, payload: MatchPreferencesIn):
    """A mentor's ranking of the round's mentees (collected by the director), read by the
    stable objective, and solve again; an empty list clears it. 400 on a published round, a
    mentor not in it or a mentee not their candidate."""
    round_ = _round(request, program_id, round_id)
    try:
        rounds.prefer(round_, payload.mentor, payload.mentees)
    except ActionError as error:
        raise HttpError(400, str(error)) from None
    return _round_out(round_)


@router.post("/programs/{program_id}/rounds/{round_id}/publish", response=MatchRoundOut)
def publish_round(request, program_id: Id, round_id: Id):
    """Send each proposed mentor an invitation, once; 409 if the round was published."""
    round_ = _round(request, program_id, round_id)
    try:
        rounds.publish(round_, request.auth)
    except ActionError as error:
        raise HttpError(409, str(error)) from None
    return _round_out(round_)
