"""BibTeX, read with bibtexparser 1.4 (LaTeX accents and braces turned into plain text).

bibtexparser keeps what it cannot read as a "comment" beginning with `@`; those
are the entries reported as unreadable, with a reason guessed from the text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

import bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.latexenc import latex_to_unicode

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

# Entry types that are publications; anything else is reported, not guessed.
KINDS = {
    "article": "paper",
    "inproceedings": "paper",
    "conference": "paper",
    "incollection": "paper",
    "inbook": "paper",
    "book": "paper",
    "proceedings": "paper",
    "phdthesis": "paper",
    "mastersthesis": "paper",
    "thesis": "paper",
    "techreport": "paper",
    "report": "paper",
    "misc": "paper",
    "online": "paper",
    "manual": "paper",
    "booklet": "paper",
}
NOT_ENTRIES = {"comment", "string", "preamble"}

_HEADER = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]*)", re.MULTILINE)
_GOOD_HEADER = re.compile(r"^\s*@\s*\w+\s*[{(]\s*[^,\s{}()=]+\s*,")
_MARKUP = re.compile(r"\\(?:emph|textit|textbf|textsc|textrm|textup|mathrm|mathit|text)\s*(?=\{)")


# The accents and letters met in names and titles, done by one regex each; only a
# backslash left after them goes through bibtexparser's (slow, exhaustive) table.
_COMBINING = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
_ACCENT = re.compile(
    r"\\([`'^\"~=.]|[uvHckrdb](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))"
)
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}  # fmt: skip
_LETTER = re.compile(r"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s*")
_ESCAPED = re.compile(r"\\([&%_$#{}])")


def _accent(match: re.Match) -> str:
    letter = (match.group(2) or match.group(3)).lstrip("\\")
    return unicodedata.normalize("NFC", letter + _COMBINING[match.group(1)])


def latex_text(value: str) -> str:
    """LaTeX to plain text: accents to letters, markup and protective braces dropped."""
    value = _MARKUP.sub("", value)
    if "\\" in value:
        value = _ACCENT.sub(_accent, value)
        value = _LETTER.sub(lambda m: _LETTERS[m.group(1)], value)
        value = _ESCAPED.sub(
            lambda m: {"{": "\x00", "}": "\x01"}.get(m.group(1), m.group(1)), value
        )
        if "\\" in value:
            value = latex_to_unicode(value)
    value = value.replace("{", "").replace("}", "").replace("$", "")
    value = value.replace("\x00", "{").replace("\x01", "}")
    value = value.replace("---", "—").replace("--", "–").replace("~", " ")
    return plain(value)


def why_unreadable(chunk: str) -> str:
    if chunk.count("{") != chunk.count("}"):
        return "unbalanced braces { } — a brace is missing or one too many"
    if not _GOOD_HEADER.match(chunk):
        return "no citation key, or no comma after it (expected @type{key, ...})"
    if chunk.count('"') % 2:
        return "an unclosed double quote"
    return "not valid BibTeX: check the = signs, commas and quotes between fields"


def _parser() -> BibTexParser:
    return BibTexParser(
        common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True
    )


def parse(text: str, source: str = "bibtex") -> Parsed:
    """Read a BibTeX file; see the module docstring."""
    headers = [
        (m.start(), m.group(1).lower(), m.group(2))
        for m in _HEADER.finditer(text)
        if m.group(1).lower() not in NOT_ENTRIES
    ]
    if not headers:
        raise ImportRefused(
            "This does not look like BibTeX: no entry of the form @article{key, ...} was found."
        )
    offsets = [offset for offset, _type, _key in headers]
    try:
        database = bibtexparser.loads(text, _parser())
    except Exception as exc:  # pyparsing can fail on the whole file
        raise ImportRefused(f"This BibTeX file could not be read: {exc}") from exc

    def ref(number: int, key: str) -> str:
        return f"entry {number} ({key})" if key else f"entry {number}"

    parsed = Parsed()
    unused: dict[str, list[int]] = {}
    for number, (_offset, _type, key) in enumerate(headers, start=1):
        unused.setdefault(key, []).append(number)
    found: list[tuple[int, dict | Problem]] = []
    for record in database.entries:
        numbers = unused.get(record.get("ID", ""), [])
        found.append((numbers.pop(0) if numbers else 0, record))
    for chunk in database.comments:
        header = _HEADER.match(chunk)
        if not header or header.group(1).lower() in NOT_ENTRIES:
            continue
        where = text.find(chunk[:200])
        number = bisect.bisect_right(offsets, where) if where >= 0 else 0
        key = header.group(2)
        if number:
            taken = unused.get(key, [])
            if number in taken:
                taken.remove(number)
        found.append((number, Problem(ref(number or len(headers), key), why_unreadable(chunk))))
    # Entries bibtexparser dropped without a trace (rare): report them too.
    for key, numbers in unused.items():
        for number in numbers:
            found.append((number, Problem(ref(number, key), "not valid BibTeX")))
    found.sort(key=lambda pair: pair[0])

    for number, item in found:
        parsed.add(
            item
            if isinstance(item, Problem)
            else _entry(item, ref(number, item.get("ID", "")), source)
        )
    return parsed.refuse_if_empty("BibTeX file")


def _entry(record: dict, where: str, source: str) -> Entry | Problem:
    entry_type = record.get("ENTRYTYPE", "").lower()
    if entry_type not in KINDS:
        return Problem(where, f"@{entry_type} is not a publication type this import reads")
    fields = {name.lower(): value for name, value in record.items()}
    title = latex_text(fields.get("title", ""))
    if not title:
        return Problem(where, "no title")
    year = parse_year(fields.get("year") or fields.get("date"))
    if year is None:
        return Problem(where, "no publication year")
    month = parse_month(fields.get("month", ""))
    if month is None and fields.get("date"):
        parts = re.findall(r"[0-9]+", fields["date"])
        month = parse_month(parts[1]) if len(parts) > 1 else None
    day = fields.get("day", "")
    names = [n for n in re.split(r"\s+and\s+", fields.get("author", ""), flags=re.I) if n.strip()]
    et_al = bool(names) and names[-1].strip().lower() == "others"
    if et_al:
        names = names[:-1]
    venue = next(
        (
            fields[name]
            for name in (
                "journal",
                "journaltitle",
                "booktitle",
                "publisher",
                "school",
                "institution",
            )
            if fields.get(name)
        ),
        "",
    )
    return Entry(
        ref=where,
        source=source,
        kind=KINDS[entry_type],
        title=title,
        venue=latex_text(venue),
        authors=author_list([split_bibtex_name(latex_text_keep_braces(n)) for n in names], et_al),
        year=year,
        published_on=publication_date(year, month, small_int(day)),
        doi=normalise_doi(fields.get("doi", "")) or normalise_doi(fields.get("url", "")),
        pmid=normalise_pmid(fields.get("pmid", "")),
        url=plain(fields.get("url", "")),
        details=citation(
            fields.get("volume", ""), fields.get("number", ""), fields.get("pages", "")
        ),
    )


def latex_text_keep_braces(value: str) -> str:
    """A name with its accents resolved but a corporate name's outer braces kept."""
    value = value.strip()
    if value.startswith("{") and value.endswith("}") and value.count("{") == 1:
        return "{" + latex_text(value[1:-1]) + "}"
    return latex_text(value)


def citation(volume: str, number: str, pages: str) -> str:
    """`12(3):45–67`, or the parts there are."""
    text = plain(volume)
    if number:
        text += f"({plain(number)})"
    if pages:
        text += (":" if text else "pp. ") + plain(pages).replace("--", "–").replace("-", "–")
    return text
