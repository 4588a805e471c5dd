"""Playwright fixtures: Debian's chromium, one browser for all browser tests, fresh contexts.

Each page records the errors its console shows (a Content-Security-Policy
violation, a failed script, a 404 for a static file); a test asserts the list
is empty. When a test fails, every page it still has open is saved as a
screenshot in test-artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    sync_playwright,
)

ALLOW_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless; never a browser Playwright downloaded.

    One browser for all the browser tests. Package-scoped rather than
    session-scoped: Playwright's sync API keeps an asyncio event loop running
    in the test thread for as long as it is started, which would break
    `async_to_sync` in any test that happened to run after these.
    """
    # While that loop runs, Django refuses ORM calls from this thread
    # (SynchronousOnlyOperation), and the tests make them: loading the demo,
    # checking the database, pytest-django's flush between tests. They are plain
    # blocking calls that never interleave with the loop, so lifting the guard
    # is safe, and only for as long as the loop runs. The live server answers
    # from its own thread, where the guard stays on.
    previous = os.environ.get(ALLOW_ASYNC_UNSAFE)
    os.environ[ALLOW_ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ALLOW_ASYNC_UNSAFE)
        else:
            os.environ[ALLOW_ASYNC_UNSAFE] = previous


@pytest.fixture
def console_errors() -> list[str]:
    """Errors shown in the console of any page the test opened, as "url: text"."""
    return []


@pytest.fixture
def new_page(browser, console_errors, request) -> Iterator[Callable[[], Page]]:
    """Open a page in a fresh context: its own cookies, as another person's browser would be."""
    contexts: list[BrowserContext] = []

    def open_page(**options) -> Page:
        """`options` go to the browser context (e.g. `timezone_id="Europe/Lisbon"`)."""
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            source = message.location.get("url", "")
            if message.type == "error":
                console_errors.append(f"{page.url}: {message.text} [{source}]")

        def on_page_error(error: Error) -> None:
            console_errors.append(f"{page.url}: {error}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        return page

    yield open_page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            page.screenshot(
                path=ARTIFACTS / f"FAILED-{request.node.name}-{number}.png", full_page=True
            )
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    """One page per test."""
    return new_page()


@pytest.fixture
def artifacts() -> Path:
    """Where tests leave screenshots for people to look at (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
