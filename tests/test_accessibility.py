"""Accessible by construction, checked on the pages as served (the browser's axe-core run is
tests/browser/test_axe.py): unique ids, landmarks on the standalone documents, headings in
order, no empty table header, no control inside a summary, text colours with contrast.

The issue's words: "duplicate element ids break labels on the autonomy, profile and meeting
pages"; "the standalone IDP, CV and biosketch pages have no landmarks; one heading-order and
one empty table header"; "green #1a7f4b on the pale-green badges, 4.4:1 where 4.5 is
required"; "the standalone documents ask for a missing /favicon.ico".
"""

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from mentorkit.meetings.models import Meeting
from mentorkit.outcomes.models import Outcome
from mentorkit.plans.models import Plan
from mentorkit.teams.models import Mentorship

from .test_agreement import terms
from .test_meetings import NY, series_data

pytestmark = pytest.mark.django_db
CSS = Path(__file__).parents[1] / "mentorkit" / "static" / "css" / "mentorkit.css"


def repeated_ids(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return [f"{value} ×{n}" for value, n in ids.items() if n > 1]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=NY), tick=False):
        yield


@pytest.fixture
def world(client, mentee_a, mentor_a):
    mentorship = Mentorship.objects.get(mentor=mentor_a)
    client.force_login(mentee_a)
    response = client.post("/meetings/series/new/", series_data([mentorship]))
    assert response.status_code == 302
    Plan.objects.create(
        mentee=mentee_a, title="K23 plan", starts_on=date(2025, 7, 1), ends_on=date(2030, 6, 30)
    )
    return mentorship


@pytest.mark.parametrize(
    "page", ["growth:autonomy", "accounts:profile", "meetings:meeting", "teams:team"]
)
def test_no_page_repeats_an_element_id(client, world, mentee_a, page):
    url = reverse(page, args=[Meeting.objects.first().pk] if page == "meetings:meeting" else [])
    html = client.get(url).content.decode()
    assert "<label" in html and repeated_ids(html) == []


def test_each_form_on_a_shared_page_keeps_its_own_labels(client, world, mentee_a):
    autonomy = client.get(reverse("growth:autonomy")).content.decode()
    assert 'for="id_kind"' in autonomy and 'for="id_marker_kind"' in autonomy
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="id_name"' in profile and 'id="id_token_name"' in profile
    meeting = client.get(Meeting.objects.first().get_absolute_url()).content.decode()
    assert 'id="id_disagreement_topic"' in meeting


@pytest.mark.parametrize(
    "document",
    [
        ("outcomes:cv", ["html"]),
        ("outcomes:biosketch", ["html"]),
        ("plans:plan_export", "plan"),
    ],
)
def test_a_standalone_document_has_a_main_landmark_and_its_icon(client, world, document):
    name, args = document
    args = [Plan.objects.get().pk, "html"] if args == "plan" else args
    html = client.get(reverse(name, args=args)).content.decode()
    assert html.count("<main>") == 1 and "<nav " in html
    # The icon is named, so the browser does not ask for a /favicon.ico there is not.
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg"', html)


def test_an_agreement_listed_under_the_page_title_is_a_second_level_heading(client, world):
    assert client.post("/agreements/new/", terms()).status_code == 302
    html = client.get(reverse("teams:agreements")).content.decode()
    assert re.search(r'<article class="card">\s*<h2><a href="/agreements/\d+/">', html)


def test_every_column_of_the_outcomes_table_is_named(client, world, mentee_a):
    Outcome.objects.create(
        mentee=mentee_a, title="A paper", result="success", decided_on=date(2026, 1, 5)
    )
    html = client.get(reverse("outcomes:index")).content.decode()
    head = re.search(r'<table class="table outcomes">\s*<thead>(.*?)</thead>', html, re.S).group(1)
    assert "<th></th>" not in head and "Celebrated, reflected on" in head


def test_the_rating_tick_is_not_inside_the_summary(client, world):
    html = client.get(reverse("feedback:give", args=[world.pk])).content.decode()
    summary = re.search(r"<summary>(.*?)</summary>", html, re.S).group(1)
    assert "<input" not in summary and "<label" not in summary
    assert re.search(r'<input type="checkbox" name="rate"', html)


def test_messages_are_a_status_region_holding_a_list(client, world, mentee_a):
    html = client.get(reverse("meetings:list")).content.decode()  # "series created"
    assert '<div role="status"><ul class="messages">' in html


def test_badge_and_status_colours_have_a_contrast_of_at_least_4_5():
    css = CSS.read_text()
    good = re.search(r"--good: (#[0-9a-f]{6})", css).group(1)
    muted = re.search(r"--muted: (#[0-9a-f]{6})", css).group(1)
    for background in ("#e3f4ea", "#e6f4ea", "#e8f3ec"):  # the pale greens it is shown on
        assert contrast(good, background) >= 4.5
    assert contrast(muted, "#f0f1f3") >= 4.5  # a dropped goal's status


def test_focus_shows_a_ring_of_at_least_2_pixels():
    rule = re.search(r"^:focus-visible \{([^}]*)\}", CSS.read_text(), re.M).group(1)
    width, style = re.search(r"outline: (\d+)px (\w+)", rule).groups()
    assert int(width) >= 2 and style == "solid"
