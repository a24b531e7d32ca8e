"""Open data: ``events.json`` documents, versioned and described by a JSON Schema.

The schema is ``rencontres/schemas/events-1.0.schema.json``, published with the
site at ``/schemas/events-1.0.schema.json``; ``docs/open-data.md`` documents it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rencontres.history import Revision
from rencontres.model import Event, Occurrence, Venue

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = f"schemas/events-{SCHEMA_VERSION}.schema.json"
SCHEMA_FILE = Path(__file__).parent / SCHEMA_PATH


@dataclass(frozen=True)
class Scope:
    """What a document covers: the whole site, or one region or series."""

    kind: str  # "site", "region" or "series"
    slug: str | None
    name: str
    url: str


@dataclass(frozen=True)
class Names:
    """Display names the document needs, looked up by slug."""

    region: Callable[[str], str]
    series: Callable[[str], str]


class OpenData:
    """Renders ``events.json`` documents; each event's record is built once."""

    def __init__(
        self,
        site_url: str,
        uid_domain: str,
        names: Names,
        revision_of: Callable[[Event], Revision],
        occurrences_of: Callable[[Event], list[Occurrence]],
    ) -> None:
        self.site_url = site_url
        self.uid_domain = uid_domain
        self.names = names
        self.revision_of = revision_of
        self.occurrences_of = occurrences_of
        self._records: dict[str, dict[str, Any]] = {}

    def url(self, path: str) -> str:
        """An absolute URL for a site-relative path."""
        return f"{self.site_url}/{path}"

    def document(self, scope: Scope, events: Iterable[Event], generated: datetime) -> bytes:
        """The whole JSON document for one scope, keys in a stable order."""
        payload = {
            "$schema": self.url(SCHEMA_PATH),
            "version": SCHEMA_VERSION,
            "generated": generated.isoformat(),
            "scope": {"kind": scope.kind, "slug": scope.slug, "name": scope.name, "url": scope.url},
            "events": [self.record(e) for e in events],
        }
        return json.dumps(payload, ensure_ascii=False, indent=1).encode() + b"\n"

    def record(self, event: Event) -> dict[str, Any]:
        """Every public field of one event."""
        if event.slug not in self._records:
            self._records[event.slug] = self._record(event)
        return self._records[event.slug]

    def _record(self, event: Event) -> dict[str, Any]:
        revision = self.revision_of(event)
        return {
            "id": f"{event.uid}@{self.uid_domain}",
            "slug": event.slug,
            "url": self.url(event.url),
            "calendar": self.url(f"{event.url}event.ics"),
            "title": event.title,
            "summary": event.summary,
            "status": event.status.value,
            "all_day": event.all_day,
            "start": _instant(event.start, event.all_day),
            "end": _instant(event.end, event.all_day, last_day=True),
            "timezone": event.timezone,
            "attendance": event.attendance,
            "region": {
                "slug": event.region,
                "name": self.names.region(event.region),
                "url": self.url(f"regions/{event.region}/"),
            },
            "city": event.city,
            "venue": _venue(event.venue),
            "online": event.online,
            "series": _series(event, self.names, self.url),
            "tags": list(event.tags),
            "organizer": {"name": event.organizer.name, "url": event.organizer.url}
            if event.organizer
            else None,
            "registration": event.registration,
            "price": event.price,
            "image": self.url(event.image) if event.image else None,
            "lang": event.lang,
            "recurrence": _recurrence(event),
            "occurrences": [_occurrence(o) for o in self.occurrences_of(event)],
            "updated": revision.modified.isoformat(),
            "sequence": revision.sequence,
        }


def _instant(moment: datetime, all_day: bool, last_day: bool = False) -> str:
    """ISO 8601 with offset; a whole-day event gives dates, its end being the last day."""
    if not all_day:
        return moment.isoformat()
    day: date = moment.date()
    if last_day:
        day = date.fromordinal(day.toordinal() - 1)
    return day.isoformat()


def _venue(venue: Venue | None) -> dict[str, Any] | None:
    """A venue's public fields."""
    if venue is None:
        return None
    return {"name": venue.name, "address": venue.address, "lat": venue.lat, "lon": venue.lon}


def _series(event: Event, names: Names, url: Callable[[str], str]) -> dict[str, str] | None:
    """The series an event belongs to."""
    if not event.series:
        return None
    return {
        "slug": event.series,
        "name": names.series(event.series),
        "url": url(f"series/{event.series}/"),
    }


def _recurrence(event: Event) -> dict[str, Any] | None:
    """The rule as written, with skipped and added dates."""
    if event.recurrence is None:
        return None
    return {
        "rule": event.recurrence.rule,
        "except": [d.isoformat() for d in event.recurrence.exdates],
        "add": [d.isoformat() for d in event.recurrence.rdates],
    }


def _occurrence(occurrence: Occurrence) -> dict[str, Any]:
    """One dated instance, with what changed for it."""
    all_day = occurrence.event.all_day
    return {
        "start": _instant(occurrence.start, all_day),
        "end": _instant(occurrence.end, all_day, last_day=True),
        "status": occurrence.status.value,
        "title": occurrence.title,
        "venue": _venue(occurrence.venue),
    }
