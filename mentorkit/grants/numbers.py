"""NIH award numbers, training years and months of support: the arithmetic the records share.

An NIH award number reads, e.g., 5 T32 HL 123456-03 A1: the application type (one digit,
optional), the activity code (T32), the institute or center (HL), the serial number (six
digits), the support year (-03, optional) and a suffix (A1, S1, X1; optional). eRA Commons'
"Understanding Grant Numbers" gives the parts; see NIH_TABLES.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

AWARD_NUMBER = re.compile(
    r"(?P<type>[1-9])?\s*"
    r"(?P<activity>[A-Z][A-Z0-9]\d)\s*"
    r"(?P<ic>[A-Z]{2})\s*"
    r"(?P<serial>\d{6})"
    r"(?:\s*-\s*(?P<year>\d{2})(?P<suffix>(?:[ASXPD]\d{1,2})*))?"
)
AWARD_NUMBER_HELP = (
    "As on the notice of award, e.g. 5T32HL123456-03 or T32 HL123456: the activity code "
    "(T32), the two-letter institute code (HL) and the six-digit serial number."
)


@dataclass(frozen=True)
class AwardNumber:
    """The parts of an NIH award number."""

    activity_code: str
    institute: str
    serial: str
    application_type: str = ""
    support_year: str = ""
    suffix: str = ""

    @property
    def core(self) -> str:
        """The number without type, year or suffix, e.g. "T32 HL123456": the same award
        from year to year."""
        return f"{self.activity_code} {self.institute}{self.serial}"

    def __str__(self) -> str:
        year = f"-{self.support_year}{self.suffix}" if self.support_year else ""
        return f"{self.application_type}{self.activity_code}{self.institute}{self.serial}{year}"


def parse_award_number(text: str) -> AwardNumber:
    """The parts of `text`, or a ValidationError saying what an award number looks like."""
    cleaned = " ".join((text or "").upper().split())
    match = AWARD_NUMBER.fullmatch(cleaned)
    if match is None:
        raise ValidationError(
            f"“{text.strip()}” is not an NIH award number. {AWARD_NUMBER_HELP}",
            code="award_number",
        )
    return AwardNumber(
        activity_code=match["activity"],
        institute=match["ic"],
        serial=match["serial"],
        application_type=match["type"] or "",
        support_year=match["year"] or "",
        suffix=match["suffix"] or "",
    )


def validate_award_number(text: str) -> None:
    parse_award_number(text)


def months_between(start: date, end: date) -> float:
    """Months from `start` to `end`, both days included, to a tenth: 1 July to 30 June is 12.0.

    Whole calendar months count as such; the days left over count as thirtieths of a month.
    """
    if end < start:
        return 0.0
    span = relativedelta(end + timedelta(days=1), start)
    return round(span.years * 12 + span.months + span.days / 30, 1)


def yearly_periods(start: date, end: date) -> list[tuple[int, date, date]]:
    """Twelve-month periods from `start` (the last one cut at `end`), numbered from 1:
    a grant's budget periods, or a trainee's training years."""
    periods = []
    number, begins = 1, start
    while begins <= end:
        ends = min(start + relativedelta(years=number) - timedelta(days=1), end)
        periods.append((number, begins, ends))
        number, begins = number + 1, ends + timedelta(days=1)
    return periods


# Titles some people put before their name; the tables write names without them.
HONORIFICS = frozenset({"dr", "dr.", "prof", "prof.", "professor", "mr.", "mrs.", "ms.", "mx."})


def last_first(name: str) -> str:
    """A person's name as the NIH tables write it, "Last, First M.": the last word is taken
    for the family name, a title before the name ("Dr.") is left out (see NIH_TABLES.md:
    names are kept as one field here)."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    if len(words) < 2:
        return " ".join(words)
    given = [w if len(w) > 1 or w.endswith(".") else f"{w}." for w in words[:-1]]
    return f"{words[-1]}, {' '.join(given)}"
