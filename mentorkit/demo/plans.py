"""The demo's career development plans: Amara's five-year plan with two years of reviews,
three goals whose definition of success changed (one after an unfunded K23), one dropped
goal; and a smaller plan for Tomás that he shares with the program."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from mentorkit.plans.models import (
    Goal,
    GoalCategory,
    GoalReview,
    GoalRevision,
    GoalStatus,
    Milestone,
    Plan,
    PlanStatus,
    RevisionKind,
)
from mentorkit.visibility import Visibility

if TYPE_CHECKING:
    from . import _Demo

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
    status: str
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
    progress: int | None = None
    review_interval_days: int = 90


def _trail(
    start: int, end: int, every: int, confidence: tuple[int, ...], status=S.ON_TRACK, notes=()
) -> tuple[tuple[int, str, int, str], ...]:
    """Reviews every `every` days from `start` days ago down to `end`, with confidences."""
    days = list(range(start, end - 1, -every))
    return tuple(
        (
            day,
            status,
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
        reviews=_trail(740, 20, 180, (50, 50, 55, 55, 55)),
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
        60,
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
        reviews=_trail(700, 150, 110, (60, 65, 75, 80, 90, 100)),
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
        reviews=_trail(770, 150, 180, (70, 80, 90, 100)),
    ),
    DemoGoal(
        GoalCategory.LEADERSHIP,
        "Lead the trial's study team",
        "Coordinator and two research assistants report to me; weekly team meeting",
        "Team in place before the first patient",
        date(2027, 1, 15),
        S.ON_TRACK,
        75,
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
        600,
        visibility=Visibility.TEAM,
        reviews=_trail(
            560,
            80,
            120,
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


def load(demo: _Demo) -> None:
    """A handful of bulk inserts: the demo server loads this on start."""
    amara = demo.people["mentee"]
    plan = Plan.objects.create(
        mentee=amara,
        title="KL2 to K23: remote monitoring after heart-failure discharge",
        starts_on=date(2024, 7, 1),
        ends_on=date(2029, 6, 30),
        mechanism="KL2, then K23",
        status=PlanStatus.ACTIVE,
        visibility=Visibility.PROGRAM,
        created_at=demo.at(862),
    )
    goals = Goal.objects.bulk_create(_goal(demo, plan, spec) for spec in AMARA_GOALS)
    specs = list(zip(goals, AMARA_GOALS, strict=True))
    Goal.mentors.through.objects.bulk_create(
        Goal.mentors.through(goal_id=goal.pk, mentorship_id=demo.team[key].pk)
        for goal, spec in specs
        for key in spec.mentors
    )
    Milestone.objects.bulk_create(
        Milestone(goal=goal, title=title, due_on=due, done_on=done, created_at=goal.created_at)
        for goal, spec in specs
        for title, due, done in spec.milestones
    )
    reviews, who = [], []
    for goal, spec in specs:
        for i, (days, status, confidence, note) in enumerate(spec.reviews):
            share = goal.milestones_done / goal.milestones_total if goal.milestones_total else 0
            progress = (
                100 if status == S.ACHIEVED else round(100 * share * (i + 1) / len(spec.reviews))
            )
            reviews.append(
                GoalReview(
                    goal=goal,
                    reviewed_on=demo.days_ago(days),
                    progress=progress,
                    status=status,
                    confidence=confidence,
                    note=note,
                    recorded_by=amara,
                    created_at=demo.at(days),
                )
            )
            who.append(spec.mentors[: 1 + i % max(len(spec.mentors), 1)])
    GoalReview.objects.bulk_create(reviews)
    GoalReview.mentors.through.objects.bulk_create(
        GoalReview.mentors.through(goalreview_id=review.pk, mentorship_id=demo.team[key].pk)
        for review, keys in zip(reviews, who, strict=True)
        for key in keys
    )
    GoalRevision.objects.bulk_create(
        _revision(demo, goal, change) for goal, spec in specs for change in spec.changes
    )
    _tomas(demo)


def _goal(demo: _Demo, plan: Plan, spec: DemoGoal) -> Goal:
    goal = Goal(
        plan=plan,
        mentee_id=plan.mentee_id,
        category=spec.category,
        statement=spec.statement,
        measure=spec.measure,
        target=spec.target,
        rationale=spec.rationale,
        due_on=spec.due,
        visibility=spec.visibility,
        status=spec.status,
        confidence=spec.confidence,
        progress_override=spec.progress,
        alternatives=spec.alternatives,
        pivot_signals=spec.pivot_signals,
        review_interval_days=spec.review_interval_days,
        milestones_total=len(spec.milestones),
        milestones_done=sum(1 for *_, done in spec.milestones if done),
        created_by=plan.mentee,
        created_at=demo.at(spec.set_days_ago),
        updated_at=demo.at(spec.reviews[-1][0] if spec.reviews else spec.set_days_ago),
        version=1 + len(spec.changes),
    )
    if spec.reviews:
        goal.last_reviewed_on = demo.days_ago(spec.reviews[-1][0])
    goal.schedule_review()
    return goal


def _revision(demo: _Demo, goal: Goal, change: Change) -> GoalRevision:
    """The change as it was made: the definition before it, and the one that followed."""
    after = {**goal.definition(), "status": goal.status}
    before = {**after, **change.before}
    if change.kind == RevisionKind.DROPPED:
        before["status"] = S.AT_RISK
    return GoalRevision(
        goal=goal,
        kind=change.kind,
        before=before,
        after=after,
        reason=change.reason,
        changed_by=demo.people[change.who],
        changed_at=demo.at(change.days),
    )


def _tomas(demo: _Demo) -> None:
    """Tomás shares a plan with the program; one goal is overdue for review."""
    tomas = demo.people["tomas"]
    plan = Plan.objects.create(
        mentee=tomas,
        title="KL2 plan: dialysis access and health disparities",
        starts_on=date(2023, 7, 1),
        ends_on=date(2026, 12, 31),
        mechanism="KL2",
        visibility=Visibility.PROGRAM,
        created_at=demo.at(1200),
    )
    goals = []
    for category, statement, measure, due, status, days in [
        (
            GoalCategory.RESEARCH,
            "Claims-data study of fistula placement by race and insurance",
            "Analysis complete",
            date(2026, 6, 30),
            S.ON_TRACK,
            150,
        ),
        (
            GoalCategory.FUNDING,
            "Submit a K01 or K23",
            "Submitted",
            date(2026, 10, 16),
            S.AT_RISK,
            200,
        ),
        (
            GoalCategory.PUBLICATIONS,
            "Two first-author papers",
            "Accepted",
            date(2026, 12, 31),
            S.ON_TRACK,
            60,
        ),
    ]:
        goal = Goal(
            plan=plan,
            mentee=tomas,
            category=category,
            statement=statement,
            measure=measure,
            due_on=due,
            status=status,
            visibility=Visibility.PROGRAM,
            created_at=demo.at(1100),
            last_reviewed_on=demo.days_ago(days),
        )
        goal.schedule_review()
        goals.append(goal)
    Goal.objects.bulk_create(goals)
