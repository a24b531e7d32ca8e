"""The iCalendar renderer on its own: escaping, injection, time zones, rules, links."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
from ical.calendar_stream import IcsCalendarStream

from rencontres.calendar_links import outlook_event, subscription
from rencontres.history import Revision
from rencontres.ical import CalendarInfo, EventText, IcalRenderer, IcalSettings, ical_rule
from rencontres.model import Event, Occurrence, Recurrence, Venue
from rencontres.months import days_of, months
from rencontres.recurrence import occurrences

PARIS = ZoneInfo("Europe/Paris")
HOSTILE = "Soirée\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pirate, ; \\ fin"


def event(**changes) -> Event:
    values = {
        "source": "a.md", "slug": "a", "uid": "a", "title": "Soirée",
        "start": datetime(2026, 12, 3, 18, tzinfo=PARIS),
        "end": datetime(2026, 12, 3, 20, tzinfo=PARIS),
        "all_day": False, "region": "paris",
    }  # fmt: skip
    return Event(**{**values, **changes})


def render(*events: Event, description: str = "Texte.") -> bytes:
    renderer = IcalRenderer(
        IcalSettings("example.org", timedelta(hours=6), "fr", "https://example.org/site"),
        lambda e: Revision(datetime(2026, 11, 1, tzinfo=UTC), 3),
        lambda e: EventText(description, "Paris"),
        lambda e: occurrences(e, datetime(2050, 1, 1, tzinfo=UTC)),
    )
    return renderer.calendar(CalendarInfo("Nom, avec ; virgule", "Desc"), events, "Europe/Paris")


def test_contributor_text_cannot_inject_properties_or_components() -> None:
    raw = render(event(title=HOSTILE, summary=HOSTILE), description=HOSTILE)
    parsed = icalendar.Calendar.from_ical(raw)
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == HOSTILE.replace("\r\n", "\n")  # a line break, escaped
    assert HOSTILE.replace("\r\n", "\n") in str(vevent["DESCRIPTION"])
    assert len(IcsCalendarStream.calendar_from_ics(raw.decode()).events) == 1
    assert raw.count(b"\r\nBEGIN:VEVENT\r\n") == 1
    assert (
        b"SUMMARY:Soir\xc3\xa9e\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:pirate\\, \\; \\\\ fin"
        in raw.replace(b"\r\n ", b"")
    )


def test_calendar_name_and_description_are_escaped_too() -> None:
    raw = render(event())
    assert b"\r\nNAME:Nom\\, avec \\; virgule\r\n" in raw
    assert b"\r\nX-WR-CALNAME:Nom\\, avec \\; virgule\r\n" in raw


def test_vtimezone_covers_dates_after_2038() -> None:
    far = event(
        start=datetime(2045, 7, 1, 18, tzinfo=PARIS), end=datetime(2045, 7, 1, 20, tzinfo=PARIS)
    )
    (zone,) = icalendar.Calendar.from_ical(render(far)).walk("VTIMEZONE")
    summer = datetime(2045, 7, 1, 18).replace(tzinfo=zone.to_tz())
    winter = datetime(2045, 1, 10, 18).replace(tzinfo=zone.to_tz())
    assert summer.utcoffset() == timedelta(hours=2)
    assert winter.utcoffset() == timedelta(hours=1)


def test_an_all_day_rule_keeps_a_date_until_and_a_timed_rule_gets_utc() -> None:
    whole_day = event(
        start=datetime(2027, 1, 2, tzinfo=PARIS),
        end=datetime(2027, 1, 3, tzinfo=PARIS),
        all_day=True,
        recurrence=Recurrence("FREQ=MONTHLY;UNTIL=20270630"),
    )  # fmt: skip
    assert ical_rule(whole_day) == "FREQ=MONTHLY;UNTIL=20270630"
    timed = event(recurrence=Recurrence("FREQ=WEEKLY;UNTIL=20261231T180000"))
    assert ical_rule(timed) == "FREQ=WEEKLY;UNTIL=20261231T170000Z"


def test_all_day_exceptions_are_dates() -> None:
    whole_day = event(
        start=datetime(2027, 1, 2, tzinfo=PARIS),
        end=datetime(2027, 1, 3, tzinfo=PARIS),
        all_day=True,
        recurrence=Recurrence("FREQ=WEEKLY;COUNT=4", exdates=(date(2027, 1, 9),)),
    )  # fmt: skip
    assert b"EXDATE;VALUE=DATE:20270109" in render(whole_day)


def test_geo_and_location() -> None:
    raw = render(event(venue=Venue("Péniche", "Quai, Paris", 48.8, 2.3))).replace(b"\r\n ", b"")
    assert b"GEO:48.8;2.3" in raw
    assert "LOCATION:Péniche\\, Quai\\, Paris".encode() in raw


def test_subscription_links_only_for_absolute_urls() -> None:
    sub = subscription("https://example.org/site/calendar.ics", "Rencontres")
    assert sub.webcal == "webcal://example.org/site/calendar.ics"
    assert parse_qs(urlsplit(sub.google).query)["cid"] == [sub.webcal]
    assert subscription("calendar.ics", "x").google is None


def test_outlook_link_for_a_whole_day_event() -> None:
    camp = event(
        start=datetime(2027, 5, 15, tzinfo=PARIS),
        end=datetime(2027, 5, 17, tzinfo=PARIS),
        all_day=True,
    )
    query = parse_qs(urlsplit(outlook_event(Occurrence(camp, camp.start, camp.end), "", "")).query)
    assert query["allday"] == ["true"]
    assert (query["startdt"], query["enddt"]) == (["2027-05-15"], ["2027-05-17"])


def test_a_late_evening_shows_on_both_days_it_covers() -> None:
    late = event(
        start=datetime(2026, 12, 31, 22, tzinfo=PARIS), end=datetime(2027, 1, 1, 2, tzinfo=PARIS)
    )
    assert days_of(Occurrence(late, late.start, late.end)) == [date(2026, 12, 31), date(2027, 1, 1)]
    grids = months([Occurrence(late, late.start, late.end)])
    assert [m.first for m in grids] == [date(2026, 12, 1), date(2027, 1, 1)]
    assert grids[0].next == date(2027, 1, 1) and grids[1].previous == date(2026, 12, 1)
