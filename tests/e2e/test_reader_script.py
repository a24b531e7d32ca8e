"""The page stays right between builds, and list pages filter instantly, in Chromium.

The site is built with "now" frozen; the browser's clock is then moved on, as
when a reader opens a page days after the last build.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from playwright.sync_api import Browser, Page, expect

from rencontres.listings import weeks_ahead
from tests.building import FROZEN_NOW
from tests.e2e.conftest import ServedSite

BUILT = datetime.fromisoformat(FROZEN_NOW)
CARDS = "ul[data-when='{}'] > [data-end]"


def cards(page: Page, when: str) -> list[dict[str, str]]:
    """Title, start and end of the cards in the page's upcoming or past lists."""
    return page.locator(CARDS.format(when)).evaluate_all(
        "els => els.map(e => ({title: e.querySelector('.card-title a').textContent,"
        " start: e.dataset.start, end: e.dataset.end, hidden: e.hidden}))"
    )


def opened(browser: Browser, url: str, at: datetime, javascript: bool = True) -> Page:
    context = browser.new_context(java_script_enabled=javascript)
    context.clock.set_fixed_time(at)
    page = context.new_page()
    page.goto(url)
    return page


def test_events_ended_since_the_build_leave_upcoming(
    browser: Browser, demo_site: ServedSite
) -> None:
    url = demo_site.url + "regions/france/"
    as_built = cards(opened(browser, url, BUILT, javascript=False), "upcoming")
    later = BUILT + timedelta(days=7)
    page = opened(browser, url, later)
    ended = [c["title"] for c in as_built if datetime.fromisoformat(c["end"]) <= later]
    assert ended, "the demo has events in the week after the build"
    still = [c["title"] for c in cards(page, "upcoming")]
    assert still == [c["title"] for c in as_built if c["title"] not in ended]
    past = [c["title"] for c in cards(page, "past")]
    assert past[: len(ended)] == ended[::-1], "just ended: at the top of the past list"
    expect(page.locator(CARDS.format("past")).first.locator(".badge-ended")).to_be_visible()


def test_an_event_under_way_says_so_and_an_ended_event_page_says_it_is_over(
    browser: Browser, demo_site: ServedSite
) -> None:
    home = opened(browser, demo_site.url, BUILT, javascript=False)
    first = next(c for c in cards(home, "upcoming") if datetime.fromisoformat(c["start"]) > BUILT)
    start, end = (datetime.fromisoformat(first[k]) for k in ("start", "end"))
    page = opened(browser, demo_site.url, start + (end - start) / 2)
    card = (
        page.locator(CARDS.format("upcoming"))
        .get_by_text(first["title"])
        .locator("xpath=ancestor::li[1]")
    )
    expect(card.locator(".badge-ongoing")).to_have_text("En cours")
    link = card.locator(".card-title a").get_attribute("href")
    event = opened(browser, demo_site.url + link, end + timedelta(minutes=1))
    expect(event.locator(".notice-ended")).to_have_text("Cette rencontre est terminée.")
    before = opened(browser, demo_site.url + link, end - timedelta(minutes=1))
    expect(before.locator(".notice-ended")).to_have_count(0)


def test_without_javascript_the_build_time_state_and_filter_links_show(
    browser: Browser, demo_site: ServedSite
) -> None:
    page = opened(browser, demo_site.url, BUILT + timedelta(days=30), javascript=False)
    assert all(datetime.fromisoformat(c["end"]) > BUILT for c in cards(page, "upcoming"))
    expect(page.locator(".filters")).to_be_hidden()
    links = page.get_by_role("navigation", name="Filtrer les rencontres").get_by_role("link")
    expect(links).to_have_count(4)
    links.last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les rencontres en ligne")
    modes = page.locator("[data-attendance]").evaluate_all(
        "els => els.map(e => e.dataset.attendance)"
    )
    assert modes and all("online" in mode.split() for mode in modes)


def visible_cards(page: Page) -> list[dict[str, str]]:
    return page.locator("main [data-attendance]:visible").evaluate_all(
        "els => els.map(e => ({region: e.dataset.region, attendance: e.dataset.attendance,"
        " tags: e.dataset.tags}))"
    )


