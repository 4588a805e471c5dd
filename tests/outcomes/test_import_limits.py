"""Imports refuse what would burn CPU or crash, and read what real reference managers write."""

from __future__ import annotations

import time

import pytest

from mentorkit.outcomes.imports import MAX_ENTRIES, ImportRefused, read

pytestmark = pytest.mark.django_db


def test_orcid_json_nested_fifty_thousand_deep_is_refused_with_a_reason(client, mentee_a):
    text = "[" * 50_000 + "]" * 50_000
    body = '{"group": ' + text + "}"
    with pytest.raises(ImportRefused, match="nested too deeply"):
        read(body, "orcid")
    client.force_login(mentee_a)
    response = client.post("/outcomes/import/", {"format": "orcid", "text": body})
    assert response.status_code == 400  # the page again, with the reason
    assert "nested too deeply" in response.content.decode()


def test_too_many_bibtex_entries_are_refused_before_they_are_parsed():
    tiny = "".join(f"@misc{{k{i},title={{t}},year=2020}}\n" for i in range(100_000))
    started = time.process_time()
    with pytest.raises(ImportRefused, match=f"more than {MAX_ENTRIES:,} entries"):
        read(tiny[: 5 * 1024 * 1024 - 1], "bibtex")
    # Counting is a regex over the text; parsing 100,000 entries took about 10 s of CPU.
    assert time.process_time() - started < 2


@pytest.mark.parametrize(
    ("fmt", "entry"),
    [
        ("ris", "TY  - JOUR\nTI  - t\nPY  - 2020\nER  - \n"),
        ("pubmed", "<PubmedArticle></PubmedArticle>"),
    ],
)
def test_every_format_counts_its_entries_before_parsing(fmt, entry):
    body = entry * (MAX_ENTRIES + 1)
    if fmt == "pubmed":
        body = f"<PubmedArticleSet>{body}</PubmedArticleSet>"
    with pytest.raises(ImportRefused, match="more than"):
        read(body, fmt)


BIBLATEX = r"""
@proceedings{chf2024,
  title = {Proceedings of the Heart Failure Congress 2024},
  date = {2024-05},
  publisher = {HFSA},
  location = {Boston},
}
@inproceedings{okafor2024abstract,
  author = {Okafor, Amara and Kim, Daniel},
  title = {Remote monitoring after discharge},
  crossref = {chf2024},
  pages = {112--113},
}
@article{okafor2025,
  author = {Okafor, Amara},
  title = {Readmissions in a pragmatic trial},
  journaltitle = {JACC: Heart Failure},
  date = {2025-03-14},
}
@patent{okafor2023patent,
  author = {Okafor, Amara},
  title = {A wearable for fluid status},
  date = {2023},
}
@collection{hfbook,
  editor = {Kim, Daniel},
  title = {Trials in heart failure},
  date = {2022},
  publisher = {Springer},
}
@xdata{jacc, journaltitle = {JACC}}
@article{okafor2021,
  author = {Okafor, Amara},
  title = {Wearables and fluid},
  xdata = {jacc},
  year = {2021},
}
"""


def test_a_biblatex_library_is_read_whole_with_what_was_mapped_said():
    _format, parsed = read(BIBLATEX, "bibtex")
    assert parsed.problems == []
    by_title = {entry.title: entry for entry in parsed.entries}
    assert len(by_title) == 6  # the @xdata container is not a work

    abstract = by_title["Remote monitoring after discharge"]
    assert abstract.venue == "Proceedings of the Heart Failure Congress 2024"
    assert abstract.year == 2024 and abstract.published_on.month == 5
    assert "fields inherited from chf2024" in abstract.note

    article = by_title["Readmissions in a pragmatic trial"]
    assert article.venue == "JACC: Heart Failure"
    assert article.published_on.isoformat() == "2025-03-14"
    assert article.note == "year from date"

    patent = by_title["A wearable for fluid status"]
    assert patent.kind == "other" and patent.note.startswith("@patent read as Other")
    assert by_title["Trials in heart failure"].note.startswith("@collection read as a paper")
    assert by_title["Wearables and fluid"].venue == "JACC"


def test_the_preview_page_says_how_an_unusual_entry_was_read(client, mentee_a):
    client.force_login(mentee_a)
    response = client.post("/outcomes/import/", {"format": "bibtex", "text": BIBLATEX})
    page = response.content.decode()
    assert "@patent read as Other" in page
    assert "fields inherited from chf2024" in page
