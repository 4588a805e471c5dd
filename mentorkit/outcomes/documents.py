"""The CV of successes and failures as a document (`reports.render`): the reader's own
outcomes, failures beside successes."""

from __future__ import annotations

from mentorkit.reports.render import Source, register

from . import charts
from .models import NEWEST_FIRST, Outcome, OutcomeKind, OutcomeResult


@register("outcomes.cv")
def cv(reader) -> Source:
    """The reader's own CV: only a mentee's own record makes one."""
    title = f"CV of successes and failures {reader}"
    return Source("outcomes/cv", title, lambda: cv_context(reader), workspace=reader.pk)


def cv_context(mentee) -> dict:
    outcomes = list(Outcome.objects.owned_by(mentee).for_list().order_by(*NEWEST_FIRST))
    sections = []
    for value, label in OutcomeKind.choices:
        of_kind = [o for o in outcomes if o.kind == value]
        if not of_kind:
            continue
        sections.append(
            {
                "label": "Other outcomes" if value == OutcomeKind.OTHER else f"{label}s",
                "successes": [o for o in of_kind if o.result == OutcomeResult.SUCCESS],
                "failures": [
                    o
                    for o in of_kind
                    if o.result in (OutcomeResult.FAILURE, OutcomeResult.WITHDRAWN)
                ],
                "pending": [o for o in of_kind if o.result == OutcomeResult.PENDING],
            }
        )
    rows = [(o.kind, o.result, o.submitted_on, o.decided_on) for o in outcomes]
    return {
        "mentee": mentee,
        "sections": sections,
        "counts": {
            "success": sum(o.result == OutcomeResult.SUCCESS for o in outcomes),
            "failure": sum(o.result == OutcomeResult.FAILURE for o in outcomes),
            "pending": sum(o.result == OutcomeResult.PENDING for o in outcomes),
            "reflected": sum(o.has_reflection for o in outcomes),
        },
        "chart": charts.over_time(rows),
        "funnel": charts.funnel(rows),
    }
