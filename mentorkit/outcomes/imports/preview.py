"""The preview between reading and saving: what is new, what is a duplicate, what was unreadable.

Duplicates are found by DOI, then PMID, then normalised title (`normalise_title`,
the same key `Outcome.title_key` holds) — against the mentee's outcomes, read in
one query, and against earlier entries of the same file. Two entries whose DOIs
differ are never duplicates by title alone ("Editorial", "Reply" ...).

What would be saved travels to the confirm step in a signed, compressed token
(`mentorkit.core.previews`), bound to the mentee and valid for an hour, so the
client cannot alter it and no server state is kept between the two steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mentorkit.core import previews
from mentorkit.outcomes.models import Outcome, normalise_title

from .entries import Entry, ImportRefused, Parsed, Problem

TOKEN_SALT = "mentorkit.outcomes.import"
TOKEN_MAX_AGE = 60 * 60


@dataclass
class Duplicate:
    entry: Entry
    of: str  # in words: 'your outcome "Title" (2023)' or 'entry 1 (key) in this file'
    outcome_id: int | None = None  # the existing outcome, when it is one


@dataclass
class Preview:
    source: str
    parsed: Parsed
    new: list[Entry] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        """Some entries could not be read: saving needs the user's explicit consent."""
        return bool(self.problems)

    def token(self, mentee) -> str:
        """What was read, signed for `mentee`: the confirm step previews it again."""
        return previews.sign(
            TOKEN_SALT,
            {"mentee": mentee.pk},
            {
                "s": self.source,
                "e": [entry.to_dict() for entry in self.parsed.entries],
                "p": [[problem.ref, problem.reason] for problem in self.parsed.problems],
            },
        )


def _described(outcome: tuple) -> str:
    _pk, title, year = outcome[:3]
    return f"your outcome “{title}”" + (f" ({year})" if year else "")


def build_preview(mentee, source: str, parsed: Parsed) -> Preview:
    """Sort `parsed` into new, duplicates and problems for `mentee` (one query)."""
    preview = Preview(source=source, parsed=parsed, problems=list(parsed.problems))
    by_doi: dict[str, tuple] = {}
    by_pmid: dict[str, tuple] = {}
    by_title: dict[str, tuple] = {}
    rows = Outcome.objects.filter(mentee=mentee).values_list(
        "pk", "title", "year", "doi", "pmid", "title_key"
    )
    for row in rows.order_by("pk"):
        _pk, _title, _year, doi, pmid, title_key = row
        if doi:
            by_doi.setdefault(doi, row)
        if pmid:
            by_pmid.setdefault(pmid, row)
        if title_key:
            by_title.setdefault(title_key, row)

    seen_doi: dict[str, Entry] = {}
    seen_pmid: dict[str, Entry] = {}
    seen_title: dict[str, Entry] = {}
    for entry in parsed.entries:
        key = normalise_title(entry.title)
        existing = (
            (entry.doi and by_doi.get(entry.doi))
            or (entry.pmid and by_pmid.get(entry.pmid))
            or (key and _same_work(entry.doi, by_title.get(key), 3))
        )
        if existing:
            preview.duplicates.append(Duplicate(entry, _described(existing), existing[0]))
            continue
        earlier = (
            (entry.doi and seen_doi.get(entry.doi))
            or (entry.pmid and seen_pmid.get(entry.pmid))
            or (key and _same_entry(entry, seen_title.get(key)))
        )
        if earlier:
            preview.duplicates.append(Duplicate(entry, f"{earlier.ref} in this file"))
            continue
        preview.new.append(entry)
        if entry.doi:
            seen_doi[entry.doi] = entry
        if entry.pmid:
            seen_pmid[entry.pmid] = entry
        if key:
            seen_title.setdefault(key, entry)
    return preview


def _same_work(doi: str, row: tuple | None, doi_index: int):
    """The existing row, unless both have a DOI and the DOIs differ."""
    if row is None or (doi and row[doi_index] and row[doi_index] != doi):
        return None
    return row


def _same_entry(entry: Entry, earlier: Entry | None) -> Entry | None:
    if earlier is None or (entry.doi and earlier.doi and entry.doi != earlier.doi):
        return None
    return earlier


def read_token(mentee, token: str) -> tuple[str, Parsed]:
    """The source and what was read, from a preview token made for `mentee`."""
    try:
        data = previews.unsign(TOKEN_SALT, token, {"mentee": mentee.pk}, max_age=TOKEN_MAX_AGE)
    except previews.PreviewTokenError as error:
        if error.reason == previews.EXPIRED:
            raise ImportRefused(
                "This preview is more than an hour old; preview the file again."
            ) from None
        raise ImportRefused("This preview is not valid; preview the file again.") from None
    try:
        parsed = Parsed(
            entries=[Entry.from_dict(item) for item in data["e"]],
            problems=[Problem(ref, reason) for ref, reason in data["p"]],
        )
    except (KeyError, TypeError, ValueError) as exc:  # signed by us, but by an older version
        raise ImportRefused("This preview is not valid; preview the file again.") from exc
    return data["s"], parsed
