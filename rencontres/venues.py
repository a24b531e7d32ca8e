"""Venues on a map: one marker per place with coordinates, and the events held there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rencontres.model import Occurrence, Venue
from rencontres.regions import sort_key


@dataclass(frozen=True)
class Place:
    """A map marker: where it stands, what it is called, and the events held there.

    ``shown`` holds one occurrence per event (the first one given), at most as
    many as the caller keeps; ``more`` counts the other events at the place.
    """

    lat: float
    lon: float
    name: str | None
    address: str | None
    shown: tuple[Occurrence, ...]
    more: int = 0

    @property
    def label(self) -> str:
        """What the marker is called: the venue's name, else its address."""
        return self.name or self.address or ""


def places(occurrences: Iterable[Occurrence], keep: int) -> list[Place]:
    """Group occurrences by their venue's coordinates; places sorted by name, then position.

    Give the occurrences in the order readers want them (upcoming, then past):
    each event counts once, at the venue of its first occurrence given there.

    >>> from datetime import datetime, UTC
    >>> from rencontres.model import Event
    >>> def at(slug, venue):
    ...     moment = datetime(2026, 12, 3, tzinfo=UTC)
    ...     event = Event("", slug, slug, slug, moment, moment, False, "r", venue=venue)
    ...     return Occurrence(event, moment, moment)
    >>> quai = Venue("Quai", lat=45.5, lon=-73.6)
    >>> found = places([at("a", quai), at("b", Venue("Bar")), at("c", quai), at("a", quai)], 1)
    >>> [(p.name, [o.event.slug for o in p.shown], p.more) for p in found]
    [('Quai', ['a'], 1)]
    """
    grouped: dict[tuple[float, float], list[Occurrence]] = {}
    venues: dict[tuple[float, float], Venue] = {}
    seen: set[tuple[tuple[float, float], str]] = set()
    for occurrence in occurrences:
        venue = occurrence.venue
        if venue is None or venue.lat is None or venue.lon is None:
            continue
        key = (venue.lat, venue.lon)
        if (key, occurrence.event.slug) in seen:
            continue
        seen.add((key, occurrence.event.slug))
        venues.setdefault(key, venue)
        grouped.setdefault(key, []).append(occurrence)
    found = [_place(venues[key], members, keep) for key, members in grouped.items()]
    return sorted(found, key=lambda p: (sort_key(p.label), p.lat, p.lon))


def _place(venue: Venue, members: list[Occurrence], keep: int) -> Place:
    """One marker for a venue, keeping its first ``keep`` events."""
    assert venue.lat is not None and venue.lon is not None
    shown = tuple(members[:keep])
    return Place(venue.lat, venue.lon, venue.name, venue.address, shown, len(members) - len(shown))
