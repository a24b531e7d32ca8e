"""Recurring events: occurrences stay at the same wall-clock time across DST changes.

Weekdays below were worked out by hand: 2026-10-01 and 2027-04-01 are Thursdays,
2027-01-01 is a Friday, 2027-05-01 a Saturday, 2027-06-01 a Tuesday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from contentkit import event, located

from rencontres.model import Recurrence
from rencontres.recurrence import local_until, occurrences, wall_starts
from rencontres.timezones import zone

TORONTO = zone("America/Toronto")
PARIS = zone("Europe/Paris")
FAR = datetime(2028, 1, 1, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def one_event(load, **kwargs):
    site, log = load(events={"serie.md": event(**kwargs)})
    assert located(log) == []
    (ev,) = site.events
    return ev


def test_first_thursday_stays_at_18h_local_across_fall_back(load):
    ev = one_event(load, start="2026-10-01 18:00", extra="recurrence: FREQ=MONTHLY;BYDAY=1TH\n")
    found = occurrences(ev, datetime(2027, 1, 1, tzinfo=UTC))
    assert [o.start.replace(tzinfo=None) for o in found] == [
        datetime(2026, 10, 1, 18, 0),
        datetime(2026, 11, 5, 18, 0),
        datetime(2026, 12, 3, 18, 0),
    ]
    # EDT (UTC-4) in October, EST (UTC-5) after 2026-11-01.
    assert [o.start.astimezone(UTC) for o in found] == [
        utc(2026, 10, 1, 22, 0),
        utc(2026, 11, 5, 23, 0),
        utc(2026, 12, 3, 23, 0),
    ]
    assert [o.end.replace(tzinfo=None).time() for o in found] == [time(20, 0)] * 3


def test_first_thursday_in_paris_across_spring_forward(load):
    ev = one_event(
        load,
        start="2027-02-04 19:00",
        region="bourgogne",
        extra="end: 22:00\nrecurrence: FREQ=MONTHLY;BYDAY=1TH;COUNT=3\n",
    )
    found = occurrences(ev, FAR)
    assert [o.start.astimezone(UTC) for o in found] == [
        utc(2027, 2, 4, 18, 0),
        utc(2027, 3, 4, 18, 0),
        utc(2027, 4, 1, 17, 0),
    ]
    assert [o.end.astimezone(UTC) for o in found] == [
        utc(2027, 2, 4, 21, 0),
        utc(2027, 3, 4, 21, 0),
        utc(2027, 4, 1, 20, 0),
    ]
    assert all(o.start.tzinfo is PARIS for o in found)


def test_last_friday(load):
    ev = one_event(
        load,
        start="2027-01-29 19:00",
        region="bourgogne",
        extra="recurrence: FREQ=MONTHLY;BYDAY=-1FR\n",
    )
    found = occurrences(ev, utc(2027, 5, 1))
    assert [o.start.date() for o in found] == [
        date(2027, 1, 29),
        date(2027, 2, 26),
        date(2027, 3, 26),
        date(2027, 4, 30),
    ]
    assert [o.start.astimezone(UTC).hour for o in found] == [18, 18, 18, 17]


EXCEPT_ADD = """\
recurrence:
  rule: FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630
  except: [2027-01-07]
  add: [2027-01-14 18:00, 2027-02-20]
