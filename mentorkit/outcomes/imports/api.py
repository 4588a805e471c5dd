"""Importing publications through the JSON API: a preview call, then a confirm call.

`POST /outcomes/import/preview` reads a file's text (or fetches an ORCID iD, PMIDs
or a DOI) and answers what would be added, what is a duplicate and what could
not be read, with a signed `token`. `POST /outcomes/import/confirm` with that
token saves the new entries in one transaction. Both act on the caller's own
outcomes only.
"""

# No `from __future__ import annotations` here: ninja reads the views' annotations at import.
from datetime import date
from typing import Literal

from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from mentorkit.api.common import Input, Problem
from mentorkit.outcomes.imports import ImportRefused, read
from mentorkit.outcomes.imports.actions import PartNotConfirmed, confirm_import
from mentorkit.outcomes.imports.fetch import FetchError, fetch
from mentorkit.outcomes.imports.preview import build_preview

router = Router(tags=["outcomes"])


class ImportIn(Input):
    format: Literal["auto", "bibtex", "ris", "pubmed", "orcid"] = Field(
        "auto", description="The format of `content`; `auto` recognises it."
    )
    content: str = Field("", description="The file's text (BibTeX, RIS, PubMed XML, ORCID JSON).")
    identifier: str = Field(
        "", max_length=3000, description="Instead of content: an ORCID iD, PMIDs or a DOI to fetch."
    )


class EntryOut(Schema):
    ref: str = Field(description='Where it is in the file, e.g. "entry 3 (smith2020)".')
    kind: str
    title: str
    venue: str
    authors: str
    year: int | None
    published_on: date | None
    doi: str
    pmid: str
    url: str
    details: str
    note: str = Field(description='How an unusual entry was read, e.g. "@patent read as Other".')


class DuplicateOut(Schema):
    entry: EntryOut
    duplicate_of: str = Field(description="The outcome or the earlier entry, in words.")
    outcome_id: int | None = Field(description="The existing outcome, when it is one.")

    @staticmethod
    def resolve_duplicate_of(obj) -> str:
        return obj.of


class ProblemOut(Schema):
    ref: str
    reason: str


class PreviewOut(Schema):
    source: str = Field(description="bibtex, ris, pubmed, orcid, pmid or doi.")
    new: list[EntryOut]
    duplicates: list[DuplicateOut]
    problems: list[ProblemOut]
    partial: bool = Field(
        description="Some entries could not be read: confirm needs accept_partial."
    )
    token: str = Field(description="Send it to /outcomes/import/confirm within an hour.")


class ConfirmIn(Input):
    token: str
    accept_partial: bool = Field(
        False, description="Import the readable part of a partly readable file."
    )


class ImportedOut(Schema):
    id: int
    kind: str
    title: str
    year: int | None
    doi: str
    pmid: str


class ConfirmOut(Schema):
    created: list[ImportedOut]
    skipped: list[DuplicateOut] = Field(description="Already there by the time of confirming.")


@router.post("/outcomes/import/preview", response={200: PreviewOut, 502: Problem})
def import_preview(request, payload: ImportIn):
    """Read or fetch publications and answer what an import would do; nothing is saved."""
    if bool(payload.content.strip()) == bool(payload.identifier.strip()):
        raise HttpError(422, "Send either content (a file's text) or an identifier to fetch.")
    try:
        if payload.identifier.strip():
            source, parsed = fetch(payload.identifier)
        else:
            source, parsed = read(payload.content, payload.format)
    except FetchError as error:
        raise HttpError(502, str(error)) from error
    except ImportRefused as error:
        raise HttpError(422, str(error)) from error
    preview = build_preview(request.auth, source, parsed)
    return {
        "source": preview.source,
        "new": preview.new,
        "duplicates": preview.duplicates,
        "problems": preview.problems,
        "partial": preview.partial,
        "token": preview.token(request.auth),
    }


@router.post("/outcomes/import/confirm", response={201: ConfirmOut})
def import_confirm(request, payload: ConfirmIn):
    """Save a preview's new entries as outcomes, in one transaction."""
    try:
        imported = confirm_import(request.auth, payload.token, payload.accept_partial)
    except (PartNotConfirmed, ImportRefused) as error:
        raise HttpError(422, str(error)) from error
    return Status(201, {"created": imported.outcomes, "skipped": imported.skipped})
