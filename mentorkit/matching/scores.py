"""Why a mentor suits a mentee: a score made of named criteria, the same for the directory and
for a program's matching round.

Each candidate pair gets points for what mentorkit knows, each point with its reason:

- each of the mentee's **uncovered needs** a mentor's expertise covers (the keyword match of
  the autonomy flag, `growth.expertise.matches`), weighted by the need's priority;
- a **discipline** other than the mentee's (a team across disciplines, practice 6);
- **free slots** left under the mentor's capacity;
- the mentee's **choice** of the mentor in the program's directory (1st, 2nd or 3rd).

Pairs that may not be matched are left out with their reason: the mentor is the mentee's
mentor already, their mentorship ended before, the mentor is the mentee, the mentor is the
mentee's supervisor or in their reporting line (recorded on the enrollment), or the mentor
takes no new mentees (full, away, or said so). Weights are a program's (`Weights`), with defaults.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from mentorkit.growth.expertise import keywords_of, matches


@dataclass(frozen=True)
class Weights:
    high_need: float = 0.40
    medium_need: float = 0.20
    low_need: float = 0.10
    other_discipline: float = 0.10
    per_free_slot: float = 0.02  # up to `free_slots_counted` slots
    free_slots_counted: int = 3
    first_choice: float = 0.15  # the mentee's 1st choice; 2nd: two thirds of it, 3rd: a third

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Weights:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def described(self) -> list[str]:
        return [
            f"covers a high-priority need +{self.high_need:.2f}, a medium one "
            f"+{self.medium_need:.2f}, a low one +{self.low_need:.2f}",
            f"another discipline than the mentee's +{self.other_discipline:.2f}",
            f"+{self.per_free_slot:.2f} per free slot, up to {self.free_slots_counted}",
            f"the mentee's 1st choice +{self.first_choice:.2f}, 2nd "
            f"+{self.choice(2):.2f}, 3rd +{self.choice(3):.2f}",
        ]

    def choice(self, rank: int) -> float:
        return round(self.first_choice * (4 - rank) / 3, 4)


@dataclass(frozen=True)
class Criterion:
    label: str
    points: float

    def __str__(self) -> str:
        return f"{self.label} {self.points:+.2f}"


@dataclass
class Candidate:
    mentee_id: int
    mentor_id: int
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def score(self) -> float:
        return round(sum(c.points for c in self.criteria), 4)

    @property
    def covers(self) -> list[str]:
        return [
            c.label.removeprefix("covers ") for c in self.criteria if c.label.startswith("covers")
        ]


@dataclass(frozen=True)
class MentorFacts:
    """What scoring reads of a mentor."""

    id: int
    discipline: str
    keywords: tuple[str, ...]
    free: int | None  # slots left under the capacity; None: no limit given
    taking: bool  # accepting new mentees and not away
    roles: tuple[str, ...] = ()  # the roles the mentor takes (the profile)
    department: str = ""


@dataclass(frozen=True)
class MenteeFacts:
    id: int
    discipline: str
    needs: tuple[tuple[str, int], ...]  # (name, priority) of the needs nobody covers yet
    excluded: frozenset[int]  # mentors this mentee may not be matched with
    choices: tuple[tuple[int, int], ...] = ()  # (mentor id, rank) the mentee chose
    conflicts: frozenset[int] = frozenset()  # the supervisor and reporting line (a program's)


PRIORITY_LABEL = {1: "high priority", 2: "medium priority", 3: "low priority"}


def mentor_facts(mentors: Iterable, program=None) -> dict[int, MentorFacts]:
    """Facts of mentors read through a queryset annotated with `load` (`mentors_of`). With
    `program`, a mentor's free slots are also bounded by what they take in that program
    (`ProgramCapacity`): two more queries."""
    people = list(mentors)
    here: dict[int, int] = {}
    caps: dict[int, int] = {}
    if program is not None and people:
        from mentorkit.programs.models import ProgramCapacity, load_in

        caps = dict(
            ProgramCapacity.objects.filter(
                program=program, mentor_id__in=[m.pk for m in people]
            ).values_list("mentor_id", "capacity")
        )
        here = load_in(program, caps) if caps else {}
    found = {}
    for m in people:
        free = None if m.mentee_capacity is None else max(m.mentee_capacity - m.load, 0)
        if m.pk in caps:
            left = max(caps[m.pk] - here.get(m.pk, 0), 0)
            free = left if free is None else min(free, left)
        found[m.pk] = MentorFacts(
            m.pk,
            m.discipline,
            tuple(keywords_of(m.expertise)),
            free,
            m.taking_new_mentees,
            tuple(m.mentor_roles or ()),
            m.department,
        )
    return found


def mentee_facts(
    mentees: Iterable, *, program_only: bool = False, program=None
) -> dict[int, MenteeFacts]:
    """Each mentee's uncovered needs (with `program_only`, only those the mentee marked for
    the program: what a program's round may read) and the mentors they may not be matched
    with: current and earlier mentors (any mentorship but a declined invitation), and
    themselves; with `program`, the mentee's choices and supervisor and reporting line there.
    Two queries whatever the number of mentees (four with `program`)."""
    from mentorkit.teams.models import Mentorship, MentorshipStatus, Need
    from mentorkit.visibility import Visibility

    people = list(mentees)
    ids = [p.pk for p in people]
    needs: dict[int, list[tuple[str, int]]] = {i: [] for i in ids}
    found = Need.objects.filter(mentee_id__in=ids, covered_by=None)
    if program_only:
        found = found.filter(visibility=Visibility.PROGRAM)
    for mentee_id, name, priority in found.order_by("priority", "name").values_list(
        "mentee_id", "name", "priority"
    ):
        needs[mentee_id].append((name, priority))
    excluded: dict[int, set[int]] = {i: {i} for i in ids}
    for mentee_id, mentor_id in (
        Mentorship.objects.filter(mentee_id__in=ids, mentor__isnull=False)
        .exclude(status=MentorshipStatus.DECLINED)
        .values_list("mentee_id", "mentor_id")
    ):
        excluded[mentee_id].add(mentor_id)
    choices: dict[int, list[tuple[int, int]]] = {i: [] for i in ids}
    conflicts: dict[int, set[int]] = {i: set() for i in ids}
    if program is not None:
        from mentorkit.programs.models import Enrollment

        from .models import MatchPreference

        for mentee_id, person_id in Enrollment.reporting_line.through.objects.filter(
            enrollment__program=program, enrollment__mentee_id__in=ids
        ).values_list("enrollment__mentee_id", "user_id"):
            conflicts[mentee_id].add(person_id)

        for mentee_id, mentor_id, rank in MatchPreference.objects.filter(
            program=program, mentee_id__in=ids
        ).values_list("mentee_id", "mentor_id", "rank"):
            choices[mentee_id].append((mentor_id, rank))
    return {
        p.pk: MenteeFacts(
            p.pk,
            p.discipline,
            tuple(needs[p.pk]),
            frozenset(excluded[p.pk]),
            tuple(choices[p.pk]),
            frozenset(conflicts[p.pk]),
        )
        for p in people
    }


def score(mentee: MenteeFacts, mentor: MentorFacts, weights: Weights) -> Candidate | None:
    """The pair's criteria, or None if it may not be matched."""
    if mentor.id in mentee.excluded or mentor.id in mentee.conflicts:
        return None
    if not mentor.taking or mentor.free == 0:
        return None
    candidate = Candidate(mentee.id, mentor.id)
    points = {1: weights.high_need, 2: weights.medium_need, 3: weights.low_need}
    for name, priority in mentee.needs:
        if any(matches(name, keyword) for keyword in mentor.keywords):
            label = f"covers {name} ({PRIORITY_LABEL.get(priority, 'priority')})"
            candidate.criteria.append(Criterion(label, points.get(priority, weights.low_need)))
    if mentee.needs and not candidate.criteria:
        candidate.criteria.append(Criterion("covers none of the uncovered needs", 0.0))
    rank = dict(mentee.choices).get(mentor.id)
    if rank and weights.first_choice:
        ordinal = {1: "1st", 2: "2nd", 3: "3rd"}[rank]
        candidate.criteria.append(Criterion(f"the mentee's {ordinal} choice", weights.choice(rank)))
    if mentor.discipline and mentor.discipline.casefold() != (mentee.discipline or "").casefold():
        candidate.criteria.append(Criterion("another discipline", weights.other_discipline))
    slots = weights.free_slots_counted if mentor.free is None else mentor.free
    slots = min(slots, weights.free_slots_counted)
    if slots and weights.per_free_slot:
        label = f"{slots} free slot{'s' if slots != 1 else ''}"
        candidate.criteria.append(Criterion(label, round(slots * weights.per_free_slot, 4)))
    return candidate


def candidates(
    mentees: dict[int, MenteeFacts], mentors: dict[int, MentorFacts], weights: Weights
) -> list[Candidate]:
    """Every pair that may be matched, with its criteria."""
    found = []
    for mentee in mentees.values():
        for mentor in mentors.values():
            if (c := score(mentee, mentor, weights)) is not None:
                found.append(c)
    return found


def search(query: str, mentors: dict[int, MentorFacts]) -> set[int]:
    """The mentors whose expertise or discipline matches `query` (the autonomy flag's
    keyword match); every mentor for an empty query."""
    if not query.strip():
        return set(mentors)
    return {
        m.id
        for m in mentors.values()
        if any(matches(query, k) for k in (*m.keywords, m.discipline) if k)
    }
