"""A program's tables, out as CSV or XLSX: the roster, the mentors' load, their training, who
needs a check-in, and (for directors) the health matrix. The one source for the page's
download, the API and the CLI.

Each table holds only what the program may see: names, cohorts, statuses, dates, counts,
the check-in's reasons and the health indicators' states — never a record's content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from . import checkins, mentors

WHATS = ("roster", "mentors", "training", "checkins", "health")
DIRECTORS_ONLY = {"health"}  # relationship health: the program's directors, not coordinators
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportError(ValueError):
    """An export that was asked for wrongly: what, or the format."""


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list]


def _roster(program, only_check_ins: bool = False) -> Table:
    enrollments = checkins.with_checkins(
        program.enrollments.select_related("mentee"), program
    ).order_by("-attention", "-cohort_year", "mentee__name", "pk")
    if only_check_ins:
        enrollments = enrollments.filter(attention__gt=0)
    rows = [
        [
            e.mentee.display_name,
            e.mentee.email,
            e.cohort_year,
            e.get_status_display(),
            e.get_track_display() if e.track else "",
            e.enrolled_on.isoformat(),
            e.ended_on.isoformat() if e.ended_on else "",
            "yes" if e.attention else "no",
            "; ".join(rule.label for rule in checkins.reasons(e)),
        ]
        for e in enrollments
    ]
    headers = [
        "mentee",
        "email",
        "cohort",
        "status",
        "track",
        "enrolled on",
        "ended on",
        "needs a check-in",
        "reasons",
    ]
    return Table("Needs a check-in" if only_check_ins else "Roster", headers, rows)


def _mentors(program) -> Table:
    page = list(mentors.mentors_of(program))
    rows = []
    for row in mentors.rows_for(program, page):
        rows.append(
            [
                row.mentor.display_name,
                row.mentor.email,
                "; ".join(name for _, name in row.in_program),
                row.load,
                "" if row.capacity is None else row.capacity,
                "yes" if row.over_capacity else "no",
                "yes" if row.mentor.taking_new_mentees else "no",
                row.mentor.away_until.isoformat() if row.mentor.is_away else "",
                "" if row.days_since_met is None else row.days_since_met,
                "" if row.days_since_feedback is None else row.days_since_feedback,
                "" if row.days_since_action_closed is None else row.days_since_action_closed,
            ]
        )
    headers = [
        "mentor",
        "email",
        "mentees in the program",
        "load",
        "capacity",
        "over capacity",
        "taking new mentees",
        "away until",
        "days since last met a mentee",
        "days since last feedback",
        "days since last closed an action",
    ]
    return Table("Mentors", headers, rows)


def _training(program) -> Table:
    from mentorkit.training.models import standings_of

    months, people = standings_of(program, mentors.mentors_of(program))
    rows = []
    for mentor, s in people:
        r = s.latest
        rows.append(
            [
                mentor.display_name,
                mentor.email,
                s.label,
                r.course if r else "",
                r.get_kind_display() if r else "",
                float(r.hours) if r else "",
                r.completed_on.isoformat() if r else "",
                s.due_on.isoformat() if s.due_on else "",
                timezone.localtime(r.verified_at).date().isoformat() if r and r.verified_at else "",
            ]
        )
    headers = [
        "mentor",
        "email",
        "status",
        "latest course",
        "kind",
        "hours",
        "completed on",
        "refresher due on",
        "verified on",
    ]
    return Table(f"Training (refresher every {months} months)", headers, rows)


def _health(program) -> Table:
    from mentorkit.health import PRACTICES, health_for

    from .models import EnrollmentStatus

    enrollments = list(
        program.enrollments.filter(status=EnrollmentStatus.ACTIVE)
        .select_related("mentee")
        .order_by("-cohort_year", "mentee__name", "pk")
    )
    health = health_for([e.mentee for e in enrollments])
    practices = sorted(PRACTICES)
    rows = []
    for e in enrollments:
        by_practice = {i.practice: i for i in health.get(e.mentee_id, [])}
        cells = []
        for practice in practices:
            indicator = by_practice.get(practice)
            cells += [indicator.state_label, indicator.value] if indicator else ["", ""]
        rows.append([e.mentee.display_name, e.mentee.email, e.cohort_year, *cells])
    headers = ["mentee", "email", "cohort"]
    for practice in practices:
        headers += [f"{practice}. {PRACTICES[practice]}", f"{practice}. value"]
    return Table("Health of active mentees", headers, rows)


TABLES: dict[str, Callable] = {
    "roster": _roster,
    "mentors": _mentors,
    "training": _training,
    "checkins": lambda program: _roster(program, only_check_ins=True),
    "health": _health,
}


def table(program, what: str) -> Table:
    if what not in TABLES:
        raise ExportError(f"Unknown export {what!r}; choose one of {', '.join(WHATS)}.")
    return TABLES[what](program)


def render(program, what: str, fmt: str, *, sees_records: bool = True) -> tuple[bytes, str, str]:
    """(content, content type, file name) of one table of `program`; the health matrix only
    for someone who `sees_records` (a director)."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}; choose csv or xlsx.")
    if what in DIRECTORS_ONLY and not sees_records:
        raise ExportError("Only the program's directors download the relationship health.")
    data = table(program, what)
    content = _csv(data) if fmt == "csv" else _xlsx(data)
    return content, CONTENT_TYPES[fmt], f"program-{program.pk}-{what}.{fmt}"


def _csv(data: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(data.headers)
    writer.writerows(_safe(row) for row in data.rows)
    return out.getvalue().encode("utf-8")


def _safe(row: Iterable) -> list:
    """A cell that a spreadsheet would read as a formula is written as text (CSV injection)."""
    return [
        f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell
        for cell in row
    ]


def _xlsx(data: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = data.title[:31]
    sheet.append(data.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        sheet.append(_safe(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
