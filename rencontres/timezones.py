"""Time zones: IANA names, and wall-clock times that exist in them.

Zone data comes from the pinned ``tzdata`` package, never from the machine.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from rencontres.errors import Invalid


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

    An ambiguous time (clocks going back) takes its first, summer-time instant.

    >>> localize(datetime(2027, 3, 14, 18, 0), zone("America/Toronto")).isoformat()
    '2027-03-14T18:00:00-04:00'
    >>> localize(datetime(2027, 3, 14, 2, 30), zone("America/Toronto"))
    Traceback (most recent call last):
    rencontres.errors.Invalid: nonexistent_time
    """
    aware = wall.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != wall:
        raise Invalid("nonexistent_time", value=wall.strftime("%Y-%m-%d %H:%M"), zone=tz.key)
    return aware


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC.

    >>> to_utc(localize(datetime(2026, 10, 25, 19, 0), zone("Europe/Paris"))).isoformat()
    '2026-10-25T18:00:00+00:00'
    """
    return moment.astimezone(UTC)
