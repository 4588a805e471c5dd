"""The world of the training-grant tests, as of 1 March 2025 (`TODAY`).

A K12 scholars program ("Heart Scholars") holds a T32, 5T32HL150001-06. Its director is
Dr. Rosa Director, its administrator Carl Coordinator. Three trainees have records:

- Ana Ortiz, pre-doctoral, entered 09/2020, appointed twice, completed 05/2024 with a PhD;
  faculty mentors Grace Liu (active) and Sam Reyes (ended); support TY1–TY4; a first
  position after training, confirmed; two papers marked for the program (one without a
  PMCID), one private; an F32 marked for the program.
- Ben Carter, post-doctoral, entered 07/2023, appointed twice, in training; an MD held
  before; Grace Liu as faculty mentor; no paper.
- Chen Wei, pre-doctoral, entered 09/2021, left early in 03/2023 (termination filed late);
  no faculty mentor chosen; a position in industry confirmed two years ago.

Dee Evans is appointed with no record. Another program ("Other T32") has its own director
and trainee (Olga Other). Grace Liu mentors Ana and Ben; nobody else sees their records.
"""

from __future__ import annotations

from datetime import date

from mentorkit.grants.models import (
    Appointment,
    Degree,
    Position,
    SupportYear,
    TraineeRecord,
    TrainingGrant,
)
from mentorkit.outcomes.models import Outcome
from mentorkit.programs.models import Enrollment, Program
from mentorkit.teams.models import MentorshipStatus, Role
from tests.conftest import make_mentorship, make_user

TODAY = date(2025, 3, 1)


def enroll(program, user, cohort: int):
    Enrollment.objects.create(program=program, mentee=user, cohort_year=cohort)
    return user


