"""PubMed XML: what E-utilities `efetch.fcgi?db=pubmed&retmode=xml` returns, or PubMed's
"Save as XML". Read with defusedxml's ElementTree, which refuses a document that
declares entities (PubMed files never do) and never fetches the external DTD
that PubMed's DOCTYPE names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

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
from .names import author_list, person


def _text(node: ET.Element | None) -> str:
    return plain("".join(node.itertext())) if node is not None else ""


def parse(text: str, source: str = "pubmed") -> Parsed:
    """Read PubMed XML; see the module docstring."""
    head = text.lstrip("\ufeff")
    try:
        root = fromstring(head.encode("utf-8"), forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        raise ImportRefused(
            "This XML declares its own entities (<!ENTITY ...>), "
            "which PubMed files never do; it is refused for safety."
        ) from exc
    except ET.ParseError as exc:  # "mismatched tag: line 12, column 4"
        raise ImportRefused(f"This is not well-formed XML: {exc}.") from exc
    if root.tag == "eFetchResult":
        raise ImportRefused(f"PubMed answered with an error: {_text(root.find('ERROR'))}")
    if root.tag not in {"PubmedArticleSet", "PubmedArticle"}:
        raise ImportRefused(
            f"This XML is not from PubMed: expected <PubmedArticleSet>, found <{root.tag}>."
        )
    articles = [root] if root.tag == "PubmedArticle" else list(root)
    parsed = Parsed()
    for number, article in enumerate(articles, start=1):
        if article.tag == "DeleteCitation":
            continue
        outcome = _entry(article, number, source)
        parsed.add(outcome)
    return parsed.refuse_if_empty("PubMed file")


def _entry(article: ET.Element, number: int, source: str) -> Entry | Problem:
    if article.tag == "PubmedBookArticle":
        citation = article.find("BookDocument")
        book = citation.find("Book") if citation is not None else None
        title_node = citation.find("ArticleTitle") if citation is not None else None
        if title_node is None and book is not None:
            title_node = book.find("BookTitle")
        venue = _text(book.find("Publisher/PublisherName")) if book is not None else ""
        date_node = book.find("PubDate") if book is not None else None
        authors_node = citation.find("AuthorList") if citation is not None else None
        volume = ""
    elif article.tag == "PubmedArticle":
        citation = article.find("MedlineCitation")
        body = citation.find("Article") if citation is not None else None
        title_node = body.find("ArticleTitle") if body is not None else None
        if body is not None and not _text(title_node):
            title_node = body.find("VernacularTitle")
        venue = (
            _text(body.find("Journal/Title")) or _text(body.find("Journal/ISOAbbreviation"))
            if body is not None
            else ""
        )
        date_node = body.find("Journal/JournalIssue/PubDate") if body is not None else None
        authors_node = body.find("AuthorList") if body is not None else None
        volume = _volume(body) if body is not None else ""
    else:
        return Problem(f"article {number}", f"<{article.tag}> is not a PubMed article")
    pmid = normalise_pmid(_text(citation.find("PMID"))) if citation is not None else ""
    where = f"article {number} (PMID {pmid})" if pmid else f"article {number}"
    if citation is None or not pmid:
        return Problem(where, "no PMID")
    title = _text(title_node).removesuffix(".")
    if title.startswith("[") and title.endswith("]"):  # a translated title
        title = title[1:-1].removesuffix(".")
    if not title:
        return Problem(where, "no title")
    year, month, day = _date(date_node)
    if year is None:
        return Problem(where, "no publication year")
    doi = ""
    for node in article.iter("ArticleId"):
        if node.get("IdType") == "doi":
            doi = normalise_doi(_text(node))
            break
    if not doi:
        for node in article.iter("ELocationID"):
            if node.get("EIdType") == "doi":
                doi = normalise_doi(_text(node))
                break
    names = []
    if authors_node is not None:
        for author in authors_node.findall("Author"):
            collective = _text(author.find("CollectiveName"))
            last, initials = _text(author.find("LastName")), _text(author.find("Initials"))
            names.append(
                collective
                or (
                    f"{last} {initials}"
                    if initials
                    else person(last, _text(author.find("ForeName")))
                )
            )
    return Entry(
        ref=where,
        source=source,
        kind="paper",
        title=title,
        venue=venue,
        authors=author_list(
            names, et_al=authors_node is not None and authors_node.get("CompleteYN") == "N"
        ),
        year=year,
        month=month,
        published_on=publication_date(year, month, day),
        doi=doi,
        pmid=pmid,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        details=volume,
    )


def _date(node: ET.Element | None) -> tuple[int | None, int | None, int | None]:
    if node is None:
        return None, None, None
    medline = _text(node.find("MedlineDate"))
    if medline:  # "2020 Mar-Apr", "2019 Winter"
        words = medline.split()
        return parse_year(medline), parse_month(words[1][:3]) if len(words) > 1 else None, None
    day = _text(node.find("Day"))
    return (
        parse_year(_text(node.find("Year"))),
        parse_month(_text(node.find("Month"))),
        small_int(day),
    )


def _volume(body: ET.Element) -> str:
    text = _text(body.find("Journal/JournalIssue/Volume"))
    issue = _text(body.find("Journal/JournalIssue/Issue"))
    pages = _text(body.find("Pagination/MedlinePgn"))
    if issue:
        text += f"({issue})"
    if pages:
        text += (":" if text else "pp. ") + pages.replace("-", "–")
    return text
