"""A program's mentor directory, one rule for the page and the API: who may read it, its rows
(searched, and for a mentee scored as matching would score the pair), and a mentee's request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from mentorkit.programs.models import EnrollmentStatus, Program
from mentorkit.teams.actions import ActionError, invite_mentor

from . import rounds, scores


def programs_for(user):
    """Programs whose directory this person may read: an active mentee of it, or one who
    runs it."""
    enrolled = Q(enrollments__mentee=user, enrollments__status=EnrollmentStatus.ACTIVE)
    runs = Q(pk__in=Program.objects.run_by(user).values("pk"))
    return Program.objects.filter(enrolled | runs).distinct()


def programs_of_mentee(user):
    """Programs in which this person may ask a mentor of the directory: an active mentee."""
    return Program.objects.filter(
        enrollments__mentee=user, enrollments__status=EnrollmentStatus.ACTIVE
    )


@dataclass
class Row:
    mentor: Any  # a User read through `mentors_of`
    facts: scores.MentorFacts
    candidate: scores.Candidate | None  # for a mentee: the pair's score and criteria
    yours: bool  # on the mentee's team now, or earlier
    rank: int | None  # the mentee's choice, 1–3

    @property
    def free(self) -> int | None:
        return self.facts.free

    @property
    def roles(self) -> list[str]:
        """The roles the mentor takes, in words."""
        from mentorkit.teams.choices import TAKEN_ROLES

        return [str(label) for value, label in TAKEN_ROLES if value in self.facts.roles]

    @property
    def taking(self) -> bool:
        return self.facts.taking and self.facts.free != 0


@dataclass
class Directory:
    rows: list[Row]
    is_mentee: bool
    weights: scores.Weights
    needs: list[str] = field(default_factory=list)  # the mentee's uncovered high-priority needs

    @property
    def chosen(self) -> list[tuple[int, Any]]:
        return sorted(((r.rank, r.mentor) for r in self.rows if r.rank), key=lambda x: x[0])


def institution_pool():
    """The mentors who listed themselves in the institution's directory, with their load."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from mentorkit.accounts.models import User
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    load = (
        Mentorship.objects.filter(mentor=OuterRef("pk"), status=MentorshipStatus.ACTIVE)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        User.objects.filter(in_institution_directory=True, is_active=True)
        .annotate(load=Coalesce(Subquery(load, output_field=IntegerField()), 0))
        .order_by("name", "pk")
    )


def read(program, viewer, query: str = "") -> Directory:
    """The program's mentors (without a program: those in the institution's directory)
    matching `query`, those who take mentees first, then (for a mentee of the program, or
    anyone in the institution's) by the pair's score: in a program, with the needs the
    mentee marked for it; in the institution's, with all of the viewer's own needs."""
    people = institution_pool() if program is None else rounds.pool(program)
    people = [p for p in people if p.pk != viewer.pk]
    facts = scores.mentor_facts(people, program)
    found = scores.search(query, facts)
    me: scores.MenteeFacts | None
    if program is None:
        is_mentee = True
        me = scores.mentee_facts([viewer])[viewer.pk]
        weights = scores.Weights()
    else:
        is_mentee = programs_of_mentee(viewer).filter(pk=program.pk).exists()
        me = scores.mentee_facts([viewer], program=program)[viewer.pk] if is_mentee else None
        weights = scores.Weights.from_dict(program.match_weights)
    choices = dict(me.choices) if me else {}
    rows = [
        Row(
            person,
            facts[person.pk],
            scores.score(me, facts[person.pk], weights) if me else None,
            me is not None and person.pk in me.excluded,
            choices.get(person.pk),
        )
        for person in people
        if person.pk in found
    ]
    rows.sort(
        key=lambda r: (
            not r.taking,
            -(r.candidate.score if r.candidate else 0),
            r.mentor.display_name,
        )
    )
    needs = [name for name, priority in me.needs if priority == 1] if me else []
    return Directory(rows, is_mentee, weights, needs)


def request(program, mentee, mentor, *, role: str, message: str = ""):
    """The mentee asks a mentor of the directory (`program` None: the institution's) onto
    their team: the team's invitation,
    which the mentor accepts or declines. A mentor who is full here or overall, away, or not
    taking mentees is refused (ActionError)."""
    fact = scores.mentor_facts([mentor], program)[mentor.pk]
    if not fact.taking or fact.free == 0:
        why = mentor.beyond_capacity(mentor.load) or "no free slot"
        raise ActionError(f"{mentor.display_name} takes no new mentees now ({why}).")
    where = "the institution's directory" if program is None else f"the directory of {program}"
    mentorship, _url = invite_mentor(
        mentee,
        invited_email=mentor.email,
        invited_name=mentor.name,
        role=role,
        message=message,
        focus=f"Requested from {where}"[:300],
    )
    return mentorship
