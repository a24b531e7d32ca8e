"""Wall-clock times on daylight-saving days, in America/Toronto and Europe/Paris.

Every expected UTC instant below is worked out by hand from the rules:
Toronto is UTC-5 (EST) in winter and UTC-4 (EDT) in summer, and changes at
2:00 local on 2026-03-08 (to 3:00) and 2026-11-01 (back to 1:00); Paris is
UTC+1 (CET) in winter and UTC+2 (CEST) in summer, and changes at 2:00 local on
2026-03-29 (to 3:00) and 3:00 local on 2026-10-25 (back to 2:00).
"""

from __future__ import annotations

import importlib.resources
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from contentkit import event, located

from rencontres.errors import Invalid
from rencontres.timezones import localize, to_utc, zone

TORONTO = zone("America/Toronto")
PARIS = zone("Europe/Paris")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


CASES = [
    # Toronto, spring forward on 2026-03-08
    ("montreal", "2026-03-07 18:00", utc(2026, 3, 7, 23, 0)),
    ("montreal", "2026-03-08 01:30", utc(2026, 3, 8, 6, 30)),
    ("montreal", "2026-03-08 03:30", utc(2026, 3, 8, 7, 30)),
    ("montreal", "2026-03-08 18:00", utc(2026, 3, 8, 22, 0)),
    ("montreal", "2026-03-09 18:00", utc(2026, 3, 9, 22, 0)),
    # Toronto, fall back on 2026-11-01 (01:00-01:59 happens twice: refused, see below)
    ("montreal", "2026-10-31 18:00", utc(2026, 10, 31, 22, 0)),
    ("montreal", "2026-11-01 00:30", utc(2026, 11, 1, 4, 30)),
    ("montreal", "2026-11-01 02:30", utc(2026, 11, 1, 7, 30)),
    ("montreal", "2026-11-01 18:00", utc(2026, 11, 1, 23, 0)),
    ("montreal", "2026-11-02 18:00", utc(2026, 11, 2, 23, 0)),
    # Paris, spring forward on 2026-03-29
    ("bourgogne", "2026-03-28 19:00", utc(2026, 3, 28, 18, 0)),
    ("bourgogne", "2026-03-29 01:30", utc(2026, 3, 29, 0, 30)),
    ("bourgogne", "2026-03-29 03:30", utc(2026, 3, 29, 1, 30)),
    ("bourgogne", "2026-03-29 19:00", utc(2026, 3, 29, 17, 0)),
    ("bourgogne", "2026-03-30 19:00", utc(2026, 3, 30, 17, 0)),
    # Paris, fall back on 2026-10-25 (02:00-02:59 happens twice: refused, see below)
    ("bourgogne", "2026-10-24 19:00", utc(2026, 10, 24, 17, 0)),
    ("bourgogne", "2026-10-25 01:30", utc(2026, 10, 24, 23, 30)),
    ("bourgogne", "2026-10-25 03:30", utc(2026, 10, 25, 2, 30)),
    ("bourgogne", "2026-10-25 19:00", utc(2026, 10, 25, 18, 0)),
    ("bourgogne", "2026-10-26 19:00", utc(2026, 10, 26, 18, 0)),
]


@pytest.mark.parametrize(("region", "start", "instant"), CASES)
def test_wall_clock_start_to_utc(load, region, start, instant):
    site, log = load(events={"a.md": event(start=start, region=region)})
    assert located(log) == []
    (ev,) = site.events
    assert ev.start.astimezone(UTC) == instant
    assert ev.start.replace(tzinfo=None) == datetime.strptime(start, "%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("wall", "tz"),
    [
        (datetime(2026, 3, 8, 2, 0), TORONTO),
        (datetime(2026, 3, 8, 2, 59), TORONTO),
        (datetime(2027, 3, 14, 2, 30), TORONTO),
        (datetime(2026, 3, 29, 2, 30), PARIS),
        (datetime(2027, 3, 28, 2, 30), PARIS),
    ],
)
def test_skipped_times_do_not_exist(wall, tz):
    with pytest.raises(Invalid) as caught:
        localize(wall, tz)
    assert caught.value.code == "nonexistent_time"
    assert caught.value.params == {"value": wall.strftime("%Y-%m-%d %H:%M"), "zone": tz.key}


