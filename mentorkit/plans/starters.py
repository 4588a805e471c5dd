"""Plans to start from: each creates editable goals (with milestones) in the right categories.

Due dates are given in months from the plan's start and kept inside the plan's span.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoalTemplate:
    category: str
    statement: str
    measure: str
    target: str
    months: int
    rationale: str = ""
    milestones: tuple[tuple[str, int], ...] = field(default=())


@dataclass(frozen=True)
class PlanTemplate:
    key: str
    name: str
    mechanism: str
    years: int
    goals: tuple[GoalTemplate, ...]


K_AWARD = PlanTemplate(
    key="k-award",
    name="K-award career development plan (5 years)",
    mechanism="K23",
    years=5,
    goals=(
        GoalTemplate(
            "research",
            "Complete the award's primary study (Aim 1)",
            "Enrolment reaches target and the primary analysis is done",
            "Primary analysis finished",
            36,
            "The award's research plan is the core of the path to independence.",
            (
                ("Protocol approved by the IRB", 4),
                ("First participant enrolled", 8),
                ("Half of the enrolment target", 20),
                ("Database locked", 32),
            ),
        ),
        GoalTemplate(
            "research",
            "Complete the secondary aims (Aims 2 and 3)",
            "Analyses done and written up",
            "Two analyses completed",
            48,
            milestones=(("Analysis plan agreed with the methods mentor", 24),),
        ),
        GoalTemplate(
            "publications",
            "Publish first-author papers from the award",
            "Papers accepted in peer-reviewed journals",
            "3 first-author papers",
            54,
            "Productivity during the award is what the R01 review will look at.",
            (("First paper submitted", 18), ("Second paper submitted", 36)),
        ),
        GoalTemplate(
            "funding",
            "Submit an independent R-level grant",
            "R01 (or equivalent) submitted as principal investigator",
            "Submitted by the end of year 4",
            48,
            "The transition from K to R is the award's purpose.",
            (
                ("Specific aims reviewed by the team", 36),
                ("Pilot data for the R01 collected", 40),
                ("Mock study section held", 44),
            ),
        ),
        GoalTemplate(
            "skills",
            "Complete the didactic plan (coursework named in the award)",
            "Courses passed",
            "All courses in the award's training plan",
            24,
            milestones=(("Advanced biostatistics course", 12), ("Research ethics course", 6)),
        ),
        GoalTemplate(
            "skills",
            "Present at national meetings",
            "Abstracts accepted for oral or poster presentation",
            "One national presentation a year",
            60,
        ),
        GoalTemplate(
            "leadership",
            "Lead a study team",
            "Coordinator and assistants report to me; weekly team meeting held",
            "Team running by month 12",
            12,
        ),
        GoalTemplate(
            "independence",
            "Establish an independent line of research",
            "A question no mentor owns, with own data and own funding",
            "One independent project funded",
            60,
        ),
        GoalTemplate(
            "wellbeing",
            "Protect research time and sustain the pace",
            "Protected time kept at the award's percentage effort; quarterly check-in",
            "75% effort protected",
            60,
            "A five-year plan only works if the person carrying it is well.",
        ),
    ),
)

POSTDOC_IDP = PlanTemplate(
    key="postdoc-idp",
    name="Postdoctoral individual development plan (3 years)",
    mechanism="institutional",
    years=3,
    goals=(
        GoalTemplate(
            "research",
            "Lead a research project from question to paper",
            "Project designed, run and written up as first author",
            "One project completed",
            24,
            milestones=(("Question and design agreed with the mentor", 3), ("Data collected", 15)),
        ),
        GoalTemplate(
            "publications",
            "Publish first-author papers",
            "Papers accepted",
            "2 first-author papers",
            30,
            milestones=(("First manuscript submitted", 12),),
        ),
        GoalTemplate(
            "funding",
            "Apply for a fellowship or early-career award",
            "Application submitted",
            "One application (e.g. F32 or a foundation award)",
            18,
            milestones=(("Specific aims page drafted", 9),),
        ),
        GoalTemplate(
            "skills",
            "Learn a new method outside my training",
            "Course completed and method used in a project",
            "One method in use",
            12,
        ),
        GoalTemplate(
            "teaching",
            "Teach or supervise",
            "Lectures given or a student supervised",
            "One course session or one student",
            24,
        ),
        GoalTemplate(
            "independence",
            "Decide the next career step",
            "Job applications or a faculty transition plan agreed with the team",
            "Decision made by the end of year 2",
            30,
            milestones=(("Career options discussed with the career mentor", 6),),
        ),
    ),
)

TEMPLATES: dict[str, PlanTemplate] = {t.key: t for t in (K_AWARD, POSTDOC_IDP)}


def choices() -> list[tuple[str, str]]:
    return [(t.key, t.name) for t in TEMPLATES.values()]
