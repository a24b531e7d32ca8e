"""Calendar files: which ``.ics`` files the site has, what each holds, and writing them.

The URLs here are public: subscribers' calendar applications poll them for years.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from rencontres.atomicfile import replaced
from rencontres.calendar_links import Subscription, subscription
from rencontres.ical import CalendarInfo, IcalRenderer, ZoneSpan
from rencontres.listings import Agenda
from rencontres.markup import excerpt, plain_text
from rencontres.model import Event
from rencontres_events.outputs import Outputs

SITE_CALENDAR = "calendar.ics"
ZONES_FILE = "rencontres-vtimezones.json"  # in CACHE_PATH


@dataclass(frozen=True)
class CalendarFile:
    """One ``.ics`` file and the events it holds."""

    path: str
    info: CalendarInfo
    events: list[Event]
    zone: str  # the zone it is about, declared even while it has no event
    shared: bool = True  # holds events other files hold too (an event's own file comes last)


def region_calendar(slug: str) -> str:
    """Path of a region's calendar (its sub-regions included)."""
    return f"regions/{slug}/{SITE_CALENDAR}"


def series_calendar(slug: str) -> str:
    """Path of a series' calendar."""
    return f"series/{slug}/{SITE_CALENDAR}"


def tag_calendar(slug: str) -> str:
    """Path of a tag's calendar."""
    return f"tags/{slug}/{SITE_CALENDAR}"


def event_calendar(event: Event) -> str:
    """Path of one event's own calendar file."""
    return f"{event.url}event.ics"


def plan(
    agenda: Agenda, site_name: str, description: str, window_start: datetime, site_zone: str
) -> Iterator[CalendarFile]:
    """Every calendar file: the site, each region, series and tag, and each event."""
    recent = {e.slug for e in agenda.listed if agenda.last_end(e) > window_start}

    def kept(events: list[Event]) -> list[Event]:
        return [e for e in events if e.slug in recent]

    site_info = CalendarInfo(site_name, description)
    yield CalendarFile(SITE_CALENDAR, site_info, kept(agenda.listed), site_zone)
    regions = agenda.events_by_region()
    for _, slug in agenda.site.regions.walk():
        region = agenda.site.regions[slug]
        info = CalendarInfo(
            f"{site_name} — {region.name}", _describe(region.description, region.name)
        )
        yield CalendarFile(
            region_calendar(slug), info, kept(regions.get(slug, [])), region.timezone
        )
    members = agenda.events_by_series()
    for slug, series in sorted(agenda.site.series.items()):
        info = CalendarInfo(series.name, _describe(series.description, series.name))
        zone = agenda.site.regions[series.region].timezone
        yield CalendarFile(series_calendar(slug), info, kept(members.get(slug, [])), zone)
    for tag in agenda.tags():
        info = CalendarInfo(f"{site_name} — {tag.name}", f"{site_name} : {tag.name}")
        yield CalendarFile(tag_calendar(tag.slug), info, kept(list(tag.events)), site_zone)
    for event in agenda.listed:
        info = CalendarInfo(event.title, event.summary or event.title)
        yield CalendarFile(event_calendar(event), info, [event], event.timezone, shared=False)


def _describe(markdown: str, fallback: str) -> str:
    """A one-paragraph description from Markdown text."""
    return excerpt(plain_text(markdown), 40) or fallback


def write(
    renderer: IcalRenderer,
    files: list[CalendarFile],
    outputs: Outputs,
    key_of: Callable[[CalendarFile], str | None],
) -> None:
    """Write every calendar file whose events, dates or history changed since the last build."""
    for item in files:
        produce = partial(renderer.calendar, item.info, item.events, item.zone, item.shared)
        outputs.write(item.path, key_of(item), produce)


def kept_zones(folder: Path | None, build_key: str) -> dict[ZoneSpan, bytes]:
    """The VTIMEZONEs an earlier build made with this code and zone data (the build key
    covers both): making one imports icalendar, a tenth of a rebuild's calendars."""
    if folder is None:
        return {}
    try:
        document = json.loads((folder / ZONES_FILE).read_text(encoding="utf-8"))
        if document["build"] != build_key:
            return {}
        return dict(_zone(*row) for row in document["zones"])
    except (OSError, ValueError, TypeError, KeyError):  # damaged: they are made again
        return {}


def _zone(name: str, first: int, last: int, open_ended: bool, text: str) -> tuple[ZoneSpan, bytes]:
    """One kept VTIMEZONE, its values checked (a value of another type: the file is damaged).

    >>> _zone("Europe/Paris", 2025, 2027, False, None)
    Traceback (most recent call last):
    TypeError: a kept time zone of another shape: ['Europe/Paris', 2025, 2027, False, None]
    """
    row = [name, first, last, open_ended, text]
    if [type(value) for value in row] != [str, int, int, bool, str]:
        raise TypeError(f"a kept time zone of another shape: {row}")
    return (name, first, last, open_ended), text.encode()


def keep_zones(
    folder: Path | None, build_key: str, zones: dict[ZoneSpan, bytes], earlier: set[ZoneSpan]
) -> None:
    """Keep this build's VTIMEZONEs for the next one, when it made new ones; a file that
    cannot be written costs the next build only the time to make them again."""
    if folder is None or zones.keys() <= earlier:
        return
    rows = [[*span, text.decode()] for span, text in sorted(zones.items())]
    with contextlib.suppress(OSError), replaced(folder / ZONES_FILE) as handle:
        json.dump({"build": build_key, "zones": rows}, handle)


def subscribe(site_url: str, path: str, name: str) -> Subscription:
    """Subscribe links for a calendar path; only an absolute SITEURL allows webcal and friends."""
    absolute = site_url.startswith(("http://", "https://"))
    return subscription(f"{site_url}/{path}" if absolute else path, name)
