"""NIH training data Tables 5 and 8, built from the records, each cell with its source.

The one source of the tables for the page's CSV and PDF, the API and the CLI. Columns,
their wording and their order follow the NIH data-table instructions as far as they could be
confirmed; NIH_TABLES.md says which were, and the notes of every export repeat what was built
from other sources. The instructions have no column for a cell's source, so each row ends
with one that is not NIH's: "Sources", naming where each cell came from.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mentorkit.programs.exports import _safe as spreadsheet_safe

from .choices import SUPPORT_ABBREVIATIONS, Level, NoPublicationsReason, SupportSource
from .numbers import last_first, parse_award_number
from .roster import Trainee, trainees_of

TABLES = ("table5", "table8")
TABLE8_YEARS, TABLE5_YEARS = 15, 10  # renewal look-back: the last 15 and 10 grant years
SOURCES = "Sources (not an NIH column)"
IN_TRAINING = "In training"

TABLE8_COMMON = ["Trainee", "Faculty Member", "Start Date", "Summary of Support During Training"]
TABLE8_TAIL = [
    "Topic of Research Project",
    "Initial Position",
    "Current Position",
    "Subsequent Grant(s)/Role/Year Awarded",
]
TABLE8_COLUMNS: dict[str, list[str]] = {
    Level.PREDOC: [*TABLE8_COMMON, "Terminal Degree(s) Received and Year(s)", *TABLE8_TAIL],
    Level.POSTDOC: [
        *TABLE8_COMMON,
        "Doctoral Degree(s) and Year(s)",
        "Degree(s) Resulting from Postdoctoral Training and Year(s)",
        *TABLE8_TAIL,
    ],
}
TABLE5_COLUMNS = [
    "Trainee Name",
    "Faculty Member",
    "Past or Current Trainee",
    "Training Period",
    "Publication",
]
SECTION_TITLES = {
    "8": {
        Level.PREDOC: ("8A", "Table 8A. Program Outcomes: Predoctoral"),
        Level.POSTDOC: ("8B", "Table 8B. Program Outcomes: Postdoctoral"),
    },
    "5": {
        Level.PREDOC: ("5A", "Table 5A. Publications of Those in Training: Predoctoral"),
        Level.POSTDOC: ("5B", "Table 5B. Publications of Those in Training: Postdoctoral"),
    },
}
PART_I = "Part I. Those Appointed to the Training Grant"

NOTES = {
    "8": [
        "Trainees appointed to the grant(s) in the last 15 years, by entry date (month and "
        "year), then name; those appointed both pre- and post-doctorally on Table 8A only. "
        "Scholars (K12, KL2) are on the postdoctoral table; short-term trainees are left out "
        "(Table 8C's columns could not be confirmed).",
        "Columns 1 to 4 follow the NIH instructions; the wording and order of the later "
        "columns follow Flight Tracker's tables and could not be confirmed against the "
        "current forms (see mentorkit/grants/NIH_TABLES.md).",
        "Summary of Support: the trainee's source in each training year (TY1, TY2…), written "
        "as this grant's activity code, a grant number's activity code, or TG (another "
        "training grant), F (fellowship), RG (research grant), Inst (institutional), Other — "
        "abbreviations not confirmed in the instructions.",
        "Positions: title; department; institution; kind of work. Initial: the position "
        "marked first after training, else the first begun after it. Current: the latest "
        "without an end. Subsequent grants: awarded from entry on, as the trainee recorded "
        "them and marked them for the program (award / role / year).",
        "Names are written Last, First from one name field: check names of several words.",
    ],
    "5": [
        "Trainees appointed to the grant(s) in the last 10 years, chronologically by year of "
        "entry into the training program (NIH, from January 2025), then name; short-term "
        "trainees are left out. The order of the columns follows Flight Tracker's tables and "
        "could not be confirmed against the current forms (see NIH_TABLES.md).",
        "Publications: the papers the trainee recorded as published and marked for the "
        "program, from the year of entry on, oldest first; the trainee's name is in bold in "
        "the PDF. A trainee without one is listed as “No Publications” with one of NIH's "
        "allowable reasons.",
    ],
}


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    trainees: list[str] = field(default_factory=list)  # names to set in bold (Table 5)


@dataclass
class Report:
    table: str  # "5" or "8"
    heading: str
    sections: list[Section]
    notes: list[str]


class TableError(ValueError):
    """A table asked for wrongly."""


def build(program, table: str, *, grant_ids=None, today: date | None = None) -> Report:
    """Table 5 or 8 (`table` is "table5" or "table8") of `program`'s trainees appointed to
    its grants (or to those of `grant_ids`)."""
    if table not in TABLES:
        raise TableError(f"Unknown table {table!r}; choose table5 or table8.")
    today = today or timezone.localdate()
    number = table.removeprefix("table")
    grants = [g for g in program.training_grants.all() if not grant_ids or g.pk in grant_ids]
    if grant_ids and len(grants) != len(set(grant_ids)):
        raise TableError("Choose grants of this program.")
    years = TABLE8_YEARS if number == "8" else TABLE5_YEARS
    since = today - relativedelta(years=years)
    chosen = {g.pk for g in grants}
    trainees = [
        t
        for t in trainees_of(program, with_outcomes=True, today=today)
        if t.record is not None
        and any(a.grant_id in chosen and a.ends_on >= since for a in t.appointments)
    ]
    sections = []
    for level in (Level.PREDOC, Level.POSTDOC):
        key, title = SECTION_TITLES[number][level]
        columns = TABLE8_COLUMNS[level] if number == "8" else TABLE5_COLUMNS
        section = Section(key, title, columns)
        for trainee in (t for t in trainees if t.level == level):
            row, sources = (_row8 if number == "8" else _row5)(trainee, level, grants, today)
            section.rows.append(row)
            section.sources.append(sources)
            section.trainees.append(trainee.name)
        sections.append(section)
    numbers = ", ".join(g.number.core for g in grants) or "no grant recorded"
    heading = f"{program.name} · {numbers} · as of {today:%m/%d/%Y}"
    return Report(number, heading, sections, NOTES[number])


# --- Table 8 -----------------------------------------------------------------------------


def _row8(trainee: Trainee, level: str, grants, today: date) -> tuple[list[str], str]:
    record = trainee.record
    assert record is not None
    degrees = trainee.degrees
    resulting = [d for d in degrees if d.from_training]
    prior = [d for d in degrees if not d.from_training]
    cells = {
        "Trainee": last_first(trainee.name),
        "Faculty Member": _faculty(trainee),
        "Start Date": f"{record.entered_on:%m/%Y}",
        "Summary of Support During Training": _support(trainee, grants),
        "Terminal Degree(s) Received and Year(s)": _degrees(resulting, trainee),
        "Doctoral Degree(s) and Year(s)": _degree_list(prior),
        "Degree(s) Resulting from Postdoctoral Training and Year(s)": _degrees(resulting, trainee),
        "Topic of Research Project": record.research_topic,
        "Initial Position": _position(trainee.initial_position, trainee),
        "Current Position": _position(trainee.current_position, trainee),
        "Subsequent Grant(s)/Role/Year Awarded": _grants(trainee),
    }
    sources = [
        "Faculty Member, Start Date, Topic, Degrees: trainee record",
        f"Summary of Support: {_count(len(trainee.support_years), 'support year')} recorded",
        f"Initial Position: {_position_source(trainee.initial_position)}",
        f"Current Position: {_position_source(trainee.current_position)}",
        f"Subsequent Grant(s): {_count(len(trainee.subsequent_grants()), 'grant')} the trainee "
        "marked for the program",
    ]
    return [cells[c] for c in TABLE8_COLUMNS[level]], "; ".join(sources)


def _year(day: date | None) -> str:
    return str(day.year) if day else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _faculty(trainee: Trainee) -> str:
    names = [last_first(m.mentor_name) for m in trainee.mentors[:2]]
    return "; ".join(names) or "TBD"


def _support(trainee: Trainee, grants) -> str:
    own = {a.grant.code for a in trainee.appointments if a.grant in grants} or {
        g.code for g in grants
    }
    this_grant = "/".join(sorted(own)) or "This grant"
    parts = []
    for year in trainee.support_years:
        if year.source == SupportSource.THIS_GRANT:
            label = this_grant
        else:
            label = _code_of(year.grant_number) or SUPPORT_ABBREVIATIONS[year.source]
        parts.append(f"TY{year.training_year} {label}")
    return "; ".join(parts)


def _code_of(number: str) -> str:
    try:
        return parse_award_number(number).activity_code if number else ""
    except ValidationError:
        return ""


def _degree_list(degrees) -> str:
    return "; ".join(f"{d.degree} {d.year}" for d in degrees)


def _degrees(degrees, trainee: Trainee) -> str:
    if degrees:
        return _degree_list(degrees)
    return IN_TRAINING if trainee.in_training else "None received"


def _position(position, trainee: Trainee) -> str:
    if position is None:
        return IN_TRAINING if trainee.in_training else ""
    parts = [position.title, position.department, position.institution]
    parts.append(position.get_kind_of_work_display())
    return "; ".join(p for p in parts if p)


def _position_source(position) -> str:
    if position is None:
        return "none recorded"
    source = f"from {position.get_source_display().lower()}"
    if position.confirmed_on is None:
        return f"{source}, not confirmed"
    return f"{source}, confirmed {position.confirmed_on:%m/%d/%Y}"


def _grants(trainee: Trainee) -> str:
    found = trainee.subsequent_grants()
    if not found:
        return IN_TRAINING if trainee.in_training else "None"
    return "; ".join(
        f"{g.award_number or g.activity_code or g.title} / "
        f"{g.get_role_display() if g.role else 'Role not recorded'} / {_year(g.decided_on)}"
        for g in found
    )


# --- Table 5 -----------------------------------------------------------------------------


def _row5(trainee: Trainee, level: str, grants, today: date) -> tuple[list[str], str]:
    record = trainee.record
    assert record is not None
    papers = trainee.table5_papers()
    if papers:
        publication = "\n".join(
            render_to_string("grants/citation.txt", {"o": paper}) for paper in papers
        )
        source = f"Publication: {_count(len(papers), 'paper')} the trainee marked for the program"
    else:
        publication = f"No Publications: {_no_publications_reason(trainee, today)}"
        reason = "from the trainee record" if record.no_publications_reason else "derived"
        source = f"Publication: none marked for the program, reason {reason}"
    ended = record.ended_on.year if record.ended_on else "Present"
    row = [
        last_first(trainee.name),
        _faculty(trainee),
        "Current" if trainee.in_training else "Past",
        f"{record.entered_on.year}-{ended}",
        publication,
    ]
    sources = ["Faculty Member, Past or Current Trainee, Training Period: trainee record", source]
    return row, "; ".join(sources)


def _no_publications_reason(trainee: Trainee, today: date) -> str:
    record = trainee.record
    assert record is not None
    if record.no_publications_reason:
        return record.get_no_publications_reason_display()
    if record.status == "left_early":
        return NoPublicationsReason.LEFT_PROGRAM.label
    if record.entered_on > today - timedelta(days=365):
        return NoPublicationsReason.NEW_ENTRANT.label
    return NoPublicationsReason.OTHER.label


# --- out: CSV, JSON, the PDF's cells -------------------------------------------------------


def printable(report: Report) -> list[tuple[Section, list[tuple[list[list[str]], str]]]]:
    """Each section with its rows for the PDF: every cell as lines of HTML, the trainee's
    family name in bold in their citations (as Table 5 asks), and the row's sources."""
    out = []
    for section in report.sections:
        rows = []
        for row, sources, name in zip(section.rows, section.sources, section.trainees, strict=True):
            cells = []
            for column, cell in zip(section.columns, row, strict=True):
                lines = cell.split("\n")
                bold = column == "Publication" and not cell.startswith("No Publications")
                cells.append([_bold_name(line, name) if bold else escape(line) for line in lines])
            rows.append((cells, sources))
        out.append((section, rows))
    return out


