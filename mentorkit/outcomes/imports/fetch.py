"""Fetching publications when the machine is online: by ORCID iD, PMID or DOI.

Each fetch is one HTTP GET with a timeout (`MENTORKIT_FETCH_TIMEOUT`, 10 s by
default) through `urllib.request.urlopen`, and its answer goes through the same
reader as an uploaded file. A network failure becomes a `FetchError` whose
message says which service could not be reached and that the machine may be
offline. Tests replace `urllib.request.urlopen`; they never use the network.
"""

from __future__ import annotations

import re
import urllib.request
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlsplit

from django.conf import settings

from . import crossref, orcid, pubmed
from .entries import ImportRefused, Parsed, Problem, normalise_doi

MAX_BYTES = 5 * 1024 * 1024
MAX_PMIDS = 200

ORCID_WORKS = "https://pub.orcid.org/v3.0/{orcid}/works"
PUBMED_EFETCH = (
    "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&id={ids}&retmode=xml"
)
CROSSREF_WORK = "https://api.crossref.org/works/{doi}"

_ORCID = re.compile(r"^(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")
_PMIDS = re.compile(r"^\d{1,9}(?:[\s,;]+\d{1,9})*$")


class FetchError(ImportRefused):
    """The service could not be reached or refused to answer; the message says which."""


def orcid_checksum_ok(identifier: str) -> bool:
    """ISO 7064 MOD 11-2, the check digit of an ORCID iD."""
    digits = identifier.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def identify(text: str) -> tuple[str, str]:
    """("orcid" | "pmid" | "doi", value) for what the user typed; ImportRefused if none fits."""
    value = text.strip()
    value = re.sub(r"^(?:https?://)?(?:www\.)?orcid\.org/", "", value, flags=re.I)
    value = re.sub(r"^pmid:?\s*", "", value, flags=re.I)
    if _ORCID.match(value.upper()):
        value = value.upper()
        if not orcid_checksum_ok(value):
            raise ImportRefused(f"{value} is not a valid ORCID iD: its check digit does not match.")
        return "orcid", value
    if _PMIDS.match(value):
        ids = list(dict.fromkeys(re.split(r"[\s,;]+", value)))
        if len(ids) > MAX_PMIDS:
            raise ImportRefused(f"Fetch at most {MAX_PMIDS} PMIDs at a time.")
        return "pmid", ",".join(ids)
    doi = normalise_doi(value)
    if doi:
        return "doi", doi
    raise ImportRefused(
        "Enter an ORCID iD (like 0000-0002-1825-0097), one or more PMIDs (digits, "
        "separated by commas) or a DOI (like 10.1161/CIRCULATIONAHA.122.061234)."
    )


def get(url: str, accept: str, service: str, not_found: str) -> str:
    """The body of one GET, or a FetchError in words the user can act on."""
    host = urlsplit(url).hostname
    request = urllib.request.Request(
        url, headers={"Accept": accept, "User-Agent": f"mentorkit ({settings.BASE_URL})"}
    )
    timeout = getattr(settings, "MENTORKIT_FETCH_TIMEOUT", 10)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except HTTPError as exc:
        if exc.code == 404:
            raise FetchError(not_found) from exc
        raise FetchError(f"{service} answered {exc.code} {exc.reason}; try again later.") from exc
    except (URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"Could not reach {service} ({host}) — is this machine offline? ({reason})"
        ) from exc
    if len(body) > MAX_BYTES:
        raise FetchError(f"{service}'s answer is larger than 5 MB; fetch fewer records at a time.")
    return body.decode("utf-8", errors="replace")


def fetch(text: str) -> tuple[str, Parsed]:
    """Fetch what `text` names; returns the source ("orcid", "pmid", "doi") and what was read."""
    kind, value = identify(text)
    if kind == "orcid":
        body = get(
            ORCID_WORKS.format(orcid=value),
            "application/json",
            "ORCID",
            f"ORCID has no public record for {value}.",
        )
        return kind, orcid.parse(body, source="orcid")
    if kind == "pmid":
        body = get(
            PUBMED_EFETCH.format(ids=value),
            "application/xml",
            "PubMed",
            f"PubMed has no record for PMID {value}.",
        )
        parsed = pubmed.parse(body, source="pmid") if "<PubmedArticle" in body else Parsed()
        found = {entry.pmid for entry in parsed.entries}
        for pmid in value.split(","):
            if pmid not in found and not any(f"PMID {pmid})" in p.ref for p in parsed.problems):
                parsed.problems.append(Problem(f"PMID {pmid}", "PubMed has no record of it"))
        return kind, parsed.refuse_if_empty("PubMed answer")
    body = get(
        CROSSREF_WORK.format(doi=quote(value, safe="/")),
        "application/json",
        "Crossref",
        f"Crossref knows no work with the DOI {value}.",
    )
    return kind, crossref.parse(body, source="doi")
