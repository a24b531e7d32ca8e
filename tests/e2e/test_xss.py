"""Hostile contributions: every payload stays text or is removed, in every page and format.

The corpus (tests/corpus/xss) is valid content whose front matter and Markdown
carry script tags, event handlers, javascript: and data: links, iframes, forms,
meta refresh, base, styles that hide content, ]]>, quotes, a right-to-left
override, a control character and very long strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import feedparser
import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from playwright.sync_api import Browser

from rencontres.loader import load_site
from rencontres.review import review
from tests.building import FROZEN_NOW, REPO, build
from tests.serving import serve

CORPUS = REPO / "tests/corpus/xss"
DANGEROUS = r"""() => {
  const found = [];
  const templates = [...document.querySelectorAll("template")].map(t => [...t.content.querySelectorAll("*")]);
  for (const element of [...document.querySelectorAll("*"), ...templates.flat()]) {
    for (const attribute of element.attributes) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.startsWith("on")) found.push(element.tagName + " " + attribute.name);
      if (["href", "src", "action", "data"].includes(attribute.name) && /^(javascript|data|vbscript):/.test(value))
        found.push(element.tagName + " " + attribute.name + "=" + value);
    }
  }
  for (const form of document.querySelectorAll("form"))
    if (!form.matches("main > form.search-form")) found.push("form");
  for (const tag of ["iframe", "object", "embed", "base", "meta[http-equiv]", "main style", "main [style]"])
    for (const element of document.querySelectorAll(tag)) found.push(tag);
  const ours = /^\/site\/(theme\/js\/[a-z-]+|pagefind\/pagefind)\.js$/;
  for (const script of document.querySelectorAll("script:not([type='application/ld+json'])"))
    if (!script.src || new URL(script.src).origin !== location.origin
        || !ours.test(new URL(script.src).pathname))
      found.push("script " + (script.src || script.textContent.slice(0, 40)));
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("xss")
    with serve(root) as base:
        # The validator refuses the hostile links (see the last test); a build that is not
        # strict still publishes the file, so this proves the second defence, the sanitiser.
        site_url = f"{base}/site"
        build(CORPUS, root / "site", "publishconf.py", SITEURL=site_url, EVENTS_STRICT=False)
        yield root / "site", f"{base}/site"


def test_no_payload_runs_in_any_page(browser: Browser, hostile_site: tuple[Path, str]) -> None:
    output, url = hostile_site
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 20
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in pages:
        page.goto(f"{url}/{path.relative_to(output).as_posix()}")
        assert page.evaluate("window.__pwned") is None, path
        assert page.evaluate(DANGEROUS) == [], path
        assert page.evaluate("getComputedStyle(document.body).display") != "none", path
    assert dialogs == []
    page.close()


def test_payloads_are_shown_as_text(hostile_site: tuple[Path, str]) -> None:
    output, _ = hostile_site
    event = next(output.glob("events/2027-01-14-*/index.html")).read_text()
    assert "&lt;/title&gt;&lt;script&gt;" in event  # the title is text, not markup
    assert "\u202e" in event  # the right-to-left override is kept as text, not stripped silently
    assert "<script>" not in event.split("<main", 1)[1]
    structured = event.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in structured and ">" not in structured  # nothing can close the element
    data = json.loads(structured)
    assert data["name"].startswith("</title><script>")  # the title, kept as text
    assert data["location"][0]["name"].startswith("<svg onload=")


def test_feeds_json_and_calendars_stay_well_formed(hostile_site: tuple[Path, str]) -> None:
    output, _ = hostile_site
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((output / name).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert len(parsed.entries) == 3
        assert any("</title><script>" in e.title for e in parsed.entries)  # text, round-tripped
    for path in output.rglob("*.json"):
        json.loads(path.read_text())
    calendar = (output / "calendar.ics").read_text()
    assert len(icalendar.Calendar.from_ical(calendar).walk("VEVENT")) == 3
    assert len(IcsCalendarStream.calendar_from_ics(calendar).events) == 3
    assert "\x07" not in calendar and "\x07" not in (output / "feed.xml").read_text()


def test_the_validator_refuses_the_hostile_links_before_any_build() -> None:
    site, log = load_site(CORPUS)
    review(site, log, CORPUS, datetime.fromisoformat(FROZEN_NOW), {e.uid for e in site.events})
    refused = {(Path(e.path).name, e.code) for e in log.sorted()}
    assert ("body.md", "bad_body_link") in refused
    assert all(code == "bad_body_link" for _, code in refused)
