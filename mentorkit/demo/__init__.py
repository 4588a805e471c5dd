"""A demo workspace: a cardiology fellow on a K23-style plan, her mentoring team and her program.

`load_demo()` fills an empty database with people and records that make every
page worth looking at, with dates relative to today so the demo always looks
current. It is keyed on the fellow's e-mail address: if she exists, nothing is
touched, so it can run on every start of a demo server.

Her meetings follow practice 1: a year of Tuesday and Wednesday afternoons with
her two co-primary mentors and a monthly call with her career mentor, written
with bulk inserts so loading stays quick.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mentorkit.accounts.models import CareerStage, User
from mentorkit.accounts.validators import orcid_checksum
from mentorkit.meetings import recurrence
from mentorkit.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Disagreement,
    Ending,
    Meeting,
    MeetingStatus,
    Series,
)
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


# The co-primary meetings of the past year, in order: (share of the meetings, summary,
# points discussed, next step). "{n}" counts drafts within the phase, "{next}" the one after.
CO_PRIMARY_PHASES: list[tuple[int, str, list[str], str]] = [
    (
        10,
        "Specific aims page, draft {n}",
        [
            "Aim 1 still reads as a feasibility study: lead with the hypothesis.",
            "Daniel: name the gap in the first two lines, not the fourth.",
            "Priya: Aim 2 needs one sentence on how clinics are randomised.",
        ],
        "Amara circulates draft {next} of the aims page before we meet again.",
    ),
    (
        8,
        "Pilot data from the remote-monitoring registry",
        [
            "Adherence to daily weights is 71% at 30 days and falls off after week 6.",
            "Enough events for a descriptive table, not for a test.",
            "Figure 1: a CONSORT-style flow diagram from the registry.",
        ],
        "Priya sends table shells; Amara fills them in.",
    ),
    (
        8,
        "Power calculation",
        [
            "Cluster design: 18 clinics per arm at an intraclass correlation of 0.02.",
            "Attrition assumed at 15%; Priya wants 20% as a sensitivity scenario.",
            "Effect size taken from the pilot and shrunk by a third, to be safe.",
        ],
        "Priya reruns the calculation with the pilot's intraclass correlation.",
    ),
    (
        8,
        "Statistical analysis plan",
        [
            "Mixed model with clinic as a random effect; adjust for site.",
            "Missing data: multiple imputation by chained equations, plus a tipping-point analysis.",
            "Pre-specify two subgroups (ejection fraction, age over 75), no more.",
        ],
        "Amara drafts section {next} of the analysis plan.",
    ),
    (
        8,
        "K23 submission: research strategy",
        [
            "The Approach is half a page over the limit.",
            "Daniel: move the alternative strategies into a table.",
            "Timeline figure: one row per aim, with the training milestones beside it.",
        ],
        "Amara sends the full draft to the grants office.",
    ),
    (
        6,
        "Abstract for AHA Scientific Sessions",
        [
            "250 words with the title: the results sentence has to carry the number.",
            "Priya checked every confidence interval against the output.",
            "Daniel: call it a pilot in the title; reviewers like candour.",
        ],
        "Amara submits the abstract before the deadline.",
    ),
    (
        8,
        "Clinic scheduling and protected time",
        [
            "Two clinic half-days move to Mondays from next month.",
            "Research days stay Tuesday and Wednesday, so these meetings stay put.",
            "The division chief agreed in principle; Amara wants it in writing.",
        ],
        "Amara asks the clinic manager for the new template.",
    ),
    (
        8,
        "Second site: IRB amendment and start-up",
        [
            "The reliance agreement with Lakeview is with their IRB.",
            "The site PI wants the data dictionary before signing.",
            "Budget: one coordinator at 50% effort from the second year.",
        ],
        "Daniel calls the Lakeview site PI.",
    ),
    (
        6,
        "K23 summary statement",
        [
            "Impact score 38, not funded: a resubmission is realistic.",
            "Main critiques: power for the primary outcome, and statistics training.",
            "Priya: critique 2 is answerable with the pilot's intraclass correlation.",
        ],
        "Amara drafts a critique-by-critique response table.",
    ),
    (
        10,
        "K23 resubmission: introduction and Approach",
        [
            "The introduction answers each critique in one or two sentences, in the reviewers' order.",
            "The power paragraph now uses the observed intraclass correlation.",
            "Mark changed text with a line in the margin, not bold.",
        ],
        "Amara sends the next section by Monday.",
    ),
    (
        6,
        "K23 resubmission: career development plan and letters",
        [
            "Training table updated with the two new methods courses.",
            "Daniel's and Priya's letters say how often we meet, and that it has held.",
            "Marcus's letter speaks to leadership and the study team.",
        ],
        "Daniel and Priya send their letter drafts.",
    ),
]

# One talk a month with the career mentor, oldest first: (summary, notes in Markdown).
CAREER_TOPICS: list[tuple[str, str]] = [
    (
        "Where she wants to be in five years",
        "- A physician-scientist with an R-funded trial programme, 75% research.\n"
        "- Keep the heart-failure transitions clinic: it is where the questions come from.\n\n"
        "**Next:** Amara writes a one-page five-year plan.",
    ),
    (
        "Saying no to committees",
        "- Three committees, one of which helps promotion (the fellowship research committee).\n"
        '- Script: "I would like to, and I can after the K23 is in."\n\n'
        "**Next:** Amara lists the committees to leave.",
    ),
    (
        "Negotiating protected time",
        "- Ask for the writing morning as part of the K23 commitment, not as a favour.\n"
        "- Bring the award's 75% effort requirement to the meeting with the chief.",
    ),
    (
        "Leading a study team",
        "- Weekly 20-minute huddle with the coordinator; decisions written down the same day.\n"
        "- Delegate the screening log; keep the protocol deviations.",
    ),
    (
        "Conferences and whom to meet",
        "- At AHA: the remote-monitoring trialists' dinner, and the two study-section members "
        "who work on transitions of care.\n"
        "- A two-line introduction, not a pitch.",
    ),
    (
        "Chairing the fellows' research meeting",
        "- Start on time, end five minutes early, one presenter per session.\n"
        "- Ask a quiet fellow to present in month two.",
    ),
    (
        "The faculty job market",
        "- Questions to ask: protected time in writing, start-up, a coordinator, clinic template.\n"
        "- An offer elsewhere is information, not a threat.",
    ),
    (
        "Writing mornings",
        "- Tuesday 7–10 am, phone in another room; 300 words counts as a good morning.\n"
        "- Track words, not hours.",
    ),
    (
        "Mentoring a medical student",
        "- A bounded project: the registry's adherence figure.\n"
        "- Agree authorship at the start, as the team did.",
    ),
    (
        "Reading the summary statement",
        "- A 38 is a resubmission, not a verdict.\n"
        "- Sleep on it for a week before answering any critique.\n\n"
        "**Next:** Amara sends Marcus the summary statement.",
    ),
    (
        "Promotion criteria at Riverside",
        "- The clinician-investigator track counts funded mentored awards and first-author papers.\n"
        "- Start the teaching portfolio now; it is the part people leave to the end.",
    ),
    (
        "What to drop this winter",
        "- One evening talk a month, not three.\n"
        "- Nursery closures are in the shared calendar so the study team plans around them.",
    ),
]


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
        self.team: dict[str, Mentorship] = {}
        self.meetings: dict[int, list[Meeting]] = {}  # by series id, oldest first
        self.attendees: dict[int, list[User]] = {}  # by meeting id

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def at(self, days: int) -> datetime:
        """An aware moment `days` days ago."""
        return self.now - timedelta(days=days)

    def load(self) -> None:
        self.make_people()
        self.make_program()
        self.make_fellows_team()
        self.make_fellows_meetings()
        self.make_other_scholars()
        from . import feedback, growth, outcomes, plans

        plans.load(self)
        feedback.load(self)
        growth.load(self)
        outcomes.load(self)

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

        self.team = {"daniel": daniel, "priya": priya, "marcus": marcus}
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

    def written_agreement(
        self, mentee: User, written: int, acknowledged: dict[str, int], **terms
    ) -> Agreement:
        """An agreement written `written` days ago, version 1, acknowledged by people (key: days ago)."""
        agreement = Agreement.objects.create(
            mentee=mentee, created_at=self.at(written), updated_at=self.at(written), **terms
        )
        AgreementRevision.objects.create(
            agreement=agreement,
            version=1,
            changed_by=mentee,
            changed_at=self.at(written),
            changes={},
            note="Agreement written.",
        )
        Acknowledgement.objects.bulk_create(
            Acknowledgement(
                agreement=agreement, user=self.people[key], version=1, acknowledged_at=self.at(days)
            )
            for key, days in acknowledged.items()
        )
        return agreement

    def make_career_agreement(self, amara: User, marcus: Mentorship) -> None:
        self.written_agreement(
            amara,
            written=500,
            acknowledged={"mentee": 500, "marcus": 497},
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
        )

    # --- the fellow's meetings ----------------------------------------------------

    def make_fellows_meetings(self) -> None:
        """A year of meetings: twice a week with the co-primaries, monthly with Marcus."""
        amara, daniel, priya, marcus = (
            self.people[key] for key in ("mentee", "daniel", "priya", "marcus")
        )
        co_primary = self.series(
            "Co-primary mentors",
            [self.team["daniel"], self.team["priya"]],
            recurrence.build_rule(frequency="weekly", weekdays=["TU", "WE"]),
            time(14, 0),
            "America/New_York",
            location="Cardiology research office, room 4.112",
        )
        career = self.series(
            "Career mentoring with Marcus",
            [self.team["marcus"]],
            recurrence.build_rule(frequency="monthly", month_ordinal=1, month_weekday="TH"),
            time(11, 0),
            "America/Chicago",
            duration_minutes=45,
            video_url="https://video.example.org/j/marcus-bell-okafor",
        )
        changed = [
            *self.record_co_primary(co_primary, amara, daniel, priya),
            *self.record_career(career, amara, marcus),
        ]
        self.make_disagreements(co_primary)
        Meeting.objects.bulk_update(
            changed, ["status", "summary", "notes", "starts_at", "version", "updated_at"]
        )
        Attendance = Meeting.attendees.through
        Attendance.objects.bulk_create(
            Attendance(meeting_id=meeting_id, user_id=user.pk)
            for meeting_id, users in self.attendees.items()
            for user in users
        )
        self.make_action_items(co_primary, career)
        self.make_agenda(co_primary)

    def series(self, title, mentorships, rule, start, zone, **fields) -> Series:
        """A series whose first meeting is the first occurrence of `rule` a year ago."""
        tz = zoneinfo.ZoneInfo(zone)
        candidate = datetime.combine(self.days_ago(364), start, tz)
        first = recurrence.occurrences(rule, candidate, candidate, candidate + timedelta(days=40))
        series = Series.objects.create(
            mentee=self.people["mentee"],
            title=title,
            first_start=first[0],
            time_zone=zone,
            rule=rule,
            created_by=self.people["mentee"],
            created_at=self.at(370),
            updated_at=self.at(370),
            **fields,
        )
        series.mentorships.set(mentorships)
        series.materialize()
        self.meetings[series.pk] = list(series.meetings.order_by("starts_at"))
        return series

    def held(self, meeting: Meeting, summary: str, notes: str, attendees: list[User]) -> None:
        meeting.status = MeetingStatus.HELD
        meeting.summary = summary
        meeting.notes = notes
        meeting.version = 2
        meeting.updated_at = meeting.ends_at + timedelta(hours=3)
        self.attendees[meeting.pk] = attendees

    def record_co_primary(self, series, amara, daniel, priya) -> list[Meeting]:
        """Most past meetings held with notes; one skipped, a few not recorded, one moved ahead."""
        zone = series.zone
        past = [m for m in self.meetings[series.pk] if m.starts_at < self.now]
        upcoming = [m for m in self.meetings[series.pk] if m.starts_at >= self.now]
        # Skipped: a Wednesday three to five weeks ago (Daniel and Priya both at a meeting).
        skipped = next(
            m
            for m in past
            if timedelta(days=21) <= self.now - m.starts_at <= timedelta(days=35)
            and m.starts_at.astimezone(zone).weekday() == 2
        )
        skipped.status = MeetingStatus.CANCELLED
        # Nobody wrote up the last two, nor one a fortnight ago: "not recorded" shows.
        unrecorded = {past[-1].pk, past[-2].pk, past[-5].pk}
        to_record = [m for m in past if m.pk not in unrecorded and m is not skipped]
        shares = [share for share, *_ in CO_PRIMARY_PHASES]
        bounds = [len(to_record) * sum(shares[: i + 1]) // sum(shares) for i in range(len(shares))]
        phase, number = 0, 0
        for i, meeting in enumerate(to_record):
            while i >= bounds[phase]:
                phase, number = phase + 1, 0
            number += 1
            _share, summary, points, next_step = CO_PRIMARY_PHASES[phase]
            lines = [f"- {points[(number - 1) % 3]}", f"- {points[number % 3]}"]
            attendees = [amara, daniel, priya]
            if i % 7 == 3:
                attendees.remove(priya)
                lines.append("- Priya away at a methods workshop; she sent comments by e-mail.")
            elif i % 11 == 5:
                attendees.remove(daniel)
                lines.append("- Daniel on the wards; Priya and Amara went ahead.")
            if i % 3 == 0:
                lines.append(f"- Registry enrolment: {40 + 3 * i} patients.")
            # A new draft or section every other meeting, not every meeting.
            draft = (number + 1) // 2
            lines += ["", f"**Next:** {next_step.format(next=draft + 1)}"]
            self.held(meeting, summary.format(n=draft), "\n".join(lines), attendees)
        # Moved: next week's Tuesday goes to Thursday morning (Daniel is at study section).
        moved = next(
            m
            for m in upcoming
            if m.starts_at - self.now > timedelta(days=2)
            and m.starts_at.astimezone(zone).weekday() == 1
        )
        local = moved.starts_at.astimezone(zone)
        moved.starts_at = datetime.combine(local.date() + timedelta(days=2), time(10, 0), zone)
        return [*past, moved]

    def record_career(self, series, amara, marcus) -> list[Meeting]:
        past = [m for m in self.meetings[series.pk] if m.starts_at < self.now]
        for i, meeting in enumerate(past):
            summary, notes = CAREER_TOPICS[i % len(CAREER_TOPICS)]
            self.held(meeting, summary, notes, [amara, marcus])
        return past

    def nearest_held(self, series, days: int) -> Meeting:
        moment = self.at(days)
        held = [m for m in self.meetings[series.pk] if m.status == MeetingStatus.HELD]
        return min(held, key=lambda m: abs(m.starts_at - moment))

    def make_action_items(self, co_primary, career) -> None:
        """Done actions (one closed late, one dropped) and open ones, from the meetings they came from."""
        # (series, days ago the meeting was, owner, due after the meeting, closed after due, title)
        done = [
            (co_primary, 350, "mentee", 6, -1, "Send aims page draft 2 to Daniel and Priya"),
            (co_primary, 315, "priya", 14, -2, "Pull readmission and DAOH rates from the registry"),
            (co_primary, 285, "priya", 10, 0, "Rerun the power calculation for DAOH"),
            (co_primary, 255, "mentee", 21, -3, "Draft sections 1–4 of the analysis plan"),
            (co_primary, 225, "daniel", 14, -5, "Write the letter of support for the K23"),
            (career, 215, "mentee", 30, -10, "List the committees to leave"),
            (co_primary, 195, "mentee", 9, -1, "Submit the abstract to AHA Scientific Sessions"),
            (co_primary, 140, "daniel", 14, -7, "Introduce Amara to the Lakeview site PI"),
            (career, 120, "marcus", 14, -12, "Share his protected-time memo as an example"),
            (co_primary, 80, "mentee", 10, -2, "Draft the introduction to the resubmission"),
            (co_primary, 70, "priya", 7, -1, "Check the answer to reviewer 2 on missing data"),
            (co_primary, 50, "mentee", 10, -1, "Update the training table and development plan"),
            (career, 45, "mentee", 14, -4, "Ask the division chief for the writing morning"),
            (co_primary, 40, "daniel", 5, 4, "Send comments on the revised Approach"),  # late
            (co_primary, 25, "priya", 7, 0, "Revise the sample-size paragraph"),
        ]
        # (series, days ago the meeting was, owner, due in days from today, title)
        still_open = [
            # Overdue:
            (co_primary, 20, "mentee", -6, "Send the pilot manuscript to the co-authors"),
            (co_primary, 9, "mentee", 5, "Finish the response to critique 3 (Approach)"),
            (co_primary, 9, "priya", 14, "Lock the statistical analysis plan with a date"),
            (co_primary, 7, "daniel", 10, "Read the full resubmission draft"),
            (career, 20, "mentee", 12, "Draft the note stepping down from the QI committee"),
            (career, 20, "marcus", 20, "Send two names to ask about the faculty job market"),
        ]
        amara = self.people["mentee"]
        items = []
        for series, days, owner, due_after, closed_after, title in done:
            meeting = self.nearest_held(series, days)
            due = meeting.starts_at.astimezone(series.zone).date() + timedelta(days=due_after)
            items.append(
                ActionItem(
                    mentee=amara,
                    meeting=meeting,
                    title=title,
                    owner=self.people[owner],
                    due_on=due,
                    status=ActionStatus.DONE,
                    closed_on=due + timedelta(days=closed_after),
                    created_at=meeting.ends_at,
                )
            )
        meeting = self.nearest_held(co_primary, 180)
        started = meeting.starts_at.astimezone(co_primary.zone).date()
        items.append(
            ActionItem(
                mentee=amara,
                meeting=meeting,
                title="Look into a third pilot site in Ohio",
                owner=amara,
                due_on=started + timedelta(days=30),
                status=ActionStatus.DROPPED,
                closed_on=started + timedelta(days=12),
                created_at=meeting.ends_at,
            )
        )
        for series, days, owner, due_in, title in still_open:
            meeting = self.nearest_held(series, days)
            items.append(
                ActionItem(
                    mentee=amara,
                    meeting=meeting,
                    title=title,
                    owner=self.people[owner],
                    due_on=self.today + timedelta(days=due_in),
                    created_at=meeting.ends_at,
                )
            )
        ActionItem.objects.bulk_create(items)

    def make_agenda(self, co_primary) -> None:
        """Topics already on the next co-primary meeting, one carried from the last one held."""
        following = min(
            (
                m
                for m in self.meetings[co_primary.pk]
                if m.starts_at >= self.now and m.status == MeetingStatus.SCHEDULED
            ),
            key=lambda m: m.starts_at,
        )
        last_held = self.nearest_held(co_primary, 0)
        topics = [
            ("mentee", "Response to critique 3: the primary outcome", None),
            ("priya", "Missing data: why multiple imputation as well as the mixed model", None),
            ("daniel", "What has to be final by the 1st, and who signs off", None),
            ("mentee", "AHA poster: who stands by it on which day", last_held),
        ]
        AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=following,
                title=title,
                position=position,
                added_by=self.people[who],
                moved_from=moved_from,
                created_at=self.at(2),
            )
            for position, (who, title, moved_from) in enumerate(topics, start=1)
        )
        Meeting.objects.filter(pk=following.pk).update(agenda_version=len(topics) + 1)

    def make_disagreements(self, co_primary) -> None:
        """Two respectful disagreements that ended differently."""
        # The meetings' own record says what was discussed (saved with the other meetings).
        outcome = self.nearest_held(co_primary, 300)
        outcome.summary = "Primary outcome: readmission or days alive and out of hospital"
        outcome.notes = (
            "- Amara: days alive and out of hospital at 90 days. Priya: 30-day readmission.\n"
            "- Both views recorded below; the pilot registry can tell us which one we can power.\n\n"
            "**Next:** Priya runs both outcomes through the pilot data."
        )
        journal = self.nearest_held(co_primary, 35)
        journal.summary = "Pilot paper: where to send it first"
        journal.notes = (
            "- The pilot paper is ready for co-authors.\n"
            "- Amara and Daniel see the first journal differently; both views are recorded.\n\n"
            "**Next:** Amara sends the manuscript to the co-authors."
        )
        Disagreement.objects.bulk_create(
            [
                Disagreement(
                    meeting=outcome,
                    mentorship=self.team["priya"],
                    topic="The trial's primary outcome",
                    mentee_view=(
                        "Days alive and out of hospital at 90 days: it counts deaths and every "
                        "day back in hospital, and it is what patients told us matters."
                    ),
                    mentor_view=(
                        "30-day readmission: reviewers and the hospital know it, and a less "
                        "familiar outcome needs a justification we may not have room for."
                    ),
                    ending=Ending.SETTLED_BY_DATA,
                    follow_up=(
                        "Priya compared both in the pilot registry: readmissions are too rare to "
                        "power at 18 clinics per arm. Days alive and out of hospital is primary, "
                        "readmission secondary."
                    ),
                    recorded_by=self.people["mentee"],
                    created_at=outcome.ends_at,
                ),
                Disagreement(
                    meeting=journal,
                    mentorship=self.team["daniel"],
                    topic="Whether to send the pilot paper to a higher-impact journal first",
                    mentee_view=(
                        "A heart-failure journal first: a faster decision, and the paper is out "
                        "before the resubmission is reviewed."
                    ),
                    mentor_view=(
                        "Try a general cardiology journal with a higher impact first; the pilot is "
                        "strong enough, and a rejection costs six weeks at most."
                    ),
                    ending=Ending.AGREED_TO_DISAGREE,
                    follow_up="Amara decides by the end of the month; Daniel backs either choice.",
                    recorded_by=self.people["mentee"],
                    created_at=journal.ends_at,
                ),
            ]
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
        self.written_agreement(
            tomas,
            written=950,
            acknowledged={"tomas": 945, "marcus": 945, "priya": 945},
            cadence=Cadence.FORTNIGHTLY,
            channels=[Channel.VIDEO, Channel.EMAIL],
            authorship="Tomás is first author on papers from his KL2 project.",
            next_review_on=self.days_ago(20),
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
        self.written_agreement(
            kwame,
            written=95,
            acknowledged={"kwame": 90, "daniel": 90, "lena": 90},
            cadence=Cadence.FORTNIGHTLY,
            channels=[Channel.IN_PERSON, Channel.CHAT],
            response_hours=ResponseTime.ONE_DAY,
            next_review_on=self.today + timedelta(days=200),
        )
