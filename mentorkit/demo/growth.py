"""The demo's growth: the ledger of what Amara gave her mentors (two years of it, most
acknowledged, and nothing yet this quarter for Marcus, so the gentle prompt has someone to
name); a dozen development activities, two of them mini-projects beyond every mentor's
expertise and one she marked within it by hand; and her markers on the path to independence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentorkit.growth import actions
from mentorkit.growth.forms import ActivityForm, ContributionForm, MarkerForm
from mentorkit.growth.models import ActivityKind, ActivityStatus, ContributionKind, MarkerKind

from .forms import fill

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
# kind, title, topics, started (days ago), ended or dropped (days ago or None), status,
# outcome, whether beyond the mentors' expertise (None: as computed)
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
        300,  # dropped then
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
    _ledger(demo)
    _activities(demo)
    _markers(demo)


def _ledger(demo: _Demo) -> None:
    """Each gift recorded the day it was given; the mentor thanks for it two days later."""
    clock, amara = demo.clock, demo.people["mentee"]
    for key, kind, days, text in LEDGER:
        with clock.at(clock.ago(days)):
            values = {"mentorship": demo.team[key], "kind": kind, "contributed_on": clock.day(days)}
            form = fill(ContributionForm, {**values, "description": text}, mentee=amara)
            contribution = actions.record_contribution(form, amara)
        if days > 20:  # the recent ones are not thanked for yet
            with clock.at(clock.ago(days - 2, hour=17)):
                actions.acknowledge_contribution(contribution)


def _activities(demo: _Demo) -> None:
    """Each activity added when it starts (or planned today), edited when it ends."""
    clock, amara = demo.clock, demo.people["mentee"]
    for kind, title, topics, started, ended, status, outcome, override in ACTIVITIES:
        finished = status in (S.DONE, S.DROPPED) or override is not None
        values: dict[str, Any] = {"kind": kind, "title": title, "topics": topics}
        values["starts_on"] = clock.day(started)
        if started < 0:  # ahead: planned today
            values.update(status=S.PLANNED, ends_on=clock.day(ended or started))
        else:
            values.update(status=S.IN_PROGRESS, outcome="" if finished else outcome)
        with clock.at(clock.ago(max(started, 0))):
            activity = actions.add_activity(fill(ActivityForm, values), amara)
        if not finished or started < 0:
            continue
        values = {"status": status, "outcome": outcome}
        if ended is not None:
            values["ends_on"] = clock.day(ended)
        if override is not None:
            values["beyond_override"] = str(override)
        with clock.at(clock.ago(ended if ended is not None else 0, hour=17)):
            fill(ActivityForm, values, instance=activity).save()  # as the edit page saves it


def _markers(demo: _Demo) -> None:
    clock, amara = demo.clock, demo.people["mentee"]
    for kind, days, note in MARKERS:
        with clock.at(clock.ago(days)):
            values = {"kind": kind, "achieved_on": clock.day(days), "note": note}
            actions.record_marker(fill(MarkerForm, values, mentee=amara), amara)
