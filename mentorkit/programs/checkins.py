"""Needs a check-in: rules over what mentorkit already knows about each relationship.

Each rule is an `EXISTS` (or a comparison of subqueries) over one mentee's records, and
holds only for a mentee active in the program (not on leave, completed or withdrawn), so a
roster of any size is flagged, counted and sorted by the database, attention first, before
it is paginated. A rule reads only what a program may know: dates, statuses and counts,
never a record's content. Each program switches rules off and sets their thresholds
(`Policy`, from the program's `checkin_*` fields); the roster page states them.

`since_of` tells, for the rows of one page, since when each rule has held: the roster shows
it, and automatic nudges wait for a relationship flagged long enough (`programs.auto`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # the reason, as the roster shows it
    explanation: str = ""  # the rule with the program's thresholds, as the page states it


LABELS = {
    "no_mentor": "No active mentor",
    "no_meeting": "No meeting for a while",
    "unrecorded": "Meetings left unrecorded",
    "feedback_one_way": "Feedback not both ways",
    "actions_overdue": "Actions overdue",
    "agreement_overdue": "Agreement review overdue",
    "mentor_silent": "A mentor not seen for weeks",
}
RULE_KEYS = tuple(LABELS)
# The one rule that reads no workspace, but when mentors last signed in.
SIGN_IN_RULE = "mentor_silent"


@dataclass(frozen=True)
class Policy:
    """A program's check-in rules: which are on, and their thresholds."""

    off: frozenset[str] = field(default_factory=frozenset)
    missed_intervals: int = 2
    interval_days: int = 30
    unrecorded_days: int = 7
    feedback_rhythms: int = 2
    silent_weeks: int = 6

    @classmethod
    def of(cls, program) -> Policy:
        return cls(
            off=frozenset(program.checkin_rules_off or ()),
            missed_intervals=program.checkin_missed_intervals,
            interval_days=program.checkin_interval_days,
            unrecorded_days=program.checkin_unrecorded_days,
            feedback_rhythms=program.checkin_feedback_rhythms,
            silent_weeks=program.checkin_silent_weeks,
        )

    def rules(self) -> list[Rule]:
        """Every rule, worded with these thresholds; those switched off included."""
        times = "twice" if self.missed_intervals == 2 else f"{self.missed_intervals} times"
        rhythms = "two" if self.feedback_rhythms == 2 else str(self.feedback_rhythms)
        explained = {
            "no_mentor": "the mentee has no active mentor",
            "no_meeting": f"no meeting held for {times} the interval agreed "
            f"(every {self.interval_days} days where nothing is agreed)",
            "unrecorded": f"a meeting more than {self.unrecorded_days} days past has no notes, "
            "summary or status",
            "feedback_one_way": f"over the last {rhythms} feedback rhythms agreed (a quarter "
            "where nothing is agreed), feedback went one way only, or not at all",
            "actions_overdue": "an open action item is past its due date",
            "agreement_overdue": "an agreement's review date has passed",
            "mentor_silent": f"an active mentor has not signed in for {self.silent_weeks} weeks",
        }
        return [Rule(key, LABELS[key], explained[key]) for key in RULE_KEYS]

    def on(self) -> list[Rule]:
        return [rule for rule in self.rules() if rule.key not in self.off]


def _meeting_due(mentee, policy: Policy, now: datetime):
    """The moment before which the last meeting must have been: `missed_intervals` times the
    shortest interval agreed in the agreements binding the mentee now (the program's
    interval where nothing is agreed) before `now` — one subquery answering the moment."""
    from mentorkit.teams.models import Agreement, MentorshipStatus

    agreed = (
        Agreement.objects.filter(mentee=mentee)
        .filter(Q(mentorship=None) | Q(mentorship__status=MentorshipStatus.ACTIVE))
        .annotate(
            due=Case(
                *(
                    When(
                        cadence=every,
                        then=Value(now - timedelta(days=policy.missed_intervals * every)),
                    )
                    for every in _intervals()
                ),
                output_field=DateTimeField(),
            )
        )
        .order_by("cadence")
        .values("due")[:1]
    )
    default = Value(now - timedelta(days=policy.missed_intervals * policy.interval_days))
    return Coalesce(Subquery(agreed), default, output_field=DateTimeField())


