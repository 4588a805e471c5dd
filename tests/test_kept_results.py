"""What is kept between requests (the health indicators) is never served after a change:
every record kind of a workspace raises its version, and the pages show a change at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.core.versions import versions
from mentorkit.demo import MENTEE_EMAIL as MENTEE
from mentorkit.meetings.models import Meeting, MeetingStatus
from mentorkit.teams.models import Mentorship
from mentorkit.workspace.kinds import KINDS
from tests.demo_world import demo_world

from .conftest import once_per_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, lambda: (demo_world(), None)[1])


def version(mentee) -> int:
    return versions([mentee.pk])[mentee.pk]


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_saving_or_deleting_any_record_of_a_workspace_raises_its_version(demo, kind):
    mentee = User.objects.get(email=MENTEE)
    record = kind.records_of(mentee).first()
    assert record is not None, f"the demo has no {kind.name}"
    before = version(mentee)
    record.save()
    after_save = version(mentee)
    record.delete()
    assert before < after_save < version(mentee)


def test_changing_the_links_of_a_record_raises_its_version(demo):
    mentee = User.objects.get(email=MENTEE)
    meeting = Meeting.objects.filter(mentee=mentee, attendees__isnull=False).first()
    before = version(mentee)
    meeting.attendees.clear()
    assert version(mentee) > before


def test_a_mentors_profile_is_part_of_their_mentees_workspaces(demo, client):
    mentor = Mentorship.objects.active().filter(mentee__email=MENTEE).first().mentor
    mentee = User.objects.get(email=MENTEE)
    before = version(mentee)
    mentor.expertise = "health economics, qualitative methods"
    mentor.save()
    assert version(mentee) > before
    # Signing in changes no workspace.
    before = version(mentee)
    client.force_login(mentor)
    assert version(mentee) == before


def offer_indicator(page: str) -> str:
    """The value shown for practice 4 (the mentee offering value back)."""
    start = page.index("4. What you offer")
    return page[start : page.index("</li>", start)]


def test_the_home_page_keeps_its_indicators_and_shows_a_change_at_once(demo, client):
    mentee = User.objects.get(email=MENTEE)
    client.force_login(mentee)
    client.get("/")
    with CaptureQueriesContext(connection) as kept:
        client.get("/")
    mentorship = Mentorship.objects.active().filter(mentee=mentee).first()
    today = timezone.localdate()
    before = client.get("/").content.decode()
    response = client.post(
        "/growth/contributions/new/",
        {
            "mentorship": mentorship.pk,
            "kind": "introduction",
            "contributed_on": today.isoformat(),
            "description": "Introduced them to the trials unit",
        },
    )
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as recomputed:
        after = client.get("/").content.decode()
    assert after != before
    # The offer indicator counts one more this quarter, on the very next page.
    assert offer_indicator(after) != offer_indicator(before)
    assert len(recomputed) > len(kept)


def test_meeting_notes_saved_through_the_page_show_on_the_home_page(demo, client):
    mentee = User.objects.get(email=MENTEE)
    client.force_login(mentee)
    meeting = (
        Meeting.objects.filter(mentee=mentee, status=MeetingStatus.SCHEDULED)
        .order_by("starts_at")
        .first()
    )
    before = version(mentee)
    page = client.get(meeting.get_absolute_url())
    form = page.context["notes_form"]
    response = client.post(
        f"/meetings/{meeting.pk}/notes/",
        {
            "status": "held",
            "summary": "Went through Aim 2",
            "notes": "",
            "attendees": [u.pk for u in form.fields["attendees"].queryset],
            "version": meeting.version,
        },
    )
    assert response.status_code in (200, 302)
    assert version(mentee) > before
