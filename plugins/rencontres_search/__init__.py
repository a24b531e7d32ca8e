"""Rencontres' search plugin: a Pagefind index of the built site, and its search page.

Pagefind (installed from PyPI with its own binary) reads the finished HTML and
writes a static index under ``pagefind/``; the page at ``search/`` queries it in
the reader's browser, so the site stays plain static files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pelican import signals

from rencontres_events.generator import PAGES_WRITTEN, EventsGenerator
from rencontres_events.outputs import folder_key
from rencontres_search.generator import SearchGenerator
from rencontres_search.indexing import (
    BUNDLE,
    Indexing,
    Part,
    finish_indexing,
    pages_in,
    parts_holding,
    parts_of,
    start_indexing,
)
from rencontres_search.settings import apply_defaults, check

STARTED: dict[Path, Indexing] = {}  # by output folder: Pagefind runs begun before the end


class IndexFailed(SystemExit):
    """Pagefind failed in a strict build: exit non-zero, without a traceback."""


class EventsPluginMissing(SystemExit):
    """The search page is themed and translated by rencontres_events' template environment."""


def check_settings(pelican: Any) -> None:
    """Fill defaults and refuse a wrong ``SEARCH_*`` setting before any work starts."""
    apply_defaults(pelican.settings)
    check(pelican.settings)


def add_generator(pelican: Any) -> type[SearchGenerator] | None:
    """The search page is a generator of its own; none when search is turned off."""
    return SearchGenerator if pelican.settings["SEARCH_INDEX"] else None


def share_templates(generators: list[Any]) -> None:
    """Give the search page the event pages' template environment, filters and translations."""
    events = [g for g in generators if isinstance(g, EventsGenerator)]
    for generator in generators:
        if isinstance(generator, SearchGenerator):
            if not events:
                raise EventsPluginMissing("rencontres_search: add 'rencontres_events' to PLUGINS")
            generator.adopt_templates(events[0].env)


def start_index(
    generator: Any,
    output: Path,
    changed: Iterable[str] | None = None,
    pages: list[str] | None = None,
) -> None:
    """The pages are written: index them while calendars and feeds are written.

    ``changed`` lists the files written or removed since the last build (None: any may
    have been), but for pages rewritten only where search does not read; only their
    parts are indexed again when the last index was finished.
    ``pages`` are every page of the site, from the page plan.
    """
    if not generator.settings.get("SEARCH_INDEX"):
        return
    earlier = STARTED.pop(output.resolve(), None)
    if earlier:  # a build of the same folder that stopped before its end
        finish_indexing(earlier)
    finished = _finished_mark(generator.settings, output)
    parts = parts_of(pages_in(output) if pages is None else pages)
    only = _parts_to_index(output, parts, changed, finished)
    if finished:
        finished.unlink(missing_ok=True)
    STARTED[output.resolve()] = start_indexing(output, only, parts)


def _parts_to_index(
    output: Path, parts: list[Part], changed: Iterable[str] | None, finished: Path | None
) -> set[str] | None:
    """The parts with a changed page, or whose bundle is missing; None: all of them."""
    if changed is None or finished is None:
        return None
    try:
        complete = set(json.loads(finished.read_text(encoding="utf-8"))["parts"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    names = {part.name for part in parts}
    missing = {name for name in names if not (output / BUNDLE / name).is_dir()}
    return (parts_holding(changed, parts) | missing | (names - complete)) & names


def build_index(pelican: Any) -> None:
    """Wait for the index of the finished site (or make it now); a failure stops a strict
    build and is a warning otherwise."""
    if not pelican.settings["SEARCH_INDEX"]:
        return
    output = Path(pelican.output_path)
    indexing = STARTED.pop(output.resolve(), None) or start_indexing(output)
    problem = finish_indexing(indexing)
    finished = _finished_mark(pelican.settings, output)
    if finished and problem is None:
        finished.parent.mkdir(parents=True, exist_ok=True)
        finished.write_text(json.dumps({"parts": indexing.parts}), encoding="utf-8")
    elif finished:
        finished.unlink(missing_ok=True)
    if problem is None:
        return
    if pelican.settings.get("EVENTS_STRICT"):
        raise IndexFailed(f"rencontres_search: {problem}; strict build stopped")
    print(f"WARNING rencontres_search: {problem}; the site has no search index", file=sys.stderr)


def _finished_mark(settings: dict[str, Any], output: Path) -> Path | None:
    """Kept in the cache while the folder's index is whole: a build cut short removes it."""
    if not settings.get("EVENTS_INCREMENTAL"):
        return None  # every build indexes afresh, and leaves nothing in the cache
    return Path(settings["CACHE_PATH"]) / f"rencontres-index-{folder_key(output)}.json"


def register() -> None:
    """Connect to Pelican.

    ``initialized`` runs once, before reading: the place to check settings.
    ``get_generators`` adds the generator that writes the search page with the theme.
    ``all_generators_finalized`` comes after every generator has prepared its context and
    before any writes: the events' template environment is ready to be shared then.
    ``PAGES_WRITTEN`` (sent by rencontres_events once its HTML pages are on disk) starts
    Pagefind early, so it indexes on the second core while calendars and feeds are written.
    ``finalized`` fires once every generator has written its files; the build waits there
    for the index, and indexes then if nothing started it. It fires for ``pelican`` on the
    command line and for an in-process ``Pelican.run()``.
    """
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(share_templates)
    PAGES_WRITTEN.connect(start_index)
    signals.finalized.connect(build_index)