@pytest.mark.parametrize(
    ("wall", "tz"),
    [
        (datetime(2026, 11, 1, 1, 0), TORONTO),
        (datetime(2026, 11, 1, 1, 30), TORONTO),
        (datetime(2026, 10, 25, 2, 30), PARIS),
        (datetime(2027, 10, 31, 2, 59), PARIS),
    ],
)
def test_repeated_times_are_refused_as_ambiguous(wall, tz):
    with pytest.raises(Invalid) as caught:
        localize(wall, tz)
    assert caught.value.code == "ambiguous_time"


def test_the_minutes_around_a_repeated_hour_are_accepted():
    assert to_utc(localize(datetime(2026, 11, 1, 0, 59), TORONTO)) == utc(2026, 11, 1, 4, 59)
    assert to_utc(localize(datetime(2026, 11, 1, 2, 0), TORONTO)) == utc(2026, 11, 1, 7, 0)
    assert to_utc(localize(datetime(2026, 10, 25, 3, 0), PARIS)) == utc(2026, 10, 25, 2, 0)


def test_the_minutes_around_a_skipped_hour_exist():
    assert to_utc(localize(datetime(2026, 3, 8, 1, 59), TORONTO)) == utc(2026, 3, 8, 6, 59)
    assert to_utc(localize(datetime(2026, 3, 8, 3, 0), TORONTO)) == utc(2026, 3, 8, 7, 0)
    assert to_utc(localize(datetime(2026, 3, 29, 3, 0), PARIS)) == utc(2026, 3, 29, 1, 0)


def test_to_utc():
    assert to_utc(localize(datetime(2026, 10, 25, 19, 0), PARIS)) == utc(2026, 10, 25, 18, 0)
    assert to_utc(localize(datetime(2026, 7, 1, 12, 0), PARIS)).utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("region", "start", "start_utc", "end_utc", "end_wall"),
    [
        # 01:30 EST + 2 h of real time = 08:30 UTC = 04:30 EDT
        (
            "montreal",
            "2026-03-08 01:30",
            utc(2026, 3, 8, 6, 30),
            utc(2026, 3, 8, 8, 30),
            datetime(2026, 3, 8, 4, 30),
        ),
        # 00:30 EDT + 2 h = 06:30 UTC = 01:30 EST (the second 01:30)
        (
            "montreal",
            "2026-11-01 00:30",
            utc(2026, 11, 1, 4, 30),
            utc(2026, 11, 1, 6, 30),
            datetime(2026, 11, 1, 1, 30),
        ),
        # 01:30 CET + 2 h = 02:30 UTC = 04:30 CEST
        (
            "bourgogne",
            "2026-03-29 01:30",
            utc(2026, 3, 29, 0, 30),
            utc(2026, 3, 29, 2, 30),
            datetime(2026, 3, 29, 4, 30),
        ),
        # 01:30 CEST + 2 h = 01:30 UTC = 02:30 CET (the second 02:30)
        (
            "bourgogne",
            "2026-10-25 01:30",
            utc(2026, 10, 24, 23, 30),
            utc(2026, 10, 25, 1, 30),
            datetime(2026, 10, 25, 2, 30),
        ),
    ],
)
def test_default_duration_is_two_real_hours_across_the_change(
    load, region, start, start_utc, end_utc, end_wall
):
    site, log = load(events={"a.md": event(start=start, region=region)})
    assert located(log) == []
    (ev,) = site.events
    assert ev.start.astimezone(UTC) == start_utc
    assert ev.end.astimezone(UTC) == end_utc
    assert ev.end.replace(tzinfo=None, fold=0) == end_wall


def test_default_duration_setting(write_site):
    from rencontres.loader import load_site

    site, _ = load_site(
        write_site(events={"a.md": event(start="2026-12-03 18:00")}), timedelta(minutes=90)
    )
    assert site.events[0].end.replace(tzinfo=None) == datetime(2026, 12, 3, 19, 30)


def test_explicit_end_across_the_change_is_wall_clock(load):
    # 00:30 to 04:00 on 2026-03-08 in Toronto: 05:30 UTC to 08:00 UTC.
    site, _ = load(events={"a.md": event(start="2026-03-08 00:30", extra="end: 04:00\n")})
    (ev,) = site.events
    assert (ev.start.astimezone(UTC), ev.end.astimezone(UTC)) == (
        utc(2026, 3, 8, 5, 30),
        utc(2026, 3, 8, 8, 0),
    )


