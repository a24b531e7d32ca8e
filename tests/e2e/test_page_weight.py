"""An event page with its CSS and JavaScript stays under 60 KB, uncompressed (issue 6)."""

from __future__ import annotations

from playwright.sync_api import Browser

from benchmarks.page_weight import BUDGET, event_pages, weigh
from tests.e2e.conftest import ServedSite


def test_every_event_page_stays_under_budget(browser: Browser, demo_site: ServedSite) -> None:
    urls = event_pages(demo_site.root, demo_site.url)
    weights = {url: weigh(browser, url) for url in urls}
    assert all(w.html and w.css and w.js for w in weights.values()), "nothing counted"
    heavy = {url: w.total for url, w in weights.items() if w.total >= BUDGET}
    assert heavy == {}, f"over {BUDGET:,} bytes"
