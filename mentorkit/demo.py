"""A demo workspace: a cardiology fellow on a K23-style plan, her mentoring team and her program.

`load_demo()` fills an empty database with people and records that make every
page worth looking at, with dates relative to today so the demo always looks
current. It is keyed on the fellow's e-mail address: if she exists, nothing is
touched, so it can run on every start of a demo server.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mentorkit.accounts.models import CareerStage, User
from mentorkit.accounts.validators import orcid_checksum
from mentorkit.programs.models import Enrollment, Program, ProgramKind
from mentorkit.teams.models import (
    Acknowledgement,
    Agreement,
    AgreementRevision,
    Cadence,
    Channel,
    FeedbackRhythm,
    Insight,
    MentorNote,
    Mentorship,
    MentorshipStatus,
    Need,
    Priority,
    ResponseTime,
    Role,
)
from mentorkit.visibility import Visibility

DEMO_PASSWORD = "mentorkit-demo"

MENTEE_EMAIL = "mentee@example.org"
RIVERSIDE = "Riverside University Medical Center"


def _orcid(first_fifteen: str) -> str:
    """A well-formed ORCID iD: the 15 digits given, grouped, plus their check character."""
    digits = first_fifteen.replace("-", "")
    digits += orcid_checksum(digits)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


# key -> (who, profile). Keys are also the local part of the e-mail address,
# except the fellow's (mentee@) and the director's (director@).
PEOPLE: dict[str, tuple[str, dict]] = {
    "mentee": (
        "the mentee: clinical research fellow in cardiology on a K23-style plan",
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
        "co-primary mentor: clinical trialist in cardiology",
        {
            "name": "Dr. Daniel Reyes",
            "pronouns": "he/him",
            "career_stage": CareerStage.SENIOR_FACULTY,
            "department": "Cardiology",
            "discipline": "Cardiology",
            "expertise": "clinical trials, heart failure, trial design, grant writing, data safety monitoring",
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
        },
    ),
    "lena": (
        "peer mentor: junior faculty in cardiology, two years ahead",
        {
            "name": "Dr. Lena Fischer",
            "pronouns": "she/her",
            "career_stage": CareerStage.JUNIOR_FACULTY,
            "department": "Cardiology",
            "discipline": "Cardiology",
            "expertise": "cardio-oncology, echocardiography, K award applications, clinic and research balance",
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
        "program director of Riverside Clinical Scholars (KL2)",
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


def _email(key: str) -> str:
    return f"{key}@example.org"


def sign_ins() -> list[tuple[str, str]]:
    """The demo accounts as (e-mail, who), the fellow first; all use DEMO_PASSWORD."""
    return [(_email(key), f"{profile['name']}, {who}") for key, (who, profile) in PEOPLE.items()]


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create the demo workspace unless it exists; return the sign-ins either way."""
    if User.objects.filter(email=MENTEE_EMAIL).exists():
        return sign_ins()
    _Demo().load()
    return sign_ins()


