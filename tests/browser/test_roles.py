"""In a real browser, at a desktop's width and a phone's: each role finds its own product.

A mentee, a mentor, a program director, a person who is both mentee and mentor, and a
brand-new account sign in; the menu holds the pages of their roles, grouped, and not
the others; every page of the menu opens and fits the window (no sideways scrolling at
390 px). A page of a role the person does not have explains itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from mentorkit.demo import DEMO_PASSWORD, MENTEE_EMAIL
from tests.demo_world import demo_world

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
PASSWORD = "quiet-lantern-orbit-47"


@dataclass(frozen=True)
class Tour:
    email: str
    groups: tuple[str, ...]
    links: tuple[str, ...]  # in the menu
    not_links: tuple[str, ...]  # not in the menu


MENTEE_LINKS = (
    "Meetings",
    "Plan and goals",
    "My team",
    "Feedback",
    "Outcomes",
    "Agreements",
    "Path to independence",
    "What I offer back",
    "What my mentors taught me",
)
MENTOR_ONLY = ("My mentees",)
MENTEE_ONLY = ("Plan and goals", "My team", "Path to independence", "What I offer back")

TOURS = {
    "mentee": Tour(
        MENTEE_EMAIL,
        ("My mentoring",),
        ("Home", *MENTEE_LINKS),
        (*MENTOR_ONLY, "Riverside Clinical Scholars (KL2)"),
    ),
    "mentor": Tour(
        "daniel@example.org",
        ("Mentoring others",),
        ("Home", "My mentees", "Dr. Amara Okafor", "Dr. Sofia Rinaldi", "Meetings", "Outcomes"),
        (*MENTEE_ONLY, "What my mentors taught me"),
    ),
    "director": Tour(
        "director@example.org",
        ("Programs",),
        ("Home", "Riverside Clinical Scholars (KL2)"),
        (*MENTEE_ONLY, *MENTOR_ONLY),
    ),
    "mentee and mentor": Tour(
        "lena@example.org",
        ("My mentoring", "Mentoring others"),
        ("Home", *MENTEE_LINKS, "My mentees", "Dr. Amara Okafor"),
        ("Riverside Clinical Scholars (KL2)",),
    ),
}


def sign_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def menu(page: Page):
    """The main menu as the person sees it: a column on a desktop, behind "Menu" on a phone."""
    if page.viewport_size["width"] < 900:
        summary = page.locator("summary", has_text="Menu")
        expect(summary).to_be_visible()
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    return page.get_by_role("navigation", name="Main")


def menu_links(page: Page) -> dict[str, str]:
    nav = menu(page)
    # Each link by its words, without a count beside them ("My mentees 3").
    return {
        link.evaluate("a => a.firstChild.textContent.trim()"): link.get_attribute("href")
        for link in nav.get_by_role("link").all()
    }


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def walk(page: Page, base_url: str, tour: Tour) -> list[str]:
    """Every page of the person's menu opens, fits the window, and keeps the menu's shape."""
    links = menu_links(page)
    for name in tour.links:
        assert name in links, f"{tour.email}: no {name!r} in the menu {sorted(links)}"
    for name in tour.not_links:
        assert name not in links, f"{tour.email}: {name!r} should not be in the menu"
    for group in tour.groups:
        expect(menu(page).get_by_role("heading", name=group)).to_be_visible()
    opened = []
    for href in links.values():
        response = page.goto(base_url + href)
        assert response is not None and response.status == 200, f"{href}: {response}"
        assert_fits(page)
        opened.append(href)
    return opened


@pytest.fixture
def demo_server(live_server, settings):
    settings.BASE_URL = live_server.url
    demo_world()
    return live_server.url


@pytest.mark.parametrize("role", TOURS)
def test_each_role_finds_its_own_pages_on_a_desktop_and_a_phone(
    role, demo_server, new_page, console_errors, artifacts
):
    tour = TOURS[role]
    for width in WIDTHS:
        page = new_page()
        page.set_viewport_size({"width": width, "height": 900})
        sign_in(page, demo_server, tour.email)
        assert_fits(page)
        page.screenshot(path=artifacts / f"home-{role.replace(' ', '-')}-{width}.png")
        opened = walk(page, demo_server, tour)
        assert len(opened) >= len(tour.links)
    assert console_errors == []


def test_a_mentors_own_mentee_pages_explain_themselves(demo_server, page, console_errors):
    sign_in(page, demo_server, "daniel@example.org")
    page.goto(f"{demo_server}/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My team")
    main = page.get_by_role("main")
    expect(main).to_contain_text("belongs to your own mentoring, as a mentee")
    expect(main.get_by_role("link", name="Dr. Amara Okafor")).to_be_visible()
    main.get_by_role("link", name="Invite a mentor of your own").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Invite")
    assert console_errors == []


def sign_up(page: Page, base_url: str, name: str, email: str, joining: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_role("main").get_by_role("link", name="Create an account").click()
    page.get_by_label("Your name").fill(name)
    page.get_by_label(joining).check()
    page.get_by_label("Email").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Welcome, {name}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_new_mentee_is_led_through_first_steps_not_seven_red_cards(
    width, live_server, settings, new_page, console_errors, artifacts
):
    settings.OPEN_SIGNUP = True
    page = new_page(viewport={"width": width, "height": 900}, timezone_id="Europe/Lisbon")
    sign_up(page, live_server.url, "Ines Duarte", "ines@example.org", "To be mentored")
    assert_fits(page)
    page.screenshot(path=artifacts / f"home-new-mentee-{width}.png", full_page=True)
    steps = page.get_by_role("region", name="First steps").get_by_role("listitem")
    expect(steps).to_have_count(5)
    expect(steps.first).to_contain_text("Complete your profile")
    main = page.get_by_role("main")
    expect(main).to_contain_text("start when your first mentor joins")
    expect(main.locator(".indicator.missing")).to_have_count(0)
    walk(page, live_server.url, Tour("ines@example.org", ("My mentoring",), MENTEE_LINKS, ()))

    # The profile: the browser's time zone preselected, saved to confirm; the step is ticked.
    page.goto(f"{live_server.url}/profile/")
    expect(page.get_by_text("Detected from your browser: Europe/Lisbon")).to_be_visible()
    page.get_by_label("Career stage").select_option(label="Clinical or research fellow")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("contentinfo")).to_contain_text("times shown in Europe/Lisbon")
    page.goto(f"{live_server.url}/")
    done = page.get_by_role("region", name="First steps").locator("li.done")
    expect(done).to_have_count(1)
    expect(done).to_contain_text("Complete your profile")
    page.get_by_role("button", name="Hide first steps").click()
    expect(page.get_by_role("region", name="First steps")).to_have_count(0)
    assert console_errors == []


def test_a_new_mentor_sees_a_mentors_first_steps(
    live_server, settings, new_page, console_errors, artifacts
):
    settings.OPEN_SIGNUP = True
    page = new_page()
    sign_up(page, live_server.url, "Omar Said", "omar@example.org", "To mentor others")
    steps = page.get_by_role("region", name="First steps").get_by_role("listitem")
    expect(steps).to_have_count(3)
    expect(steps.nth(1)).to_contain_text("how many mentees you can take")
    links = menu_links(page)
    assert "My mentees" in links and "My team" not in links
    page.get_by_role("link", name="Set your capacity").click()
    page.get_by_label("Mentees you can take").fill("3")
    page.get_by_role("button", name="Save profile").click()
    page.goto(f"{live_server.url}/mentoring/")
    expect(page.get_by_role("main")).to_contain_text("0 of up to 3")
    assert console_errors == []
