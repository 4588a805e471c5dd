"""The browser fixtures of tests/browser (Debian's chromium), for the sign-in flows here."""

from tests.browser.conftest import (  # noqa: F401
    artifacts,
    browser,
    console_errors,
    new_page,
    page,
    pytest_runtest_makereport,
)
