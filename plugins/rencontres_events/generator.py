"""The Pelican generator: load ``content/`` with the core, report errors, write the pages."""

from __future__ import annotations

import gc
import operator
import shutil
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from blinker import signal
from jinja2 import FileSystemBytecodeCache
from pelican.generators import Generator

import rencontres
from rencontres import collector
from rencontres.errors import ErrorLog
from rencontres.feeds import FeedBuilder, FeedInfo, FeedSettings, Source
from rencontres.fingerprints import Fingerprints, Unfingerprintable
from rencontres.history import History, Revision
from rencontres.ical import EventText, IcalRenderer, IcalSettings
from rencontres.listings import Agenda, Tag, recaps_by_event, tags_of
from rencontres.loadcache import LoadCache
from rencontres.loader import (
    EVENTS_DIR,
    SERIES_FILE,
    Site,
    event_bodies,
    load_cache,
    load_site,
)
from rencontres.markup import MarkdownRenderer, absolute_links, text_with_links
from rencontres.model import Event, Occurrence, Recap
from rencontres.opendata import SCHEMA_PATH, Names, OpenData
from rencontres.rendercache import RenderCache, has_cache, renderer_fingerprint, text_key
from rencontres.review import committed_identities, review
from rencontres.searchtext import same_to_search
from rencontres.twocores import Ahead, alongside, pieces
from rencontres_events import calendars, pages, parallel, syndication
from rencontres_events.fragments import FRAGMENTS_FILE, FragmentStore
from rencontres_events.outputs import Listing, Outputs, build_key, folder_key, listing
from rencontres_events.settings import EventSettings, check
from rencontres_events.templating import TemplateHelpers

TRANSLATIONS = "translations"
# Event and recap files no earlier build saw (new, or changed since) up to which a
# rebuild writes few pages: its pages are then written by one process (a child's start
# and results would cost more than the work it takes over), the calendars and feeds by
# the other meanwhile.
FEW_CHANGED_FILES = 50
OutputToList = tuple[Path, set[str]]  # a folder, and the top-level names left out
TEMPLATES_CACHE = "rencontres-templates"  # in CACHE_PATH: Jinja's compiled templates
# Sent once the pages search reads are on disk (``pages.SEARCHED_FOLDERS``), before the
# other pages, calendars and feeds: search indexes them meanwhile, on the other core.
PAGES_WRITTEN = signal("rencontres_pages_written")
# Sent by a rebuild that writes few pages, before it writes any, with every page's path
# and those of the events and recaps whose files changed: a receiver (search) returns
# pages to write first. ``FIRST_PAGES_WRITTEN`` follows once they are on disk, so it
# can start on them while the others are written.
PAGES_TO_WRITE_FIRST = signal("rencontres_pages_to_write_first")
FIRST_PAGES_WRITTEN = signal("rencontres_first_pages_written")
SHALLOW_HISTORY = (
    "rencontres_events: the git history is shallow (a CI checkout with depth 1?); calendar "
    "SEQUENCE numbers would restart from 0 and subscribers could miss changes: fetch the "
    "whole history (for GitHub Actions, actions/checkout with fetch-depth: 0)"
)


class StrictBuildFailed(SystemExit):
    """Content errors in a strict build: exit non-zero, without a traceback."""


@dataclass(frozen=True)
class Planned:
    """What the site shows: its listings, its pages, and the digests that key its files."""

    agenda: Agenda
    pages: list[pages.Page]
    fingerprints: Fingerprints
    site_key: str  # the digest of what every file shows: regions, series, the year


@dataclass(frozen=True)
class FoundMeanwhile:
    """What the other core finds while this one plans the pages."""

    findings: ErrorLog  # the review's
    text_keys: tuple[str, ...]  # every Markdown text's key in the cache
    digests: tuple[dict[str, bytes], dict[str, bytes]]  # every event's, by slug


