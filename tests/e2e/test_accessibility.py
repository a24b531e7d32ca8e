"""Every page type passes axe-core at WCAG 2.2 AA, and the keyboard reaches everything."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.building import REPO
from tests.e2e.conftest import ServedSite

AXE = REPO / "tests" / "interop" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Each page type, found in the built demo by a mark it alone carries.
PAGE_TYPES: dict[str, tuple[str, str]] = {
    "home": ("index.html", ""),
    "event in person": ("events/*/index.html", "Voir sur OpenStreetMap"),
    "event online": ("events/*/index.html", "En ligne : <a"),
    "event cancelled": ("events/*/index.html", 'class="notice notice-cancelled"'),
    "region": ("regions/*/index.html", "breadcrumbs"),
    "regions": ("regions/index.html", ""),
    "series": ("series/*/index.html", ""),
    "tag": ("tags/*/index.html", ""),
    "archive": ("archive/index.html", ""),
    "month calendar": ("calendar/*/*/index.html", "month-grid"),
    "recap": ("recaps/*/index.html", ""),
    "search results": ("search/index.html", ""),
    "online": ("online/index.html", ""),
    "404": ("404.html", ""),
}


QUERIES = {"search results": "?q=quebec"}  # a search page is seen with its results


def page_of_type(site: ServedSite, kind: str) -> str:
    """The URL of the first built page of one type."""
    pattern, mark = PAGE_TYPES[kind]
    for file in sorted(site.root.glob(pattern)):
        if mark in file.read_text(encoding="utf-8"):
            return site.path_of(file) + QUERIES.get(kind, "")
    raise AssertionError(f"the demo has no {kind} page: add one to content/")


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page, one readable line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
    )
    return [
        f"{v['id']}: {v['help']} at {node['target']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_axe_violation(browser: Browser, demo_site: ServedSite, kind: str, viewport) -> None:
    page = browser.new_page(viewport=viewport)
    page.goto(page_of_type(demo_site, kind), wait_until="networkidle")
    violations = axe_violations(page)
    page.close()
    assert violations == [], kind


def test_axe_would_see_a_violation(browser: Browser, demo_site: ServedSite) -> None:
    page = browser.new_page()
    page.goto(demo_site.url)
    page.evaluate("document.querySelector('a').style.color = '#ccc'")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    found = " ".join(axe_violations(page))
    page.close()
    assert "html-has-lang" in found


FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"


def focus_indicator(page: Page) -> str:
    """How the focused element shows focus: its outline and box shadow."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
          ? 'outline ' + s.outlineWidth + ' ' + s.outlineColor : s.boxShadow; }"""
    )


def tab_through(page: Page) -> list[tuple[str, str]]:
    """Press Tab until focus comes back round; each stop's outer HTML start and focus style."""
    stops: list[tuple[str, str]] = []
    for _ in range(2000):
        page.keyboard.press("Tab")
        here = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        if (stops and here == stops[0][0]) or here.startswith("<body"):
            break
        stops.append((here, focus_indicator(page)))
    return stops


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_keyboard_reaches_every_control_with_visible_focus(
    browser: Browser, demo_site: ServedSite, kind: str
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(page_of_type(demo_site, kind), wait_until="networkidle")
    visible = page.locator(FOCUSABLE).evaluate_all(
        "els => els.filter(e => e.checkVisibility({visibilityProperty: true})).length"
    )
    stops = tab_through(page)
    page.close()
    assert len(stops) == visible, "Tab reaches every visible link and control, once"
    unmarked = [html for html, style in stops if style in ("", "none")]
    assert unmarked == [], "every focused element shows a visible focus indicator"


def test_skip_link_is_first_and_moves_to_the_content(
    browser: Browser, demo_site: ServedSite
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(demo_site.url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#contenu"
    assert page.locator("a.skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"
    page.close()


def test_page_types_exist_in_the_demo(demo_site: ServedSite) -> None:
    found = {kind: page_of_type(demo_site, kind) for kind in PAGE_TYPES}
    assert len(set(found.values())) == len(found), "each page type is a different page"
