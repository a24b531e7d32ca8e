"""Another website embeds the widget: a real browser shows the right next events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.sync_api import Browser

from rencontres.listings import Agenda
from rencontres.loader import load_site
from tests.building import FROZEN_NOW, REPO, build
from tests.serving import serve

HOST_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Journal régional</title>
<style>
body {{ font-family: Georgia, serif; }}
.rencontres-widget li {{ color: rgb(200, 0, 0); }}
</style>
</head><body>
<h1>Journal régional</h1>
<div id="bsl" data-rencontres="regions/bas-saint-laurent" data-limit="3">
  <a href="{site}/regions/bas-saint-laurent/">Les rencontres</a>
</div>
<div id="twunch" data-rencontres="series/twunch-paris" data-limit="2"></div>
<script src="{site}/theme/js/rencontres-widget.js" async></script>
</body></html>
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root, host = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("host")
    with serve(root, cors=True) as site_base, serve(host) as host_base:
        site = f"{site_base}/community"
        build(REPO / "content", root / "community", SITEURL=site)
        (host / "index.html").write_text(HOST_PAGE.format(site=site))
        yield site, f"{host_base}/index.html"


def expected_titles(scope: str, slug: str, limit: int) -> list[str]:
    site, _ = load_site(REPO / "content")
    agenda = Agenda(site, datetime.fromisoformat(FROZEN_NOW))
    members = agenda.events_by_region() if scope == "regions" else agenda.events_by_series()
    return [o.title for o in agenda.upcoming(members[slug])][:limit]


def test_embedded_widget_shows_the_next_events(browser: Browser, sites: tuple[str, str]) -> None:
    site, host = sites
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.clock.set_fixed_time(datetime.fromisoformat(FROZEN_NOW))
    page.goto(host)
    page.locator("#bsl .rencontres-widget li a").nth(2).wait_for()
    shown = page.locator("#bsl .rencontres-widget li a").all_inner_texts()
    assert shown == expected_titles("regions", "bas-saint-laurent", 3)
    twunch = page.locator("#twunch .rencontres-widget li a")
    twunch.nth(1).wait_for()
    assert twunch.all_inner_texts() == expected_titles("series", "twunch-paris", 2)
    when = page.locator("#bsl .rencontres-when").first.inner_text()
    assert "2026" in when and any(
        day in when for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
    )
    assert (
        page.locator("#bsl .rencontres-all").get_attribute("href")
        == f"{site}/regions/bas-saint-laurent/"
    )
    color = page.locator("#bsl .rencontres-widget li").first.evaluate(
        "e => getComputedStyle(e).color"
    )
    assert color == "rgb(200, 0, 0)", "the host page's styles win"
    assert context.cookies() == []
    assert all(url.startswith("http://127.0.0.1:") for url in requests)
    assert f"{site}/regions/bas-saint-laurent/events.json" in requests
    context.close()


def test_widget_keeps_the_fallback_link_when_the_data_cannot_load(
    browser: Browser, sites: tuple[str, str]
) -> None:
    _, host = sites
    page = browser.new_page()
    page.route("**/events.json", lambda route: route.abort())
    page.goto(host)
    page.wait_for_timeout(300)
    assert page.locator("#bsl a").inner_text() == "Les rencontres"
    page.close()
