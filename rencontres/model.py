"""The content model: regions, series, events and recaps, as plain immutable values."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo


class Status(StrEnum):
    """Whether an event takes place; a cancelled event stays published."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"


class Digested:
    """An event or a recap whose fields, all but its text, are digested once per version
    of its file: the digest is kept in the object, and with it in the cache of loaded
    files, so a rebuild does not write out the ``repr`` of 10,000 events again.

    >>> from dataclasses import replace
    >>> from datetime import datetime, UTC
    >>> start = datetime(2026, 12, 3, 23, tzinfo=UTC)
    >>> event = Event("a.md", "soiree", "soiree", "Soirée", start, start, False, "montreal")
    >>> event.fields_digest == replace(event, body="Texte").fields_digest
    True
    >>> event.fields_digest == replace(event, title="Soirée !").fields_digest
    False
    """

    @cached_property
    def fields_digest(self) -> bytes:
        """The digest of every field but the text, which ``repr`` leaves out: a copy
        given another text (``with_body``) keeps it, and any other change makes a new
        object through ``__init__``, without it."""
        return hashlib.blake2b(repr(self).encode(), digest_size=20).digest()


class Visibility(StrEnum):
    """Who sees an event: everyone, only people with its link, or nobody yet."""

    PUBLIC = "public"
    HIDDEN = "hidden"
    DRAFT = "draft"


@dataclass(frozen=True)
class Venue:
    """Where an event takes place in person."""

    name: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    access: str | None = None  # how to get there: transport, entrance, accessibility

    @property
    def has_coordinates(self) -> bool:
        """Whether the venue can be placed on a map."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Organizer:
    """Who runs an event or a series."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Recurrence:
    """An RFC 5545 rule with skipped (``exdates``) and added (``rdates``) occurrences.

    Dates and times are wall-clock values in the event's own zone.
    """

    rule: str
    exdates: tuple[date | datetime, ...] = ()
    rdates: tuple[date | datetime, ...] = ()
    changes: tuple[OccurrenceChange, ...] = ()


@dataclass(frozen=True)
class OccurrenceChange:
    """One occurrence of a recurring event changed: moved, elsewhere, renamed or cancelled.

    ``original`` names the occurrence by its usual day (or wall-clock start);
    the other values are wall-clock, like the event's own ``start``/``end``.
    """

    original: date | datetime
    start: date | datetime | None = None
    end: date | datetime | time | None = None
    venue: Venue | None = None
    status: Status | None = None
    title: str | None = None


@dataclass(frozen=True)
class Region:
    """A declared region; regions nest through ``parent``."""

    slug: str
    name: str
    timezone: str
    parent: str | None = None
    description: str = ""
    source: str = ""
    line: int = 1
    lat: float | None = None  # the centre and reach of the region, to catch a wrong venue
    lon: float | None = None
    radius_km: int | None = None


@dataclass(frozen=True)
class Series:
    """A named recurring meetup, with its usual organiser and venue."""

    slug: str
    name: str
    region: str
    description: str = ""
    organizer: Organizer | None = None
    venue: Venue | None = None
    source: str = ""
    line: int = 1


@dataclass(frozen=True)
class Event(Digested):
    """One event; ``start``/``end`` are aware datetimes in the event's own zone.

    For an all-day event, ``start`` is midnight of the first day and ``end`` is
    midnight after the last day, so that "has it ended?" is one comparison.
    """

    source: str
    slug: str
    uid: str
    title: str
    start: datetime
    end: datetime
    all_day: bool
    region: str
    city: str | None = None
    venue: Venue | None = None
    online: str | None = None
    series: str | None = None
    tags: tuple[str, ...] = ()
    status: Status = Status.SCHEDULED
    organizer: Organizer | None = None
    registration: str | None = None
    price: str | None = None
    summary: str | None = None
    image: str | None = None
    lang: str = "fr"
    recurrence: Recurrence | None = None
    visibility: Visibility = Visibility.PUBLIC
    body: str = field(default="", repr=False)

    @property
    def is_listed(self) -> bool:
        """Whether the event appears in listings, calendars and feeds."""
        return self.visibility is Visibility.PUBLIC

    @property
    def tz(self) -> ZoneInfo:
        """The event's time zone."""
        return self.start.tzinfo  # type: ignore[return-value]

    @property
    def timezone(self) -> str:
        """The IANA name of the event's zone."""
        return self.tz.key

    @property
    def duration(self) -> timedelta:
        """Wall-clock length, used to place the end of each recurring occurrence."""
        return self.end.replace(tzinfo=None) - self.start.replace(tzinfo=None)

    @property
    def is_online(self) -> bool:
        """Whether people can join online."""
        return self.online is not None

    @property
    def is_in_person(self) -> bool:
        """Whether people can come in person (a venue or a city is given)."""
        return self.venue is not None or self.city is not None

    @property
    def attendance(self) -> str:
        """``offline``, ``online`` or ``mixed``, as schema.org's attendance modes."""
        if self.is_online and self.is_in_person:
            return "mixed"
        return "online" if self.is_online else "offline"

    @property
    def ways_to_attend(self) -> tuple[str, ...]:
        """``in-person``, ``online`` or both: what a reader filtering by attendance asks."""
        ways = ("in-person",) if self.is_in_person or not self.is_online else ()
        return ways + (("online",) if self.is_online else ())

    @property
    def url(self) -> str:
        """Path of the event page, relative to the site root."""
        return f"events/{self.slug}/"


@dataclass(frozen=True)
class Recap(Digested):
    """A write-up of a past event."""

    source: str
    slug: str
    title: str
    date: date
    event: str
    author: str | None = None
    attendees: int | None = None
    photos: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    body: str = field(default="", repr=False)

    @property
    def url(self) -> str:
        """Path of the recap page, relative to the site root."""
        return f"recaps/{self.slug}/"


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of an event (the event itself when it does not recur)."""

    event: Event
    start: datetime
    end: datetime
    original_start: datetime | None = None
    change: OccurrenceChange | None = None

    @property
    def status(self) -> Status:
        """This occurrence's status: its own change, else the event's."""
        return (self.change and self.change.status) or self.event.status

    @property
    def venue(self) -> Venue | None:
        """Where this occurrence takes place."""
        return (self.change and self.change.venue) or self.event.venue

    @property
    def title(self) -> str:
        """This occurrence's title."""
        return (self.change and self.change.title) or self.event.title

    def has_ended(self, now: datetime) -> bool:
        """Past once its end has passed, so an event under way is not past."""
        return self.end <= now

    def is_ongoing(self, now: datetime) -> bool:
        """Started but not yet ended."""
        return self.start <= now < self.end

    @property
    def sort_key(self) -> tuple[datetime, str]:
        """Chronological order of instants, then slug, whatever the zones."""
        return (self.start, self.event.slug)
