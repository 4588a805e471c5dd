"""Bulk in: a program's mentees, or its mentorships, from a CSV or XLSX file, previewed
before anything is saved.

- **People**: a header row with `email`, and optionally `name`, `cohort`, `track` and
  `joins_as` — `mentee` (the default: enrolled in the cohort) or `mentor` (among the
  program's mentors, who mentees find in its directory and matching may propose).
- **Mentorships** (a mentor for an enrolled mentee): a header row with `mentee` and `mentor`
  (each an e-mail address, or the ORCID iD of someone with an account), and optionally
  `mentor_name` and `role`. Each row invites the mentor onto the mentee's team, as the
  mentee's own invitation would; the mentor accepts or declines.

Columns come in any order, any case; the header decides which kind the file is. The preview
says, row by row, who will be invited, who already has an account (matched by e-mail or
ORCID iD), and what is wrong with which row and why; nothing is saved until the director
confirms, and then every invitation is made in one transaction and the e-mails go out once
it commits.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from mentorkit.core import previews

from .models import Enrollment, ProgramInvitation, Track

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = ("email", "name", "cohort", "track", "joins_as")
JOINS_AS = {"": False, "mentee": False, "mentor": True}
MENTORSHIP_COLUMNS = ("mentee", "mentor", "mentor_name", "role")
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
    as_mentor: bool = False


@dataclass
class MentorshipRow:
    line: int
    mentee_id: int
    mentee: str  # the mentee's name, for the preview
    mentor_email: str
    mentor_name: str
    role: str
    has_account: bool = False

    @property
    def role_label(self) -> str:
        from mentorkit.teams.models import Role

        return Role(self.role).label


@dataclass
class Preview:
    kind: str = "mentees"  # or "mentorships"
    new: list = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # line, e-mail, why

    @property
    def matched(self) -> int:
        return sum(row.has_account for row in self.new)

    def as_session(self) -> list[dict]:
        return [row.__dict__ for row in self.new]

    def token(self, program, user) -> str:
        """The previewed rows, signed for this program and person: the API's confirm takes it
        back within `TOKEN_MAX_AGE` seconds."""
        owner = {"program": program.pk, "user": user.pk}
        return previews.sign(TOKEN_SALT, owner, self.as_session())


TOKEN_SALT = "mentorkit.programs.import"
TOKEN_MAX_AGE = 3600


def rows_of(token: str, program, user) -> list[dict]:
    """The rows a preview's token carries, if it was made for this program and person."""
    owner = {"program": program.pk, "user": user.pk}
    try:
        rows = previews.unsign(TOKEN_SALT, token, owner, max_age=TOKEN_MAX_AGE)
    except previews.PreviewTokenError as error:
        if error.reason == previews.EXPIRED:
            raise FileProblem(
                "The preview is more than an hour old: preview the file again."
            ) from None
        if error.reason == previews.INVALID:
            raise FileProblem("This is not a preview's token: preview the file again.") from None
        rows = None
    if not rows:
        raise FileProblem("This preview is not of this program, or has nothing to import.")
    return rows


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
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    if len(rows) - 1 > MAX_ROWS:
        raise FileProblem(f"More than {MAX_ROWS:,} rows; split the file.")
    if "mentee" in header or "mentor" in header:
        return _mentorships(program, header, rows[1:])
    if "email" not in header and "e-mail" not in header:
        found = ", ".join(h for h in header if h) or "nothing"
        raise FileProblem(
            "No “email” column (mentees) nor “mentee” and “mentor” columns (mentorships) "
            f"in the first row (found: {found})."
        )
    index = {name: header.index(name) for name in (*COLUMNS, "e-mail") if name in header}
    index.setdefault("email", index.get("e-mail", -1))

    def cell(row, name):
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    from mentorkit.accounts.models import User

    enrolled = set(
        Enrollment.objects.filter(program=program).values_list("mentee__email", flat=True)
    )
    pooled = set(program.mentor_pool.values_list("email", flat=True))
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
        joins_as = cell(row, "joins_as").lower()
        if joins_as not in JOINS_AS:
            result.problems.append(
                (line, email, f"joins_as “{joins_as}” is neither mentee nor mentor")
            )
            continue
        as_mentor = JOINS_AS[joins_as]
        if not as_mentor and email in enrolled:
            result.problems.append((line, email, "already enrolled in the program"))
            continue
        if as_mentor and email in pooled:
            result.problems.append((line, email, "already one of the program's mentors"))
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
            Row(
                line,
                email,
                cell(row, "name")[:200],
                cohort,
                TRACKS.get(raw_track, ""),
                as_mentor=as_mentor,
            )
        )
    accounts = set(
        User.objects.filter(email__in=[c.email for c in candidates]).values_list("email", flat=True)
    )
    for candidate in candidates:
        candidate.has_account = candidate.email in accounts
        result.new.append(candidate)
    return result