class _Demo:
    """Builds the records; a class only so the helpers share `today`, `now` and the people."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.people: dict[str, User] = {}

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def at(self, days: int) -> datetime:
        """An aware moment `days` days ago."""
        return self.now - timedelta(days=days)

    def load(self) -> None:
        self.make_people()
        self.make_program()
        self.make_fellows_team()
        self.make_other_scholars()

    # --- people ------------------------------------------------------------------

    def make_people(self) -> None:
        password = make_password(DEMO_PASSWORD)  # argon2 is slow on purpose: hash once
        for key, (_who, profile) in PEOPLE.items():
            fields = {"institution": RIVERSIDE, "time_zone": "America/New_York", **profile}
            self.people[key] = User.objects.create(
                email=_email(key), password=password, date_joined=self.at(800), **fields
            )

    # --- the program ---------------------------------------------------------------

    def make_program(self) -> None:
        program = Program.objects.create(
            name="Riverside Clinical Scholars (KL2)",
            kind=ProgramKind.KL2,
            description=(
                "Protected research time, a multidisciplinary mentoring team and a core curriculum "
                "in clinical and translational research for early-career clinician investigators "
                "at Riverside. Scholars leave with an individual career development award (most "
                "often a K23) submitted or funded."
            ),
            created_at=self.at(1500),
        )
        program.directors.add(self.people["director"])
        for key, cohort in [("mentee", 2024), ("tomas", 2023), ("sofia", 2024), ("kwame", 2025)]:
            Enrollment.objects.create(
                program=program,
                mentee=self.people[key],
                cohort_year=cohort,
                enrolled_on=date(cohort, 7, 1),
            )

    # --- the fellow's team ---------------------------------------------------------

    def mentorship(
        self, mentee: str, mentor: str, role: str, *, started: int, **fields
    ) -> Mentorship:
        person = self.people[mentor]
        fields.setdefault("status", MentorshipStatus.ACTIVE)
        return Mentorship.objects.create(
            mentee=self.people[mentee],
            mentor=person,
            invited_email=person.email,
            invited_name=person.name,
            role=role,
            discipline=person.discipline,
            started_on=self.days_ago(started),
            created_at=self.at(started + 7),
            **fields,
        )

    def make_fellows_team(self) -> None:
        amara = self.people["mentee"]
        daniel = self.mentorship(
            "mentee",
            "daniel",
            Role.CO_PRIMARY,
            started=870,
            focus="The K23 trial, grant writing and a clinical research career in cardiology",
        )
        priya = self.mentorship(
            "mentee",
            "priya",
            Role.CO_PRIMARY,
            started=870,
            focus="Trial design, the statistical analysis plan, sample size",
        )
        marcus = self.mentorship(
            "mentee",
            "marcus",
            Role.CAREER,
            started=540,
            focus="Career planning, leadership, negotiating protected time",
        )
        lena = self.mentorship(
            "mentee",
            "lena",
            Role.PEER,
            started=21,
            focus="What the first K years are really like; juggling clinic and research",
        )
        robert = self.mentorship(
            "mentee",
            "robert",
            Role.RESEARCH,
            started=1900,
            status=MentorshipStatus.ENDED,
            ended_on=self.days_ago(880),
            focus="Residency research project on heart-failure readmissions",
        )

        needs = [
            (
                "Biostatistics",
                Priority.HIGH,
                Visibility.TEAM,
                [priya],
                "Mixed models and missing data, enough to write the analysis plan myself.",
            ),
            (
                "Grant writing",
                Priority.HIGH,
                Visibility.PROGRAM,
                [daniel],
                "K23 resubmission; then the first R-level application.",
            ),
            (
                "Trial design",
                Priority.HIGH,
                Visibility.TEAM,
                [daniel, priya],
                "Pragmatic trial of remote monitoring after heart-failure discharge.",
            ),
            (
                "Leadership",
                Priority.MEDIUM,
                Visibility.TEAM,
                [marcus],
                "Running a study team; chairing the fellows' research meeting.",
            ),
            (
                "Work–life integration",
                Priority.MEDIUM,
                Visibility.PRIVATE,
                [],
                "Call schedule, a toddler, and a trial to run.",
            ),
            (
                "Teaching",
                Priority.LOW,
                Visibility.TEAM,
                [],
                "Small-group teaching for residents; a teaching portfolio for promotion.",
            ),
        ]
        for days, (name, priority, visibility, covered_by, notes) in enumerate(needs):
            need = Need.objects.create(
                mentee=amara,
                name=name,
                priority=priority,
                visibility=visibility,
                notes=notes,
                created_at=self.at(500 - days),
            )
            need.covered_by.set(covered_by)

        self.make_team_agreement(amara)
        self.make_career_agreement(amara, marcus)

        insights = [
            (
                marcus,
                45,
                44,
                Visibility.PRIVATE,
                "Protect one writing morning a week and say no to new committees until the K23 "
                "resubmission is in. Ask the division chief for it in writing.",
            ),
            (
                lena,
                12,
                11,
                Visibility.PRIVATE,
                "Book the CTSI biostatistics office hours two weeks ahead; a second read of the power "
                "calculation before the study section saw it would have saved me a resubmission.",
            ),
            (
                priya,
                70,
                None,
                Visibility.TEAM,
                "Write the statistical analysis plan before the first patient is enrolled and lock it "
                "with a date; reviewers read that as rigour.",
            ),
            (
                robert,
                950,
                None,
                Visibility.PRIVATE,
                "The readmissions registry answers a good secondary question; don't let it become "
                "the primary aim of a trial.",
            ),
        ]
        for source, recorded, shared, visibility, text in insights:
            Insight.objects.create(
                mentee=amara,
                source=source,
                text=text,
                recorded_on=self.days_ago(recorded),
                shared_with_primary_at=self.at(shared) if shared is not None else None,
                visibility=visibility,
            )

        for days, body in [
            (
                30,
                "Amara is underselling the pilot data in Aim 1. Push her to lead with the "
                "enrolment numbers next meeting.",
            ),
            (
                9,
                "Resubmission on track. She handled the summary statement calmly; raise the "
                "senior-author question for the secondary analysis before it becomes awkward.",
            ),
        ]:
            MentorNote.objects.create(
                mentorship=daniel, author=self.people["daniel"], body=body, created_at=self.at(days)
            )

    def make_team_agreement(self, amara: User) -> None:
        written, revised = 330, 60
        agreement = Agreement.objects.create(
            mentee=amara,
            mentorship=None,
            cadence=Cadence.WEEKLY,
            meeting_minutes=60,
            channels=[Channel.EMAIL, Channel.CHAT, Channel.IN_PERSON, Channel.VIDEO],
            response_hours=ResponseTime.TWO_DAYS,
            feedback_rhythm=FeedbackRhythm.QUARTERLY,
            authorship=(
                "Amara drafts and is first author on papers from her K23 aims. Daniel is senior "
                "author on papers from the trial; Priya is a co-author on any paper whose analysis "
                "she designed or checked. We agree the author list when a paper is planned, note it "
                "in the project folder, and revisit it openly if someone's part changes."
            ),
            confidentiality=(
                "Career plans, job offers and personal matters Amara raises stay with the person she "
                "told unless she asks us to pass them on. Drafts and unpublished data stay inside "
                "the team. Mentors may compare notes on how best to help, and tell Amara when they have."
            ),
            disagreements=(
                'Any of us can say "I see this differently", with reasons, in a meeting or in writing. '
                "When two mentors' advice conflicts, Amara brings both views to the next team meeting "
                "instead of choosing alone; decisions about her career are hers. If something is still "
                "stuck after a month, we ask the program director to help us talk it through."
            ),
            next_review_on=self.today + timedelta(days=120),
            version=2,
            created_at=self.at(written),
            updated_at=self.at(revised),
        )
        AgreementRevision.objects.create(
            agreement=agreement,
            version=1,
            changed_by=amara,
            changed_at=self.at(written),
            changes={},
            note="Agreement written.",
        )
        AgreementRevision.objects.create(
            agreement=agreement,
            version=2,
            changed_by=amara,
            changed_at=self.at(revised),
            changes={
                "We meet": [Cadence.FORTNIGHTLY.label, Cadence.WEEKLY.label],
                "We answer messages": [ResponseTime.ONE_WEEK.label, ResponseTime.TWO_DAYS.label],
            },
            note=(
                "Weekly until the K23 resubmission goes in, so Daniel and Priya see each section "
                "as it is drafted; we go back to every two weeks after submission."
            ),
        )
        # Version 1 by everyone on the team then; version 2 by all but Lena, who joined since.
        for key, days in [
            ("mentee", written),
            ("daniel", written - 2),
            ("priya", written - 3),
            ("marcus", written - 5),
        ]:
            Acknowledgement.objects.create(
                agreement=agreement, user=self.people[key], version=1, acknowledged_at=self.at(days)
            )
        for key, days in [
            ("mentee", revised),
            ("daniel", revised - 1),
            ("priya", revised - 4),
            ("marcus", revised - 6),
        ]:
            Acknowledgement.objects.create(
                agreement=agreement, user=self.people[key], version=2, acknowledged_at=self.at(days)
            )

    def make_career_agreement(self, amara: User, marcus: Mentorship) -> None:
        agreement = Agreement.objects.create(
            mentee=amara,
            mentorship=marcus,
            cadence=Cadence.MONTHLY,
            meeting_minutes=45,
            channels=[Channel.VIDEO, Channel.EMAIL],
            response_hours=ResponseTime.ONE_WEEK,
            feedback_rhythm=FeedbackRhythm.TWICE_YEARLY,
            authorship="Marcus is not an author on Amara's K23 work; any joint paper is planned separately.",
            confidentiality=(
                "Everything said in these calls stays between us, including anything about the "
                "Cardiology division; Marcus passes nothing on without asking first."
            ),
            disagreements=(
                "Marcus will say plainly when he thinks a plan is a mistake; Amara will say when "
                "advice does not fit her situation. We leave the call with the decision named as hers."
            ),
            next_review_on=self.today + timedelta(days=25),
            created_at=self.at(500),
            updated_at=self.at(500),
        )
        AgreementRevision.objects.create(
            agreement=agreement,
            version=1,
            changed_by=amara,
            changed_at=self.at(500),
            changes={},
            note="Agreement written.",
        )
        for key, days in [("mentee", 500), ("marcus", 497)]:
            Acknowledgement.objects.create(
                agreement=agreement, user=self.people[key], version=1, acknowledged_at=self.at(days)
            )

    # --- the other scholars, so the director's dashboard has a cohort ---------------

    def make_other_scholars(self) -> None:
        # Tomás: a complete team agreement whose review is overdue.
        tomas = self.people["tomas"]
        herrera_primary = self.mentorship(
            "tomas",
            "marcus",
            Role.PRIMARY,
            started=1100,
            focus="Health-services questions in dialysis access",
        )
        herrera_methods = self.mentorship(
            "tomas",
            "priya",
            Role.METHODS,
            started=1000,
            focus="Claims-data methods",
        )
        for name, mentorships in [
            ("Health economics", [herrera_primary]),
            ("Causal inference", [herrera_methods]),
        ]:
            need = Need.objects.create(
                mentee=tomas,
                name=name,
                priority=Priority.HIGH,
                visibility=Visibility.PROGRAM,
                created_at=self.at(900),
            )
            need.covered_by.set(mentorships)
        agreement = Agreement.objects.create(
            mentee=tomas,
            cadence=Cadence.FORTNIGHTLY,
            channels=[Channel.VIDEO, Channel.EMAIL],
            authorship="Tomás is first author on papers from his KL2 project.",
            next_review_on=self.days_ago(20),
            created_at=self.at(950),
            updated_at=self.at(950),
        )
        AgreementRevision.objects.create(
            agreement=agreement,
            version=1,
            changed_by=tomas,
            changed_at=self.at(950),
            changes={},
            note="Agreement written.",
        )
        for key in ("tomas", "marcus", "priya"):
            Acknowledgement.objects.create(
                agreement=agreement, user=self.people[key], version=1, acknowledged_at=self.at(945)
            )

        # Sofia: a mentor, a need, no agreement yet.
        rinaldi = self.mentorship(
            "sofia",
            "daniel",
            Role.RESEARCH,
            started=300,
            focus="Cardiotoxicity surveillance trial",
        )
        need = Need.objects.create(
            mentee=self.people["sofia"],
            name="Trial design",
            priority=Priority.HIGH,
            visibility=Visibility.TEAM,
            created_at=self.at(290),
        )
        need.covered_by.set([rinaldi])

        # Kwame: agreement in place; one of two high-priority needs uncovered.
        kwame = self.people["kwame"]
        mensah_primary = self.mentorship(
            "kwame",
            "daniel",
            Role.PRIMARY,
            started=120,
            focus="Acute heart failure in the emergency department",
        )
        self.mentorship("kwame", "lena", Role.PEER, started=100)
        for name, mentorships in [("Trial design", [mensah_primary]), ("Qualitative methods", [])]:
            need = Need.objects.create(
                mentee=kwame,
                name=name,
                priority=Priority.HIGH,
                visibility=Visibility.TEAM,
                created_at=self.at(110),
            )
            need.covered_by.set(mentorships)
        agreement = Agreement.objects.create(
            mentee=kwame,
            cadence=Cadence.FORTNIGHTLY,
            channels=[Channel.IN_PERSON, Channel.CHAT],
            response_hours=ResponseTime.ONE_DAY,
            next_review_on=self.today + timedelta(days=200),
            created_at=self.at(95),
            updated_at=self.at(95),
        )
        AgreementRevision.objects.create(
            agreement=agreement,
            version=1,
            changed_by=kwame,
            changed_at=self.at(95),
            changes={},
            note="Agreement written.",
        )
        for key in ("kwame", "daniel", "lena"):
            Acknowledgement.objects.create(
                agreement=agreement, user=self.people[key], version=1, acknowledged_at=self.at(90)
            )
