"""Run Pagefind over the finished site: the search index is written beside the pages.

Pagefind can start as soon as the HTML pages are written, and index them while
this process writes calendars and feeds on the other core; the build then waits
for it before it ends. An index that has not finished when the build stops is
stopped too, so no index is written into a site the build gave up on.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rencontres.twocores import cores
from rencontres_events.pages import SEARCHED_FOLDERS

BUNDLE = "pagefind"  # the index folder, at the site's root: one bundle per part inside
PARTS_FILE = "parts.json"  # which bundles there are, the first one loaded first
SHARED_MEMORY = "/dev/shm"  # a file system in memory, on Linux
SCRATCH_ROOM = 256 * 2**20  # free bytes it needs to be used: a part takes a few megabytes
ENTRY_FILE = "pagefind-entry.json"  # what the search page loads first; it names the rest
TIMEOUT = 600  # seconds per part: a hang stops the build; the ~200-page demo takes 0.2 s
MAIN_PART = "main"
# Event and recap pages per part, about. Pagefind's time is its pages' (at 10,000 events, the
# first part: 543 pages 0.47 s, 371 pages 0.32 s, 269 pages 0.27 s), so an edit indexes
# again a part that takes a third of a second; all 29 parts take as long as 21 of 500
# (9.6 s), while 39 of 250 take a second more. The search page merges every part: each
# is two small files more to load (the merged ones share the first one's program), and
# one more request per search.
PART_PAGES = 350
# Only these folders hold pages marked data-pagefind-body; not parsing the others (tags,
# months, archive) saves a sixth of Pagefind's time at 10,000 events. Events and recaps,
# whose addresses start with their date, go in parts by month; regions and series in the
# main part, which an edit of an event's title (shown on their pages) then indexes again
# in a tenth of the time it took with the recaps (864 pages at 10,000 events).
DATED_FOLDERS = ("events", "recaps")
MAIN_FOLDERS = tuple(folder for folder in SEARCHED_FOLDERS if folder not in DATED_FOLDERS)
UNFINISHED: set[subprocess.Popen[bytes]] = set()
RUNNING: list[Indexing] = []
STARTING = threading.Lock()  # a Pagefind started and noted as unfinished in one step
EXITING = threading.Event()  # once set, no Pagefind starts


@dataclass(frozen=True)
class Part:
    """One Pagefind bundle: the regions and series, or the events and recaps of some months.

    Event and recap pages are shared out by month (their addresses start with their
    date), a few months to a part, so a rebuild after an edit indexes again a few hundred pages
    rather than the whole site, and Pagefind's memory is bounded by a part's pages;
    the search page merges every part.
    """

    name: str
    pages: str  # Pagefind's --glob, relative to the site
    months: tuple[str, ...] = ()  # "2026-12"

    @property
    def bundle(self) -> str:
        """The bundle's folder, relative to the site."""
        return f"{BUNDLE}/{self.name}"


def parts_of(pages: Iterable[str]) -> list[Part]:
    """The parts of a site with these pages: the main one, then consecutive months of
    events and recaps, oldest first, each part closed once it holds ``PART_PAGES`` pages.

    An event or recap whose address does not start with a date (a ``slug:`` of its own)
    is indexed with the main part, named in its pattern.

    >>> dated = ["events/2025-01-02-a/index.html", "recaps/2025-02-01-a/index.html"]
    >>> [p.name for p in parts_of([*dated, "events/b/index.html"])]
    ['main', '2025-01-2025-02']
    >>> parts_of(["events/b/index.html"])[0].pages
    '{regions/**/*.html,series/**/*.html,events/b/index.html}'
    """
    counts: Counter[str] = Counter()
    undated = []
    for page in pages:
        folder, _, rest = page.partition("/")
        if folder in DATED_FOLDERS and rest.endswith(".html"):
            if _dated(rest):
                counts[rest[:7]] += 1
            else:
                undated.append(page)
    main = ",".join([*(f"{folder}/**/*.html" for folder in MAIN_FOLDERS), *undated])
    parts, months, size = [Part(MAIN_PART, f"{{{main}}}")], [], 0
    for month in sorted(counts):
        months.append(month)
        size += counts[month]
        if size >= PART_PAGES:
            parts.append(_months_part(months))
            months, size = [], 0
    return [*parts, _months_part(months)] if months else parts


def pages_in(output: Path) -> list[str]:
    """The HTML pages of a built site, when no page plan says which they are."""
    found = [page for folder in DATED_FOLDERS for page in output.glob(f"{folder}/*/*.html")]
    return [page.relative_to(output).as_posix() for page in found]


