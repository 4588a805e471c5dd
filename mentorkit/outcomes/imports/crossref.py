"""Crossref's JSON for one DOI (`https://api.crossref.org/works/{doi}`): what a DOI fetch reads."""

from __future__ import annotations

import json

from .entries import Entry, ImportRefused, Parsed, Problem, normalise_doi, plain, publication_date
from .names import author_list, person

PAPERS = {
    "journal-article", "proceedings-article", "book-chapter", "book", "monograph",
    "edited-book", "reference-book", "posted-content", "report", "dissertation",
    "book-section", "book-part", "reference-entry",
}  # fmt: skip


def _first(values) -> str:
    return plain(values[0]) if isinstance(values, list) and values else plain(values or "")


def parse(text: str, source: str = "doi") -> Parsed:
    """Read Crossref's answer for one work."""
    try:
        return _parse(text, source)
    except ImportRefused:
        raise
    except (AttributeError, TypeError, ValueError, IndexError) as exc:  # fields of odd shapes
        raise ImportRefused("Crossref's answer could not be read.") from exc


def _parse(text: str, source: str) -> Parsed:
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ImportRefused("This JSON is nested too deeply to be a list of works.") from exc
    except ValueError as exc:
        raise ImportRefused(f"This is not valid JSON: {exc}.") from exc
    if not isinstance(data, dict) or data.get("message-type") != "work":
        raise ImportRefused("This JSON is not a Crossref work (expected message-type 'work').")
    work = data.get("message") or {}
    doi = normalise_doi(work.get("DOI", ""))
    where = f"DOI {doi}" if doi else "the work"
    parsed = Parsed()
    work_type = plain(work.get("type", ""))
    title = _first(work.get("title"))
    subtitle = _first(work.get("subtitle"))
    date_parts = []
    for name in ("published", "published-print", "published-online", "issued"):
        parts = ((work.get(name) or {}).get("date-parts") or [[]])[0]
        if parts and parts[0]:
            date_parts = parts
            break
    if work_type not in PAPERS:
        parsed.problems.append(Problem(where, f"type {work_type or '(none)'} is not a paper"))
    elif not title:
        parsed.problems.append(Problem(where, "no title"))
    elif not date_parts:
        parsed.problems.append(Problem(where, "no publication year"))
    else:
        year, month, day = (list(date_parts) + [None, None])[:3]
        details = plain(work.get("volume", ""))
        if work.get("issue"):
            details += f"({plain(work['issue'])})"
        if work.get("page"):
            details += (":" if details else "pp. ") + plain(work["page"]).replace("-", "–")
        names = [
            plain(a.get("name", "")) or person(a.get("family", ""), a.get("given", ""))
            for a in work.get("author") or []
            if isinstance(a, dict)
        ]
        parsed.entries.append(
            Entry(
                ref=where,
                source=source,
                kind="paper",
                title=f"{title}: {subtitle}" if subtitle else title,
                venue=_first(work.get("container-title")) or plain(work.get("publisher", "")),
                authors=author_list(names),
                year=int(year),
                month=month,
                published_on=publication_date(int(year), month, day),
                doi=doi,
                url=plain(work.get("URL", "")),
                details=details,
            )
        )
    return parsed.refuse_if_empty("Crossref answer")
