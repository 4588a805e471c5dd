"""Saving a confirmed import: every new entry becomes an outcome, all in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind
from mentorkit.core.statistics import refresh_statistics
from mentorkit.core.versions import bump
from mentorkit.outcomes.models import Outcome, OutcomeResult, normalise_title

from .entries import Entry, ImportRefused
from .preview import Duplicate, Preview, build_preview, read_token


class PartNotConfirmed(ImportRefused):
    """Some entries were unreadable and the user has not agreed to import the rest."""

    def __init__(self, preview: Preview):
        count = len(preview.problems)
        super().__init__(
            f"{count} {'entry' if count == 1 else 'entries'} could not be read; nothing was "
            "imported. Confirm that you want to import only the readable part."
        )
        self.preview = preview


@dataclass
class Imported:
    outcomes: list[Outcome]
    skipped: list[Duplicate]  # became duplicates since the preview (e.g. a second confirm)


def _fit(name: str, value: str) -> str:
    """The value cut to the column's length, so a long title never fails the whole import."""
    max_length = getattr(Outcome._meta.get_field(name), "max_length", None)
    return value[: max_length - 1] + "…" if max_length and len(value) > max_length else value


def outcome_from(mentee, entry: Entry) -> Outcome:
    """A published paper (or abstract, or talk): a success, decided on its publication date."""
    outcome = Outcome(
        mentee=mentee,
        kind=entry.kind,
        title=_fit("title", entry.title),
        venue=_fit("venue", entry.venue),
        authors=_fit("authors", entry.authors),
        year=entry.year,
        decided_on=entry.published_on,
        result=OutcomeResult.SUCCESS,
        details=_fit("details", entry.details),
        doi=_fit("doi", entry.doi),
        pmid=_fit("pmid", entry.pmid),
        url=entry.url if _fit("url", entry.url) == entry.url else "",  # never a cut address
        source=entry.source,
    )
    # bulk_create does not call save(), where the model computes the key
    outcome.title_key = _fit("title_key", normalise_title(outcome.title))
    return outcome


def confirm_import(mentee, token: str, accept_partial: bool = False) -> Imported:
    """Save what the preview `token` lists as new, re-checking duplicates first.

    A preview with unreadable entries saves nothing unless `accept_partial`.
    """
    source, parsed = read_token(mentee, token)
    with transaction.atomic():
        # one import at a time per mentee, so two confirms of one preview add nothing twice
        list(get_user_model().objects.select_for_update().filter(pk=mentee.pk).values("pk"))
        preview = build_preview(mentee, source, parsed)
        if preview.partial and not accept_partial:
            raise PartNotConfirmed(preview)
        outcomes = Outcome.objects.bulk_create([outcome_from(mentee, e) for e in preview.new])
        bump([mentee.pk])
        record(
            EventKind.IMPORTED,
            f"{len(outcomes)} outcomes imported ({source}).",
            [mentee],
            outcomes=len(outcomes),
        )
        if outcomes:  # a bulk insert: the planner should know the table grew (once committed)
            transaction.on_commit(lambda: refresh_statistics(Outcome))
    return Imported(outcomes=outcomes, skipped=preview.duplicates)
