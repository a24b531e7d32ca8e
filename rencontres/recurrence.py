"""Expand an event into its occurrences, in wall-clock time of the event's zone.

Rules are expanded on naive local times, then each occurrence gets its zone,
so a meetup at 18:00 stays at 18:00 across daylight-saving changes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from rencontres.model import Event, Occurrence, OccurrenceChange, Recurrence

UNTIL_PART = re.compile(r"UNTIL=(\d{8})(?:T(\d{6}))?(Z?)")


def occurrences(event: Event, until: datetime) -> list[Occurrence]:
    """Every occurrence of an event that starts before ``until``.

    >>> from rencontres.timezones import zone
    >>> tz = zone("America/Toronto")
    >>> ev = Event("a.md", "a", "a", "A", datetime(2026, 10, 1, 18, tzinfo=tz),
    ...            datetime(2026, 10, 1, 20, tzinfo=tz), False, "mtl",
    ...            recurrence=Recurrence("FREQ=MONTHLY;BYDAY=1TH"))
    >>> [o.start.isoformat() for o in occurrences(ev, datetime(2026, 12, 31, tzinfo=tz))]
    ['2026-10-01T18:00:00-04:00', '2026-11-05T18:00:00-05:00', '2026-12-03T18:00:00-05:00']
    """
    if event.recurrence is None:
        return [Occurrence(event, event.start, event.end)]
    tz = event.tz
    first = event.start.replace(tzinfo=None)
    horizon = max(until.astimezone(tz).replace(tzinfo=None), first)
    found = [
        occurrence_at(event, wall) for wall in wall_starts(event.recurrence, first, horizon, tz)
    ]
    return sorted(found, key=lambda o: o.start)


def occurrence_at(event: Event, wall: datetime) -> Occurrence:
    """One occurrence; a timed one lasts the event's exact duration, even across a DST change."""
    assert event.recurrence is not None
    tz = event.tz
    change = find_change(event.recurrence, wall)
    start_wall, end_wall = wall_times(change, wall, event.duration, event.all_day)
    start = start_wall.replace(tzinfo=tz)
    if event.all_day or (change is not None and change.end is not None):
        end = end_wall.replace(tzinfo=tz)
    else:
        exact = event.end.astimezone(UTC) - event.start.astimezone(UTC)
        end = (start.astimezone(UTC) + exact).astimezone(tz)
    return Occurrence(event, start, end, wall.replace(tzinfo=tz), change)


def find_change(recurrence: Recurrence, wall: datetime) -> OccurrenceChange | None:
    """The change made to the occurrence usually starting at ``wall``, if any."""
    for change in recurrence.changes:
        original = change.original
        if isinstance(original, datetime):
            if original == wall:
                return change
        elif original == wall.date():
            return change
    return None


def wall_times(
    change: OccurrenceChange | None, wall: datetime, duration: timedelta, all_day: bool
) -> tuple[datetime, datetime]:
    """Naive start and end of an occurrence, moved if a change says so.

    >>> moved = OccurrenceChange(date(2027, 2, 26), start=datetime(2027, 2, 26, 13), end=time(15))
    >>> wall_times(moved, datetime(2027, 2, 26, 12, 30), timedelta(hours=1), False)
    (datetime.datetime(2027, 2, 26, 13, 0), datetime.datetime(2027, 2, 26, 15, 0))
    """
    if change is None or (change.start is None and change.end is None):
        return wall, wall + duration
    start = _as_wall(change.start, datetime.min.time()) if change.start else wall
    end = change.end
    if end is None:
        return start, start + duration
    if isinstance(end, time):
        return start, datetime.combine(start.date(), end)
    if isinstance(end, datetime) or not all_day:
        return start, end  # type: ignore[return-value]
    after_last_day = end + timedelta(days=1)  # the end of an all-day change is inclusive
    return start, datetime.combine(after_last_day, datetime.min.time())


def wall_starts(
    recurrence: Recurrence, first: datetime, horizon: datetime, tz: ZoneInfo
) -> list[datetime]:
    """Naive local start times: the rule's plus additions, minus exceptions (RFC 5545)."""
    rule = rrulestr(local_until(recurrence.rule, tz), dtstart=first)
    starts = set(rule.between(first, horizon, inc=True))
    starts.update(_as_wall(d, first.time()) for d in recurrence.rdates)
    skipped = {_as_wall(d, first.time()) for d in recurrence.exdates}
    return sorted(wall for wall in starts - skipped if wall <= horizon)


def first_of_rule(recurrence: Recurrence, first: datetime, tz: ZoneInfo) -> datetime | None:
    """The rule's own first date on or after ``first`` (its DTSTART), additions aside."""
    return rrulestr(local_until(recurrence.rule, tz), dtstart=first).after(first, inc=True)


def _as_wall(value: date | datetime, default_time: time) -> datetime:
    """A date at the series' usual time, or a date-time as given."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, default_time)


def local_until(rule: str, tz: ZoneInfo) -> str:
    """Rewrite ``UNTIL`` as a naive local time, inclusive of the whole last day.

    >>> from rencontres.timezones import zone
    >>> local_until("FREQ=WEEKLY;UNTIL=20270630", zone("Europe/Paris"))
    'FREQ=WEEKLY;UNTIL=20270630T235959'
    >>> local_until("FREQ=WEEKLY;UNTIL=20270630T220000Z", zone("Europe/Paris"))
    'FREQ=WEEKLY;UNTIL=20270701T000000'
    """

    def rewrite(found: re.Match[str]) -> str:
        day, clock, utc = found.groups()
        if clock is None:
            return f"UNTIL={day}T235959"
        moment = datetime.strptime(day + clock, "%Y%m%d%H%M%S")
        if utc:
            moment = moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)
        return f"UNTIL={moment:%Y%m%dT%H%M%S}"

    return UNTIL_PART.sub(rewrite, rule)
