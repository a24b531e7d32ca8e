"""Recurrences that calendars would read differently are refused, with a located error;
the ones accepted expand the same way in the site and in the calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from contentkit import event, located

from rencontres.history import Revision
from rencontres.ical import CalendarInfo, EventText, IcalRenderer, IcalSettings
from rencontres.recurrence import occurrences

E = "content/events/"
TORONTO = ZoneInfo("America/Toronto")


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ("recurrence: FREQ=WEEKLY;COUNT=3;UNTIL=20270101\n", "rrule_count_and_until"),
        ("recurrence: FREQ=DAILY;BYHOUR=10,15\n", "rrule_sub_daily"),
        ("recurrence: FREQ=HOURLY\n", "rrule_sub_daily"),
        (
            "recurrence: FREQ=MONTHLY;BYDAY=1TH;COUNT=3\n",
            "start_not_in_rule",
        ),  # 2026-12-02 is a Wednesday
        ("recurrence:\n  rule: FREQ=WEEKLY;COUNT=1\n  except: [2026-12-02]\n", "no_occurrence"),
    ],
)
def test_rules_calendars_would_disagree_on_are_refused(load, extra: str, code: str) -> None:
    _, log = load(events={"a.md": event(start="2026-12-02 18:00", extra=extra)})
    assert [(path, line, field, c) for path, line, field, c in located(log)] == [
        (E + "a.md", 5, "recurrence", code)
    ]


def test_the_start_must_be_the_rules_first_date_and_the_message_says_which(load) -> None:
    _, log = load(
        events={
            "a.md": event(start="2026-12-02 18:00", extra="recurrence: FREQ=MONTHLY;BYDAY=1TH\n")
        }
    )
    assert "2026-12-03 18:00" in str(log.sorted()[0])


@pytest.mark.parametrize(
    ("start", "change"),
    [
        ("2026-12-03 18:00", "{date: 2026-12-10, end: 2026-12-11}"),  # a day, for a timed event
        ("2026-12-03 18:00", "{date: 2026-12-10, start: 2026-12-11}"),
        (
            "2026-12-05",
            "{date: 2026-12-12, start: 2026-12-12 18:00}",
        ),  # a time, for an all-day event
    ],
)
def test_a_change_must_match_the_kind_of_event(load, start: str, change: str) -> None:
    extra = f"recurrence:\n  rule: FREQ=WEEKLY;COUNT=4\n  changes: [{change}]\n"
    site, log = load(events={"a.md": event(start=start, extra=extra)})
    assert [c for *_, c in located(log)] == ["change_kind_mismatch"]
    assert site.events == []


def test_an_exception_wins_over_an_addition_on_the_same_date(load) -> None:
    extra = (
        "recurrence:\n  rule: FREQ=WEEKLY;COUNT=3\n"
        "  except: [2026-12-10]\n  add: [2026-12-10 18:00]\n"
    )
    site, log = load(events={"a.md": event(start="2026-12-03 18:00", extra=extra)})
    assert located(log) == []
    starts = [
        o.start.date().isoformat()
        for o in occurrences(site.events[0], datetime(2027, 1, 1, tzinfo=UTC))
    ]
    assert starts == ["2026-12-03", "2026-12-17"]


def test_every_occurrence_lasts_the_same_real_time_across_a_dst_change(load) -> None:
    # 2026-10-25 00:30 to 03:30 EDT is 3 hours; a week later (EST) the occurrence
    # must also last 3 hours of real time: 00:30 to 03:30 EST again.
    extra = "end: 2026-10-25 03:30\nrecurrence: FREQ=WEEKLY;COUNT=2\n"
    site, log = load(events={"a.md": event(start="2026-10-25 00:30", extra=extra)})
    assert located(log) == []
    found = occurrences(site.events[0], datetime(2027, 1, 1, tzinfo=UTC))
    real = [o.end.astimezone(UTC) - o.start.astimezone(UTC) for o in found]
    assert real == [timedelta(hours=3), timedelta(hours=3)]
    assert found[1].end.isoformat() == "2026-11-01T02:30:00-05:00"  # 3 real hours after 00:30 EDT
    # and an occurrence that spans the change itself (the 2026-11-01 fall back, 00:30-03:30
    # wall clock) is 4 hours of real time: checked on the first occurrence's exact length.
    spanning = "end: 2026-11-01 03:30\nrecurrence: FREQ=WEEKLY;COUNT=2\n"
    site, _ = load(events={"b.md": event(start="2026-11-01 00:30", extra=spanning)})
    (spanner,) = [e for e in site.events if e.start.day == 1]
    first, second = occurrences(spanner, datetime(2027, 1, 1, tzinfo=UTC))
    assert first.end.astimezone(UTC) - first.start.astimezone(UTC) == timedelta(hours=4)
    assert second.end.astimezone(UTC) - second.start.astimezone(UTC) == timedelta(hours=4)


def render(site) -> bytes:
    renderer = IcalRenderer(
        IcalSettings(
            "example.org", timedelta(hours=12), "fr", "https://example.org", "Rencontres", 2026
        ),
        lambda e: Revision(datetime(2026, 11, 1, tzinfo=UTC)),
        lambda e: EventText("", "Montréal"),
        lambda e: occurrences(e, datetime(2027, 12, 31, tzinfo=UTC)),
    )
    return renderer.calendar(CalendarInfo("x", "y"), site.events, "America/Toronto")


def test_a_change_years_ahead_is_published(load) -> None:
    extra = (
        "recurrence:\n  rule: FREQ=MONTHLY;BYDAY=1TH\n"
        "  changes: [{date: 2029-03-01, status: cancelled}]\n"
    )
    site, log = load(events={"a.md": event(extra=extra)})
    assert located(log) == []
    assert b"RECURRENCE-ID;TZID=America/Toronto:20290301T180000" in render(site)


def test_vtimezone_of_an_endless_rule_keeps_giving_the_right_offsets(load) -> None:
    site, _ = load(events={"a.md": event(extra="recurrence: FREQ=MONTHLY;BYDAY=1TH\n")})
    (zone,) = icalendar.Calendar.from_ical(render(site)).walk("VTIMEZONE")
    for year in (2030, 2040, 2055):
        summer = datetime(year, 7, 1, 18).replace(tzinfo=zone.to_tz())
        winter = datetime(year, 12, 1, 18).replace(tzinfo=zone.to_tz())
        assert summer.utcoffset() == timedelta(hours=-4), year
        assert winter.utcoffset() == timedelta(hours=-5), year


def test_an_end_in_the_repeated_hour_is_written_in_utc(load) -> None:
    # 00:30 + the default 2 hours = 06:30 UTC, which is 01:30 EST, an hour that happens twice.
    site, log = load(events={"a.md": event(start="2026-11-01 00:30")})
    assert located(log) == []
    raw = render(site)
    assert b"DTSTART;TZID=America/Toronto:20261101T003000" in raw
    assert b"DTEND:20261101T063000Z" in raw


def test_an_empty_calendar_still_holds_a_component(load) -> None:
    site, _ = load(events={})
    cal = icalendar.Calendar.from_ical(render(site))
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["America/Toronto"]


def test_geo_is_written_without_exponent_and_every_event_has_an_organizer(load) -> None:
    extra = "venue:\n  name: Ici\n  lat: 0.00001\n  lon: -0.0000001\n"
    site, _ = load(events={"a.md": event(extra=extra)})
    raw = render(site)
    assert b"GEO:0.00001;-0" in raw and b"e-0" not in raw
    assert b"ORGANIZER;CN=Rencontres:https://example.org/" in raw