def _mentorships(program, header: list[str], rows: list[list[str]]) -> Preview:
    from mentorkit.accounts.models import User
    from mentorkit.accounts.validators import normalise_orcid
    from mentorkit.teams.models import Mentorship, Role

    for needed in ("mentee", "mentor"):
        if needed not in header:
            raise FileProblem(f"A file of mentorships needs a “{needed}” column in the first row.")
    index = {name: header.index(name) for name in MENTORSHIP_COLUMNS if name in header}

    def cell(row, name):
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    roles = {value: value for value in Role.values} | {
        label.lower(): value for value, label in Role.choices
    }
    cells = [
        (line, cell(row, "mentee"), cell(row, "mentor"), row)
        for line, row in enumerate(rows, start=2)
    ]
    orcids = {normalise_orcid(c) for _, a, b, _ in cells for c in (a, b) if c and "@" not in c}
    by_orcid = dict(User.objects.filter(orcid__in=orcids).values_list("orcid", "email"))
    enrolled = {
        email: (pk, name)
        for pk, email, name in Enrollment.objects.filter(program=program).values_list(
            "mentee_id", "mentee__email", "mentee__name"
        )
    }

    def address(value: str) -> str | None:
        if "@" in value:
            return value.lower()
        return by_orcid.get(normalise_orcid(value)) if value else None

    result, seen = Preview(kind="mentorships"), dict[tuple[str, str], int]()
    candidates = []
    for line, mentee_cell, mentor_cell, row in cells:
        mentee_email, mentor_email = address(mentee_cell), address(mentor_cell)
        if mentee_email is None:
            why = (
                "no mentee given"
                if not mentee_cell
                else f"no account has the ORCID iD {mentee_cell}"
            )
            result.problems.append((line, mentee_cell, why))
            continue
        if mentee_email not in enrolled:
            result.problems.append(
                (line, mentee_email, "the mentee is not enrolled in the program")
            )
            continue
        if mentor_email is None:
            why = (
                "no mentor given"
                if not mentor_cell
                else f"no account has the ORCID iD {mentor_cell}"
            )
            result.problems.append((line, mentee_email, why))
            continue
        try:
            validate_email(mentor_email)
        except ValidationError:
            result.problems.append(
                (line, mentee_email, f"“{mentor_cell}” is not an e-mail address")
            )
            continue
        if mentor_email == mentee_email:
            result.problems.append((line, mentee_email, "a mentee cannot be their own mentor"))
            continue
        if (mentee_email, mentor_email) in seen:
            earlier = seen[mentee_email, mentor_email]
            result.problems.append((line, mentee_email, f"the same pair as row {earlier}"))
            continue
        seen[mentee_email, mentor_email] = line
        raw_role = cell(row, "role").lower()
        if raw_role and raw_role not in roles:
            result.problems.append(
                (line, mentee_email, f"role “{raw_role}” is not one of {', '.join(Role.labels)}")
            )
            continue
        mentee_id, mentee_name = enrolled[mentee_email]
        candidates.append(
            MentorshipRow(
                line,
                mentee_id,
                mentee_name or mentee_email,
                mentor_email,
                cell(row, "mentor_name")[:200],
                roles.get(raw_role, Role.RESEARCH),
            )
        )
    taken = set(
        Mentorship.objects.open()
        .filter(mentee_id__in={c.mentee_id for c in candidates})
        .values_list("mentee_id", "invited_email")
    ) | set(
        Mentorship.objects.open()
        .filter(mentee_id__in={c.mentee_id for c in candidates}, mentor__isnull=False)
        .values_list("mentee_id", "mentor__email")
    )
    accounts = set(
        User.objects.filter(email__in=[c.mentor_email for c in candidates]).values_list(
            "email", flat=True
        )
    )
    for candidate in candidates:
        if (candidate.mentee_id, candidate.mentor_email) in taken:
            result.problems.append(
                (candidate.line, candidate.mentor_email, "already on the mentee's team or invited")
            )
            continue
        candidate.has_account = candidate.mentor_email in accounts
        result.new.append(candidate)
    result.problems.sort()
    return result


@transaction.atomic
def confirm(program, director, rows: list[dict]) -> int:
    """Invite every previewed row, all or none; returns how many were invited."""
    from mentorkit.teams.actions import ActionError, invite_mentor

    from . import actions

    for row in rows:
        if "mentor_email" in row:
            enrollment = (
                program.enrollments.select_related("mentee")
                .filter(mentee_id=row["mentee_id"])
                .first()
            )
            if enrollment is None:
                raise ActionError(f"{row['mentee']} is no longer enrolled.")
            invite_mentor(
                enrollment.mentee,
                invited_email=row["mentor_email"],
                invited_name=row["mentor_name"],
                role=row["role"],
            )
            continue
        actions.invite_mentee(
            program,
            director,
            invited_email=row["email"],
            invited_name=row["name"],
            cohort_year=row["cohort"],
            track=row["track"],
            as_mentor=row.get("as_mentor", False),
        )
    return len(rows)
