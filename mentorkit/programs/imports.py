"""Bulk in: a program's mentees from a CSV or XLSX file, previewed before anything is saved.

The file has a header row with `email`, and optionally `name`, `cohort` and `track`
(any order, any case). The preview says, row by row, who will be invited, who already has
an account (matched by e-mail), and what is wrong with which row and why; nothing is saved
until the director confirms, and then every invitation is made in one transaction and the
e-mails go out once it commits.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from .models import Enrollment, ProgramInvitation, Track

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = ("email", "name", "cohort", "track")
TRACKS = {value: value for value in Track.values} | {
    label.lower(): value for value, label in Track.choices
}


class FileProblem(ValueError):
    """A file that cannot be read at all: one readable line."""


@dataclass
class Row:
    line: int
    email: str
    name: str
    cohort: int | None
    track: str
    has_account: bool = False


@dataclass
class Preview:
    new: list[Row] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # line, e-mail, why

    @property
    def matched(self) -> int:
        return sum(row.has_account for row in self.new)

    def as_session(self) -> list[dict]:
        return [row.__dict__ for row in self.new]


def _table(content: bytes, filename: str) -> list[list[str]]:
    if len(content) > MAX_BYTES:
        raise FileProblem(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
            raise FileProblem(f"This is not an XLSX file that can be read ({error}).") from None
        if sheet is None:
            raise FileProblem("The workbook has no sheet.")
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            "The file is not UTF-8 text: save it as “CSV UTF-8” (Excel) or UTF-8 (others)."
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]


def preview(program, content: bytes, filename: str) -> Preview:
    rows = [row for row in _table(content, filename) if any(row)]
    if not rows:
        raise FileProblem("The file is empty.")
    header = [cell.strip().lower() for cell in rows[0]]
    if "email" not in header and "e-mail" not in header:
        raise FileProblem(
            f"No “email” column in the first row (found: {', '.join(h for h in header if h) or 'nothing'})."
        )
    if len(rows) - 1 > MAX_ROWS:
        raise FileProblem(f"More than {MAX_ROWS:,} rows; split the file.")
    index = {name: header.index(name) for name in (*COLUMNS, "e-mail") if name in header}
    index.setdefault("email", index.get("e-mail", -1))

    def cell(row, name):
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    from mentorkit.accounts.models import User

    enrolled = set(
        Enrollment.objects.filter(program=program).values_list("mentee__email", flat=True)
    )
    invited = set(
        ProgramInvitation.objects.filter(program=program, invitation_used_at__isnull=True)
        .filter(invitation_expires_at__gt=timezone.now())
        .values_list("invited_email", flat=True)
    )
    result, seen = Preview(), dict[str, int]()
    this_year = timezone.localdate().year
    candidates = []
    for line, row in enumerate(rows[1:], start=2):
        email = cell(row, "email").lower()
        try:
            validate_email(email)
        except ValidationError:
            result.problems.append((line, email, "not an e-mail address"))
            continue
        if email in seen:
            result.problems.append((line, email, f"the same address as row {seen[email]}"))
            continue
        seen[email] = line
        if email in enrolled:
            result.problems.append((line, email, "already enrolled in the program"))
            continue
        if email in invited:
            result.problems.append((line, email, "already invited; the invitation is open"))
            continue
        raw_cohort = cell(row, "cohort")
        cohort = this_year
        if raw_cohort:
            try:
                cohort = int(float(raw_cohort))
            except ValueError:
                result.problems.append((line, email, f"cohort “{raw_cohort}” is not a year"))
                continue
            if not 1990 <= cohort <= this_year + 2:
                result.problems.append((line, email, f"cohort {cohort} is not a year we take"))
                continue
        raw_track = cell(row, "track").lower()
        if raw_track and raw_track not in TRACKS:
            result.problems.append(
                (line, email, f"track “{raw_track}” is not one of {', '.join(Track.labels)}")
            )
            continue
        candidates.append(
            Row(line, email, cell(row, "name")[:200], cohort, TRACKS.get(raw_track, ""))
        )
    accounts = set(
        User.objects.filter(email__in=[c.email for c in candidates]).values_list("email", flat=True)
    )
    for candidate in candidates:
        candidate.has_account = candidate.email in accounts
        result.new.append(candidate)
    return result


@transaction.atomic
def confirm(program, director, rows: list[dict]) -> int:
    """Invite every previewed row, all or none; returns how many were invited."""
    from . import actions

    for row in rows:
        actions.invite_mentee(
            program,
            director,
            invited_email=row["email"],
            invited_name=row["name"],
            cohort_year=row["cohort"],
            track=row["track"],
        )
    return len(rows)
