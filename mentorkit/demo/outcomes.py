"""The demo's outcomes (practice 7), recorded as they happened: each submission on the day
it went out, its decision on the day it came, a reflection ten days after a failure (and
a few successes), shared with the mentors who helped, and the celebrations.

A reflection meant for a mentor who joined the team later is shared with them once they
have: the form offers only the mentors on the team at the time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentorkit.outcomes import actions
from mentorkit.outcomes.forms import CelebrateForm, OutcomeForm, ReflectionForm
from mentorkit.outcomes.models import Outcome, OutcomeResult

from .forms import fill
from .outcome_record import RECORD, DemoOutcome

if TYPE_CHECKING:
    from . import _Demo

SHARED_WITH_NEWCOMERS = 14  # days ago: the fellow shares earlier reflections with Lena


def load(demo: _Demo) -> None:
    outcomes: dict[str, Outcome] = {}
    later = []
    # In the order they began, so that a resubmission can name the attempt it follows.
    for item in sorted(RECORD, key=lambda item: -(item.submitted or item.decided or 0)):
        outcome = outcomes[item.key] = _record(demo, item, outcomes)
        if item.reflection:
            later += _reflect(demo, item, outcome)
        if item.celebrated is not None:
            with demo.clock.at(demo.clock.ago(item.celebrated, hour=17)):
                note = fill(CelebrateForm, {"note": item.celebration}, outcome=outcome)
                actions.celebrate(outcome, note.cleaned_data["note"])
    with demo.clock.at(demo.clock.ago(SHARED_WITH_NEWCOMERS)):
        for item, outcome in later:
            _share(demo, item, outcome)


def _record(demo: _Demo, item: DemoOutcome, outcomes: dict[str, Outcome]) -> Outcome:
    """Recorded when submitted (pending), then edited when decided; a talk or an award
    with no submission is recorded once, decided."""
    clock, amara = demo.clock, demo.people["mentee"]
    values: dict[str, Any] = {
        "kind": item.kind,
        "title": item.title,
        "venue": item.venue,
        "authors": item.authors,
        "visibility": item.visibility,
        "previous": outcomes[item.follows] if item.follows else None,
    }
    decision: dict[str, Any] = {"result": item.result, "details": item.details}
    if item.decided is not None:
        decision["decided_on"] = clock.day(item.decided)
        if item.authors:
            decision.update(year=clock.day(item.decided).year, doi=item.doi)
    if item.submitted is None:
        with clock.at(clock.ago(item.decided or 0)):
            form = fill(OutcomeForm, {**values, **decision}, mentee=amara)
            return _saved(form)
    values.update(submitted_on=clock.day(item.submitted), result=OutcomeResult.PENDING)
    if item.decided is None:
        values["details"] = item.details
    with clock.at(clock.ago(item.submitted)):
        outcome = _saved(fill(OutcomeForm, values, mentee=amara))
    if item.decided is not None:
        with clock.at(clock.ago(item.decided, hour=15)):
            outcome = _saved(fill(OutcomeForm, decision, instance=outcome, mentee=amara))
    return outcome


def _saved(form: OutcomeForm) -> Outcome:
    outcome = actions.save_outcome(form)
    assert outcome is not None, form.errors  # the demo's chains never loop
    return outcome


def _reflect(demo: _Demo, item: DemoOutcome, outcome: Outcome) -> list:
    """The reflection, ten days after the decision; returns it if some of the mentors it is
    meant for were not on the team yet."""
    clock = demo.clock
    assert item.reflection is not None
    what, learned, next_steps, keys = item.reflection
    days = max((item.decided or 0) - 10, 0)
    on_the_team = [key for key in keys if _joined(demo, key, days)]
    with clock.at(clock.ago(days, hour=16)):
        values: dict[str, Any] = {"what_happened": what, "learned": learned}
        values.update(next_steps=next_steps, shared_with=[demo.people[key] for key in on_the_team])
        form = fill(ReflectionForm, values, mentee=demo.people["mentee"])
        actions.save_reflection(form, outcome)
    return [(item, outcome)] if len(on_the_team) < len(keys) else []


def _joined(demo: _Demo, key: str, days: int) -> bool:
    """Whether the mentor `key` was on the fellow's team `days` days ago."""
    started = demo.team[key].started_on
    return started is not None and started <= demo.clock.day(days)


def _share(demo: _Demo, item: DemoOutcome, outcome: Outcome) -> None:
    assert item.reflection is not None
    shared_with = [demo.people[key] for key in item.reflection[3]]
    form = fill(
        ReflectionForm,
        {"shared_with": shared_with},
        instance=outcome.reflection,
        mentee=demo.people["mentee"],
    )
    actions.save_reflection(form, outcome)
