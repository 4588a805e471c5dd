"""The Individual Development Plan: the plan as an HTML page, a PDF (A4 or US Letter) and
Markdown, with goals, milestones, status, confidence, revisions, the team and the date."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from mentorkit.plans.models import GoalRevision, GoalStatus, Milestone, RevisionKind
from mentorkit.visibility import Visibility

from ..pdf import A4, LETTER, page_sizes
from .test_plans import make_goal, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(mentee_a, mentor_a):
    with time_machine.travel(date(2026, 11, 24), tick=False):
        plan = make_plan(mentee_a)
        submitted = make_goal(
            plan,
            category="funding",
            statement="Resubmit the K23",
            confidence=70,
            status=GoalStatus.ON_TRACK,
        )
        Milestone.objects.create(
            goal=submitted,
            title="Summary statement discussed",
            due_on=date(2026, 3, 1),
            done_on=date(2026, 2, 20),
        )
        Milestone.objects.create(goal=submitted, title="A1 submitted", due_on=date(2027, 3, 5))
        GoalRevision.objects.create(
            goal=submitted,
            kind=RevisionKind.REDEFINED,
            before={"statement": "Submit the K23", "due_on": "2025-10-12"},
            after={"statement": "Resubmit the K23", "due_on": "2027-03-05"},
            reason="First submission scored 38 and was not funded",
            changed_by=mentee_a,
        )
        make_goal(plan, statement="Keep a private note goal", visibility=Visibility.PRIVATE)
        yield plan


def export(client, plan, fmt, query=""):
    return client.get(reverse("plans:plan_export", args=[plan.pk, fmt]) + query)


def test_the_html_idp_has_goals_milestones_revisions_team_and_date(client, plan, mentee_a):
    client.force_login(mentee_a)
    with time_machine.travel(date(2026, 11, 24), tick=False):
        html = export(client, plan, "html").content.decode()
    for text in (
        "Individual Development Plan",
        "Resubmit the K23",
        "Summary statement discussed",
        "A1 submitted",
        "On track",
        "70%",
        "First submission scored 38 and was not funded",
        "Mentor A",  # the team
        "24 November 2026",
        "<svg",  # the same timeline as the page
    ):
        assert text in html, text


def test_a_mentor_s_idp_leaves_out_the_mentee_s_private_goals(client, plan, mentee_a, mentor_a):
    client.force_login(mentee_a)
    assert "Keep a private note goal" in export(client, plan, "html").content.decode()
    client.force_login(mentor_a)
    assert "Keep a private note goal" not in export(client, plan, "html").content.decode()


def test_the_pdf_is_a4_by_default_and_us_letter_on_request(client, plan, mentee_a):
    client.force_login(mentee_a)
    a4 = export(client, plan, "pdf")
    assert a4["Content-Type"] == "application/pdf" and a4.content.startswith(b"%PDF-")
    assert 'filename="idp-mentee-a-' in a4["Content-Disposition"]
    assert set(page_sizes(a4.content)) == {A4}
    letter = export(client, plan, "pdf", "?paper=letter")
    assert set(page_sizes(letter.content)) == {LETTER}


def test_the_markdown_idp_lists_goals_with_checkboxes_and_the_changes(client, plan, mentee_a):
    client.force_login(mentee_a)
    response = export(client, plan, "md")
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    assert "# Individual Development Plan" in text
    assert "- [x] Summary statement discussed" in text and "- [ ] A1 submitted" in text
    assert "why: First submission scored 38 and was not funded" in text
    assert "Due: 12 Oct 2025 → 5 Mar 2027" in text
    assert "<" not in text.replace("<!--", "")  # Markdown, not HTML


def test_an_unknown_format_is_not_found(client, plan, mentee_a):
    client.force_login(mentee_a)
    assert export(client, plan, "docx").status_code == 404


def test_a_repeat_download_is_the_kept_pdf_and_a_change_shows_at_once(client, plan, mentee_a):
    """Kept on the workspace's version: not rendered again until something in it changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mentee_a)
    with time_machine.travel(date(2026, 11, 24), tick=False) as clock:
        first = export(client, plan, "pdf").content
        clock.shift(90)  # a second render would carry another creation time
        with CaptureQueriesContext(connection) as repeat:
            again = export(client, plan, "pdf").content
        assert again == first
        # session, user, the plan, the workspace's version, the kept file, the download's event
        assert len(repeat) <= 7
        goal = plan.goals.get(statement="Resubmit the K23")
        added = client.post(
            reverse("plans:milestone_add", args=[goal.pk]),
            {"title": "Study section", "due_on": "2027-02-01", "done_on": ""},
        )
        assert added.status_code in (200, 302)
        changed = export(client, plan, "pdf").content
        assert changed != first and changed.startswith(b"%PDF")
        # The same milestone in the page built from the same context: it is in the new PDF.
        assert "Study section" in export(client, plan, "html").content.decode()
        assert len(page_sizes(changed)) >= len(page_sizes(first))


def test_each_reader_has_their_own_kept_pdf(client, plan, mentee_a, mentor_a):
    with time_machine.travel(date(2026, 11, 24), tick=False):
        client.force_login(mentee_a)
        own = export(client, plan, "pdf").content
        client.force_login(mentor_a)
        theirs = export(client, plan, "pdf").content
    assert own != theirs  # the mentee's private goal is in hers only
