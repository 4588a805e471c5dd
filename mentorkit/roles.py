"""What a person does in mentorkit: mentee, mentor of others, director of programs, or several.

One account holds every role; the menu and the home page follow the roles it has
(design, "Who sees what"). The roles are read once per request, in two queries that do
not grow with the data (three for a director): the people this person mentors, which
the menu names; one row of `EXISTS` flags; and a director's programs, by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.db.models import Exists, OuterRef
from django.shortcuts import render

MENU_MENTEES = 6  # mentees named in the menu; the rest are one link away
FLAGS = ("is_mentee", "is_enrolled", "was_mentor", "is_director", "is_neutral", "on_committee")


@dataclass(frozen=True)
class MenteeLink:
    mentorship_id: int
    name: str


@dataclass(frozen=True)
class ProgramLink:
    pk: int
    name: str


@dataclass(frozen=True)
class Roles:
    mentee: bool
    mentor: bool
    director: bool
    neutral_contact: bool = False  # of a program: receives confidential exits
    enrolled: bool = False  # in a program: has a training record of their own
    on_committee: bool = False  # sits on a scholar's mentoring committee
    mentees: list[MenteeLink] = field(default_factory=list)  # active mentorships, by name
    mentee_count: int = 0
    programs: list[ProgramLink] = field(default_factory=list)

    @property
    def several(self) -> bool:
        return sum((self.mentee, self.mentor, self.director)) > 1

    @property
    def more_mentees(self) -> int:
        return max(0, self.mentee_count - len(self.mentees))


def roles_of(user) -> Roles:
    """The roles of a signed-in user, from what the records say they do.

    - a **mentee** has a mentorship as mentee (not declined) or a program enrolment, or
      has nothing else and did not join as a mentor;
    - a **mentor** mentors someone now, or joined as a mentor and waits for a first
      invitation, or has an invitation open;
    - a **director** directs a program, or administers one (its coordinator); what each may
      read is decided per page (`Program.objects.directed_by` or `run_by`).
    """
    from mentorkit.accounts.models import JoinedAs, User
    from mentorkit.grants.models import CommitteeMember
    from mentorkit.programs.models import Enrollment, Program
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    mentoring = list(
        Mentorship.objects.of_mentor(user)
        .order_by("mentee__name", "pk")
        .values_list("pk", "mentee__name", "mentee__email")
    )
    flags = (
        User.objects.filter(pk=user.pk)
        .annotate(
            is_mentee=Exists(
                Mentorship.objects.filter(mentee=OuterRef("pk")).exclude(
                    status=MentorshipStatus.DECLINED
                )
            ),
            is_enrolled=Exists(Enrollment.objects.filter(mentee=OuterRef("pk"))),
            was_mentor=Exists(
                Mentorship.objects.filter(
                    mentor=OuterRef("pk"),
                    status__in=(MentorshipStatus.ENDED, MentorshipStatus.PAUSED),
                )
            )
            | Exists(Program.mentor_pool.through.objects.filter(user=OuterRef("pk"))),
            is_director=Exists(Program.directors.through.objects.filter(user=OuterRef("pk")))
            | Exists(Program.administrators.through.objects.filter(user=OuterRef("pk"))),
            is_neutral=Exists(Program.objects.filter(neutral_contact=OuterRef("pk"))),
            on_committee=Exists(CommitteeMember.objects.filter(person=OuterRef("pk"))),
        )
        .values(*FLAGS)
        .first()
    ) or dict.fromkeys(FLAGS, False)
    programs = []
    if flags["is_director"]:  # a third query, for directors only
        programs = [
            ProgramLink(pk, name)
            for pk, name in Program.objects.run_by(user).values_list("pk", "name")
        ]
    joined_as_mentor = user.joined_as == JoinedAs.MENTOR
    mentor = bool(mentoring) or joined_as_mentor or flags["was_mentor"]
    mentee = (
        flags["is_mentee"] or flags["is_enrolled"] or not (mentor or programs or joined_as_mentor)
    )
    return Roles(
        mentee=mentee,
        mentor=mentor,
        director=bool(programs),
        neutral_contact=flags["is_neutral"],
        enrolled=flags["is_enrolled"],
        on_committee=flags["on_committee"],
        mentees=[MenteeLink(pk, name or email) for pk, name, email in mentoring[:MENU_MENTEES]],
        mentee_count=len(mentoring),
        programs=programs,
    )


def roles_for(request) -> Roles | None:
    """The roles of the request's user, read once per request; None when signed out."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_roles"):
        request._roles = roles_of(request.user)
    return request._roles


def context(request) -> dict:
    """Template context processor: `roles`, read only when a template asks for it, and
    `open_signup`, whether anyone may create an account (the sign-in page links to it)."""
    from django.conf import settings
    from django.utils.functional import SimpleLazyObject

    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"roles": None, "open_signup": settings.OPEN_SIGNUP}
    return {"roles": SimpleLazyObject(lambda: roles_for(request)), "open_signup": False}


def for_mentees(page: str, about: str):
    """A page that belongs to the mentee's role: anyone else gets a page that explains
    what it is for and where their own work is, instead of an empty "your own" page.

    Anyone may start mentoring of their own (a junior faculty member who mentors and is
    mentored): the page offers the first step.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            roles = roles_for(request)
            if roles is not None and not roles.mentee:
                return render(
                    request, "not_your_role.html", {"page": page, "about": about, "roles": roles}
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
