"""The mentors' training on mentoring, so the program's compliance list has something to say;
and everyone's last sign-in.

Everyone signed in this week but Marcus, last seen seven weeks ago: the program's roster
asks for a check-in with his mentees.

Daniel took the Entering Mentoring curriculum last spring (current, and verified by the
director); Priya took a local course nearly two years ago (refresher due); Marcus's online
module is three years old (overdue); Lena has none recorded yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import update_last_login

from mentorkit.training import actions
from mentorkit.training.forms import TrainingRecordForm

from .forms import fill

if TYPE_CHECKING:
    from . import _Demo

COURSES = {
    # mentor: (course, kind, hours, days ago, verified)
    "daniel": ("Entering Mentoring (CIMER), 8 sessions", "curriculum", 8, 240, True),
    "priya": ("Research mentor training, School of Medicine", "local", 6, 680, False),
    "marcus": ("Mentoring in clinical research (online module)", "online", 2, 1100, False),
}


LAST_SEEN = {"marcus": 50}  # days ago; everyone else: two days ago


def load(demo: _Demo) -> None:
    clock = demo.clock
    for key, person in demo.people.items():
        with clock.at(clock.ago(LAST_SEEN.get(key, 2), hour=9)):
            update_last_login(type(person), person)  # what signing in does
    for key, (course, kind, hours, days, verified) in COURSES.items():
        with clock.at(clock.ago(days)):
            values = {"course": course, "kind": kind, "hours": hours}
            form = fill(TrainingRecordForm, {**values, "completed_on": clock.day(days)})
            record = actions.record_course(form, demo.people[key])
        if verified:
            with clock.at(clock.ago(days - 7)):
                actions.verify(record, demo.people["director"])
