"""Documents rendered from one template as an HTML page, a PDF (WeasyPrint) or Markdown.

A report view builds its context once and calls `document()`; the HTML page and
the PDF come from the same template (`<name>.html`), the Markdown from a sibling
template (`<name>.md`). Charts are inline SVG, so they appear in both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.contrib.staticfiles import finders
from django.core.cache import cache
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


def document(
    request,
    template: str,
    context: dict | Callable[[], dict],
    fmt: str,
    title: str,
    *,
    workspace: int | None = None,
) -> HttpResponse:
    """Answer `template` (without extension) in format `fmt` (html, pdf or md).

    `context` may be a function, called only when the document is rendered. A PDF of one
    mentee's `workspace` is kept, keyed on that workspace's version (and the reader, the
    paper and the day): a repeat download of an unchanged document is not rendered again.
    """
    if fmt not in FORMATS:
        raise Http404("Unknown format.")
    paper = paper_of(request)
    today = timezone.localdate()
    filename = f"{slugify(title) or 'document'}-{today:%Y-%m-%d}"
    if fmt != "html":
        record(EventKind.EXPORTED, f"“{title}” downloaded as {fmt.upper()}.", [request.user])
    key = _kept_key(request, template, title, paper, today, workspace) if fmt == "pdf" else None
    pdf = cache.get(key) if key else None
    if pdf is None:
        values = context() if callable(context) else context
        values = {
            **values,
            "paper": paper,
            "generated_on": today,
            "printing": fmt == "pdf",
            "title": title,
        }
        if fmt == "md":
            text = render_to_string(f"{template}.md", values, request=request)
            response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}.md"'
            return response
        html = render_to_string(f"{template}.html", values, request=request)
        if fmt == "html":
            return HttpResponse(html)
        pdf = pdf_bytes(html, paper)
        if key:
            cache.set(key, pdf, timeout=KEPT_FOR)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


KEPT_FOR = 7 * 24 * 3600  # seconds; a new version of the workspace is a new key anyway


def _kept_key(request, template, title, paper, today, workspace) -> str | None:
    if workspace is None:
        return None
    from mentorkit.core.versions import versions

    version = versions([workspace])[workspace]
    user = request.user
    parts = [template, title, paper, today.isoformat(), workspace, version, user.pk, user.time_zone]
    return "document:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def pdf_bytes(html: str, paper: str = "a4") -> bytes:
    """The PDF of a report's HTML, on A4 or US Letter. Nothing is fetched over the network."""
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=finders.find(PRINT_CSS))]
    stylesheets.append(CSS(string=f"@page {{ size: {PAPERS.get(paper, 'A4')}; }}"))
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(stylesheets=stylesheets)


def _no_fetch(url: str, *args, **kwargs):
    """Reports are self-contained (inline SVG, print CSS passed in): refuse every fetch."""
    raise ValueError(f"reports fetch nothing: {url}")
