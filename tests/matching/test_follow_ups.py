"""How a published round's matches went: taken by the background loop 3 and 6 months after
publishing, once each, and shown on the round's page beside the scores."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from mentorkit.accounts.models import User
from mentorkit.matching import rounds
from mentorkit.matching.models import MatchFollowUp, MatchRound
from mentorkit.meetings import reminders
from mentorkit.meetings.models import Meeting, MeetingStatus, Series
from mentorkit.teams import actions
from mentorkit.teams.models import EndReason, Mentorship

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")
PUBLISHED = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    traveller = time_machine.travel(PUBLISHED, tick=False)
    yield traveller.start()
    traveller.stop()


@pytest.fixture
def published(clock, director, program, cohort):
    """A round published on 12 January; each mentor accepts; Omar and his mentor meet every
    other week."""
    round_ = rounds.start(
        program,
        director,
        name="January",
        mentees=rounds.mentees_for(program, "no_mentor"),
        objective="max_score",
        spread=0.0,
    )
    rounds.publish(round_, director)
    round_.refresh_from_db()
    for _mentee, mentor_id, pk in round_.published:
        actions.accept_mentorship(Mentorship.objects.get(pk=pk), User.objects.get(pk=mentor_id))
    omar = Mentorship.objects.get(mentee=cohort["omar"], pk__in=[p[2] for p in round_.published])
    series = Series.objects.create(
        mentee=cohort["omar"],
        title="Omar and his mentor",
        first_start=PUBLISHED + timedelta(days=2),
        time_zone="UTC",
        rule="FREQ=WEEKLY;INTERVAL=2",
    )
    series.mentorships.set([omar])
    series.materialize(PUBLISHED + timedelta(days=100))
    Meeting.objects.filter(series=series, starts_at__lt=PUBLISHED + timedelta(days=90)).update(
        status=MeetingStatus.HELD
    )
    return round_


def test_the_loop_takes_each_milestone_once_and_the_page_shows_it(
    client,
    clock,
    director,
    program,
    cohort,
    published,
):
    clock.move_to(PUBLISHED + timedelta(days=50))
    ines = Mentorship.objects.get(mentee=cohort["ines"], pk__in=[p[2] for p in published.published])
    actions.end_mentorship(ines, cohort["ines"], EndReason.OTHER)  # in March
    clock.move_to(PUBLISHED + timedelta(days=80))
    reminders.plan(datetime.now(UTC))
    assert not MatchFollowUp.objects.exists()  # not 3 months yet
    clock.move_to(datetime(2026, 4, 13, 9, 0, tzinfo=UTC))
    reminders.plan(datetime.now(UTC))
    reminders.plan(datetime.now(UTC))  # a second pass (or a second copy): nothing twice
    taken = MatchFollowUp.objects.filter(months=3)
    assert taken.count() == len(published.published)
    omar = taken.get(mentorship__mentee=cohort["omar"])
    assert omar.status == "active" and omar.meetings == 7  # every other week since 14 Jan
    assert (
        omar.score
        == dict(((e, m), s) for e, m, s in published.result["pairs"])[
            (cohort["omar"].pk, omar.mentorship.mentor_id)
        ]
    )
    client.force_login(director)
    page = client.get(published.get_absolute_url()).content.decode()
    assert taken.get(mentorship=ines).status == "ended"
    assert "After 3 months:</strong> 2 of 3 matches active, 7 meetings held" in page
    assert "for those active against" in page
    assert "After 6 months:</strong> not reached yet." in page
    assert "Active · 7 meetings" in page


def test_a_milestone_the_loop_missed_by_more_than_a_month_is_left_missing(
    clock,
    program,
    cohort,
    published,
):
    clock.move_to(datetime(2026, 5, 20, 9, 0, tzinfo=UTC))  # 4 months and a week
    reminders.plan(datetime.now(UTC))
    assert not MatchFollowUp.objects.exists()
    clock.move_to(datetime(2026, 7, 13, 9, 0, tzinfo=UTC))
    reminders.plan(datetime.now(UTC))
    assert set(MatchFollowUp.objects.values_list("months", flat=True)) == {6}


def test_a_draft_round_is_never_followed_up(clock, director, program, cohort):
    rounds.start(
        program,
        director,
        name="Draft",
        mentees=rounds.mentees_for(program, "no_mentor"),
        objective="max_score",
        spread=0.0,
    )
    clock.move_to(PUBLISHED + timedelta(days=92))
    reminders.plan(datetime.now(UTC))
    assert MatchRound.objects.get().status == "draft"
    assert not MatchFollowUp.objects.exists()
