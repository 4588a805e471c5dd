"""RIS (EndNote, Zotero, Mendeley, journal sites), read record by record with rispy.

The file is cut into records here, from each `TY  -` line to its `ER  -` line,
so a record with no end, or a line that is not a tag, is reported by number
instead of being silently dropped or glued to its neighbour.
"""

from __future__ import annotations

import re

import rispy

from .entries import (
    Entry,
    ImportRefused,
    Parsed,
    Problem,
    normalise_doi,
    normalise_pmid,
    parse_month,
    parse_year,
    plain,
    publication_date,
    small_int,
)
from .names import author_list, split_bibtex_name

KINDS = {
    **dict.fromkeys(
        [
            "JOUR",
            "JFULL",
            "EJOUR",
            "MGZN",
            "NEWS",
            "CONF",
            "CPAPER",
            "BOOK",
            "EBOOK",
            "EDBOOK",
            "CHAP",
            "ECHAP",
            "THES",
            "RPRT",
            "GEN",
            "ELEC",
            "SER",
            "INPR",
        ],
        "paper",
    ),
    "ABST": "abstract",
    "SLIDE": "presentation",
}
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_LOOSE_TAG = re.compile(r"^([A-Z][A-Z0-9]) ?- ?(.*)$")


def _lines(text: str) -> list[str]:
    lines = []
    for line in text.lstrip("\ufeff").splitlines():
        line = line.rstrip()
        # "TY - JOUR" (one space) is common enough to accept
        loose = _LOOSE_TAG.match(line)
        if loose and not _TAG.match(line):
            line = f"{loose.group(1)}  - {loose.group(2)}".rstrip()
        lines.append(line)
    return lines


def parse(text: str, source: str = "ris") -> Parsed:
    """Read a RIS file; see the module docstring."""
    lines = _lines(text)
    if not any(line.startswith("TY  -") for line in lines):
        raise ImportRefused(
            "This does not look like RIS: no record starting with a 'TY  - ' line was found."
        )
    parsed = Parsed()
    record: list[str] = []
    number = 0
    started = 0
    for line_number, line in enumerate(lines, start=1):
        tag = _TAG.match(line)
        if tag and tag.group(1) == "TY":
            if record:
                parsed.problems.append(
                    Problem(
                        f"record {number} (line {started})",
                        "no end-of-record line (ER  - ) before the next TY",
                    )
                )
            number += 1
            started = line_number
            record = [line]
        elif not record:
            continue  # text between records is ignored, as RIS readers do
        elif tag and tag.group(1) == "ER":
            record.append(line)
            outcome = _entry(record, f"record {number} (line {started})", source)
            parsed.add(outcome)
            record = []
        else:
            record.append(line)
    if record:
        parsed.problems.append(
            Problem(f"record {number} (line {started})", "no end-of-record line (ER  - )")
        )
    return parsed.refuse_if_empty("RIS file")


def _first(fields: dict, *names: str) -> str:
    for name in names:
        value = fields.get(name)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return plain(value)
    return ""


def _entry(lines: list[str], where: str, source: str) -> Entry | Problem:
    try:
        records = rispy.loads("\n".join(lines))
    except Exception as exc:  # rispy raises plain exceptions on odd input
        return Problem(where, f"not valid RIS ({exc})")
    if len(records) != 1:
        return Problem(where, "not valid RIS")
    fields = records[0]
    kind = KINDS.get(fields.get("type_of_reference", ""))
    if kind is None:
        what = fields.get("type_of_reference", "")
        return Problem(where, f"type {what} is not a publication type this import reads")
    title = _first(fields, "title", "primary_title")
    if not title:
        return Problem(where, "no title (TI or T1)")
    date_text = _first(fields, "year", "publication_year", "date")
    year = parse_year(date_text)
    if year is None:
        return Problem(where, "no publication year (PY, Y1 or DA)")
    parts = [p for p in re.split(r"[/\-]", _first(fields, "date") or date_text)]
    month = parse_month(parts[1]) if len(parts) > 1 and parts[1] else None
    day = small_int(parts[2]) if len(parts) > 2 else None
    names = fields.get("authors") or fields.get("first_authors") or []
    urls = fields.get("urls") or []
    pmid = ""
    database = (_first(fields, "name_of_database") + _first(fields, "database_provider")).lower()
    if "pubmed" in database or "medline" in database or "nlm" in database:
        pmid = normalise_pmid(_first(fields, "accession_number"))
    pages = "–".join(filter(None, [_first(fields, "start_page"), _first(fields, "end_page")]))
    details = _first(fields, "volume")
    if fields.get("number"):
        details += f"({_first(fields, 'number')})"
    if pages:
        details += (":" if details else "pp. ") + pages
    return Entry(
        ref=where,
        source=source,
        kind=kind,
        title=title,
        venue=_first(
            fields,
            "journal_name",
            "secondary_title",
            "alternate_title3",
            "alternate_title2",
            "alternate_title1",
            "publisher",
        ),
        authors=author_list([split_bibtex_name(plain(n)) for n in names]),
        year=year,
        month=month,
        published_on=publication_date(year, month, day),
        doi=normalise_doi(_first(fields, "doi"))
        or next((normalise_doi(u) for u in urls if normalise_doi(u)), ""),
        pmid=pmid,
        url=plain(urls[0]) if urls else "",
        details=details,
    )
