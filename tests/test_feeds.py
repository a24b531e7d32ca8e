"""Feeds readers can follow: parsed with feedparser and checked against the content."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from tests.building import FIXTURE_SITEURL, build, git

DOMAIN = "rencontres.example.org"
COMMIT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
LISTED_FIXTURE_EVENTS = {
    # uid -> title: every listed fixture event (not the hidden one, not the draft)
    "2026-06-06-pique-nique-de-juin": "Pique-nique de juin",
    "2026-10-14-diner-a-rimouski": "Dîner à Rimouski",
    "2026-11-20-camp-de-deux-jours": "Camp de deux jours",
    "2026-12-03-soiree-web-de-decembre": "Soirée Web de décembre",
    "2026-12-10-cafe-virtuel": "Café virtuel",
    "2026-12-17-soiree-sur-la-peniche": "Soirée sur la péniche",
    "2027-01-29-twunch": "Twunch",
    "2027-03-14-rencontre-hybride": "Rencontre hybride",
    "2027-03-28-apero-du-passage-a-l-heure-d-ete": "Apéro du passage à l'heure d'été",
    "2027-05-15-ruralcamp": "Ruralcamp",
}


STATUS_MARK = re.compile(r"^(Annulé|Reporté|Déplacé) : ")


def item_id(identity: str) -> str:
    """The id a reader keeps: computed here with the standard library, from the identity."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{identity}@{DOMAIN}')}"


def feeds(site: Path) -> list[Path]:
    return sorted([*site.rglob("feed.xml"), *site.rglob("atom.xml")])


