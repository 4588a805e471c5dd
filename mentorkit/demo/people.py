"""The demo's people, who sign up as anyone does, and the program they belong to.

Everyone signs up when Riverside starts using mentorkit; an administrator sets the KL2
program up in the admin; its director invites four scholars, who accept in the July of
their cohort.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, cast

from django.forms import modelform_factory

from mentorkit.accounts.forms import ProfileForm
from mentorkit.accounts.models import CareerStage, User
from mentorkit.accounts.validators import orcid_checksum
from mentorkit.programs import actions as program_actions
from mentorkit.programs.admin import ProgramAdmin
from mentorkit.programs.forms import InviteMenteeForm
from mentorkit.programs.models import Program, ProgramKind

from .forms import fill

if TYPE_CHECKING:
    from . import _Demo

DEMO_PASSWORD = "mentorkit-demo"
RIVERSIDE = "Riverside University Medical Center"
SIGNED_UP = 1910  # days ago: before the earliest mentorship of the story


def _orcid(first_fifteen: str) -> str:
    """A well-formed ORCID iD: the 15 digits given, grouped, plus their check character."""
    digits = first_fifteen.replace("-", "")
    digits += orcid_checksum(digits)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


# key -> (who, profile). Keys are also the local part of the e-mail address,
# except the fellow's (mentee@) and the director's (director@).
PEOPLE: dict[str, tuple[str, dict]] = {
    "mentee": (
        "the mentee: clinical research fellow in cardiology on a K23-style plan (tour: a mentee's own pages, under My mentoring)",
        {
            "name": "Dr. Amara Okafor",
            "pronouns": "she/her",
            "career_stage": CareerStage.FELLOW,
            "department": "Cardiology",
            "discipline": "Cardiology",
            "expertise": "heart failure, remote monitoring, pragmatic trials, care transitions",
            "orcid": _orcid("0000-0002-7315-482"),
        },
    ),
    "daniel": (
        "co-primary mentor: clinical trialist in cardiology (tour: a mentor's pages, under Mentoring others)",
        {
            "name": "Dr. Daniel Reyes",
            "pronouns": "he/him",
            "career_stage": CareerStage.SENIOR_FACULTY,
            "department": "Cardiology",
            "discipline": "Cardiology",
            "expertise": "clinical trials, heart failure, trial design, grant writing, data safety monitoring",
            "mentee_capacity": 4,
            "orcid": _orcid("0000-0001-6042-913"),
        },
    ),
    "priya": (
        "co-primary mentor: biostatistician",
        {
            "name": "Dr. Priya Raman",
            "pronouns": "she/her",
            "career_stage": CareerStage.MID_CAREER,
            "department": "Biostatistics",
            "discipline": "Biostatistics",
            "expertise": "biostatistics, trial design, adaptive designs, missing data, mixed models, sample size",
            "mentee_capacity": 6,
            "orcid": _orcid("0000-0003-2284-570"),
        },
    ),
    "marcus": (
        "career mentor: health-services researcher at another school",
        {
            "name": "Dr. Marcus Bell",
            "pronouns": "he/him",
            "career_stage": CareerStage.SENIOR_FACULTY,
            "institution": "Lakeshore University School of Public Health",
            "department": "Health Policy and Management",
            "discipline": "Health services research",
            "expertise": "health services research, implementation science, leadership, negotiation, promotion and tenure",
            "orcid": _orcid("0000-0002-9150-376"),
            "time_zone": "America/Chicago",
            "mentee_capacity": 5,
        },
    ),
    "lena": (
        "peer mentor: junior faculty in cardiology, two years ahead, and a mentee herself (tour: both roles in one account)",
        {
            "name": "Dr. Lena Fischer",
            "pronouns": "she/her",
            "career_stage": CareerStage.JUNIOR_FACULTY,
            "department": "Cardiology",
            "discipline": "Cardiology",
            "expertise": "cardio-oncology, echocardiography, K award applications, clinic and research balance",
            "mentee_capacity": 2,
            "orcid": _orcid("0000-0002-4468-031"),
        },
    ),
    "robert": (
        "former mentor: her residency research mentor (mentorship ended)",
        {
            "name": "Dr. Robert Haines",
            "pronouns": "he/him",
            "career_stage": CareerStage.SENIOR_FACULTY,
            "department": "Internal Medicine",
            "discipline": "Epidemiology",
            "expertise": "epidemiology, readmissions, registry data, observational studies",
            "orcid": _orcid("0000-0001-8827-604"),
        },
    ),
    "director": (
        "program director of Riverside Clinical Scholars (KL2) (tour: a director's program, under Programs)",
        {
            "name": "Dr. Helen Park",
            "pronouns": "she/her",
            "career_stage": CareerStage.SENIOR_FACULTY,
            "department": "Clinical and Translational Science Institute",
            "discipline": "General internal medicine",
            "expertise": "research training, mentoring programs, clinical research careers",
            "orcid": _orcid("0000-0001-5539-218"),
        },
    ),
    "grace": (
        "associate director of the institute and the KL2's neutral contact (tour: confidential exits)",
        {
            "name": "Dr. Grace Liu",
            "pronouns": "she/her",
            "career_stage": CareerStage.SENIOR_FACULTY,
            "department": "Clinical and Translational Science Institute",
            "discipline": "Pediatrics",
            "expertise": "research training, ombuds practice, conflict resolution",
            "orcid": _orcid("0000-0002-6120-734"),
        },
    ),
    "coordinator": (
        "program coordinator of the KL2 (tour: the roster, nudges, imports and training, without the mentees' records)",
        {
            "name": "Sam Ortiz",
            "pronouns": "they/them",
            "career_stage": CareerStage.STAFF,
            "department": "Clinical and Translational Science Institute",
            "discipline": "Research administration",
            "expertise": "program administration",
        },
    ),
    "tomas": (
        "another KL2 scholar: nephrology fellow (agreement review overdue)",
        {
            "name": "Dr. Tomás Herrera",
            "pronouns": "he/him",
            "career_stage": CareerStage.FELLOW,
            "department": "Nephrology",
            "discipline": "Nephrology",
            "expertise": "dialysis access, health disparities, claims data",
            "orcid": _orcid("0000-0003-0719-845"),
        },
    ),
    "sofia": (
        "another KL2 scholar: junior faculty in oncology (no agreement yet)",
        {
            "name": "Dr. Sofia Rinaldi",
            "pronouns": "she/her",
            "career_stage": CareerStage.JUNIOR_FACULTY,
            "department": "Hematology and Oncology",
            "discipline": "Oncology",
            "expertise": "cardio-oncology, breast cancer, cardiotoxicity",
            "orcid": _orcid("0000-0002-1876-390"),
        },
    ),
    "kwame": (
        "another KL2 scholar: emergency medicine fellow (a high-priority need uncovered)",
        {
            "name": "Dr. Kwame Mensah",
            "pronouns": "he/him",
            "career_stage": CareerStage.FELLOW,
            "department": "Emergency Medicine",
            "discipline": "Emergency medicine",
            "expertise": "acute heart failure, emergency department decision-making",
            "orcid": _orcid("0000-0003-5461-127"),
        },
    ),
}


def email_of(key: str) -> str:
    return f"{key}@example.org"


PROGRAM = {
    "name": "Riverside Clinical Scholars (KL2)",
    "kind": ProgramKind.KL2,
    "description": (
        "Protected research time, a multidisciplinary mentoring team and a core curriculum "
        "in clinical and translational research for early-career clinician investigators "
        "at Riverside. Scholars leave with an individual career development award (most "
        "often a K23) submitted or funded."
    ),
}
# key -> the cohort the scholar entered (in the July of that year).
SCHOLARS = {"mentee": 2024, "tomas": 2023, "sofia": 2024, "kwame": 2025}


def load(demo: _Demo) -> None:
    clock = demo.clock
    with clock.at(clock.ago(SIGNED_UP)):
        for key, (_who, profile) in PEOPLE.items():
            user = User.objects.create_user(email_of(key), DEMO_PASSWORD)
            values = {"institution": RIVERSIDE, "time_zone": "America/New_York", **profile}
            demo.people[key] = fill(ProfileForm, values, instance=user).save()
    with clock.at(clock.ago(1500)):
        # What a site administrator fills in on the admin's page for a program.
        form = modelform_factory(Program, fields=cast(list[str], ProgramAdmin.fields))
        values = {**PROGRAM, "directors": [demo.people["director"]]}
        values["administrators"] = [demo.people["coordinator"]]
        program = fill(form, {**values, "neutral_contact": demo.people["grace"]}).save()
    director = demo.people["director"]
    for key, cohort in SCHOLARS.items():
        scholar = demo.people[key]
        july = date(cohort, 7, 1)
        with clock.at(clock.on(july - timedelta(days=10))):
            values = {"invited_name": scholar.name, "invited_email": scholar.email}
            form = fill(InviteMenteeForm, {**values, "cohort_year": cohort})
            invitation, _url = program_actions.invite_mentee(program, director, **form.cleaned_data)
        with clock.at(clock.on(july)):
            program_actions.accept_program_invitation(invitation, scholar)
    demo.program = program
