"""The bench's meetings: a weekly series for every mentee and one busy calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .world import Scale, World

# --- Seeding meetings ----------------------------------------------------------------

# (rule, local start, time zone) of the feed user's series, round-robin: several rhythms
# and zones, so the feed carries several VTIMEZONEs.
FEED_RHYTHMS = [
    ("FREQ=WEEKLY;BYDAY=TU,WE", (14, 0), "America/New_York"),
    ("FREQ=WEEKLY;BYDAY=TH", (10, 0), "America/Chicago"),
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", (9, 0), "Europe/London"),
]


@dataclass
class MeetingsWorld:
    feed_user: object
    feed_series: int
    feed_past: int  # past meetings in the feed user's series, of which some skipped or moved
    meeting: object  # a held meeting with notes, attendees, topics, actions, disagreements
    counts: dict[str, int]


def seed_meetings(world: World, scale: Scale) -> MeetingsWorld:
    """A weekly series per mentee; the first mentee in 10 series with 2,000 past meetings."""
    import zoneinfo
    from datetime import datetime, time

    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from mentorkit.meetings import recurrence
    from mentorkit.meetings.models import (
        ActionItem,
        ActionStatus,
        AgendaItem,
        Disagreement,
        Ending,
        Meeting,
        MeetingStatus,
        Series,
    )
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    now = timezone.now()
    today = timezone.localdate()
    batch = 2000
    notes = "- **Aims page**: draft 3, Aim 2 tightened.\n- Power: see [the plan](https://example.org).\n"

    with transaction.atomic():
        # Background: each mentee meets their first active mentor weekly; most past meetings held.
        active = Mentorship.objects.filter(status=MentorshipStatus.ACTIVE).order_by(
            "mentee_id", "id"
        )
        first_mentorship = {}
        for m in active.only("id", "mentee_id"):
            first_mentorship.setdefault(m.mentee_id, m.pk)
        new_york = zoneinfo.ZoneInfo("America/New_York")
        weeks_back = scale.meetings_per_mentee * 3 // 4
        start_day = today - timedelta(weeks=weeks_back)
        series_list = Series.objects.bulk_create(
            [
                Series(
                    mentee_id=mentee_id,
                    title="Weekly with my primary mentor",
                    first_start=datetime.combine(start_day, time(9 + i % 8), new_york),
                    time_zone="America/New_York",
                    rule=f"FREQ=WEEKLY;BYDAY={recurrence.WEEKDAYS[start_day.weekday()]}",
                    uid=f"bench-{mentee_id}@mentorkit",
                )
                for i, mentee_id in enumerate(first_mentorship)
                if mentee_id != world.mentee.pk
            ],
            batch_size=batch,
        )
        Series.mentorships.through.objects.bulk_create(
            [
                Series.mentorships.through(
                    series_id=s.pk, mentorship_id=first_mentorship[s.mentee_id]
                )
                for s in series_list
            ],
            batch_size=batch,
        )
        background = []
        for s in series_list:
            local = s.first_start.astimezone(new_york)
            for k in range(scale.meetings_per_mentee):
                start = datetime.combine(local.date() + timedelta(weeks=k), local.time(), new_york)
                was_held = start < now and k % 9 != 4
                background.append(
                    Meeting(
                        series=s,
                        mentee_id=s.mentee_id,
                        original_start=start,
                        starts_at=start,
                        status=MeetingStatus.HELD if was_held else MeetingStatus.SCHEDULED,
                        summary="Weekly check-in" if was_held else "",
                        notes=notes if was_held else "",
                    )
                )
        Meeting.objects.bulk_create(background, batch_size=batch)

        # The feed user's 10 series over their active mentorships, each with its share of
        # the 2,000 past meetings: every 50th skipped, every 100th moved four hours earlier.
        user = world.mentee
        team = list(
            Mentorship.objects.filter(mentee=user, status=MentorshipStatus.ACTIVE).order_by("id")
        )
        per_series = scale.feed_past_meetings // scale.feed_series
        feed_series = []
        for i in range(scale.feed_series):
            rule, (hour, minute), zone = FEED_RHYTHMS[i % len(FEED_RHYTHMS)]
            tz = zoneinfo.ZoneInfo(zone)
            far_back = datetime.combine(
                today - timedelta(weeks=per_series + 10), time(hour, minute), tz
            )
            past = recurrence.occurrences(rule, far_back, far_back, now)
            series = Series.objects.create(
                mentee=user,
                title=f"Series {i + 1}",
                first_start=past[-per_series],
                time_zone=zone,
                rule=rule,
                location="Research office" if i % 2 else "",
                video_url="" if i % 2 else "https://video.example.org/j/bench",
            )
            series.mentorships.set(team[i % len(team) : i % len(team) + 1 + i % 2] or team[:1])
            series.materialize()
            feed_series.append(series)
        past_ids = list(
            Meeting.objects.filter(series__in=feed_series, starts_at__lt=now)
            .order_by("series_id", "starts_at")
            .values_list("pk", flat=True)
        )
        skipped = past_ids[7::50]
        moved = [pk for pk in past_ids[13::100] if pk not in skipped]
        Meeting.objects.filter(pk__in=sorted(set(past_ids) - set(skipped))).update(
            status=MeetingStatus.HELD, summary="Aims page and the power calculation", notes=notes
        )
        Meeting.objects.filter(pk__in=skipped).update(status=MeetingStatus.CANCELLED)
        Meeting.objects.filter(pk__in=moved).update(starts_at=F("starts_at") - timedelta(hours=4))

        # The meeting page's meeting: the last one held in the first series.
        meeting = Meeting.objects.filter(series=feed_series[0], status=MeetingStatus.HELD).last()
        people = [user.pk, *(m.mentor_id for m in feed_series[0].mentorships.all())]
        meeting.attendees.set(people)
        # Topics on it and on each series' next meeting; open and done actions; disagreements.
        upcoming = [
            s.meetings.filter(starts_at__gte=now, status=MeetingStatus.SCHEDULED).first()
            for s in feed_series
        ]
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=m,
                    title=f"Topic {k + 1}",
                    position=k + 1,
                    added_by_id=people[k % len(people)],
                )
                for m in [meeting, *upcoming]
                for k in range(8 if m == meeting else 3)
            ]
        )
        held = list(
            Meeting.objects.filter(pk__in=past_ids, status=MeetingStatus.HELD).values_list(
                "pk", flat=True
            )
        )
        ActionItem.objects.bulk_create(
            [
                ActionItem(
                    mentee=user,
                    meeting_id=meeting.pk if k < 6 else held[-k * 7],
                    title=f"Action {k + 1}: send the revised aims page",
                    owner_id=people[k % len(people)],
                    due_on=today + timedelta(days=k % 20 - 5),
                    status=ActionStatus.OPEN if k < 40 else ActionStatus.DONE,
                    closed_on=None if k < 40 else today - timedelta(days=k),
                )
                for k in range(140)
            ]
        )
        Disagreement.objects.bulk_create(
            [
                Disagreement(
                    meeting_id=meeting.pk if k < 2 else held[-k * 30],
                    mentorship=team[k % len(team)],
                    topic=f"Disagreement {k + 1}: the primary outcome",
                    mentee_view="Days alive and out of hospital.",
                    mentor_view="Thirty-day readmission.",
                    ending=[Ending.SETTLED_BY_DATA, Ending.AGREED_TO_DISAGREE][k % 2],
                    recorded_by=user,
                )
                for k in range(10)
            ]
        )

    counts = {
        "meeting series": Series.objects.count(),
        "meetings": Meeting.objects.count(),
        "action items": ActionItem.objects.count(),
        "skipped or moved occurrences in the feed": len(skipped) + len(moved),
    }
    return MeetingsWorld(
        feed_user=user,
        feed_series=len(feed_series),
        feed_past=len(past_ids),
        meeting=meeting,
        counts=counts,
    )
