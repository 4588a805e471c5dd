"""ORCID public API v3.0 works: the JSON of `https://pub.orcid.org/v3.0/{orcid}/works`
(or of a whole record, whose `activities-summary.works` is the same thing).

Each group is one work as several sources describe it; the first summary is the
one ORCID prefers. Summaries carry no author list, so authors stay empty.
"""

from __future__ import annotations

import json

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

PAPERS = {
    "journal-article", "book", "book-chapter", "conference-paper", "preprint", "review",
    "report", "dissertation-thesis", "dissertation", "working-paper", "edited-book",
    "encyclopedia-entry", "dictionary-entry", "magazine-article", "newspaper-article",
    "newsletter-article", "book-review", "supervised-student-publication",
}  # fmt: skip
KINDS = {
    **dict.fromkeys(PAPERS, "paper"),
    "conference-abstract": "abstract",
    "conference-poster": "presentation",
    "conference-presentation": "presentation",
    "lecture-speech": "presentation",
    "public-speech": "presentation",
}


def _value(node, *path: str) -> str:
    for name in path:
        if not isinstance(node, dict):
            return ""
        node = node.get(name)
    return plain(node) if isinstance(node, str | int) else ""


def parse(text: str, source: str = "orcid") -> Parsed:
    """Read ORCID works JSON; see the module docstring."""
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ImportRefused("This JSON is nested too deeply to be a list of works.") from exc
    except ValueError as exc:
        raise ImportRefused(f"This is not valid JSON: {exc}.") from exc
    if isinstance(data, dict) and "activities-summary" in data:
        data = (data.get("activities-summary") or {}).get("works") or {}
    if isinstance(data, dict) and ("response-code" in data or "error-code" in data):
        message = data.get("user-message") or data.get("developer-message") or "an error"
        raise ImportRefused(f"ORCID answered with an error: {plain(message)}")
    if not isinstance(data, dict) or not isinstance(data.get("group"), list):
        raise ImportRefused(
            'This JSON is not an ORCID works list: expected {"group": [{"work-summary": ...}]}.'
        )
    parsed = Parsed()
    for number, group in enumerate(data["group"], start=1):
        summaries = group.get("work-summary") if isinstance(group, dict) else None
        if not summaries or not isinstance(summaries, list) or not isinstance(summaries[0], dict):
            parsed.problems.append(Problem(f"work {number}", "no work-summary"))
            continue
        try:
            parsed.add(_entry(summaries[0], group, number, source))
        except (AttributeError, TypeError, ValueError):  # a field of an unexpected shape
            parsed.add(Problem(f"work {number}", "not a valid ORCID work summary"))
    return parsed.refuse_if_empty("ORCID works list")


def _entry(work: dict, group: dict, number: int, source: str) -> Entry | Problem:
    put_code = _value(work, "put-code")
    where = f"work {number} (put-code {put_code})" if put_code else f"work {number}"
    work_type = _value(work, "type").lower()
    kind = KINDS.get(work_type)
    if kind is None:
        return Problem(where, f"type {work_type or '(none)'} is not a paper, abstract or talk")
    title = _value(work, "title", "title", "value")
    subtitle = _value(work, "title", "subtitle", "value")
    if subtitle:
        title = f"{title}: {subtitle}"
    if not title:
        return Problem(where, "no title")
    year = parse_year(_value(work, "publication-date", "year", "value"))
    if year is None:
        return Problem(where, "no publication year")
    month = parse_month(_value(work, "publication-date", "month", "value"))
    day = _value(work, "publication-date", "day", "value")
    ids = {"doi": "", "pmid": ""}
    # the preferred summary's own identifiers first, then those of the whole group
    external = [
        *((work.get("external-ids") or {}).get("external-id") or []),
        *((group.get("external-ids") or {}).get("external-id") or []),
    ]
    for identifier in external:
        if not isinstance(identifier, dict) or identifier.get("external-id-relationship") not in {
            "self",
            None,
        }:
            continue
        id_type = _value(identifier, "external-id-type").lower()
        if id_type in ids and not ids[id_type]:
            raw = _value(identifier, "external-id-normalized", "value") or _value(
                identifier, "external-id-value"
            )
            ids[id_type] = normalise_doi(raw) if id_type == "doi" else normalise_pmid(raw)
    return Entry(
        ref=where,
        source=source,
        kind=kind,
        title=title,
        venue=_value(work, "journal-title", "value"),
        year=year,
        month=month,
        published_on=publication_date(year, month, small_int(day)),
        doi=ids["doi"],
        pmid=ids["pmid"],
        url=_value(work, "url", "value"),
    )