"""


def test_except_and_add_dates(load):
    ev = one_event(load, start="2026-12-03 18:00", extra=EXCEPT_ADD)
    assert ev.recurrence == Recurrence(
        "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630",
        exdates=(date(2027, 1, 7),),
        rdates=(datetime(2027, 1, 14, 18, 0), date(2027, 2, 20)),
    )
    found = occurrences(ev, FAR)
    assert [o.start.replace(tzinfo=None) for o in found] == [
        datetime(2026, 12, 3, 18, 0),
        datetime(2027, 1, 14, 18, 0),
        datetime(2027, 2, 4, 18, 0),
        datetime(2027, 2, 20, 18, 0),
        datetime(2027, 3, 4, 18, 0),
        datetime(2027, 4, 1, 18, 0),
        datetime(2027, 5, 6, 18, 0),
        datetime(2027, 6, 3, 18, 0),
    ]
    # 2027-03-04 is before the change (EST), 2027-04-01 after it (EDT).
    assert found[4].start.astimezone(UTC) == utc(2027, 3, 4, 23, 0)
    assert found[5].start.astimezone(UTC) == utc(2027, 4, 1, 22, 0)


def test_except_with_a_time_skips_only_that_time():
    rule = Recurrence(
        "FREQ=WEEKLY;COUNT=3", exdates=(datetime(2027, 1, 14, 18, 0), datetime(2027, 1, 21, 19, 0))
    )
    starts = wall_starts(rule, datetime(2027, 1, 7, 18, 0), datetime(2028, 1, 1), TORONTO)
    assert starts == [datetime(2027, 1, 7, 18, 0), datetime(2027, 1, 21, 18, 0)]


def test_until_as_a_date_includes_that_day(load):
    # 2027-06-30 is a Wednesday: the weekly Wednesday meetup that evening counts.
    ev = one_event(load, start="2027-06-02 18:00", extra="recurrence: FREQ=WEEKLY;UNTIL=20270630\n")
    assert [o.start.date() for o in occurrences(ev, FAR)] == [
        date(2027, 6, 2),
        date(2027, 6, 9),
        date(2027, 6, 16),
        date(2027, 6, 23),
        date(2027, 6, 30),
    ]


def test_until_in_utc_is_read_in_the_events_zone(load):
    # 22:00 UTC on 2027-06-30 is 18:00 in Toronto: the 18:00 meetup is the last one.
    ev = one_event(
        load, start="2027-06-02 18:00", extra="recurrence: FREQ=WEEKLY;UNTIL=20270630T220000Z\n"
    )
    assert occurrences(ev, FAR)[-1].start.replace(tzinfo=None) == datetime(2027, 6, 30, 18, 0)
    ev = one_event(
        load, start="2027-06-02 18:01", extra="recurrence: FREQ=WEEKLY;UNTIL=20270630T220000Z\n"
    )
    assert occurrences(ev, FAR)[-1].start.date() == date(2027, 6, 23)


@pytest.mark.parametrize(
    ("rule", "tz", "expected"),
    [
        ("FREQ=WEEKLY;UNTIL=20270630", PARIS, "FREQ=WEEKLY;UNTIL=20270630T235959"),
        ("FREQ=WEEKLY;UNTIL=20270630T220000Z", PARIS, "FREQ=WEEKLY;UNTIL=20270701T000000"),
        ("FREQ=WEEKLY;UNTIL=20270630T220000Z", TORONTO, "FREQ=WEEKLY;UNTIL=20270630T180000"),
        ("FREQ=WEEKLY;UNTIL=20270630T180000", TORONTO, "FREQ=WEEKLY;UNTIL=20270630T180000"),
        ("FREQ=WEEKLY;COUNT=4", TORONTO, "FREQ=WEEKLY;COUNT=4"),
    ],
)
def test_local_until(rule, tz, expected):
    assert local_until(rule, tz) == expected


def test_occurrences_stop_at_the_horizon(load):
    ev = one_event(load, start="2026-10-01 18:00", extra="recurrence: FREQ=MONTHLY;BYDAY=1TH\n")
    assert len(occurrences(ev, utc(2026, 12, 3, 23, 0))) == 3
    assert len(occurrences(ev, utc(2026, 12, 3, 22, 59))) == 2


def test_a_plain_event_has_one_occurrence(load):
    ev = one_event(load, start="2026-12-03 18:00", extra="end: 21:00\n")
    (only,) = occurrences(ev, utc(2020, 1, 1))
    assert (only.event, only.start, only.end) == (ev, ev.start, ev.end)


def test_recurring_all_day_event(load):
    ev = one_event(
        load,
        start="2027-06-12",
        region="bourgogne",
        extra="end: 2027-06-13\nrecurrence: FREQ=YEARLY;COUNT=2\n",
    )
    found = occurrences(ev, utc(2029, 1, 1))
    assert [(o.start.replace(tzinfo=None), o.end.replace(tzinfo=None)) for o in found] == [
        (datetime(2027, 6, 12), datetime(2027, 6, 14)),
        (datetime(2028, 6, 12), datetime(2028, 6, 14)),
    ]


def test_an_occurrence_in_a_dst_gap_is_an_error(load):
    # Weekly on Sundays at 02:30 from 2027-02-28: 2027-03-14 02:30 does not
    # exist in Toronto (clocks jump from 2:00 to 3:00).
    site, log = load(
        events={"nuit.md": event(start="2027-02-28 02:30", extra="recurrence: FREQ=WEEKLY\n")}
    )
    assert located(log) == [("content/events/nuit.md", 5, "recurrence", "nonexistent_time")]
    assert dict(log.sorted()[0].params) == {"value": "2027-03-14 02:30", "zone": "America/Toronto"}
    assert site.events == []


def test_skipping_the_dst_gap_with_except(load):
    extra = "recurrence:\n  rule: FREQ=WEEKLY;COUNT=4\n  except: [2027-03-14]\n"
    ev = one_event(load, start="2027-02-28 02:30", extra=extra)
    assert [o.start.date() for o in occurrences(ev, FAR)] == [
        date(2027, 2, 28),
        date(2027, 3, 7),
        date(2027, 3, 21),
    ]
