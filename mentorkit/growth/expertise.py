"""Does an activity reach beyond what the mentee's mentors know? (practice 5)

Topics and keywords are free text typed by different people, so both are reduced to a set of
words before they are compared: case folded, split on anything that is not a letter or a
digit, and a trailing plural "s" dropped from each word ("designs", not "analysis"). A topic
matches a keyword when the words of one contain the words of the other, so "adaptive trial
designs" matches the keyword "adaptive designs" and "trial design" matches "trial designs".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mentorkit.teams.models import Mentorship

_NOT_WORD = re.compile(r"[\W_]+")


def words(text: str) -> frozenset[str]:
    """The normalised words of `text`: "Trial-Designs " -> {"trial", "design"}."""
    result = set()
    for word in _NOT_WORD.split(text.casefold()):
        # Not plurals: short words ("gis", "aws"), nor "analysis", "focus", "process".
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        if word:
            result.add(word)
    return frozenset(result)


def matches(topic: str, keyword: str) -> bool:
    """Whether the words of one contain all the words of the other (neither may be empty)."""
    a, b = words(topic), words(keyword)
    return bool(a and b) and (a <= b or b <= a)


def matching(topics: Iterable[str], keywords: Iterable[str]) -> list[str]:
    """The keywords, in sorted order, that at least one of the topics matches."""
    topics = list(topics)
    return sorted({k for k in keywords if any(matches(t, k) for t in topics)})


def beyond(topics: Iterable[str], keywords: Iterable[str]) -> bool:
    """True when there are topics and none of them matches any of the keywords.

    With no keywords at all (no active mentor lists any expertise) every topic is beyond.
    """
    topics = list(topics)
    return bool(topics) and not matching(topics, keywords)


def keywords_of(expertise: str) -> list[str]:
    """A mentor's comma-separated expertise as lower-case keywords (as `User.expertise_keywords`)."""
    return [k.strip().lower() for k in expertise.split(",") if k.strip()]


def mentor_keywords_for(mentee_ids: Iterable[int]) -> dict[int, set[str]]:
    """The expertise keywords of each mentee's active mentors, in one query.

    Every id asked for is in the answer, with an empty set when no active mentor lists any.
    """
    ids = list(mentee_ids)
    result: dict[int, set[str]] = {mentee_id: set() for mentee_id in ids}
    rows = (
        Mentorship.objects.active()
        .filter(mentee_id__in=ids, mentor__isnull=False)
        .values_list("mentee_id", "mentor__expertise")
    )
    for mentee_id, mentor_expertise in rows:
        result[mentee_id].update(keywords_of(mentor_expertise or ""))
    return result


def mentors_compared(mentee) -> list[tuple[Mentorship, list[str]]]:
    """The mentee's active mentors, each with the keywords the activities are compared with."""
    mentorships = (
        Mentorship.objects.active()
        .filter(mentee=mentee, mentor__isnull=False)
        .select_related("mentor")
        .order_by("id")
    )
    return [(m, keywords_of(m.mentor.expertise)) for m in mentorships]