@dataclass(frozen=True)
class CheckedContent:
    """Content loaded and checked once, before Pelican touches the output folder."""

    options: EventSettings
    site: Site
    history: History
    planned: Planned
    listed: Listing | None = None  # the output folder, listed before any file is written
    text_keys: tuple[str, ...] = ()  # every Markdown text's key in the cache, found there
    head_start: parallel.HeadStart | None = None  # Markdown rendered meanwhile on the idle core
    loaded_anew: int | None = None  # files no earlier build saw; None: no cache of them


class EventsGenerator(Generator):
    """Reads events, recaps, regions and series, and writes every page of the site."""

    checked: CheckedContent

    @classmethod
    def for_build(cls, settings: dict[str, Any]) -> type[EventsGenerator]:
        """Load and check content now; a strict build with errors stops here, output untouched."""
        options = check(settings)
        content = Path(settings["PATH"])
        _let_go_of_earlier_builds()  # first: a child forked before would keep it all alive
        ahead: parallel.HeadStart | None = None
        listed: Ahead[Listing] | None = None
        try:
            ahead = _head_start(settings, options, content)
            listed = None if ahead else _list_ahead(settings, options, content)
            # The site and the plan live until the build ends: frozen, out of the cyclic
            # collector's sight, the collections that writing pages sets off no longer walk
            # their millions of objects, nor does Python's last collection at exit.
            with collector.paused_then_frozen():
                checked = _load_and_check(settings, options, content, ahead, listed)
        except BaseException:
            for started in (ahead, listed):
                if started:
                    started.cancel()
            raise
        return type(cls.__name__, (cls,), {"checked": checked})

    def generate_context(self) -> None:
        """Prepare listings and template helpers from the checked content."""
        with collector.paused_then_frozen():  # they live until the build ends, as the plan does
            self._prepare_context()

    def _prepare_context(self) -> None:
        """Listings, helpers, calendars, feeds and the last build's outputs."""
        self.options, self.site = self.checked.options, self.checked.site
        self.agenda = self.checked.planned.agenda
        self.rendered = RenderCache(self._cache_folder(), renderer_fingerprint())
        if self.checked.head_start:
            for piece in self.checked.head_start.collect():
                self.rendered.prepare(piece)
        self.helpers = TemplateHelpers(self.agenda, self.options.lang, self.rendered)
        self.helpers.install(self.env, Path(self.theme) / TRANSLATIONS)
        self.context.update(self._shared_context())
        self._prepare_files()
        self._open_outputs()

    def _open_outputs(self) -> None:
        """Take over what the last build wrote here, and the keys this build's files compare."""
        plugins = [Path(folder).resolve() for folder in self.settings.get("PLUGIN_PATHS", [])]
        overrides = [Path(f) for f in self.settings.get("THEME_TEMPLATES_OVERRIDES", [])]
        folders = [*plugins, Path(rencontres.__file__).parent, Path(self.theme), *overrides]
        self.outputs = Outputs.open(
            Path(self.output_path),
            self._rebuilds_cache(),
            build_key(self.settings, folders),
            _kept_folders(self.settings),
            self.checked.listed,
            self.checked.planned.site_key,
        )
        self.fingerprints = self.checked.planned.fingerprints
        self.site_key = self.checked.planned.site_key
        self._dated_keys: dict[str, str] = {}
        self._shared = (0, 0)  # texts and fragments this process had when it last forked
        self.unsearched: set[str] = set()  # pages rewritten only where search does not read
        self._keep_fragments()
        self._keep_compiled_templates()

    def _keep_compiled_templates(self) -> None:
        """Jinja's compiled templates, kept between builds (a tenth of a rebuild) in a folder
        of this build key's: Jinja knows them by name and source only, and settings such as
        ``autoescape`` are compiled in. Other keys' folders go."""
        cache = self._rebuilds_cache()
        if cache is None:
            return
        root = cache / TEMPLATES_CACHE
        kept = root / self.outputs.build_key[:16]
        if root.is_dir():
            for other in (f for f in root.iterdir() if f.is_dir() and f != kept):
                shutil.rmtree(other, ignore_errors=True)
        kept.mkdir(parents=True, exist_ok=True)
        self.env.bytecode_cache = FileSystemBytecodeCache(str(kept))

    def _save_fragments(self) -> None:
        """Save the fragments the pages used, then let go of them."""
        self.fragments.save()
        if self.fragments.problem:
            warn(f"rencontres_events: kept fragments not saved, {self.fragments.problem}")
        self.fragments.forget()

    def _keep_fragments(self) -> None:
        """Fragments kept between builds, under the keys every page's key starts from; from
        the first rebuild on: a clean build's peak of memory stays what it was without."""
        name = FRAGMENTS_FILE.format(folder=folder_key(Path(self.output_path)))
        folder = self._rebuilds_cache()
        cache = folder / name if folder and self.outputs.earlier else None
        self.fragments = FragmentStore(cache, f"{self.outputs.build_key} {self.site_key}")
        if cache:
            self.helpers.keep_fragments(self.fragments, self.fingerprints.occurrence)

    def key_of(self, *inputs: object) -> str | None:
        """The digest of a file's inputs, with what every file depends on; None: always write."""
        try:
            return self.fingerprints.of(self.site_key, *inputs)
        except Unfingerprintable as error:
            warn(f"rencontres_events: written on every build, {error}")
            return None

    def _prepare_files(self) -> None:
        """Plan calendars, feeds and open data, sharing the git history and rendered text."""
        history = self.checked.history
        if history.shallow:
            warn(SHALLOW_HISTORY)

        revisions: dict[str, Revision] = {}

        def revision_of(item: Event | Recap) -> Revision:
            if item.source not in revisions:  # asked for by every feed, calendar and key
                inherits = (SERIES_FILE,) if isinstance(item, Event) and item.series else ()
                path = self.site.paths[item.source]
                revisions[item.source] = history.of(path, depends_on=inherits)
            return revisions[item.source]

        self.revision_of = revision_of

        def html_of(markdown: str) -> str:
            return str(self.helpers.markdown(markdown))

        def region_name(event: Event) -> str:
            return self.site.regions[event.region].name

        options, agenda, site_url = self.options, self.agenda, self.absolute_url
        name = self.settings["SITENAME"]
        description = self.settings.get("SITESUBTITLE") or name
        window_start = options.now - options.past_window
        ical = IcalSettings(
            options.uid_domain, options.refresh, options.lang, site_url, name, options.now.year
        )

        def text_of(event: Event) -> EventText:
            page = f"{site_url}/{event.url}"
            return EventText(
                text_with_links(absolute_links(html_of(event.body), page)), region_name(event)
            )

        def occurrences_of(event: Event) -> list[Occurrence]:
            return agenda.by_event[event.slug]

        self.renderer = IcalRenderer(ical, revision_of, text_of, occurrences_of)
        site_zone = self.settings["TIMEZONE"]
        plan = calendars.plan(agenda, name, description, window_start, site_zone)
        self.calendar_files = list(plan)
        feeds = FeedSettings(
            site_url, options.uid_domain, options.lang, options.feed_limit, options.now
        )
        self.feed_builder = FeedBuilder(feeds, revision_of, html_of, region_name, agenda.showing)
        self.feed_files = list(syndication.plan_feeds(agenda, name, description))
        names = Names(lambda s: self.site.regions[s].name, lambda s: self.site.series[s].name)
        self.open_data = OpenData(site_url, options.uid_domain, names, revision_of, occurrences_of)
        self.data_files = list(syndication.plan_data(agenda, name, site_url, window_start))

    def _write_sitemap(self, planned: list[pages.Page]) -> None:
        """sitemap.xml with each page's last change, and robots.txt."""
        items: list[Event | Recap] = [*self.agenda.listed, *self.site.recaps]
        modified = {item.url: self.revision_of(item).modified for item in items}
        newest = max(modified.values(), default=self.options.now)
        listings = [p.url for p in planned if not p.url.startswith(("events/", "recaps/", "404"))]
        urls = listings + [item.url for item in items]
        syndication.write_sitemap(urls, modified, self.absolute_url, newest, self.outputs)

    @property
    def absolute_url(self) -> str:
        """The site's absolute address, or nothing (see ``_absolute_url``)."""
        return _absolute_url(self.settings)

    def _shared_context(self) -> dict[str, Any]:
        """What every page's template can use."""
        return {
            "site": self.site,
            "regions": self.site.regions,
            "series_by_slug": self.site.series,
            "now": self.options.now,
            "recaps_by_event": self.agenda.recaps_by_event(),
            "lang": self.options.lang,
            "map_tiles": self.options.map_tiles,
            "ABSOLUTE_SITEURL": self.absolute_url,
        }

    def _rebuilds_cache(self) -> Path | None:
        """Pelican's ``CACHE_PATH`` when rebuilds are incremental: what they keep lives there."""
        return Path(self.settings["CACHE_PATH"]) if self.options.incremental else None

    def _cache_folder(self) -> Path | None:
        """Pelican's ``CACHE_PATH``, unless ``EVENTS_MARKDOWN_CACHE`` turns the cache off."""
        return Path(self.settings["CACHE_PATH"]) if self.options.markdown_cache else None

    def generate_output(self, writer: Any) -> None:
        """Write every planned page and calendar, then copy the images content refers to.

        The pages search reads go first: it indexes them on the other core while the
        lists and feeds are written here, and the calendars and open data by a second
        process (search's work, and theirs, are then shared by the two cores). When few
        pages change, this process writes them all, and the second one the calendars and
        feeds meanwhile: two children would cost more than the little work they took over."""
        planned = self.checked.planned.pages
        pages.refuse_shared_paths(planned)  # two processes could not see such a clash
        pictures = images(self.site, Path(self.path))
        few = self._few_pages_change()
        if few:
            self._remove_unplanned(planned, pictures)  # before the child writes beside it
            every_page = partial(self._write_all_pages, planned, writer)
            self._share_out([every_page, self._write_dated_files_and_feeds], operator.call)
        else:
            searched, others = pages.searched_first(planned)
            self._share_out(searched, partial(self._write_page, writer))
            self._remove_unplanned(planned, pictures)
            self._start_search(planned)
            lists_and_feeds = partial(self._write_lists_and_feeds, others, writer)
            self._share_out([lists_and_feeds, self._write_dated_files], operator.call)
        self.helpers.forget_fragments()  # memory: the peak is one stage's, not their sum
        self._save_fragments()  # and the kept ones go now (the archive's 10,000 rows: 23 MB)
        if not few:  # else written with the pages
            self._write_sitemap(planned)
        for relative, source in pictures:  # only images content refers to, checked
            self.outputs.put(relative, None, source.read_bytes())
        self._finish(planned)

    def _few_pages_change(self) -> bool:
        """Whether this build rewrites few pages: the last one wrote this site with the
        same code, settings, templates, regions, series and year, and few files changed."""
        anew = self.checked.loaded_anew
        same_site = self.outputs.earlier_site == self.site_key
        return same_site and anew is not None and anew <= FEW_CHANGED_FILES

    def _write_all_pages(self, planned: list[pages.Page], writer: Any) -> None:
        """Every page and the sitemap, the share of one process when few pages change:
        those search asks for first, then the others it reads (it starts on each meanwhile),
        then the lists."""
        searched, others = pages.searched_first(planned)
        asked = self._asked_first(planned)
        if asked:
            for page in (page for page in searched if page.save_as in asked):
                self._write_page(writer, page)
            FIRST_PAGES_WRITTEN.send(self, output=Path(self.output_path), changed=self._changed())
        for page in (page for page in searched if page.save_as not in asked):
            self._write_page(writer, page)
        self._start_search(planned)
        for page in others:
            self._write_page(writer, page)
        self._write_sitemap(planned)

    def _asked_first(self, planned: list[pages.Page]) -> set[str]:
        """The pages receivers of ``PAGES_TO_WRITE_FIRST`` ask for first."""
        items: list[Event | Recap] = [*self.site.events, *self.site.recaps]
        changed = [f"{item.url}index.html" for item in items if item.source in self.site.anew]
        if not changed:
            return set()
        paths = [page.save_as for page in planned]
        output = Path(self.output_path)
        answers = PAGES_TO_WRITE_FIRST.send(self, output=output, pages=paths, changed=changed)
        return {path for _, asked in answers for path in asked}

    def _share_out(self, items: list[Any], write: Callable[[Any], None]) -> None:
        """Write some items, a forked child taking every other one when the site is large
        and there are two cores."""
        workers = parallel.workers_for(self.options.workers, len(self.checked.planned.pages))
        self._shared = len(self.rendered), len(self.fragments)  # a child sends what it adds
        parallel.write_all(items, write, workers, self._results, self._adopt)

    def _remove_unplanned(
        self, planned: list[pages.Page], pictures: list[tuple[str, Path]]
    ) -> None:
        """Remove the files the last build wrote that this one does not plan: search must
        not read them."""
        planned_files = self._planned_files(planned, pictures)
        self.outputs.remove_stale(lambda path: path not in planned_files)

    def _start_search(self, planned: list[pages.Page]) -> None:
        """Say that the pages search reads are written, and which changed."""
        output, paths = Path(self.output_path), [page.save_as for page in planned]
        PAGES_WRITTEN.send(self, output=output, changed=self._changed(), pages=paths)

    def _changed(self) -> list[str]:
        """The files written or removed so far, but for pages changed only where search
        does not read."""
        return sorted(self.outputs.changed - self.unsearched)

    def _write_page(self, writer: Any, page: pages.Page) -> None:
        """Write a page when its inputs changed since the last build (or it is not as written)."""
        key = self.key_of(page.template, page.url, page.context)
        if self.outputs.current(page.save_as, key):
            return
        template = self.get_template(page.template)
        before = self.outputs.previous(page.save_as)
        relative = self.settings["RELATIVE_URLS"]
        writer.write_file(page.save_as, template, self.context, relative, **page.values())
        self.outputs.wrote(page.save_as, key, before)
        if before is not None and self._unseen_by_search(page.save_as, before):
            self.unsearched.add(page.save_as)

    def _unseen_by_search(self, path: str, before: bytes) -> bool:
        """Whether a page search reads was rewritten only in parts search ignores (the
        next dates of a series, say): its part of the index need not be made again."""
        if path not in self.outputs.changed or path.partition("/")[0] not in pages.SEARCHED_FOLDERS:
            return False
        return same_to_search(before, (Path(self.output_path) / path).read_bytes())

    def _results(self) -> Iterator[tuple[str, Any]]:
        """What this process rendered and wrote, in pieces, for the other one."""
        rendered, fragments = self._shared
        yield from (("markdown", chunk) for chunk in self.rendered.rendered(after=rendered))
        yield "outputs", (self.outputs.written, self.outputs.changed)
        yield "unsearched", self.unsearched
        yield from (("fragments", piece) for piece in pieces(self.fragments.used(fragments)))

    def _adopt(self, piece: tuple[str, Any]) -> None:
        """Take in one piece of what the other process rendered and wrote."""
        kind, found = piece
        if kind == "markdown":
            self.rendered.adopt(found)
        elif kind == "fragments":
            self.fragments.adopt(found)
        elif kind == "unsearched":
            self.unsearched.update(found)
        else:
            self.outputs.adopt(*found)

    def _write_lists_and_feeds(self, others: list[pages.Page], writer: Any) -> None:
        """The pages search does not read (lists, month grids), then the feeds."""
        for page in others:
            self._write_page(writer, page)
        self._write_feeds()

    def _write_dated_files_and_feeds(self) -> None:
        """Calendars, open data and feeds: the other process's share when few pages change."""
        self._write_dated_files()
        self._write_feeds()

    def _write_feeds(self) -> None:
        """Every feed whose items changed."""
        by_slug = self.agenda.events_by_slug
        syndication.write_feeds(
            self.feed_builder, self.feed_files, by_slug, self.outputs, self._feed_key
        )
        self.feed_builder.forget()

    def _write_dated_files(self) -> None:
        """Calendars and open data, each file only if its inputs changed."""
        outputs, now = self.outputs, self.options.now
        folder = self._rebuilds_cache()
        earlier = calendars.kept_zones(folder, outputs.build_key)
        self.renderer.zones.update(earlier)
        calendars.write(self.renderer, self.calendar_files, outputs, self._calendar_key)
        calendars.keep_zones(folder, outputs.build_key, self.renderer.zones, set(earlier))
        self.renderer.forget()
        syndication.write_data(self.open_data, self.data_files, now, outputs, self._data_key)

    def _dated(self, event: Event) -> str:
        """The digest of an event as calendars, feeds and open data show it: with its dates
        and history (once per event, though many files show it)."""
        if event.slug not in self._dated_keys:
            dates = self.agenda.by_event[event.slug]
            revision = self.revision_of(event)
            self._dated_keys[event.slug] = self.fingerprints.dated(event, revision, dates)
        return self._dated_keys[event.slug]

    def _calendar_key(self, item: calendars.CalendarFile) -> str | None:
        """A calendar's inputs: its events with their dates and history (digests of one
        length, joined: one string to digest rather than thousands)."""
        events = "".join([self._dated(e) for e in item.events])
        if not item.shared:  # an event's own file: its address, name and zone are the event's
            return self.key_of("ics", events)
        return self.key_of("ics", item.path, item.info, item.zone, events)

    def _feed_key(self, info: FeedInfo, shown: list[Source]) -> str | None:
        """A feed's inputs: the events and recaps it shows, newest first."""
        items = [(a, self.revision_of(a), self._dated(e)) for a, e in shown]
        empty_since = () if shown else (self.options.now,)  # an empty feed is dated "now"
        return self.key_of("feed", info, items, *empty_since)

    def _data_key(self, item: syndication.DataFile) -> str | None:
        """An ``events.json``'s inputs, with "now", which it states as its date."""
        events = "".join([self._dated(e) for e in item.events])  # as for calendars
        return self.key_of("data", item.path, item.scope, events, self.options.now)

    def _planned_files(
        self, planned: list[pages.Page], pictures: list[tuple[str, Path]]
    ) -> set[str]:
        """Every file this build writes or keeps, so the others go before search reads the site."""
        files = {page.save_as for page in planned}
        files.update(item.path for item in self.calendar_files)
        files.update(path for feed in self.feed_files for path in feed.paths)
        files.update(item.path for item in self.data_files)
        files.update([SCHEMA_PATH, *(["sitemap.xml", "robots.txt"] if self.absolute_url else [])])
        files.update(relative for relative, _ in pictures)
        return files

    def _finish(self, planned: list[pages.Page]) -> None:
        """Remove what no longer exists, keep the caches, and say what was done."""
        self.outputs.remove_stale()
        self.outputs.save()
        self.rendered.keep(self.checked.text_keys)
        self.rendered.save()
        if self.rendered.problem:
            warn(f"rencontres_events: Markdown cache not saved, {self.rendered.problem}")
        counts = len(self.site.events), len(self.site.recaps), len(planned)
        print("Rencontres: {} events, {} recaps, {} pages".format(*counts), end=", ")
        print(f"{len(self.calendar_files)} calendars", end=", ")
        written = len(self.outputs.changed) - self.outputs.removed
        print(f"{written} files written, {self.outputs.removed} removed, the others unchanged")


