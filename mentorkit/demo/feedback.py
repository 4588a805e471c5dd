"""The demo's feedback (practice 3): two years of quarterly feedback both ways between
Amara and her co-primary mentors, most of it acted on (four pieces through an action
item); their self-ratings; two open requests; and a closed program evaluation window with
enough responses for Daniel and too few for the others.

Each piece is given on the page that gives it and acted on by the person who received
it, at the time it happened."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from mentorkit.feedback import actions, instruments
from mentorkit.feedback.forms import (
    ActForm,
    EvaluationForm,
    FeedbackForm,
    RequestForm,
    SelfRatingForm,
    WindowForm,
)
from mentorkit.feedback.models import Direction, Topic
from mentorkit.meetings.models import ActionStatus
from mentorkit.plans.models import Goal
from mentorkit.programs.models import Program
from mentorkit.teams.models import Mentorship

from .forms import fill

if TYPE_CHECKING:
    from . import _Demo


# (to the mentee, what was done) for each quarter, oldest first, per mentor.
TO_AMARA = {
    "daniel": [
        (
            "Your pilot protocol is solid; the consent script is too long for a discharge day.",
            "Cut the consent script to one page with the IRB's template.",
        ),
        (
            "Journal club: you let the residents talk, good. Summarise at the end.",
            "Closing summary slide added to the journal-club template.",
        ),
        (
            "The aims page promises three trials' worth of work. Pick one question.",
            "Aim 3 folded into Aim 2.",
        ),
        (
            "Mock study section: reviewers will ask about contamination between arms.",
            "Cluster randomisation by discharge unit in the design.",
        ),
        (
            "The resubmission introduction is defensive; thank the reviewers and show changes.",
            "Rewrote the introduction; Lena read it too.",
        ),
        (
            "You are saying yes to every committee. Keep one.",
            "Stepped down from the residency selection committee.",
        ),
        ("Your DSMB slides were clear. Next: let the coordinator present enrolment.", ""),
        ("Co-authors need deadlines from you, not from me.", ""),
    ],
    "priya": [
        ("Your sample size assumed no dropout; add 15%.", "Recalculated with 15% attrition."),
        ("Write the SAP before you look at any outcome data.", "SAP drafted first."),
        (
            "Missing data: multiple imputation, not last observation carried forward.",
            "Switched to multiple imputation in the pilot analysis.",
        ),
        (
            "Good progress on mixed models; try the next model without my code.",
            "Fitted the repeated-measures model on my own.",
        ),
        (
            "The secondary analysis needs a pre-specified interaction test.",
            "Added to the SAP, section 9.",
        ),
        ("", ""),
        ("Your SAP draft needed few changes — well done.", ""),
        ("Present the heterogeneity plan at the methods seminar.", ""),
    ],
}
TO_MENTORS = {
    "daniel": [
        "Meetings run over when we review drafts line by line; could we send comments first?",
        "Thank you for the introductions at the HF society meeting.",
        "I would like more say in which analyses go into the abstract.",
        "The mock study section was the most useful hour this year.",
        "Please tell me earlier when you think a plan will not work.",
        "More room to make the calls on the trial team — it is working.",
        "Fewer edits on tone in my emails, please; I will ask when I want them.",
        "You made it easy to disagree about the primary outcome.",
    ],
    "priya": [
        "Could we keep 15 minutes for questions I did not prepare?",
        "The worked examples in R helped more than the slides.",
        "I sometimes nod when I have not understood — please check.",
        "Thank you for letting me draft the SAP myself.",
        "Could you point me to a course on causal inference?",
        "The methods seminar invitation was a good push.",
        "I would like to co-supervise the summer student with you.",
        "Our meetings feel like a conversation now, not a lecture.",
    ],
}
# The mentee's view of each domain climbing over the rounds; the mentor's self-view, flatter.
RISING = {
    "communication": (4, 6),
    "expectations": (3, 6),
    "understanding": (4, 6),
    "diversity": (5, 6),
    "independence": (3, 6),
    "development": (5, 7),
}
SELF = {
    "communication": 6,
    "expectations": 6,
    "understanding": 5,
    "diversity": 5,
    "independence": 5,
    "development": 6,
}

ROUNDS = 8  # quarters, the first two years ago
WITH_AN_ACTION = 4  # Daniel's first pieces became action items


def load(demo: _Demo) -> None:
    clock, amara = demo.clock, demo.people["mentee"]
    instrument = instruments.get(instruments.DEFAULT)
    for key in ("daniel", "priya"):
        mentorship, mentor = demo.team[key], demo.people[key]
        for quarter in range(ROUNDS):
            days = 730 - quarter * 91 - (7 if key == "priya" else 0)
            text, done = TO_AMARA[key][quarter]
            if text:
                with clock.at(clock.ago(days)):
                    given = _give(mentorship, mentor, {"topic": Topic.OTHER, "text": text})
                if done and key == "daniel" and quarter < WITH_AN_ACTION:
                    _act_through_an_action(demo, given, days, done)
                elif done:
                    with clock.at(clock.ago(days - 12)):
                        _act(given, amara, done)
            ratings = {}
            for item in instrument.items.values():
                low, high = RISING[item.domain]
                ratings[f"r_{item.key}"] = low + round((high - low) * quarter / (ROUNDS - 1))
            with clock.at(clock.ago(days - 3)):
                values = {"topic": Topic.RELATIONSHIP, "text": TO_MENTORS[key][quarter]}
                given = _give(mentorship, amara, {**values, "rate": True, **ratings})
            if quarter < ROUNDS - 2:
                with clock.at(clock.ago(days - 20)):
                    _act(
                        given,
                        mentor,
                        "Talked it through at the next meeting and changed how we work.",
                    )
        for days in (400, 40):
            with clock.at(clock.ago(days, hour=17)):
                ratings = {f"r_{item.key}": SELF[item.domain] for item in instrument.items.values()}
                form = fill(SelfRatingForm, ratings)
                actions.give_feedback(
                    mentorship,
                    mentor,
                    text=form.cleaned_data["text"],
                    topic=Topic.RELATIONSHIP,
                    ratings=form.ratings(),
                    direction=Direction.SELF,
                )
    _open_requests(demo)
    _evaluation_window(demo)


def _give(mentorship: Mentorship, author, values: dict):
    """Feedback from `author` to the other side, on the page that gives it."""
    form = fill(FeedbackForm, values, can_rate=mentorship.mentee_id == author.pk)
    data = form.cleaned_data
    return actions.give_feedback(
        mentorship, author, text=data["text"], topic=data["topic"], ratings=form.ratings() or None
    )


def _act(feedback, user, note: str, **values) -> None:
    form = fill(ActForm, {"note": note, **values}, goals=Goal.objects.none())
    data = form.cleaned_data
    actions.act_on(
        feedback,
        user,
        note=data["note"],
        action_title=data["action_title"],
        action_due_on=data["action_due_on"],
    )


def _act_through_an_action(demo: _Demo, feedback, days: int, done: str) -> None:
    """Two days after the feedback she makes it an action item, and closes it when done."""
    clock, amara = demo.clock, demo.people["mentee"]
    with clock.at(clock.ago(days - 2)):
        due = clock.day(days - 12)
        _act(feedback, amara, done, action_title=done, action_due_on=due + timedelta(days=3))
    with clock.at(clock.ago(days - 12, hour=17)):
        feedback.action_items.get().set_status(ActionStatus.DONE)


def _open_requests(demo: _Demo) -> None:
    clock, amara, priya = demo.clock, demo.people["mentee"], demo.people["priya"]
    with clock.at(clock.ago(3)):
        values = {
            "mentorship": demo.team["daniel"],
            "topic": Topic.MANUSCRIPT,
            "title": "Pilot results paper, response to reviewers",
            "details": "Is the response to reviewer 2's point on contamination convincing?",
            "link": "https://docs.example.org/pilot-response-v2",
            "due_on": clock.day(-5),
        }
        actions.request_feedback(fill(RequestForm, values, user=amara), amara)
    with clock.at(clock.ago(2)):
        values = {
            "mentorship": demo.team["priya"],
            "topic": Topic.RELATIONSHIP,
            "title": "How is our methods mentoring working for you this term?",
            "due_on": clock.day(-12),
        }
        actions.request_feedback(fill(RequestForm, values, user=priya), priya)


COMMENTS = {
    "daniel": [
        "Generous with his network.",
        "Hard to reach in grant season.",
        "Lets me run my own trial team.",
    ],
}


def _evaluation_window(demo: _Demo) -> None:
    """Spring: Daniel has three responses (the window's threshold), the others fewer."""
    clock, director = demo.clock, demo.people["director"]
    with clock.at(clock.ago(240)):
        values = {
            "program": demo.program,
            "title": "Mentor evaluations, spring",
            "instrument": instruments.DEFAULT,
            "opens_on": clock.day(235),
            "closes_on": clock.day(205),
            "threshold": 3,
        }
        form = fill(WindowForm, values, programs=Program.objects.directed_by(director))
        window = actions.open_window(form, director)
    instrument = instruments.get(window.instrument)
    # Each scholar evaluates each mentor they had then, one a day.
    evaluated = (
        Mentorship.objects.active()
        .filter(mentee__enrollments__program=demo.program, started_on__lte=clock.day(235))
        .exclude(mentor=None)
        .select_related("mentee", "mentor")
        .order_by("id")
    )
    comments = {key: list(said) for key, said in COMMENTS.items()}
    for i, mentorship in enumerate(evaluated):
        value = 5 + i % 3
        ratings = {
            f"r_{item.key}": min(7, value + k % 3 - 1)
            for k, item in enumerate(instrument.items.values())
        }
        said = comments.get(mentorship.mentor.email.split("@")[0], [])  # type: ignore[union-attr]
        with clock.at(clock.ago(230 - i, hour=12)):
            form = fill(
                EvaluationForm,
                {**ratings, "comment": said.pop(0) if said else ""},
                instrument=instrument,
            )
            actions.submit_evaluation(
                window, mentorship.mentee, mentorship, form.ratings(), form.cleaned_data["comment"]
            )
