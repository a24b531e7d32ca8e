"""Open data: every JSON file validates against its JSON Schema, with real instants and URLs."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from rencontres.opendata import SCHEMA_FILE
from tests.building import FIXTURE_SITEURL, REPO

JSON_FEED_SCHEMA = REPO / "rencontres/schemas/jsonfeed-1.1.schema.json"


def validator(schema_file: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_file.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def events_by_slug(path: Path) -> dict[str, dict]:
    return {e["slug"]: e for e in json.loads(path.read_text())["events"]}


def test_every_events_json_validates(fixture_site: Path, demo_site: Path) -> None:
    check = validator(SCHEMA_FILE)
    files = sorted(fixture_site.rglob("events.json")) + sorted(demo_site.rglob("events.json"))
    assert len(files) > 30
    for path in files:
        errors = sorted(check.iter_errors(json.loads(path.read_text())), key=str)
        assert not errors, (path, errors[:3])


def test_json_feed_validates(fixture_site: Path, demo_site: Path) -> None:
    check = validator(JSON_FEED_SCHEMA)
    for site in (fixture_site, demo_site):
        check.validate(json.loads((site / "feed.json").read_text()))


def test_the_schema_rejects_what_it_should(fixture_site: Path) -> None:
    check = validator(SCHEMA_FILE)
    document = json.loads((fixture_site / "events.json").read_text())
    broken = [
        ("extra field", lambda d: d["events"][0].update(surprise=1)),
        ("start without offset", lambda d: d["events"][0].update(start="2026-12-03T18:00:00")),
        ("relative url", lambda d: d["events"][0].update(url="/events/x/")),
        ("unknown status", lambda d: d["events"][0].update(status="maybe")),
        ("missing id", lambda d: d["events"][0].pop("id")),
    ]
    for label, breaking in broken:
        mutated = copy.deepcopy(document)
        breaking(mutated)
        assert not check.is_valid(mutated), label


def test_instants_have_offsets_and_zone_names(fixture_site: Path) -> None:
    events = events_by_slug(fixture_site / "events.json")
    soiree = events["2026-12-03-soiree-web-de-decembre"]
    assert (soiree["start"], soiree["end"]) == (
        "2026-12-03T18:00:00-05:00",
        "2026-12-03T21:00:00-05:00",
    )
    assert soiree["timezone"] == "America/Toronto"
    cafe = events["2026-12-10-cafe-virtuel"]
    assert (cafe["start"], cafe["timezone"], cafe["attendance"]) == (
        "2026-12-10T18:00:00+01:00",
        "Europe/Paris",
        "online",
    )
    camp = events["2027-05-15-ruralcamp"]
    assert (camp["all_day"], camp["start"], camp["end"]) == (True, "2027-05-15", "2027-05-16")
    assert events["2027-03-14-rencontre-hybride"]["attendance"] == "mixed"
    twunch = events["2027-01-29-twunch"]
    assert [o["start"] for o in twunch["occurrences"]] == [
        "2027-01-29T12:30:00+01:00",
        "2027-02-26T13:00:00+01:00",
        "2027-03-19T12:30:00+01:00",
        "2027-04-30T12:30:00+02:00",
    ]
    assert twunch["occurrences"][3]["status"] == "cancelled"
    assert twunch["occurrences"][1]["venue"]["name"] == "Brasserie du Bac"


def test_urls_are_absolute_and_ids_match_the_calendars(fixture_site: Path) -> None:
    document = json.loads((fixture_site / "events.json").read_text())
    assert document["$schema"] == f"{FIXTURE_SITEURL}/schemas/events-1.0.schema.json"
    assert (
        fixture_site / "schemas/events-1.0.schema.json"
    ).read_bytes() == SCHEMA_FILE.read_bytes()
    soiree = events_by_slug(fixture_site / "events.json")["2026-12-03-soiree-web-de-decembre"]
    assert soiree["url"] == f"{FIXTURE_SITEURL}/events/2026-12-03-soiree-web-de-decembre/"
    assert (
        soiree["calendar"]
        == f"{FIXTURE_SITEURL}/events/2026-12-03-soiree-web-de-decembre/event.ics"
    )
    assert soiree["id"] == "2026-12-03-soiree-web-de-decembre@rencontres.example.org"
    assert soiree["region"]["url"] == f"{FIXTURE_SITEURL}/regions/montreal/"
    ics = (fixture_site / "calendar.ics").read_text()
    assert f"UID:{soiree['id']}" in ics


@pytest.mark.parametrize(
    ("path", "present", "absent"),
    [
        ("regions/quebec/events.json", "2026-10-14-diner-a-rimouski", "2027-01-29-twunch"),
        (
            "series/soirees-web/events.json",
            "2026-12-03-soiree-web-de-decembre",
            "2026-10-14-diner-a-rimouski",
        ),
        ("events.json", "2026-11-20-camp-de-deux-jours", "2026-06-06-pique-nique-de-juin"),
    ],
)
def test_scopes(fixture_site: Path, path: str, present: str, absent: str) -> None:
    events = events_by_slug(fixture_site / path)
    assert present in events and absent not in events
    assert "2026-12-05-reunion-des-benevoles" not in events  # hidden
    assert "2027-02-04-brouillon-de-soiree" not in events  # draft