def _load_and_check(
    settings: dict[str, Any],
    options: EventSettings,
    content: Path,
    ahead: parallel.HeadStart | None,
    listed_ahead: Ahead[Listing] | None = None,
) -> CheckedContent:
    """The content loaded, reviewed and reported, and its pages planned; a strict build
    with errors stops here. The review runs on the second core while pages are planned
    here, unless Markdown is rendered there ahead (a clean build) or there are few events;
    the output folder is listed there while content loads (``listed_ahead``), or here."""
    kept = Path(settings["CACHE_PATH"]) if options.incremental else None
    with ThreadPoolExecutor(max_workers=1) as alongside_git:  # git runs while the cache loads
        read_history = partial(History.from_git, content.resolve(), options.now, kept=kept)
        reading_history = alongside_git.submit(read_history)
        cache = _load_cache(settings, options, content)
        history = reading_history.result()
    site, log = load_site(content, options.default_duration, history, cache)
    loaded_anew = len(site.anew) if cache else None
    if cache:
        cache.save()
        if cache.problem:
            warn(f"rencontres_events: cache of loaded events not saved, {cache.problem}")
    known = committed_identities(site, history)
    workers = 1 if ahead else parallel.workers_for(options.workers, len(site.events))
    found, (planned, listed) = alongside(
        partial(_meanwhile, site, content, options.now, known),
        partial(_plan_and_list, site, options, settings, listed_ahead),
        workers,
    )
    log.merge(found.findings)
    report(log, options)
    planned.fingerprints.adopt(found.digests)
    keys = found.text_keys
    return CheckedContent(options, site, history, planned, listed, keys, ahead, loaded_anew)


