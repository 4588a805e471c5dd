"""Reading BibTeX, RIS, PubMed XML, ORCID and Crossref into entries: pure functions, no database.

The sample files under `data/` are hand-written in each real format.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.outcomes.imports import (
    ImportRefused,
    bibtex,
    crossref,
    detect,
    orcid,
    pubmed,
    read,
    ris,
)

DATA = Path(__file__).parent / "data"


def sample(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# --- BibTeX -----------------------------------------------------------------------------


def test_it_reads_bibtex_entries_with_strings_months_and_citation_details():
    parsed = bibtex.parse(sample("sample.bib"))
    first = parsed.entries[0]
    assert first.ref == "entry 1 (okafor2023rhythm)"
    assert first.title == "Early rhythm control in atrial fibrillation: a cohort study"
    assert first.venue == "Circulation"  # from @string
    assert first.authors == "Okafor AN, Lindqvist E"
    assert (first.year, first.published_on) == (2023, date(2023, 5, 1))
    assert first.doi == "10.1161/circulationaha.122.061234"
    assert first.pmid == "37012345"
    assert first.details == "147(20):1501–1512"
    assert (first.kind, first.source) == ("paper", "bibtex")


def test_it_turns_latex_accents_braces_and_markup_into_plain_text():
    second = bibtex.parse(sample("sample.bib")).entries[1]
    assert second.title == (
        "Sex differences in anticoagulation after left atrial appendage closure "
        "in München and Malmö"
    )
    assert second.authors == "Müller H, Chávez MJ, AFib Registry Investigators, et al."
    assert second.doi == "10.1161/jaha.122.027777"  # the https://doi.org/ prefix dropped
    assert second.published_on == date(2022, 11, 1)


def test_it_reads_given_name_first_authors_and_particles():
    third = bibtex.parse(sample("sample.bib")).entries[2]
    assert third.authors == "Okafor A, van Beethoven L"
    assert third.venue == "Proceedings of the European Society of Cardiology Congress"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"G\"{o}del and Erd\H{o}s \& \c{c}a", "Gödel and Erdős & ça"),
        (r"{\AA}ngstr{\"o}m -- 50\% \textit{in vitro}", "Ångström – 50% in vitro"),
        (r"Stra\ss e, \o re, \v{S}koda, Jos\'{\i}", "Straße, øre, Škoda, Josí"),
        (r"$\alpha$-synuclein", "α-synuclein"),
    ],
)
def test_latex_text(latex, text):
    assert bibtex.latex_text(latex) == text


def test_it_reports_unreadable_bibtex_entries_by_number_key_and_reason():
    parsed = bibtex.parse(sample("sample.bib"))
    assert [str(p) for p in parsed.problems] == [
        "entry 4 (broken2021): unbalanced braces { } — a brace is missing or one too many",
        "entry 5 (noyear): no publication year",
    ]
    # the entries after the broken one are still read
    assert parsed.entries[-1].ref == "entry 6 (okafor2023rhythm_again)"


def test_it_names_a_missing_citation_key_and_an_unknown_entry_type():
    parsed = bibtex.parse(
        "@article{ok, title={Fine}, year=2020}\n"
        "@article{nokey title={x}, year=2020}\n"
        "@recipe{pie1, title={A pie}, year=2019}\n"
    )
    assert [e.title for e in parsed.entries] == ["Fine"]
    assert [str(p) for p in parsed.problems] == [
        "entry 2 (nokey): no citation key, or no comma after it (expected @type{key, ...})",
        "entry 3 (pie1): @recipe is not a publication type this import reads",
    ]


def test_text_that_is_not_bibtex_is_refused():
    with pytest.raises(ImportRefused, match="does not look like BibTeX"):
        bibtex.parse("Okafor A. Early rhythm control. Circulation 2023.")


def test_a_bibtex_file_with_no_readable_entry_is_refused_naming_the_first():
    with pytest.raises(ImportRefused) as refused:
        bibtex.parse("@article{a, title={Open, year=2020}\n@article{b, title={No year}}\n")
    message = str(refused.value)
    assert message.startswith("No entry in this BibTeX file could be read. entry 1 (a): unbalanced")
    assert "(1 more could not be read either)" in message


# --- RIS --------------------------------------------------------------------------------


def test_it_reads_ris_records():
    parsed = ris.parse(sample("sample.ris"))
    first, second = parsed.entries
    assert first.title == "Early rhythm control in atrial fibrillation: a cohort study"
    assert first.authors == "Okafor AN, Lindqvist E"
    assert first.published_on == date(2023, 5, 14)
    assert first.venue == "Circulation"
    assert first.doi == "10.1161/circulationaha.122.061234"
    assert first.pmid == "37012345"  # AN of a PubMed record
    assert first.details == "147(20):1501–1512"
    assert (second.title, second.year, second.venue) == (
        "Wearable ECG patches for screening after stroke",
        2022,
        "European Society of Cardiology Congress",
    )


def test_it_reports_unreadable_ris_records():
    parsed = ris.parse(sample("sample.ris"))
    assert [str(p) for p in parsed.problems] == [
        "record 3 (line 24): no end-of-record line (ER  - ) before the next TY",
        "record 4 (line 28): type GRANT is not a publication type this import reads",
        "record 5 (line 33): no title (TI or T1)",
    ]


def test_a_ris_record_cut_off_at_the_end_is_reported():
    parsed = ris.parse("TY  - JOUR\nTI  - Fine\nPY  - 2020\nER  - \nTY  - JOUR\nTI  - Cut")
    assert [e.title for e in parsed.entries] == ["Fine"]
    assert str(parsed.problems[0]) == "record 2 (line 5): no end-of-record line (ER  - )"


def test_text_that_is_not_ris_is_refused():
    with pytest.raises(ImportRefused, match="does not look like RIS"):
        ris.parse("Title: A paper\nYear: 2020\n")
    with pytest.raises(ImportRefused, match="No entry in this RIS file could be read"):
        ris.parse("TY  - JOUR\nTI  - No end\n")


# --- PubMed XML -------------------------------------------------------------------------


def test_it_reads_pubmed_efetch_xml():
    parsed = pubmed.parse(sample("pubmed_efetch.xml"))
    first, second = parsed.entries
    assert first.ref == "article 1 (PMID 37012345)"
    assert first.title == "Early rhythm control in atrial fibrillation: a cohort study"
    assert first.authors == "Okafor AN, Lindqvist E"
    assert first.published_on == date(2023, 5, 16)
    assert first.doi == "10.1161/circulationaha.122.061234"
    assert first.url == "https://pubmed.ncbi.nlm.nih.gov/37012345/"
    assert first.details == "147(20):1501–1512"
    # inline markup, a MedlineDate, a group author and an incomplete author list
    assert second.title == "Sex differences in anticoagulation after left atrial appendage closure"
    assert second.published_on == date(2022, 11, 1)
    assert second.authors == "Müller H, AFib Registry Investigators, et al."
    assert [str(p) for p in parsed.problems] == ["article 3 (PMID 38000001): no title"]


def test_xml_declaring_entities_is_refused_before_parsing():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<PubmedArticleSet>&lol2;</PubmedArticleSet>"
    )
    with pytest.raises(ImportRefused, match="declares its own entities"):
        pubmed.parse(laughs)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (
            "<PubmedArticleSet><PubmedArticle></PubmedArticleSet>",
            "not well-formed XML: mismatched tag: line 1",
        ),
        (
            "<html><body>Not found</body></html>",
            "not from PubMed: expected <PubmedArticleSet>, found <html>",
        ),
        (
            "<eFetchResult><ERROR>Empty id list - nothing todo</ERROR></eFetchResult>",
            "PubMed answered with an error: Empty id list",
        ),
        ("<PubmedArticleSet></PubmedArticleSet>", "This PubMed file holds no entries"),
    ],
)
def test_malformed_pubmed_xml_is_refused_with_the_reason(xml, message):
    with pytest.raises(ImportRefused, match=message):
        pubmed.parse(xml)


# --- ORCID ------------------------------------------------------------------------------


def test_it_reads_orcid_works_taking_each_groups_preferred_summary():
    parsed = orcid.parse(sample("orcid_works.json"))
    first, second, third = parsed.entries
    assert first.ref == "work 1 (put-code 145236987)"
    assert first.doi == "10.1161/circulationaha.122.061234"
    assert first.pmid == "37012345"  # from the group's other summary
    assert first.published_on == date(2023, 5, 16)
    assert first.venue == "Circulation"
    assert second.pmid == "36598765"
    assert second.published_on == date(2022, 11, 1)
    assert (third.kind, third.title) == (
        "abstract",
        "Wearable ECG patches for screening after stroke",
    )
    assert [str(p) for p in parsed.problems] == [
        "work 4 (put-code 110000003): type software is not a paper, abstract or talk",
        "work 5 (put-code 100000004): no publication year",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"group": [', "not valid JSON"),
        ('{"works": []}', "not an ORCID works list"),
        (
            '{"response-code": 404, "user-message": "The resource was not found."}',
            "ORCID answered with an error",
        ),
        ('{"group": []}', "holds no entries"),
        ('{"group": [{"work-summary": []}]}', r"work 1: no work-summary"),
    ],
)
def test_malformed_orcid_json_is_refused_with_the_reason(text, message):
    with pytest.raises(ImportRefused, match=message):
        orcid.parse(text)


# --- Crossref ---------------------------------------------------------------------------


def test_it_reads_a_crossref_work():
    (entry,) = crossref.parse(sample("crossref_work.json")).entries
    assert entry.title == "Early Rhythm Control in Atrial Fibrillation: A Cohort Study"
    assert entry.authors == "Okafor AN, Lindqvist E"
    assert entry.published_on == date(2023, 4, 3)
    assert (entry.source, entry.doi) == ("doi", "10.1161/circulationaha.122.061234")
    assert entry.details == "147(20):1501–1512"


def test_a_crossref_work_that_is_not_a_paper_is_refused():
    text = '{"message-type": "work", "message": {"DOI": "10.5281/x", "type": "dataset", "title": ["Data"]}}'
    with pytest.raises(ImportRefused, match="DOI 10.5281/x: type dataset is not a paper"):
        crossref.parse(text)


# --- detecting the format ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("sample.bib", "bibtex"),
        ("sample.ris", "ris"),
        ("pubmed_efetch.xml", "pubmed"),
        ("orcid_works.json", "orcid"),
    ],
)
def test_it_detects_the_format(name, format):
    assert detect(sample(name)) == format
    assert read(sample(name))[0] == format


def test_text_in_no_known_format_is_refused():
    with pytest.raises(ImportRefused, match="not a format the import reads"):
        read("Just a list of my papers, one per line.")


# --- whatever the input: entries and problems, or a refusal; never a crash -------------

FRAGMENTS = [
    "@article{",
    "@misc(",
    "@string{x = ",
    "title = {",
    "year = 2020",
    "}",
    "{",
    ",",
    '"',
    "\\'",
    '\\"{u}',
    "TY  - JOUR\n",
    "ER  - \n",
    "PY  - 2021/13/40/\n",
    "TI  - x\n",
    "<PubmedArticleSet>",
    "<PubmedArticle><MedlineCitation><PMID>1</PMID>",
    "<Article><ArticleTitle>T</ArticleTitle>",
    "<PubDate><MedlineDate>1999 Winter</MedlineDate></PubDate>",
    "</Article></MedlineCitation></PubmedArticle>",
    '{"group": [{"work-summary": [{"type": "journal-article", ',
    '"title": {"title": {"value": "T"}}, "publication-date": {"year": {"value": "2020"}}',
    "}]}]}",
    "null",
    "\n",
    "é",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25),
    st.sampled_from(["auto", "bibtex", "ris", "pubmed", "orcid"]),
)
def test_any_input_is_read_or_refused_never_a_crash(pieces, format):
    try:
        _format, parsed = read("".join(pieces), format)
    except ImportRefused:
        return
    assert parsed.entries or parsed.problems
    for entry in parsed.entries:
        assert entry.title and entry.year


@pytest.mark.parametrize(
    "text",
    [
        '{"group": [{"work-summary": [{"type": "journal-article", "title": ["x"]}]}]}',
        '{"group": [{"work-summary": [{"type": "journal-article", "title": {"title": {"value":'
        ' "T"}}, "publication-date": {"year": {"value": "2020"}}, "external-ids": []}]}]}',
        '{"group": [{"work-summary": [{"type": "journal-article", "title": {"title": {"value":'
        ' "T"}}, "publication-date": {"year": {"value": "2020"}, "day": {"value": "²"}}}],'
        ' "external-ids": "none"}]}',
    ],
)
def test_an_orcid_work_of_an_odd_shape_is_a_problem_not_a_crash(text):
    try:
        parsed = orcid.parse(text)
    except ImportRefused as refused:
        assert "could be read" in str(refused)
    else:
        assert parsed.entries[0].published_on == date(2020, 1, 1)


def test_a_crossref_answer_of_an_odd_shape_is_refused():
    text = '{"message-type": "work", "message": {"type": "journal-article", "title": ["T"], "published": {"date-parts": [["soon"]]}}}'
    with pytest.raises(ImportRefused, match="Crossref's answer could not be read"):
        crossref.parse(text)


def test_dates_out_of_range_fall_back_to_what_is_valid():
    parsed = ris.parse("TY  - JOUR\nTI  - T\nPY  - 2021/02/31/\nER  - \n")
    assert parsed.entries[0].published_on == date(2021, 2, 1)
    parsed = ris.parse("TY  - JOUR\nTI  - T\nPY  - 2021/14/99999999999/\nER  - \n")
    assert parsed.entries[0].published_on == date(2021, 1, 1)
