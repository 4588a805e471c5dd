"""What a matching round's page shows: the review of a draft (`review`) and, once
published, how its matches went (`since`), both read from the round's kept answer."""

from __future__ import annotations

from django.utils import timezone

from mentorkit.teams.choices import TAKEN_ROLES

from . import scores
from .followup import MILESTONES
from .models import MatchFollowUp, MatchRound
from .rounds import NO_CANDIDATE, SHARES, _asked, _explained


def review(round_: MatchRound) -> dict:
    """What the review page shows: each pair with its criteria, the unmatched and why, each
    mentor's load in the round, the pins and the forbidden pairs — from the answer alone."""
    from mentorkit.accounts.models import User

    result = round_.result
    if "why" not in result:  # an answer kept before explanations were: explain it now
        result = {**result, **_explained(round_.inputs, result["pairs"], result["unmatched"])}
    if "asked" not in result:  # nor what it was asked
        result = {**result, **_asked(round_)}
    pinned = {tuple(p) for p in result["pinned"]}
    forbidden = [tuple(p) for p in result["forbidden"]]
    blocking = [tuple(p) for p in result.get("blocking", [])]
    excluded = result["conflicts"]
    choices = {int(m): ranked for m, ranked in result["mentor_choices"].items()}
    ids = {p for pair in result["pairs"] for p in pair[:2]} | set(result["unmatched"])
    ids |= {p for pair in forbidden + blocking for p in pair}
    ids |= {p for row in excluded for p in row[:2]} | set(choices)
    ids |= {e for ranked in choices.values() for e in ranked}
    if round_.is_draft:
        ids |= set(result["round_mentees"]) | set(result["round_mentors"])
    people = User.objects.only("pk", "name", "email").in_bulk(ids)  # names, for 280 people
    roles = dict(TAKEN_ROLES)
    pairs = [
        {
            "mentee": people.get(e),
            "mentor": people.get(m),
            "mentee_id": e,
            "mentor_id": m,
            "score": s,
            "criteria": result["why"].get(f"{e}:{m}", []),
            # Written here once, not by a template filter per criterion (200 pairs a page).
            "why": ", ".join(
                f"{label} {points:+.2f}" for label, points in result["why"].get(f"{e}:{m}", [])
            ),
            "score_text": f"{s:.2f}",
            "key": f"{e}:{m}",  # a string: an integer is localised each time it is shown
            "mentee_name": people[e].display_name if e in people else "",
            "mentor_name": people[m].display_name if m in people else "",
            "pinned": (e, m) in pinned,
            "role": roles.get(result.get("roles", {}).get(f"{e}:{m}", ""), ""),
        }
        for e, m, s in result["pairs"]
    ]
    load: dict[int, int] = {}
    for pair in pairs:
        load[pair["mentor_id"]] = load.get(pair["mentor_id"], 0) + 1
    unmatched = [
        {"mentee": people.get(e), "why": result["unmatched_why"].get(str(e), NO_CANDIDATE)}
        for e in result["unmatched"]
    ]
    loads = [
        {"mentor": people.get(int(m)), "capacity": c, "in_round": load.get(int(m), 0)}
        for m, c in result["capacity"].items()
    ]
    loads.sort(
        key=lambda row: (-row["in_round"], row["mentor"].display_name if row["mentor"] else "")
    )
    return {
        "pairs": pairs,
        "unmatched": unmatched,
        "loads": loads,
        "forbidden": [
            {"mentee": people.get(e), "mentor": people.get(m), "ids": (e, m)} for e, m in forbidden
        ],
        "weights": scores.Weights.from_dict(round_.weights).described(),
        "blocking": [{"mentee": people.get(e), "mentor": people.get(m)} for e, m in blocking],
        "conflicts": [{"mentee": people.get(e), "mentor": people.get(m)} for e, m in excluded],
        "mentor_choices": [
            {"mentor": people.get(m), "mentees": [people.get(e) for e in ranked]}
            for m, ranked in sorted(choices.items())
        ],
        "asked": {
            "roles": [roles[r] for r in result["asked"]["roles"] if r in roles],
            "share": SHARES.get(result["asked"]["share"], ""),
            "limit": next(iter(result["asked"]["limits"].values()), None),
        },
        "round_mentees": _named(people, result["round_mentees"]) if round_.is_draft else [],
        "round_mentors": _named(people, result["round_mentors"]) if round_.is_draft else [],
    }


def _named(people: dict, ids) -> list:
    return sorted((people[i] for i in ids if i in people), key=lambda u: (u.display_name, u.pk))


def since(round_: MatchRound) -> list[dict]:
    """How a published round's matches went: each invitation's mentorship now (invited,
    active, declined, ended), how long since the pair last met, and the mentee's relationship
    health (how many of the seven practices are on track), beside the pair's score."""
    from mentorkit.health import health_for
    from mentorkit.teams.models import Mentorship

    if not round_.published:
        return []
    scores_of = {(e, m): s for e, m, s in round_.result.get("pairs", [])}
    found = {
        m.pk: m
        for m in Mentorship.objects.filter(pk__in=[p[2] for p in round_.published])
        .select_related("mentee", "mentor")
        .with_last_met()
    }
    health = health_for([m.mentee for m in found.values()])
    later: dict[int, dict[int, MatchFollowUp]] = {}
    for follow_up in MatchFollowUp.objects.filter(round=round_):
        later.setdefault(follow_up.mentorship_id, {})[follow_up.months] = follow_up
    today = timezone.localdate()
    rows = []
    for mentee_id, mentor_id, pk in round_.published:
        mentorship = found.get(pk)
        if mentorship is None:
            continue
        indicators = health.get(mentee_id, [])
        last = mentorship.last_met
        rows.append(
            {
                "mentorship": mentorship,
                "score": scores_of.get((mentee_id, mentor_id)),
                "days_since_met": None if last is None else (today - timezone.localdate(last)).days,
                "on_track": sum(1 for i in indicators if i.state == "good"),
                "of": len(indicators),
                "after": [later.get(pk, {}).get(months) for months in MILESTONES],
            }
        )
    return rows


def milestones(rows: list[dict]) -> list[dict]:
    """Each milestone over the round's matches: how many were taken, how many were active
    then, the meetings held, the practices on track on average, and the mean score of the
    matches active against those not (does the score foretell how a match goes?)."""
    summary: list[dict] = []
    for index, months in enumerate(MILESTONES):
        taken = [row["after"][index] for row in rows if row["after"][index] is not None]
        if not taken:
            summary.append({"months": months, "taken": 0})
            continue
        active = [f for f in taken if f.status == "active"]
        other = [f for f in taken if f.status != "active"]
        summary.append(
            {
                "months": months,
                "taken": len(taken),
                "active": len(active),
                "meetings": sum(f.meetings for f in taken),
                "on_track": sum(f.on_track for f in taken) / len(taken),
                "of": max(f.of for f in taken),
                "score_active": _mean([f.score for f in active]),
                "score_other": _mean([f.score for f in other]),
            }
        )
    return summary


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None
