"""Feeds and open data: which files the site has, what each holds, and writing them.

These URLs are public: feed readers and other sites poll them for years.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from xml.sax.saxutils import escape

from rencontres.feeds import FeedBuilder, FeedInfo, Source
from rencontres.listings import Agenda
from rencontres.model import Event, Recap
from rencontres.opendata import SCHEMA_FILE, SCHEMA_PATH, OpenData, Scope
from rencontres_events.outputs import Outputs

RSS, ATOM, JSON_FEED, EVENTS_JSON = "feed.xml", "atom.xml", "feed.json", "events.json"


@dataclass(frozen=True)
class FeedFile:
    """One feed folder (RSS and Atom, plus JSON Feed for the site) and what it carries."""

    info: FeedInfo
    events: list[Event]
    recaps: list[Recap]
    json_feed: bool = False

    @property
    def names(self) -> list[str]:
        """The files in its folder."""
        return [RSS, ATOM, JSON_FEED] if self.json_feed else [RSS, ATOM]

    @property
    def paths(self) -> list[str]:
        """Its files, relative to the site."""
        return [f"{self.info.folder}{name}" for name in self.names]


@dataclass(frozen=True)
class DataFile:
    """One ``events.json`` and the events it lists."""

    path: str
    scope: Scope
    events: list[Event]


def plan_feeds(agenda: Agenda, site_name: str, description: str) -> Iterator[FeedFile]:
    """The site's feeds, then each region's (with sub-regions), series' and tag's."""
    recaps_of = agenda.recaps_by_event()

    def recaps(events: list[Event]) -> list[Recap]:
        return [r for e in events for r in recaps_of.get(e.slug, [])]

    site = FeedInfo(site_name, description, "", "")
    yield FeedFile(site, agenda.listed, recaps(agenda.listed), json_feed=True)
    regions = agenda.events_by_region()
    for _, slug in agenda.site.regions.walk():
        name, folder = agenda.site.regions[slug].name, f"regions/{slug}/"
        events = regions.get(slug, [])
        yield FeedFile(
            FeedInfo(f"{site_name} — {name}", name, folder, folder), events, recaps(events)
        )
    members = agenda.events_by_series()
    for slug, series in sorted(agenda.site.series.items()):
        events, folder = members.get(slug, []), f"series/{slug}/"
        yield FeedFile(FeedInfo(series.name, series.name, folder, folder), events, recaps(events))
    for tag in agenda.tags():
        folder = f"tags/{tag.slug}/"
        info = FeedInfo(f"{site_name} — {tag.name}", tag.name, folder, folder)
        yield FeedFile(info, list(tag.events), list(tag.recaps))


def plan_data(
    agenda: Agenda, site_name: str, site_url: str, window_start: datetime
) -> Iterator[DataFile]:
    """``events.json`` for the site, each region (with sub-regions) and each series."""
    recent = [e for e in agenda.listed if agenda.last_end(e) > window_start]
    keep = {e.slug for e in recent}

    def kept(events: list[Event]) -> list[Event]:
        return [e for e in events if e.slug in keep]

    yield DataFile(EVENTS_JSON, Scope("site", None, site_name, f"{site_url}/"), recent)
    regions = agenda.events_by_region()
    for _, slug in agenda.site.regions.walk():
        region = agenda.site.regions[slug]
        scope = Scope("region", slug, region.name, f"{site_url}/regions/{slug}/")
        yield DataFile(f"regions/{slug}/{EVENTS_JSON}", scope, kept(regions.get(slug, [])))
    members = agenda.events_by_series()
    for slug, series in sorted(agenda.site.series.items()):
        scope = Scope("series", slug, series.name, f"{site_url}/series/{slug}/")
        yield DataFile(f"series/{slug}/{EVENTS_JSON}", scope, kept(members.get(slug, [])))


def write_feeds(
    builder: FeedBuilder,
    files: list[FeedFile],
    events_by_slug: dict[str, Event],
    outputs: Outputs,
    key_of: Callable[[FeedInfo, list[Source]], str | None],
) -> None:
    """Write RSS and Atom for every feed whose items changed, and JSON Feed for the site."""
    for item in files:
        recaps = [(recap, events_by_slug[recap.event]) for recap in item.recaps]
        shown = builder.newest_sources(item.events, recaps)
        key = key_of(item.info, shown)
        if all([outputs.current(path, key) for path in item.paths]):  # each kept one is noted
            continue
        newest = builder.items(shown)
        documents = {RSS: builder.rss, ATOM: builder.atom, JSON_FEED: builder.json_feed}
        for name, path in zip(item.names, item.paths, strict=True):
            outputs.put(path, key, documents[name](item.info, newest))


def write_data(
    data: OpenData,
    files: list[DataFile],
    generated: datetime,
    outputs: Outputs,
    key_of: Callable[[DataFile], str | None],
) -> None:
    """Write every ``events.json`` whose events changed, and publish the schema they follow."""
    for item in files:
        produce = partial(data.document, item.scope, item.events, generated)
        outputs.write(item.path, key_of(item), produce)
    outputs.put(SCHEMA_PATH, None, SCHEMA_FILE.read_bytes())


def write_sitemap(
    pages: list[str],
    modified: dict[str, datetime],
    site_url: str,
    fallback: datetime,
    outputs: Outputs,
) -> None:
    """``sitemap.xml`` of every page, dated by its content, and ``robots.txt`` pointing to it.

    A page of one event or recap is dated by that file's last change; a listing
    page by the newest change of the site, since any change may alter it.
    """
    if not site_url:
        return
    entries, root = [], escape(site_url)
    days: dict[datetime, str] = {}  # pages share their dates: each is written out once
    for url in pages:
        moment = modified.get(url, fallback)
        day = days.get(moment) or days.setdefault(moment, f"{moment:%Y-%m-%d}")
        location = f"{root}/{escape(url)}"
        entries.append(f"  <url><loc>{location}</loc><lastmod>{day}</lastmod></url>")
    header = '<?xml version="1.0" encoding="UTF-8"?>\n'
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    sitemap = header + urlset + "\n".join(entries) + "\n</urlset>\n"
    outputs.put("sitemap.xml", None, sitemap.encode())
    robots = f"User-agent: *\nAllow: /\nSitemap: {site_url}/sitemap.xml\n"
    outputs.put("robots.txt", None, robots.encode())
