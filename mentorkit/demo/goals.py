"""Amara's goals: what each meant when she set it, how it was reviewed, and how the
definition of success changed — three goals redefined (one after the unfunded K23), one
dropped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mentorkit.plans.models import GoalCategory, GoalStatus, RevisionKind
from mentorkit.visibility import Visibility

S = GoalStatus


@dataclass
class Change:
    """A redefinition: `days` ago, by `who`, the fields as they were before, and why."""

    days: int
    who: str
    before: dict
    reason: str
    kind: str = RevisionKind.REDEFINED


@dataclass
class DemoGoal:
    category: str
    statement: str
    measure: str
    target: str
    due: date
    status: str  # where its story leaves it today
    confidence: int
    mentors: tuple[str, ...]
    set_days_ago: int
    rationale: str = ""
    alternatives: str = ""
    pivot_signals: str = ""
    visibility: str = Visibility.TEAM
    milestones: tuple[tuple[str, date, date | None], ...] = ()
    # The review trail: (days ago, status, confidence, note); oldest first.
    reviews: tuple[tuple[int, str, int, str], ...] = ()
    changes: tuple[Change, ...] = ()


def _trail(
    start: int,
    end: int,
    every: int,
    confidence: tuple[int, ...],
    status=S.ON_TRACK,
    notes=(),
    final: str | None = None,
) -> tuple[tuple[int, str, int, str], ...]:
    """Reviews every `every` days from `start` days ago down to `end`, with confidences;
    the last one with the `final` status if given."""
    days = list(range(start, end - 1, -every))
    return tuple(
        (
            day,
            final if final and i == len(days) - 1 else status,
            confidence[min(i, len(confidence) - 1)],
            notes[i] if i < len(notes) else "",
        )
        for i, day in enumerate(days)
    )


AMARA_GOALS = [
    DemoGoal(
        GoalCategory.FUNDING,
        "Get the K23 funded",
        "Notice of award for the K23 on remote monitoring after heart-failure discharge",
        "Funded by the end of 2026",
        date(2026, 12, 31),
        S.ACHIEVED,
        100,
        ("daniel", "priya"),
        850,
        rationale="Five years of protected time to become an independent trialist.",
        alternatives="If the A1 is not funded: a foundation career award (AHA) and a KL2 extension.",
        pivot_signals="An impact score worse than 40 on the A1.",
        milestones=(
            ("Specific aims reviewed by the team", date(2025, 5, 15), date(2025, 5, 20)),
            ("Mock study section", date(2025, 9, 1), date(2025, 8, 28)),
            ("First submission", date(2025, 10, 12), date(2025, 10, 10)),
            (
                "Summary statement discussed with Daniel and Priya",
                date(2026, 2, 20),
                date(2026, 2, 18),
            ),
            ("Resubmission (A1)", date(2026, 3, 12), date(2026, 3, 11)),
        ),
        reviews=(
            (840, S.ON_TRACK, 60, "Aims drafted; Daniel wants a sharper Aim 2."),
            (750, S.ON_TRACK, 65, "Pilot data will be ready for the October cycle."),
            (660, S.ON_TRACK, 70, "Mock study section went well; tighten the mentoring plan."),
            (570, S.AT_RISK, 55, "Submitted. Budget page fixed at the last minute."),
            (480, S.AT_RISK, 35, "Impact score 38, not discussed… not funded. Resubmit in March."),
            (390, S.ON_TRACK, 60, "Introduction to the resubmission answers all three reviewers."),
            (300, S.ON_TRACK, 70, "A1 scored 24 (percentile 12). Waiting for council."),
            (210, S.ON_TRACK, 85, "Council in May: likely to be funded."),
            (120, S.ACHIEVED, 100, "Notice of award received. Start date 1 September."),
        ),
        changes=(
            Change(
                470,
                "mentee",
                {
                    "statement": "Submit the K23 and get it funded on the first try",
                    "target": "Funded in the first cycle (October 2025)",
                    "due_on": "2026-04-01",
                },
                "The first submission was not funded (impact score 38, not discussed). The "
                "reviewers liked the question but not the pilot data; we resubmit in March with "
                "the pilot's 30-day results and a funding date a year later.",
            ),
        ),
    ),
    DemoGoal(
        GoalCategory.RESEARCH,
        "Finish the remote-monitoring pilot (60 patients)",
        "Enrolment complete and 30-day readmission data analysed",
        "60 patients enrolled, 30-day outcomes for 90%",
        date(2026, 1, 31),
        S.ACHIEVED,
        100,
        ("daniel", "priya"),
        850,
        milestones=(
            ("IRB approval", date(2024, 10, 1), date(2024, 9, 20)),
            ("First patient enrolled", date(2024, 11, 15), date(2024, 11, 4)),
            ("30 patients enrolled", date(2025, 4, 1), date(2025, 5, 2)),
            ("60 patients enrolled", date(2025, 9, 1), date(2025, 9, 29)),
            ("30-day outcomes analysed", date(2026, 1, 15), date(2026, 1, 9)),
        ),
        reviews=_trail(
            840,
            300,
            90,
            (60, 65, 55, 70, 80, 90, 100),
            notes=(
                "Enrolment plan agreed; weekends are the gap.",
                "Slow start in December — coordinator on leave.",
                "Behind by a month; added the step-down unit as a site.",
                "Caught up.",
                "Enrolment done. Priya runs the first analysis.",
                "Readmission data complete for 57 of 60.",
                "Done: 30-day readmission 14% vs 23% historical.",
            ),
            final=S.ACHIEVED,
        ),
    ),
    DemoGoal(
        GoalCategory.RESEARCH,
        "Launch the pragmatic trial of remote monitoring (K23 Aim 1)",
        "Trial open and enrolling at both hospitals",
        "400 patients by mid-2028",
        date(2028, 6, 30),
        S.ON_TRACK,
        70,
        ("daniel", "priya"),
        400,
        rationale="The trial is the K23's main aim and the basis for the first R01.",
        alternatives="If enrolment lags: add the Lakeshore site Marcus offered to introduce.",
        pivot_signals="DSMB concerns, or the device vendor ending the study pricing.",
        milestones=(
            ("Protocol and statistical analysis plan final", date(2026, 6, 30), date(2026, 7, 14)),
            ("DSMB charter signed", date(2026, 9, 30), date(2026, 10, 2)),
            ("First patient randomised", date(2027, 1, 15), None),
            ("200 patients randomised", date(2027, 10, 1), None),
            ("Enrolment complete", date(2028, 6, 30), None),
        ),
        reviews=_trail(
            390,
            30,
            90,
            (55, 60, 65, 70, 70),
            notes=(
                "Protocol drafted with Priya; sample size 400 for 80% power.",
                "SAP agreed. Second site's IRB is slow.",
                "Both IRBs approved. DSMB members confirmed.",
                "DSMB charter signed; first patient planned for January.",
            ),
        ),
    ),
    DemoGoal(
        GoalCategory.RESEARCH,
        "Find who benefits most from remote monitoring (K23 Aim 2)",
        "Heterogeneity-of-effect analysis of the trial by frailty and social risk",
        "Analysis plan registered; analysis done",
        date(2029, 3, 31),
        S.NOT_STARTED,
        55,
        ("priya",),
        820,
        milestones=(("Analysis plan registered", date(2027, 3, 1), None),),
        reviews=_trail(740, 20, 180, (50, 50, 55, 55, 55), status=S.NOT_STARTED),
        changes=(
            Change(
                560,
                "priya",
                {
                    "statement": "Model readmission risk from the state registry (Aim 2)",
                    "measure": "Risk model validated in registry data",
                    "target": "C-statistic above 0.75",
                },
                "Access to the state registry is delayed by at least 18 months. The question "
                "that matters to patients — who benefits — can be answered inside our own trial.",
            ),
        ),
    ),
    DemoGoal(
        GoalCategory.PUBLICATIONS,
        "Publish the pilot results",
        "Paper accepted in a peer-reviewed journal",
        "Accepted by the end of 2026",
        date(2026, 12, 31),
        S.AT_RISK,
        65,
        ("daniel",),
        300,
        milestones=(
            ("Draft to co-authors", date(2026, 3, 1), date(2026, 3, 6)),
            ("Submitted", date(2026, 4, 15), date(2026, 4, 20)),
            ("Resubmitted elsewhere", date(2026, 8, 31), date(2026, 8, 24)),
            ("Accepted", date(2026, 12, 31), None),
        ),
        reviews=_trail(
            290,
            20,
            90,
            (80, 45, 60, 65),
            status=S.AT_RISK,
            notes=(
                "Submitted to a high-impact cardiology journal.",
                "Rejected without review. Second journal also rejected, after review.",
                "Revised for a heart-failure journal; reviewers' comments were fair.",
                "Major revision requested; the response goes back in December.",
            ),
        ),
        changes=(
            Change(
                200,
                "mentee",
                {
                    "statement": "Publish the pilot in a top cardiology journal",
                    "target": "A journal with impact factor above 10",
                },
                "Two rejections. The findings matter more than the venue: a heart-failure "
                "journal reaches the clinicians who would use remote monitoring.",
            ),
        ),
    ),
    DemoGoal(
        GoalCategory.PUBLICATIONS,
        "Publish three first-author papers during the award",
        "Papers accepted in peer-reviewed journals",
        "3 first-author papers",
        date(2029, 6, 30),
        S.ON_TRACK,
        70,
        ("daniel", "priya"),
        850,
        milestones=(
            (
                "Systematic review of remote monitoring accepted",
                date(2025, 6, 30),
                date(2025, 6, 2),
            ),
            ("Trial protocol paper accepted", date(2027, 6, 30), None),
            ("Primary trial paper submitted", date(2029, 3, 31), None),
        ),
        reviews=_trail(760, 40, 180, (60, 65, 70, 70, 70)),
    ),
    DemoGoal(
        GoalCategory.FUNDING,
        "Submit an R01 as principal investigator",
        "R01 submitted with me as contact PI",
        "Submitted in the February 2029 cycle",
        date(2029, 2, 5),
        S.NOT_STARTED,
        45,
        ("daniel", "marcus"),
        200,
        pivot_signals="Slow trial enrolment would push this to the June 2029 cycle.",
        milestones=(("Aims for the R01 sketched with Marcus", date(2027, 12, 1), None),),
        reviews=((190, S.NOT_STARTED, 45, "Too early; keep it on the horizon."),),
    ),
    DemoGoal(
        GoalCategory.SKILLS,
        "Learn mixed models and missing-data methods well enough to write the SAP myself",
        "Course passed; SAP for the trial drafted by me and approved by Priya",
        "SAP drafted without rewriting by Priya",
        date(2026, 6, 30),
        S.ACHIEVED,
        100,
        ("priya",),
        800,
        milestones=(
            ("Longitudinal data analysis course", date(2025, 5, 31), date(2025, 5, 16)),
            ("Missing-data workshop", date(2025, 11, 30), date(2025, 11, 7)),
            ("SAP first draft", date(2026, 5, 31), date(2026, 6, 12)),
        ),
        reviews=_trail(700, 150, 110, (60, 65, 75, 80, 90, 100), final=S.ACHIEVED),
    ),
    DemoGoal(
        GoalCategory.SKILLS,
        "Complete the KL2 core curriculum",
        "Certificate in clinical investigation",
        "All six core courses",
        date(2026, 6, 30),
        S.ACHIEVED,
        100,
        (),
        860,
        milestones=(
            ("Research ethics", date(2024, 12, 15), date(2024, 12, 12)),
            ("Epidemiology and biostatistics I–II", date(2025, 6, 15), date(2025, 6, 10)),
            ("Grant writing seminar", date(2025, 12, 15), date(2025, 12, 11)),
        ),
        reviews=_trail(770, 150, 180, (70, 80, 90, 100), final=S.ACHIEVED),
    ),
    DemoGoal(
        GoalCategory.LEADERSHIP,
        "Lead the trial's study team",
        "Coordinator and two research assistants report to me; weekly team meeting",
        "Team in place before the first patient",
        date(2027, 1, 15),
        S.ON_TRACK,
        60,
        ("marcus",),
        380,
        milestones=(
            ("Coordinator hired", date(2026, 9, 30), date(2026, 9, 22)),
            ("Research assistants hired", date(2026, 12, 15), None),
            ("Weekly team meeting running", date(2027, 1, 10), None),
        ),
        reviews=(
            (
                330,
                S.ON_TRACK,
                60,
                "Marcus: write the job description with the coordinator's growth in mind.",
            ),
        ),
    ),
    DemoGoal(
        GoalCategory.INDEPENDENCE,
        "Co-lead the registry study of readmissions with Dr. Haines",
        "Registry analysis published with me as co-lead",
        "One paper",
        date(2026, 6, 30),
        S.DROPPED,
        20,
        (),
        860,
        reviews=((780, S.AT_RISK, 40, "Registry access still pending."),),
        changes=(
            Change(
                700,
                "mentee",
                {},
                "Dr. Haines retired from research and the registry access stalled. The trial "
                "is my independent line now; this would only have pulled me back into his.",
                kind=RevisionKind.DROPPED,
            ),
        ),
    ),
    DemoGoal(
        GoalCategory.WELLBEING,
        "Keep research time protected and take all my leave",
        "Clinic half-days per week, checked each quarter; leave days taken",
        "No more than 2 clinic half-days a week",
        date(2029, 6, 30),
        S.AT_RISK,
        50,
        ("marcus",),
        530,  # with Marcus, once he joined the team
        visibility=Visibility.TEAM,
        reviews=_trail(
            520,
            80,
            110,
            (70, 60, 55, 50, 50),
            status=S.AT_RISK,
            notes=(
                "Division asked for a third clinic half-day; Marcus helped me say no.",
                "Holding at two.",
                "Nursery closures this winter — plan around them.",
                "Took the full summer leave for the first time.",
                "The third half-day is back on the table; raise at the next career meeting.",
            ),
        ),
    ),
]