def _months_part(months: list[str]) -> Part:
    """The part of the events and recaps of some consecutive months.

    >>> _months_part(["2025-12", "2026-01"]).name, _months_part(["2025-12", "2026-01"]).pages
    ('2025-12-2026-01', '{events,recaps}/{2025-12-*,2026-01-*}/**/*.html')
    >>> _months_part(["2026-01"]).pages
    '{events,recaps}/2026-01-*/**/*.html'
    """
    dated = "{" + ",".join(DATED_FOLDERS) + "}"
    if len(months) == 1:
        return Part(months[0], f"{dated}/{months[0]}-*/**/*.html", (months[0],))
    folders = ",".join(f"{month}-*" for month in months)
    return Part(f"{months[0]}-{months[-1]}", f"{dated}/{{{folders}}}/**/*.html", tuple(months))


def parts_holding(pages: Iterable[str], parts: list[Part]) -> set[str]:
    """The names of the parts that index some pages of the site.

    >>> parts = [Part(MAIN_PART, "…"), _months_part(["2026-11", "2026-12"])]
    >>> sorted(parts_holding(["events/2026-12-03-soiree/index.html", "tags/web/"], parts))
    ['2026-11-2026-12']
    >>> parts_holding(["recaps/2026-11-20-retour/index.html"], parts)
    {'2026-11-2026-12'}
    >>> parts_holding(["regions/quebec/index.html", "recaps/retour/index.html"], parts)
    {'main'}

    A page of a month no part lists any more (its last event was removed) belongs to
    the part whose months run around it: that part's index still holds the page.

    >>> parts_holding(["events/2026-02-01-x/index.html"], [_months_part(["2026-01", "2026-03"])])
    {'2026-01-2026-03'}
    """
    holder = _Holder(parts)
    return {name for name in map(holder.part_of, pages) if name is not None}


def first_parts(parts: list[Part], changed: Iterable[str]) -> set[str]:
    """The parts holding ``changed`` pages (those of the events and recaps whose files
    changed), and the main part (an event's title shows on its region's and series'
    pages): their pages, written first, are indexed while the others are written. None
    when no such page changed.

    >>> parts = parts_of(["events/2026-12-03-b/index.html", "regions/qc/index.html"])
    >>> sorted(first_parts(parts, ["events/2026-12-03-b/index.html"])), first_parts(parts, [])
    (['2026-12', 'main'], set())
    """
    found = parts_holding(changed, parts)
    return found | {MAIN_PART} if found else found


def pages_of(pages: list[str], parts: list[Part], names: set[str]) -> list[str]:
    """The pages the named parts index, in the site's order.

    >>> site = ["events/2026-11-02-a/", "events/2026-12-03-b/", "regions/qc/", "tags/web/"]
    >>> parts = parts_of([f"{page}index.html" for page in site])  # one part, both months
    >>> pages_of(site, parts, {"2026-11-2026-12"})
    ['events/2026-11-02-a/', 'events/2026-12-03-b/']
    """
    holder = _Holder(parts)
    return [page for page in pages if holder.part_of(page) in names]


class _Holder:
    """Which part indexes a page: its month's, or the main part."""

    def __init__(self, parts: list[Part]) -> None:
        self.by_month = {month: part.name for part in parts for month in part.months}
        self.spans = [(part.months[0], part.months[-1], part.name) for part in parts if part.months]

    def part_of(self, page: str) -> str | None:
        """The part indexing a page (or a file in its folder), if any."""
        folder, _, rest = page.partition("/")
        if folder in DATED_FOLDERS and _dated(rest):
            month = rest[:7]
            if month in self.by_month:
                return self.by_month[month]
            return next((name for first, last, name in self.spans if first <= month <= last), None)
        return MAIN_PART if folder in SEARCHED_FOLDERS and rest else None


def _dated(name: str) -> bool:
    """An event's or a recap's folder name starts with its year and month: ``2026-12-03-…``.

    >>> _dated("2026-12-03-soiree/index.html"), _dated("2026-soiree/index.html")
    (True, False)
    """
    year, month = name[:4], name[5:7]
    return len(name) > 8 and year.isdigit() and month.isdigit() and name[4] == name[7] == "-"


@dataclass
class Indexing:
    """Pagefind at work on one output folder, part by part, or why it could not."""

    output: Path
    thread: threading.Thread | None = None
    problem: str | None = None
    stopped: bool = False
    parts: list[str] = field(default_factory=list)  # every part of the site, indexed or kept
    after: Indexing | None = None  # the runs this build started earlier: they end first


