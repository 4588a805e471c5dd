"""A calendar application asking for the feed again gets a 304 while nothing in it changed,
and the new feed as soon as something did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from mentorkit.meetings import actions
from mentorkit.meetings.models import ActionItem

from .test_calendar import NOW, feed_path, make_series

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def series(mentee_a, mentor_a):
    return make_series(mentee_a, mentor_a)


def fetch(client, user, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(feed_path(user), headers=headers)


def test_asking_again_with_the_etag_is_a_304_without_building_the_calendar(
    client, series, mentee_a, django_assert_max_num_queries
):
    first = fetch(client, mentee_a)
    assert first.status_code == 200 and first["ETag"].startswith('"')
    # the user, the workspaces shown, their versions
    with django_assert_max_num_queries(3):
        again = fetch(client, mentee_a, first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "change",
    [
        "skip a meeting",
        "move a meeting",
        "add a topic to the next agenda",
        "rename the series",
        "a mentor's new name",
        "an action item",
    ],
)
def test_any_change_in_the_feed_gives_a_new_feed(client, series, mentee_a, mentor_a, change):
    first = fetch(client, mentee_a)
    upcoming = series.meetings.filter(starts_at__gte=NOW).order_by("starts_at")
    if change == "skip a meeting":
        actions.skip(upcoming[1])
    elif change == "move a meeting":
        actions.move(upcoming[2], upcoming[2].starts_at + timedelta(hours=2))
    elif change == "add a topic to the next agenda":
        actions.add_topic(upcoming[0], "Aim 2 power calculation", mentee_a)
    elif change == "rename the series":
        series.title = "Weekly with the team"
        series.save()
    elif change == "a mentor's new name":
        mentor_a.name = "Dr. Ama Mensah"
        mentor_a.save()
    else:
        ActionItem.objects.create(mentee=mentee_a, title="Send the draft", owner=mentor_a)
    again = fetch(client, mentee_a, first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert again.content != first.content


def test_a_change_in_another_workspace_leaves_the_feed_unchanged(
    client, series, mentee_a, mentee_b, unrelated_mentor
):
    first = fetch(client, mentee_a)
    make_series(mentee_b, unrelated_mentor, title="Mentee B's own")
    assert fetch(client, mentee_a, first["ETag"]).status_code == 304


def test_the_next_hour_builds_the_feed_again(client, series, mentee_a, frozen):
    first = fetch(client, mentee_a)
    frozen.move_to(
        datetime(NOW.year, NOW.month, NOW.day, NOW.hour, tzinfo=UTC) + timedelta(hours=1)
    )
    assert fetch(client, mentee_a, first["ETag"]).status_code == 200
