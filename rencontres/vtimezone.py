"""VTIMEZONE components every calendar program reads the same way.

One observance per real offset change, each with a single DTSTART written in
the local time before the change (RFC 5545 §3.6.5). Multi-valued RDATE lists
are avoided: Thunderbird's parser reads only their first value. For a rule that
never ends, the last two observances carry a yearly RRULE, used only when it is
checked to reproduce the zone's next thirty years of changes.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from rencontres.timezones import Transition, transitions, zone

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CHECKED_YEARS = 30


def vtimezone(
    name: str, first_year: int, last_year: int, open_ended: bool = False
) -> icalendar.Timezone:
    """A VTIMEZONE covering ``first_year`` to ``last_year``, or for ever when ``open_ended``.

    >>> text = vtimezone("Europe/Paris", 2026, 2027, open_ended=True).to_ical().decode()
    >>> "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    True
    >>> "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    True
    """
    tz = zone(name)
    start = datetime(first_year, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    changes = transitions(tz, start, end)
    rules: dict[int, str] = {}
    if open_ended:
        rules = _yearly_rules(tz, changes, last_year)
        if not rules:  # an irregular zone: spell out the next thirty years instead
            changes = transitions(tz, start, end.replace(year=last_year + 1 + CHECKED_YEARS))
    first = start.astimezone(tz)
    opening = Transition(start, first.utcoffset(), first.utcoffset(), first.tzname(), False)
    component = icalendar.Timezone()
    component.add("tzid", name)
    for index, change in enumerate([opening, *changes]):
        component.add_component(
            _observance(change, rules.get(index - 1), _is_daylight(change, changes))
        )
    return component


def _observance(change: Transition, rule: str | None, daylight: bool) -> icalendar.Component:
    """One STANDARD or DAYLIGHT observance."""
    observance = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
    observance.add("dtstart", change.local_onset)
    if rule:
        observance.add("rrule", icalendar.vRecur.from_ical(rule))
    observance.add("tzoffsetfrom", change.offset_before)
    observance.add("tzoffsetto", change.offset_after)
    observance.add("tzname", change.name)
    return observance


def _is_daylight(change: Transition, changes: list[Transition]) -> bool:
    """DAYLIGHT is the larger of the two offsets a zone alternates between.

    Decided by offsets, not by tzdata's DST flag, which is negative for some
    zones (Europe/Dublin's winter is its "DST").
    """
    if change.offset_before != change.offset_after:
        return change.offset_after > change.offset_before
    other = next((c.offset_after for c in changes if c.offset_after != change.offset_after), None)
    return other is not None and change.offset_after > other


def _yearly_rules(tz: ZoneInfo, changes: list[Transition], last_year: int) -> dict[int, str]:
    """Yearly RRULEs for the last year's changes, kept only if they reproduce the next
    thirty years of the zone's real changes; empty for an irregular zone."""
    last = [i for i, c in enumerate(changes) if c.local_onset.year == last_year]
    if not last:
        return {}
    begin = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    stop = begin.replace(year=last_year + 1 + CHECKED_YEARS)
    real = [c.local_onset for c in transitions(tz, begin, stop)]
    rules = {i: _rule_for(changes[i].local_onset) for i in last}
    window = (begin.replace(tzinfo=None), stop.replace(tzinfo=None))
    produced = sorted(
        onset
        for i, rule in rules.items()
        for onset in rrulestr(rule, dtstart=changes[i].local_onset).between(*window, inc=True)
    )
    return rules if produced == real else {}


def _rule_for(onset: datetime) -> str:
    """``FREQ=YEARLY;BYMONTH=m;BYDAY=nDD`` for the weekday of the month an onset falls on.

    >>> _rule_for(datetime(2027, 3, 28, 2)), _rule_for(datetime(2027, 3, 14, 2))
    ('FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', 'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU')
    """
    days_in_month = calendar.monthrange(onset.year, onset.month)[1]
    nth = -1 if onset.day + 7 > days_in_month else (onset.day - 1) // 7 + 1
    return f"FREQ=YEARLY;BYMONTH={onset.month};BYDAY={nth}{WEEKDAYS[onset.weekday()]}"