def start_indexing(
    output: Path,
    only: set[str] | None = None,
    parts: list[Part] | None = None,
    after: Indexing | None = None,
) -> Indexing:
    """Index the parts named in ``only`` (default: all) in the background, once the runs
    started ``after`` have ended (none, if one of them failed).

    ``parts`` are the site's (default: those of the pages found in ``output``). Two
    Pagefinds at a time keep memory to two parts' pages: one keeps about one core and a
    half busy, two fill both (at 10,000 events, 29 parts alone took 13 to 14 s two at a
    time against 17 to 22 s one at a time).
    """
    binary = pagefind_program()
    if binary is None or not binary.is_file():
        problem = f"Pagefind's program {str(binary or 'pagefind')!r} is missing"
        return Indexing(output, problem=f"{problem}: install 'pagefind[bin]'", after=after)
    parts = parts_of(pages_in(output)) if parts is None else parts
    try:
        chosen = _prepare(output, parts, only)
    except OSError as error:
        problem = f"Pagefind could not run on {str(output)!r}: {error}"
        return Indexing(output, problem=problem, after=after)
    indexing = Indexing(output, parts=[part.name for part in parts], after=after)
    # A daemon: a build that stops early exits at once, and stops Pagefind on its way out.
    indexing.thread = threading.Thread(
        target=_index_after, args=(indexing, binary, chosen), daemon=True
    )
    RUNNING.append(indexing)
    indexing.thread.start()
    return indexing


