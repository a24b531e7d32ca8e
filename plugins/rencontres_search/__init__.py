"""Rencontres' search plugin: a Pagefind index of the built site, and its search page.

Pagefind (installed from PyPI with its own binary) reads the finished HTML and
writes a static index under ``pagefind/``; the page at ``search/`` queries it in
the reader's browser, so the site stays plain static files.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import signals

from rencontres_events.generator import (
    FIRST_PAGES_WRITTEN,
    PAGES_TO_WRITE_FIRST,
    PAGES_WRITTEN,
    EventsGenerator,
)
from rencontres_events.outputs import folder_key
from rencontres_search.generator import SearchGenerator
from rencontres_search.indexing import (
    BUNDLE,
    Indexing,
    Part,
    finish_indexing,
    first_parts,
    pages_in,
    pages_of,
    parts_holding,
    parts_of,
    start_indexing,
)
from rencontres_search.settings import apply_defaults, check

STARTED: dict[Path, Indexing] = {}  # by output folder: Pagefind runs begun before the end


@dataclass
class Round:
    """This build's index of one output folder, from its first pages written to the last."""

    generator: Any  # the build's: a round a build left when it failed is not the next one's
    parts: list[Part]
    complete: set[str] | None  # the parts of the last whole index; None: index them all
    asked: set[str] = field(default_factory=set)  # the parts whose pages are written first
    taken: set[str] = field(default_factory=set)  # the parts indexed from then on


ROUNDS: dict[Path, Round] = {}  # by output folder, until every page search reads is written


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


def pages_to_write_first(
    generator: Any, output: Path, pages: list[str], changed: list[str]
) -> list[str]:
    """Before a rebuild writes its pages: those of the parts the ``changed`` pages (of
    the events and recaps whose files changed) are in, and the main part's, are asked
    for first, so that their parts are indexed while the other pages are written."""
    if not generator.settings.get("SEARCH_INDEX"):
        return []
    begun = _begin(generator, output, pages)
    begun.asked = first_parts(begun.parts, changed)
    return pages_of(pages, begun.parts, begun.asked)


def start_first_parts(generator: Any, output: Path, changed: Iterable[str]) -> None:
    """The pages asked for first are written: index now those of their parts that changed."""
    begun = ROUNDS.get(output.resolve())
    if begun is None or begun.generator is not generator:
        return
    due = _parts_to_index(output, begun, changed)
    begun.taken = begun.asked if due is None else due & begun.asked
    if begun.taken:
        STARTED[output.resolve()] = start_indexing(output, begun.taken, begun.parts)


def start_index(
    generator: Any,
    output: Path,
    changed: Iterable[str] | None = None,
    pages: list[str] | None = None,
) -> None:
    """The pages are written: index them while calendars and feeds are written.

    ``changed`` lists the files written or removed since the last build (None: any may
    have been), but for pages rewritten only where search does not read; only their
    parts are indexed again when the last index was finished, but for those indexed
    already (``start_first_parts``).
    ``pages`` are every page of the site, from the page plan.
    """
    if not generator.settings.get("SEARCH_INDEX"):
        return
    begun = ROUNDS.pop(output.resolve(), None)
    if begun is None or begun.generator is not generator:
        found = pages_in(output) if pages is None else pages
        begun = _begin(generator, output, found, keep=False)
    due = _parts_to_index(output, begun, changed)
    only = {part.name for part in begun.parts} if due is None else due
    earlier = STARTED.get(output.resolve())
    STARTED[output.resolve()] = start_indexing(output, only - begun.taken, begun.parts, earlier)


def _begin(generator: Any, output: Path, pages: list[str], keep: bool = True) -> Round:
    """This build's round of indexing: an earlier build's runs end; the mark of a whole
    index is read, then removed until this one is whole in turn."""
    earlier = STARTED.pop(output.resolve(), None)
    if earlier:  # a build of the same folder that stopped before its end
        finish_indexing(earlier)
    finished = _finished_mark(generator.settings, output)
    begun = Round(generator, parts_of(pages), _complete_parts(finished))
    if finished:
        finished.unlink(missing_ok=True)
    if keep:
        ROUNDS[output.resolve()] = begun
    return begun


def _complete_parts(finished: Path | None) -> set[str] | None:
    """The parts the last whole index held; None when not known."""
    if finished is None:
        return None
    try:
        return set(json.loads(finished.read_text(encoding="utf-8"))["parts"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _parts_to_index(output: Path, begun: Round, changed: Iterable[str] | None) -> set[str] | None:
    """The parts with a changed page, or whose bundle is missing; None: all of them."""
    if changed is None or begun.complete is None:
        return None
    names = {part.name for part in begun.parts}
    missing = {name for name in names if not (output / BUNDLE / name).is_dir()}
    return (parts_holding(changed, begun.parts) | missing | (names - begun.complete)) & names


def build_index(pelican: Any) -> None:
    """Wait for the index of the finished site (or make it now); a failure stops a strict
    build and is a warning otherwise."""
    if not pelican.settings["SEARCH_INDEX"]:
        return
    output = Path(pelican.output_path)
    ROUNDS.pop(output.resolve(), None)
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
    ``PAGES_TO_WRITE_FIRST`` and ``FIRST_PAGES_WRITTEN`` (a rebuild after an edit) start it
    sooner still, on the parts the edit is in, while the other pages are written.
    ``finalized`` fires once every generator has written its files; the build waits there
    for the index, and indexes then if nothing started it. It fires for ``pelican`` on the
    command line and for an in-process ``Pelican.run()``.
    """
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(share_templates)
    PAGES_TO_WRITE_FIRST.connect(pages_to_write_first)
    FIRST_PAGES_WRITTEN.connect(start_first_parts)
    PAGES_WRITTEN.connect(start_index)
    signals.finalized.connect(build_index)