def _meanwhile(site: Site, content: Path, now: datetime, known: set[str]) -> FoundMeanwhile:
    """Work for the other core while this one plans the pages: the review, every text's
    key in the Markdown cache and every event's digests (hashing 10,000 texts takes a
    tenth of a second, each time)."""
    found = ErrorLog()
    review(site, found, content, now, known)
    keys = tuple(text_key(text) for text in _texts(site))
    digests = _fingerprints(now, recaps_by_event(site.recaps), tags_of(site)).of_events(site.events)
    return FoundMeanwhile(found, keys, digests)


def _plan_and_list(
    site: Site,
    options: EventSettings,
    settings: dict[str, Any],
    listed_ahead: Ahead[Listing] | None,
) -> tuple[Planned, Listing | None]:
    """This core's share while the other reviews: the pages planned, then the output
    folder listed, unless it was while the content loaded."""
    planned = _plan(site, options, settings)
    return planned, listed_ahead.result() if listed_ahead else _listing(settings, options)


def _list_ahead(
    settings: dict[str, Any], options: EventSettings, content: Path
) -> Ahead[Listing] | None:
    """List the output folder on the idle core while this one loads the content (a fifth
    of a second at 10,000 events), when there are two cores, many events and a folder to
    list."""
    output = _output_to_list(settings, options)
    if output is None:
        return None
    workers = parallel.workers_for(options.workers, _event_files(content))
    return Ahead(partial(listing, *output), workers) if workers > 1 else None


