"""A series title with a line break (possible through the API) never breaks a calendar."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from mentorkit.meetings.models import Series
from mentorkit.teams.models import Mentorship

pytestmark = pytest.mark.django_db

TITLE = "Weekly\r\nBEGIN:VEVENT\nSUMMARY:injected"


@pytest.fixture
def series(mentee_a, mentor_a):
    series = Series.objects.create(
        mentee=mentee_a,
        title=TITLE,
        rule="FREQ=WEEKLY",
        first_start=timezone.now() + timedelta(days=1),
        time_zone="UTC",
    )
    series.mentorships.add(Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a))
    series.materialize()
    return series


def events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


@pytest.mark.parametrize("which", ["series", "meeting", "feed"])
def test_every_download_of_a_series_with_a_line_break_in_its_title_reads_back(
    client, series, mentor_a, which
):
    client.force_login(mentor_a)
    url = {
        "series": f"/meetings/series/{series.pk}.ics",
        "meeting": f"/meetings/{series.meetings.first().pk}.ics",
        "feed": f"/calendar/{mentor_a.regenerate_calendar_token()}.ics",
    }[which]
    response = client.get(url)
    assert response.status_code == 200
    found = events(response.content)
    assert len(found) == 1  # the title's "BEGIN:VEVENT" made no event of its own
    assert str(found[0]["SUMMARY"]).startswith(TITLE.replace("\r\n", "\n"))
    assert b"\nSUMMARY:injected" not in response.content
