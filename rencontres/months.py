"""Month views: weeks of days, each day with the occurrences that touch it.

A multi-day event appears on each of its days, in its own wall-clock days.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from rencontres.model import Occurrence


@dataclass(frozen=True)
class Day:
    """One cell of a month grid."""

    day: date
    in_month: bool
    occurrences: tuple[Occurrence, ...] = ()

    def continues(self, occurrence: Occurrence) -> bool:
        """Whether the occurrence started on an earlier day (shown as "continued")."""
        return occurrence.start.date() < self.day


@dataclass(frozen=True)
class Month:
    """A month grid with links to the neighbouring months."""

    first: date
    weeks: tuple[tuple[Day, ...], ...]
    previous: date | None
    next: date | None

    @property
    def path(self) -> str:
        """The month's address: ``calendar/2026/12/``."""
        return month_path(self.first)


def month_path(first: date) -> str:
    """``calendar/<yyyy>/<mm>/`` for a month."""
    return f"calendar/{first:%Y}/{first:%m}/"


def days_of(occurrence: Occurrence) -> list[date]:
    """The wall-clock days an occurrence covers (its end is exclusive).

    >>> from datetime import datetime
    >>> from rencontres.model import Event
    >>> from rencontres.timezones import zone
    >>> tz = zone("Europe/Paris")
    >>> ev = Event("a.md", "a", "a", "Camp", datetime(2027, 5, 15, tzinfo=tz),
    ...            datetime(2027, 5, 17, tzinfo=tz), True, "paris")
    >>> days_of(Occurrence(ev, ev.start, ev.end))
    [datetime.date(2027, 5, 15), datetime.date(2027, 5, 16)]
    """
    last = (occurrence.end - timedelta(microseconds=1)).date()
    first = occurrence.start.date()
    return [first + timedelta(days=n) for n in range(max(0, (last - first).days) + 1)]


def months(occurrences: list[Occurrence], first_weekday: int = 0) -> list[Month]:
    """Every month from the first to the last one with an occurrence, in order."""
    by_day: dict[date, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        for day in days_of(occurrence):
            by_day[day].append(occurrence)
    if not by_day:
        return []
    firsts = _month_starts(min(by_day), max(by_day))
    return [
        Month(
            first,
            _weeks(first, by_day, first_weekday),
            firsts[i - 1] if i else None,
            firsts[i + 1] if i + 1 < len(firsts) else None,
        )
        for i, first in enumerate(firsts)
    ]


def _month_starts(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s."""
    starts, current = [], first.replace(day=1)
    while current <= last:
        starts.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return starts


def _weeks(first: date, by_day: dict[date, list[Occurrence]], first_weekday: int) -> tuple:
    """Whole weeks covering the month, starting on ``first_weekday`` (0 = Monday)."""
    start = first - timedelta(days=(first.weekday() - first_weekday) % 7)
    next_month = (first + timedelta(days=32)).replace(day=1)
    weeks = []
    while start < next_month:
        week = [start + timedelta(days=n) for n in range(7)]
        weeks.append(tuple(Day(d, d.month == first.month, tuple(by_day.get(d, ()))) for d in week))
        start += timedelta(days=7)
    return tuple(weeks)
