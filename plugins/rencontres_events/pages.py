"""The page plan: every file the site has, its template, and what the template gets.

URLs here are the public contract: subscribers and links depend on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any

from babel.core import Locale

from rencontres.calendar_links import google_event, outlook_event, shorten
from rencontres.ical import location_text
from rencontres.jsonld import PageFacts, event_jsonld, script_json
from rencontres.listings import Agenda, Tag, by_area, by_week, by_year, cities
from rencontres.model import Event, Occurrence, Region
from rencontres.months import months
from rencontres.regions import sort_key
from rencontres.venues import places
from rencontres_events import calendars

# The folders of the pages site search reads, each about one event, recap, region or series.
SEARCHED_FOLDERS = ("events", "recaps", "regions", "series")
HOME_PER_AREA = 3  # the home page shows each area's next few; its region page has the rest
MAP_EVENTS_PER_PLACE = 5  # a marker's popup lists the next (else latest) few events held there


@dataclass(frozen=True)
class Page:
    """One file to write.

    ``context`` is what the page shows, and what a rebuild compares to decide whether
    to write it again; ``derived`` adds values computed from the context alone (links,
    structured data), left until the page is actually rendered.
    """

    save_as: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    derived: Callable[[], dict[str, Any]] | None = None

    def values(self) -> dict[str, Any]:
        """Everything the template gets."""
        extra = self.derived() if self.derived else {}
        return {**self.context, **extra, "url": self.url, "page_url": self.url}

    @property
    def url(self) -> str:
        """The page's address, relative to the site root."""
        return self.save_as.removesuffix("index.html")


@dataclass(frozen=True)
class Links:
    """Builds the calendar links pages offer: subscribe, download, add one event."""

    site_url: str
    site_name: str
    lang: str

    def subscribe(self, path: str, name: str) -> dict[str, Any]:
        """Template values for a "subscribe to this calendar" block."""
        return {
            "calendar_path": path,
            "subscription": calendars.subscribe(self.site_url, path, name),
        }

    def feeds(self, folder: str, title: str) -> dict[str, Any]:
        """Template values for a page with feeds of its own (and the embed snippet)."""
        return {"feed_folder": folder, "feed_title": title, "widget_url": self.widget_url}

    @property
    def widget_url(self) -> str:
        """Where other sites load the embeddable widget from."""
        return f"{self.site_url}/theme/js/rencontres-widget.js"

    def structured_data(self, event: Event, occurrence: Occurrence, region: Region) -> str:
        """schema.org Event JSON-LD for the event's page, safe inside a script element."""
        page = f"{self.site_url}/{event.url}" if self.site_url else event.url
        image = f"{self.site_url}/{event.image}" if self.site_url and event.image else None
        currency = "EUR" if region.timezone.startswith("Europe/") else "CAD"
        facts = PageFacts(page, region.name, event.summary or event.title, currency, image)
        return script_json(event_jsonld(event, occurrence, facts))

    def add_event(self, occurrence: Occurrence, region_name: str) -> dict[str, str]:
        """Links that add one occurrence to Google Calendar or Outlook."""
        event = occurrence.event
        place = location_text(event, occurrence.venue, region_name, self.lang)
        page = f"{self.site_url}/{event.url}" if self.site_url else ""
        details = shorten("\n\n".join(p for p in (event.summary, page) if p))
        return {
            "google": google_event(occurrence, details, place),
            "outlook": outlook_event(occurrence, details, place),
        }


@dataclass(frozen=True)
class Limits:
    """How many events a list shows: the home page's next weeks, a list's past events."""

    home: int
    past: int

    def past_of(self, past: list[Occurrence], filter_query: str) -> dict[str, Any]:
        """The most recent past events of a list, and, when there are more, how many and
        where the archive lists them all (filtered to this list's region, series or tag)."""
        more = (len(past), f"archive/?{filter_query}") if len(past) > self.past else None
        return {"past": past[: self.past], "more_past": more}


def plan(agenda: Agenda, limits: Limits, links: Links) -> Iterator[Page]:
    """Every page of the site, in a stable order."""
    yield from _home(agenda, limits.home, links)
    yield from _events(agenda, links)
    yield from _regions(agenda, links, limits)
    yield from _series(agenda, links, limits)
    yield from _tags(agenda, links, limits)
    yield from _archive(agenda)
    yield from _online(agenda, limits)
    yield from _recaps(agenda)
    yield from _months(agenda, links.lang)
    yield Page("404.html", "404")


@dataclass(frozen=True)
class ShownTag:
    """A tag as the tag pages show it: its address, its name, and how many events and
    recaps carry it. Not the ``Tag``, which holds its events: every page's key digests
    what its page is given, and the index of tags would digest every event again."""

    slug: str
    name: str
    count: int

    @classmethod
    def of(cls, tag: Tag) -> ShownTag:
        """What the pages show of a tag."""
        return cls(tag.slug, tag.name, len(tag.events) + len(tag.recaps))


