"""Importing publications as outcomes: read → preview → confirm.

- `read(text, format)` turns a BibTeX, RIS, PubMed XML or ORCID works JSON file
  into `Parsed` (readable entries and problems), or raises `ImportRefused`.
- `fetch.fetch(identifier)` does the same from ORCID, PubMed or Crossref.
- `preview.build_preview(mentee, ...)` sorts the entries into new, duplicate
  (by DOI, PMID or normalised title, of an outcome or of an earlier entry) and
  unreadable, and signs what would be saved into a token.
- `actions.confirm_import(mentee, token, accept_partial)` saves in one transaction.
"""

from __future__ import annotations

import re

from . import bibtex, orcid, pubmed, ris
from .entries import Entry, ImportRefused, Parsed, Problem

__all__ = ["FORMATS", "Entry", "ImportRefused", "Parsed", "Problem", "detect", "read"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 5000

# format: (label, reader)
FORMATS = {
    "bibtex": ("BibTeX", bibtex.parse),
    "ris": ("RIS", ris.parse),
    "pubmed": ("PubMed XML", pubmed.parse),
    "orcid": ("ORCID works JSON", orcid.parse),
}


def detect(text: str) -> str:
    """The format the text looks like; ImportRefused when it looks like none."""
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if head.startswith("<"):
        return "pubmed"
    if head.startswith("{"):
        return "orcid"
    if re.search(r"^TY  ?- ", head, re.MULTILINE):
        return "ris"
    if re.search(r"^\s*@\s*\w+\s*[{(]", head, re.MULTILINE):
        return "bibtex"
    raise ImportRefused(
        "This is not a format the import reads: expected BibTeX (@article{...}), "
        "RIS (TY  - JOUR ...), PubMed XML or ORCID works JSON."
    )


# What starts an entry in each format: counted before parsing, so that a file of too many
# entries is refused without spending the time to read them all.
ENTRY_START = {
    "bibtex": re.compile(r"^[ \t]*@[ \t]*(?!comment|string|preamble)\w+[ \t]*[{(]", re.M | re.I),
    "ris": re.compile(r"^TY  ?- ", re.M),
    "pubmed": re.compile(r"<Pubmed(?:Book)?Article>"),
    "orcid": re.compile(r'"work-summary"'),
}
TOO_MANY = f"The file holds more than {MAX_ENTRIES:,} entries; split it and import each part."


def read(text: str, format: str = "auto") -> tuple[str, Parsed]:
    """Read `text` as `format` ("auto" to detect it); returns the format and what was read.

    Every limit is checked before parsing; a JSON file nested too deeply is refused by its
    reader with the reason.
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ImportRefused("The file is larger than 5 MB; split it and import each part.")
    if format == "auto":
        format = detect(text)
    if format not in FORMATS:
        raise ImportRefused(f"Unknown format {format!r}; choose one of {', '.join(FORMATS)}.")
    starts = ENTRY_START[format].finditer(text)
    if any(n >= MAX_ENTRIES for n, _ in enumerate(starts)):
        raise ImportRefused(TOO_MANY)
    parsed = FORMATS[format][1](text)
    if len(parsed.entries) + len(parsed.problems) > MAX_ENTRIES:
        raise ImportRefused(TOO_MANY)
    return format, parsed