@pytest.mark.parametrize(
    ("region", "start_utc", "end_utc"),
    [
        ("montreal", utc(2027, 5, 15, 4, 0), utc(2027, 5, 17, 4, 0)),
        ("bourgogne", utc(2027, 5, 14, 22, 0), utc(2027, 5, 16, 22, 0)),
    ],
)
def test_all_day_multi_day_event_spans_to_midnight_after_the_last_day(
    load, region, start_utc, end_utc
):
    site, log = load(
        events={"camp.md": event(start="2027-05-15", region=region, extra="end: 2027-05-16\n")}
    )
    assert located(log) == []
    (ev,) = site.events
    assert ev.all_day is True
    assert ev.start.replace(tzinfo=None) == datetime(2027, 5, 15, 0, 0)
    assert ev.end.replace(tzinfo=None) == datetime(2027, 5, 17, 0, 0)
    assert (ev.start.astimezone(UTC), ev.end.astimezone(UTC)) == (start_utc, end_utc)


def test_single_all_day_event_without_end(load):
    site, _ = load(events={"jour.md": event(start="2027-06-12", region="bourgogne")})
    (ev,) = site.events
    assert ev.all_day
    # Midnight CEST is 22:00 UTC the day before.
    assert (ev.start.astimezone(UTC), ev.end.astimezone(UTC)) == (
        utc(2027, 6, 11, 22, 0),
        utc(2027, 6, 12, 22, 0),
    )


def test_all_day_event_across_the_change_is_47_real_hours(load):
    # Paris, Saturday 2026-03-28 to Sunday 2026-03-29: from midnight CET
    # (23:00 UTC) to midnight CEST after the Sunday (22:00 UTC).
    site, _ = load(
        events={"camp.md": event(start="2026-03-28", region="bourgogne", extra="end: 2026-03-29\n")}
    )
    (ev,) = site.events
    assert ev.start.astimezone(UTC) == utc(2026, 3, 27, 23, 0)
    assert ev.end.astimezone(UTC) == utc(2026, 3, 29, 22, 0)
    assert ev.end.astimezone(UTC) - ev.start.astimezone(UTC) == timedelta(hours=47)


def test_an_event_keeps_its_own_zone_when_it_differs_from_its_region(load):
    site, log = load(
        events={
            "paris.md": event(
                start="2027-06-12 10:00",
                region="montreal",
                extra="timezone: Europe/Paris\nend: 12:00\n",
            )
        }
    )
    assert located(log) == []
    (ev,) = site.events
    assert ev.region == "montreal"
    assert ev.timezone == "Europe/Paris"
    assert ev.start.replace(tzinfo=None) == datetime(2027, 6, 12, 10, 0)
    assert ev.start.astimezone(UTC) == utc(2027, 6, 12, 8, 0)
    assert ev.end.astimezone(UTC) == utc(2027, 6, 12, 10, 0)


def test_an_event_without_timezone_takes_its_regions(load):
    site, _ = load(events={"a.md": event(start="2027-06-12 10:00", region="montreal")})
    assert site.events[0].timezone == "America/Toronto"
    assert site.events[0].start.astimezone(UTC) == utc(2027, 6, 12, 14, 0)


@pytest.mark.parametrize("name", ["EST", "CET", "GMT"])
def test_zone_suggestion_is_never_the_refused_name_itself(name):
    # "EST", "CET" and "GMT" are names in the zone data: refusing one with
    # "did you mean 'EST'?" tells the contributor nothing.
    try:
        found = zone(name)
    except Invalid as exc:
        assert exc.params.get("suggestion") != name
    else:
        assert found.key == name


def test_zones_come_from_the_pinned_tzdata_package_not_the_machine() -> None:
    """The machine's zone files would be read first; they are left out of the search path."""
    assert zoneinfo.TZPATH == ()
    packaged = importlib.resources.files("tzdata.zoneinfo") / "Europe" / "Paris"
    with packaged.open("rb") as handle:
        paris = zoneinfo.ZoneInfo.from_file(handle)
    for month in range(1, 13):
        moment = datetime(2031, month, 15, 12, tzinfo=UTC)
        assert (
            moment.astimezone(zone("Europe/Paris")).utcoffset()
            == moment.astimezone(paris).utcoffset()
        )
