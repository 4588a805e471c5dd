"""Documents rendered from one template as an HTML page, a PDF (WeasyPrint) or Markdown.

A report view builds its context once and calls `document()`; the HTML page and
the PDF come from the same template (`<name>.html`), the Markdown from a sibling
template (`<name>.md`). Charts are inline SVG, so they appear in both.

A document of one mentee's workspace (the IDP, the CV) is registered by name in its app's
`documents.py` (`@register("plans.idp")`): a function of the reader and the document's
arguments that finds what the reader may see. Its view answers `kept_document()`. Its PDF
is kept in the cache, keyed on the workspace's version, and a download is recorded, so the
background loop (`prerender.py`) renders it again after each change, with the same
function for the same reader, into the key the next download reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

FORMATS = ("html", "pdf", "md")
PAPERS = {"a4": "A4", "letter": "Letter"}
PRINT_CSS = "css/print.css"
KEPT_FOR = 7 * 24 * 3600  # seconds; a new version of the workspace is a new key anyway


@dataclass(frozen=True)
class Source:
    """What one reader's copy of a registered document is made of."""

    template: str  # without extension
    title: str
    context: Callable[[], dict]  # called only when the document is rendered
    workspace: int  # the mentee whose workspace it shows


Finder = Callable[..., Source]  # (reader, **arguments); Http404 when the reader may not see it
_documents: dict[str, Finder] = {}


def register(kind: str) -> Callable[[Finder], Finder]:
    """Register the function that finds document `kind` for a reader."""

    def decorator(func: Finder) -> Finder:
        existing = _documents.get(kind)
        if existing is not None and existing is not func:
            raise ImproperlyConfigured(
                f"Documents: {kind!r} is already {existing.__module__}.{existing.__qualname__}; "
                f"{func.__module__}.{func.__qualname__} cannot be a second one."
            )
        _documents[kind] = func
        return func

    return decorator


def find(kind: str, reader, arguments: dict) -> Source:
    """Document `kind` as `reader` may see it; Http404 when they may not, or it is gone."""
    if kind not in _documents:
        raise Http404(f"No document {kind!r}.")
    return _documents[kind](reader, **arguments)


def paper_of(request) -> str:
    """The paper size asked for (?paper=letter), A4 by default."""
    paper = request.GET.get("paper", "a4").lower()
    return paper if paper in PAPERS else "a4"


def kept_document(request, kind: str, fmt: str, **arguments) -> HttpResponse:
    """Answer registered document `kind` for the signed-in reader in format `fmt`.

    A PDF is kept, keyed on the workspace's version (and the reader, the paper and the day),
    and the download is recorded: until nobody downloaded it for `KEPT_READY_FOR`, the
    background loop renders it again after each change, so the next download is ready.
    """
    source = find(kind, request.user, arguments)
    if fmt != "pdf":
        return document(request, source.template, source.context, fmt, source.title)
    from mentorkit.core.versions import versions

    from .models import KeptDocument

    reader, paper, today = request.user, paper_of(request), timezone.localdate()
    _record_download(source.title, "pdf", reader)
    version = versions([source.workspace])[source.workspace]
    key = pdf_key(source, reader, paper, today, version)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(source, paper, today)
        cache.set(key, pdf, timeout=KEPT_FOR)
    now = timezone.now()
    # One statement, whatever a copy of the loop is doing with the row meanwhile.
    KeptDocument.objects.bulk_create(
        [
            KeptDocument(
                reader=reader,
                kind=kind,
                arguments=canonical(arguments),
                paper=paper,
                workspace_id=source.workspace,
                version=version,
                fresh_until=end_of(today),
                downloaded_at=now,
            )
        ],
        update_conflicts=True,
        unique_fields=["reader", "kind", "arguments", "paper"],
        update_fields=["workspace", "version", "fresh_until", "downloaded_at"],
    )
    return _pdf_response(pdf, source.title, today)


def keep_ready(source: Source, reader, paper: str, version: int) -> datetime:
    """Render `reader`'s PDF of `source` at `version` into the key a download reads, in the
    reader's time zone as their download would be. Returns when the day it shows ends."""
    import zoneinfo

    with timezone.override(zoneinfo.ZoneInfo(reader.time_zone)):
        today = timezone.localdate()
        pdf = render_pdf(source, paper, today)
        cache.set(pdf_key(source, reader, paper, today, version), pdf, timeout=KEPT_FOR)
        return end_of(today)


def render_pdf(source: Source, paper: str, today: date) -> bytes:
    """The PDF of `source`: the same for a download and for the loop (no request in it)."""
    values = _values(source.context(), source.title, paper, today, "pdf")
    return pdf_bytes(render_to_string(f"{source.template}.html", values), paper)


def pdf_key(source: Source, reader, paper: str, today: date, version: int) -> str:
    parts = [source.template, source.title, paper, today.isoformat(), source.workspace, version]
    parts += [reader.pk, reader.time_zone]
    return "document:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def canonical(arguments: dict) -> str:
    return json.dumps(arguments, sort_keys=True, separators=(",", ":"))


def end_of(day: date) -> datetime:
    """The end of `day` in the current time zone: a PDF showing it is stale from then."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def document(
    request,
    template: str,
    context: dict | Callable[[], dict],
    fmt: str,
    title: str,
) -> HttpResponse:
    """Answer `template` (without extension) in format `fmt` (html, pdf or md), rendered
    on each request. `context` may be a function, called only when the document is rendered.
    """
    if fmt not in FORMATS:
        raise Http404("Unknown format.")
    today = timezone.localdate()
    if fmt != "html":
        _record_download(title, fmt, request.user)
    values = _values(
        context() if callable(context) else context, title, paper_of(request), today, fmt
    )
    if fmt == "md":
        text = render_to_string(f"{template}.md", values, request=request)
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(title, today)}.md"'
        return response
    if fmt == "html":
        return HttpResponse(render_to_string(f"{template}.html", values, request=request))
    pdf = pdf_bytes(render_to_string(f"{template}.html", values), values["paper"])
    return _pdf_response(pdf, title, today)


def _values(context: dict, title: str, paper: str, today: date, fmt: str) -> dict:
    return {
        **context,
        "paper": paper,
        "generated_on": today,
        "printing": fmt == "pdf",
        "title": title,
    }


def _record_download(title: str, fmt: str, reader) -> None:
    record(EventKind.EXPORTED, f"“{title}” downloaded as {fmt.upper()}.", [reader])


def _filename(title: str, today: date) -> str:
    return f"{slugify(title) or 'document'}-{today:%Y-%m-%d}"


def _pdf_response(pdf: bytes, title: str, today: date) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(title, today)}.pdf"'
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
