"""The page plan: every file the site has, its template, and what the template gets.

URLs here are the public contract: subscribers and links depend on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rencontres.listings import Agenda, by_month, by_year, cities
from rencontres.model import Event
from rencontres.regions import sort_key


@dataclass(frozen=True)
class Page:
    """One file to write."""

    save_as: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The page's address, relative to the site root."""
        return self.save_as.removesuffix("index.html")


def plan(agenda: Agenda, home_limit: int) -> Iterator[Page]:
    """Every page of the site, in a stable order."""
    yield from _home(agenda, home_limit)
    yield from _events(agenda)
    yield from _regions(agenda)
    yield from _series(agenda)
    yield from _tags(agenda)
    yield from _archive(agenda)
    yield from _recaps(agenda)
    yield Page("404.html", "404")


def _home(agenda: Agenda, limit: int) -> Iterator[Page]:
    """Upcoming events by month, soonest first, with entry points."""
    upcoming = agenda.upcoming()
    yield Page("index.html", "index", {
        "months": by_month(upcoming[:limit]),
        "more_upcoming": max(0, len(upcoming) - limit),
        "ongoing": [o for o in upcoming if o.is_ongoing(agenda.now)],
    })  # fmt: skip


def _events(agenda: Agenda) -> Iterator[Page]:
    """One page per event, with its next dates and its recaps."""
    recaps = agenda.recaps_by_event()
    for event in agenda.site.events:
        dates = agenda.by_event[event.slug]
        yield Page(f"{event.url}index.html", "event", {
            "event": event,
            "upcoming": [o for o in dates if not o.has_ended(agenda.now)],
            "past": [o for o in dates if o.has_ended(agenda.now)],
            "recaps": recaps.get(event.slug, []),
            "lineage": agenda.site.regions.lineage(event.region),
            "siblings": _series_siblings(agenda, event),
        })  # fmt: skip


def _series_siblings(agenda: Agenda, event: Event) -> list:
    """The next dates of the event's series, other than the event itself."""
    if not event.series:
        return []
    members = agenda.events_by_series().get(event.series, [])
    return [o for o in agenda.upcoming(members) if o.event.slug != event.slug][:5]


def _regions(agenda: Agenda) -> Iterator[Page]:
    """The region tree, and one page per region including its sub-regions' events."""
    members = agenda.events_by_region()
    counts = {slug: len(agenda.upcoming(events)) for slug, events in members.items()}
    yield Page(
        "regions/index.html", "regions", {"tree": agenda.site.regions.walk(), "counts": counts}
    )
    for depth_slug in agenda.site.regions.walk():
        slug = depth_slug[1]
        events = members.get(slug, [])
        yield Page(f"regions/{slug}/index.html", "region", {
            "region": agenda.site.regions[slug],
            "lineage": agenda.site.regions.lineage(slug),
            "children": agenda.site.regions.children(slug),
            "cities": cities(events),
            "upcoming": agenda.upcoming(events),
            "past": agenda.past(events),
            "series_here": sorted({e.series for e in events if e.series}),
            "counts": counts,
        })  # fmt: skip


def _series(agenda: Agenda) -> Iterator[Page]:
    """The series index, and one page per series with its next dates and history."""
    members = agenda.events_by_series()
    yield Page("series/index.html", "series_index", {
        "all_series": sorted(agenda.site.series.values(), key=lambda s: sort_key(s.name)),
        "next_dates": {slug: agenda.upcoming(events)[:1] for slug, events in members.items()},
    })  # fmt: skip
    recaps = agenda.recaps_by_event()
    for series in sorted(agenda.site.series.values(), key=lambda s: s.slug):
        events = members.get(series.slug, [])
        yield Page(f"series/{series.slug}/index.html", "series", {
            "series": series,
            "upcoming": agenda.upcoming(events),
            "past": agenda.past(events),
            "recaps": [r for e in events for r in recaps.get(e.slug, [])],
        })  # fmt: skip


def _tags(agenda: Agenda) -> Iterator[Page]:
    """The tag index, and one page per tag."""
    tags = agenda.tags()
    yield Page("tags/index.html", "tags", {"tags": tags})
    for tag in tags:
        yield Page(f"tags/{tag.slug}/index.html", "tag", {
            "tag": tag,
            "upcoming": agenda.upcoming(tag.events),
            "past": agenda.past(tag.events),
        })  # fmt: skip


def _archive(agenda: Agenda) -> Iterator[Page]:
    """Past events by year, most recent first, with links to their recaps."""
    yield Page("archive/index.html", "archive", {
        "years": by_year(agenda.past()),
        "recaps": agenda.recaps_by_event(),
    })  # fmt: skip


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