class PathClash(SystemExit):
    """Two pages of the plan share a file: one would silently replace the other."""


def searched_first(planned: list[Page]) -> tuple[list[Page], list[Page]]:
    """The pages search reads, then the others (lists and month grids), in plan order:
    search can index the first while the others are written.

    >>> home, event = Page("index.html", "index"), Page("events/a/index.html", "event")
    >>> first, then = searched_first([home, event])
    >>> [page.save_as for page in first], [page.save_as for page in then]
    (['events/a/index.html'], ['index.html'])
    """
    searched: list[Page] = []
    others: list[Page] = []
    for page in planned:
        (searched if page.save_as.partition("/")[0] in SEARCHED_FOLDERS else others).append(page)
    return searched, others


def refuse_shared_paths(planned: list[Page]) -> None:
    """Stop before writing if two planned pages have one ``save_as``.

    >>> clash = [Page("a/index.html", "event"), Page("a/index.html", "tag")]
    >>> try:
    ...     refuse_shared_paths(clash)
    ... except PathClash as stop:
    ...     print(str(stop)[:62])
    rencontres_events: two pages would be written to 'a/index.html
    """
    seen: dict[str, str] = {}
    for page in planned:
        if page.save_as in seen:
            raise PathClash(
                f"rencontres_events: two pages would be written to {page.save_as!r} "
                f"(templates {seen[page.save_as]!r} and {page.template!r}); rename one of them"
            )
        seen[page.save_as] = page.template


def _home(agenda: Agenda, limit: int, links: Links) -> Iterator[Page]:
    """This week, next week, then the next few events of each area, with entry points."""
    weeks = by_week(agenda.upcoming(), agenda.now)
    soon = weeks.this_week + weeks.next_week
    this_week = weeks.this_week[:limit]
    next_week = weeks.next_week[: limit - len(this_week)]
    overflow = soon[len(this_week) + len(next_week) :]  # shown by area rather than dropped
    later = [
        (slug, found[:HOME_PER_AREA], len(found))
        for slug, found in by_area(overflow + weeks.later, agenda.site.regions)
    ]
    yield Page("index.html", "index", {
        "this_week": this_week,
        "next_week": next_week,
        "later_by_area": later,
        "shown": this_week + next_week + [o for _, found, _ in later for o in found],
        **links.subscribe(calendars.SITE_CALENDAR, links.site_name),
    })  # fmt: skip


def _online(agenda: Agenda, limits: Limits) -> Iterator[Page]:
    """Events one can join from anywhere: the no-JavaScript "online" filter."""
    online = [e for e in agenda.listed if e.is_online]
    upcoming, past = agenda.upcoming_and_past(online)
    yield Page("online/index.html", "online", {
        "upcoming": upcoming,
        **limits.past_of(past, "attendance=online"),
    })  # fmt: skip


def _events(agenda: Agenda, links: Links) -> Iterator[Page]:
    """One page per event, with its next dates, its recaps and its calendar links."""
    recaps = agenda.recaps_by_event()
    for event in agenda.site.events:
        upcoming, past = agenda.own_dates(event)
        yield Page(f"{event.url}index.html", "event", {
            "event": event,
            "upcoming": upcoming,
            "past": past,
            "recaps": recaps.get(event.slug, []),
            "lineage": agenda.lineage(event.region),
            "siblings": _series_siblings(agenda, event),
        }, partial(_event_links, links, agenda, event))  # fmt: skip


def _event_links(links: Links, agenda: Agenda, event: Event) -> dict[str, Any]:
    """An event page's calendar links and structured data: all follow from its dates."""
    dates = agenda.by_event[event.slug]
    upcoming, _ = agenda.own_dates(event)
    region = agenda.site.regions[event.region]
    calendar = links.subscribe(calendars.event_calendar(event), event.title)
    return {
        "add_links": links.add_event((upcoming or dates)[0], region.name),
        "jsonld": links.structured_data(event, agenda.showing(event), region),
        **(calendar if event.is_listed else {}),
    }


def _series_siblings(agenda: Agenda, event: Event) -> list:
    """The next dates of the event's series, other than the event itself."""
    if not event.series:
        return []
    upcoming = agenda.upcoming_by_series().get(event.series, [])
    return list(islice((o for o in upcoming if o.event.slug != event.slug), 5))