def _listing(settings: dict[str, Any], options: EventSettings) -> Listing | None:
    """The output folder's files, when it may be listed before the build."""
    output = _output_to_list(settings, options)
    return listing(*output) if output else None


def _texts(site: Site) -> Iterator[str]:
    """Every Markdown text of the content."""
    yield from (item.body for item in [*site.events, *site.recaps])
    yield from (site.regions[slug].description for _, slug in site.regions.walk())
    yield from (series.description for series in site.series.values())


def _output_to_list(settings: dict[str, Any], options: EventSettings) -> OutputToList | None:
    """The output folder and the names a sweep leaves alone, when the folder may be listed
    before the build: its files are then the sweep's (Pelican does not empty it first)."""
    if not options.incremental or settings.get("DELETE_OUTPUT_DIRECTORY"):
        return None
    return Path(settings["OUTPUT_PATH"]), set(_kept_folders(settings))


def _kept_folders(settings: dict[str, Any]) -> list[str]:
    """Top-level names no sweep touches: ``OUTPUT_RETENTION``, and the folders other
    writers keep up to date on every build: the theme's files (a theme change changes the
    build key), the search page, and the search index, whose parts rencontres_search keeps
    or replaces."""
    theme = settings.get("THEME_STATIC_DIR", "theme")
    return [*settings.get("OUTPUT_RETENTION", []), theme, "search", "pagefind"]


