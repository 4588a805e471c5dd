"""What a workspace archive holds: one file per kind of record, in the order they are written.

This is the one home of the archive's layout; the exporter, the importer and the README
inside the archive all read it. The rule for what belongs in it: the mentee's own records
and the shared records of their team, never another person's private records — not a
mentor's private notes (`teams.MentorNote`), not a mentor's self-rating, not anonymous
evaluations (`feedback.Evaluation*`), not program rosters or invitations, not credentials
(passwords, API tokens, two-factor devices, the calendar feed's secret).

A record refers to another record of the archive by its archive-local id (1, 2, 3… in each
file); it refers to a person by name and e-mail, never by an id of the instance it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db import models

from mentorkit.feedback.models import Direction, Feedback, FeedbackRequest, Rating
from mentorkit.growth.models import Activity, Contribution, IndependenceMarker
from mentorkit.meetings.models import ActionItem, AgendaItem, Disagreement, Meeting, Series
from mentorkit.outcomes.models import Outcome, Reflection
from mentorkit.plans.models import Goal, GoalReview, GoalRevision, Milestone, Plan
from mentorkit.teams.models import (
    Acknowledgement,
    Agreement,
    AgreementRevision,
    Insight,
    Mentorship,
    Need,
)

FORMAT = "mentorkit-workspace"
VERSION = 1
MANIFEST = "manifest.json"
README = "README.md"
PROFILE = "profile.json"

# The mentee's profile: what they wrote about themselves (never a password or a secret).
PROFILE_FIELDS = (
    "name",
    "pronouns",
    "career_stage",
    "institution",
    "department",
    "discipline",
    "expertise",
    "orcid",
    "time_zone",
    "reminder_lead_hours",
    "date_joined",
)


@dataclass(frozen=True)
class Kind:
    """One kind of record: its file, its model, and how its fields travel."""

    name: str  # the file is <name>.json
    model: type[models.Model]
    about: str  # what the file holds, for the README inside the archive
    scope: str  # the lookup from a record to its mentee
    fields: tuple[str, ...]  # values as they are; dates and times in ISO 8601
    refs: dict[str, str] = field(default_factory=dict)  # foreign key -> kind (archive id)
    people: tuple[str, ...] = ()  # foreign keys to a person -> {"name", "email"}
    many: dict[str, str] = field(default_factory=dict)  # many-to-many -> kinds (archive ids)
    many_people: tuple[str, ...] = ()  # many-to-many with people -> [{"name", "email"}]
    leave_out: dict[str, str] = field(default_factory=dict)  # lookups of records left out

    def field(self, name: str) -> models.Field:
        return cast(models.Field, self.model._meta.get_field(name))

    @property
    def filename(self) -> str:
        return f"{self.name}.json"

    def records_of(self, mentee) -> models.QuerySet:
        """The mentee's records of this kind, oldest first (the archive's order)."""
        manager = self.model._default_manager
        return manager.filter(**{self.scope: mentee}).exclude(**self.leave_out).order_by("pk")


KINDS: tuple[Kind, ...] = (
    Kind(
        "mentorships",
        Mentorship,
        "The mentoring team: each mentor (name, e-mail, role, discipline, focus, dates, status). "
        "On import each becomes an invitation to send again; ended ones stay ended.",
        "mentee",
        (
            "role",
            "discipline",
            "focus",
            "status",
            "started_on",
            "ended_on",
            "message",
            "created_at",
        ),  # fmt: skip
        # "person" (the mentor) is written by the exporter from the mentor or the invitation.
    ),
    Kind(
        "needs",
        Need,
        "Development needs, their priority and the mentors who cover each one.",
        "mentee",
        ("name", "priority", "notes", "visibility", "created_at"),
        many={"covered_by": "mentorships"},
    ),
    Kind(
        "insights",
        Insight,
        "Insights the mentee kept from a mentor, and when each was shared with the primary.",
        "mentee",
        ("text", "recorded_on", "shared_with_primary_at", "visibility"),
        refs={"source": "mentorships"},
    ),
    Kind(
        "agreements",
        Agreement,
        "Mentoring agreements (with one mentor, or with the whole team when `mentorship` is "
        "null): cadence, channels, response times, feedback rhythm, authorship, confidentiality.",
        "mentee",
        (
            "cadence",
            "meeting_minutes",
            "channels",
            "response_hours",
            "feedback_rhythm",
            "authorship",
            "confidentiality",
            "disagreements",
            "next_review_on",
            "version",
            "created_at",
            "updated_at",
        ),
        refs={"mentorship": "mentorships"},
    ),
    Kind(
        "agreement_revisions",
        AgreementRevision,
        "Every change to an agreement: version, who, when, each term before and after, why.",
        "agreement__mentee",
        ("version", "changed_at", "changes", "note"),
        refs={"agreement": "agreements"},
        people=("changed_by",),
    ),
    Kind(
        "acknowledgements",
        Acknowledgement,
        "Who acknowledged which version of an agreement, and when.",
        "agreement__mentee",
        ("version", "acknowledged_at"),
        refs={"agreement": "agreements"},
        people=("user",),
    ),
    Kind(
        "series",
        Series,
        "Recurring meeting series: title, first start, length, time zone, RFC 5545 rule, place.",
        "mentee",
        (
            "title",
            "first_start",
            "duration_minutes",
            "time_zone",
            "rule",
            "location",
            "video_url",
            "sequence",
            "created_at",
            "updated_at",
        ),
        people=("created_by",),
        many={"mentorships": "mentorships"},
    ),
    Kind(
        "meetings",
        Meeting,
        "Every meeting of every series (held, cancelled or to come), its summary, notes "
        "(Markdown) and who attended.",
        "series__mentee",
        (
            "original_start",
            "starts_at",
            "duration_minutes",
            "status",
            "summary",
            "notes",
            "version",
            "agenda_version",
            "updated_at",
        ),
        refs={"series": "series"},
        many_people=("attendees",),
    ),
    Kind(
        "agenda_items",
        AgendaItem,
        "Agenda items of the meetings, in order, and whether each was discussed.",
        "meeting__series__mentee",
        ("title", "position", "discussed", "created_at"),
        refs={"meeting": "meetings", "moved_from": "meetings"},
        people=("added_by",),
    ),
    Kind(
        "action_items",
        ActionItem,
        "Action items: what, who owns it, when it is due, and whether it was done or dropped.",
        "mentee",
        ("title", "due_on", "status", "closed_on", "created_at"),
        refs={"meeting": "meetings"},
        people=("owner",),
    ),
    Kind(
        "disagreements",
        Disagreement,
        "Disagreements: the topic, both views, how it ended and what follows.",
        "meeting__series__mentee",
        ("topic", "mentee_view", "mentor_view", "ending", "follow_up", "created_at"),
        refs={"meeting": "meetings", "mentorship": "mentorships"},
        people=("recorded_by",),
    ),
    Kind(
        "plans",
        Plan,
        "Career development plans: title, span, funding mechanism, status.",
        "mentee",
        (
            "title",
            "starts_on",
            "ends_on",
            "mechanism",
            "status",
            "visibility",
            "created_at",
            "updated_at",
        ),  # fmt: skip
    ),
    Kind(
        "goals",
        Goal,
        "SMART goals of the plans, as they stand now (their history is in goal_revisions).",
        "plan__mentee",
        (
            "category",
            "statement",
            "measure",
            "target",
            "rationale",
            "due_on",
            "visibility",
            "status",
            "confidence",
            "progress_override",
            "alternatives",
            "pivot_signals",
            "review_interval_days",
            "last_reviewed_on",
            "next_review_on",
            "version",
            "created_at",
            "updated_at",
        ),
        refs={"plan": "plans"},
        people=("created_by",),
        many={"mentors": "mentorships"},
    ),
    Kind(
        "milestones",
        Milestone,
        "Milestones of the goals, when each is due and when it was done.",
        "goal__plan__mentee",
        ("title", "due_on", "done_on", "created_at"),
        refs={"goal": "goals"},
    ),
    Kind(
        "goal_reviews",
        GoalReview,
        "Reviews of the goals: progress, status, confidence, a note and who took part.",
        "goal__plan__mentee",
        (
            "reviewed_on",
            "progress",
            "status",
            "confidence",
            "note",
            "mentee_took_part",
            "created_at",
        ),  # fmt: skip
        refs={"goal": "goals", "meeting": "meetings"},
        people=("recorded_by",),
        many={"mentors": "mentorships"},
    ),
    Kind(
        "goal_revisions",
        GoalRevision,
        "Every revision of every goal, oldest first: what kind of change, the definition "
        "before and after, the reason, who and when.",
        "goal__plan__mentee",
        ("kind", "before", "after", "reason", "changed_at"),
        refs={"goal": "goals"},
        people=("changed_by",),
    ),
    Kind(
        "feedback_requests",
        FeedbackRequest,
        "Requests for feedback, by the mentee or of the mentee: on what, by when, status.",
        "mentorship__mentee",
        ("topic", "title", "details", "link", "due_on", "status", "created_at"),
        refs={"mentorship": "mentorships"},
        people=("requested_by", "asked_of"),
    ),
    Kind(
        "feedback",
        Feedback,
        "Feedback the mentee gave a mentor or received from one, and what was done with it. "
        "Not a mentor's rating of their own mentoring, which is theirs.",
        "mentorship__mentee",
        (
            "direction",
            "topic",
            "text",
            "instrument",
            "instrument_version",
            "created_at",
            "acted_at",
            "acted_note",
        ),  # fmt: skip
        refs={"mentorship": "mentorships", "request": "feedback_requests"},
        people=("author",),
        many={"action_items": "action_items", "goals": "goals"},
        leave_out={"direction": Direction.SELF},
    ),
    Kind(
        "ratings",
        Rating,
        "The ratings of the mentoring style that go with feedback (item, domain, value).",
        "feedback__mentorship__mentee",
        ("item", "domain", "value"),
        refs={"feedback": "feedback"},
        leave_out={"feedback__direction": Direction.SELF},
    ),
    Kind(
        "contributions",
        Contribution,
        "What the mentee gave each mentor: articles, help on projects or talks, introductions.",
        "mentorship__mentee",
        ("kind", "contributed_on", "description", "link", "acknowledged_at", "created_at"),
        refs={"mentorship": "mentorships"},
    ),
    Kind(
        "activities",
        Activity,
        "Development activities: courses, workshops, conferences, self-directed mini-projects.",
        "mentee",
        (
            "kind",
            "title",
            "topics",
            "starts_on",
            "ends_on",
            "status",
            "outcome",
            "beyond_override",
            "visibility",
            "created_at",
        ),  # fmt: skip
    ),
    Kind(
        "independence_markers",
        IndependenceMarker,
        "Markers on the path to independence (first senior-author paper, own funding…).",
        "mentee",
        ("kind", "achieved_on", "note", "visibility", "created_at"),
    ),
    Kind(
        "outcomes",
        Outcome,
        "Outcomes (papers, grants, abstracts, talks, awards), successes and failures, each "
        "resubmission pointing to the attempt it follows (`previous`), and celebrations.",
        "mentee",
        (
            "kind",
            "title",
            "venue",
            "submitted_on",
            "decided_on",
            "result",
            "details",
            "authors",
            "year",
            "doi",
            "pmid",
            "url",
            "visibility",
            "source",
            "celebrated_on",
            "celebration_note",
            "created_at",
        ),
        refs={"previous": "outcomes"},
    ),
    Kind(
        "reflections",
        Reflection,
        "Reflections on outcomes: what happened, what was learned, next steps, shared with whom.",
        "outcome__mentee",
        ("what_happened", "learned", "next_steps", "created_at", "updated_at"),
        refs={"outcome": "outcomes"},
        many_people=("shared_with",),
    ),
)

BY_NAME = {kind.name: kind for kind in KINDS}


def counts(mentee) -> dict[str, int]:
    """How many records of each kind the mentee's workspace holds here."""
    return {kind.name: kind.records_of(mentee).count() for kind in KINDS}


FILES = frozenset({MANIFEST, README, PROFILE} | {kind.filename for kind in KINDS})