def _regions(agenda: Agenda, links: Links, limits: Limits) -> Iterator[Page]:
    """The region tree, and one page per region including its sub-regions' events."""
    members = agenda.events_by_region()
    dates = {slug: agenda.split(found) for slug, found in agenda.dates_by_region().items()}
    counts = {slug: len(upcoming) for slug, (upcoming, _) in dates.items()}
    yield Page(
        "regions/index.html", "regions", {"tree": agenda.site.regions.walk(), "counts": counts}
    )
    for depth_slug in agenda.site.regions.walk():
        slug = depth_slug[1]
        region = agenda.site.regions[slug]
        events = members.get(slug, [])
        upcoming, past = dates.get(slug, ([], []))
        yield Page(f"regions/{slug}/index.html", "region", {
            "region": region,
            "lineage": agenda.lineage(slug),
            "children": agenda.site.regions.children(slug),
            "cities": cities(events),
            "upcoming": upcoming,
            **limits.past_of(past, f"region={slug}"),
            "places": places(upcoming + past, MAP_EVENTS_PER_PLACE),
            "series_here": sorted({e.series for e in events if e.series}),
            "counts": counts,
            **links.subscribe(calendars.region_calendar(slug), agenda.site.regions[slug].name),
            **links.feeds(f"regions/{slug}/", f"{links.site_name} — {region.name}"),
        })  # fmt: skip


def _series(agenda: Agenda, links: Links, limits: Limits) -> Iterator[Page]:
    """The series index, and one page per series with its next dates and history."""
    members = agenda.events_by_series()
    dates = {slug: agenda.split(found) for slug, found in agenda.dates_by_series().items()}
    yield Page("series/index.html", "series_index", {
        "all_series": sorted(agenda.site.series.values(), key=lambda s: sort_key(s.name)),
        "next_dates": {slug: upcoming[:1] for slug, (upcoming, _) in dates.items()},
    })  # fmt: skip
    recaps = agenda.recaps_by_event()
    for series in sorted(agenda.site.series.values(), key=lambda s: s.slug):
        events = members.get(series.slug, [])
        upcoming, past = dates.get(series.slug, ([], []))
        yield Page(f"series/{series.slug}/index.html", "series", {
            "series": series,
            "upcoming": upcoming,
            **limits.past_of(past, f"series={series.slug}"),
            "recaps": [r for e in events for r in recaps.get(e.slug, [])],
            **links.subscribe(calendars.series_calendar(series.slug), series.name),
            **links.feeds(f"series/{series.slug}/", series.name),
        })  # fmt: skip


def _tags(agenda: Agenda, links: Links, limits: Limits) -> Iterator[Page]:
    """The tag index, and one page per tag."""
    tags = agenda.tags()
    yield Page("tags/index.html", "tags", {"tags": [ShownTag.of(tag) for tag in tags]})
    dates = agenda.dates_by_tag()
    for tag in tags:
        upcoming, past = agenda.split(dates.get(tag.slug, []))
        yield Page(f"tags/{tag.slug}/index.html", "tag", {
            "tag": ShownTag.of(tag),
            "recaps": tag.recaps,
            "upcoming": upcoming,
            **limits.past_of(past, f"tags={tag.slug}"),
            **links.subscribe(calendars.tag_calendar(tag.slug), tag.name),
            **links.feeds(f"tags/{tag.slug}/", f"{links.site_name} — {tag.name}"),
        })  # fmt: skip


def _archive(agenda: Agenda) -> Iterator[Page]:
    """Past events by year, most recent first, with links to their recaps."""
    past = agenda.past()
    yield Page("archive/index.html", "archive", {
        "past": past,
        "recaps": agenda.recaps_by_event(),
    }, partial(_by_year, past))  # fmt: skip


def _by_year(past: list[Occurrence]) -> dict[str, Any]:
    """The archive's years: its dates grouped, which its key need not digest again."""
    return {"years": by_year(past)}


def _months(agenda: Agenda, lang: str) -> Iterator[Page]:
    """A month grid per month from the first to the last event, and an index of months."""
    first_weekday = Locale.parse(lang).first_week_day
    grids = months(agenda.occurrences(), first_weekday)
    weekdays = [(first_weekday + n) % 7 for n in range(7)]
    current = agenda.now.date().replace(day=1)
    yield Page("calendar/index.html", "calendar_index", {
        "years": by_year_of_months(grids),
        "current": next((m for m in grids if m.first == current), grids[-1] if grids else None),
    })  # fmt: skip
    for month in grids:
        yield Page(f"{month.path}index.html", "month", {"month": month, "weekdays": weekdays})


def by_year_of_months(grids: list) -> list[tuple[int, list]]:
    """Month grids grouped by year."""
    years: dict[int, list] = {}
    for month in grids:
        years.setdefault(month.first.year, []).append(month)
    return sorted(years.items())


def _recaps(agenda: Agenda) -> Iterator[Page]:
    """One page per recap, showing the event it recaps."""
    events = {e.slug: e for e in agenda.site.events}
    for recap in agenda.site.recaps:
        event = events[recap.event]
        yield Page(f"{recap.url}index.html", "recap", {
            "recap": recap,
            "event": event,
            "occurrence": agenda.by_event[event.slug][0],
        })  # fmt: skip
