"""Headless Debian Chromium driven by Playwright; it never downloads a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.building import FROZEN_NOW, REPO, build
from tests.serving import serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]


class FrozenClockBrowser:
    """Chromium whose pages believe it is the tests' frozen "now", as the build does.

    The site's script moves events that have ended since the build out of
    "upcoming"; with the real clock, what the tests see would change over time.
    """

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def new_page(self, **options: Any) -> Page:
        page = self._browser.new_page(**options)
        page.clock.set_fixed_time(datetime.fromisoformat(FROZEN_NOW))
        return page

    def new_context(self, **options: Any) -> BrowserContext:
        context = self._browser.new_context(**options)
        context.clock.set_fixed_time(datetime.fromisoformat(FROZEN_NOW))
        return context

    def close(self) -> None:
        self._browser.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield cast(Browser, FrozenClockBrowser(browser))
        browser.close()


@dataclass(frozen=True)
class ServedSite:
    """A built site on disk and the URL it is served at."""

    root: Path
    url: str

    def path_of(self, file: Path) -> str:
        """The URL of a built ``…/index.html`` or other file."""
        relative = file.relative_to(self.root).as_posix()
        return self.url + relative.removesuffix("index.html")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The demo content, built once, served under a sub-path as on a project page."""
    root = tmp_path_factory.mktemp("served")
    with serve(root) as base:
        build(REPO / "content", root / "community", "pelicanconf.py")
        yield ServedSite(root / "community", f"{base}/community/")
