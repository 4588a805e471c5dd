"""Importing publications through the pages: upload or fetch → preview → confirm.

Nothing is saved before the confirmation; a partly readable file needs the
user's explicit consent; duplicates (by DOI, PMID or normalised title) are left
out; a refused file names the entry and the reason.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from urllib.error import URLError

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mentorkit.outcomes.imports import preview as preview_module
from mentorkit.outcomes.models import Outcome

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
IMPORT, FETCH, CONFIRM = "/outcomes/import/", "/outcomes/import/fetch/", "/outcomes/import/confirm/"


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


@pytest.fixture
def signed_in(client, mentee_a):
    client.force_login(mentee_a)
    return client


def preview_of(client, name: str, **data):
    response = client.post(IMPORT, {"format": "auto", "file": upload(name), **data})
    assert response.status_code == 200, response.content.decode()
    return response


def test_the_import_page_offers_a_file_and_an_online_fetch(signed_in):
    page = signed_in.get(IMPORT).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="identifier"' in page


def test_a_preview_lists_what_will_be_added_duplicates_and_unreadable_entries(signed_in):
    response = preview_of(signed_in, "sample.bib")
    preview = response.context["preview"]
    assert [e.ref for e in preview.new] == [
        "entry 1 (okafor2023rhythm)",
        "entry 2 (muller2022sex)",
        "entry 3 (okafor2022wearable)",
    ]
    # The same paper again, with its title in other capitals and punctuation.
    (duplicate,) = preview.duplicates
    assert duplicate.entry.ref == "entry 6 (okafor2023rhythm_again)"
    assert duplicate.of == "entry 1 (okafor2023rhythm) in this file"
    page = response.content.decode()
    assert "entry 4 (broken2021)" in page and "unbalanced braces" in page
    assert "entry 5 (noyear)" in page and "no publication year" in page
    assert "München and Malmö" in page
    assert Outcome.objects.count() == 0  # nothing saved before the confirmation


def test_a_partly_readable_file_imports_nothing_until_the_readable_part_is_confirmed(
    signed_in, mentee_a
):
    token = preview_of(signed_in, "sample.bib").context["form"].initial["token"]
    refused = signed_in.post(CONFIRM, {"token": token})
    assert refused.status_code == 400
    assert "2 entries could not be read; nothing was imported" in refused.content.decode()
    assert Outcome.objects.count() == 0

    response = signed_in.post(CONFIRM, {"token": token, "accept_partial": "on"})
    assert response.status_code == 302
    saved = list(Outcome.objects.filter(mentee=mentee_a).order_by("decided_on", "pk"))
    assert [o.title[:20] for o in saved] == [
        "Wearable ECG patches",
        "Sex differences in a",
        "Early rhythm control",
    ]
    paper = saved[-1]
    assert (paper.kind, paper.result, paper.source) == ("paper", "success", "bibtex")
    assert paper.decided_on == date(2023, 5, 1)
    assert (paper.year, paper.doi, paper.pmid) == (
        2023,
        "10.1161/circulationaha.122.061234",
        "37012345",
    )
    assert paper.venue == "Circulation"
    assert paper.authors == "Okafor AN, Lindqvist E"
    assert paper.title_key  # computed like a saved outcome's, for the next import


def test_a_fully_readable_file_is_saved_on_confirmation_alone(signed_in, mentee_a):
    text = (
        "@article{a, title={First}, journal={Heart}, year=2021, month=feb}\n"
        "@misc{b, title={Second}, year=2022}\n"
    )
    response = signed_in.post(IMPORT, {"format": "bibtex", "text": text})
    assert "accept_partial" not in response.content.decode()  # nothing to consent to
    token = response.context["form"].initial["token"]
    response = signed_in.post(CONFIRM, {"token": token}, follow=True)
    assert "Imported 2 outcomes." in response.content.decode()
    assert list(Outcome.objects.order_by("decided_on").values_list("title", "decided_on")) == [
        ("First", date(2021, 2, 1)),
        ("Second", date(2022, 1, 1)),
    ]


def test_orcid_works_become_papers_and_abstracts(signed_in):
    token = preview_of(signed_in, "orcid_works.json").context["form"].initial["token"]
    signed_in.post(CONFIRM, {"token": token, "accept_partial": "on"})
    assert sorted(Outcome.objects.values_list("kind", flat=True)) == ["abstract", "paper", "paper"]
    assert set(Outcome.objects.values_list("source", flat=True)) == {"orcid"}


def test_existing_outcomes_are_found_by_doi_pmid_or_title(signed_in, mentee_a):
    by_doi = Outcome.objects.create(
        mentee=mentee_a,
        kind="paper",
        title="Something else entirely",
        result="success",
        decided_on=date(2023, 5, 1),
        year=2023,
        doi="10.1161/circulationaha.122.061234",
    )
    by_pmid = Outcome.objects.create(
        mentee=mentee_a, kind="paper", title="Other", result="pending", pmid="36598765"
    )
    by_title = Outcome.objects.create(
        mentee=mentee_a,
        kind="paper",
        title="WEARABLE ECG patches for screening, after stroke!",
        result="pending",
    )
    preview = preview_of(signed_in, "pubmed_efetch.xml").context["preview"]
    assert preview.new == []
    assert [(d.entry.pmid, d.outcome_id) for d in preview.duplicates] == [
        ("37012345", by_doi.pk),
        ("36598765", by_pmid.pk),
    ]
    assert preview.duplicates[0].of == "your outcome “Something else entirely” (2023)"
    ris = preview_of(signed_in, "sample.ris").context["preview"]
    assert [d.outcome_id for d in ris.duplicates] == [by_doi.pk, by_title.pk]


def test_another_mentees_outcomes_are_not_duplicates(signed_in, mentee_b):
    Outcome.objects.create(
        mentee=mentee_b, kind="paper", title="x", result="pending", pmid="37012345"
    )
    preview = preview_of(signed_in, "pubmed_efetch.xml").context["preview"]
    assert len(preview.new) == 2


def test_confirming_the_same_preview_twice_adds_nothing_the_second_time(signed_in):
    token = preview_of(signed_in, "sample.bib").context["form"].initial["token"]
    first = signed_in.post(CONFIRM, {"token": token, "accept_partial": "on"}, follow=True)
    assert "Imported 3 outcomes. 1 duplicate was left out." in first.content.decode()
    again = signed_in.post(CONFIRM, {"token": token, "accept_partial": "on"}, follow=True)
    assert "Imported 0 outcomes. 4 duplicates were left out." in again.content.decode()
    assert Outcome.objects.count() == 3


def test_a_preview_made_for_someone_else_or_altered_is_refused(client, signed_in, mentee_b):
    token = preview_of(signed_in, "sample.bib").context["form"].initial["token"]
    client.force_login(mentee_b)
    for forged in (token, token[:-3] + "abc"):
        response = client.post(CONFIRM, {"token": forged, "accept_partial": "on"})
        assert response.status_code == 400
        assert "This preview is not valid; preview the file again." in response.content.decode()
    assert Outcome.objects.count() == 0


def test_an_old_preview_is_refused(signed_in, monkeypatch):
    token = preview_of(signed_in, "sample.bib").context["form"].initial["token"]
    monkeypatch.setattr(preview_module, "TOKEN_MAX_AGE", -1)
    response = signed_in.post(CONFIRM, {"token": token, "accept_partial": "on"})
    assert response.status_code == 400
    assert "more than an hour old" in response.content.decode()
    assert Outcome.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.bib", b"@article{a, title={Open, year=2020}\n", "entry 1 (a): unbalanced braces"),
        ("list.txt", b"My papers, one per line", "not a format the import reads"),
        ("bad.xml", b"<PubmedArticleSet><PubmedArticle></PubmedArticleSet>", "not well-formed XML"),
        ("bad.json", b'{"group": [', "not valid JSON"),
    ],
)
def test_a_file_with_nothing_readable_is_refused_with_the_entry_and_reason(
    signed_in, name, content, message
):
    response = signed_in.post(IMPORT, {"format": "auto", "file": upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Outcome.objects.count() == 0


def test_a_file_read_as_the_wrong_format_is_refused(signed_in):
    response = signed_in.post(IMPORT, {"format": "ris", "file": upload("sample.bib")})
    assert response.status_code == 400
    assert "does not look like RIS" in response.content.decode()


def test_pasted_text_is_previewed_like_a_file(signed_in):
    text = (DATA / "sample.ris").read_text()
    response = signed_in.post(IMPORT, {"format": "ris", "text": text})
    assert response.status_code == 200
    assert len(response.context["preview"].new) == 2


def test_a_paper_with_a_year_alone_previews_as_that_year_not_as_january(signed_in):
    # The words: "a year-only paper previews as 'Jan 2025'".
    text = (
        "@article{a, title={Year alone}, journal={Heart}, year=2025}\n"
        "@article{b, title={Month too}, journal={Heart}, year=2024, month=may}"
    )
    page = signed_in.post(IMPORT, {"format": "bibtex", "text": text}).content.decode()
    assert re.search(r"Year alone.*?<td class=\"nowrap\">2025</td>", page, re.S)
    assert re.search(r"Month too.*?<td class=\"nowrap\">May 2024</td>", page, re.S)
    assert "Jan 2025" not in page


def test_a_latin1_bibtex_file_is_read(signed_in):
    content = "@article{a, title={Caf\xe9 study}, year=2020}".encode("latin-1")
    response = signed_in.post(IMPORT, {"format": "auto", "file": upload("old.bib", content)})
    assert response.context["preview"].new[0].title == "Café study"


def test_no_file_and_no_text_or_both_is_refused(signed_in):
    assert "Choose a file to import" in signed_in.post(IMPORT, {"format": "auto"}).content.decode()
    both = signed_in.post(IMPORT, {"format": "auto", "file": upload("sample.bib"), "text": "x"})
    assert both.status_code == 400
    assert "not both" in both.content.decode()


def test_a_file_over_5_mb_is_refused(signed_in):
    big = upload("big.bib", b"%" * (5 * 1024 * 1024 + 1))
    response = signed_in.post(IMPORT, {"format": "auto", "file": big})
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()


class Recorded(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_fetching_pmids_previews_the_recorded_answer(signed_in, monkeypatch):
    asked = []

    def urlopen(request, timeout=None):
        asked.append(request.full_url)
        return Recorded((DATA / "pubmed_efetch.xml").read_bytes())

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    response = signed_in.post(FETCH, {"identifier": "37012345, 36598765"})
    assert response.status_code == 200
    assert asked == [
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?db=pubmed&id=37012345,36598765&retmode=xml"
    ]
    preview = response.context["preview"]
    assert [e.pmid for e in preview.new] == ["37012345", "36598765"]
    token = response.context["form"].initial["token"]
    signed_in.post(CONFIRM, {"token": token, "accept_partial": "on"})
    assert set(Outcome.objects.values_list("source", flat=True)) == {"pmid"}


def test_fetching_while_offline_says_so_and_saves_nothing(signed_in, monkeypatch):
    def urlopen(request, timeout=None):
        raise URLError(OSError("Network is unreachable"))

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    response = signed_in.post(FETCH, {"identifier": "10.1161/CIRCULATIONAHA.122.061234"})
    assert response.status_code == 400
    assert "Could not reach Crossref (api.crossref.org) — is this machine offline?" in (
        response.content.decode()
    )
    assert Outcome.objects.count() == 0


def test_an_identifier_that_is_none_of_the_three_is_refused(signed_in):
    response = signed_in.post(FETCH, {"identifier": "my papers"})
    assert response.status_code == 400
    assert "Enter an ORCID iD" in response.content.decode()
