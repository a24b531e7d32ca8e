"""Who appears on which page: upcoming and past occurrences, by region, series and tag.

Every grouping is built in one pass over the events, never one pass per page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from itertools import groupby

from rencontres.loader import Site
from rencontres.model import Event, Occurrence, Recap
from rencontres.recurrence import occurrences
from rencontres.regions import RegionTree, sort_key
from rencontres.slugs import slugify


@dataclass(frozen=True)
class Tag:
    """A tag page: its slug, the name shown, and what carries it."""

    slug: str
    name: str
    events: tuple[Event, ...]
    recaps: tuple[Recap, ...]


@dataclass
class Agenda:
    """The site's occurrences relative to one "now", and the groupings pages need."""

    site: Site
    now: datetime
    horizon: timedelta = timedelta(days=400)
    by_event: dict[str, list[Occurrence]] = field(init=False)

    def __post_init__(self) -> None:
        until = self.now + self.horizon
        self.by_event = {e.slug: occurrences(e, until) for e in self.site.events}
        self.listed = [e for e in self.site.events if e.is_listed]

    def occurrences(self, events: Iterable[Event] | None = None) -> list[Occurrence]:
        """All occurrences of some events (default: every listed one), in time order."""
        if events is None:
            return list(self._listed_in_order)
        chosen = {event.slug for event in events}
        return [o for o in self._in_order if o.event.slug in chosen]

    @cached_property
    def _in_order(self) -> list[Occurrence]:
        """Every occurrence in time order (``sort_key``, which no two share), sorted once
        by numbers: every list pages make keeps this order, so none is sorted again by
        dates in several zones (each comparison of which asks both zones their offset)."""
        every = [o for dates in self.by_event.values() for o in dates]
        every.sort(key=lambda o: (o.start.timestamp(), o.event.slug))  # sort_key, as numbers
        return every

    @cached_property
    def _listed_in_order(self) -> list[Occurrence]:
        """The listed events' occurrences in time order."""
        return [o for o in self._in_order if o.event.is_listed]

    def dates_by_region(self) -> dict[str, list[Occurrence]]:
        """Each region's occurrences with its sub-regions', in time order, by region as in
        ``events_by_region``."""
        return self._grouped_dates[0]

    def dates_by_series(self) -> dict[str, list[Occurrence]]:
        """Each series' occurrences in time order, by series as in ``events_by_series``."""
        return self._grouped_dates[1]

    def dates_by_tag(self) -> dict[str, list[Occurrence]]:
        """Each tag's events' occurrences in time order, by tag slug."""
        return self._grouped_dates[2]

    @cached_property
    def _grouped_dates(self) -> tuple[dict[str, list[Occurrence]], ...]:
        """The occurrences of every region, series and tag, in one pass over them all in
        time order (a list per page, gathered and sorted apart, took five times as long)."""
        lineages = self._lineages
        tagged: dict[str, list[str]] = defaultdict(list)
        for tag in self.tags():
            for event in tag.events:
                tagged[event.slug].append(tag.slug)
        regions, series, tags = defaultdict(list), defaultdict(list), defaultdict(list)
        for occurrence in self._listed_in_order:
            event = occurrence.event
            for region in lineages[event.region]:
                regions[region].append(occurrence)
            if event.series:
                series[event.series].append(occurrence)
            for tag_slug in tagged.get(event.slug, ()):
                tags[tag_slug].append(occurrence)
        by_region = {slug: regions[slug] for slug in self.events_by_region()}
        by_series = {slug: series[slug] for slug in self.events_by_series()}
        return by_region, by_series, dict(tags)

    def split(self, found: list[Occurrence]) -> tuple[list[Occurrence], list[Occurrence]]:
        """A time-ordered list's occurrences not yet ended, soonest first, and those ended,
        the latest first."""
        return self._not_ended(found), self._ended_latest_first(found)

    def showing(self, event: Event) -> Occurrence:
        """The occurrence to talk about: the next one not yet ended, else the last."""
        dates, ended = self.by_event[event.slug], self._ended
        return next((o for o in dates if id(o) not in ended), dates[-1])

    def own_dates(self, event: Event) -> tuple[list[Occurrence], list[Occurrence]]:
        """An event's occurrences not yet ended, then those ended, each in time order."""
        dates, ended = self.by_event[event.slug], self._ended
        return self._not_ended(dates), [o for o in dates if id(o) in ended]

    def last_end(self, event: Event) -> datetime:
        """When the event's last known occurrence ends (recurring: up to the horizon)."""
        return max(o.end for o in self.by_event[event.slug])

    @cached_property
    def _ended(self) -> set[int]:
        """The occurrences over at "now", by id, found once: every list asks of each."""
        return {id(o) for dates in self.by_event.values() for o in dates if o.has_ended(self.now)}

    def upcoming(self, events: Iterable[Event] | None = None) -> list[Occurrence]:
        """Occurrences not yet ended (under way or to come), soonest first."""
        return self._not_ended(self.occurrences(events))

    def past(self, events: Iterable[Event] | None = None) -> list[Occurrence]:
        """Ended occurrences, most recent first."""
        return self._ended_latest_first(self.occurrences(events))

    def upcoming_and_past(
        self, events: Iterable[Event] | None = None
    ) -> tuple[list[Occurrence], list[Occurrence]]:
        """``upcoming`` and ``past`` of the same events, from one sort."""
        return self.split(self.occurrences(events))

    def _not_ended(self, found: list[Occurrence]) -> list[Occurrence]:
        """The occurrences of a time-ordered list that have not ended, in its order."""
        ended = self._ended
        return [o for o in found if id(o) not in ended]

    def _ended_latest_first(self, found: list[Occurrence]) -> list[Occurrence]:
        """The occurrences of a time-ordered list that have ended, the latest first."""
        ended = self._ended
        return [o for o in reversed(found) if id(o) in ended]

    def events_by_region(self) -> dict[str, list[Event]]:
        """Each region's events, including those of its sub-regions (computed once)."""
        return self._group_by_region

    @cached_property
    def _group_by_region(self) -> dict[str, list[Event]]:
        """Each region's events, including those of its sub-regions."""
        members: dict[str, list[Event]] = defaultdict(list)
        lineages = self._lineages
        for event in self.listed:
            for region in lineages[event.region]:
                members[region].append(event)
        return members

    def lineage(self, region: str) -> list[str]:
        """A region's ancestors from the top, then the region itself (from the table the
        groupings share, not walked again for each page)."""
        return self._lineages[region]

    @cached_property
    def _lineages(self) -> dict[str, list[str]]:
        """Each region's ancestors and itself, found once for the groupings by region."""
        return {slug: self.site.regions.lineage(slug) for _, slug in self.site.regions.walk()}

    def events_by_series(self) -> dict[str, list[Event]]:
        """Each series' events (computed once: pages ask for it once per event)."""
        return self._group_by_series

    @cached_property
    def _group_by_series(self) -> dict[str, list[Event]]:
        """Each series' events."""
        members: dict[str, list[Event]] = defaultdict(list)
        for event in self.listed:
            if event.series:
                members[event.series].append(event)
        return members

    def upcoming_by_series(self) -> dict[str, list[Occurrence]]:
        """Each series' occurrences not yet ended (computed once: every member page shows them)."""
        return self._group_upcoming_by_series

    @cached_property
    def _group_upcoming_by_series(self) -> dict[str, list[Occurrence]]:
        """Each series' occurrences not yet ended."""
        return {name: self._not_ended(found) for name, found in self.dates_by_series().items()}

    @cached_property
    def events_by_slug(self) -> dict[str, Event]:
        """Every event by its slug."""
        return {event.slug: event for event in self.site.events}

    def recaps_by_event(self) -> dict[str, list[Recap]]:
        """Each event's recaps, oldest first (computed once)."""
        return self._group_recaps

    @cached_property
    def _group_recaps(self) -> dict[str, list[Recap]]:
        """Each event's recaps, oldest first."""
        return recaps_by_event(self.site.recaps)

    def tags(self) -> list[Tag]:
        """Every tag, by slug (computed once)."""
        return self._group_tags

    @cached_property
    def _group_tags(self) -> list[Tag]:
        """Every tag, by slug."""
        return tags_of(self.site)


