"""Screenshots of every page type on a phone and a desktop, for people to look at.

They are written to ``tests/e2e/screenshots/`` (not committed): open them after
a theme change. The test itself checks what a machine can see in them: nothing
wider than the screen, and a page that is not blank.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import ServedSite
from tests.e2e.test_accessibility import PAGE_TYPES, page_of_type

SCREENSHOTS = Path(__file__).parent / "screenshots"
SCREENS = {"phone": (390, 844), "desktop": (1366, 768)}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_screenshot(browser: Browser, demo_site: ServedSite, kind: str, screen: str) -> None:
    width, height = SCREENS[screen]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(page_of_type(demo_site, kind), wait_until="networkidle")
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{kind.replace(' ', '-')}-{screen}.png"
    data = page.screenshot(path=path, full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth") - width
    text = page.locator("main").inner_text()
    page.close()
    assert png_size(data)[0] == width and png_size(data)[1] >= height
    assert overflow <= 0, f"{kind} is {overflow}px wider than a {screen} screen"
    assert len(text) > 40, f"{kind} shows almost nothing"
