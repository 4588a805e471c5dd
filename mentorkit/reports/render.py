"""Documents rendered from one template as an HTML page, a PDF (WeasyPrint) or Markdown.

A report view builds its context once and calls `document()`; the HTML page and
the PDF come from the same template (`<name>.html`), the Markdown from a sibling
template (`<name>.md`). Charts are inline SVG, so they appear in both.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

FORMATS = ("html", "pdf", "md")
PAPERS = {"a4": "A4", "letter": "Letter"}
PRINT_CSS = "css/print.css"


def paper_of(request) -> str:
    """The paper size asked for (?paper=letter), A4 by default."""
    paper = request.GET.get("paper", "a4").lower()
    return paper if paper in PAPERS else "a4"


def document(request, template: str, context: dict, fmt: str, title: str) -> HttpResponse:
    """Answer `template` (without extension) in format `fmt` (html, pdf or md)."""
    if fmt not in FORMATS:
        raise Http404("Unknown format.")
    paper = paper_of(request)
    context = {
        **context,
        "paper": paper,
        "generated_on": timezone.localdate(),
        "printing": fmt == "pdf",
        "title": title,
    }
    filename = f"{slugify(title) or 'document'}-{timezone.localdate():%Y-%m-%d}"
    if fmt != "html":
        record(EventKind.EXPORTED, f"“{title}” downloaded as {fmt.upper()}.", [request.user])
    if fmt == "md":
        text = render_to_string(f"{template}.md", context, request=request)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.md"'
        return response
    html = render_to_string(f"{template}.html", context, request=request)
    if fmt == "html":
        return HttpResponse(html)
    response = HttpResponse(pdf_bytes(html, paper), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


def pdf_bytes(html: str, paper: str = "a4") -> bytes:
    """The PDF of a report's HTML, on A4 or US Letter. Nothing is fetched over the network."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(PRINT_CSS))]
    stylesheets.append(CSS(string=f"@page {{ size: {PAPERS.get(paper, 'A4')}; }}"))
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=stylesheets)


def _no_fetch(url: str, *args, **kwargs):
    """Reports are self-contained (inline SVG, print CSS passed in): refuse every fetch."""
    raise ValueError(f"reports fetch nothing: {url}")
