"""Fetching by ORCID iD, PMID or DOI: recorded answers stand in for the network.

`urllib.request.urlopen` is replaced in every test here; a test that reached
the network would fail on `NETWORK_USED`.
"""

from __future__ import annotations

import io
import socket
from pathlib import Path
from urllib.error import HTTPError, URLError

import pytest

from mentorkit.outcomes.imports import ImportRefused
from mentorkit.outcomes.imports.fetch import FetchError, fetch, identify, orcid_checksum_ok

DATA = Path(__file__).parent / "data"

RECORDED = {
    "https://pub.orcid.org/v3.0/0000-0002-1825-0097/works": "orcid_works.json",
    "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&id=37012345,36598765,99999999&retmode=xml": "pubmed_efetch.xml",
    "https://api.crossref.org/works/10.1161/circulationaha.122.061234": "crossref_work.json",
}


class Recorded(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture
def network(monkeypatch):
    """Answers from `data/`, and a log of what was asked, with which headers and timeout."""
    calls = []

    def urlopen(request, timeout=None):
        calls.append((request.full_url, request.get_header("Accept"), timeout))
        name = RECORDED.get(request.full_url)
        if name is None:
            raise HTTPError(
                request.full_url, 404, "Not Found", {}, io.BytesIO(b"Resource not found.")
            )
        return Recorded((DATA / name).read_bytes())

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    return calls


def offline(exc):
    def urlopen(request, timeout=None):
        raise exc

    return urlopen


def test_it_fetches_works_by_orcid_id_from_the_public_api(network, settings):
    settings.MENTORKIT_FETCH_TIMEOUT = 7
    source, parsed = fetch("https://orcid.org/0000-0002-1825-0097")
    assert source == "orcid"
    assert [e.source for e in parsed.entries] == ["orcid"] * 3
    assert network == [
        ("https://pub.orcid.org/v3.0/0000-0002-1825-0097/works", "application/json", 7)
    ]


def test_it_fetches_pmids_with_efetch_and_names_those_pubmed_does_not_know(network):
    source, parsed = fetch("PMID: 37012345, 36598765 99999999")
    assert source == "pmid"
    assert [e.pmid for e in parsed.entries] == ["37012345", "36598765"]
    assert {e.source for e in parsed.entries} == {"pmid"}
    assert [str(p) for p in parsed.problems] == [
        "article 3 (PMID 38000001): no title",
        "PMID 99999999: PubMed has no record of it",
    ]
    assert network[0][1] == "application/xml"


def test_it_fetches_a_doi_from_crossref(network):
    source, parsed = fetch("https://doi.org/10.1161/CIRCULATIONAHA.122.061234")
    assert source == "doi"
    assert parsed.entries[0].title == "Early Rhythm Control in Atrial Fibrillation: A Cohort Study"


def test_an_unknown_doi_says_so(network):
    with pytest.raises(FetchError, match="Crossref knows no work with the DOI 10.9999/nothing"):
        fetch("10.9999/nothing")


@pytest.mark.parametrize(
    "failure",
    [
        URLError(socket.gaierror(-3, "Temporary failure in name resolution")),
        TimeoutError("timed out"),
        URLError(TimeoutError("timed out")),
        ConnectionRefusedError(111, "Connection refused"),
    ],
)
def test_no_network_or_a_timeout_gives_a_clear_message(monkeypatch, failure):
    monkeypatch.setattr("urllib.request.urlopen", offline(failure))
    with pytest.raises(
        FetchError,
        match=r"Could not reach PubMed \(eutils.ncbi.nlm.nih.gov\) — is this machine offline\?",
    ):
        fetch("37012345")


def test_a_server_error_is_reported_as_such(monkeypatch):
    error = HTTPError("https://pub.orcid.org/", 503, "Service Unavailable", {}, io.BytesIO(b""))
    monkeypatch.setattr("urllib.request.urlopen", offline(error))
    with pytest.raises(FetchError, match="ORCID answered 503 Service Unavailable; try again later"):
        fetch("0000-0002-1825-0097")


@pytest.mark.parametrize(
    ("text", "identified"),
    [
        ("0000-0002-1825-0097", ("orcid", "0000-0002-1825-0097")),
        ("https://orcid.org/0000-0002-1694-233x", ("orcid", "0000-0002-1694-233X")),
        ("37012345", ("pmid", "37012345")),
        ("37012345, 36598765;37012345", ("pmid", "37012345,36598765")),
        ("doi:10.1000/XYZ.123", ("doi", "10.1000/xyz.123")),
    ],
)
def test_it_tells_orcid_ids_pmids_and_dois_apart(text, identified):
    assert identify(text) == identified


def test_a_mistyped_orcid_id_or_something_else_is_refused():
    assert not orcid_checksum_ok("0000-0002-1825-0098")
    with pytest.raises(ImportRefused, match="not a valid ORCID iD: its check digit"):
        identify("0000-0002-1825-0098")
    with pytest.raises(ImportRefused, match="Enter an ORCID iD"):
        identify("my papers")