def _plan(site: Site, options: EventSettings, settings: dict[str, Any]) -> Planned:
    """The listings, every page, and the key every file shares. Every date and event is
    digested once, before pages are written (else both page-writing processes would digest
    nearly all of them for the lists they share): events by the other core, dates here
    once the pages are planned (this core would wait for the review otherwise)."""
    agenda = Agenda(site, options.now, options.horizon)
    links = pages.Links(_absolute_url(settings), settings["SITENAME"], options.lang)
    planned = list(pages.plan(agenda, pages.Limits(options.home_limit, options.past_limit), links))
    fingerprints = _fingerprints(options.now, agenda.recaps_by_event(), agenda.tags())
    fingerprints.prepare(o for dates in agenda.by_event.values() for o in dates)
    regions = [site.regions[slug] for _, slug in site.regions.walk()]
    site_key = fingerprints.of(regions, list(site.series.values()), options.now.year)
    return Planned(agenda, planned, fingerprints, site_key)


def _fingerprints(now: datetime, recaps: dict[str, list[Recap]], tags: list[Tag]) -> Fingerprints:
    """Digests at "now", with what cards show besides an event: its recaps, its tags' names."""
    return Fingerprints(now, recaps, {tag.slug: tag.name for tag in tags})


def _absolute_url(settings: dict[str, Any]) -> str:
    """SITEURL when it is absolute (publishing); empty in a relative-URL build."""
    site_url = settings["SITEURL"]
    return site_url if site_url.startswith(("http://", "https://")) else ""


