"""Calendars subscribers can trust: every .ics checked by two independent parsers.

Expected instants are computed by hand here, in UTC, never read from the output:
America/Toronto is UTC-5 in winter (EST) and UTC-4 in summer (EDT, from the second
Sunday of March); Europe/Paris is UTC+1 in winter and UTC+2 from the last Sunday
of March.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from rencontres.listings import Agenda
from rencontres.loader import load_site
from tests.building import FIXTURE_SITEURL, FROZEN_NOW, REPO, build, build_fixture

DOMAIN = "rencontres.example.org"
COMMIT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # the fixture's fixed commit date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# uid -> (start, end) in UTC, worked out by hand from the fixture files.
EXPECTED_INSTANTS = {
    # 2026-10-14 12:00-13:30 in Toronto, summer time (UTC-4)
    "2026-10-14-diner-a-rimouski": (utc(2026, 10, 14, 16, 0), utc(2026, 10, 14, 17, 30)),
    # 2026-12-03 18:00-21:00 in Toronto, winter time (UTC-5): ends after midnight UTC
    "2026-12-03-soiree-web-de-decembre": (utc(2026, 12, 3, 23, 0), utc(2026, 12, 4, 2, 0)),
    # a Québec-region event held at Paris time: 18:00 CET (UTC+1), default 2 hours
    "2026-12-10-cafe-virtuel": (utc(2026, 12, 10, 17, 0), utc(2026, 12, 10, 19, 0)),
    # 19:00 CET, default 2 hours
    "2026-12-17-soiree-sur-la-peniche": (utc(2026, 12, 17, 18, 0), utc(2026, 12, 17, 20, 0)),
    # first occurrence 12:30-14:00 CET
    "2027-01-29-twunch": (utc(2027, 1, 29, 11, 30), utc(2027, 1, 29, 13, 0)),
    # 2027-03-14 is the day Toronto springs forward: 18:00 is already EDT (UTC-4)
    "2027-03-14-rencontre-hybride": (utc(2027, 3, 14, 22, 0), utc(2027, 3, 15, 0, 0)),
    # 2027-03-28 is the day Paris springs forward: 19:00 is already CEST (UTC+2)
    "2027-03-28-apero-du-passage-a-l-heure-d-ete": (
        utc(2027, 3, 28, 17, 0),
        utc(2027, 3, 28, 19, 0),
    ),
}
EXPECTED_DAYS = {
    "2026-11-20-camp-de-deux-jours": (date(2026, 11, 20), date(2026, 11, 23)),
    "2027-05-15-ruralcamp": (date(2027, 5, 15), date(2027, 5, 17)),  # Saturday-Sunday, ends Monday
}
# The twunch: last Fridays Jan-Apr 2027, minus March 26, plus March 19; February 26
# moved to 13:00-14:30; April 30 (summer time, UTC+2) cancelled.
EXPECTED_TWUNCH = [
    (utc(2027, 1, 29, 11, 30), "CONFIRMED"),
    (utc(2027, 2, 26, 12, 0), "CONFIRMED"),
    (utc(2027, 3, 19, 11, 30), "CONFIRMED"),
    (utc(2027, 4, 30, 10, 30), "CANCELLED"),
]


def calendars(site: Path) -> list[Path]:
    return sorted(site.rglob("*.ics"))


def parse(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def main_events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """VEVENTs by identity, leaving out overriding occurrences."""
    return {
        str(e["UID"]).removesuffix(f"@{DOMAIN}"): e
        for e in cal.walk("VEVENT")
        if "RECURRENCE-ID" not in e
    }


def test_every_calendar_parses_with_two_independent_parsers(
    fixture_site: Path, demo_site: Path
) -> None:
    files = calendars(fixture_site) + calendars(demo_site)
    assert len(files) > 150
    for path in files:
        text = path.read_text(encoding="utf-8")
        strict = IcsCalendarStream.calendar_from_ics(text)
        lenient = icalendar.Calendar.from_ical(text)
        assert len(strict.events) == len(lenient.walk("VEVENT")), path


def test_lines_end_in_crlf_and_fold_at_75_octets_without_splitting_a_character(
    fixture_site: Path, demo_site: Path
) -> None:
    for path in calendars(fixture_site) + calendars(demo_site):
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n")
        for line in raw[:-2].split(b"\r\n"):
            assert b"\n" not in line and b"\r" not in line, path
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # a split character would not decode


def test_calendar_properties(fixture_site: Path) -> None:
    cal = parse(fixture_site / "calendar.ics")
    assert cal["VERSION"] == "2.0"
    assert "Rencontres" in cal["PRODID"]
    assert cal["CALSCALE"] == "GREGORIAN"
    assert cal["METHOD"] == "PUBLISH"
    raw = (fixture_site / "calendar.ics").read_bytes().decode()
    lines = dict(
        line.split(":", 1) for line in raw.replace("\r\n ", "").split("\r\n")[:12] if ":" in line
    )
    assert lines["NAME"] == lines["X-WR-CALNAME"] == "Rencontres"
    assert lines["DESCRIPTION"] == lines["X-WR-CALDESC"]
    assert lines["DESCRIPTION"] == "Les rencontres des communautés du web\\, au Québec et en France"
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert "\r\nX-PUBLISHED-TTL:PT12H\r\n" in raw
    region = parse(fixture_site / "regions/bas-saint-laurent/calendar.ics")
    assert region["X-WR-CALNAME"] == "Rencontres — Bas-Saint-Laurent"


def test_timed_events_are_at_the_hand_computed_instants_in_both_parsers(fixture_site: Path) -> None:
    path = fixture_site / "calendar.ics"
    lenient = main_events(parse(path))
    strict = {
        e.uid.removesuffix(f"@{DOMAIN}"): e
        for e in IcsCalendarStream.calendar_from_ics(path.read_text()).events
        if e.recurrence_id is None
    }
    for uid, (start, end) in EXPECTED_INSTANTS.items():
        vevent = lenient[uid]
        assert "TZID" in vevent["DTSTART"].params, uid
        assert vevent["DTSTART"].dt.astimezone(UTC) == start, uid
        assert vevent["DTEND"].dt.astimezone(UTC) == end, uid
        assert strict[uid].dtstart.astimezone(UTC) == start, uid
        assert strict[uid].dtend.astimezone(UTC) == end, uid


def test_an_event_on_another_zone_keeps_its_own_zone(fixture_site: Path) -> None:
    vevent = main_events(parse(fixture_site / "regions/quebec/calendar.ics"))[
        "2026-12-10-cafe-virtuel"
    ]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"


def test_every_tzid_has_a_vtimezone_that_gives_the_right_offsets(fixture_site: Path) -> None:
    for path in calendars(fixture_site):
        cal = parse(path)
        zones = {str(tz["TZID"]): tz.to_tz() for tz in cal.walk("VTIMEZONE")}
        for vevent in cal.walk("VEVENT"):
            start = vevent["DTSTART"].dt
            if not isinstance(start, datetime):
                continue
            tzid = vevent["DTSTART"].params["TZID"]
            assert tzid in zones, (path, tzid)
            wall = start.replace(tzinfo=None)
            from_vtimezone = wall.replace(tzinfo=zones[tzid]).utcoffset()
            assert from_vtimezone == wall.replace(tzinfo=ZoneInfo(tzid)).utcoffset(), (path, wall)


def test_all_day_events_are_dates_with_the_day_after_as_end(fixture_site: Path) -> None:
    events = main_events(parse(fixture_site / "calendar.ics"))
    for uid, (first, after_last) in EXPECTED_DAYS.items():
        assert events[uid]["DTSTART"].params.get("VALUE") == "DATE" or isinstance(
            events[uid]["DTSTART"].dt, date
        )
        assert events[uid]["DTSTART"].dt == first and not isinstance(
            events[uid]["DTSTART"].dt, datetime
        )
        assert events[uid]["DTEND"].dt == after_last
    raw = (fixture_site / "calendar.ics").read_bytes().decode()
    assert "DTSTART;VALUE=DATE:20270515\r\nDTEND;VALUE=DATE:20270517" in raw


def test_dtstamp_is_utc_and_comes_from_history_not_the_build_clock(fixture_site: Path) -> None:
    for vevent in parse(fixture_site / "calendar.ics").walk("VEVENT"):
        assert vevent["DTSTAMP"].dt == COMMIT and vevent["DTSTAMP"].dt.tzinfo is not None
        assert vevent["LAST-MODIFIED"].dt == COMMIT
        assert vevent["SEQUENCE"] == 0
    raw = (fixture_site / "calendar.ics").read_text()
    assert "DTSTAMP:20261101T120000Z" in raw


def test_uid_is_the_identity_at_the_site_domain_in_dev_and_publish_builds(
    fixture_site: Path, tmp_path: Path
) -> None:
    build_fixture(tmp_path / "publish", tmp_path, settings_file="publishconf.py")
    dev = {str(e["UID"]) for e in parse(fixture_site / "calendar.ics").walk("VEVENT")}
    published = {str(e["UID"]) for e in parse(tmp_path / "publish/calendar.ics").walk("VEVENT")}
    assert dev == published
    assert "2027-01-29-twunch@rencontres.example.org" in dev


def test_text_properties(fixture_site: Path) -> None:
    events = main_events(parse(fixture_site / "calendar.ics"))
    apero = events["2027-03-28-apero-du-passage-a-l-heure-d-ete"]
    description = str(apero["DESCRIPTION"])
    assert "**" not in description and "<" not in description
    assert "Un apéro le soir du changement d'heure" in description
    assert "END:VEVENT" in description  # body text, escaped: not a component
    assert f"{FIXTURE_SITEURL}/events/2027-03-28-apero-du-passage-a-l-heure-d-ete/" in description
    assert str(apero["LOCATION"]) == "Le Comptoir, 5 rue de la Paix, Paris"
    assert str(apero["ORGANIZER"]) == "https://aperos.example.org/"
    assert apero["ORGANIZER"].params["CN"] == "Les Apéros parisiens"
    twunch = events["2027-01-29-twunch"]
    assert "le site du café (https://cafe.example.org/menu)" in str(twunch["DESCRIPTION"])
    assert twunch["GEO"].latitude == 48.8583 and twunch["GEO"].longitude == 2.3264
    assert str(twunch["URL"]) == f"{FIXTURE_SITEURL}/events/2027-01-29-twunch/"
    assert twunch["CATEGORIES"].cats == ["twunch"]
    online = events["2026-12-10-cafe-virtuel"]
    assert str(online["CONFERENCE"]) == "https://visio.example.org/cafe"
    assert online["CONFERENCE"].params["VALUE"] == "URI"
    assert "En ligne" in str(online["LOCATION"])
    hybrid = events["2027-03-14-rencontre-hybride"]
    assert str(hybrid["CONFERENCE"]) == "https://visio.example.org/hybride"
    assert "Salle communautaire" in str(hybrid["LOCATION"])


def test_statuses(fixture_site: Path) -> None:
    events = main_events(parse(fixture_site / "calendar.ics"))
    cancelled = events["2026-12-17-soiree-sur-la-peniche"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Annulé : ")
    postponed = events["2027-03-14-rencontre-hybride"]
    assert postponed["STATUS"] == "CONFIRMED"
    assert str(postponed["SUMMARY"]) == "Reporté : Rencontre hybride"
    assert events["2026-12-03-soiree-web-de-decembre"]["STATUS"] == "CONFIRMED"


def test_recurrence_expands_the_same_in_both_parsers(fixture_site: Path) -> None:
    path = fixture_site / "calendar.ics"
    window = (utc(2027, 1, 1, 0, 0), utc(2027, 6, 1, 0, 0))
    expanded = recurring_ical_events.of(parse(path)).between(*window)
    lenient = [
        (o["DTSTART"].dt.astimezone(UTC), str(o["STATUS"]))
        for o in expanded
        if str(o["UID"]).startswith("2027-01-29-twunch@")
    ]
    strict_cal = IcsCalendarStream.calendar_from_ics(path.read_text())
    strict = [
        (o.start.astimezone(UTC), o.status.value)
        for o in strict_cal.timeline_tz(UTC).overlapping(*window)
        if o.uid.startswith("2027-01-29-twunch@")
    ]
    assert sorted(lenient) == EXPECTED_TWUNCH
    assert sorted(strict) == EXPECTED_TWUNCH
    raw = path.read_text()
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270430T215959Z" in raw  # parts as written
    assert "EXDATE;TZID=Europe/Paris:20270326T123000" in raw
    assert "RDATE;TZID=Europe/Paris:20270319T123000" in raw
    assert "RECURRENCE-ID;TZID=Europe/Paris:20270226T123000" in raw


def test_drafts_hidden_and_old_events_stay_out_of_calendars(fixture_site: Path) -> None:
    every = b"".join(p.read_bytes() for p in calendars(fixture_site))
    assert b"Brouillon" not in every and b"brouillon" not in every
    assert "bénévoles".encode() not in every
    site = (fixture_site / "calendar.ics").read_text()
    assert "Pique-nique de juin" not in site  # ended more than 90 days ago
    assert "Dîner à Rimouski" in site  # ended 38 days ago: still in the window
    own = (fixture_site / "events/2026-06-06-pique-nique-de-juin/event.ics").read_text()
    assert "Pique-nique de juin" in own


def test_region_calendars_include_sub_regions(fixture_site: Path) -> None:
    quebec = (fixture_site / "regions/quebec/calendar.ics").read_text()
    assert "Dîner à Rimouski" in quebec and "Soirée Web de décembre" in quebec
    assert "Twunch" not in quebec
    assert "Twunch" in (fixture_site / "tags/twunch/calendar.ics").read_text()
    assert "Dîner à Rimouski" in (fixture_site / "series/dineurs/calendar.ics").read_text()


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "regions/quebec/index.html",
        "series/dineurs/index.html",
        "tags/twunch/index.html",
    ],
)
def test_pages_that_offer_a_calendar_link_to_it(fixture_site: Path, page: str) -> None:
    html = (fixture_site / page).read_text()
    ics = page.replace("index.html", "calendar.ics")
    assert f'href="webcal://rencontres.example.org/communaute/{ics}"' in html
    assert "https://calendar.google.com/calendar/render?cid=webcal" in html
    assert "https://outlook.live.com/calendar/0/addfromweb?url=" in html
    assert f'{ics}" download' in html


def test_event_page_offers_google_outlook_webcal_and_download(fixture_site: Path) -> None:
    html = (fixture_site / "events/2026-12-03-soiree-web-de-decembre/index.html").read_text()
    google = next(
        link
        for link in _hrefs(html)
        if link.startswith("https://calendar.google.com/calendar/render?action")
    )
    query = parse_qs(urlsplit(google).query)
    assert query["action"] == ["TEMPLATE"]
    assert query["dates"] == ["20261203T180000/20261203T210000"]
    assert query["ctz"] == ["America/Toronto"]
    assert query["text"] == ["Soirée Web de décembre"]
    outlook = next(link for link in _hrefs(html) if link.startswith("https://outlook.live.com/"))
    assert parse_qs(urlsplit(outlook).query)["startdt"] == ["2026-12-03T18:00:00-05:00"]
    assert (
        'href="webcal://rencontres.example.org/communaute/events/2026-12-03-soiree-web-de-decembre/event.ics"'
        in html
    )
    assert 'href="event.ics" download' in html or 'event.ics" download' in html


def test_month_grid(fixture_site: Path) -> None:
    may = (fixture_site / "calendar/2027/05/index.html").read_text()
    assert may.count('<th scope="col">') == 7
    assert may.count("Ruralcamp") == 2  # Saturday and Sunday
    assert "(suite)" in may
    february = (fixture_site / "calendar/2027/02/index.html").read_text()
    assert (
        '<time class="time" datetime="2027-02-26T13:00:00+01:00">13\xa0h\xa000</time> Twunch'
        in february
    )
    april = (fixture_site / "calendar/2027/04/index.html").read_text()
    assert '<li class="is-cancelled"><a href="../../../events/2027-01-29-twunch/">' in april
    assert 'rel="prev" href="../../../calendar/2027/03/"' in april
    assert 'rel="next" href="../../../calendar/2027/05/"' in april
    months = sorted(
        p.parent.relative_to(fixture_site).as_posix()
        for p in fixture_site.glob("calendar/*/*/index.html")
    )
    assert months[0] == "calendar/2026/06" and months[-1] == "calendar/2027/05"
    assert len(months) == 12  # every month between, even those without events


def _hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def thunderbird_reads(path: Path, limit: str = "2028-01-01") -> list[dict]:
    """Occurrences as ical.js (the parser inside Thunderbird) expands them."""
    script = REPO / "tests/interop/expand.mjs"
    node = REPO / ".venv/bin/node"
    assert (REPO / "tests/interop/node_modules/ical.js").is_dir(), (
        "run `make test` (it installs ical.js)"
    )
    done = subprocess.run(
        [str(node), str(script), str(path), limit], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_thunderbird_parser_reads_the_hand_computed_instants(fixture_site: Path) -> None:
    read = thunderbird_reads(fixture_site / "calendar.ics")
    singles = {o["uid"].removesuffix(f"@{DOMAIN}"): o for o in read}
    for uid, (start, end) in EXPECTED_INSTANTS.items():
        if uid == "2027-01-29-twunch":
            continue
        assert singles[uid]["start"] == start.strftime("%Y-%m-%dT%H:%M:%S.000Z"), uid
        assert singles[uid]["end"] == end.strftime("%Y-%m-%dT%H:%M:%S.000Z"), uid
    for uid, (first, after_last) in EXPECTED_DAYS.items():
        assert (singles[uid]["start"], singles[uid]["end"]) == (
            first.isoformat(),
            after_last.isoformat(),
        )
    twunch = [
        (datetime.fromisoformat(o["start"]), o["status"])
        for o in read
        if o["uid"].startswith("2027-01-29-twunch@")
    ]
    assert twunch == EXPECTED_TWUNCH


def test_thunderbird_parser_agrees_with_our_occurrences_for_every_demo_event(
    demo_site: Path,
) -> None:
    site, _ = load_site(REPO / "content")
    agenda = Agenda(site, datetime.fromisoformat(FROZEN_NOW))
    ours = {
        (
            f"{o.event.uid}@{DOMAIN}",
            _as_read(o.start, o.event.all_day),
            _as_read(o.end, o.event.all_day),
        )
        for event in agenda.listed
        for o in agenda.by_event[event.slug]
        if o.start < utc(2028, 1, 1, 0, 0)
    }
    theirs = {
        (o["uid"], o["start"], o["end"])
        for path in sorted(demo_site.glob("events/*/event.ics"))
        for o in thunderbird_reads(path)
    }
    assert len(theirs) >= 57
    assert theirs == ours


def _as_read(start: datetime, all_day: bool) -> str:
    return (
        start.date().isoformat()
        if all_day
        else start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    )


def test_vtimezones_have_one_onset_per_observance_at_the_real_transitions(
    fixture_site: Path,
) -> None:
    for vzone in parse(fixture_site / "calendar.ics").walk("VTIMEZONE"):
        tz = ZoneInfo(str(vzone["TZID"]))
        observances = vzone.walk("STANDARD") + vzone.walk("DAYLIGHT")
        assert len(observances) > 4
        for observance in observances:
            assert "RDATE" not in observance and "RRULE" not in observance
            onset = observance["DTSTART"].dt - observance["TZOFFSETFROM"].td
            instant = onset.replace(tzinfo=UTC)
            before = (instant - timedelta(minutes=1)).astimezone(tz).utcoffset()
            after = instant.astimezone(tz).utcoffset()
            if before != after:  # every observance but the opening one is a real change
                assert (before, after) == (
                    observance["TZOFFSETFROM"].td,
                    observance["TZOFFSETTO"].td,
                )


def test_thunderbird_reads_an_endless_rule_right_for_years(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "regions.yaml").write_text("mtl:\n  name: Montréal\n  timezone: America/Toronto\n")
    (content / "events/club.md").write_text(
        "---\ntitle: Club\nstart: 2026-12-03 18:00\nregion: mtl\n"
        "recurrence: FREQ=MONTHLY;BYDAY=1TH\n---\n"
    )
    build(content, tmp_path / "out", SITEURL="https://example.org")
    read = thunderbird_reads(tmp_path / "out/calendar.ics", "2036-01-01")
    tz = ZoneInfo("America/Toronto")
    for occurrence in read:
        start = datetime.fromisoformat(occurrence["start"])
        assert start.astimezone(tz).hour == 18, (
            occurrence
        )  # 18:00 local in every season, every year
    assert len(read) > 100 and read[-1]["start"].startswith("2035-12-06T23:00")
