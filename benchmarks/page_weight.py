"""What a reader downloads: ``python -m benchmarks.page_weight [--write BENCHMARKS.md]``.

Builds the demo, serves it on 127.0.0.1 and opens pages in headless Chromium,
adding up the bytes of every response the page loads by itself: HTML, CSS and
JavaScript, uncompressed. Images and anything from another host (map tiles,
which only load when the reader asks for a map) are left out, as issue 6 asks.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from playwright.sync_api import Browser, Response, sync_playwright

from benchmarks.run import REPO
from tests.building import FROZEN_NOW, build
from tests.e2e.conftest import CHROMIUM, FLAGS
from tests.serving import serve

BUDGET = 60_000  # bytes: an event page with its CSS and JavaScript
SECTION = "## Page weight"


@dataclass(frozen=True)
class Weight:
    """Bytes one page load fetched, by kind."""

    html: int
    css: int
    js: int

    @property
    def total(self) -> int:
        """What the page costs a reader's data plan."""
        return self.html + self.css + self.js


KINDS = {"document": "html", "stylesheet": "css", "script": "js"}


def weigh(browser: Browser, url: str) -> Weight:
    """Load ``url`` and add up the uncompressed bodies of its HTML, CSS and JS responses."""
    responses: list[Response] = []
    page = browser.new_page()
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="load")
    sizes = dict.fromkeys(KINDS.values(), 0)
    for response in responses:  # bodies are read before the page closes
        kind = KINDS.get(response.request.resource_type)
        if kind and response.url.startswith("http://127.0.0.1"):
            sizes[kind] += len(response.body())
    page.close()
    return Weight(**sizes)


def event_pages(root: Path, site_url: str) -> list[str]:
    """Every event page of a built site, heaviest HTML first."""
    files = sorted(root.glob("events/*/index.html"), key=lambda f: -f.stat().st_size)
    return [f"{site_url}{f.parent.relative_to(root).as_posix()}/" for f in files]


def report(weights: dict[str, Weight]) -> str:
    """A Markdown table of the weights, the heaviest event page and the median one."""
    events = [w for url, w in weights.items() if "/events/" in url]
    heaviest = max(events, key=lambda w: w.total)
    median = statistics.median(w.total for w in events)
    rows = [f"| {url.split('/community/')[1] or '/'} | {w.html:,} | {w.css:,} | {w.js:,} | "
            f"{w.total:,} |" for url, w in weights.items() if "/events/" not in url]  # fmt: skip
    return "\n".join([
        SECTION, "",
        f"Command: `python -m benchmarks.page_weight`, on the demo content ({len(events)} event "
        f"pages), {date.today().isoformat()}. Bytes loaded by headless Chromium (Debian's), "
        "uncompressed, without images and map tiles; byte counts do not depend on the machine.",
        "", "| page | HTML | CSS | JS | total |", "|---|---:|---:|---:|---:|",
        f"| heaviest event page | {heaviest.html:,} | {heaviest.css:,} | {heaviest.js:,} | "
        f"{heaviest.total:,} |",
        f"| median event page | | | | {median:,.0f} |", *rows, "",
        f"Budget for an event page: {BUDGET:,} bytes (issue 6).", "",
    ])  # fmt: skip


def measure_demo() -> dict[str, Weight]:
    """Build and serve the demo, then weigh every event page and the main list pages."""
    with tempfile.TemporaryDirectory() as scratch, serve(Path(scratch)) as base:
        root = Path(scratch) / "community"
        build(REPO / "content", root, "pelicanconf.py", EVENTS_NOW=FROZEN_NOW)
        site = f"{base}/community/"
        urls = [site, f"{site}regions/quebec/", f"{site}archive/", *event_pages(root, site)]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=FLAGS
            )
            weights = {url: weigh(browser, url) for url in urls}
            browser.close()
    return weights


def replace_section(document: str, table: str) -> str:
    """The document with its page-weight section (up to the next ``## ``) replaced.

    >>> replace_section("## Page weight\\nold\\n\\n## Other\\nx", "## Page weight\\nnew\\n")
    '## Page weight\\nnew\\n\\n## Other\\nx'
    """
    start = document.find(SECTION)
    if start < 0:
        return f"{document.rstrip()}\n\n{table}"
    end = document.find("\n## ", start + len(SECTION))
    return document[:start] + table + (document[end:] if end >= 0 else "")


def main() -> None:
    """Measure, print, and optionally write the section into BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="replace the page-weight section of this file")
    arguments = parser.parse_args()
    table = report(measure_demo())
    print(table)
    if arguments.write:
        document = arguments.write.read_text() if arguments.write.exists() else ""
        arguments.write.write_text(replace_section(document, table))


if __name__ == "__main__":
    main()
