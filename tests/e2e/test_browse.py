"""A reader browses the demo site in a real browser, deployed under a sub-path."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ServedSite


@pytest.fixture(scope="module")
def site_url(demo_site: ServedSite) -> str:
    return demo_site.url


def open_page(
    browser: Browser, url: str, width: int = 1366, height: int = 900
) -> tuple[Page, list[str]]:
    """A page that records console errors and any request leaving 127.0.0.1."""
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: problems.append(r.url) if "127.0.0.1" not in r.url else None)
    page.goto(url)
    return page, problems


def test_reader_goes_from_home_to_a_region_to_an_event(browser: Browser, site_url: str) -> None:
    page, problems = open_page(browser, site_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Les prochaines rencontres")
    assert page.locator(".event-card").count() >= 20
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Régions"
    ).click()
    page.get_by_role("link", name="Bas-Saint-Laurent", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bas-Saint-Laurent")
    expect(page.locator(".event-list").first).to_contain_text("Rimouski")
    card_link = page.locator(".event-card .card-title a").first
    title = card_link.inner_text()
    card_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    when = page.locator(".facts time").first.inner_text()
    assert re.match(
        r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \w+ 20\d\d", when
    ), when
    assert problems == []


def test_reader_goes_from_the_archive_to_a_recap_and_back_to_its_event(
    browser: Browser, site_url: str
) -> None:
    page, problems = open_page(browser, site_url + "archive/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rencontres passées")
    page.locator("a.recap-link").first.click()
    event_link = page.locator(".recapped-event a").first
    event_title = event_link.inner_text()
    recap_title = page.get_by_role("heading", level=1).inner_text()
    event_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(event_title)
    expect(page.locator(".recaps")).to_contain_text(recap_title)
    assert problems == []


def test_pages_fit_a_phone_screen(browser: Browser, site_url: str) -> None:
    for path in [
        "",
        "regions/",
        "series/",
        "archive/",
        "events/2027-05-15-vinocamp-du-libournais/",
    ]:
        page, problems = open_page(browser, site_url + path, width=390, height=844)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert problems == [], path
        page.close()


def test_only_cancelled_events_are_struck_through(browser: Browser, site_url: str) -> None:
    page, _ = open_page(browser, site_url + "events/2026-12-17-soiree-de-la-peniche-de-decembre/")
    title_style = page.locator("h1 .title-text").evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert title_style == "line-through"
    sibling_cards = page.locator(".event-card:not(.is-cancelled) .card-title a")
    assert sibling_cards.count() >= 1
    for index in range(sibling_cards.count()):
        style = sibling_cards.nth(index).evaluate("e => getComputedStyle(e).textDecorationLine")
        assert style != "line-through", sibling_cards.nth(index).inner_text()


def test_month_grid_is_a_table_on_desktop_and_a_list_on_a_phone(
    browser: Browser, site_url: str
) -> None:
    desktop, problems = open_page(browser, site_url + "calendar/2026/12/")
    assert (
        desktop.locator("table.month-grid").evaluate("e => getComputedStyle(e).display") == "table"
    )
    assert desktop.locator("table.month-grid th[scope=col]").count() == 7
    links = desktop.locator("table.month-grid td a")
    assert links.count() >= 3
    reached = set()
    for _ in range(60):
        desktop.keyboard.press("Tab")
        reached.add(desktop.evaluate("document.activeElement.getAttribute('href')"))
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs <= reached, "every event in the grid is reachable with the keyboard"
    phone, more = open_page(browser, site_url + "calendar/2026/12/", width=390, height=844)
    assert phone.locator("table.month-grid").evaluate("e => getComputedStyle(e).display") == "block"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    first_cell = phone.locator("table.month-grid td:not(.empty-day):not(.outside)").first
    assert re.match(r"\w+ \d{1,2}(er)? décembre 2026", first_cell.locator(".day-full").inner_text())
    assert problems == [] and more == []
