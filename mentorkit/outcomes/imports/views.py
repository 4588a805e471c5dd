"""Importing publications: upload or fetch → preview → confirm. Only into one's own record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from . import FORMATS, ImportRefused, read
from .actions import PartNotConfirmed, confirm_import
from .fetch import fetch
from .forms import ConfirmImportForm, FetchForm, ImportFileForm
from .preview import build_preview

SOURCE_LABELS = {
    **{name: label for name, (label, _reader) in FORMATS.items()},
    "pmid": "PubMed",
    "doi": "Crossref",
}


def outcomes_url() -> str:
    """The outcomes page, where an import ends (home until there is one)."""
    try:
        return reverse("outcomes:index")
    except NoReverseMatch:
        return reverse("home")


def _start(request, file_form=None, fetch_form=None, refused="", status=200):
    return render(
        request,
        "outcomes/import.html",
        {
            "file_form": file_form or ImportFileForm(),
            "fetch_form": fetch_form or FetchForm(),
            "refused": refused,
            "outcomes_url": outcomes_url(),
        },
        status=status,
    )


def _preview(request, preview, refused="", status=200):
    form = ConfirmImportForm(initial={"token": preview.token(request.user)})
    return render(
        request,
        "outcomes/import_preview.html",
        {
            "preview": preview,
            "source_label": SOURCE_LABELS.get(preview.source, preview.source),
            "form": form,
            "refused": refused,
            "outcomes_url": outcomes_url(),
        },
        status=status,
    )


@login_required
def import_start(request):
    """GET: the two ways in. POST: read a file or pasted text and show the preview."""
    if request.method != "POST":
        return _start(request)
    form = ImportFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _start(request, file_form=form, status=400)
    try:
        source, parsed = read(form.cleaned_data["content"], form.cleaned_data["format"])
    except ImportRefused as refused:
        return _start(request, file_form=form, refused=str(refused), status=400)
    return _preview(request, build_preview(request.user, source, parsed))


@login_required
@require_POST
def import_fetch(request):
    """Fetch by ORCID iD, PMID or DOI and show the preview."""
    form = FetchForm(request.POST)
    if not form.is_valid():
        return _start(request, fetch_form=form, status=400)
    try:
        source, parsed = fetch(form.cleaned_data["identifier"])
    except ImportRefused as refused:  # includes FetchError: offline, not found
        return _start(request, fetch_form=form, refused=str(refused), status=400)
    return _preview(request, build_preview(request.user, source, parsed))


@login_required
@require_POST
def import_confirm(request):
    """Save the previewed entries in one transaction."""
    form = ConfirmImportForm(request.POST)
    if not form.is_valid():
        return _start(request, refused="Nothing to import: preview a file first.", status=400)
    try:
        imported = confirm_import(
            request.user, form.cleaned_data["token"], form.cleaned_data["accept_partial"]
        )
    except PartNotConfirmed as refused:
        return _preview(request, refused.preview, refused=str(refused), status=400)
    except ImportRefused as refused:
        return _start(request, refused=str(refused), status=400)
    count = len(imported.outcomes)
    text = f"Imported {count} {'outcome' if count == 1 else 'outcomes'}."
    skipped = len(imported.skipped)
    if skipped:
        text += f" {skipped} {'duplicate was' if skipped == 1 else 'duplicates were'} left out."
    messages.success(request, text)
    return redirect(outcomes_url())