def read(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def test_every_feed_parses_without_the_bozo_flag(fixture_site: Path, demo_site: Path) -> None:
    files = feeds(fixture_site) + feeds(demo_site)
    assert len(files) > 60
    for path in files:
        read(path)


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_site_feed_has_every_listed_event_and_recap_once(fixture_site: Path, name: str) -> None:
    entries = read(fixture_site / name).entries
    by_id = {e.id: e for e in entries}
    assert len(by_id) == len(entries) == len(LISTED_FIXTURE_EVENTS) + 1  # + the recap
    for identity, title in LISTED_FIXTURE_EVENTS.items():
        entry = by_id[item_id(identity)]
        assert STATUS_MARK.sub("", entry.title.split(" — ")[0]) == title
        assert entry.link == f"{FIXTURE_SITEURL}/events/{identity}/"
    recap = by_id[item_id("recap/2026-10-15-retour-sur-le-diner-de-rimouski")]
    assert recap.link == f"{FIXTURE_SITEURL}/recaps/2026-10-15-retour-sur-le-diner-de-rimouski/"
    assert f"{FIXTURE_SITEURL}/events/2026-10-14-diner-a-rimouski/" in recap.content[0].value


def test_items_carry_real_dates_from_history(fixture_site: Path) -> None:
    for entry in read(fixture_site / "atom.xml").entries:
        assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == COMMIT
        assert datetime(*entry.updated_parsed[:6], tzinfo=UTC) == COMMIT


def test_event_items_say_when_where_and_status_in_french(fixture_site: Path) -> None:
    entries = {e.id: e for e in read(fixture_site / "feed.xml").entries}
    soiree = entries[item_id("2026-12-03-soiree-web-de-decembre")]
    assert (
        soiree.title
        == "Soirée Web de décembre — jeudi 3 décembre 2026, 18\xa0h\xa000\xa0– 21\xa0h\xa000"
    )
    assert "Le Quai, 1, rue Saint-Denis, Montréal" in soiree.content[0].value
    online = entries[item_id("2026-12-10-cafe-virtuel")]
    assert "jeudi 10 décembre 2026, 18\xa0h\xa000" in online.title  # in the event's own zone
    assert "En ligne : https://visio.example.org/cafe" in online.content[0].value
    cancelled = entries[item_id("2026-12-17-soiree-sur-la-peniche")]
    assert cancelled.title.startswith("Annulé : Soirée sur la péniche")
    assert "<strong>Statut :</strong> Annulé" in cancelled.content[0].value


def test_links_are_absolute_under_the_sub_path_and_self_links_are_right(fixture_site: Path) -> None:
    rss = read(fixture_site / "regions/quebec/feed.xml")
    atom = read(fixture_site / "regions/quebec/atom.xml")
    assert {link.rel: link.href for link in rss.feed.links}[
        "self"
    ] == f"{FIXTURE_SITEURL}/regions/quebec/feed.xml"
    assert {link.rel: link.href for link in atom.feed.links}[
        "self"
    ] == f"{FIXTURE_SITEURL}/regions/quebec/atom.xml"
    assert rss.feed.link == f"{FIXTURE_SITEURL}/regions/quebec/"
    for entry in rss.entries:
        assert entry.link.startswith(f"{FIXTURE_SITEURL}/")
        assert 'href="/' not in entry.content[0].value and 'href="../' not in entry.content[0].value


def test_region_feeds_include_sub_regions(fixture_site: Path) -> None:
    titles = " ".join(e.title for e in read(fixture_site / "regions/quebec/feed.xml").entries)
    assert "Dîner à Rimouski" in titles and "Twunch" not in titles


def test_no_draft_hidden_template_syntax_or_unresolved_link_in_any_feed(
    fixture_site: Path, demo_site: Path
) -> None:
    for path in feeds(fixture_site) + feeds(demo_site) + [fixture_site / "feed.json"]:
        text = path.read_text()
        for forbidden in ("{{", "{%", "{filename}", "{static}"):
            assert forbidden not in text, (path, forbidden)
    for path in [*feeds(fixture_site), fixture_site / "feed.json"]:
        text = path.read_text()
        assert "Brouillon de soirée" not in text and "Réunion des bénévoles" not in text, path


def test_autodiscovery_links_on_every_page(fixture_site: Path) -> None:
    for page in fixture_site.rglob("*.html"):
        html = page.read_text()
        assert 'rel="alternate" type="application/rss+xml"' in html, page
        assert 'rel="alternate" type="application/atom+xml"' in html, page
        assert 'rel="alternate" type="text/calendar"' in html, page
    region = (fixture_site / "regions/quebec/index.html").read_text()
    assert (
        'type="application/rss+xml" title="Rencontres — Québec (RSS)" '
        'href="../../regions/quebec/feed.xml"' in region
    )


def test_newest_announcement_first_and_an_edit_updates_the_same_item(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "regions.yaml").write_text("mtl:\n  name: Montréal\n  timezone: America/Toronto\n")
    git(content, "init", "-q", "-b", "main")
    event = "---\ntitle: {title}\nstart: 2026-12-{day} 18:00\nregion: mtl\n---\n\n{body}\n"
    (content / "events/a.md").write_text(event.format(title="Première", day="03", body="A."))
    git(content, "add", "-A", date="2026-10-01T10:00:00+00:00")
    git(content, "commit", "-q", "-m", "a", date="2026-10-01T10:00:00+00:00")
    (content / "events/b.md").write_text(event.format(title="Seconde", day="01", body="B."))
    git(content, "add", "-A", date="2026-10-02T10:00:00+00:00")
    git(content, "commit", "-q", "-m", "b", date="2026-10-02T10:00:00+00:00")
    (content / "events/a.md").write_text(
        event.format(title="Première", day="03", body="A, modifié.")
    )
    git(content, "commit", "-qam", "edit a", date="2026-10-05T10:00:00+00:00")
    build(content, tmp_path / "out", SITEURL="https://example.org")
    entries = read(tmp_path / "out/atom.xml").entries
    assert [e.title.split(" — ")[0] for e in entries] == ["Seconde", "Première"]
    first = entries[1]
    assert first.id == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'2026-12-03-premiere@{DOMAIN}')}"
    assert first.published.startswith("2026-10-01T10:00:00") and first.updated.startswith(
        "2026-10-05T10:00:00"
    )


def test_internal_links_are_relative_in_pages_and_absolute_in_feeds_and_calendars(
    fixture_site: Path,
) -> None:
    target = "events/2027-01-29-twunch/"
    page = (
        fixture_site / "events/2027-03-28-apero-du-passage-a-l-heure-d-ete/index.html"
    ).read_text()
    assert f'href="../../{target}"' in page
    apero = item_id("2027-03-28-apero-du-passage-a-l-heure-d-ete")
    entry = {e.id: e for e in read(fixture_site / "atom.xml").entries}[apero]
    assert f'href="{FIXTURE_SITEURL}/{target}"' in entry.content[0].value
    ics = (fixture_site / "calendar.ics").read_bytes().decode().replace("\r\n ", "")
    assert f"le twunch ({FIXTURE_SITEURL}/{target})" in ics
