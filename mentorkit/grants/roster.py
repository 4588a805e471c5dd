"""A program's trainees with everything the grants page, the reports page, the NIH tables and
the API read about them — appointments, NRSA months, support years, degrees, positions and
(for directors) what they marked for the program — in the same few queries however many
trainees there are. The one home of each derived fact: months of support, the NRSA warning,
a late termination, the initial and current position, what a report still lacks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from mentorkit.outcomes.models import Outcome, OutcomeKind, OutcomeResult, PublicAccess
from mentorkit.teams.models import Mentorship
from mentorkit.visibility import Visibility

from .choices import AppointmentStatus, Level, TrainingStatus
from .drafts import team_order
from .models import TERMINATION_DAYS, Appointment, Position, TraineeRecord
from .numbers import last_first

# Kirschstein-NRSA aggregate limits (NIH Grants Policy Statement 11.3): 5 years of
# pre-doctoral and 3 years of post-doctoral support; the page warns 6 months before.
NRSA_LIMITS = {Level.PREDOC: 60, Level.POSTDOC: 36}
NRSA_WARNING_MONTHS = 6
CONFIRMATION_DAYS = 365  # a position confirmed longer ago than this is due a new look


@dataclass(frozen=True)
class NrsaUse:
    """One level of a trainee's NRSA support, summed across all their NRSA appointments."""

    level: str
    to_date: float
    planned: float  # through the end of every appointment, planned ones included
    limit: int

    @property
    def state(self) -> str:
        if self.planned > self.limit:
            return "past"
        if self.planned >= self.limit - NRSA_WARNING_MONTHS:
            return "near"
        return ""

    @property
    def sentence(self) -> str:
        label = Level(self.level).label.lower()
        words = f"{label} NRSA support: {self.to_date:g} of {self.limit} months to date"
        if self.planned != self.to_date:
            words += f", {self.planned:g} with those planned"
        if self.state == "past":
            return f"{words} — past the aggregate limit (a waiver is needed)."
        if self.state == "near":
            return f"{words} — near the aggregate limit."
        return f"{words}."


@dataclass
class Trainee:
    """One trainee of the program: their record (None if only appointed) and what hangs on it."""

    user: object
    record: TraineeRecord | None
    appointments: list[Appointment] = field(default_factory=list)  # in this program
    nrsa: list[NrsaUse] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    papers: list[Outcome] = field(default_factory=list)  # marked for the program
    grants: list[Outcome] = field(default_factory=list)  # awarded, marked for the program
    overdue_terminations: list[Appointment] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.user.display_name  # type: ignore[attr-defined]

    @property
    def level(self) -> str:
        """The table they belong on: pre-doctoral if ever appointed so (NIH: report those
        appointed at both levels on the pre-doctoral table), else post-doctoral (scholars
        too), else short-term."""
        levels = {a.level for a in self.appointments}
        if Level.PREDOC in levels:
            return Level.PREDOC
        if levels & {Level.POSTDOC, Level.SCHOLAR}:
            return Level.POSTDOC
        return Level.SHORT_TERM if levels else ""

    @property
    def in_training(self) -> bool:
        return self.record is None or self.record.status == TrainingStatus.IN_TRAINING

    @property
    def mentors(self) -> list[Mentorship]:
        """The faculty mentors, primary mentors first (then by when the team formed)."""
        return sorted(self.record.faculty_mentors.all(), key=team_order) if self.record else []

    @property
    def support_years(self) -> list:
        return list(self.record.support_years.all()) if self.record else []

    @property
    def degrees(self) -> list:
        return list(self.record.degrees.all()) if self.record else []

    @property
    def nrsa_warnings(self) -> list[NrsaUse]:
        return [use for use in self.nrsa if use.state]

    @property
    def late_terminations(self) -> list[Appointment]:
        return [a for a in self.appointments if a.termination_late]

    @property
    def current_position(self) -> Position | None:
        current = [p for p in self.positions if p.is_current]
        return max(current, key=lambda p: (p.starts_on, p.pk)) if current else None

    @property
    def initial_position(self) -> Position | None:
        """The position marked first after training, else the first that began after it."""
        first = next((p for p in self.positions if p.is_first_after_training), None)
        if first is not None or self.record is None or self.record.ended_on is None:
            return first
        ended = self.record.ended_on
        after = [p for p in self.positions if p.starts_on >= ended]
        return min(after, key=lambda p: (p.starts_on, p.pk)) if after else None

    def missing_years(self, today: date) -> list[int]:
        """Training years begun with no source of support recorded."""
        if self.record is None:
            return []
        recorded = {s.training_year for s in self.support_years}
        return [n for n in range(1, self.record.training_years(today) + 1) if n not in recorded]

    def table5_papers(self) -> list[Outcome]:
        """The papers Table 5 lists: published from the year of entry on."""
        if self.record is None:
            return []
        entry = self.record.entered_on.year
        return [p for p in self.papers if published_in(p) >= entry]

    def subsequent_grants(self) -> list[Outcome]:
        """Grants awarded from entry into the program on (Table 8's subsequent grants)."""
        if self.record is None:
            return []
        entered = self.record.entered_on
        return [g for g in self.grants if g.decided_on and g.decided_on >= entered]

    def papers_without_pmcid(self) -> list[Outcome]:
        return [
            p
            for p in self.table5_papers()
            if not p.pmcid and p.public_access != PublicAccess.EXEMPT
        ]

    def appointed_since(self, day: date) -> bool:
        return any(a.ends_on >= day for a in self.appointments)