def build() -> dict:
    program = Program.objects.create(name="Heart Scholars", kind="k12")
    director = make_user("rosa@example.org", name="Rosa Director")
    coordinator = make_user("carl@example.org", name="Carl Coordinator")
    program.directors.add(director)
    program.administrators.add(coordinator)
    liu = make_user("liu@example.org", name="Grace Liu")
    reyes = make_user("reyes@example.org", name="Sam Reyes")
    ana = enroll(program, make_user("ana@example.org", name="Ana Ortiz"), 2020)
    ben = enroll(program, make_user("ben@example.org", name="Ben Carter"), 2023)
    chen = enroll(program, make_user("chen@example.org", name="Chen Wei"), 2021)
    dee = enroll(program, make_user("dee@example.org", name="Dee Evans"), 2024)
    ana_liu = make_mentorship(ana, liu, role=Role.PRIMARY, started_on=date(2020, 10, 1))
    ana_reyes = make_mentorship(
        ana, reyes, role=Role.CO_PRIMARY, status=MentorshipStatus.ENDED, ended_on=date(2023, 1, 1)
    )
    ben_liu = make_mentorship(ben, liu, role=Role.PRIMARY, started_on=date(2023, 7, 1))

    grant = TrainingGrant.objects.create(
        program=program,
        activity_code="T32",
        award_number="5T32HL150001-06",
        title="Training in cardiovascular research",
        project_start=date(2019, 7, 1),
        project_end=date(2029, 6, 30),
        slots_predoc=4,
        slots_postdoc=2,
    )
    grant.pd_pis.add(director)
    appoint = Appointment.objects.create
    appoint(
        grant=grant,
        trainee=ana,
        level="predoc",
        starts_on=date(2021, 7, 1),
        ends_on=date(2022, 6, 30),
        status="appointed",
    )
    appoint(
        grant=grant,
        trainee=ana,
        level="predoc",
        starts_on=date(2022, 7, 1),
        ends_on=date(2023, 6, 30),
        status="terminated",
        termination_filed_on=date(2023, 7, 10),
    )
    appoint(
        grant=grant,
        trainee=ben,
        level="postdoc",
        starts_on=date(2023, 7, 1),
        ends_on=date(2024, 6, 30),
        status="appointed",
    )
    appoint(
        grant=grant,
        trainee=ben,
        level="postdoc",
        starts_on=date(2024, 7, 1),
        ends_on=date(2025, 6, 30),
        status="appointed",
    )
    appoint(
        grant=grant,
        trainee=chen,
        level="predoc",
        starts_on=date(2022, 7, 1),
        ends_on=date(2023, 3, 31),
        status="terminated",
        termination_filed_on=date(2023, 6, 15),
    )
    appoint(grant=grant, trainee=dee, level="predoc", starts_on=date(2024, 7, 1),
            ends_on=date(2025, 6, 30), status="appointed")  # fmt: skip

    ana_record = TraineeRecord.objects.create(
        program=program,
        trainee=ana,
        entered_on=date(2020, 9, 1),
        research_topic="Sleep and blood pressure in adolescents",
        status="completed",
        ended_on=date(2024, 5, 31),
    )
    ana_record.faculty_mentors.add(ana_liu, ana_reyes)
    for year, source, number in [
        (1, "institutional", ""),
        (2, "this_grant", ""),
        (3, "this_grant", ""),
        (4, "fellowship", "F31HL160001"),
    ]:
        SupportYear.objects.create(
            record=ana_record, training_year=year, source=source, grant_number=number
        )
    Degree.objects.create(record=ana_record, degree="PhD", year=2024, institution="Example U")
    Position.objects.create(
        trainee=ana,
        title="Postdoctoral Fellow",
        department="Cardiology",
        institution="Stanford University",
        sector="academia",
        kind_of_work="further_training",
        starts_on=date(2024, 7, 1),
        is_first_after_training=True,
        source="trainee",
        confirmed_on=date(2025, 1, 15),
    )
    paper = Outcome.objects.create
    paper(
        mentee=ana,
        kind="paper",
        title="Sleep duration and blood pressure",
        venue="Hypertension",
        year=2022,
        result="success",
        decided_on=date(2022, 5, 1),
        authors="Ortiz A, Liu G",
        pmid="35000001",
        pmcid="PMC9000001",
        visibility="program",
    )
    paper(
        mentee=ana,
        kind="paper",
        title="Night-time blood pressure in teenagers",
        venue="J Pediatr",
        year=2023,
        result="success",
        decided_on=date(2023, 8, 1),
        authors="Ortiz A, Reyes S, Liu G",
        pmid="36000002",
        visibility="program",
    )
    paper(
        mentee=ana,
        kind="paper",
        title="PRIVATE-PAPER: a draft",
        year=2024,
        result="success",
        decided_on=date(2024, 2, 1),
        visibility="private",
    )
    paper(mentee=ana, kind="grant", title="Sleep and vascular health", venue="NHLBI",
          result="success", decided_on=date(2024, 6, 15), activity_code="F32",
          award_number="F32HL170001", agency="NIH", role="pi", visibility="program")  # fmt: skip

    ben_record = TraineeRecord.objects.create(
        program=program,
        trainee=ben,
        entered_on=date(2023, 7, 1),
        research_topic="Machine learning for heart failure readmissions",
    )
    ben_record.faculty_mentors.add(ben_liu)
    SupportYear.objects.create(record=ben_record, training_year=1, source="this_grant")
    SupportYear.objects.create(record=ben_record, training_year=2, source="this_grant")
    Degree.objects.create(record=ben_record, degree="MD", year=2018, from_training=False)

    chen_record = TraineeRecord.objects.create(
        program=program,
        trainee=chen,
        entered_on=date(2021, 9, 1),
        research_topic="Genetics of cardiomyopathy",
        status="left_early",
        ended_on=date(2023, 3, 31),
        leaving_reason="Moved to industry",
    )
    SupportYear.objects.create(record=chen_record, training_year=1, source="research_grant")
    SupportYear.objects.create(record=chen_record, training_year=2, source="this_grant")
    Position.objects.create(
        trainee=chen,
        title="Scientist",
        department="",
        institution="Genentech",
        sector="industry",
        kind_of_work="research_related",
        starts_on=date(2023, 5, 1),
        source="director",
        confirmed_on=date(2023, 6, 1),
    )

    other = Program.objects.create(name="Other T32", kind="t32")
    other_director = make_user("otto@example.org", name="Otto Director")
    other.directors.add(other_director)
    olga = enroll(other, make_user("olga@example.org", name="Olga Other"), 2024)
    other_grant = TrainingGrant.objects.create(
        program=other,
        activity_code="T32",
        award_number="T32GM000002",
        project_start=date(2020, 7, 1),
        project_end=date(2030, 6, 30),
    )
    TraineeRecord.objects.create(program=other, trainee=olga, entered_on=date(2024, 9, 1))
    Position.objects.create(
        trainee=olga,
        title="OLGA-POSITION",
        institution="Elsewhere",
        sector="academia",
        kind_of_work="other",
        starts_on=date(2020, 1, 1),
        source="trainee",
    )
    return {
        "program": program,
        "other": other,
        "grant": grant,
        "other_grant": other_grant,
        "director": director,
        "coordinator": coordinator,
        "other_director": other_director,
        "liu": liu,
        "ana": ana,
        "ben": ben,
        "chen": chen,
        "dee": dee,
        "olga": olga,
        "ana_record": ana_record,
        "ben_record": ben_record,
        "chen_record": chen_record,
    }
