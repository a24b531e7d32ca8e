"""A reader searches the demo site, deployed under a sub-path, in a real browser.

Pagefind's real index and script are served from the site itself on 127.0.0.1;
any request elsewhere is aborted and counted as a failure.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from rencontres.loader import load_site
from tests.building import FIXTURE_CONTENT, REPO, build
from tests.e2e.conftest import ServedSite
from tests.serving import serve

COUNT = re.compile(r"^(\d+) résultats?$")
PAGE_SIZE = 20  # results shown before « Afficher plus de résultats »


@dataclass
class Visit:
    """A browser page, and what went wrong on it: console errors, requests leaving the host."""

    page: Page
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def site(demo_site: ServedSite) -> ServedSite:
    """The demo site, built once for the browser tests, served under /community/."""
    return demo_site


def visit(browser: Browser, url: str, javascript: bool = True) -> Visit:
    """Open ``url``, aborting and recording every request that is not to 127.0.0.1."""
    context = browser.new_context(java_script_enabled=javascript)
    seen = Visit(context.new_page())

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            seen.problems.append(f"request to {route.request.url}")
            route.abort()

    seen.page.route("**/*", guard)
    seen.page.on("console", lambda m: seen.problems.append(m.text) if m.type == "error" else None)
    seen.page.on("pageerror", lambda error: seen.problems.append(str(error)))
    seen.page.goto(url)
    return seen


def results_for(seen: Visit, query: str | None = None) -> list[tuple[str, str]]:
    """Type ``query`` (else keep the page's own), wait for its answer; (title, URL) of each result."""
    page = seen.page
    if query is not None:
        page.get_by_role("searchbox").fill(query)
    query = page.get_by_role("searchbox").input_value()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?{urlencode({'q': query})}")
    expect(page.locator(".search-results")).to_have_attribute("aria-busy", "false")
    status = page.get_by_role("status")
    expect(status).to_have_text(COUNT)
    announced = int(COUNT.match(status.inner_text()).group(1))
    links = page.locator(".search-results h2 a")
    expect(links).to_have_count(min(announced, PAGE_SIZE))
    return [(link.inner_text(), link.evaluate("a => a.href")) for link in links.all()]


def marked(seen: Visit) -> dict[str, list[str]]:
    """The words each result's excerpt highlights, as the page writes them, by result URL."""
    items = seen.page.locator(".search-results li").all()
    return {
        i.locator("h2 a").evaluate("a => a.href"): i.locator("mark").all_inner_texts()
        for i in items
    }


def test_quebec_with_or_without_its_accent_finds_the_same_events(
    browser: Browser, site: ServedSite
) -> None:
    seen = visit(browser, site.url + "search/")
    seen.page.get_by_role("searchbox").press_sequentially("quebec")  # key by key, as typed
    plain = results_for(seen)
    accented = results_for(seen, "Québec")
    assert len(plain) < PAGE_SIZE, "every result is shown, so the two lists compare whole"
    assert sorted(plain) == sorted(accented)
    words = marked(seen)
    events = [url for url in words if "/community/events/" in url]
    assert len(events) >= 3
    for url in events:  # what « quebec » matched is written with its accent
        assert any("Québec" in word for word in words[url]), (url, words[url])
    assert ("Québec", f"{site.url}regions/quebec/") in plain
    assert seen.problems == []


@pytest.fixture(scope="module")
def accented(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The fixture site and one more event, the only one to say « événement » (with accents)."""
    root = tmp_path_factory.mktemp("accents")
    content = root / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "events" / "evenement.md").write_text(
        "---\ntitle: Le grand événement de l'hiver\nstart: 2026-12-12 10:00\nregion: rimouski\n"
        "---\n\nUn événement ouvert à toutes et à tous.\n"
    )
    with serve(root / "served") as base:
        build(content, root / "served" / "site", "pelicanconf.py")
        yield ServedSite(root / "served" / "site", f"{base}/site/")


def test_evenement_finds_what_is_written_evenement_with_accents(
    browser: Browser, accented: ServedSite
) -> None:
    seen = visit(browser, accented.url + "search/")
    event = (
        "Le grand événement de l'hiver",
        f"{accented.url}events/2026-12-12-le-grand-evenement-de-l-hiver/",
    )
    for query in ("evenement", "événement", "Evenement"):
        assert results_for(seen, query) == [event], (
            query
        )  # the footer's « événement » is not indexed
        assert marked(seen)[event[1]] == ["événement", "événement"], query
    assert seen.problems == []


def test_a_recap_a_region_and_a_series_are_found_by_name_and_open(
    browser: Browser, site: ServedSite
) -> None:
    content, _ = load_site(REPO / "content")
    recap = content.recaps[0]
    region = content.regions["bas-saint-laurent"]
    series = sorted(content.series.values(), key=lambda s: s.slug)[0]
    seen = visit(browser, site.url + "search/")
    for title, path in [
        (recap.title, recap.url),
        (region.name, f"regions/{region.slug}/"),
        (series.name, f"series/{series.slug}/"),
    ]:
        found = results_for(seen, title)
        assert (title, site.url + path) in found, (title, found)
    seen.page.get_by_role("link", name=series.name, exact=True).first.click()
    expect(seen.page).to_have_url(f"{site.url}series/{series.slug}/")
    expect(seen.page.get_by_role("heading", level=1)).to_have_text(series.name)
    assert seen.problems == []


def test_a_result_shows_its_kind_and_date_and_the_words_found(
    browser: Browser, site: ServedSite
) -> None:
    seen = visit(browser, site.url + "search/?q=Rimouski")
    results_for(seen)
    first_event = seen.page.locator(".search-results li").filter(
        has=seen.page.locator("a[href*='/community/events/']")
    )
    details = first_event.first.locator(".search-details").inner_text()
    assert re.match(r"Rencontre · \w+ \d{1,2}(er)? \w+ 20\d\d", details), details
    expect(seen.page.locator(".search-results mark").first).to_have_text(re.compile("Rimouski"))
    assert seen.problems == []


def test_q_in_the_address_fills_the_field_and_typing_keeps_it_up_to_date(
    browser: Browser, site: ServedSite
) -> None:
    seen = visit(browser, site.url + "search/?q=Rimouski")
    expect(seen.page.get_by_role("searchbox")).to_have_value("Rimouski")
    found = results_for(seen)
    assert any("Rimouski" in title for title, _ in found), found
    results_for(seen, "Matane")
    expect(seen.page).to_have_url(f"{site.url}search/?q=Matane")
    seen.page.get_by_role("searchbox").fill("")
    expect(seen.page).to_have_url(f"{site.url}search/")
    expect(seen.page.get_by_role("status")).to_have_text("")
    expect(seen.page.locator(".search-results")).to_be_hidden()
    assert seen.problems == []


def test_a_search_without_results_says_so(browser: Browser, site: ServedSite) -> None:
    seen = visit(browser, site.url + "search/")
    seen.page.get_by_role("searchbox").fill("zzyzxqwv")
    expect(seen.page.get_by_role("status")).to_have_text("Aucun résultat pour « zzyzxqwv ».")
    expect(seen.page.locator(".search-results li")).to_have_count(0)
    assert seen.problems == []


def test_more_results_come_on_request_and_take_the_focus(
    browser: Browser, site: ServedSite
) -> None:
    seen = visit(browser, site.url + "search/")
    found = results_for(seen, "soirée")
    announced = int(COUNT.match(seen.page.get_by_role("status").inner_text()).group(1))
    assert announced > PAGE_SIZE, "the demo has enough evening meetups to need a second page"
    assert len(found) == PAGE_SIZE
    more = seen.page.get_by_role("button", name="Afficher plus de résultats")
    more.focus()
    seen.page.keyboard.press("Enter")
    links = seen.page.locator(".search-results h2 a")
    expect(links).to_have_count(min(announced, 2 * PAGE_SIZE))
    expect(links.nth(PAGE_SIZE)).to_be_focused()
    assert seen.problems == []


def test_the_form_is_labelled_and_reached_from_every_page(
    browser: Browser, site: ServedSite
) -> None:
    seen = visit(browser, site.url + "events/2026-12-03-soiree-web-de-decembre/")
    nav = seen.page.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Rechercher").click()
    expect(seen.page).to_have_url(f"{site.url}search/")
    form = seen.page.get_by_role("search")
    box = form.get_by_role(
        "searchbox", name="Chercher parmi les rencontres, récits, régions et séries"
    )
    expect(box).to_be_visible()
    box.focus()
    outline = box.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none", "the focused field shows where the focus is"
    assert seen.problems == []


def test_without_javascript_the_page_says_so_and_offers_the_lists(
    browser: Browser, site: ServedSite
) -> None:
    seen = visit(browser, site.url + "search/?q=quebec", javascript=False)
    page = seen.page
    expect(page.get_by_text("La recherche a besoin de JavaScript")).to_be_visible()
    expect(page.get_by_role("search")).to_be_hidden()
    for name, path in [("Régions", "regions/"), ("Séries", "series/"), ("Étiquettes", "tags/")]:
        link = page.get_by_role("main").get_by_role("link", name=name, exact=True)
        assert link.evaluate("a => a.href") == site.url + path
    assert seen.problems == []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The hostile corpus of tests/e2e/test_xss.py, built leniently so every file is indexed."""
    root = tmp_path_factory.mktemp("hostile-search")
    with serve(root) as base:
        build(REPO / "tests/corpus/xss", root / "site", "pelicanconf.py", EVENTS_STRICT=False)
        yield ServedSite(root / "site", f"{base}/site/")


def test_hostile_titles_and_text_come_out_of_the_index_as_text(
    browser: Browser, hostile: ServedSite
) -> None:
    seen = visit(browser, hostile.url + "search/?q=window")
    found = results_for(seen)
    assert any("<script>" in title for title, _ in found), found  # the title, shown as written
    excerpts = seen.page.locator(".search-results p").all_inner_texts()
    assert any("<img src=x onerror=" in text for text in excerpts), excerpts  # text, unescaped once
    assert not any("&lt;" in text for text in excerpts), excerpts  # and not escaped twice
    injected = ".search-results :is(script, img, svg, iframe, [onerror], [onload], [onclick])"
    expect(seen.page.locator(injected)).to_have_count(0)
    assert seen.page.evaluate("window.__pwned") is None
    assert seen.problems == []
