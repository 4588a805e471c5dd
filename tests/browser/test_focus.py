"""In a real browser: the control that has the keyboard's focus shows it (WCAG 2.2, 2.4.7).

The issue's words: "Focus is only the browser's thin default ring."
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

RING = "() => { const s = getComputedStyle(document.activeElement);"
RING += " return [document.activeElement.textContent.trim() || document.activeElement.name,"
RING += " s.outlineStyle, s.outlineWidth, s.outlineColor]; }"


@pytest.mark.browser
def test_each_control_reached_by_the_keyboard_shows_a_3_pixel_ring(live_server, page: Page):
    page.goto(f"{live_server.url}/accounts/login/")
    seen = []
    for _ in range(4):  # the skip link, the brand, "Sign in", the e-mail field
        page.keyboard.press("Tab")
        seen.append(page.evaluate(RING))
    assert seen[0][0] == "Skip to content"
    assert "login" in [name for name, *_ in seen]
    for name, style, width, colour in seen:
        assert (style, width, colour) == ("solid", "3px", "rgb(11, 92, 173)"), name
