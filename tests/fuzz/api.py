"""The API fuzzed by schemathesis: every operation of /api/v1/openapi.json, as three roles.

The two runs are two modules (`test_random.py`, `test_edges.py`), so that `make test`
gives one to each core; their world and fixtures are in this package's conftest.

`test_fuzzed` sends each operation EXAMPLES_PER_OPERATION random requests, valid and
invalid, with the token of mentee_a (who owns the records), of mentor_a (their active
mentor) and of the director of their program, over a small world with real data; half the
ids in a path are the world's own, so that requests reach records, not only 404s.
`test_edges` sends, once and as mentee_a, every edge case the document draws: each bound
and its neighbour, each required field left out, each type mismatched, each choice.

Every answer must be no server error, with a status the document declares for the
operation and a body that matches its schema; invalid data must be refused, and valid data
accepted where the document can say what valid is (see `checks_for`). The runs are
reproducible (a fixed seed, derandomized), and each test's writes are rolled back.
Run it with `pytest tests/fuzz` (about 1,400 requests a minute on one core).
"""

from __future__ import annotations

import os
from datetime import timedelta

import hypothesis
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from mentorkit.accounts.models import ApiToken
from mentorkit.feedback import actions as feedback_actions
from mentorkit.feedback.models import EvaluationWindow, FeedbackRequest
from mentorkit.growth.models import Activity, Contribution, IndependenceMarker
from mentorkit.meetings.models import ActionItem, Disagreement, Series
from mentorkit.outcomes.models import Outcome, Reflection
from mentorkit.plans.models import Goal, Milestone, Plan
from mentorkit.teams.models import Agreement, Insight, MentorNote, Mentorship, Need
from mentorkit.visibility import Visibility
from tests.conftest import make_everyone

ROLES = ("mentee_a", "mentor_a", "director")
# Random requests per operation and role (Hypothesis' max_examples), valid and invalid alike.
EXAMPLES_PER_OPERATION = 4
SCHEMA_URL = "/api/v1/openapi.json"


def config(phase: str, **phase_options) -> schemathesis.Config:
    """One schemathesis phase, reproducible: the same requests on every run."""
    phases = {name: {"enabled": name == phase} for name in ("examples", "coverage", "fuzzing")}
    phases[phase].update(phase_options)
    return schemathesis.Config.from_dict(
        {
            "seed": 2025,
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES_PER_OPERATION,
                "deterministic": True,
                "database": "none",
                # Each role sends its own token; none is generated.
                "with-security-parameters": False,
            },
            "phases": {**phases, "stateful": {"enabled": False}},
        }
    )