def published_in(outcome: Outcome) -> int:
    """The year of a paper: as recorded, else the year it was decided (accepted)."""
    return outcome.year or (outcome.decided_on.year if outcome.decided_on else 0)


def trainees_of(
    program, *, with_outcomes: bool, today: date | None = None, only=None
) -> list[Trainee]:
    """The program's trainees — those with a record and those appointed to its grants — by
    entry date, then name (`only`: the one with this user id). `with_outcomes`: also the
    papers and grants they marked for the program (what its directors read; never for its
    administrators alone)."""
    today = today or timezone.localdate()
    mine = Q() if only is None else Q(trainee_id=only)
    records = list(
        TraineeRecord.objects.filter(mine, program=program)
        .select_related("trainee")
        .prefetch_related(
            Prefetch(
                "faculty_mentors",
                queryset=Mentorship.objects.select_related("mentor").order_by("pk"),
            ),
            "support_years",
            "degrees",
        )
    )
    appointed = Appointment.objects.filter(mine, grant__program=program).values("trainee_id")
    recorded = TraineeRecord.objects.filter(mine, program=program).values("trainee_id")
    every = list(
        Appointment.objects.filter(Q(trainee_id__in=appointed) | Q(trainee_id__in=recorded))
        .select_related("grant", "trainee")
        .order_by("starts_on", "pk")
    )
    people = {r.trainee_id: Trainee(user=r.trainee, record=r) for r in records}
    by_trainee: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in every:
        by_trainee[appointment.trainee_id].append(appointment)
        if appointment.grant.program_id == program.pk:
            trainee = people.setdefault(
                appointment.trainee_id, Trainee(user=appointment.trainee, record=None)
            )
            trainee.appointments.append(appointment)
    ids = list(people)
    for position in Position.objects.filter(trainee_id__in=ids).order_by("starts_on", "pk"):
        people[position.trainee_id].positions.append(position)
    if with_outcomes:
        _add_outcomes(people, program)
    for trainee_id, trainee in people.items():
        trainee.nrsa = nrsa_use(by_trainee[trainee_id], today)
        trainee.overdue_terminations = overdue_terminations(trainee.appointments, today)
    return sorted(
        people.values(),
        key=lambda t: (
            t.record is None,
            t.record.entered_on if t.record else date.max,
            last_first(t.name).casefold(),  # then by name as the tables write it, Last, First
        ),
    )


def _add_outcomes(people: dict[int, Trainee], program) -> None:
    """Papers and awarded grants the trainees marked for the program: what a director of the
    program reads of them (visibility `program`, mentees enrolled in it)."""
    outcomes = Outcome.objects.filter(
        mentee_id__in=list(people),
        mentee__enrollments__program=program,
        visibility=Visibility.PROGRAM,
        kind__in=(OutcomeKind.PAPER, OutcomeKind.GRANT),
        result=OutcomeResult.SUCCESS,
    ).order_by("year", "decided_on", "pk")
    for outcome in outcomes:
        trainee = people[outcome.mentee_id]
        (trainee.papers if outcome.kind == OutcomeKind.PAPER else trainee.grants).append(outcome)


