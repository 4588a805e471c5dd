"""Health of the team (practice 6), and the agreement's part of practice 1.

Practice 1 has one provider, in `meetings/health.py`: it starts from
`agreement_health` here and adds the meetings held against the cadence.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format

from mentorkit.health import Indicator, State, register
from mentorkit.visibility import Visibility

from .models import Acknowledgement, Agreement, Mentorship, Need, Priority


def _active_mentorships(mentee_ids):
    rows = Mentorship.objects.active().filter(mentee_id__in=mentee_ids)
    return rows.values("id", "mentee_id", "mentor_id", "discipline", "mentor__discipline")


def agreement_health(mentees, today):
    """An agreement covers every active mentor, every party acknowledged it, its review is not overdue."""
    ids = [m.pk for m in mentees]
    active = defaultdict(list)
    for row in _active_mentorships(ids):
        active[row["mentee_id"]].append(row)
    agreements = defaultdict(list)
    for agreement in Agreement.objects.filter(mentee_id__in=ids).values(
        "id", "mentee_id", "mentorship_id", "version", "next_review_on"
    ):
        agreements[agreement["mentee_id"]].append(agreement)
    acknowledged = defaultdict(set)  # agreement id -> users who acknowledged its current version
    for ack in Acknowledgement.objects.filter(agreement__mentee_id__in=ids).values(
        "agreement_id", "user_id", "version", "agreement__version"
    ):
        if ack["version"] == ack["agreement__version"]:
            acknowledged[ack["agreement_id"]].add(ack["user_id"])

    url = reverse("teams:agreements")
    result = {}
    for mentee in mentees:
        mentorships = active[mentee.pk]
        own = agreements[mentee.pk]
        if not mentorships:
            result[mentee.pk] = Indicator(
                1,
                "No active mentors",
                "Invite a mentor to agree how you work.",
                State.MISSING,
                reverse("teams:invite"),
            )
            continue
        if not own:
            result[mentee.pk] = Indicator(
                1,
                "No agreement yet",
                "Agree on cadence, channels and how you handle disagreement.",
                State.MISSING,
                url,
            )
            continue
        team_agreement = next((a for a in own if a["mentorship_id"] is None), None)
        by_mentorship = {a["mentorship_id"]: a for a in own if a["mentorship_id"]}
        uncovered = [
            m for m in mentorships if m["id"] not in by_mentorship and team_agreement is None
        ]
        missing_acks = 0
        for m in mentorships:
            agreement = by_mentorship.get(m["id"]) or team_agreement
            if agreement is None:
                continue
            missing_acks += m["mentor_id"] not in acknowledged[agreement["id"]]
        missing_acks += sum(mentee.pk not in acknowledged[a["id"]] for a in own)
        overdue = [a["next_review_on"] for a in own if a["next_review_on"] < today]
        if uncovered:
            result[mentee.pk] = Indicator(
                1,
                f"{len(uncovered)} mentor{'s' if len(uncovered) != 1 else ''} without an agreement",
                "Each active mentor should be covered by an agreement.",
                State.ATTENTION,
                url,
            )
        elif overdue:
            since = date_format(min(overdue), "j M Y")
            result[mentee.pk] = Indicator(
                1,
                "Review overdue",
                f"The agreement was due for review on {since}.",
                State.ATTENTION,
                url,
            )
        elif missing_acks:
            result[mentee.pk] = Indicator(
                1,
                f"{missing_acks} acknowledgement{'s' if missing_acks != 1 else ''} pending",
                "Every party acknowledges the current version.",
                State.ATTENTION,
                url,
            )
        else:
            result[mentee.pk] = Indicator(
                1,
                "Agreement in place",
                "Acknowledged by everyone and not due for review.",
                State.GOOD,
                url,
            )
    return result


@register(6)
def team_health(mentees, today):
    """Share of high-priority needs covered by an active mentor; disciplines on the team."""
    ids = [m.pk for m in mentees]
    disciplines = defaultdict(set)
    mentor_count = defaultdict(int)
    for row in _active_mentorships(ids):
        mentor_count[row["mentee_id"]] += 1
        discipline = (row["discipline"] or row["mentor__discipline"] or "").strip().lower()
        if discipline:
            disciplines[row["mentee_id"]].add(discipline)
    covered_by_active = Mentorship.needs_covered.through.objects.filter(
        need_id=OuterRef("pk"), mentorship__status="active"
    )
    needs = defaultdict(lambda: [0, 0])  # mentee id -> [covered, total]
    for need in (
        # Only needs shared with the team count: mentors and directors see this
        # indicator, and a private need must not show even as a number.
        Need.objects.filter(mentee_id__in=ids, priority=Priority.HIGH)
        .exclude(visibility=Visibility.PRIVATE)
        .annotate(covered=Exists(covered_by_active))
        .values("mentee_id", "covered")
    ):
        needs[need["mentee_id"]][1] += 1
        needs[need["mentee_id"]][0] += need["covered"]

    url = reverse("teams:team")
    result = {}
    for mentee in mentees:
        covered, total = needs[mentee.pk]
        n_disc = len(disciplines[mentee.pk])
        disc = f"{n_disc} discipline{'s' if n_disc != 1 else ''} on the team"
        if not mentor_count[mentee.pk]:
            result[mentee.pk] = Indicator(
                6,
                "No active mentors",
                "A team of several mentors across disciplines.",
                State.MISSING,
                url,
            )
        elif not total:
            result[mentee.pk] = Indicator(
                6,
                "No high-priority needs shared",
                f"List what you need to develop and share it with your team. {disc}.",
                State.MISSING,
                url,
            )
        else:
            state = State.GOOD if covered == total and n_disc >= 2 else State.ATTENTION
            result[mentee.pk] = Indicator(
                6, f"{covered} of {total} high-priority needs covered", f"{disc}.", state, url
            )
    return result
