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

UNTIL_PART = re.compile(r"UNTIL=(\d{8})(?:T(\d{6})(Z?))?")


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
    tz, duration = event.tz, event.duration
    first = event.start.replace(tzinfo=None)
    horizon = until.astimezone(tz).replace(tzinfo=None)
    found = []
    for wall in wall_starts(event.recurrence, first, horizon, tz):
        change = find_change(event.recurrence, wall)
        start, end = wall_times(change, wall, duration, event.all_day)
        original = wall.replace(tzinfo=tz)
        start, end = start.replace(tzinfo=tz), end.replace(tzinfo=tz)
        found.append(Occurrence(event, start, end, original, change))
    return sorted(found, key=lambda o: o.start)


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
    """Naive local start times: the rule's, minus exceptions, plus additions."""
    rule = rrulestr(local_until(recurrence.rule, tz), dtstart=first)
    skipped = [_as_wall(d, first.time()) for d in recurrence.exdates]
    skipped_days = {d for d in recurrence.exdates if not isinstance(d, datetime)}
    starts = {
        wall
        for wall in rule.between(first, horizon, inc=True)
        if wall not in skipped and wall.date() not in skipped_days
    }
    starts.update(_as_wall(d, first.time()) for d in recurrence.rdates)
    return sorted(wall for wall in starts if wall <= horizon)


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
