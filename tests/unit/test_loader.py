"""Loading a whole content folder: what a valid event becomes, and series defaults."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from contentkit import event, located, md

from rencontres.loader import load_site
from rencontres.model import Organizer, Recurrence, Status, Venue

FULL = """\
title: Soirée Web de décembre
start: 2026-12-03 18:00
end: 2026-12-03 21:00
region: montreal
series: soirees-web-montreal
venue:
  name: Le Quai des Brumes
  address: 4481, rue Saint-Denis, Montréal (QC) H2J 2L2
  lat: 45.5225
  lon: -73.5847
tags: [réseautage, web]
price: gratuit
summary: La soirée de réseautage du premier jeudi du mois.
"""


def test_the_documented_example_loads(load):
    site, log = load(
        events={"montreal/decembre.md": md(FULL, body="Le texte de l'annonce, en Markdown.\n")}
    )
    assert located(log) == []
    (ev,) = site.events
    assert ev.source == "content/events/montreal/decembre.md"
    assert ev.slug == ev.uid == "2026-12-03-soiree-web-de-decembre"
    assert ev.title == "Soirée Web de décembre"
    assert ev.start.astimezone(UTC) == datetime(2026, 12, 3, 23, 0, tzinfo=UTC)
    assert ev.end.astimezone(UTC) == datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
    assert ev.all_day is False
    assert ev.region == "montreal"
    assert ev.series == "soirees-web-montreal"
    assert ev.venue == Venue(
        "Le Quai des Brumes", "4481, rue Saint-Denis, Montréal (QC) H2J 2L2", 45.5225, -73.5847
    )
    assert ev.organizer == Organizer("Collectif Web Montréal", "https://soirees.example.org/")
    assert ev.tags == ("réseautage", "web")
    assert ev.price == "gratuit"
    assert ev.summary == "La soirée de réseautage du premier jeudi du mois."
    assert ev.status is Status.SCHEDULED
    assert ev.lang == "fr"
    assert ev.body == "Le texte de l'annonce, en Markdown.\n"
    assert ev.is_in_person and not ev.is_online


def test_series_gives_its_venue_and_organizer_by_default(load):
    site, _ = load(events={"a.md": event(extra="series: soirees-web-montreal\n")})
    (ev,) = site.events
    assert ev.venue == Venue("Le Quai des Brumes", "4481, rue Saint-Denis, Montréal")
    assert ev.organizer == Organizer("Collectif Web Montréal", "https://soirees.example.org/")


def test_an_online_event_of_a_series_does_not_take_the_series_venue(load):
    site, _ = load(
        events={
            "a.md": event(
                extra="series: soirees-web-montreal\nonline: https://meet.example.org/x\n"
            )
        }
    )
    (ev,) = site.events
    assert ev.venue is None
    assert ev.is_online and not ev.is_in_person
    assert ev.organizer == Organizer("Collectif Web Montréal", "https://soirees.example.org/")


def test_the_events_own_venue_and_organizer_win(load):
    site, _ = load(
        events={
            "a.md": event(extra="series: soirees-web-montreal\nvenue: Chez Paul\norganizer: Paul\n")
        }
    )
    (ev,) = site.events
    assert (ev.venue, ev.organizer) == (Venue(name="Chez Paul"), Organizer("Paul"))


def test_optional_fields(load):
    extra = (
        "city: Montréal\nstatus: annulé\nlang: EN\nregistration: https://example.org/inscription\n"
        "recurrence: FREQ=MONTHLY;BYDAY=1TH\nonline: https://meet.example.org/x\n"
    )
    site, log = load(events={"a.md": event(extra=extra)})
    assert located(log) == []
    (ev,) = site.events
    assert ev.city == "Montréal"
    assert ev.status is Status.CANCELLED
    assert ev.lang == "en"
    assert ev.registration == "https://example.org/inscription"
    assert ev.recurrence == Recurrence("FREQ=MONTHLY;BYDAY=1TH")
    assert ev.is_online and ev.is_in_person


def test_series_are_read(load):
    site, log = load()
    assert located(log) == []
    series = site.series["soirees-web-montreal"]
    assert (series.name, series.region, series.source, series.line) == (
        "Les Soirées Web de Montréal",
        "montreal",
        "content/series.yaml",
        1,
    )


def test_events_and_recaps_are_sorted_by_time_not_by_file(load):
    recap = "title: Retour {n}\ndate: {d}\nevent: {e}\n"
    site, log = load(
        events={
            "a.md": event(title="Trois", start="2027-02-04 18:00"),
            "b.md": event(title="Un", start="2026-10-01 18:00"),
            "c/d.md": event(title="Deux", start="2026-12-03"),
        },
        recaps={
            "a.md": md(recap.format(n="B", d="2026-12-04", e="2026-12-03-deux")),
            "b.md": md(recap.format(n="A", d="2026-10-02", e="2026-10-01-un")),
        },
    )
    assert located(log) == []
    assert [e.title for e in site.events] == ["Un", "Deux", "Trois"]
    assert [r.title for r in site.recaps] == ["Retour A", "Retour B"]
    assert site.recaps[1].date == date(2026, 12, 4)


def test_recap_fields(load):
    text = md(
        "title: Retour sur la soirée\ndate: 2026-12-04\n"
        "event: 2026-12-03-soiree\nauthor: Claire M.\n"
        "attendees: 014\nphotos: [images/groupe.jpg]\ntags: [bourgogne]\n",
        body="Le récit.\n",
    )
    site, log = load(events={"a.md": event()}, recaps={"r.md": text}, images=["images/groupe.jpg"])
    assert located(log) == []
    (recap,) = site.recaps
    assert (recap.author, recap.attendees, recap.photos, recap.tags, recap.body) == (
        "Claire M.",
        14,
        ("images/groupe.jpg",),
        ("bourgogne",),
        "Le récit.\n",
    )


def test_files_outside_the_working_folder_are_named_by_their_full_path(
    write_site, tmp_path, monkeypatch
):
    content = write_site(events={"a.md": event(region="monreal")})
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _, log = load_site(content)
    assert [e.path for e in log.sorted()] == [(content / "events" / "a.md").as_posix()]


def test_files_are_named_from_where_the_command_runs_inside_the_content_folder(
    write_site, monkeypatch
):
    content = write_site(events={"a.md": event(region="monreal"), "sous/b.md": event(region="x")})
    monkeypatch.chdir(content / "events" / "sous")
    _, log = load_site(Path("../.."))
    assert sorted(e.path for e in log.sorted()) == ["../../events/a.md", "b.md"]


def test_only_markdown_files_are_read(load):
    site, log = load(events={"a.md": event(), "notes.txt": "pas un événement", "b.md.bak": "---\n"})
    assert located(log) == []
    assert len(site.events) == 1
