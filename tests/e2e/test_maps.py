"""Venue maps in a real browser: the address and link first, Leaflet and tiles only on request.

Every request that does not go to 127.0.0.1 is recorded and aborted: tiles are
asked for once the reader presses the button, and never load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Route,
    expect,
)

from rencontres.listings import Agenda
from rencontres.loader import load_site
from rencontres.venues import Place, places
from rencontres_events.pages import MAP_EVENTS_PER_PLACE
from tests.building import FROZEN_NOW, REPO, build, committed_copy
from tests.e2e.conftest import ServedSite
from tests.e2e.test_accessibility import axe_violations
from tests.serving import serve

TILE_HOST = "tile.openstreetmap.org"
EVENT = "events/2027-05-15-vinocamp-du-libournais/"  # a venue with coordinates
REGION = "bas-saint-laurent"  # its venues are in its sub-regions
HOSTILE = "<img src=x onerror=alert(1)>"


@dataclass
class Visit:
    """A page whose requests leaving 127.0.0.1 are aborted, with what it asked and logged."""

    page: Page
    refused: str = "//"  # also abort local requests whose URL ends with this
    requested: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" and not url.endswith(self.refused):
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort()

    def console(self, message: ConsoleMessage) -> None:
        """Console errors, except the failures of the tile requests this test aborts."""
        source = urlsplit(message.location.get("url", "")).hostname
        if message.type == "error" and source != TILE_HOST:
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def leaflet_requests(self) -> list[str]:
        return [url for url in self.requested if "/vendor/leaflet/" in url]


@pytest.fixture(scope="module")
def site_url(demo_site: ServedSite) -> str:
    return demo_site.url


def region_places(content: Path, region: str) -> list[Place]:
    """What the core puts on a region's map, computed apart from the page."""
    site, _ = load_site(content)
    agenda = Agenda(site, datetime.fromisoformat(FROZEN_NOW))
    members = agenda.events_by_region()[region]
    return places(agenda.upcoming(members) + agenda.past(members), MAP_EVENTS_PER_PLACE)


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[..., Visit]]:
    contexts: list[BrowserContext] = []

    def open_page(
        url: str, javascript: bool = True, motion: str = "no-preference", refused: str = "//"
    ) -> Visit:
        context = browser.new_context(java_script_enabled=javascript, reduced_motion=motion)
        contexts.append(context)
        seen = Visit(context.new_page(), refused)
        context.route("**/*", seen.route)
        seen.page.on("request", lambda r: seen.requested.append(r.url))
        seen.page.on("console", seen.console)
        seen.page.on("pageerror", lambda e: seen.errors.append(str(e)))
        seen.page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        seen.page.goto(url)
        return seen

    yield open_page
    for context in contexts:
        context.close()


def show_map(seen: Visit) -> Locator:
    """Press « Afficher la carte » with the keyboard; the map's markers once it is drawn."""
    button = seen.page.get_by_role("button", name="Afficher la carte")
    button.focus()
    seen.page.keyboard.press("Enter")
    expect(seen.page.locator(".leaflet-tile").first).to_be_attached()
    return seen.page.locator(".leaflet-marker-icon")


