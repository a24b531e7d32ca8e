"""Venues on a region's map: one marker per place, each listing the events held there."""

from __future__ import annotations

from datetime import UTC, datetime

from contentkit import event, located

from rencontres.listings import Agenda
from rencontres.venues import places

QUAI = "venue:\n  name: Le Quai\n  address: 1, rue du Port\n  lat: 45.5\n  lon: -73.6\n"
HAVRE = "venue:\n  name: Havre\n  lat: 48.45\n  lon: -68.52\n"


def region_places(load, keep: int = 5, **events: str) -> list:
    site, log = load(events={f"{name}.md": text for name, text in events.items()})
    assert located(log) == []
    agenda = Agenda(site, now=datetime(2026, 11, 21, tzinfo=UTC))
    members = agenda.events_by_region()["quebec"]  # the root: its sub-regions' events too
    return places(agenda.upcoming(members) + agenda.past(members), keep)


def test_events_at_one_venue_share_a_marker_and_venues_without_coordinates_have_none(load):
    found = region_places(
        load,
        soon=event("Bientôt", "2026-12-03 18:00", extra=QUAI),
        later=event("Plus tard", "2027-01-07 18:00", extra=QUAI),
        before=event("Avant", "2026-10-01 18:00", extra=QUAI),
        rimouski=event("Dîner", "2026-12-04 12:00", "rimouski", extra=HAVRE),
        named_only=event("Sans carte", "2026-12-05 12:00", extra="venue: Resto\n"),
        city_only=event("En ville", "2026-12-06 12:00", extra="city: Matane\n"),
    )
    assert [(p.name, p.lat, p.lon) for p in found] == [
        ("Havre", 48.45, -68.52),
        ("Le Quai", 45.5, -73.6),
    ]
    quai = found[1]
    assert quai.address == "1, rue du Port" and quai.label == "Le Quai"
    assert [o.event.title for o in quai.shown] == ["Bientôt", "Plus tard", "Avant"]
    assert quai.more == 0


def test_a_recurring_event_counts_once_and_the_popup_keeps_the_first_few(load):
    monthly = event(
        "Mensuelle", "2026-10-01 18:00", extra=QUAI + "recurrence: FREQ=MONTHLY;COUNT=6\n"
    )
    found = region_places(
        load,
        keep=2,
        monthly=monthly,
        one=event("Une", "2026-12-10 18:00", extra=QUAI),
        two=event("Deux", "2026-12-20 18:00", extra=QUAI),
    )
    assert len(found) == 1
    assert [o.event.title for o in found[0].shown] == ["Mensuelle", "Une"]
    assert found[0].shown[0].start.date().isoformat() == "2026-12-01"  # its next date
    assert found[0].more == 1


def test_a_venue_with_only_an_address_is_labelled_by_it(load):
    only_address = "venue:\n  address: 9, rue Sans-Nom\n  lat: 46.8\n  lon: -71.2\n"
    found = region_places(load, here=event("Ici", "2026-12-03 18:00", extra=only_address))
    assert [(p.name, p.label) for p in found] == [(None, "9, rue Sans-Nom")]