def test_filters_narrow_the_list_instantly_and_keep_the_choice_in_the_address(
    browser: Browser, demo_site: ServedSite
) -> None:
    page = opened(browser, demo_site.url, BUILT)
    everything = visible_cards(page)
    page.locator("select[data-filter=attendance]").select_option(label="En ligne")
    online = visible_cards(page)
    assert 0 < len(online) < len(everything)
    assert all("online" in c["attendance"].split() for c in online)
    expect(page.locator(".filter-count")).to_have_text(f"Rencontres affichées : {len(online)}")
    assert "attendance=online" in page.url
    page.locator("select[data-filter=attendance]").select_option(label="Toutes")
    page.locator("select[data-filter=region]").select_option(label="\u2003Montréal")
    montreal = visible_cards(page)
    assert montreal and all("montreal" in c["region"].split() for c in montreal)
    expected = [c for c in everything if "montreal" in c["region"].split()]
    assert len(montreal) == len(expected)
    shared = opened(browser, page.url, BUILT)
    expect(shared.locator("select[data-filter=region]")).to_have_value("montreal")
    assert len(visible_cards(shared)) == len(montreal)


def test_sections_without_a_match_are_hidden_and_nothing_at_all_is_said_once(
    browser: Browser, demo_site: ServedSite
) -> None:
    page = opened(browser, demo_site.url + "regions/paris/", BUILT)
    tags = page.locator("select[data-filter=tags]")
    values = tags.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    emptied_a_section = False
    for value in values:
        tags.select_option(value)
        for section in page.locator("main section:has([data-attendance])").all():
            shown = section.locator("[data-attendance]:not([hidden])").count()
            assert section.is_visible() == (shown > 0), value
            emptied_a_section |= shown == 0
    assert emptied_a_section, "some tag leaves a section empty in the demo"
    expect(page.locator(".filter-none")).to_be_hidden()


def test_when_nothing_matches_at_all_one_message_says_so(
    browser: Browser, demo_site: ServedSite
) -> None:
    page = opened(browser, demo_site.url, BUILT)
    page.locator("select[data-filter=region]").select_option("paris")
    tags = page.locator("select[data-filter=tags]")
    values = tags.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    nothing = next(v for v in values if tags.select_option(v) and not visible_cards(page))
    expect(page.locator(".filter-none")).to_be_visible()
    expect(page.locator(".filter-count")).to_have_text("Rencontres affichées : 0")
    assert page.locator("main section.week").first.is_visible() is False, nothing


def test_a_shared_filtered_home_page_counts_and_links_to_the_whole_list(
    browser: Browser, demo_site: ServedSite
) -> None:
    page = opened(browser, demo_site.url + "?region=paris", BUILT)
    shown = visible_cards(page)
    assert shown and all("paris" in c["region"].split() for c in shown)
    expect(page.locator(".filter-count")).to_have_text(f"Rencontres affichées : {len(shown)}")
    expect(page.locator("main .more").first).to_be_hidden()
    whole = page.locator(".filter-all a")
    expect(whole).to_have_text("Toutes les rencontres : Paris")
    whole.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paris")


def test_a_cancelled_event_is_never_said_to_be_over(
    browser: Browser, demo_site: ServedSite
) -> None:
    file = next(
        f for f in sorted(demo_site.root.glob("events/*/index.html"))
        if 'data-status="cancelled"' in f.read_text() and "notice-ended" not in f.read_text()
    )  # fmt: skip
    end = re.search(r'data-end="([^"]+)"', file.read_text())
    assert end
    page = opened(
        browser, demo_site.path_of(file), datetime.fromisoformat(end[1]) + timedelta(days=1)
    )
    expect(page.locator(".notice-cancelled")).to_be_visible()
    expect(page.locator(".notice-ended")).to_have_count(0)


def test_events_move_into_this_week_and_next_week_as_weeks_go_by(
    browser: Browser, demo_site: ServedSite
) -> None:
    later = BUILT + timedelta(days=7)
    built = opened(browser, demo_site.url, BUILT, javascript=False)
    upcoming = [c for c in cards(built, "upcoming") if datetime.fromisoformat(c["end"]) > later]
    page = opened(browser, demo_site.url, later)
    for week, heading in enumerate(["Cette semaine", "La semaine prochaine"]):
        section = page.locator("section[data-week]").filter(has_text=heading)
        titles = section.locator(".card-title a").all_inner_texts()
        expected = [c["title"] for c in upcoming
                    if max(0, weeks_ahead(datetime.fromisoformat(c["start"]), later)) == week]  # fmt: skip
        assert sorted(titles) == sorted(expected), heading
        levels = section.locator(".card-title").evaluate_all("els => els.map(e => e.tagName)")
        assert set(levels) <= {"H3"}, "a week's cards are headed one level below the week"
    assert any(
        weeks_ahead(datetime.fromisoformat(c["start"]), BUILT) > 1
        and weeks_ahead(datetime.fromisoformat(c["start"]), later) <= 1
        for c in upcoming
    ), "the demo has events that move up into the weeks"
