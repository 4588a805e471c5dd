"""The demo's ledger of what Amara gave her mentors: two years of it, most acknowledged,
and nothing yet this quarter for Marcus (so the gentle prompt has someone to name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorkit.growth.models import Contribution, Kind
from mentorkit.teams.models import Mentorship

if TYPE_CHECKING:
    from . import _Demo

LEDGER = [
    (
        "daniel",
        Kind.RESOURCE,
        700,
        "Sent the ESC remote-monitoring guideline draft before its release",
    ),
    ("priya", Kind.ANALYSIS, 640, "Cleaned the pilot's readmission data for her methods paper"),
    ("daniel", Kind.TALK, 560, "Rehearsed his grand rounds on device trials and timed the slides"),
    (
        "marcus",
        Kind.INTRODUCTION,
        520,
        "Introduced him to the cardiology quality team for his study",
    ),
    ("priya", Kind.TEACHING, 430, "Covered two of her biostatistics lab sessions"),
    ("daniel", Kind.GRANT, 380, "Wrote the patient-engagement section of his R01 renewal"),
    ("marcus", Kind.RESOURCE, 300, "Shared a negotiation workshop for his mentees"),
    ("priya", Kind.REVIEW, 210, "Second reviewer on a trial protocol she was asked to review"),
    ("daniel", Kind.PROJECT, 150, "Helped screen the registry cohort for his HFpEF study"),
    ("marcus", Kind.RESOURCE, 120, "Sent a paper on mentoring across institutions"),
    ("daniel", Kind.RESOURCE, 40, "Shared the new wearable-monitoring trial in NEJM"),
    ("priya", Kind.ANALYSIS, 25, "Ran the sensitivity analysis for her missing-data tutorial"),
    ("lena", Kind.TALK, 10, "Gave feedback on her cardio-oncology abstract slides"),
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