def pagefind_program() -> Path | None:
    """Pagefind's program, looked for in the ``pagefind`` package's order: the one
    ``PAGEFIND_BINARY_PATH`` names, the one ``pagefind[extended]`` or ``pagefind[bin]``
    ships, else ``pagefind_extended`` or ``pagefind`` on the ``PATH`` (also when a
    package's program is missing, where the package raises); without loading that
    package's service, which loads asyncio (a fortieth of a second on every rebuild)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return Path(named)
    for shipped in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return importlib.import_module(shipped).get_executable()
        except (ImportError, FileNotFoundError):
            continue
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


def _prepare(output: Path, parts: list[Part], only: set[str] | None) -> list[Part]:
    """Remove whatever is not a part's bundle (those of parts that are gone, files of an
    older layout); list the parts; the parts to index."""
    root = output / BUNDLE
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        root.unlink()
    root.mkdir(parents=True, exist_ok=True)
    names = {part.name for part in parts}
    chosen = [part for part in parts if only is None or part.name in only]
    for found in root.iterdir():
        if found.name not in names and found.name != PARTS_FILE:
            _remove(found)  # an index of pages that no longer exist must not survive
    listing = json.dumps({"parts": [part.name for part in parts]}) + "\n"
    target = root / PARTS_FILE
    if not target.is_file() or target.read_text(encoding="utf-8") != listing:
        target.write_text(listing, encoding="utf-8")
    return chosen


@dataclass
class _Queue:
    """The parts left to index, shared by the threads that run Pagefind."""

    indexing: Indexing
    waiting: list[Part]  # the next part last
    indexed: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self) -> Part | None:
        """The next part to index; none once all are taken, one failed or the build stops."""
        with self.lock:
            if self.indexing.stopped or self.indexing.problem or not self.waiting:
                return None
            return self.waiting.pop()

    def done(self, part: Part, problem: str | None) -> None:
        """Note a part indexed, or the first reason one was not."""
        with self.lock:
            self.indexing.problem = self.indexing.problem or problem
            if problem is None:
                self.indexed.add(part.name)


def _index_after(indexing: Indexing, binary: Path, parts: list[Part]) -> None:
    """Wait for the runs started before (two Pagefinds at a time, still), take on their
    problem, then index the parts."""
    if indexing.after is not None:
        indexing.problem = finish_indexing(indexing.after)
    _index_parts(indexing, binary, parts)


def _index_parts(indexing: Indexing, binary: Path, parts: list[Part]) -> None:
    """Run Pagefind on the parts, two at a time where there are two cores; at the first
    failure, start no other part, and remove the bundles of the parts not indexed: they
    may show pages that have changed or gone."""
    queue = _Queue(indexing, list(reversed(parts)))

    def index_until_done() -> None:
        while part := queue.next():
            queue.done(part, _index_or_why(indexing.output, binary, part))

    alongside = min(cores(), len(parts), 2) - 1
    helpers = [threading.Thread(target=index_until_done, daemon=True) for _ in range(alongside)]
    for helper in helpers:
        helper.start()
    try:
        index_until_done()
    finally:  # the build waits for every Pagefind it started
        for helper in helpers:
            helper.join()
    if indexing.problem:
        for part in (part for part in parts if part.name not in queue.indexed):
            shutil.rmtree(indexing.output / part.bundle, ignore_errors=True)


def _index_or_why(output: Path, binary: Path, part: Part) -> str | None:
    """Index one part; why it failed, or None. Any error is a reason: one unseen in a
    thread would leave a part half made, and the index marked whole."""
    try:
        return _index_part(output, binary, part)
    except OSError as error:
        return f"the search index of {str(output)!r} could not be written: {error}"
    except Exception as error:  # reported as the build's search problem
        return f"the search index of {str(output)!r} failed: {type(error).__name__}: {error}"


def _index_part(output: Path, binary: Path, part: Part) -> str | None:
    """One Pagefind run over one part's pages; why it failed, or None.

    A new part is written in place. A part indexed again is written elsewhere first, and
    its bundle then brought up to date from there: an edit changes a dozen of a part's
    600 files (Pagefind names most by their content), and making files anew is what costs
    (on this project's machine, a millisecond each in a folder where files are made and
    removed on every build, against a twentieth of that to write one over).
    """
    bundle = output / part.bundle
    if bundle.is_symlink() or (bundle.exists() and not bundle.is_dir()):
        bundle.unlink()
    if not bundle.exists():
        return _run_pagefind(output, binary, part, bundle)
    with scratch_folder() as folder:
        built = Path(folder) / part.name
        problem = _run_pagefind(output, binary, part, built)
        if problem is None:
            update_bundle(bundle, built)
        return problem


def scratch_folder() -> tempfile.TemporaryDirectory[str]:
    """Where Pagefind writes a part indexed again: shared memory where the system has it
    with room to spare (a part is a few megabytes, gone once copied), else the temporary
    folder."""
    memory = Path(SHARED_MEMORY)
    roomy = memory.is_dir() and os.access(memory, os.W_OK)
    place = str(memory) if roomy and shutil.disk_usage(memory).free > SCRATCH_ROOM else None
    return tempfile.TemporaryDirectory(prefix="rencontres-pagefind-", dir=place)


def update_bundle(bundle: Path, built: Path) -> None:
    """Make the folder ``bundle`` hold exactly the files of ``built``, writing only those
    that differ: new and changed files first, the entry file that names the others last,
    then the files no longer made go (a search made meanwhile finds the old index or
    the new one, whole)."""
    fresh = {path.relative_to(built): path for path in built.rglob("*") if path.is_file()}
    for relative in sorted(fresh, key=lambda relative: relative.name == ENTRY_FILE):
        _write_if_changed(bundle, relative, fresh[relative].read_bytes())
    for path in sorted(bundle.rglob("*"), reverse=True):  # a folder's files before it
        relative = path.relative_to(bundle)
        if path.is_symlink() or (path.is_file() and relative not in fresh):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _write_if_changed(bundle: Path, relative: Path, data: bytes) -> None:
    """Write a file of a bundle unless it holds these bytes already; a link, or a file
    where a folder must be, goes first."""
    for folder in reversed(relative.parents[:-1]):  # from the top down
        if (bundle / folder).is_symlink() or (bundle / folder).is_file():
            (bundle / folder).unlink()
    target = bundle / relative
    if target.is_symlink() or (target.exists() and not target.is_file()):
        _remove(target)
    elif target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _remove(path: Path) -> None:
    """Remove a link, a file or a folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _run_pagefind(output: Path, binary: Path, part: Part, built: Path) -> str | None:
    """Pagefind over one part's pages, its bundle written to ``built``; why it failed, or None."""
    # The site folder is the working directory, so no stray pagefind.yml elsewhere is read.
    command = [str(binary), "--site", ".", "--output-subdir", str(built), "--silent"]
    command += ["--glob", part.pages]
    with tempfile.TemporaryFile() as messages:  # a pipe could fill up while nobody reads it
        try:
            process = _started(command, output, messages)
        except OSError as error:
            return f"Pagefind could not run on {str(output)!r}: {error}"
        if process is None:
            return f"Pagefind did not run on {str(output)!r}: the build is stopping"
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


def _started(
    command: list[str], output: Path, messages: IO[bytes]
) -> subprocess.Popen[bytes] | None:
    """Pagefind started and noted as unfinished in one step, so that a build on its way
    out stops it with the others; none once the build is on its way out."""
    with STARTING:
        if EXITING.is_set():
            return None
        process = subprocess.Popen(
            command, cwd=output, env=_environment(), stdout=messages, stderr=messages
        )
        UNFINISHED.add(process)
        return process


def finish_indexing(indexing: Indexing) -> str | None:
    """Wait for every part, those of the runs started before too; why one failed, or None."""
    if indexing.thread is not None:
        indexing.thread.join()
    elif indexing.after is not None:  # it could not start: the earlier runs end all the same
        earlier = finish_indexing(indexing.after)
        indexing.problem = indexing.problem or earlier
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
    with STARTING:  # none starts from now on, and those started are all noted
        EXITING.set()
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
