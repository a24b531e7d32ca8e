"""An event page with its CSS and JavaScript stays under 60 KB, uncompressed (issue 6)."""

from __future__ import annotations

from playwright.sync_api import Browser

from benchmarks.page_weight import BUDGET, event_pages, weigh
from tests.e2e.conftest import ServedSite


def test_the_heaviest_event_pages_stay_under_budget(
    browser: Browser, demo_site: ServedSite
) -> None:
    for url in event_pages(demo_site.root, demo_site.url)[:5]:
        weight = weigh(browser, url)
        assert weight.html and weight.css and weight.js, f"{url}: nothing counted"
        assert weight.total < BUDGET, f"{url} weighs {weight.total:,} bytes: {weight}"
