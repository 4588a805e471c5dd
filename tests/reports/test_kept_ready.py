"""A downloaded PDF is kept ready: after each change to its workspace, a pass of the background
loop (`mentorkit remind`) renders it again for the same reader, with what that reader may see,
so the next download is not rendered; and no download is ever a PDF from before a change."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorkit.meetings.reminders import run_pass
from mentorkit.outcomes.models import Outcome, normalise_title
from mentorkit.plans.models import Milestone
from mentorkit.teams.models import Mentorship, MentorshipStatus
from mentorkit.visibility import Visibility

from ..pdf import text
from ..plans.test_plans import make_goal, make_plan

pytestmark = pytest.mark.django_db

# Tuesday 24 November 2026, noon in New York (the people's time zone below).
NOON = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("America/New_York"))
# A download that is not rendered: the session, the reader, the document's lookup, the
# workspace's version, the kept file, the download's event and its record.
READY = 8


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(clock, mentee_a, mentor_a):
    for person in (mentee_a, mentor_a):
        person.time_zone = "America/New_York"
        person.save()
    return mentee_a, mentor_a


@pytest.fixture
def plan(people):
    mentee, _mentor = people
    plan = make_plan(mentee)
    goal = make_goal(plan, category="funding", statement="Resubmit the K23")
    Milestone.objects.create(
        goal=goal, title="Summary statement discussed", due_on=date(2026, 3, 1)
    )
    make_goal(plan, statement="A goal only the mentee sees", visibility=Visibility.PRIVATE)
    return plan


def idp(plan, query=""):
    return reverse("plans:plan_export", args=[plan.pk, "pdf"]) + query


def download(client, url) -> tuple[str, int]:
    """The text of the PDF at `url`, and how many queries its download took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return text(response.content), len(queries)


def add_milestone(client, plan, title):
    goal = plan.goals.get(statement="Resubmit the K23")
    response = client.post(
        reverse("plans:milestone_add", args=[goal.pk]),
        {"title": title, "due_on": "2027-02-01", "done_on": ""},
    )
    assert response.status_code in (200, 302)


def test_after_a_change_a_pass_renders_the_pdf_again_and_the_next_download_is_ready(
    client, clock, plan, people
):
    mentee, _mentor = people
    client.force_login(mentee)
    download(client, idp(plan))
    add_milestone(client, plan, "Study section")

    assert run_pass().rendered == 1
    clock.shift(60)
    shown, queries = download(client, idp(plan))

    assert "Study section" in shown
    assert queries <= READY  # not rendered: the plan's goals were not even read


def test_an_unchanged_document_is_not_rendered_again(client, plan, people):
    client.force_login(people[0])
    download(client, idp(plan))
    assert run_pass().rendered == 0
    add_milestone(client, plan, "Study section")
    assert run_pass().rendered == 1
    assert run_pass().rendered == 0


def test_a_download_after_a_change_is_never_the_pdf_from_before(client, plan, people):
    """Neither the download's own kept PDF nor the one the loop rendered is served once the
    workspace has changed again: the download renders, with the change."""
    client.force_login(people[0])
    download(client, idp(plan))
    add_milestone(client, plan, "Study section")
    assert "Study section" in download(client, idp(plan))[0]

    add_milestone(client, plan, "Mock review")
    run_pass()  # the loop renders the plan with both milestones...
    add_milestone(client, plan, "Council round")  # ...then it changes before the download

    shown, queries = download(client, idp(plan))
    assert "Mock review" in shown and "Council round" in shown
    assert queries > READY  # rendered on the spot


def test_the_loop_renders_a_mentors_copy_with_only_what_the_mentor_may_see(client, plan, people):
    mentee, mentor = people
    client.force_login(mentor)
    first, _ = download(client, idp(plan))
    assert "Resubmit the K23" in first and "A goal only the mentee sees" not in first
    client.force_login(mentee)
    download(client, idp(plan))
    make_goal(plan, statement="Another private aim", visibility=Visibility.PRIVATE)
    make_goal(plan, statement="A new shared aim", visibility=Visibility.TEAM)

    assert run_pass().rendered == 2  # the mentor's copy and the mentee's

    client.force_login(mentor)
    theirs, queries = download(client, idp(plan))
    assert queries <= READY
    assert "A new shared aim" in theirs
    assert "Another private aim" not in theirs and "A goal only the mentee sees" not in theirs
    client.force_login(mentee)
    own, queries = download(client, idp(plan))
    assert queries <= READY
    assert "Another private aim" in own and "A goal only the mentee sees" in own


