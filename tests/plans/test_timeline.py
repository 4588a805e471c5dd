"""The plan's timeline tells the truth: whole goal labels (page and IDP), a shape for each
status besides its colour, and an image with a text alternative whose links are in a table.

The issue's words: "Plan-timeline goal labels are cut at ~30 characters (also in the IDP
sent to committees); … 'Not started' and 'Dropped' are near-identical greys. … No chart has
a text alternative beyond its title."
"""

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from mentorkit.outcomes.models import Outcome
from mentorkit.plans.models import GoalStatus, Milestone

from ..pdf import A4, page_sizes
from .test_plans import make_goal, make_plan

pytestmark = pytest.mark.django_db

LONG = "Learn mixed models and missing-data methods well enough to write the SAP myself"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 24), tick=False):
        yield


@pytest.fixture
def plan(mentee_a):
    plan = make_plan(mentee_a)
    learn = make_goal(plan, category="skills", statement=LONG, status=GoalStatus.ON_TRACK)
    Milestone.objects.create(
        goal=learn, title="Course done", due_on=date(2026, 3, 1), done_on=date(2026, 2, 1)
    )
    Milestone.objects.create(goal=learn, title="SAP drafted", due_on=date(2027, 3, 1))
    make_goal(plan, statement="Write the review article", status=GoalStatus.NOT_STARTED)
    make_goal(
        plan,
        category="funding",
        statement="Apply for the foundation grant",
        status=GoalStatus.DROPPED,
    )
    Outcome.objects.create(
        mentee=mentee_a, title="K23 A0", result="failure", decided_on=date(2026, 2, 10)
    )
    return plan


def svg_of(html: str) -> str:
    return re.search(r'<svg class="timeline".*?</svg>', html, re.S).group(0)


def page(client, plan, mentee):
    client.force_login(mentee)
    return client.get(plan.get_absolute_url()).content.decode()


def test_a_long_goal_is_labelled_whole_on_the_page_and_in_the_idp(client, plan, mentee_a):
    client.force_login(mentee_a)
    idp = client.get(reverse("plans:plan_export", args=[plan.pk, "html"])).content.decode()
    for html in (page(client, plan, mentee_a), idp):
        lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg_of(html))
        assert " ".join(lines).count(LONG) == 1
        assert "…" not in svg_of(html)


def test_not_started_is_a_hollow_bar_and_dropped_a_struck_thin_line(client, plan, mentee_a):
    svg = svg_of(page(client, plan, mentee_a))
    not_started = re.search(r"Write the review article.*?<rect[^>]*>", svg, re.S).group(0)
    dropped = re.search(
        r"<text[^>]*>(?:(?!</text>).)*Apply for the foundation grant.*?<rect[^>]*>.*?<text[^>]*>([^<]*)</text>",
        svg,
        re.S,
    )
    assert 'fill="#ffffff" stroke="#57606a"' in not_started
    assert 'text-decoration="line-through"' in dropped.group(0)
    assert 'height="2"' in dropped.group(0) and dropped.group(1) == "✕"


def test_the_legend_names_each_status_with_its_shape(client, plan, mentee_a):
    legend = re.search(
        r'<p class="legend small">.*?</p>', page(client, plan, mentee_a), re.S
    ).group(0)
    for words in [
        "Not started",
        "On track",
        "! At risk",
        "✓ Achieved",
        "Revised",
        "✕ Dropped",
        "● success, ✕ failure",
    ]:
        assert words in legend


def test_the_timeline_is_an_image_described_in_words_without_links(client, plan, mentee_a):
    svg = svg_of(page(client, plan, mentee_a))
    assert 'role="img"' in svg and 'aria-labelledby="timeline-title timeline-desc"' in svg
    assert "<a " not in svg
    description = re.search(r'<desc id="timeline-desc">(.*?)</desc>', svg).group(1)
    assert description == (
        "1 not started, 1 on track, 1 dropped; 1 of 2 milestones done; "
        "1 outcome decided: 0 successes, 1 failure. The table after the picture lists each."
    )


def test_the_table_beside_the_timeline_links_every_goal_and_outcome(client, plan, mentee_a):
    html = page(client, plan, mentee_a)
    table = re.search(r'<details class="chart-table">.*?</details>', html, re.S).group(0)
    assert "<summary>Show the timeline as a table</summary>" in table
    for goal in plan.goals.all():
        assert f'<a href="{reverse("plans:goal", args=[goal.pk])}">{goal.statement}</a>' in table
    assert "1 of 2" in table and "<td>Failure</td>" in table
    assert re.search(r'<a href="/outcomes/\d+/">K23 A0</a>', table)


def test_the_pdf_draws_the_same_timeline(client, plan, mentee_a):
    # WeasyPrint draws the wrapped labels and the shapes: the PDF is made, on A4.
    client.force_login(mentee_a)
    pdf = client.get(reverse("plans:plan_export", args=[plan.pk, "pdf"]))
    assert pdf.status_code == 200 and page_sizes(pdf.content)[0] == A4
