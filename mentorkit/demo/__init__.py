"""A demo workspace: a cardiology fellow on a K23-style plan, her mentoring team and her program.

`load_demo()` fills an empty database with people and records that make every page worth
looking at, with dates relative to today so the demo always looks current. It is keyed
on the fellow's e-mail address: if she exists, nothing is touched, so it can run on every
start of a demo server.

The demo tells its story through the product: every record is written by the action, the
form or the model method a page uses (invite and accept, acknowledge, set up a series,
save a meeting's notes, review a goal, reflect, celebrate…), so every demo state is one
a user could reach. What the actions cannot say — that something happened two years
ago — is said by the demo's clock (`clock.py`), which performs each action at its moment.

The story, by module: `people` (who signs up, the program and its scholars), `team`
(Amara's mentors, needs, insights and agreements), `meetings` (a year of them),
`scholars` (the rest of the first cohort), `roster` (the rest of the program: eleven more
scholars, twenty mentors, endings, an exit, a nudge), `plans`, `feedback`, `growth`,
`outcomes` and `training`; last, `grants` (the KL2's training grant, its scholars'
appointments and records, what its NIH tables are built from) and `committees` (their
mentoring committees' meetings).
"""

from __future__ import annotations

from django.db import transaction
from django.test.utils import override_settings

from mentorkit.accounts.models import User
from mentorkit.core.statistics import refresh_statistics
from mentorkit.programs.models import Program
from mentorkit.teams.models import Mentorship

from .clock import DemoClock
from .people import DEMO_PASSWORD, PEOPLE, email_of
from .roster import MENTORS as ROSTER_MENTORS
from .roster import SCHOLARS as ROSTER_SCHOLARS

__all__ = ["DEMO_PASSWORD", "MENTEE_EMAIL", "ROSTER", "load_demo", "sign_ins"]

# The rest of the program's people: accounts like the others, not part of the tour.
ROSTER = [email_of(key) for key in (*ROSTER_SCHOLARS, *ROSTER_MENTORS)]

MENTEE_EMAIL = email_of("mentee")


def sign_ins() -> list[tuple[str, str]]:
    """The tour's accounts as (e-mail, who), the fellow first; all use DEMO_PASSWORD, as do
    the roster's (`ROSTER`)."""
    return [(email_of(key), f"{profile['name']}, {who}") for key, (who, profile) in PEOPLE.items()]


def load_demo() -> list[tuple[str, str]]:
    """Create the demo workspace unless it exists; return the sign-ins either way."""
    # The actions mail invitations and notices as they would to anyone; the demo's people
    # are at example.org, so theirs go nowhere.
    nowhere = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with nowhere, transaction.atomic():
        loaded = not User.objects.filter(email=MENTEE_EMAIL).exists()
        if loaded:
            _Demo().load()
    if loaded:
        refresh_statistics()  # the planner should see the rows the demo just wrote
    return sign_ins()


class _Demo:
    """What the chapters of the story share: the clock, the people and the fellow's team."""

    def __init__(self) -> None:
        self.clock = DemoClock()
        self.people: dict[str, User] = {}
        self.team: dict[str, Mentorship] = {}  # the fellow's mentorships, by the mentor's key
        self.program: Program

    def load(self) -> None:
        from . import (
            committees,
            feedback,
            grants,
            growth,
            meetings,
            outcomes,
            people,
            plans,
            roster,
            scholars,
            team,
            training,
        )

        chapters = (people, team, meetings, scholars, roster, plans, feedback, growth, outcomes)
        for chapter in (*chapters, training):
            chapter.load(self)
        roster.training(self)
        grants.load(self)
        committees.load(self)
        grants.progress_draft(self)
