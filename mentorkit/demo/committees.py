"""The KL2 scholars' mentoring committees (scholarship oversight), after `grants`.

Amara's met twice last year (she marked her K23's two attempts for the program first, so
its packet has them); every member wrote an assessment and Simon, the chair, the summary
for the director. Tomás's has not met for over a year: overdue. Mei's met in the spring,
one assessment is still to come and the next is due; Kwame's first meeting is planned.
Each record goes through the form its page uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mentorkit.grants.forms import (
    AssessmentForm,
    CommitteeForm,
    CommitteeMeetingForm,
    CommitteeMemberForm,
    CommitteeSummaryForm,
)
from mentorkit.grants.models import Assessment, TraineeRecord
from mentorkit.outcomes import actions as outcome_actions
from mentorkit.outcomes.forms import OutcomeForm
from mentorkit.outcomes.models import GrantRole, Outcome
from mentorkit.visibility import Visibility

from .forms import fill

if TYPE_CHECKING:
    from . import _Demo


@dataclass(frozen=True)
class DemoCommittee:
    who: str
    members: tuple[tuple[str, str], ...]  # (person, role)
    every: int  # months
    held: tuple[int, ...]  # days ago (negative: planned ahead)
    assessed_by: int | None = None  # how many members wrote theirs after the last one (all)


COMMITTEES = [
    # Amara's met twice last year; the next is two months off.
    DemoCommittee("mentee", (("simon", "chair"), ("daniel", "mentor"), ("priya", "mentor"),
                             ("marcus", "mentor")), 6, (340, 110)),
    # Tomás's met once, over a year ago: overdue.
    DemoCommittee("tomas", (("oscar", "chair"), ("marcus", "mentor"), ("priya", "mentor")),
                  12, (400,)),
    # Mei's met in the spring; one assessment is still to come, and the next is due.
    DemoCommittee("mei", (("nora", "chair"), ("ana", "mentor"), ("ruth", "mentor")), 6, (170,),
                  assessed_by=2),
    # Kwame's first is planned.
    DemoCommittee("kwame", (("leila", "chair"), ("daniel", "mentor")), 6, (-20,)),
]  # fmt: skip
# What each member reads, by domain, after the meetings: (independence, scholarship,
# research management, collaboration, comments).
READINGS = [
    ("on_track", "on_track", "slower", "ahead",
     "Clear progress on the aims; the trial's start-up is slower than planned, mostly the IRB. "
     "Protect the writing mornings."),
    ("on_track", "ahead", "on_track", "on_track",
     "A productive period. The next step is to lead a multi-site proposal with less help."),
    ("slower", "on_track", "on_track", "on_track",
     "Still leans on the mentors for the analysis plan; take the lead on the next one."),
    ("ahead", "on_track", "on_track", "ahead",
     "Builds the collaborations a K-to-R path needs; keep saying no to extra committees."),
]  # fmt: skip
SUMMARY = (
    "The committee finds {name} on track overall, with scholarship a strength. Research "
    "management needs attention: timelines slipped while the study started up. The committee "
    "recommends protected writing time and a mock study section before the next submission."
)
# Before her committee met, Amara marked her K23's two attempts for the program, with the
# award's details (what the packet and Table 8 read).
MARKED = {
    "K23: Remote monitoring after heart-failure discharge (A0)": {},
    "K23: Remote monitoring after heart-failure discharge (A1)": {
        "activity_code": "K23",
        "award_number": "K23HL172345",
        "agency": "NIH",
        "role": GrantRole.PI,
    },
}
MARKED_DAYS_AGO = 125


def load(demo: _Demo) -> None:
    _mark_for_the_program(demo)
    for committee in COMMITTEES:
        _committee(demo, committee)


def _mark_for_the_program(demo: _Demo) -> None:
    amara = demo.people["mentee"]
    with demo.clock.at(demo.clock.ago(MARKED_DAYS_AGO)):
        for outcome in Outcome.objects.filter(mentee=amara, title__in=MARKED):
            values = {"visibility": Visibility.PROGRAM, **MARKED[outcome.title]}
            form = fill(OutcomeForm, values, instance=outcome, mentee=amara)
            outcome_actions.save_outcome(form)


def _committee(demo: _Demo, item: DemoCommittee) -> None:
    """Set up by the coordinator a month before the first meeting, each meeting added a
    month ahead; after each, the members' assessments and the chair's summary."""
    clock = demo.clock
    record = TraineeRecord.objects.get(program=demo.program, trainee=demo.people[item.who])
    with clock.at(clock.ago(item.held[0] + 30)):
        committee = fill(CommitteeForm, {"meets_every_months": item.every}, record=record).save()
        for key, role in item.members:
            values = {"person": demo.people[key].email, "role": role}
            fill(CommitteeMemberForm, values, committee=committee).save()
    members = list(committee.members.select_related("person"))
    for n, days in enumerate(item.held):
        with clock.at(clock.ago(max(days + 30, 1))):
            meeting = fill(CommitteeMeetingForm, {"held_on": clock.day(days)},
                           committee=committee).save()  # fmt: skip
        if days <= 0:
            continue
        last = n == len(item.held) - 1
        writing = members[: item.assessed_by] if last and item.assessed_by else members
        for i, member in enumerate(writing):
            *ratings, comments = READINGS[(i + n) % len(READINGS)]
            values = dict(zip(Assessment.DOMAINS, ratings, strict=True))
            with clock.at(clock.ago(max(days - 5 - i, 0), hour=17)):
                form = fill(AssessmentForm, {**values, "comments": comments},
                            meeting=meeting, member=member)  # fmt: skip
                form.save()
        if len(writing) == len(members):
            with clock.at(clock.ago(max(days - 14, 0))):
                text = SUMMARY.format(name=record.trainee.display_name)
                values = {"summary": text, "recommendations": "Meet again in six months."}
                fill(CommitteeSummaryForm, values, instance=meeting).save()
