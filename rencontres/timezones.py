"""Time zones: IANA names, and wall-clock times that exist in them.

Zone data comes from the pinned ``tzdata`` package, never from the machine.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones, reset_tzpath

from rencontres.errors import Invalid

# The machine's zone files would come first; without them ZoneInfo reads the pinned tzdata
# package, so every machine turns the same wall-clock times into the same instants.
reset_tzpath(to=[])
ZoneInfo.clear_cache()


@cache
def zone(name: str) -> ZoneInfo:
    """The zone of an IANA name, or ``Invalid`` with the nearest known name.

    >>> zone("Europe/Paris").key
    'Europe/Paris'
    >>> zone("Europe/Pariss")
    Traceback (most recent call last):
    rencontres.errors.Invalid: unknown_timezone_suggest
    """
    try:
        if "/" in name or name == "UTC":
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass  # unknown, malformed, or a folder of zones such as America/Argentina
    close = difflib.get_close_matches(name, sorted(_known_zones() - {name}), n=1, cutoff=0.6)
    if close:
        raise Invalid("unknown_timezone_suggest", value=name, suggestion=close[0])
    raise Invalid("unknown_timezone", value=name)


@cache
def _known_zones() -> frozenset[str]:
    """Every IANA zone name we accept (Area/City, and UTC), loaded only when a name is wrong."""
    return frozenset(z for z in available_timezones() if "/" in z or z == "UTC")


def localize(wall: datetime, tz: ZoneInfo) -> datetime:
    """Attach a zone to a wall-clock time, refusing times skipped by a DST change.

    An ambiguous time (clocks going back, the same hour twice) is refused too:
    calendar programs do not agree on which of the two instants it means.

    >>> localize(datetime(2027, 3, 14, 18, 0), zone("America/Toronto")).isoformat()
    '2027-03-14T18:00:00-04:00'
    >>> localize(datetime(2027, 3, 14, 2, 30), zone("America/Toronto"))
    Traceback (most recent call last):
    rencontres.errors.Invalid: nonexistent_time
    >>> localize(datetime(2026, 11, 1, 1, 30), zone("America/Toronto"))
    Traceback (most recent call last):
    rencontres.errors.Invalid: ambiguous_time
    """
    aware = wall.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(tz)
    shown = wall.strftime("%Y-%m-%d %H:%M")
    if round_trip.replace(tzinfo=None) != wall:
        raise Invalid("nonexistent_time", value=shown, zone=tz.key)
    if aware.utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset():
        raise Invalid("ambiguous_time", value=shown, zone=tz.key)
    return aware


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC.

    >>> to_utc(localize(datetime(2026, 10, 25, 19, 0), zone("Europe/Paris"))).isoformat()
    '2026-10-25T18:00:00+00:00'
    """
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: when (UTC), from what, to what, and the new zone name."""

    instant: datetime
    offset_before: timedelta
    offset_after: timedelta
    name: str
    is_dst: bool

    @property
    def local_onset(self) -> datetime:
        """The wall-clock time of the change, read in the offset before it (RFC 5545)."""
        return (self.instant + self.offset_before).replace(tzinfo=None)


def transitions(tz: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every offset change between two instants, found from the pinned zone data.

    >>> [t.local_onset.isoformat() for t in transitions(zone("Europe/Paris"),
    ...     datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))]
    ['2027-03-28T02:00:00', '2027-10-31T03:00:00']
    """
    found, day = [], timedelta(days=1)
    moment = start
    while moment < end:
        later = min(moment + day, end)
        if moment.astimezone(tz).utcoffset() != later.astimezone(tz).utcoffset():
            found.append(_transition_between(tz, moment, later))
        moment = later
    return found


def _transition_between(tz: ZoneInfo, before: datetime, after: datetime) -> Transition:
    """Narrow an offset change down to the minute by bisection."""
    low, high = 0, int((after - before).total_seconds() // 60)
    old = before.astimezone(tz).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if (before + timedelta(minutes=middle)).astimezone(tz).utcoffset() == old:
            low = middle
        else:
            high = middle
    instant = before + timedelta(minutes=high)
    local = instant.astimezone(tz)
    return Transition(instant, old, local.utcoffset(), local.tzname(), bool(local.dst()))
