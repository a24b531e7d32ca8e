"""Run Pagefind over the finished site: the search index is written beside the pages.

Pagefind can start as soon as the HTML pages are written, and index them while
this process writes calendars and feeds on the other core; the build then waits
for it before it ends. An index that has not finished when the build stops is
stopped too, so no index is written into a site the build gave up on.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

BUNDLE = "pagefind"  # the index folder, at the site's root: one bundle per part inside
PARTS_FILE = "parts.json"  # which bundles there are, the first one loaded first
TIMEOUT = 600  # seconds per part: a hang stops the build; the ~200-page demo takes 0.2 s
MAIN_PART = "main"
# Only these folders hold pages marked data-pagefind-body; not parsing the others (tags,
# months, archive) saves a sixth of Pagefind's time at 10,000 events (9.5 s to 7.9 s).
MAIN_PAGES = "{recaps,regions,series}/**/*.html"
EVENTS = "events"
UNFINISHED: set[subprocess.Popen[bytes]] = set()
RUNNING: list[Indexing] = []


@dataclass(frozen=True)
class Part:
    """One Pagefind bundle: the recaps, regions and series, or the events of one year.

    Event pages are shared out by year (their addresses start with their date), so a
    rebuild after an edit indexes again one year of events rather than the whole site,
    and Pagefind's memory is bounded by a year's pages; the search page merges them all.
    """

    name: str
    pages: str  # Pagefind's --glob, relative to the site

    @property
    def bundle(self) -> str:
        """The bundle's folder, relative to the site."""
        return f"{BUNDLE}/{self.name}"


def parts_of(output: Path) -> list[Part]:
    """The site's parts: the main one, then one per year of events, oldest first."""
    events = output / EVENTS
    years = (
        sorted({p.name[:4] for p in events.iterdir() if _dated(p.name)}) if events.is_dir() else []
    )
    return [Part(MAIN_PART, MAIN_PAGES)] + [Part(y, f"{EVENTS}/{y}-*/**/*.html") for y in years]


def part_of(page: str) -> str | None:
    """The part whose bundle indexes a page of the site, if any.

    >>> part_of("events/2026-12-03-soiree/index.html"), part_of("regions/quebec/index.html")
    ('2026', 'main')
    >>> part_of("tags/web/index.html") is None
    True
    """
    folder, _, rest = page.partition("/")
    if folder == EVENTS and _dated(rest):
        return rest[:4]
    return MAIN_PART if folder in ("recaps", "regions", "series") and rest else None


def _dated(name: str) -> bool:
    """An event's folder name starts with its date: ``2026-12-03-…``."""
    return len(name) > 5 and name[:4].isdigit() and name[4] == "-"


@dataclass
class Indexing:
    """Pagefind at work on one output folder, part after part, or why it could not."""

    output: Path
    thread: threading.Thread | None = None
    problem: str | None = None
    stopped: bool = False


def start_indexing(output: Path, only: set[str] | None = None) -> Indexing:
    """Index the parts named in ``only`` (default: all) in the background, one at a time.

    One Pagefind at a time keeps memory to one part's pages; each uses every core.
    """
    binary = get_executable()
    if binary is None or not binary.is_file():
        problem = f"Pagefind's program {str(binary or 'pagefind')!r} is missing"
        return Indexing(output, problem=f"{problem}: install 'pagefind[bin]'")
    parts = parts_of(output)
    try:
        chosen = _prepare(output, parts, only)
    except OSError as error:
        return Indexing(output, problem=f"Pagefind could not run on {str(output)!r}: {error}")
    indexing = Indexing(output)
    # A daemon: a build that stops early exits at once, and stops Pagefind on its way out.
    indexing.thread = threading.Thread(
        target=_index_parts, args=(indexing, binary, chosen), daemon=True
    )
    RUNNING.append(indexing)
    indexing.thread.start()
    return indexing


def _prepare(output: Path, parts: list[Part], only: set[str] | None) -> list[Part]:
    """Remove the bundles to be made again and those of parts that are gone; list the parts."""
    root = output / BUNDLE
    if root.exists() and not root.is_dir():
        root.unlink()  # not a bundle folder: Pagefind will say so if it cannot replace it
    root.mkdir(parents=True, exist_ok=True)
    names = {part.name for part in parts}
    chosen = [part for part in parts if only is None or part.name in only]
    for folder in root.iterdir():
        if folder.is_dir() and (
            folder.name not in names or folder.name in {p.name for p in chosen}
        ):
            shutil.rmtree(folder)  # an index of pages that no longer exist must not survive
    listing = json.dumps({"parts": [part.name for part in parts]}) + "\n"
    target = root / PARTS_FILE
    if not target.is_file() or target.read_text(encoding="utf-8") != listing:
        target.write_text(listing, encoding="utf-8")
    return chosen


def _index_parts(indexing: Indexing, binary: Path, parts: list[Part]) -> None:
    """Run Pagefind on each part in turn; stop at the first failure."""
    for part in parts:
        if indexing.stopped or indexing.problem:
            return
        indexing.problem = _index_part(indexing.output, binary, part)


def _index_part(output: Path, binary: Path, part: Part) -> str | None:
    """One Pagefind run over one part's pages; why it failed, or None."""
    # The site folder is the working directory, so no stray pagefind.yml elsewhere is read.
    command = [str(binary), "--site", ".", "--output-subdir", part.bundle, "--silent"]
    command += ["--glob", part.pages]
    with tempfile.TemporaryFile() as messages:  # a pipe could fill up while nobody reads it
        try:
            process = subprocess.Popen(
                command, cwd=output, env=_environment(), stdout=messages, stderr=messages
            )
        except OSError as error:
            return f"Pagefind could not run on {str(output)!r}: {error}"
        UNFINISHED.add(process)
        try:
            code = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            _stop(process)
        messages.seek(0)
        text = messages.read().decode("utf-8", errors="replace")
    where = str(output)
    if code is None:
        return f"Pagefind did not finish on {where!r} within {TIMEOUT} s"
    return f"Pagefind failed on {where!r} (exit {code}): {reason(text)}" if code else None


def finish_indexing(indexing: Indexing) -> str | None:
    """Wait for every part; why one failed, or None."""
    if indexing.thread is not None:
        indexing.thread.join()
    if indexing in RUNNING:
        RUNNING.remove(indexing)
    return indexing.problem


def index_site(output: Path) -> str | None:
    """Index the site and wait: why it failed, or None."""
    return finish_indexing(start_indexing(output))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a Pagefind run that is no longer wanted (or check that it ended)."""
    UNFINISHED.discard(process)
    if process.poll() is None:
        process.kill()
        process.wait()


@atexit.register
def _stop_unfinished() -> None:
    """A build that stops early must not leave Pagefind writing into its output."""
    for indexing in list(RUNNING):
        indexing.stopped = True  # no next part
    for process in list(UNFINISHED):
        _stop(process)


def _environment() -> dict[str, str]:
    """The build's environment without ``PAGEFIND_*`` options that would change the index."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}


def reason(text: str) -> str:
    """Pagefind's own explanation on one line: its first "Error" line, else its last line.

    >>> reason("Error: no index.\\nMost likely…\\n")
    'Error: no index.'
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith(("note:", "stack backtrace"))]
    errors = [line for line in lines if line.startswith("Error")]
    if errors:
        return errors[0]
    return lines[-1] if lines else "no message"