def recaps_by_event(recaps: Iterable[Recap]) -> dict[str, list[Recap]]:
    """Each event's recaps, in the order given."""
    found: dict[str, list[Recap]] = defaultdict(list)
    for recap in recaps:
        found[recap.event].append(recap)
    return found


def tags_of(site: Site) -> list[Tag]:
    """Every tag of the listed events and the recaps, by slug; spellings that slugify alike
    share one page, and an item that has two of them is on it once."""
    names: dict[str, str] = {}
    events: dict[str, list[Event]] = defaultdict(list)
    recaps: dict[str, list[Recap]] = defaultdict(list)
    for item in [*(e for e in site.events if e.is_listed), *site.recaps]:
        spellings: dict[str, str] = {}  # the item's first spelling of each tag
        for name in item.tags:
            spellings.setdefault(slugify(name), name)
        for tag_slug, name in spellings.items():
            names.setdefault(tag_slug, name)
            (events if isinstance(item, Event) else recaps)[tag_slug].append(item)
    return [Tag(s, names[s], tuple(events[s]), tuple(recaps[s])) for s in sorted(names) if s]


def by_year(items: list[Occurrence]) -> list[tuple[int, list[Occurrence]]]:
    """Group occurrences (already ordered) by the year they start in."""
    return [(year, list(group)) for year, group in groupby(items, key=lambda o: o.start.year)]