app = get_wsgi_application()
# Random requests, as each of the three roles.
fuzzed = schemathesis.openapi.from_wsgi(SCHEMA_URL, app, config=config("fuzzing"))
# Every edge the document draws (each bound, each required field left out, each type
# mismatched…), once, as the owner of the records: the same for everyone until a record
# is reached, and the owner reaches every write.
edges = schemathesis.openapi.from_wsgi(
    SCHEMA_URL, app, config=config("coverage", **{"unexpected-methods": []})
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Schema-valid bodies can still break rules the document cannot state (a mentorship that is
# not the caller's, a decision before its submission, a plan while another is active): those
# are 400 or 422 by design, so valid data is only required to be accepted without a body.
# FUZZ_POSITIVE_BODIES=1 checks bodies too, to list what the forms refuse beyond the document.
POSITIVE_BODIES = os.environ.get("FUZZ_POSITIVE_BODIES") == "1"


def checks_for(case) -> list:
    if POSITIVE_BODIES or not len(case.operation.body):
        return [*CHECKS, positive_data_acceptance]
    return CHECKS


# --- the world -----------------------------------------------------------------------------

# Which record each path parameter names, by its name in the document.
PATH_RECORDS = {
    "mentorship_id": "mentorship",
    "need_id": "need",
    "agreement_id": "agreement",
    "insight_id": "insight",
    "series_id": "series",
    "meeting_id": "meeting",
    "item_id": "action_item",
    "disagreement_id": "disagreement",
    "plan_id": "plan",
    "goal_id": "goal",
    "milestone_id": "milestone",
    "request_id": "feedback_request",
    "feedback_id": "feedback",
    "key": "instrument",
    "window_id": "window",
    "contribution_id": "contribution",
    "activity_id": "activity",
    "marker_id": "marker",
    "outcome_id": "outcome",
    "program_id": "program",
}
WORLD: dict = {}


def build_world() -> dict:
    everyone, program = make_everyone()
    mentee, mentor = everyone["mentee_a"], everyone["mentor_a"]
    today, now = timezone.localdate(), timezone.now()
    mentorship = Mentorship.objects.get(mentee=mentee, mentor=mentor)
    need = Need.objects.create(mentee=mentee, name="Trial design", visibility=Visibility.TEAM)
    need.covered_by.add(mentorship)
    insight = Insight.objects.create(
        mentee=mentee, source=mentorship, text="Aim for R01", visibility=Visibility.TEAM
    )
    agreement = Agreement.objects.create(mentee=mentee, next_review_on=today + timedelta(days=180))
    MentorNote.objects.create(mentorship=mentorship, author=mentor, body="Ready for an R01")
    series = Series.objects.create(
        mentee=mentee,
        title="Weekly",
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_start=now - timedelta(days=20),
        time_zone="UTC",
    )
    series.mentorships.add(mentorship)
    series.materialize()
    meeting = series.meetings.first()
    action_item = ActionItem.objects.create(
        mentee=mentee, meeting=meeting, title="Aims page", owner=mentee
    )
    disagreement = Disagreement.objects.create(
        meeting=meeting,
        mentorship=mentorship,
        topic="Primary outcome",
        mentee_view="Readmissions",
        mentor_view="Days alive out of hospital",
    )
    plan = Plan.objects.create(
        mentee=mentee,
        title="K23 plan",
        starts_on=today - timedelta(days=400),
        ends_on=today + timedelta(days=1000),
    )
    goal = Goal.objects.create(
        plan=plan,
        mentee=mentee,
        category="funding",
        statement="Submit the K23",
        measure="Submitted",
        due_on=today + timedelta(days=300),
    )
    milestone = Milestone.objects.create(
        goal=goal, title="Aims page", due_on=today + timedelta(days=100)
    )
    feedback_request = FeedbackRequest.objects.create(
        mentorship=mentorship,
        mentee=mentee,
        requested_by=mentee,
        asked_of=mentor,
        title="Aims page",
        due_on=today + timedelta(days=7),
    )
    feedback = feedback_actions.give_feedback(mentorship, mentor, text="Good", topic="aims")
    window = EvaluationWindow.objects.create(
        program=program,
        title="Last spring",
        instrument="mentoring-style",
        opens_on=today - timedelta(days=200),
        closes_on=today - timedelta(days=170),
        threshold=5,
    )
    contribution = Contribution.objects.create(
        mentorship=mentorship, mentee=mentee, description="Shared a paper"
    )
    success = Outcome.objects.create(
        mentee=mentee,
        title="Trial paper",
        result="success",
        submitted_on=today - timedelta(days=90),
        decided_on=today - timedelta(days=10),
        visibility=Visibility.PROGRAM,
    )
    Reflection.objects.create(outcome=success, what_happened="Accepted").shared_with.add(mentor)
    Outcome.objects.create(
        mentee=mentee,
        title="R21",
        kind="grant",
        result="failure",
        submitted_on=today - timedelta(days=200),
        decided_on=today - timedelta(days=60),
        previous=success,
    )
    return {
        "ids": {
            "mentorship": mentorship.pk,
            "need": need.pk,
            "agreement": agreement.pk,
            "insight": insight.pk,
            "series": series.pk,
            "meeting": meeting.pk,
            "action_item": action_item.pk,
            "disagreement": disagreement.pk,
            "plan": plan.pk,
            "goal": goal.pk,
            "milestone": milestone.pk,
            "feedback_request": feedback_request.pk,
            "feedback": feedback.pk,
            "instrument": "mentoring-style",
            "window": window.pk,
            "contribution": contribution.pk,
            "activity": Activity.objects.create(mentee=mentee, title="R course", topics="R").pk,
            "marker": IndependenceMarker.objects.create(mentee=mentee, kind="own_protocol").pk,
            "outcome": success.pk,
            "program": program.pk,
        },
        "tokens": {role: ApiToken.issue(everyone[role], "fuzz")[1] for role in ROLES},
    }


def is_valid(value, real) -> bool:
    """Whether `value` is as valid as the real id, so that swapping them keeps a case's kind."""
    if isinstance(real, str):
        return isinstance(value, str) and "\x00" not in value
    return type(value) is int and 1 <= value < 2**63


def flatmap_path_parameters(context, path_parameters):
    """Half the time, each id in the path is one of the world's records."""
    ids = WORLD.get("ids", {})
    real = {
        name: ids[PATH_RECORDS[name]]
        for name, value in (path_parameters or {}).items()
        if name in PATH_RECORDS and is_valid(value, ids.get(PATH_RECORDS[name]))
    }
    if not real:
        return st.just(path_parameters)
    return st.sampled_from([path_parameters, {**path_parameters, **real}])


fuzzed.hook(flatmap_path_parameters)


def call(case, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=checks_for(case))


# The examples of one test share its world, token and patches on purpose (no health check
# for function-scoped fixtures), and large generated bodies are what a fuzzer is for.
RELAXED = hypothesis.settings(suppress_health_check=list(hypothesis.HealthCheck))
