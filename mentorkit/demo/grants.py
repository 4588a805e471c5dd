"""The KL2's training grant and what its NIH tables are built from.

Sam, the coordinator, records the program's KL2 award when Riverside starts using
mentorkit, appoints each scholar in the July of their cohort and again each July (three
years at most: a KL2 is two to three years of protected time), notes the source of each
training year and files the termination notices; scholars record their own degrees,
positions, papers and grants, and mark them for the program. Each record is written
through the form its page uses, so the demo holds only what the pages accept.

The story: Aisha and Benjamin completed in June 2025 with a master's degree each; Aisha's
first position was an assistant professorship at Riverside, and this year she won an R01
as PI (the K-to-R conversion a KL2 is judged by); Benjamin went from instructor to an
assistant professorship at Lakeshore with a K23. Tomás's KL2 years are over and his own
K23 supports him now. Hana withdrew in March 2024 for a post in industry, which the
program recorded then and nobody has confirmed since. Felix, of the new cohort, has no
mentor yet, so Table 8 says "TBD"; Leo, on parental leave, has no source recorded for this
training year; two papers lack a PMCID. The background loop asked the alumni to check in
on leaving and a year after: Aisha and Benjamin answered each time, Hana once (this year's
is overdue). Their committees are the next chapter's (`committees`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from mentorkit.accounts.models import User
from mentorkit.grants.choices import (
    AppointmentStatus,
    KindOfWork,
    Sector,
    SupportSource,
    TrainingStatus,
)
from mentorkit.grants.forms import (
    AppointmentForm,
    DegreeForm,
    NewTraineeRecordForm,
    OwnPositionForm,
    PositionForm,
    SupportYearForm,
    TraineeRecordForm,
    TrainingGrantForm,
)
from mentorkit.grants.models import Appointment, TraineeRecord, TrainingGrant
from mentorkit.outcomes import actions as outcome_actions
from mentorkit.outcomes.forms import OutcomeForm
from mentorkit.outcomes.models import (
    GrantRole,
    OutcomeKind,
    OutcomeResult,
    PublicAccess,
)
from mentorkit.teams.models import MentorshipStatus, Role
from mentorkit.visibility import Visibility

from .forms import DemoError, fill
from .people import RIVERSIDE
from .people import SCHOLARS as FIRST_SCHOLARS
from .roster import ENDED, WITHDRAWN
from .roster import SCHOLARS as ROSTER_SCHOLARS

if TYPE_CHECKING:
    from . import _Demo

GRANT = {
    "activity_code": "KL2",
    "award_number": "5KL2TR004410-05",
    "title": "Riverside Clinical Scholars: career development in clinical and translational research",
    "project_start": date(2022, 7, 1),
    "project_end": date(2027, 6, 30),
    "slots_scholar": 6,
}
KL2_YEARS = 3  # appointments at most, one a year from the July of the cohort
FILED_AFTER = 12  # days after the end of support: termination notices go in on time

# key -> (topic of research, the doctorate held before, its year, where)
SCHOLARS: dict[str, tuple[str, str, int, str]] = {
    "mentee": ("Remote monitoring after heart-failure discharge", "MD", 2016, "Harvard Medical School"),
    "tomas": ("Disparities in dialysis access", "MD", 2014, "Universidad de Chile"),
    "sofia": ("Cardiotoxicity surveillance in breast cancer", "MD", 2013, "Università di Bologna"),
    "kwame": ("Acute heart failure decisions in the emergency department", "MD", 2017, "University of Ghana Medical School"),
    "aisha": ("Antimicrobial stewardship in community hospitals", "MD", 2015, "University of Ibadan"),
    "ben": ("Early detection of colorectal neoplasia", "MD", 2016, "Riverside University School of Medicine"),
    "hana": ("Pharmacogenomics of anticoagulation", "PhD", 2019, "Kyoto University"),
    "leo": ("Outcomes of emergency general surgery in older adults", "MD", 2014, "Università di Padova"),
    "mei": ("Air pollution and asthma exacerbations", "MD", 2016, "Peking University"),
    "omar": ("Collaborative care for depression in primary care", "MD", 2015, "Cairo University"),
    "nadia": ("Biomarkers of post-stroke cognitive decline", "MD", 2017, "Sechenov University"),
    "jonas": ("Continuous glucose monitoring in type 2 diabetes", "PhD", 2020, "Universität Heidelberg"),
    "ravi": ("Deprescribing in nursing homes", "MD", 2016, "Christian Medical College Vellore"),
    "elena": ("Early arthritis clinics and time to treatment", "MD", 2018, "Carol Davila University"),
    "felix": ("Hypertensive disorders of pregnancy", "MD", 2019, "Charité Berlin"),
}  # fmt: skip
# Degrees resulting from the training, recorded by the scholar: key -> (degree, institution)
EARNED = {
    "aisha": ("MSCI", RIVERSIDE),
    "ben": ("MPH", "Lakeshore University School of Public Health"),
}
NO_SOURCE_YET = {"leo"}  # this training year's source is not recorded (on leave)
LEFT_FOR = {"hana": "Took a position in industry (clinical pharmacology)."}
# Support after the KL2 years: key -> (source, the grant's number)
AFTER_KL2 = {"tomas": (SupportSource.FELLOWSHIP, "K23DK141872")}
FACULTY_ROLES = [Role.PRIMARY, Role.CO_PRIMARY, Role.RESEARCH, Role.METHODS, Role.CLINICAL]


@dataclass(frozen=True)
class DemoPosition:
    who: str
    title: str
    department: str
    institution: str
    sector: str
    kind_of_work: str
    starts_on: date
    ends_on: date | None
    first: bool
    recorded: date  # the day it was saved (without its end, if that was still ahead)
    by_program: bool = False  # the coordinator recorded it, not the scholar
    confirmed_again: int | None = None  # days ago: the scholar saved it again, unchanged


POSITIONS = [
    DemoPosition("mentee", "Fellow in Cardiovascular Medicine", "Cardiology", RIVERSIDE,
                 Sector.ACADEMIA, KindOfWork.FURTHER_TRAINING, date(2022, 7, 1), None, False,
                 date(2024, 7, 20), confirmed_again=60),
    DemoPosition("aisha", "Assistant Professor of Medicine", "Infectious Diseases", RIVERSIDE,
                 Sector.ACADEMIA, KindOfWork.RESEARCH_INTENSIVE, date(2025, 7, 1), None, True,
                 date(2025, 7, 14), confirmed_again=230),
    DemoPosition("ben", "Instructor in Medicine", "Gastroenterology", RIVERSIDE,
                 Sector.ACADEMIA, KindOfWork.RESEARCH_INTENSIVE, date(2025, 7, 1),
                 date(2026, 6, 30), True, date(2025, 7, 14)),
    DemoPosition("ben", "Assistant Professor of Medicine", "Gastroenterology",
                 "Lakeshore University School of Medicine", Sector.ACADEMIA,
                 KindOfWork.RESEARCH_INTENSIVE, date(2026, 7, 1), None, False, date(2026, 7, 20)),
    DemoPosition("hana", "Senior Scientist, Clinical Pharmacology", "", "Northbridge Therapeutics",
                 Sector.INDUSTRY, KindOfWork.RESEARCH_RELATED, date(2024, 4, 1), None, True,
                 date(2024, 4, 10), by_program=True),
]  # fmt: skip


@dataclass(frozen=True)
class DemoPaper:
    who: str
    title: str
    venue: str
    authors: str
    accepted: date
    pmid: str
    pmcid: str = ""
    access: str = PublicAccess.COMPLIANT


PAPERS = [
    DemoPaper("aisha", "Stewardship rounds and carbapenem use in four community hospitals",
              "Clin Infect Dis", "Bello A, Al-Sayed F, Singh T", date(2024, 5, 6), "38712044",
              "PMC11098765"),
    DemoPaper("aisha", "Antibiotic time-outs: a stepped-wedge trial", "JAMA Intern Med",
              "Bello A, Singh T, Al-Sayed F", date(2025, 4, 18), "40231187",
              access=PublicAccess.IN_PROCESS),
    DemoPaper("ben", "Faecal immunochemical testing after a negative colonoscopy",
              "Gastroenterology", "Cole B, Jensen K, Whitfield J", date(2024, 11, 2), "39502213",
              "PMC11567340"),
    DemoPaper("tomas", "Distance to a dialysis unit and arteriovenous fistula use",
              "J Am Soc Nephrol", "Herrera T, Raman P, Bell M", date(2025, 9, 9), "40977102",
              "PMC12433108"),
    DemoPaper("kwame", "What emergency physicians weigh when admitting heart failure",
              "Acad Emerg Med", "Mensah K, Reyes D", date(2026, 6, 3), "41550876",
              access=PublicAccess.NON_COMPLIANT),
]  # fmt: skip


@dataclass(frozen=True)
class DemoAward:
    who: str
    title: str
    venue: str
    activity_code: str
    award_number: str
    submitted: date
    awarded: date
    project: tuple[date, date]


AWARDS = [
    # The K-to-R conversion: an R01 as PI a year after the KL2.
    DemoAward("aisha", "Stewardship in community hospitals: a cluster-randomised trial",
              "NIAID", "R01", "R01AI187345", date(2025, 6, 5), date(2026, 4, 1),
              (date(2026, 4, 1), date(2031, 3, 31))),
    DemoAward("ben", "Personalised surveillance after polypectomy", "NIDDK", "K23",
              "K23DK140113", date(2024, 10, 12), date(2025, 8, 1),
              (date(2025, 9, 1), date(2030, 8, 31))),
    DemoAward("tomas", "Closing the gap in fistula placement", "NIDDK", "K23", "K23DK141872",
              date(2025, 10, 16), date(2026, 6, 1), (date(2026, 7, 1), date(2031, 6, 30))),
]  # fmt: skip


def load(demo: _Demo) -> None:
    grant = _grant(demo)
    cohorts = {**FIRST_SCHOLARS, **{key: s[2] for key, s in ROSTER_SCHOLARS.items()}}
    records = {key: _record(demo, grant, key, cohorts[key]) for key in SCHOLARS}
    for position in POSITIONS:
        _position(demo, position)
    for paper in PAPERS:
        _paper(demo, paper)
    for award in AWARDS:
        _award(demo, award)
    for key, record in records.items():
        _faculty_mentors(demo, key, record)
    check_ins(demo)


def _grant(demo: _Demo) -> TrainingGrant:
    """Recorded by the coordinator the spring Riverside starts, with the director as PD/PI."""
    with demo.clock.at(demo.clock.ago(1450)):
        values = {**GRANT, "pd_pis": [demo.people["director"]]}
        form = fill(TrainingGrantForm, values, program=demo.program)
        return form.save()


def _record(demo: _Demo, grant: TrainingGrant, key: str, cohort: int) -> TraineeRecord:
    """The record started and the first appointment made in the July of the cohort, a
    reappointment each July after, each year's source of support, the doctorate held
    before; then the end of support and of training, for those whose ended."""
    clock, scholar = demo.clock, demo.people[key]
    topic, doctorate, year, school = SCHOLARS[key]
    july = date(cohort, 7, 1)
    with clock.at(clock.on(july + timedelta(days=5))):
        values = {"trainee": scholar, "entered_on": july, "research_topic": topic}
        record = fill(NewTraineeRecordForm, values, program=demo.program).save()
        values = {"degree": doctorate, "year": year, "institution": school, "from_training": False}
        fill(DegreeForm, values, record=record).save()
    ended = ENDED.get(key) or WITHDRAWN.get(key)
    appointments = []
    for n in range(1, KL2_YEARS + 1):
        starts = date(cohort + n - 1, 7, 1)
        if starts > clock.today or starts > grant.project_end or (ended and starts > ended):
            break
        ends = date(starts.year + 1, 6, 30)
        with clock.at(clock.on(starts + timedelta(days=5))):
            values = {"trainee": scholar, "level": "scholar", "starts_on": starts, "ends_on": ends}
            values["status"] = AppointmentStatus.APPOINTED
            appointments.append(fill(AppointmentForm, values, grant=grant).save())
            if not (key in NO_SOURCE_YET and ends >= clock.today):
                support = {"training_year": n, "source": SupportSource.THIS_GRANT}
                fill(SupportYearForm, support, record=record).save()
    last = appointments[-1]
    support_ends = min(last.ends_on, ended or last.ends_on)  # it stops the day they leave
    if support_ends < clock.today - timedelta(days=FILED_AFTER):
        _terminate(demo, last, grant, support_ends)
    if key in AFTER_KL2:
        source, number = AFTER_KL2[key]
        following = support_ends + timedelta(days=1)
        if following <= clock.today:
            with clock.at(clock.on(following + timedelta(days=10))):
                values = {"training_year": len(appointments) + 1, "source": source}
                fill(SupportYearForm, {**values, "grant_number": number}, record=record).save()
    if ended:
        _training_ended(demo, key, record, ended)
    if key in EARNED:
        degree, institution = EARNED[key]
        with clock.at(clock.on(ended or clock.today)):
            values = {"degree": degree, "year": (ended or clock.today).year}
            values.update(institution=institution, from_training=True)
            fill(DegreeForm, values, record=record).save()
    return record


def _terminate(demo: _Demo, appointment: Appointment, grant: TrainingGrant, ends: date) -> None:
    """The termination notice, filed on time after the last day of support."""
    filed = ends + timedelta(days=FILED_AFTER)
    with demo.clock.at(demo.clock.on(filed)):
        values = {
            "ends_on": ends,
            "status": AppointmentStatus.TERMINATED,
            "termination_filed_on": filed,
        }
        fill(AppointmentForm, values, instance=appointment, grant=grant).save()


def _training_ended(demo: _Demo, key: str, record: TraineeRecord, ended: date) -> None:
    with demo.clock.at(demo.clock.on(ended + timedelta(days=FILED_AFTER))):
        values: dict[str, Any] = {"ended_on": ended}
        if key in LEFT_FOR:
            values.update(status=TrainingStatus.LEFT_EARLY, leaving_reason=LEFT_FOR[key])
        else:
            values["status"] = TrainingStatus.COMPLETED
        fill(TraineeRecordForm, values, instance=record).save()


def _faculty_mentors(demo: _Demo, key: str, record: TraineeRecord) -> None:
    """Up to two faculty mentors from the scholar's team, chosen by the coordinator when
    the program readied its renewal: the research mentors active then (or, for those who
    left, at the end), primary mentors first; never a peer. Felix has nobody yet."""
    with demo.clock.at(demo.clock.ago(45)):
        record.refresh_from_db()
        choices = [m for m in record.faculty_mentor_choices() if m.role in FACULTY_ROLES]
        if not choices:
            return
        active = any(m.status == MentorshipStatus.ACTIVE for m in choices)
        chosen = sorted(
            (m for m in choices if not active or m.status == MentorshipStatus.ACTIVE),
            key=lambda m: (FACULTY_ROLES.index(Role(m.role)), m.pk),
        )[:2]
        fill(TraineeRecordForm, {"faculty_mentors": chosen}, instance=record).save()


def _position(demo: _Demo, item: DemoPosition) -> None:
    clock, person = demo.clock, demo.people[item.who]
    values: dict[str, Any] = {
        "title": item.title,
        "department": item.department,
        "institution": item.institution,
        "sector": item.sector,
        "kind_of_work": item.kind_of_work,
        "starts_on": item.starts_on,
        "ends_on": item.ends_on,
        "is_first_after_training": item.first,
    }
    ends_later = item.ends_on is not None and item.ends_on >= item.recorded
    with clock.at(clock.on(item.recorded)):
        first = {**values, "ends_on": None} if ends_later else values
        if item.by_program:
            first["confirmed_on"] = item.recorded
            position = fill(PositionForm, first, trainee=person).save()
        else:
            position = fill(OwnPositionForm, first, trainee=person).save()
    # What the scholar came back to say: the end, once it came; that nothing changed.
    again = None if item.confirmed_again is None else clock.day(item.confirmed_again)
    for day in (item.ends_on if ends_later else None, again):
        if day is not None and item.recorded < day <= clock.today:
            with clock.at(clock.on(day)):
                fill(OwnPositionForm, values, instance=position, trainee=person).save()


def _paper(demo: _Demo, item: DemoPaper) -> None:
    """A paper the scholar records once accepted, marked for the program."""
    values = {
        "kind": OutcomeKind.PAPER,
        "title": item.title,
        "venue": item.venue,
        "authors": item.authors,
        "year": item.accepted.year,
        "pmid": item.pmid,
        "pmcid": item.pmcid,
        "public_access": item.access,
        "result": OutcomeResult.SUCCESS,
        "decided_on": item.accepted,
        "visibility": Visibility.PROGRAM,
    }
    _save_outcome(demo, item.who, item.accepted, values)


def _award(demo: _Demo, item: DemoAward) -> None:
    """A grant the scholar records when submitted, then as awarded, marked for the program."""
    values = {
        "kind": OutcomeKind.GRANT,
        "title": item.title,
        "venue": item.venue,
        "submitted_on": item.submitted,
        "result": OutcomeResult.PENDING,
        "activity_code": item.activity_code,
        "agency": "NIH",
        "role": GrantRole.PI,
        "visibility": Visibility.PROGRAM,
    }
    outcome = _save_outcome(demo, item.who, item.submitted, values)
    if outcome is None:
        return
    starts, ends = item.project
    decision = {"result": OutcomeResult.SUCCESS, "decided_on": item.awarded}
    decision.update(award_number=item.award_number, project_start=starts, project_end=ends)
    _save_outcome(demo, item.who, item.awarded, decision, instance=outcome)


def _save_outcome(demo: _Demo, key: str, day: date, values: dict, **kwargs):
    if day > demo.clock.today:
        return None  # the demo does not act in the future
    person: User = demo.people[key]
    with demo.clock.at(demo.clock.on(day, hour=16)):
        form = fill(OutcomeForm, values, mentee=person, **kwargs)
        outcome = outcome_actions.save_outcome(form)
    if outcome is None:
        raise DemoError(f"OutcomeForm refused {values}: {form.errors.get_json_data()}")
    return outcome


# --- alumni check-ins --------------------------------------------------------------------

# The days the background loop asked the alumni, and each answer: (who, day, update). Hana
# answered the first, not the second: hers is overdue.
LOOP_RAN = (date(2025, 7, 1), date(2026, 3, 16), date(2026, 7, 1))
ANSWERS = [
    ("aisha", date(2025, 7, 3), "Assistant professor at Riverside from 1 July; R01 sent in June."),
    ("ben", date(2025, 7, 5), "Instructor at Riverside; the K23 was scored well."),
    ("hana", date(2025, 7, 8), ""),
    ("ben", date(2026, 7, 4), "Moved to Lakeshore as assistant professor on 1 July."),
    ("aisha", date(2026, 7, 6), "The R01 started in April."),
]


def check_ins(demo: _Demo) -> None:
    """The loop's check-in e-mails on the days it ran, and the alumni's answers (each
    confirming a current position they still hold)."""
    from mentorkit.grants import checkins, roster
    from mentorkit.grants.forms import CheckInForm
    from mentorkit.meetings.models import Reminder
    from mentorkit.meetings.reminders import PassResult, send_due

    clock = demo.clock
    moments = sorted([(day, None) for day in LOOP_RAN] + [(a[1], a) for a in ANSWERS])
    for day, answer in moments:
        if day > clock.today:
            break
        with clock.at(clock.on(day, hour=6 if answer is None else 19)) as now:
            if answer is None:
                Reminder.objects.bulk_create(checkins.plan_rows(now))
                send_due(PassResult(), batch=100, run_id="demo", should_stop=lambda: False)
                continue
            who, _day, update = answer
            person = demo.people[who]
            (facts,) = roster.trainees_of(demo.program, with_outcomes=False, only=person.pk)
            values = {"still_current": "yes", "update": update}
            form = fill(CheckInForm, values, current=facts.current_position)
            checkins.answer(TraineeRecord.objects.get(program=demo.program, trainee=person), form)


# --- the progress report's draft ----------------------------------------------------------

DRAFT_ADDS = "She presented the remote-monitoring results at the program's research day."


def progress_draft(demo: _Demo) -> None:
    """A week ago the director began this year's progress report: Amara's paragraph, from
    the one mentorkit built, with a sentence of her own. Her primary mentor has not
    confirmed it yet. (After the committees' chapter: the paragraph names their meetings.)"""
    from mentorkit.grants import drafts, progress

    with demo.clock.at(demo.clock.ago(7, hour=15)):
        section = progress.build(demo.program)
        (paragraph,) = [p for p in section.paragraphs if p.trainee.user == demo.people["mentee"]]
        record = TraineeRecord.objects.get(program=demo.program, trainee=demo.people["mentee"])
        text = f"{paragraph.text()} {DRAFT_ADDS}"
        drafts.save_draft(record, text, demo.people["director"])
