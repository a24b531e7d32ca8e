"""Upcoming and past: an event under way is upcoming, never past."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from contentkit import event, located, md

from rencontres.listings import Agenda, by_area, by_week, by_year, choices, cities
from rencontres.model import Event, Occurrence
from rencontres.timezones import zone

TORONTO = zone("America/Toronto")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_event(start: datetime, end: datetime, slug: str = "a") -> Event:
    return Event(
        f"content/events/{slug}.md", slug, slug, slug.title(), start, end, False, "montreal"
    )


# 18:00-21:00 in Toronto on 2026-12-03 is 23:00-02:00 UTC.
EVENING = make_event(
    datetime(2026, 12, 3, 18, 0, tzinfo=TORONTO), datetime(2026, 12, 3, 21, 0, tzinfo=TORONTO)
)
OCC = Occurrence(EVENING, EVENING.start, EVENING.end)


@pytest.mark.parametrize(
    ("now", "ended", "ongoing"),
    [
        (utc(2026, 12, 3, 22, 59), False, False),
        (utc(2026, 12, 3, 23, 0), False, True),
        (utc(2026, 12, 4, 1, 30), False, True),
        (utc(2026, 12, 4, 1, 59), False, True),
        (utc(2026, 12, 4, 2, 0), True, False),
        (utc(2026, 12, 5, 0, 0), True, False),
    ],
)
def test_has_ended_and_is_ongoing(now, ended, ongoing):
    assert OCC.has_ended(now) is ended
    assert OCC.is_ongoing(now) is ongoing


def test_ongoing_with_now_in_another_zone():
    now = datetime(2026, 12, 4, 3, 30, tzinfo=zone("Europe/Paris"))  # 02:30 UTC: just over
    assert OCC.has_ended(now)
    now = datetime(2026, 12, 4, 2, 30, tzinfo=zone("Europe/Paris"))  # 01:30 UTC: under way
    assert OCC.is_ongoing(now) and not OCC.has_ended(now)


def agenda(load, now: datetime, **events: str) -> Agenda:
    site, log = load(events={f"{name}.md": text for name, text in events.items()})
    assert located(log) == []
    return Agenda(site, now=now)


def test_upcoming_includes_an_ongoing_event_and_past_excludes_it(load):
    now = utc(2026, 12, 4, 0, 0)  # 19:00 in Toronto
    ag = agenda(
        load,
        now,
        passee=event(title="Passée", start="2026-11-05 18:00"),
        encours=event(title="En cours", start="2026-12-03 18:00", extra="end: 21:00\n"),
        avenir=event(title="À venir", start="2027-01-07 18:00"),
        hier=event(title="Hier", start="2026-12-02 18:00"),
    )
    assert [o.event.title for o in ag.upcoming()] == ["En cours", "À venir"]
    assert [o.event.title for o in ag.past()] == ["Hier", "Passée"]
    ongoing = ag.upcoming()[0]
    assert ongoing.is_ongoing(now) and not ongoing.has_ended(now)


def test_an_all_day_event_is_upcoming_until_midnight_after_its_last_day(load):
    camp = event(title="Camp", start="2027-05-15", extra="end: 2027-05-16\n")
    # Midnight after 2027-05-16 in Toronto (EDT) is 2027-05-17 04:00 UTC.
    assert [o.event.title for o in agenda(load, utc(2027, 5, 17, 3, 59), camp=camp).upcoming()] == [
        "Camp"
    ]
    assert agenda(load, utc(2027, 5, 17, 4, 0), camp=camp).upcoming() == []


def test_order_is_by_instant_whatever_the_zone(load):
    ag = agenda(
        load,
        utc(2026, 1, 1),
        toronto=event(title="Toronto", start="2026-12-03 18:00"),  # 23:00 UTC
        paris=event(title="Paris", start="2026-12-03 19:00", region="bourgogne"),  # 18:00 UTC
        montreal=event(title="Montreal", start="2026-12-03 13:30"),  # 18:30 UTC
    )
    assert [o.event.title for o in ag.upcoming()] == ["Paris", "Montreal", "Toronto"]


def test_recurring_event_occurrences_split_between_past_and_upcoming(load):
    serie = event(
        title="Soirée",
        start="2026-10-01 18:00",
        extra="recurrence: FREQ=MONTHLY;BYDAY=1TH;COUNT=4\n",
    )
    ag = agenda(load, utc(2026, 11, 5, 23, 30), serie=serie)  # the 2026-11-05 evening is under way
    assert [o.start.date().isoformat() for o in ag.upcoming()] == [
        "2026-11-05",
        "2026-12-03",
        "2027-01-07",
    ]
    assert [o.start.date().isoformat() for o in ag.past()] == ["2026-10-01"]


def test_groupings(load):
    recap = "title: Retour\ndate: 2026-12-04\nevent: 2026-12-03-un\ntags: [Réseautage]\n"
    site, log = load(
        events={
            "un.md": event(
                title="Un",
                extra=(
                    "series: soirees-web-montreal\ntags: [Réseautage, web, web]\ncity: Montréal\n"
                ),
            ),
            "deux.md": event(
                title="Deux", start="2027-01-07 18:00", extra="tags: [reseautage]\ncity: Montréal\n"
            ),
            "trois.md": event(
                title="Trois", start="2027-02-04 18:00", region="rimouski", extra="city: Rimouski\n"
            ),
        },
        recaps={"retour.md": md(recap)},
    )
    assert located(log) == []
    ag = Agenda(site, now=utc(2026, 1, 1))
    assert {k: [e.title for e in v] for k, v in ag.events_by_series().items()} == {
        "soirees-web-montreal": ["Un"]
    }
    assert {k: [r.title for r in v] for k, v in ag.recaps_by_event().items()} == {
        "2026-12-03-un": ["Retour"]
    }
    tags = ag.tags()
    assert [
        (t.slug, t.name, [e.title for e in t.events], [r.title for r in t.recaps]) for t in tags
    ] == [
        ("reseautage", "Réseautage", ["Un", "Deux"], ["Retour"]),
        ("web", "web", ["Un"], []),
    ]
    assert site.events[0].tags == ("Réseautage", "web")
    assert cities(site.events) == [("Montréal", 2), ("Rimouski", 1)]
    occ = ag.upcoming()
    assert [(year, len(items)) for year, items in by_year(occ)] == [(2026, 1), (2027, 2)]


def test_an_event_with_two_spellings_of_a_tag_is_on_its_page_once(load):
    """Its calendar would hold the event twice under one UID, its feed show it twice."""
    double = event(title="Un", start="2026-12-03 18:00", extra="tags: [web, Web, Réseau]\n")
    site, log = load(events={"un.md": double}, recaps={"r.md": md(
        "title: Retour\ndate: 2026-12-04\nevent: 2026-12-03-un\ntags: [Web, web]\n"
    )})  # fmt: skip
    assert located(log) == []
    tags = Agenda(site, now=utc(2026, 1, 1)).tags()
    assert [(t.slug, t.name, len(t.events), len(t.recaps)) for t in tags] == [
        ("reseau", "Réseau", 1, 0),
        ("web", "web", 1, 1),
    ]


def test_agenda_horizon_limits_recurring_occurrences(load):
    serie = event(title="Hebdo", start="2027-01-06 18:00", extra="recurrence: FREQ=WEEKLY\n")
    site, _ = load(events={"h.md": serie})
    ag = Agenda(site, now=utc(2027, 1, 1), horizon=timedelta(days=14))
    # Until 2027-01-15 00:00 UTC: 01-06 and 01-13 only.
    assert [o.start.date().isoformat() for o in ag.upcoming()] == ["2027-01-06", "2027-01-13"]


def test_weeks_start_on_monday_midnight_where_now_is(load):
    ag = agenda(
        load,
        datetime(2026, 11, 29, 23, 0, tzinfo=TORONTO),  # Sunday evening
        dimanche=event(title="Dimanche", start="2026-11-29 22:00", extra="end: 23:30\n"),
        lundi=event(title="Lundi", start="2026-11-30 00:00", extra="end: 02:00\n"),
        paris=event(title="Paris", start="2026-12-07 05:30", region="bourgogne"),  # Sun 23:30 here
        apres=event(title="Après", start="2026-12-07 00:00", extra="end: 01:00\n"),
    )
    weeks = by_week(ag.upcoming(), ag.now)
    assert [o.event.title for o in weeks.this_week] == ["Dimanche"]
    assert [o.event.title for o in weeks.next_week] == ["Lundi", "Paris"]
    assert [o.event.title for o in weeks.later] == ["Après"]


def test_areas_are_the_sub_regions_of_the_top_regions_in_index_order(load):
    ag = agenda(
        load,
        utc(2026, 1, 1),
        rimouski=event(title="Rimouski", region="rimouski"),
        quebec=event(title="Québec", start="2027-01-07 18:00", region="quebec"),
        beaune=event(title="Beaune", region="bourgogne"),
        montreal=event(title="Montréal", start="2027-02-04 18:00"),
    )
    areas = by_area(ag.upcoming(), ag.site.regions)
    assert [(slug, [o.event.title for o in found]) for slug, found in areas] == [
        ("bourgogne", ["Beaune"]),
        ("quebec", ["Québec"]),
        ("bas-saint-laurent", ["Rimouski"]),
        ("montreal", ["Montréal"]),
    ]


def test_filters_offer_only_choices_that_narrow_the_list(load):
    ag = agenda(
        load,
        utc(2026, 1, 1),
        un=event(title="Un", extra="tags: [Réseautage, web]\nseries: soirees-web-montreal\n"),
        deux=event(title="Deux", region="rimouski", extra="tags: [reseautage]\n"),
        trois=event(title="Trois", region="rimouski", extra="online: https://example.org/v\n"),
    )
    found = choices(ag.upcoming(), ag)
    assert found.regions == [("bas-saint-laurent", "Bas-Saint-Laurent", 1),
                             ("rimouski", "Rimouski", 2), ("montreal", "Montréal", 1)]  # fmt: skip
    assert found.series == [("soirees-web-montreal", "Les Soirées Web de Montréal")]
    assert found.tags == [(tag.slug, tag.name) for tag in ag.tags()]  # named as on tag pages
    assert [slug for slug, _ in found.tags] == ["reseautage", "web"]
    assert found.attendance == ["in-person", "online"]
    only_rimouski = choices(ag.upcoming(ag.events_by_region()["rimouski"]), ag)
    assert only_rimouski.regions == [] and only_rimouski.series == []
    online_only = choices(ag.upcoming([e for e in ag.site.events if e.is_online]), ag)
    assert online_only.attendance == [], "every item is online: the choice would change nothing"


def test_each_event_is_placed_in_the_week_of_the_calendar_where_it_happens(load):
    ag = agenda(
        load,
        utc(2026, 11, 21, 12, 0),  # Saturday noon UTC, as from the build clock
        montreal=event(title="Montréal", start="2026-11-22 20:00"),  # Monday 01:00 UTC
        paris=event(title="Paris", start="2026-11-23 00:30", region="bourgogne"),  # Sunday UTC
    )
    weeks = by_week(ag.upcoming(), ag.now)
    assert [o.event.title for o in weeks.this_week] == ["Montréal"]
    assert [o.event.title for o in weeks.next_week] == ["Paris"]


def test_weeks_across_a_change_of_clocks(load):
    ag = agenda(
        load,
        datetime(2027, 3, 12, 12, 0, tzinfo=TORONTO),  # Friday, before the switch to EDT
        dimanche=event(title="Dimanche", start="2027-03-14 23:30", extra="end: 23:45\n"),
        lundi=event(title="Lundi", start="2027-03-15 00:30", extra="end: 01:00\n"),
    )
    weeks = by_week(ag.upcoming(), ag.now)
    assert [o.event.title for o in weeks.this_week] == ["Dimanche"]
    assert [o.event.title for o in weeks.next_week] == ["Lundi"]
