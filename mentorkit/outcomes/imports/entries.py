"""What every reader produces: publications in one shape, and what it could not read.

A reader turns a file (or a fetched response) into a `Parsed`: the readable
entries as `Entry`, the unreadable ones as `Problem` (which entry, and why).
A file that is not that format at all, or where no entry is readable, raises
`ImportRefused` with the entry and the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date


class ImportRefused(ValueError):
    """The whole file or response is refused; the message names what and why."""


@dataclass
class Entry:
    """One publication, normalised; `ref` says where it was in the file ("entry 3, smith2020")."""

    ref: str
    source: str
    title: str
    kind: str = "paper"
    venue: str = ""
    authors: str = ""
    year: int | None = None
    month: int | None = None  # as the source gave it: None for a year alone
    published_on: date | None = None
    doi: str = ""
    pmid: str = ""
    url: str = ""
    details: str = ""
    note: str = ""  # how the reader mapped it, e.g. "@patent read as Other"

    @property
    def when(self) -> str:
        """When it was published, as precisely as the source said: "May 2024", or "2024"."""
        if self.published_on and self.month == self.published_on.month:
            return f"{self.published_on:%b %Y}"
        year = self.year or (self.published_on.year if self.published_on else None)
        return str(year) if year else ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["published_on"] = self.published_on.isoformat() if self.published_on else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Entry:
        data = dict(data)
        if data.get("published_on"):
            data["published_on"] = date.fromisoformat(data["published_on"])
        return cls(**data)


@dataclass
class Problem:
    """An entry that could not be read: where it is and why."""

    ref: str
    reason: str

    def __str__(self) -> str:
        return f"{self.ref}: {self.reason}"


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, item: Entry | Problem) -> None:
        if isinstance(item, Problem):
            self.problems.append(item)
        else:
            self.entries.append(item)

    def refuse_if_empty(self, what: str) -> Parsed:
        """No readable entry at all: refuse, naming the first problem."""
        if self.entries:
            return self
        if self.problems:
            first = self.problems[0]
            more = len(self.problems) - 1
            tail = f" ({more} more could not be read either)" if more else ""
            raise ImportRefused(f"No entry in this {what} could be read. {first}{tail}.")
        raise ImportRefused(f"This {what} holds no entries.")


# --- Cleaning helpers shared by the readers ---------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def squash(text: object) -> str:
    """Whitespace collapsed, ends stripped."""
    return _SPACE.sub(" ", str(text or "")).strip()


def normalise_doi(text: str) -> str:
    """`https://doi.org/10.1000/ABC` → `10.1000/abc`; '' when there is no DOI in it."""
    match = _DOI.search(squash(text))
    return match.group(0).rstrip(".,;").lower() if match else ""


_DIGITS = re.compile(r"[0-9]{1,9}")


def small_int(text: object) -> int | None:
    """A small whole number written in ASCII digits, else None ("²" and "١٢" are not)."""
    value = squash(text)
    return int(value) if _DIGITS.fullmatch(value) else None


def normalise_pmid(text: object) -> str:
    digits = squash(text)
    return digits if _DIGITS.fullmatch(digits) else ""


def parse_year(text: object) -> int | None:
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(text or ""))
    return int(match.group(1)) if match else None


def parse_month(text: object) -> int | None:
    value = squash(text).lower().rstrip(".")
    if _DIGITS.fullmatch(value):
        month = int(value)
        return month if 1 <= month <= 12 else None
    return MONTHS.get(value[:3]) if value[:3] in MONTHS else MONTHS.get(value)


def publication_date(year: int | None, month: int | None = None, day: int | None = None):
    """The most precise real date these parts make, or None without a year."""
    if year is None:
        return None
    for parts in ((year, month, day), (year, month, 1), (year, 1, 1)):
        try:
            return date(parts[0], parts[1] or 1, parts[2] or 1)
        except (TypeError, ValueError, OverflowError):
            continue
    return None


def plain(text: object) -> str:
    """Unicode normalised to NFC and squashed: what a reader stores."""
    return squash(unicodedata.normalize("NFC", str(text or "")))