def _gap_from(mentee, now: datetime):
    """When the current stretch without a meeting began: the last meeting held or written
    up, or else when the first active mentorship was set up."""
    from mentorkit.meetings.models import Meeting
    from mentorkit.teams.models import Mentorship

    last = (
        Meeting.objects.held_or_recorded()
        .filter(mentee=mentee, starts_at__lte=now)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    first = (
        Mentorship.objects.active()
        .filter(mentee=mentee)
        .order_by("created_at")
        .values("created_at")
    )[:1]
    return Coalesce(Subquery(last), Subquery(first), output_field=DateTimeField())


def _intervals():
    from mentorkit.teams.models import Cadence

    return [int(c) for c in Cadence.values]


def _feedback_window(policy: Policy, now: datetime):
    """Per active mentorship (the outer row): since when feedback should have gone both
    ways — the rhythm of its own agreement, else of the team's, else a quarter — as one
    subquery that answers the moment itself."""
    from mentorkit.feedback.health import QUARTER, RHYTHM_DAYS
    from mentorkit.teams.models import Agreement

    windows = (
        Agreement.objects.filter(mentee=OuterRef("mentee_id"))
        .filter(Q(mentorship=OuterRef("pk")) | Q(mentorship=None))
        .annotate(
            window=Case(
                *(
                    When(
                        feedback_rhythm=key,
                        then=Value(now - timedelta(days=policy.feedback_rhythms * days)),
                    )
                    for key, days in RHYTHM_DAYS.items()
                ),
                default=Value(now - timedelta(days=policy.feedback_rhythms * QUARTER)),
                output_field=DateTimeField(),
            )
        )
        .order_by(F("mentorship").asc(nulls_last=True))
        .values("window")[:1]
    )
    default = Value(now - timedelta(days=policy.feedback_rhythms * QUARTER))
    return Coalesce(Subquery(windows), default, output_field=DateTimeField())


def _one_way(policy: Policy, now: datetime):
    from mentorkit.feedback.models import Direction, Feedback
    from mentorkit.teams.models import Mentorship

    def given(direction):
        return Exists(
            Feedback.objects.filter(
                mentorship=OuterRef("pk"), direction=direction, created_at__gte=OuterRef("window")
            )
        )

    return (
        Mentorship.objects.active()
        .filter(mentee=OuterRef("mentee_id"))
        .annotate(window=_feedback_window(policy, now))
        .filter(created_at__lt=F("window"))
        .filter(~given(Direction.TO_MENTEE) | ~given(Direction.TO_MENTOR))
    )


def mentor_silent(policy: Policy, today: date, now: datetime, program=None) -> Exists:
    """An active mentor of the outer row's mentee has not signed in for `silent_weeks`.
    `program`: among the program's mentees only (the same answer for its enrollments, and a
    planner that hashes the subquery hashes only theirs)."""
    from mentorkit.teams.models import Mentorship

    silence = timedelta(weeks=policy.silent_weeks)
    mentorships = Mentorship.objects.active().filter(mentee=OuterRef("mentee_id"))
    if program is not None:
        mentorships = mentorships.filter(mentee__enrollments__program=program)
    return Exists(
        mentorships.filter(
            Q(mentor__last_login__lt=now - silence)
            | Q(mentor__last_login__isnull=True, started_on__lt=today - silence)
        )
    )


def _conditions(policy: Policy, today: date, now: datetime) -> dict:
    from mentorkit.meetings.models import ActionItem, Meeting
    from mentorkit.teams.models import Agreement, Mentorship

    from .models import EnrollmentStatus

    mentee = OuterRef("mentee_id")
    # No meeting held for `missed_intervals` agreed intervals: the gap began before then.
    waited = Q(checkin_gap_from__lt=F("checkin_due"))
    conditions = {
        "no_mentor": ~Exists(Mentorship.objects.active().filter(mentee=mentee)),
        "no_meeting": ExpressionWrapper(waited, output_field=BooleanField()),
        "unrecorded": Exists(
            Meeting.objects.not_recorded(now - timedelta(days=policy.unrecorded_days)).filter(
                mentee=mentee
            )
        ),
        "feedback_one_way": Exists(_one_way(policy, now)),
        "actions_overdue": Exists(
            ActionItem.objects.open().filter(mentee=mentee, due_on__lt=today)
        ),
        "agreement_overdue": Exists(
            Agreement.objects.filter(mentee=mentee, next_review_on__lt=today)
        ),
        "mentor_silent": mentor_silent(policy, today, now),
    }
    # Only a mentee active in the program needs a check-in: not one on leave, who completed
    # it or left it.
    active = Q(status=EnrollmentStatus.ACTIVE)
    return {
        key: (
            Value(False, output_field=BooleanField())
            if key in policy.off
            else ExpressionWrapper(active & Q(condition), output_field=BooleanField())
        )
        for key, condition in conditions.items()
    }


def with_checkins(
    enrollments: QuerySet, program, today: date | None = None, policy: Policy | None = None
) -> QuerySet:
    """`enrollments` (of `program`) with one boolean per rule (`check_<key>`, false for a
    rule the program switched off) and `attention`, how many hold. `policy`: the program's
    own by default."""
    today = today or timezone.localdate()
    now = timezone.now()
    policy = policy or Policy.of(program)
    conditions = _conditions(policy, today, now)
    mentee = OuterRef("mentee_id")
    flagged = enrollments.annotate(
        checkin_due=_meeting_due(mentee, policy, now), checkin_gap_from=_gap_from(mentee, now)
    ).annotate(**{f"check_{k}": c for k, c in conditions.items()})
    # The count refers to the annotations above rather than building each rule again.
    score = sum(
        (
            Case(
                When(**{f"check_{key}": True}, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for key in conditions
            if key not in policy.off
        ),
        start=Value(0, output_field=IntegerField()),
    )
    return flagged.annotate(attention=score)


def reasons(enrollment) -> list[Rule]:
    """The rules that hold for an enrollment read through `with_checkins`."""
    return [
        Rule(key, label) for key, label in LABELS.items() if getattr(enrollment, f"check_{key}", 0)
    ]


@dataclass(frozen=True)
class Flag:
    rule: Rule
    since: date | None


def reasons_cell(flags: list[Flag]) -> SafeString:
    """The roster's cell of reasons: the mark, then each reason with the day it began to
    hold ("No meeting for a while since 3 Nov; …", with the year when it is not this one),
    or a dash. Written in Python, as a page of the roster shows fifty."""
    if not flags:
        return mark_safe("—")
    this_year = timezone.localdate().year

    def day(since: date) -> str:
        return format_date(since, "j M" if since.year == this_year else "j M Y")

    reasons = format_html_join(
        "; ",
        "{}{}",
        (
            (
                flag.rule.label,
                format_html(' <span class="muted small">since {}</span>', day(flag.since))
                if flag.since
                else "",
            )
            for flag in flags
        ),
    )
    return format_html('<span class="state attention" aria-hidden="true"></span> {}', reasons)


def flags_of(enrollments, program, today: date | None = None) -> dict[int, list[Flag]]:
    """{enrollment id: the rules that hold, worded with the program's thresholds, each with
    the day it began to hold}, for enrollments read through `with_checkins`."""
    worded = {rule.key: rule for rule in Policy.of(program).rules()}
    # Read from a kept snapshot (`programs.kept`): since when each kept rule holds is there.
    kept = [getattr(e, "checkin_since", None) for e in enrollments]
    if enrollments and all(days is not None for days in kept):
        since = since_of(enrollments, program, today, keys={SIGN_IN_RULE})
        for e, days in zip(enrollments, kept, strict=True):
            since.setdefault(e.pk, {}).update(
                {k: date.fromisoformat(v) for k, v in (days or {}).items()}
            )
    else:
        since = since_of(enrollments, program, today)
    return {
        e.pk: [Flag(worded[r.key], since.get(e.pk, {}).get(r.key)) for r in reasons(e)]
        for e in enrollments
    }


def since_of(
    enrollments, program, today: date | None = None, keys: set[str] | None = None
) -> dict[int, dict[str, date]]:
    """{enrollment id: {rule key: the day it began to hold}} for enrollments read through
    `with_checkins`: at most one query per rule, whatever the number of rows. `keys`: only
    these rules (every rule by default)."""
    from mentorkit.meetings.models import ActionItem, Meeting
    from mentorkit.teams.models import Agreement, Mentorship

    today = today or timezone.localdate()
    now = timezone.now()
    policy = Policy.of(program)
    rows = [e for e in enrollments if e.attention]
    result: dict[int, dict[str, date]] = {e.pk: {} for e in rows}
    if not rows:
        return result

    def flagged(key):
        if keys is not None and key not in keys:
            return {}
        return {e.mentee_id: e for e in rows if getattr(e, f"check_{key}")}

    def put(key, found: Mapping[int, date | datetime | None], fallback=None):
        for mentee_id, enrollment in flagged(key).items():
            day = found.get(mentee_id) or fallback(enrollment) if fallback else found.get(mentee_id)
            if isinstance(day, datetime):
                day = timezone.localdate(day)
            if day is not None:
                result[enrollment.pk][key] = min(day, today)

    if ids := list(flagged("no_mentor")):
        ended = dict(
            Mentorship.objects.filter(mentee_id__in=ids)
            .order_by()
            .values("mentee_id")
            .annotate(last=Max("ended_on"))
            .values_list("mentee_id", "last")
        )
        put("no_mentor", ended, lambda e: e.enrolled_on)
    for enrollment in flagged("no_meeting").values():
        if enrollment.checkin_gap_from is not None:
            # The gap began at `gap_from`; the rule held once it was as long as now - due.
            begun = enrollment.checkin_gap_from + (now - enrollment.checkin_due)
            result[enrollment.pk]["no_meeting"] = min(timezone.localdate(begun), today)
    grace = timedelta(days=policy.unrecorded_days)
    if ids := list(flagged("unrecorded")):
        oldest = (
            Meeting.objects.not_recorded(now - grace)
            .filter(mentee_id__in=ids)
            .order_by()
            .values("mentee_id")
            .annotate(first=Min("starts_at"))
            .values_list("mentee_id", "first")
        )
        put("unrecorded", {m: first + grace for m, first in oldest})
    if ids := list(flagged("feedback_one_way")):
        from mentorkit.feedback.models import Direction, Feedback

        mentorships = list(
            Mentorship.objects.active()
            .filter(mentee_id__in=ids)
            .annotate(window=_feedback_window(policy, now))
            .values_list("pk", "mentee_id", "created_at", "window")
        )
        last: dict[tuple[int, str], datetime] = {
            (m, d): at
            for m, d, at in Feedback.objects.filter(
                mentorship_id__in=[m[0] for m in mentorships],
                direction__in=(Direction.TO_MENTEE, Direction.TO_MENTOR),
            )
            .order_by()
            .values("mentorship_id", "direction")
            .annotate(at=Max("created_at"))
            .values_list("mentorship_id", "direction", "at")
        }
        earliest: dict[int, datetime] = {}
        for pk, mentee_id, created, start in mentorships:
            # One way since the staler side's last feedback (or the start) left the window.
            stale = min(
                last.get((pk, Direction.TO_MENTEE), created),
                last.get((pk, Direction.TO_MENTOR), created),
            )
            if stale < start:
                began = max(stale, created) + (now - start)
                earliest[mentee_id] = min(earliest.get(mentee_id, began), began)
        put("feedback_one_way", earliest)
    if ids := list(flagged("actions_overdue")):
        due = (
            ActionItem.objects.open()
            .filter(mentee_id__in=ids, due_on__lt=today)
            .order_by()
            .values("mentee_id")
            .annotate(first=Min("due_on"))
            .values_list("mentee_id", "first")
        )
        put("actions_overdue", {m: first + timedelta(days=1) for m, first in due})
    if ids := list(flagged("agreement_overdue")):
        due = (
            Agreement.objects.filter(mentee_id__in=ids, next_review_on__lt=today)
            .order_by()
            .values("mentee_id")
            .annotate(first=Min("next_review_on"))
            .values_list("mentee_id", "first")
        )
        put("agreement_overdue", {m: first + timedelta(days=1) for m, first in due})
    if ids := list(flagged("mentor_silent")):
        silence = timedelta(weeks=policy.silent_weeks)
        seen: dict[int, datetime | date] = {}
        for mentee_id, last_login, started_on in (
            Mentorship.objects.active()
            .filter(mentee_id__in=ids)
            .values_list("mentee_id", "mentor__last_login", "started_on")
        ):
            seen_on = timezone.localdate(last_login) if last_login else started_on
            if seen_on is not None and seen_on < today - silence:
                seen[mentee_id] = min(seen.get(mentee_id, seen_on), seen_on)
        put("mentor_silent", {m: on + silence for m, on in seen.items()})
    return result
