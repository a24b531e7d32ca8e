"""The Pelican generator: load ``content/`` with the core, report errors, write the pages."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blinker import signal
from pelican.generators import Generator

from rencontres.errors import ErrorLog
from rencontres.feeds import FeedBuilder, FeedSettings
from rencontres.history import History, Revision
from rencontres.ical import EventText, IcalRenderer, IcalSettings
from rencontres.listings import Agenda
from rencontres.loader import SERIES_FILE, Site, load_site
from rencontres.markup import absolute_links, text_with_links
from rencontres.model import Event, Occurrence, Recap
from rencontres.opendata import Names, OpenData
from rencontres.rendercache import RenderCache, renderer_fingerprint
from rencontres.review import committed_identities, review
from rencontres_events import calendars, pages, parallel, syndication
from rencontres_events.settings import EventSettings, check
from rencontres_events.templating import TemplateHelpers

TRANSLATIONS = "translations"
# Sent once the HTML pages are on disk, before calendars and feeds: search indexes them then.
PAGES_WRITTEN = signal("rencontres_pages_written")
SHALLOW_HISTORY = (
    "rencontres_events: the git history is shallow (a CI checkout with depth 1?); calendar "
    "SEQUENCE numbers would restart from 0 and subscribers could miss changes: fetch the "
    "whole history (for GitHub Actions, actions/checkout with fetch-depth: 0)"
)


class StrictBuildFailed(SystemExit):
    """Content errors in a strict build: exit non-zero, without a traceback."""


@dataclass(frozen=True)
class CheckedContent:
    """Content loaded and checked once, before Pelican touches the output folder."""

    options: EventSettings
    site: Site
    history: History


class EventsGenerator(Generator):
    """Reads events, recaps, regions and series, and writes every page of the site."""

    checked: CheckedContent

    @classmethod
    def for_build(cls, settings: dict[str, Any]) -> type[EventsGenerator]:
        """Load and check content now; a strict build with errors stops here, output untouched."""
        options = check(settings)
        history = History.from_git(Path(settings["PATH"]).resolve(), options.now)
        content = Path(settings["PATH"])
        site, log = load_site(content, options.default_duration, history)
        review(site, log, content, options.now, committed_identities(site, content, history))
        report(log, options)
        return type(cls.__name__, (cls,), {"checked": CheckedContent(options, site, history)})

    def generate_context(self) -> None:
        """Prepare listings and template helpers from the checked content."""
        self.options, self.site = self.checked.options, self.checked.site
        self.agenda = Agenda(self.site, self.options.now, self.options.horizon)
        self.rendered = RenderCache(self._cache_folder(), renderer_fingerprint())
        self.helpers = TemplateHelpers(self.agenda, self.options.lang, self.rendered)
        self.helpers.install(self.env, Path(self.theme) / TRANSLATIONS)
        self.context.update(self._shared_context())
        self._prepare_files()

    def _prepare_files(self) -> None:
        """Plan calendars, feeds and open data, sharing the git history and rendered text."""
        content = Path(self.path).resolve()
        history = self.checked.history
        if history.shallow:
            warn(SHALLOW_HISTORY)

        def revision_of(item: Event | Recap) -> Revision:
            inherits = (SERIES_FILE,) if isinstance(item, Event) and item.series else ()
            path = Path(item.source).resolve().relative_to(content).as_posix()
            return history.of(path, depends_on=inherits)

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
        feeds = FeedSettings(site_url, options.uid_domain, options.lang, options.feed_limit)
        self.feed_builder = FeedBuilder(feeds, revision_of, html_of, region_name, agenda.showing)
        self.feed_files = list(syndication.plan_feeds(agenda, name, description))
        names = Names(lambda s: self.site.regions[s].name, lambda s: self.site.series[s].name)
        self.open_data = OpenData(site_url, options.uid_domain, names, revision_of, occurrences_of)
        self.data_files = list(syndication.plan_data(agenda, name, site_url, window_start))

    def _write_sitemap(self, planned: list[pages.Page], output: Path) -> None:
        """sitemap.xml with each page's last change, and robots.txt."""
        items: list[Event | Recap] = [*self.agenda.listed, *self.site.recaps]
        modified = {item.url: self.revision_of(item).modified for item in items}
        newest = max(modified.values(), default=self.options.now)
        listings = [p.url for p in planned if not p.url.startswith(("events/", "recaps/", "404"))]
        urls = listings + [item.url for item in items]
        syndication.write_sitemap(urls, modified, self.absolute_url, newest, output)

    @property
    def absolute_url(self) -> str:
        """SITEURL when it is absolute (publishing); empty in a relative-URL build."""
        site_url = self.settings["SITEURL"]
        return site_url if site_url.startswith(("http://", "https://")) else ""

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

    def _cache_folder(self) -> Path | None:
        """Pelican's ``CACHE_PATH``, unless ``EVENTS_MARKDOWN_CACHE`` turns the cache off."""
        return Path(self.settings["CACHE_PATH"]) if self.options.markdown_cache else None

    def generate_output(self, writer: Any) -> None:
        """Write every planned page and calendar, then copy the images content refers to."""
        relative = self.settings["RELATIVE_URLS"]
        links = pages.Links(self.absolute_url, self.settings["SITENAME"], self.options.lang)
        planned = list(pages.plan(self.agenda, self.options.home_limit, links))

        def write_page(page: pages.Page) -> None:
            template = self.get_template(page.template)
            context = {**page.context, "url": page.url, "page_url": page.url}
            writer.write_file(page.save_as, template, self.context, relative, **context)

        pages.refuse_shared_paths(planned)  # two processes could not see such a clash
        workers = parallel.workers_for(self.options.workers, len(planned))
        rendered = self.rendered
        parallel.write_all(planned, write_page, workers, rendered.rendered, rendered.adopt)
        output = Path(self.output_path)
        PAGES_WRITTEN.send(self, output=output)
        calendars.write(self.renderer, self.calendar_files, output)
        by_slug = {e.slug: e for e in self.site.events}
        syndication.write_feeds(self.feed_builder, self.feed_files, by_slug, output)
        syndication.write_data(self.open_data, self.data_files, self.options.now, output)
        self._write_sitemap(planned, output)
        copy_images(self.site, Path(self.path), output)
        self.rendered.save()
        if self.rendered.problem:
            warn(f"rencontres_events: Markdown cache not saved, {self.rendered.problem}")
        counts = len(self.site.events), len(self.site.recaps), len(planned)
        print("Rencontres: {} events, {} recaps, {} pages".format(*counts), end=", ")
        print(f"{len(self.calendar_files)} calendars")


