"""In a real browser: the demo fellow imports a BibTeX file with one broken entry, confirms
the readable part, records a rejected paper, reflects on it with Daniel — who then finds the
lesson in his feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from mentorkit.demo import DEMO_PASSWORD, MENTEE_EMAIL
from mentorkit.outcomes.models import Outcome, Reflection
from tests.demo_world import demo_world

from .test_invite_flow import sign_in

BIBTEX = (Path(__file__).parents[1] / "outcomes" / "data" / "sample.bib").read_text()


@pytest.mark.browser
def test_import_record_reflect_and_the_mentor_reads_the_lesson(
    live_server, new_page, console_errors, artifacts
):
    demo_world()
    before = Outcome.objects.filter(mentee__email=MENTEE_EMAIL).count()
    page = new_page()
    sign_in(page, live_server.url, MENTEE_EMAIL, DEMO_PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="Outcomes", exact=True)).to_be_visible()
    page.get_by_role("link", name="Import publications").first.click()
    page.locator("[name=text]").fill(BIBTEX)
    page.get_by_role("button", name="Preview").first.click()
    expect(page.get_by_role("heading", name="Could not be read")).to_be_visible()
    expect(page.get_by_text("entry 4 (broken2021)")).to_be_visible()
    page.screenshot(path=artifacts / "import-preview.png", full_page=True)
    page.get_by_role("button", name="Import 3 outcomes").click()
    expect(page.get_by_role("alert")).to_contain_text("Confirm that you want to import only")
    assert Outcome.objects.filter(mentee__email=MENTEE_EMAIL).count() == before
    page.get_by_label("Import the readable entries").check()
    page.get_by_role("button", name="Import 3 outcomes").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 3 outcomes.")
    assert Outcome.objects.filter(mentee__email=MENTEE_EMAIL).count() == before + 3

    page.get_by_role("link", name="Record an outcome").click()
    page.locator("[name=kind]").select_option("paper")
    page.locator("[name=title]").fill("Remote monitoring and caregivers: a qualitative study")
    page.locator("[name=venue]").fill("Circulation: Cardiovascular Quality and Outcomes")
    page.locator("[name=submitted_on]").fill("2026-06-01")
    page.locator("[name=decided_on]").fill("2026-11-20")
    page.locator("[name=result]").select_option("failure")
    page.locator("[name=details]").fill("Rejected after review")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Reflect on it").click()
    page.locator("[name=what_happened]").fill("Reviewers found the sample too small.")
    page.locator("[name=learned]").fill("Interview until themes saturate, then stop.")
    page.get_by_label("Dr. Daniel Reyes").check()
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_text("Shared with: Dr. Daniel Reyes.")).to_be_visible()
    reflection = Reflection.objects.get(outcome__title__startswith="Remote monitoring and care")
    assert [u.email for u in reflection.shared_with.all()] == ["daniel@example.org"]

    mentor = new_page()
    sign_in(mentor, live_server.url, "daniel@example.org", DEMO_PASSWORD)
    mentor.goto(f"{live_server.url}/outcomes/")
    expect(mentor.get_by_text("Interview until themes saturate, then stop.")).to_be_visible()
    mentor.screenshot(path=artifacts / "outcomes-feed.png", full_page=True)
    # The refused confirmation answered 400 (the form re-rendered): the only error expected.
    assert [e for e in console_errors if "status of 400" not in e] == []
    assert len(console_errors) == 1
