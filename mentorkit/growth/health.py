"""Practice 4: contributions in the last quarter, and how many mentors they reached.
Practice 5: activities in the last six months, and how many reach beyond the mentors."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from mentorkit.health import Indicator, State, register
from mentorkit.teams.models import Mentorship

from . import expertise
from .models import QUARTER, Activity, Contribution


@register(4)
def offering_health(mentees, today):
    ids = [m.pk for m in mentees]
    given: dict[int, int] = {}
    reached: dict[int, set[int]] = {}
    for mentee_id, mentorship_id, n in (
        Contribution.objects.filter(mentee_id__in=ids, contributed_on__gte=today - QUARTER)
        .values_list("mentee_id", "mentorship_id")
        .annotate(n=Count("id"))
    ):
        given[mentee_id] = given.get(mentee_id, 0) + n
        reached.setdefault(mentee_id, set()).add(mentorship_id)
    active = dict(
        Mentorship.objects.active()
        .filter(mentee_id__in=ids)
        .values_list("mentee_id")
        .annotate(n=Count("id"))
    )
    url = reverse("growth:index")
    result = {}
    for mentee_id in ids:
        n, mentors, team = (
            given.get(mentee_id, 0),
            len(reached.get(mentee_id, ())),
            active.get(mentee_id, 0),
        )
        if not n:
            result[mentee_id] = Indicator(
                4,
                "Nothing offered this quarter",
                "Share an article, help with a talk, make an introduction.",
                State.MISSING,
                url,
            )
            continue
        result[mentee_id] = Indicator(
            4,
            f"{n} contribution{'s' if n != 1 else ''} this quarter",
            f"to {mentors} of {team} active mentor{'s' if team != 1 else ''}.",
            State.GOOD if team and mentors * 2 >= team else State.ATTENTION,
            url,
        )
    return result


@register(5)
def autonomy_health(mentees, today):
    """Activities under way in the last six months, and how many reach beyond the mentors."""
    ids = [m.pk for m in mentees]
    recent: dict[int, list[Activity]] = {}
    for activity in (
        Activity.objects.filter(mentee_id__in=ids)
        .recent(today)
        .only("id", "mentee_id", "topics", "beyond_override")
    ):
        recent.setdefault(activity.mentee_id, []).append(activity)
    keywords = expertise.mentor_keywords_for(ids)
    url = reverse("growth:autonomy")
    result = {}
    for mentee_id in ids:
        activities = recent.get(mentee_id, [])
        if not activities:
            result[mentee_id] = Indicator(
                5,
                "No activities in six months",
                "A course, a workshop or a mini-project of your own choosing.",
                State.MISSING,
                url,
            )
            continue
        n = len(activities)
        beyond = sum(a.is_beyond(keywords[mentee_id]) for a in activities)
        result[mentee_id] = Indicator(
            5,
            f"{n} activit{'ies' if n != 1 else 'y'} in six months",
            f"{beyond} beyond your mentors' expertise.",
            State.GOOD if beyond else State.ATTENTION,
            url,
        )
    return result