def _bold_name(citation: str, name: str) -> str:
    family = name.split()[-1] if name.split() else ""
    text = escape(citation)
    if not family:
        return text
    pattern = re.compile(rf"\b{re.escape(escape(family))}\b")
    return mark_safe(pattern.sub(lambda m: f"<strong>{m[0]}</strong>", text))


def to_csv(report: Report) -> bytes:
    """The report as one CSV: its heading, each table with its columns (and the sources
    column), then the notes. A cell a spreadsheet would read as a formula is written as
    text (a program's or a paper's name too)."""
    out = io.StringIO()
    writer = csv.writer(out)

    def write(*cells: str) -> None:
        writer.writerow(spreadsheet_safe(cells))

    write(report.heading)
    for section in report.sections:
        write()
        write(section.title)
        write(PART_I)
        write(*section.columns, SOURCES)
        for row, sources in zip(section.rows, section.sources, strict=True):
            write(*row, sources)
        if not section.rows:
            write("No trainee.")
    write()
    write("Notes")
    for note in report.notes:
        write(note)
    return out.getvalue().encode("utf-8")


def to_pdf(report: Report, program, paper: str = "letter") -> bytes:
    """The report as the PDF the page downloads (outside a request: for the command line)."""
    from mentorkit.reports.render import pdf_bytes

    context = {
        "report": report,
        "sections": printable(report),
        "title": f"Table {report.table} · {program.name}",
        "paper": paper,
        "printing": True,
        "generated_on": timezone.localdate(),
    }
    return pdf_bytes(render_to_string("grants/table.html", context), paper)


def as_json(report: Report) -> dict:
    """The report as the API answers it."""
    return {
        "table": report.table,
        "heading": report.heading,
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "part": PART_I,
                "columns": s.columns,
                "rows": [
                    {"cells": row, "sources": sources}
                    for row, sources in zip(s.rows, s.sources, strict=True)
                ],
            }
            for s in report.sections
        ],
        "notes": report.notes,
    }