def open_popup(seen: Visit, marker: Locator) -> Locator:
    """Open a marker's popup with the keyboard; wait until it has faded in."""
    marker.focus()
    seen.page.keyboard.press("Enter")
    expect(seen.page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    return seen.page.locator(".leaflet-popup-content")


def venues_by_marker(seen: Visit, markers: Locator) -> list[list[str]]:
    """The venues each marker stands for, read from its popup."""
    found = []
    for marker in markers.all():
        popup = open_popup(seen, marker)
        found.append(
            [part.get_attribute("data-label") for part in popup.locator("[data-label]").all()]
        )
        seen.page.keyboard.press("Escape")
        expect(popup).to_have_count(0)
        expect(marker).to_be_focused()
    return found


def test_event_page_shows_the_address_first_and_loads_leaflet_only_on_request(
    visit, site_url: str
) -> None:
    seen = visit(site_url + EVENT)
    venue = seen.page.locator(".facts dd").filter(has_text="Domaine des Trois Chênes")
    expect(venue).to_contain_text("Lieu-dit Les Gravières, 33330 Saint-Émilion")
    expect(venue.get_by_role("link", name="Voir sur OpenStreetMap")).to_be_visible()
    expect(seen.page.get_by_text("qui verra votre adresse IP")).to_be_visible()
    seen.page.wait_for_load_state("networkidle")
    assert seen.leaflet_requests() == [] and seen.aborted == []
    assert seen.page.evaluate("typeof window.L") == "undefined"
    icon = show_map(seen)
    expect(icon).to_have_count(1)
    resolved = "img => img.complete && img.naturalWidth > 0"  # the icon's image was found
    seen.page.wait_for_function(resolved, arg=icon.element_handle())
    site_path = urlsplit(site_url).path
    assert {urlsplit(url).path for url in seen.leaflet_requests()} >= {
        f"{site_path}theme/vendor/leaflet/leaflet.js",
        f"{site_path}theme/vendor/leaflet/leaflet.css",
        f"{site_path}theme/vendor/leaflet/images/marker-icon.png",
    }
    expect(icon).to_have_attribute("alt", "Domaine des Trois Chênes")
    focused = seen.page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Carte : Domaine des Trois Chênes"
    assert seen.aborted and all(urlsplit(url).hostname == TILE_HOST for url in seen.aborted)
    assert seen.page.locator(".leaflet-tile-loaded").count() == 0
    expect(
        seen.page.get_by_role("link", name="© les contributeurs d’OpenStreetMap")
    ).to_have_attribute("href", "https://www.openstreetmap.org/copyright")
    expect(open_popup(seen, icon)).to_contain_text("Domaine des Trois Chênes")
    expect(seen.page.get_by_role("button", name="Fermer")).to_be_visible()
    assert axe_violations(seen.page) == []
    assert seen.errors == []


def test_region_map_has_a_marker_per_venue_and_popups_lead_to_events(visit, site_url: str) -> None:
    expected = region_places(REPO / "content", REGION)
    assert len(expected) >= 2
    seen = visit(f"{site_url}regions/{REGION}/")
    listed = seen.page.locator(".map-places > li")
    expect(listed).to_have_count(len(expected))
    for place, item in zip(expected, listed.all(), strict=True):
        expect(item).to_contain_text(place.label)
        expect(item.get_by_role("link", name="Voir sur OpenStreetMap")).to_be_visible()
    assert seen.leaflet_requests() == []
    markers = show_map(seen)
    assert axe_violations(seen.page) == []  # no marker covers another: target-size holds
    grouped = venues_by_marker(seen, markers)
    assert sorted(label for labels in grouped for label in labels) == sorted(
        p.label for p in expected
    )
    assert any(len(labels) > 1 for labels in grouped), "Rivière-du-Loup's two venues are close"
    last = expected[-1]
    popup = open_popup(seen, markers.and_(seen.page.locator(f'[alt*="{last.label}"]')))
    title = last.shown[0].title
    expect(popup).to_contain_text(last.label)
    assert axe_violations(seen.page) == []
    popup.get_by_role("link", name=title).click()
    expect(seen.page.get_by_role("heading", level=1)).to_contain_text(title)
    assert urlsplit(seen.page.url).path.endswith(f"/{last.shown[0].event.url}")
    assert seen.errors == [] and seen.dialogs == []


def test_zooming_in_with_the_keyboard_gives_each_venue_its_own_marker(visit, site_url: str) -> None:
    expected = region_places(REPO / "content", REGION)
    seen = visit(f"{site_url}regions/{REGION}/", motion="reduce")
    markers = show_map(seen)
    expect(markers.first).to_be_visible()
    assert markers.count() < len(expected)
    for _ in range(19):  # Leaflet's deepest zoom; focus stays on the map throughout
        if markers.count() == len(expected):
            break
        seen.page.keyboard.press("NumpadAdd")
    assert markers.count() == len(expected)
    assert seen.page.evaluate("document.activeElement.classList.contains('map')")
    assert seen.errors == []


@pytest.mark.parametrize("path", [EVENT, f"regions/{REGION}/"])
def test_without_javascript_the_address_and_link_remain_and_no_button_shows(
    visit, site_url: str, path: str
) -> None:
    if path == EVENT:
        addresses = ["Lieu-dit Les Gravières, 33330 Saint-Émilion"]
    else:
        addresses = [p.address for p in region_places(REPO / "content", REGION)]
    seen = visit(site_url + path, javascript=False)
    main = seen.page.get_by_role("main")
    for address in addresses:
        expect(main.get_by_text(address).first).to_be_visible()
    links = main.get_by_role("link", name="Voir sur OpenStreetMap")
    expect(links).to_have_count(len(addresses))
    for link in links.all():
        expect(link).to_be_visible()
    expect(seen.page.get_by_role("button", name="Afficher la carte")).to_have_count(0)
    expect(seen.page.get_by_text("qui verra votre adresse IP")).to_be_hidden()
    seen.page.wait_for_load_state("networkidle")
    assert seen.leaflet_requests() == [] and seen.aborted == []


def test_when_leaflet_cannot_load_the_reader_is_told_and_may_try_again(
    visit, site_url: str
) -> None:
    seen = visit(site_url + EVENT, refused="/leaflet.js")
    button = seen.page.get_by_role("button", name="Afficher la carte")
    button.click()
    expect(seen.page.locator(".map-block").get_by_role("status")).to_have_text(
        "La carte n’a pas pu être chargée ; l’adresse et le lien restent valables."
    )
    expect(button).to_be_visible()
    expect(seen.page.get_by_role("link", name="Voir sur OpenStreetMap")).to_be_visible()
    assert seen.page.locator(".leaflet-container").count() == 0 and seen.aborted
    seen.refused = "//"
    button.click()
    expect(seen.page.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(button).to_be_hidden()


def test_a_hostile_venue_name_stays_text_in_its_popup(
    visit, tmp_path_factory: pytest.TempPathFactory
) -> None:
    source = tmp_path_factory.mktemp("hostile-source")
    (source / "events").mkdir()
    for name in ("regions.yaml", "series.yaml"):
        (source / name).write_bytes((REPO / "tests/corpus/xss" / name).read_bytes())
    (source / "events/lieu.md").write_text(
        "---\ntitle: Lieu hostile\nstart: 2027-01-20 18:00\nregion: montreal\nvenue:\n"
        f"  name: '{HOSTILE}'\n  address: '<b>1</b>, rue du Test'\n  lat: 45.52\n  lon: -73.58\n"
        "---\n\nUn lieu au nom hostile.\n",
        encoding="utf-8",
    )
    root = tmp_path_factory.mktemp("hostile")
    content = committed_copy(source, root / "content")
    with serve(root) as base:
        build(content, root / "site", "pelicanconf.py")
        for path in ("events/2027-01-20-lieu-hostile/", "regions/quebec/"):
            seen = visit(f"{base}/site/{path}")
            marker = show_map(seen)
            expect(marker).to_have_count(1)
            expect(marker).to_have_attribute("alt", HOSTILE)
            popup = open_popup(seen, marker)
            expect(popup).to_contain_text(HOSTILE)
            expect(popup).to_contain_text("<b>1</b>, rue du Test")
            assert popup.locator("img, b").count() == 0
            assert not [url for url in seen.requested if url.endswith("/x")]
            assert seen.dialogs == [] and seen.errors == []