def _let_go_of_earlier_builds() -> None:
    """Give back to the collector what an earlier build in this process froze (a
    development server builds again and again), and collect it before freezing anew."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


def _load_cache(
    settings: dict[str, Any], options: EventSettings, content: Path
) -> LoadCache | None:
    """Events earlier builds loaded, in ``CACHE_PATH``, when rebuilds are incremental."""
    if not options.incremental:
        return None
    return load_cache(content, options.default_duration, Path(settings["CACHE_PATH"]))


def _head_start(
    settings: dict[str, Any], options: EventSettings, content: Path
) -> parallel.HeadStart | None:
    """Start rendering events' Markdown on the idle core on a clean build: not when an
    earlier build's Markdown cache holds it (a rebuild), nor without that cache (a
    rebuild would render it all for the few pages it writes), nor for too few events."""
    if not options.markdown_cache or has_cache(Path(settings["CACHE_PATH"])):
        return None
    return parallel.head_start(
        options.workers,
        partial(event_bodies, content),
        MarkdownRenderer().render,
        _event_files(content),
    )


def _event_files(content: Path) -> int:
    """How many files the events folder holds, before any is read."""
    events = content / EVENTS_DIR
    return sum(1 for _ in events.iterdir()) if events.is_dir() else 0


def report(log: ErrorLog, options: EventSettings) -> None:
    """Print every error, one line each; stop a strict build after listing them all.

    The lines go out in one write: standard error writes each line on its own, and a
    large site may have thousands of warnings."""
    problems = [*log.sorted_warnings(), *log.sorted()]
    if problems:
        print("\n".join(problem.format(options.lang) for problem in problems), file=sys.stderr)
    if not log:
        return
    summary = f"rencontres_events: {log.summary('en')}"
    if options.strict:
        raise StrictBuildFailed(f"{summary}; strict build stopped, the output folder is untouched")
    warn(f"{summary}; these files were left out of the site")


def warn(message: str) -> None:
    """A warning on one plain line: rich logging would wrap it and splice in its source."""
    print(f"WARNING {message}", file=sys.stderr)


def images(site: Site, content: Path) -> list[tuple[str, Path]]:
    """The pictures content refers to, with their files: they are published, and nothing
    else from ``content/``.

    Each was checked to be an image file under ``content/images/`` that resolves
    inside ``content/``; symlinks, SVG, HTML or stray files are never copied.
    """
    referenced = {e.image for e in site.events if e.image}
    referenced.update(photo for r in site.recaps for photo in r.photos)
    referenced.update(site.static)
    root = content.resolve()
    found = []
    for relative in sorted(referenced):
        source = (content / relative).resolve()
        if source.is_relative_to(root) and relative.startswith("images/"):
            found.append((relative, source))
    return found
