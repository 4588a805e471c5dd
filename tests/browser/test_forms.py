"""In a real browser: long forms show the fields of the choice made, and say what to fix."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_mentorship, make_user

from .test_roles import sign_in

pytestmark = pytest.mark.browser


def test_the_series_form_shows_only_the_chosen_rhythms_fields(live_server, page, console_errors):
    mentee = make_user("ada@example.org", name="Ada Mentee")
    make_mentorship(mentee, make_user("bo@example.org", name="Bo Mentor"))
    sign_in(page, live_server.url, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/meetings/series/new/")
    weekly = page.get_by_role("group", name="Which weekdays")
    monthly = page.get_by_role("group", name="Which day of the month")
    expect(weekly).to_be_visible()
    expect(monthly).to_be_hidden()
    expect(page.get_by_label("Last date")).to_be_hidden()

    page.get_by_label("Monthly").check()
    expect(weekly).to_be_hidden()
    expect(monthly).to_be_visible()
    page.get_by_label("On a date").check()
    expect(page.get_by_label("Last date")).to_be_visible()

    # An error names its field at the top, and the link leads to it.
    page.get_by_label("Title").fill("Monthly check-in")
    page.get_by_label("Bo Mentor").check()
    page.get_by_label("On the").select_option(label="First")
    page.get_by_role("button", name="Save series").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Weekday: Choose the weekday")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_month_weekday")).to_be_focused()
    expect(page.get_by_role("group", name="Which day of the month")).to_be_visible()
    assert console_errors == []