@dataclass(frozen=True)
class Weeks:
    """Upcoming occurrences split as a reader plans: this week, next week, later."""

    this_week: list[Occurrence]
    next_week: list[Occurrence]
    later: list[Occurrence]


def by_week(upcoming: list[Occurrence], now: datetime) -> Weeks:
    """Split occurrences (soonest first) into this week, next week and later.

    A week runs Monday to Sunday, as in French and Québec calendars, and each
    event is placed by the calendar where it happens: Sunday 20:00 in Montréal
    is this week there, even when it is already Monday in Paris.

    >>> from types import SimpleNamespace as O
    >>> from zoneinfo import ZoneInfo
    >>> zone = ZoneInfo("Europe/Paris")
    >>> now = datetime(2026, 11, 21, 12, tzinfo=zone)  # a Saturday
    >>> days = [O(start=datetime(2026, 11, d, 20, tzinfo=zone)) for d in (22, 23, 29, 30)]
    >>> weeks = by_week(days, now)
    >>> [[o.start.day for o in part] for part in (weeks.this_week, weeks.next_week, weeks.later)]
    [[22], [23, 29], [30]]
    """
    parts: tuple[list[Occurrence], ...] = ([], [], [])
    for occurrence in upcoming:
        parts[min(max(weeks_ahead(occurrence.start, now), 0), 2)].append(occurrence)
    return Weeks(*parts)


def weeks_ahead(start: datetime, now: datetime) -> int:
    """How many Monday-to-Sunday weeks from now to ``start``, on the calendar where it happens."""
    today = now.astimezone(start.tzinfo).date()
    return (start.date() - (today - timedelta(days=today.weekday()))).days // 7


def by_area(items: list[Occurrence], regions: RegionTree) -> list[tuple[str, list[Occurrence]]]:
    """Group occurrences under their top region's sub-region (or the top region itself).

    "Montréal" and "Bourgogne" are areas a reader recognises; a whole country is
    too wide and a city too narrow. Areas come in the region index's order.
    """
    groups: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in items:
        lineage = regions.lineage(occurrence.event.region)
        groups[lineage[min(1, len(lineage) - 1)]].append(occurrence)
    return [(slug, groups[slug]) for _, slug in regions.walk() if slug in groups]


@dataclass(frozen=True)
class Choices:
    """What a list of occurrences can be narrowed to: the filters a list page offers."""

    regions: list[tuple[str, str, int]]  # slug, name, depth in the region tree
    series: list[tuple[str, str]]  # slug, name
    tags: list[tuple[str, str]]  # slug, name as first written
    attendance: list[str]  # in-person, online


def choices(items: Iterable[Occurrence], agenda: Agenda) -> Choices:
    """The regions, series, tags and attendance modes that narrow the items down.

    A choice every item has (the page's own region, say) would change nothing,
    so it is not offered.
    """
    site, events = agenda.site, list({o.event.slug: o.event for o in items}.values())
    regions = _narrowing((s for e in events for s in site.regions.lineage(e.region)), len(events))
    series = _narrowing((e.series for e in events if e.series), len(events))
    tags = _narrowing((s for e in events for s in {slugify(t) for t in e.tags}), len(events))
    ways = _narrowing((w for e in events for w in e.ways_to_attend), len(events))
    names = {tag.slug: tag.name for tag in agenda.tags()}
    return Choices(
        [(slug, site.regions[slug].name, depth) for depth, slug in site.regions.walk()
         if slug in regions],
        sorted(((s, site.series[s].name) for s in series), key=lambda item: sort_key(item[1])),
        sorted(((t, names[t]) for t in tags), key=lambda item: sort_key(item[1])),
        [way for way in ("in-person", "online") if way in ways],
    )  # fmt: skip


def _narrowing(keys: Iterable[str], total: int) -> set[str]:
    """The keys some but not all of ``total`` items have: choosing one changes the list."""
    return {key for key, count in Counter(keys).items() if count < total}


def cities(events: Iterable[Event]) -> list[tuple[str, int]]:
    """Cities named by events, with how many events each has, by name."""
    counts: dict[str, int] = defaultdict(int)
    for event in events:
        if event.city:
            counts[event.city] += 1
    return sorted(counts.items(), key=lambda item: sort_key(item[0]))