def test_nothing_is_rendered_for_a_mentor_whose_mentorship_ended(client, plan, people):
    mentee, mentor = people
    client.force_login(mentor)
    download(client, idp(plan))
    Mentorship.objects.filter(mentee=mentee, mentor=mentor).update(status=MentorshipStatus.ENDED)
    make_goal(plan, statement="A new shared aim", visibility=Visibility.TEAM)

    assert run_pass().rendered == 0
    assert client.get(idp(plan)).status_code == 404


def test_each_paper_size_is_kept_ready_as_downloaded(client, clock, plan, people):
    client.force_login(people[0])
    download(client, idp(plan, "?paper=letter"))
    add_milestone(client, plan, "Study section")

    assert run_pass().rendered == 1  # the letter copy only: nobody downloaded the A4 one
    clock.shift(60)
    assert download(client, idp(plan, "?paper=letter"))[1] <= READY
    assert download(client, idp(plan))[1] > READY


def test_the_next_day_the_pdf_is_rendered_again_for_its_new_date(client, clock, plan, people):
    client.force_login(people[0])
    assert "As of 24 November 2026" in download(client, idp(plan))[0]
    clock.move_to(NOON + timedelta(hours=11))  # still the 24th in New York
    assert run_pass().rendered == 0
    clock.move_to(NOON + timedelta(hours=13))  # 01:00 on the 25th in New York

    assert run_pass().rendered == 1
    client.force_login(people[0])  # signed in again: the session ended meanwhile
    shown, queries = download(client, idp(plan))
    assert "As of 25 November 2026" in shown and queries <= READY


def test_a_document_not_downloaded_for_30_days_is_no_longer_kept_ready(client, clock, plan, people):
    client.force_login(people[0])
    download(client, idp(plan))
    clock.move_to(NOON + timedelta(days=29))
    client.force_login(people[0])  # signed in again: the session ended meanwhile
    add_milestone(client, plan, "Study section")
    assert run_pass().rendered == 1
    clock.move_to(NOON + timedelta(days=31))
    client.force_login(people[0])
    add_milestone(client, plan, "Mock review")

    assert run_pass().rendered == 0
    assert "Mock review" in download(client, idp(plan))[0]  # rendered by the download itself


def test_the_cv_is_kept_ready_too(client, clock, people):
    mentee, _mentor = people
    client.force_login(mentee)
    cv = reverse("outcomes:cv", args=["pdf"])
    assert "No outcomes recorded" in download(client, cv)[0]
    title = "Remote monitoring after ablation"
    Outcome.objects.create(
        mentee=mentee,
        kind="paper",
        title=title,
        title_key=normalise_title(title),
        result="success",
        decided_on=date(2026, 10, 1),
    )

    assert run_pass().rendered == 1
    clock.shift(60)
    shown, queries = download(client, cv)
    assert title in shown and queries <= READY


def test_the_remind_command_says_how_many_documents_it_kept_ready(client, plan, people, capsys):
    client.force_login(people[0])
    download(client, idp(plan))
    add_milestone(client, plan, "Study section")

    call_command("remind")

    assert "1 document kept ready" in capsys.readouterr().out


def test_a_render_that_fails_is_tried_again_ten_minutes_later(
    client, clock, plan, people, monkeypatch
):
    client.force_login(people[0])
    download(client, idp(plan))
    add_milestone(client, plan, "Study section")
    with monkeypatch.context() as broken:
        broken.setattr("mentorkit.reports.render.pdf_bytes", lambda *a, **k: 1 / 0)
        assert run_pass().rendered == 0
    assert run_pass().rendered == 0  # its claim holds for ten minutes

    clock.shift(11 * 60)
    assert run_pass().rendered == 1
