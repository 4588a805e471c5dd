"""The demo's feedback: two years of quarterly feedback both ways between Amara and her
co-primary mentors, most of it acted on; their self-ratings; two open requests; and a closed
program evaluation window with enough responses for Daniel and too few for the others."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from mentorkit.feedback import instruments
from mentorkit.feedback.models import (
    Direction,
    EvaluationParticipation,
    EvaluationRating,
    EvaluationResponse,
    EvaluationWindow,
    Feedback,
    FeedbackRequest,
    Rating,
)
from mentorkit.meetings.models import ActionItem, ActionStatus
from mentorkit.programs.models import Program
from mentorkit.teams.models import Mentorship, MentorshipStatus

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


def load(demo: _Demo) -> None:
    amara = demo.people["mentee"]
    instrument = instruments.get(instruments.DEFAULT)
    feedback: list[Feedback] = []
    acted_notes: list[str] = []
    ratings: list[tuple[int, str, int]] = []  # (index in feedback, item, value)
    rounds = 8
    for key in ("daniel", "priya"):
        mentorship = demo.team[key]
        mentor = demo.people[key]
        for quarter in range(rounds):
            days = 730 - quarter * 91 - (7 if key == "priya" else 0)
            text, done = TO_AMARA[key][quarter]
            if text:
                feedback.append(
                    Feedback(
                        mentorship=mentorship,
                        mentee=amara,
                        author=mentor,
                        direction=Direction.TO_MENTEE,
                        topic="other",
                        text=text,
                        created_at=demo.at(days),
                        acted_at=demo.at(days - 12) if done else None,
                        acted_note=done,
                    )
                )
                acted_notes.append(done)
            feedback.append(
                Feedback(
                    mentorship=mentorship,
                    mentee=amara,
                    author=amara,
                    direction=Direction.TO_MENTOR,
                    topic="relationship",
                    text=TO_MENTORS[key][quarter],
                    instrument=instrument.key,
                    instrument_version=instrument.version,
                    created_at=demo.at(days - 3),
                    acted_at=demo.at(days - 20) if quarter < rounds - 2 else None,
                    acted_note="Talked it through at the next meeting and changed how we work."
                    if quarter < rounds - 2
                    else "",
                )
            )
            acted_notes.append("")
            for item in instrument.items.values():
                low, high = RISING[item.domain]
                value = low + round((high - low) * quarter / (rounds - 1))
                ratings.append((len(feedback) - 1, item.key, value))
        for months_ago in (400, 40):
            feedback.append(
                Feedback(
                    mentorship=mentorship,
                    mentee=amara,
                    author=mentor,
                    direction=Direction.SELF,
                    topic="relationship",
                    instrument=instrument.key,
                    instrument_version=instrument.version,
                    created_at=demo.at(months_ago),
                )
            )
            for item in instrument.items.values():
                ratings.append((len(feedback) - 1, item.key, SELF[item.domain]))
    feedback = Feedback.objects.bulk_create(feedback)
    Rating.objects.bulk_create(
        Rating(feedback=feedback[i], item=item, domain=instrument.domain_of(item), value=value)
        for i, item, value in ratings
    )
    _actions_from_feedback(demo, amara, feedback)
    _open_requests(demo, amara)
    _evaluation_window(demo)


def _actions_from_feedback(demo: _Demo, amara, feedback: list[Feedback]) -> None:
    """A few pieces of feedback became action items, linked to them."""
    chosen = [
        (f, f.acted_at)
        for f in feedback
        if f.direction == Direction.TO_MENTEE and f.acted_at is not None
    ][:4]
    items = ActionItem.objects.bulk_create(
        ActionItem(
            mentee=amara,
            title=f.acted_note,
            owner=amara,
            due_on=(acted_at + timedelta(days=10)).date(),
            status=ActionStatus.DONE,
            closed_on=acted_at.date(),
            created_at=f.created_at,
        )
        for f, acted_at in chosen
    )
    Feedback.action_items.through.objects.bulk_create(
        Feedback.action_items.through(feedback_id=f.pk, actionitem_id=item.pk)
        for (f, _), item in zip(chosen, items, strict=True)
    )


def _open_requests(demo: _Demo, amara) -> None:
    daniel, priya = demo.people["daniel"], demo.people["priya"]
    FeedbackRequest.objects.bulk_create(
        [
            FeedbackRequest(
                mentorship=demo.team["daniel"],
                mentee=amara,
                requested_by=amara,
                asked_of=daniel,
                topic="manuscript",
                title="Pilot results paper, response to reviewers",
                details="Is the response to reviewer 2's point on contamination convincing?",
                link="https://docs.example.org/pilot-response-v2",
                due_on=demo.today + timedelta(days=5),
                created_at=demo.at(3),
            ),
            FeedbackRequest(
                mentorship=demo.team["priya"],
                mentee=amara,
                requested_by=priya,
                asked_of=amara,
                topic="relationship",
                title="How is our methods mentoring working for you this term?",
                due_on=demo.today + timedelta(days=12),
                created_at=demo.at(2),
            ),
        ]
    )


def _evaluation_window(demo: _Demo) -> None:
    """Spring 2026: Daniel has three responses (the window's threshold), the others fewer."""
    program = Program.objects.get(directors=demo.people["director"])
    window = EvaluationWindow.objects.create(
        program=program,
        title="Mentor evaluations, spring",
        instrument=instruments.DEFAULT,
        opens_on=demo.days_ago(235),
        closes_on=demo.days_ago(205),
        threshold=3,
        opened_by=demo.people["director"],
    )
    instrument = instruments.get(window.instrument)
    mentorships = Mentorship.objects.filter(
        mentee__enrollments__program=program, status=MentorshipStatus.ACTIVE
    ).select_related("mentee", "mentor")
    evaluated = [m for m in mentorships if m.mentor is not None]
    comments = {
        "daniel": [
            "Generous with his network.",
            "Hard to reach in grant season.",
            "Lets me run my own trial team.",
        ],
    }
    EvaluationParticipation.objects.bulk_create(
        EvaluationParticipation(window=window, evaluator=m.mentee, mentor=m.mentor)
        for m in evaluated
    )
    responses, values = [], []
    for i, m in enumerate(evaluated):
        key = m.mentor.email.split("@")[0]  # type: ignore[union-attr]
        said = comments.get(key, [])
        responses.append(
            EvaluationResponse(window=window, mentor=m.mentor, comment=said.pop(0) if said else "")
        )
        values.append(5 + i % 3)
    responses = EvaluationResponse.objects.bulk_create(responses)
    EvaluationRating.objects.bulk_create(
        EvaluationRating(
            response=r, item=item.key, domain=item.domain, value=min(7, value + k % 3 - 1)
        )
        for r, value in zip(responses, values, strict=True)
        for k, item in enumerate(instrument.items.values())
    )