def nrsa_use(appointments: list[Appointment], today: date) -> list[NrsaUse]:
    """A trainee's NRSA support at each level, across all their appointments to NRSA grants
    (in any program: the limits are the trainee's, not the program's)."""
    uses = []
    for level, limit in NRSA_LIMITS.items():
        mine = [a for a in appointments if a.level == level and a.grant.is_nrsa]
        if mine:
            to_date = round(sum(a.months_to(today) for a in mine), 1)
            planned = round(sum(a.months for a in mine), 1)
            uses.append(NrsaUse(level, to_date, planned, limit))
    return uses


def overdue_terminations(appointments: list[Appointment], today: date) -> list[Appointment]:
    """The last appointment of a trainee on each grant, ended more than 30 days ago with no
    termination notice filed (a reappointment on the same grant needs none)."""
    last: dict[int, Appointment] = {}
    for appointment in appointments:
        if appointment.status == AppointmentStatus.PLANNED:
            continue
        known = last.get(appointment.grant_id)
        if known is None or appointment.ends_on > known.ends_on:
            last[appointment.grant_id] = appointment
    due = today - timedelta(days=TERMINATION_DAYS)
    return [a for a in last.values() if a.ends_on < due and a.termination_filed_on is None]


@dataclass(frozen=True)
class Gap:
    """Something a report lacks: how many, in words, and who (for the page's list)."""

    report: str
    count: int
    words: str
    who: list[str]


def gaps(trainees: list[Trainee], *, with_outcomes: bool, today: date | None = None) -> list[Gap]:
    """What each report still needs, with who is concerned."""
    today = today or timezone.localdate()
    stale = today - timedelta(days=CONFIRMATION_DAYS)
    alumni = [t for t in trainees if not t.in_training]
    checks: list[tuple[str, str, list[Trainee]]] = [
        ("Table 8", "appointed without a trainee record (they cannot be listed)",
         [t for t in trainees if t.record is None]),
        ("Table 8", "without a faculty mentor (“TBD”)",
         [t for t in trainees if t.record and not t.mentors]),
        ("Table 8", "with a training year missing its source of support",
         [t for t in trainees if t.missing_years(today)]),
        ("Table 8", "alumni without a current position",
         [t for t in alumni if t.current_position is None]),
        ("Table 8", "alumni without an initial position",
         [t for t in alumni if t.initial_position is None]),
        ("Table 8", "who completed training without a degree recorded",
         [t for t in alumni if t.record and t.record.status == TrainingStatus.COMPLETED
          and not t.degrees]),
        ("Table 8", "whose current position was not confirmed in the last year",
         [t for t in trainees if (p := t.current_position) and
          (p.confirmed_on is None or p.confirmed_on < stale)]),
        ("Appointments", "near or past the NRSA aggregate limit",
         [t for t in trainees if t.nrsa_warnings]),
        ("Appointments", "with a termination notice overdue (30 days after the end)",
         [t for t in trainees if t.overdue_terminations]),
        ("Appointments", "with a termination notice filed more than 30 days late",
         [t for t in trainees if t.late_terminations]),
    ]  # fmt: skip
    if with_outcomes:
        checks.append(
            ("Table 5", "with no publication marked for the program (listed with a reason)",
             [t for t in trainees if t.record and not t.table5_papers()])
        )  # fmt: skip
    found = [
        Gap(report, len(who), f"{_count(len(who), 'trainee')} {words}", [t.name for t in who])
        for report, words, who in checks
        if who
    ]
    if with_outcomes:
        papers = [(t, p) for t in trainees for p in t.papers_without_pmcid()]
        if papers:
            found.append(
                Gap(
                    "Table 5",
                    len(papers),
                    f"{_count(len(papers), 'paper')} without a PMCID (not public-access "
                    "compliant: a paper arising from the award holds up the progress report)",
                    [f"{t.name}: {p.title}" for t, p in papers],
                )
            )
    return found


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
