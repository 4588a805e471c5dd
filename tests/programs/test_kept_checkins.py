"""The roster's check-ins are kept per enrollment, and never stale after a change.

A large program's dashboard reads the rules that hold from a snapshot per enrollment
(`programs.kept`). What the roster and the API say must be what the rules compute, on the
view right after any write that changes it: a meeting recorded, a status changed, a rule
switched off, a mentor signing in again; and a rule that begins to hold as time passes
shows within the hour.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from mentorkit.accounts.models import ApiToken, User
from mentorkit.meetings.models import MeetingStatus
from mentorkit.programs import checkins
from mentorkit.programs.models import Enrollment, EnrollmentStatus
from tests.programs.test_checkins import NOW, four_scholars, met, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scholars(program):
    return four_scholars(program)


def dashboard(client, program) -> str:
    return client.get(f"/programs/{program.pk}/").content.decode()


def roster_by_api(client, director, program) -> dict[str, list[str]]:
    token = ApiToken.issue(director, "tests")[1]
    response = client.get(
        f"/api/v1/programs/{program.pk}/enrollments",
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    return {e["mentee"]["name"]: e["check_in_reasons"] for e in response.json()["items"]}


def computed(program) -> dict[str, list[str]]:
    """What the rules say when computed from scratch (no snapshot read)."""
    rows = checkins.with_checkins(program.enrollments.select_related("mentee"), program)
    return {e.mentee.name: [rule.key for rule in checkins.reasons(e)] for e in rows}


def test_the_roster_says_what_the_rules_compute(client, director, program, scholars):
    User.objects.filter(pk=scholars["dee"][1].mentor_id).update(last_login=NOW - timedelta(weeks=9))
    client.force_login(director)
    dashboard(client, program)  # the first view keeps them

    by_api = roster_by_api(client, director, program)

    assert by_api == computed(program)
    assert by_api["Ben"] == ["no_meeting"] and by_api["Cy"] == ["feedback_one_way"]
    assert by_api["Dee"] == ["mentor_silent"] and by_api["Ada"] == []


def test_a_meeting_recorded_clears_the_flag_on_the_next_view(client, director, program, scholars):
    client.force_login(director)
    assert "No meeting for a while" in row(dashboard(client, program), "Ben")

    met(*scholars["ben"], days_ago=1)

    assert "No meeting for a while" not in row(dashboard(client, program), "Ben")
    assert roster_by_api(client, director, program)["Ben"] == []


def test_a_meeting_left_unrecorded_flags_on_the_next_view(client, director, program, scholars):
    client.force_login(director)
    assert "Meetings left unrecorded" not in row(dashboard(client, program), "Ada")

    met(*scholars["ada"], days_ago=9, status=MeetingStatus.SCHEDULED)

    assert "Meetings left unrecorded" in row(dashboard(client, program), "Ada")


def test_a_mentee_on_leave_needs_no_check_in_from_the_next_view(
    client, director, program, scholars
):
    client.force_login(director)
    assert "No meeting for a while" in row(dashboard(client, program), "Ben")
    enrollment = Enrollment.objects.get(program=program, mentee=scholars["ben"][0])
    response = client.post(
        f"/programs/{program.pk}/mentees/{enrollment.mentee_id}/",
        {"status": EnrollmentStatus.ON_LEAVE, "track": "", "ended_on": ""},
    )
    assert response.status_code == 302

    assert "No meeting for a while" not in row(dashboard(client, program), "Ben")
    assert roster_by_api(client, director, program)["Ben"] == []


def test_a_mentor_who_signs_in_again_is_no_longer_silent_on_the_next_view(
    client, director, program, scholars
):
    mentor = scholars["dee"][1].mentor
    mentor.last_login = NOW - timedelta(weeks=9)
    mentor.save(update_fields=["last_login"])  # signing in writes no workspace
    client.force_login(director)
    assert "A mentor not seen for weeks" in row(dashboard(client, program), "Dee")

    client.force_login(mentor)  # signs in: last_login is now
    client.force_login(director)

    assert "A mentor not seen for weeks" not in row(dashboard(client, program), "Dee")


def test_a_rule_that_begins_to_hold_as_days_pass_shows_within_the_hour(
    client, director, program, scholars
):
    client.force_login(director)
    assert "No meeting for a while" not in row(dashboard(client, program), "Ada")

    # Ada met ten days ago, fortnightly agreed: 19 days on, her 28 days have run out.
    with time_machine.travel(NOW + timedelta(days=19), tick=False):
        client.force_login(director)  # the session of 19 days ago has expired
        assert "No meeting for a while" in row(dashboard(client, program), "Ada")
        assert roster_by_api(client, director, program)["Ada"] == ["no_meeting"]


def test_the_needs_a_check_in_filter_reads_the_kept_rules(client, director, program, scholars):
    client.force_login(director)
    dashboard(client, program)
    met(*scholars["ben"], days_ago=1)

    page = client.get(f"/programs/{program.pk}/?check_in=on").content.decode()

    assert ">Cy<" in page and ">Ben<" not in page and ">Ada<" not in page


def funnel_numbers(page: str) -> list[int]:
    start = page.index('<ol class="funnel">')
    return [int(n) for n in re.findall(r'<span class="n">(\d+)</span>', page[start:])][:5]


def test_the_funnel_counts_a_meeting_on_the_next_view(client, director, program, scholars):
    client.force_login(director)
    before = funnel_numbers(dashboard(client, program))

    met(*scholars["ben"], days_ago=1)  # Ben had not met for 40 days
    after = funnel_numbers(dashboard(client, program))

    assert after[:4] == before[:4] and after[4] == before[4] + 1
    # A month on, every one of those meetings is more than 30 days old.
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        client.force_login(director)
        assert funnel_numbers(dashboard(client, program))[4] == 0