def report(log: ErrorLog, options: EventSettings) -> None:
    """Print every error, one line each; stop a strict build after listing them all."""
    for warning in log.sorted_warnings():
        print(warning.format(options.lang), file=sys.stderr)
    if not log:
        return
    for error in log.sorted():
        print(error.format(options.lang), file=sys.stderr)
    summary = f"rencontres_events: {log.summary('en')}"
    if options.strict:
        raise StrictBuildFailed(f"{summary}; strict build stopped, the output folder is untouched")
    warn(f"{summary}; these files were left out of the site")


def warn(message: str) -> None:
    """A warning on one plain line: rich logging would wrap it and splice in its source."""
    print(f"WARNING {message}", file=sys.stderr)


def copy_images(site: Site, content: Path, output: Path) -> None:
    """Publish the pictures content refers to, and nothing else from ``content/``.

    Each was checked to be an image file under ``content/images/`` that resolves
    inside ``content/``; symlinks, SVG, HTML or stray files are never copied.
    """
    referenced = {e.image for e in site.events if e.image}
    referenced.update(photo for r in site.recaps for photo in r.photos)
    referenced.update(site.static)
    root = content.resolve()
    for relative in sorted(referenced):
        source = (content / relative).resolve()
        if not source.is_relative_to(root) or not relative.startswith("images/"):
            continue
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
