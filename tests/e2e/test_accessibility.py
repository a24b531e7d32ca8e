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
    page.evaluate("document.documentElement.removeAttribute('lang')")  # WCAG 2.0 A
    page.evaluate(  # WCAG 2.2 AA: two 10-pixel targets side by side
        """document.querySelector('main').insertAdjacentHTML('afterbegin',
        '<p><a href="#a" style="display:inline-block;width:10px;height:10px;font-size:6px">a</a>'
        + '<a href="#b" style="display:inline-block;width:10px;height:10px;font-size:6px">b</a></p>')"""
    )
    found = " ".join(axe_violations(page))
    page.close()
    assert "html-has-lang" in found and "target-size" in found


FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"


# The contrast of the focused element's outline with what lies just outside it (WCAG 1.4.11).
OUTLINE_CONTRAST = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return 0;
  const rgba = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const box = element.getBoundingClientRect();
  const gap = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const x = Math.max(0, box.left - gap), y = box.top + box.height / 2;
  let node = document.elementsFromPoint(x, y).find(e => e !== element && !element.contains(e));
  let backdrop = [255, 255, 255];
  for (; node; node = node.parentElement) {
    const color = rgba(getComputedStyle(node).backgroundColor);
    if (color.length === 3 || color[3] > 0) { backdrop = color; break; }
  }
  const luminance = color => color.slice(0, 3).map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [luminance(rgba(style.outlineColor)), luminance(backdrop)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def tab_through(page: Page) -> list[tuple[int, float]]:
    """Press Tab until focus leaves the page; each stop's place among the focusable elements
    (in document order) and its outline's contrast."""
    page.locator(FOCUSABLE).evaluate_all("els => els.forEach((e, i) => e.dataset.order = i)")
    stops: list[tuple[int, float]] = []
    for _ in range(2000):
        page.keyboard.press("Tab")
        order = page.evaluate("document.activeElement.dataset.order")
        if order is None or (stops and int(order) == stops[0][0]):
            break
        stops.append((int(order), page.evaluate(OUTLINE_CONTRAST)))
    return stops


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_keyboard_reaches_every_control_with_visible_focus(
    browser: Browser, demo_site: ServedSite, kind: str
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(page_of_type(demo_site, kind), wait_until="networkidle")
    visible = page.locator(FOCUSABLE).evaluate_all(
        "els => els.flatMap((e, i) => e.checkVisibility({visibilityProperty: true}) ? [i] : [])"
    )
    stops = tab_through(page)
    page.close()
    assert [order for order, _ in stops] == visible, "Tab reaches each control once, in order"
    faint = [order for order, contrast in stops if contrast < 3]
    assert faint == [], "every focused element shows an outline of contrast 3:1 or more"


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
