"""The rest of the KL2, so a program's console has a realistic roster to run.

Fifteen more scholars across four cohorts — nineteen in all. The 2023 cohort's Aisha and
Benjamin completed the program last year; Hana withdrew for a post in industry; Leo is on
parental leave; Felix, and four scholars who joined this autumn are still waiting for mentors: they listed their
needs for the program, and the director's matching round for the 2026 cohort of six (Elena,
whose team is in place, for a grant-writing mentor) is a draft awaiting her review; Hugo
works in Simon's implementation-science core, so Simon, recorded as his reporting line, is
never proposed to him. Last
September she matched the 2025 cohort with a second mentor each in a round she published;
they met monthly for six months, and its page shows how the matches stood at 3 and 6
months, as the background loop kept them, and now. Mentors say which roles they take
(methods or clinical), and six listed themselves in the institution's directory. Twenty more
mentors, each with what they can take: Ruth said two and mentors three (she confirmed
each time); James is away until the spring. Most took their mentor training recently, two
are due a refresher and one is overdue (with Marcus, two); Quentin and Rosa have none yet.

The healthy relationships meet monthly and exchange feedback both ways; Ravi's feedback
goes one way only, so the program asks for a check-in. Mei left her first primary mentor
privately through Grace, the neutral contact, who handled it; Mei then invited Ana in his
place. Sam, the coordinator, nudged the mentors whose
training is due three weeks ago; the log shows it went to each once.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from mentorkit.accounts.forms import ProfileForm
from mentorkit.accounts.models import CareerStage, User
from mentorkit.feedback.models import Topic
from mentorkit.meetings import actions as meeting_actions
from mentorkit.meetings.forms import NotesForm, SeriesForm
from mentorkit.meetings.models import MeetingStatus
from mentorkit.programs import actions as program_actions
from mentorkit.programs import nudges
from mentorkit.programs.forms import EnrollmentForm, InviteMenteeForm
from mentorkit.programs.models import Audience, ConfidentialExit
from mentorkit.teams import actions
from mentorkit.teams.forms import InviteMentorForm, ReplaceMentorForm
from mentorkit.teams.models import EndReason, Mentorship, Priority, Role
from mentorkit.training import actions as training_actions
from mentorkit.training.forms import TrainingRecordForm
from mentorkit.visibility import Visibility

from .forms import fill
from .people import DEMO_PASSWORD, RIVERSIDE, email_of

if TYPE_CHECKING:
    from . import _Demo

# key -> (name, discipline, capacity, training: (days ago, kind) or None)
MENTORS = {
    "ruth": ("Dr. Ruth Adler", "Biostatistics", 2, (200, "curriculum")),
    "victor": ("Dr. Victor Kane", "Pulmonology", 3, (300, "local")),
    "ana": ("Dr. Ana Sousa", "Health services research", 3, (150, "curriculum")),
    "james": ("Dr. James Whitfield", "Gastroenterology", 2, (420, "local")),
    "chen": ("Dr. Wei Chen", "Endocrinology", 3, (90, "online")),
    "fatima": ("Dr. Fatima Al-Sayed", "Infectious diseases", 2, (500, "curriculum")),
    "george": ("Dr. George Mbeki", "Nephrology", 2, (670, "local")),
    "ines": ("Dr. Inês Cardoso", "Rheumatology", 2, (60, "curriculum")),
    "karl": ("Dr. Karl Jensen", "Pharmacology", 3, (900, "online")),
    "leila": ("Dr. Leila Haddad", "Psychiatry", 2, (330, "curriculum")),
    "martin": ("Dr. Martin Osei", "Surgery", 2, (250, "local")),
    "nora": ("Dr. Nora Feld", "Neurology", 3, (120, "curriculum")),
    "oscar": ("Dr. Oscar Lind", "Health economics", 4, (690, "local")),
    "paula": ("Dr. Paula Reyes", "Pediatrics", 2, (45, "online")),
    "quentin": ("Dr. Quentin Moss", "Radiology", 2, None),
    "rosa": ("Dr. Rosa Delgado", "Obstetrics", 1, None),
    "simon": ("Dr. Simon Tan", "Implementation science", 3, (380, "curriculum")),
    "tara": ("Dr. Tara Singh", "Epidemiology", 3, (210, "curriculum")),
    "uma": ("Dr. Uma Patel", "Geriatrics", 2, (160, "local")),
    "walter": ("Dr. Walter Grün", "Hematology", 2, (300, "online")),
}
AWAY = {"james": 120}  # days from today
COURSE = {
    "curriculum": ("Entering Mentoring (CIMER)", 8),
    "local": ("Research mentor training, School of Medicine", 6),
    "online": ("Mentoring in clinical research (online module)", 2),
}

# key -> (name, discipline, cohort, track, [(mentor, role)])
SCHOLARS = {
    "aisha": ("Dr. Aisha Bello", "Infectious diseases", 2023, "scholar", [("fatima", Role.PRIMARY), ("tara", Role.METHODS)]),
    "ben": ("Dr. Benjamin Cole", "Gastroenterology", 2023, "scholar", [("james", Role.PRIMARY), ("karl", Role.METHODS)]),
    "hana": ("Dr. Hana Sato", "Pharmacology", 2023, "post_doctoral", [("karl", Role.PRIMARY)]),
    "leo": ("Dr. Leo Marchetti", "Surgery", 2024, "faculty", [("martin", Role.PRIMARY), ("ruth", Role.METHODS), ("james", Role.CLINICAL)]),
    "mei": ("Dr. Mei Lin", "Pulmonology", 2024, "scholar", [("victor", Role.PRIMARY), ("ruth", Role.METHODS)]),
    "omar": ("Dr. Omar Farouk", "Psychiatry", 2024, "faculty", [("leila", Role.PRIMARY), ("simon", Role.METHODS), ("paula", Role.CAREER)]),
    "nadia": ("Dr. Nadia Petrova", "Neurology", 2025, "scholar", [("nora", Role.PRIMARY), ("ruth", Role.METHODS), ("walter", Role.CLINICAL)]),
    "jonas": ("Dr. Jonas Weber", "Endocrinology", 2025, "post_doctoral", [("chen", Role.PRIMARY), ("oscar", Role.CAREER), ("tara", Role.METHODS)]),
    "ravi": ("Dr. Ravi Iyer", "Geriatrics", 2025, "scholar", [("uma", Role.PRIMARY), ("george", Role.CLINICAL), ("fatima", Role.RESEARCH)]),
    "elena": ("Dr. Elena Popescu", "Rheumatology", 2026, "scholar", [("ines", Role.PRIMARY), ("quentin", Role.METHODS), ("rosa", Role.PEER), ("karl", Role.RESEARCH)]),
    "felix": ("Dr. Felix Braun", "Obstetrics", 2026, "scholar", []),
    "gia": ("Dr. Gia Romano", "Cardiology", 2026, "scholar", []),
    "hugo": ("Dr. Hugo Laurent", "Pulmonology", 2026, "post_doctoral", []),
    "ivy": ("Dr. Ivy Chen", "Pediatrics", 2026, "scholar", []),
    "jae": ("Dr. Jae Park", "Nephrology", 2026, "faculty", []),
}  # fmt: skip
# The newest scholars' needs, marked for the program so its matching round may read them.
NEEDS = {
    "felix": [("Epidemiology", Priority.HIGH), ("Grant writing", Priority.MEDIUM)],
    "gia": [("Biostatistics", Priority.HIGH)],
    "hugo": [("Implementation science", Priority.HIGH), ("Health economics", Priority.LOW)],
    "ivy": [("Qualitative methods", Priority.HIGH)],
    "jae": [("Health economics", Priority.HIGH), ("Biostatistics", Priority.MEDIUM)],
    "elena": [("Grant writing", Priority.HIGH)],  # her team covers the rest
}
# The roles each mentor takes (their profile): methodologists and clinicians.
METHODS = {"Biostatistics", "Epidemiology", "Health economics", "Implementation science",
           "Health services research", "Pharmacology"}  # fmt: skip
LISTED = {"ruth", "tara", "oscar", "simon", "ana", "nora"}  # in the institution's directory
# How some mentors like to work, in their words (the directory shows it).
STYLES = {
    "ruth": "Every other week, 30 minutes, with your analysis plan or code shared the day before.",
    "tara": "Monthly, and by e-mail in between; I comment on drafts within a week.",
    "oscar": "A standing monthly call; bring one decision you are stuck on.",
    "ana": "Monthly in person; I ask for a one-page update before each meeting.",
}
SUPERVISORS = {"hugo": ["simon"]}  # Hugo works in Simon's core: never proposed to him
LATE = {"gia": 40, "hugo": 38, "ivy": 35, "jae": 30}  # enrolled this autumn, days ago
ENDED = {"aisha": date(2025, 6, 30), "ben": date(2025, 6, 30)}  # completed the program
WITHDRAWN = {"hana": date(2024, 3, 15)}
ON_LEAVE = {"leo": 60}  # days ago
MEETS = ("leo", "mei", "omar", "nadia", "jonas", "ravi", "elena")  # monthly series
ONE_WAY = {"ravi"}  # feedback only from the mentors


def load(demo: _Demo) -> None:
    _people(demo)
    for key in SCHOLARS:
        _enrol(demo, key)
    _endings(demo)
    _exit_and_rematch(demo)
    _last_years_round(demo)
    for key in MEETS:
        _meet(demo, key)
    _needs_and_round(demo)


def _profile(demo: _Demo, key: str, name: str, discipline: str, stage: str, **extra) -> User:
    with demo.clock.at(demo.clock.ago(1400)):
        user = User.objects.create_user(email_of(key), DEMO_PASSWORD)
        values = {
            "name": name,
            "institution": RIVERSIDE,
            "time_zone": "America/New_York",
            "career_stage": stage,
            "department": discipline,
            "discipline": discipline,
            **extra,
        }
        demo.people[key] = fill(ProfileForm, values, instance=user).save()
    return demo.people[key]


def _people(demo: _Demo) -> None:
    for key, (name, discipline, capacity, _training) in MENTORS.items():
        _profile(
            demo,
            key,
            name,
            discipline,
            CareerStage.SENIOR_FACULTY,
            expertise=discipline.lower(),
            mentee_capacity=capacity,
            accepting_mentees=True,
            mentor_roles=["research", "methods"]
            if discipline in METHODS
            else ["research", "clinical", "career"],
            in_institution_directory=key in LISTED,
            mentoring_style=STYLES.get(key, ""),
        )
    for key, (name, discipline, *_rest) in SCHOLARS.items():
        _profile(demo, key, name, discipline, CareerStage.FELLOW)


def _enrol(demo: _Demo, key: str) -> None:
    clock, program = demo.clock, demo.program
    director, scholar = demo.people["director"], demo.people[key]
    _name, _discipline, cohort, track, mentors = SCHOLARS[key]
    july = clock.day(LATE[key] - 15) if key in LATE else date(cohort, 7, 1)
    with clock.at(clock.on(july - timedelta(days=20))):
        values = {"invited_name": scholar.name, "invited_email": scholar.email}
        form = fill(InviteMenteeForm, {**values, "cohort_year": cohort})
        invitation, _url = program_actions.invite_mentee(program, director, **form.cleaned_data)
    with clock.at(clock.on(july - timedelta(days=15))):
        enrollment = program_actions.accept_program_invitation(invitation, scholar)
        assert enrollment is not None  # invited as a mentee
        enrollment.track = track
        enrollment.save(update_fields=["track"])
    for i, (mentor, role) in enumerate(mentors):
        person = demo.people[mentor]
        with clock.at(clock.on(july + timedelta(days=3 + i))):
            values = {"invited_name": person.name, "invited_email": person.email, "role": role}
            mentorship, _url = actions.invite_mentor(
                scholar, **fill(InviteMentorForm, values).cleaned_data
            )
        with clock.at(clock.on(july + timedelta(days=10 + i))):
            actions.accept_mentorship(mentorship, person)  # beyond capacity: confirmed


def _series(demo: _Demo, key: str):
    scholar = demo.people[key]
    team = list(Mentorship.objects.active().filter(mentee=scholar))
    values = {
        "title": "Monthly mentoring team",
        "frequency": "monthly",
        "month_ordinal": 2,
        "month_weekday": "WE",
        "start_time": time(16, 0),
        "time_zone": "America/New_York",
        "duration_minutes": 60,
        "mentorships": team,
        "starts_on": demo.clock.day(95),
    }
    with demo.clock.at(demo.clock.ago(100)):
        form = fill(SeriesForm, values, mentee=scholar, user=scholar)
        return meeting_actions.create_series(form, scholar, scholar), team


def _meet(demo: _Demo, key: str) -> None:
    """A monthly series for the last three months: held and written up, except where the
    scholar went on leave; feedback both ways on each mentorship (Ravi's: one way)."""
    clock, scholar = demo.clock, demo.people[key]
    series, team = _series(demo, key)
    stop = clock.ago(ON_LEAVE.get(key, 0))
    for start in series.occurrences(series.first_start, stop):
        with clock.at(start + timedelta(hours=4)):
            series.materialize()
            meeting = series.meetings.get(original_start=start)
            values = {
                "status": MeetingStatus.HELD,
                "summary": "Progress on the aims, the next month's plan",
                "notes": "- Each of us said what helped this month and what did not.",
                "attendees": [scholar, *(m.mentor for m in team)],
            }
            form = fill(NotesForm, values, instance=meeting)
            meeting_actions.save_notes(form, form.cleaned_data["version"])
    from mentorkit.feedback import actions as feedback_actions

    for mentorship in team:
        givers = [mentorship.mentor] if key in ONE_WAY else [mentorship.mentor, scholar]
        for giver in givers:
            with clock.at(clock.ago(40, hour=15)):
                text = "What worked this quarter, and one thing to try next."
                feedback_actions.give_feedback(mentorship, giver, text=text, topic=Topic.OTHER)
    with clock.at(clock.now):
        series.materialize()


def _endings(demo: _Demo) -> None:
    clock = demo.clock
    for key, ended in {**ENDED, **WITHDRAWN}.items():
        scholar = demo.people[key]
        reason = EndReason.COMPLETED if key in ENDED else EndReason.MOVED
        with clock.at(clock.on(ended)):
            for mentorship in Mentorship.objects.active().filter(mentee=scholar):
                actions.end_mentorship(mentorship, scholar, reason)
            enrollment = demo.program.enrollments.get(mentee=scholar)
            status = "completed" if key in ENDED else "withdrawn"
            values = {"status": status, "track": enrollment.track, "ended_on": ended}
            fill(EnrollmentForm, values, instance=enrollment).save()
    for key, days in ON_LEAVE.items():
        with clock.at(clock.ago(days)):
            enrollment = demo.program.enrollments.get(mentee=demo.people[key])
            values = {"status": "on_leave", "track": enrollment.track, "ended_on": None}
            fill(EnrollmentForm, values, instance=enrollment).save()
    with clock.at(clock.ago(3)):
        james = demo.people["james"]
        values = {**_profile_values(james), "away_until": clock.day(-AWAY["james"])}
        fill(ProfileForm, values, instance=james).save()


def _last_years_round(demo: _Demo) -> None:
    """Last September the director matched the 2025 cohort with a second mentor each, in a
    round she published; the mentors accepted within the week."""
    from mentorkit.matching import rounds
    from mentorkit.teams.models import MentorshipStatus

    clock, program = demo.clock, demo.program
    with clock.at(clock.on(date(2025, 9, 8), hour=10)):
        round_ = rounds.start(
            program,
            demo.people["director"],
            name="Second mentors for the 2025 cohort",
            mentees=rounds.mentees_for(program, "cohort", 2025).filter(
                pk__in=[demo.people[k].pk for k in ("nadia", "jonas", "ravi")]
            ),
            objective="max_matches",
            spread=0.05,
        )
    # She kept the tour's mentors, whose mentees evaluated them that spring, out of it.
    with clock.at(clock.on(date(2025, 9, 9), hour=10)):
        tour = {demo.people[k].pk for k in ("daniel", "priya", "marcus", "lena")}
        for c in list(round_.inputs["candidates"]):
            if c["mentor"] in tour:
                rounds.forbid(round_, c["mentee"], c["mentor"])  # as "Remove" on the page
    with clock.at(clock.on(date(2025, 9, 10), hour=9)):
        rounds.publish(round_, demo.people["director"])
    round_.refresh_from_db()
    for i, (_mentee, mentor_id, pk) in enumerate(round_.published):
        invited = Mentorship.objects.get(pk=pk, status=MentorshipStatus.INVITED)
        mentor = User.objects.get(pk=mentor_id)
        with clock.at(clock.on(date(2025, 9, 12 + i), hour=11)):
            actions.accept_mentorship(invited, mentor)
        _second_mentor_meetings(demo, invited, i)
    # The background loop kept how the matches stood 3 and 6 months on.
    from mentorkit.matching import followup

    for when in (date(2025, 12, 11), date(2026, 3, 11)):
        with clock.at(clock.on(when, hour=6)) as now:
            followup.take_due(now)


def _second_mentor_meetings(demo: _Demo, mentorship: Mentorship, i: int) -> None:
    """Six monthly meetings of the scholar and the second mentor, all held."""
    clock, scholar = demo.clock, mentorship.mentee
    values = {
        "title": "With my second mentor",
        "frequency": "monthly",
        "month_ordinal": 3,
        "month_weekday": "TH",
        "start_time": time(15, 0),
        "time_zone": "America/New_York",
        "duration_minutes": 45,
        "mentorships": [mentorship],
        "starts_on": date(2025, 9, 15),
        "ends": "count",
        "count": 6,
    }
    with clock.at(clock.on(date(2025, 9, 15 + i), hour=12)):
        form = fill(SeriesForm, values, mentee=scholar, user=scholar)
        series = meeting_actions.create_series(form, scholar, scholar)
    with clock.at(clock.on(date(2026, 3, 1))):
        series.materialize()
    series.meetings.update(
        status=MeetingStatus.HELD, summary="How the aims are going, and one thing to try next"
    )


def _needs_and_round(demo: _Demo) -> None:
    """The newest scholars list their needs for the program; the director proposes their
    mentors in a round, a draft awaiting her review."""
    from mentorkit.matching import rounds
    from mentorkit.teams.forms import NeedForm

    clock = demo.clock
    for key, needs in NEEDS.items():
        person = demo.people[key]
        with clock.at(clock.ago(LATE.get(key, 100) - 5)):
            for name, priority in needs:
                values = {"name": name, "priority": priority, "visibility": Visibility.PROGRAM}
                actions.add_need(fill(NeedForm, values, mentee=person), person)
    program = demo.program
    from mentorkit.matching import actions as matching_actions

    # Gia found a statistician in the directory, and Jae two health economists.
    for key, choices in {"gia": ["priya"], "jae": ["oscar", "ana"]}.items():
        with clock.at(clock.ago(LATE[key] - 8)):
            for rank, mentor in enumerate(choices, start=1):
                matching_actions.prefer(program, demo.people[key], demo.people[mentor], rank)
    for key, supervisors in SUPERVISORS.items():
        enrollment = program.enrollments.get(mentee=demo.people[key])
        values = {
            "status": enrollment.status,
            "track": enrollment.track,
            "ended_on": None,
            "reporting_line": [demo.people[k] for k in supervisors],
        }
        with clock.at(clock.ago(10)):
            fill(EnrollmentForm, values, instance=enrollment).save()
    with clock.at(clock.ago(2, hour=14)):
        rounds.start(
            program,
            demo.people["director"],
            name="The 2026 cohort",
            mentees=rounds.mentees_for(program, "cohort", 2026),
            objective="max_score",
            spread=0.0,
        )


def _profile_values(user: User) -> dict:
    return {field: getattr(user, field) for field in ProfileForm.Meta.fields}


def _exit_and_rematch(demo: _Demo) -> None:
    """Mei leaves Victor privately through Grace, who handles it; Mei invites Ana in his
    place; Ana accepts."""
    clock, mei = demo.clock, demo.people["mei"]
    first = Mentorship.objects.get(mentee=mei, mentor=demo.people["victor"])
    with clock.at(clock.ago(120)):
        program_actions.no_fault_exit(
            first,
            mei,
            demo.program,
            "We do not work well together and I would rather not say so to him. Could the "
            "program help me find another primary mentor in pulmonary research?",
        )
    with clock.at(clock.ago(116, hour=15)):
        exit_ = ConfidentialExit.objects.for_neutral_contact(demo.people["grace"]).get(mentee=mei)
        exit_.handled_at = clock.ago(116, hour=15)
        exit_.save(update_fields=["handled_at"])
    ana = demo.people["ana"]
    first.refresh_from_db()
    with clock.at(clock.ago(112)):
        values = {"invited_name": ana.name, "invited_email": ana.email, "role": Role.PRIMARY}
        form = fill(ReplaceMentorForm, values, earlier=first, has_agreement=False, open_actions=0)
        mentorship, _url = actions.invite_mentor(mei, replaces=first, **form.cleaned_data)
    with clock.at(clock.ago(108)):
        actions.accept_mentorship(mentorship, ana)


def training(demo: _Demo) -> None:
    """The new mentors' courses, and the coordinator's nudge to those due a refresher."""
    clock = demo.clock
    for key, (_name, _discipline, _capacity, taken) in MENTORS.items():
        if taken is None:
            continue
        days, kind = taken
        course, hours = COURSE[kind]
        with clock.at(clock.ago(days)):
            values = {"course": course, "kind": kind, "hours": hours}
            form = fill(TrainingRecordForm, {**values, "completed_on": clock.day(days)})
            record = training_actions.record_course(form, demo.people[key])
        if kind == "curriculum":
            with clock.at(clock.ago(days - 10)):
                training_actions.verify(record, demo.people["director"])
    from mentorkit.meetings.reminders import PassResult, send_due

    with clock.at(clock.ago(21, hour=11)):
        nudges.send(
            demo.program,
            demo.people["coordinator"],
            audience=Audience.TRAINING,
            subject="{program}: time to refresh your mentor training",
            body=(
                "Dear {name},\n\nThe program asks every mentor to refresh their training every "
                "two years, and yours is due. The spring Entering Mentoring sessions are open; "
                "record the course on your page when done: {link}\n\nSam Ortiz, program "
                "coordinator"
            ),
        )
    with clock.at(clock.ago(21, hour=11) + timedelta(minutes=2)):
        send_due(PassResult(), batch=100, run_id="demo", should_stop=lambda: False)
