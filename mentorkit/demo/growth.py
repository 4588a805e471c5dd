"""The demo's growth: the ledger of what Amara gave her mentors (two years of it, most
acknowledged, and nothing yet this quarter for Marcus, so the gentle prompt has someone to
name); a dozen development activities, two of them mini-projects beyond every mentor's
expertise and one she marked within it by hand; and her markers on the path to independence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorkit.growth.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Contribution,
    ContributionKind,
    IndependenceMarker,
    MarkerKind,
)
from mentorkit.teams.models import Mentorship

if TYPE_CHECKING:
    from . import _Demo

LEDGER = [
    (
        "daniel",
        ContributionKind.RESOURCE,
        700,
        "Sent the ESC remote-monitoring guideline draft before its release",
    ),
    (
        "priya",
        ContributionKind.ANALYSIS,
        640,
        "Cleaned the pilot's readmission data for her methods paper",
    ),
    (
        "daniel",
        ContributionKind.TALK,
        560,
        "Rehearsed his grand rounds on device trials and timed the slides",
    ),
    (
        "marcus",
        ContributionKind.INTRODUCTION,
        520,
        "Introduced him to the cardiology quality team for his study",
    ),
    ("priya", ContributionKind.TEACHING, 430, "Covered two of her biostatistics lab sessions"),
    (
        "daniel",
        ContributionKind.GRANT,
        380,
        "Wrote the patient-engagement section of his R01 renewal",
    ),
    ("marcus", ContributionKind.RESOURCE, 300, "Shared a negotiation workshop for his mentees"),
    (
        "priya",
        ContributionKind.REVIEW,
        210,
        "Second reviewer on a trial protocol she was asked to review",
    ),
    (
        "daniel",
        ContributionKind.PROJECT,
        150,
        "Helped screen the registry cohort for his HFpEF study",
    ),
    ("marcus", ContributionKind.RESOURCE, 120, "Sent a paper on mentoring across institutions"),
    ("daniel", ContributionKind.RESOURCE, 40, "Shared the new wearable-monitoring trial in NEJM"),
    (
        "priya",
        ContributionKind.ANALYSIS,
        25,
        "Ran the sensitivity analysis for her missing-data tutorial",
    ),
    ("lena", ContributionKind.TALK, 10, "Gave feedback on her cardio-oncology abstract slides"),
]


A = ActivityKind
S = ActivityStatus
# kind, title, topics, started (days ago), ended (days ago or None), status, outcome, override
ACTIVITIES = [
    (
        A.COURSE,
        "Clinical trials methods course",
        "clinical trials, trial design",
        700,
        640,
        S.DONE,
        "Designed the pilot's randomisation with what I learned.",
        None,
    ),
    (
        A.WORKSHOP,
        "NIH grant-writing workshop",
        "grant writing",
        540,
        538,
        S.DONE,
        "Rewrote the K23 specific aims page the week after.",
        None,
    ),
    (A.COURSE, "Good clinical practice refresher", "clinical trials", 400, 399, S.DONE, "", None),
    (
        A.READING,
        "Reading group: causal inference",
        "causal inference",
        360,
        200,
        S.DONE,
        "Priya ran the group; the target-trial framing went into Aim 2.",
        False,
    ),
    (
        A.TEACHING,
        "Taught the fellows' biostatistics module",
        "biostatistics",
        300,
        270,
        S.DONE,
        "Six sessions; teaching evaluations 4.7 of 5.",
        None,
    ),
    (
        A.MINI_PROJECT,
        "Natural language processing of discharge summaries",
        "natural language processing, machine learning",
        330,
        150,
        S.DONE,
        "A classifier for follow-up instructions; brought a new idea for the trial's outcomes.",
        None,
    ),
    (
        A.WORKSHOP,
        "Negotiation for clinician-scientists",
        "negotiation, leadership",
        260,
        259,
        S.DONE,
        "Negotiated protected time in the faculty offer.",
        None,
    ),
    (
        A.CERTIFICATE,
        "Certificate in implementation science",
        "implementation science",
        120,
        None,
        S.IN_PROGRESS,
        "",
        None,
    ),
    (
        A.MINI_PROJECT,
        "Signal processing of wearable daily weights",
        "signal processing, wearables, python",
        100,
        None,
        S.IN_PROGRESS,
        "A filter for noisy scale readings; Daniel asked to present it at lab meeting.",
        None,
    ),
    (
        A.CONFERENCE,
        "HFSA Annual Meeting",
        "heart failure",
        62,
        58,
        S.DONE,
        "Finalist for the Young Investigator Award.",
        None,
    ),
    (
        A.CONFERENCE,
        "ACC Scientific Session",
        "heart failure, remote monitoring",
        -120,
        -123,
        S.PLANNED,
        "",
        None,
    ),
    (
        A.COURSE,
        "Level 2 echocardiography",
        "echocardiography",
        480,
        None,
        S.DROPPED,
        "Dropped to make room for the K23 resubmission.",
        None,
    ),
]
MARKERS = [
    (MarkerKind.FIRST_PI_GRANT, 760, "Departmental pilot grant, wearable-weight feasibility"),
    (MarkerKind.FIRST_FIRST_AUTHOR, 700, "Readmissions in a safety-net system, J Card Fail"),
    (MarkerKind.FACULTY_APPOINTMENT, 450, "Instructor in Medicine"),
    (MarkerKind.OWN_PROTOCOL, 180, "The remote-monitoring trial, registered on ClinicalTrials.gov"),
    (MarkerKind.FIRST_MENTEE, 90, "A medical student for the summer research programme"),
]


def load(demo: _Demo) -> None:
    amara = demo.people["mentee"]
    team = {
        m.invited_email.split("@")[0]: m
        for m in Mentorship.objects.filter(mentee=amara, mentor__isnull=False).select_related(
            "mentor"
        )
    }
    Contribution.objects.bulk_create(
        Contribution(
            mentorship=team[key],
            mentee=amara,
            kind=kind,
            contributed_on=demo.days_ago(days),
            description=text,
            acknowledged_at=demo.at(days - 2) if days > 20 else None,
            created_at=demo.at(days),
        )
        for key, kind, days, text in LEDGER
    )
    Activity.objects.bulk_create(
        Activity(
            mentee=amara,
            kind=kind,
            title=title,
            topics=topics,
            starts_on=demo.days_ago(started),
            ends_on=demo.days_ago(ended) if ended is not None else None,
            status=status,
            outcome=outcome,
            beyond_override=override,
            created_at=demo.at(max(started, 0)),
        )
        for kind, title, topics, started, ended, status, outcome, override in ACTIVITIES
    )
    IndependenceMarker.objects.bulk_create(
        IndependenceMarker(
            mentee=amara,
            kind=kind,
            achieved_on=demo.days_ago(days),
            note=note,
            created_at=demo.at(days),
        )
        for kind, days, note in MARKERS
    )
