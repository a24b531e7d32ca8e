"""Events kept between builds: a rebuild loads the same site, and sees every change."""

from __future__ import annotations

import hashlib
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import WriteSite
from contentkit import DEFAULT_REGIONS, located, md

from rencontres.errors import ErrorLog
from rencontres.events import EventDraft
from rencontres.history import History
from rencontres.loadcache import LOADED_EVENTS_FILE, Loaded
from rencontres.loader import Site, load_cache, load_site
from tests.building import git

TWO_HOURS = timedelta(hours=2)
FULL = """\
title: Soirée Web de décembre
start: 2026-12-03 18:00
region: montreal
series: soirees-web-montreal
uid: soiree-web-fixe
tags: [réseautage, web]
"""
PLAIN = "title: Atelier : le web\nstart: 2027-01-14 18:00\nregion: rimouski\n"


def cached_load(
    content: Path, cache_folder: Path, history: History | None = None
) -> tuple[Site, ErrorLog]:
    """Load with the cache a build would use, and save it as a build does."""
    cache = load_cache(content, TWO_HOURS, cache_folder)
    loaded = load_site(content, TWO_HOURS, history, cache)
    cache.save()
    return loaded


def saved_entries(path: Path) -> dict[bytes, Loaded]:
    """The entries of a saved cache: its fingerprint, then pieces of entries to its end."""
    entries: dict[bytes, Loaded] = {}
    with path.open("rb") as handle:
        assert isinstance(pickle.load(handle), str)
        while handle.peek(1):
            entries.update(pickle.load(handle))
    return entries


def test_a_rebuild_from_the_cache_loads_the_very_same_site(
    write_site: WriteSite, tmp_path: Path
) -> None:
    content = write_site(events={"a.md": md(FULL, "Le *texte*.\n"), "b.md": md(PLAIN)})
    fresh, _ = load_site(content, TWO_HOURS)
    cached_load(content, tmp_path / "cache")
    saved = list(saved_entries(tmp_path / "cache" / LOADED_EVENTS_FILE).values())
    assert len(saved) == 2  # light: no text, no field values, only where fields are
    assert [(e.event.body, e.document.fields.values) for e in saved] == [("", {})] * 2
    assert all("title" in e.document.fields.key_lines for e in saved)
    again, log = cached_load(content, tmp_path / "cache")
    assert located(log) == []
    assert again.events == fresh.events
    assert [e.body for e in again.events] == ["Le *texte*.\n", "Le texte de l'annonce.\n"]
    assert again.lines == fresh.lines
    assert again.events[0].uid == "soiree-web-fixe"


def test_texts_from_the_cache_are_the_files_own_last_bytes(
    write_site: WriteSite, tmp_path: Path
) -> None:
    """A cached event's text is cut from the end of the file, not parsed again: accents,
    Windows line ends, a byte-order mark and an empty text come back as they were."""
    content = write_site(events={"a.md": md(FULL), "b.md": md(PLAIN), "c.md": md(PLAIN)})
    events = content / "events"
    (events / "a.md").write_bytes(md(FULL, "Été à Québec\r\n\r\n*fin*\r\n").encode())
    (events / "b.md").write_bytes(b"\xef\xbb\xbf" + md(PLAIN, "Sans BOM ?\n").encode())
    (events / "c.md").write_text(f"---\n{PLAIN.replace('Atelier', 'Vide')}---\n")
    fresh, _ = load_site(content, TWO_HOURS)
    cached_load(content, tmp_path / "cache")
    again, _ = cached_load(content, tmp_path / "cache")
    assert [e.body for e in again.events] == [e.body for e in fresh.events]
    assert {e.body for e in again.events} == {"Été à Québec\r\n\r\n*fin*\r\n", "Sans BOM ?\n", ""}
    assert again.events == fresh.events


def test_an_edited_file_is_read_again(write_site: WriteSite, tmp_path: Path) -> None:
    content = write_site(events={"a.md": md(FULL), "b.md": md(PLAIN)})
    cached_load(content, tmp_path / "cache")
    (content / "events" / "b.md").write_text(md(PLAIN.replace("Atelier", "Apéro")))
    site, _ = cached_load(content, tmp_path / "cache")
    assert [e.title for e in site.events] == ["Soirée Web de décembre", "Apéro : le web"]


def test_changed_regions_start_afresh(write_site: WriteSite, tmp_path: Path) -> None:
    content = write_site(events={"b.md": md(PLAIN)})
    cached_load(content, tmp_path / "cache")
    moved = DEFAULT_REGIONS.replace("America/Toronto", "America/Vancouver")
    (content / "regions.yaml").write_text(moved)
    site, _ = cached_load(content, tmp_path / "cache")
    assert site.events[0].timezone == "America/Vancouver"


def test_a_file_with_an_error_is_reported_on_every_build(
    write_site: WriteSite, tmp_path: Path
) -> None:
    content = write_site(events={"b.md": md(PLAIN.replace("rimouski", "rimouskii"))})
    for _ in range(2):
        site, log = cached_load(content, tmp_path / "cache")
        assert site.events == []
        assert located(log) == [("content/events/b.md", 4, "region", "unknown_region_suggest")]


def test_a_picture_removed_since_is_reported(write_site: WriteSite, tmp_path: Path) -> None:
    pictured = md(PLAIN + "image: images/affiche.png\n")
    content = write_site(events={"b.md": pictured}, images=["images/affiche.png"])
    site, _ = cached_load(content, tmp_path / "cache")
    assert site.events[0].image == "images/affiche.png"
    (content / "images" / "affiche.png").unlink()
    site, log = cached_load(content, tmp_path / "cache")
    assert site.events == []
    assert [code for *_, code in located(log)] == ["missing_file"]


def test_a_damaged_cache_only_costs_the_parsing(write_site: WriteSite, tmp_path: Path) -> None:
    content = write_site(events={"b.md": md(PLAIN)})
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / LOADED_EVENTS_FILE).write_bytes(b"\x80\x05 not a pickle")
    site, log = cached_load(content, tmp_path / "cache")
    assert [e.title for e in site.events] == ["Atelier : le web"] and located(log) == []


def test_an_edit_adds_its_entry_and_many_edits_write_the_file_anew(
    write_site: WriteSite, tmp_path: Path
) -> None:
    names = [f"{n}.md" for n in range(8)]
    content = write_site(events={name: md(PLAIN.replace("Atelier", name)) for name in names})
    saved = tmp_path / "cache" / LOADED_EVENTS_FILE
    cached_load(content, tmp_path / "cache")
    first = saved.read_bytes()
    edit = content / "events" / "0.md"
    edit.write_text(edit.read_text() + "Une ligne de plus.\n")
    cached_load(content, tmp_path / "cache")
    assert saved.read_bytes().startswith(first)  # added at the end, the rest untouched
    assert len(saved_entries(saved)) == 9  # the old version stays, for now
    again, _ = cached_load(content, tmp_path / "cache")
    assert again.events == load_site(content, TWO_HOURS)[0].events
    for name in names[1:3]:  # three versions unused out of eight: more than a quarter
        (content / "events" / name).write_text(md(PLAIN.replace("Atelier", f"{name} !")))
    cached_load(content, tmp_path / "cache")
    assert len(saved_entries(saved)) == 8  # written anew, with this build's entries only


def test_entries_are_not_added_to_a_file_another_build_wrote_since(
    write_site: WriteSite, tmp_path: Path
) -> None:
    """Two builds sharing a cache, with other settings: one that read the file before the
    other replaced it must not add its entries to the other's file (the review's repro)."""
    content = write_site(events={f"{n}.md": md(PLAIN.replace("Atelier", str(n))) for n in range(8)})
    cache_folder, three_hours = tmp_path / "cache", timedelta(hours=3)
    cached_load(content, cache_folder)
    edit = content / "events" / "0.md"
    edit.write_text(edit.read_text() + "Plus.\n")
    slow = load_cache(content, TWO_HOURS, cache_folder)  # reads the two-hour file, whole
    load_site(content, TWO_HOURS, None, slow)
    other = load_cache(content, three_hours, cache_folder)  # meanwhile, three hours
    load_site(content, three_hours, None, other)
    other.save()
    slow.save()  # would add a two-hour event to the three-hour file
    again = load_cache(content, three_hours, cache_folder)
    site, _ = load_site(content, three_hours, None, again)
    assert {e.end - e.start for e in site.events} == {three_hours}


def test_entries_before_a_damaged_end_are_kept(
    write_site: WriteSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build stopped while adding entries leaves a damaged end: what comes before it
    still loads, and the next save writes the file anew."""
    content = write_site(events={"a.md": md(FULL), "b.md": md(PLAIN)})
    saved = tmp_path / "cache" / LOADED_EVENTS_FILE
    fresh, _ = cached_load(content, tmp_path / "cache")
    saved.write_bytes(saved.read_bytes() + b"\x80\x05 cut short")

    def refuse(draft: EventDraft) -> None:
        raise AssertionError(f"{draft.path} was checked again")

    monkeypatch.setattr(EventDraft, "build", refuse)
    again, _ = cached_load(content, tmp_path / "cache")
    assert again.events == fresh.events
    assert len(saved_entries(saved)) == 2  # written anew: readable to its end again


def test_identities_from_the_history_survive_the_cache(
    write_site: WriteSite, tmp_path: Path
) -> None:
    content = write_site(events={"a.md": md(FULL.replace("uid: soiree-web-fixe\n", "")),
                                 "b.md": md(PLAIN)})  # fmt: skip
    git(content, "init", "-q", "-b", "main")
    git(content, "add", "-A")
    git(content, "commit", "-q", "-m", "first versions")
    (content / "events" / "a.md").write_text(md(FULL.replace("décembre", "Noël")))
    (content / "events" / "b.md").write_text(md(PLAIN.replace("Atelier", "Apéro")))
    history = History.from_git(content, datetime(2026, 11, 21, tzinfo=UTC))
    for _ in range(2):  # the first build fills the cache, the second reads it
        site, _ = cached_load(content, tmp_path / "cache", history)
        uids = [e.uid for e in site.events]
        assert uids == ["soiree-web-fixe", "2027-01-14-atelier-le-web"]
        assert_digests_are_of_their_fields(site)


def assert_digests_are_of_their_fields(site: Site) -> None:
    """Each event's and recap's kept digest is the one its fields give now."""
    for item in [*site.events, *site.recaps]:
        assert item.fields_digest == hashlib.blake2b(repr(item).encode(), digest_size=20).digest()


def test_the_digest_of_each_files_fields_is_kept_with_it(
    write_site: WriteSite, tmp_path: Path
) -> None:
    content = write_site(events={"a.md": md(FULL, "Texte.\n"), "b.md": md(PLAIN)},
                         recaps={"r.md": md(RECAP, "Une soirée.\n")})  # fmt: skip
    cached_load(content, tmp_path / "cache")
    saved = saved_entries(tmp_path / "cache" / LOADED_EVENTS_FILE).values()
    assert all("fields_digest" in vars(entry.event) for entry in saved)
    again, _ = cached_load(content, tmp_path / "cache")
    assert all("fields_digest" in vars(item) for item in [*again.events, *again.recaps])
    assert_digests_are_of_their_fields(again)
    (content / "events" / "b.md").write_text(md(PLAIN.replace("Atelier", "Apéro")))
    edited, _ = cached_load(content, tmp_path / "cache")
    assert edited.events[1].title == "Apéro : le web"
    assert_digests_are_of_their_fields(edited)


def test_a_rebuild_takes_unchanged_events_from_the_cache(
    write_site: WriteSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_site(events={"a.md": md(FULL), "b.md": md(PLAIN)})
    fresh, _ = cached_load(content, tmp_path / "cache")

    def refuse(draft: EventDraft) -> None:
        raise AssertionError(f"{draft.path} was checked again")

    monkeypatch.setattr(EventDraft, "build", refuse)
    again, _ = cached_load(content, tmp_path / "cache")
    assert again.events == fresh.events


RECAP = "title: Retour sur décembre\ndate: 2026-12-04\nevent: 2026-12-03-soiree-web-de-decembre\n"


def test_a_rebuild_takes_unchanged_recaps_from_the_cache(
    write_site: WriteSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_site(
        events={"a.md": md(FULL)}, recaps={"r.md": md(RECAP, "Une *belle* soirée.\n")}
    )
    fresh, log = cached_load(content, tmp_path / "cache")
    assert located(log) == [] and len(fresh.recaps) == 1

    def refuse(path: str, *_: object) -> None:
        raise AssertionError(f"{path} was checked again")

    monkeypatch.setattr("rencontres.loader.build_recap", refuse)
    again, _ = cached_load(content, tmp_path / "cache")
    assert again.recaps == fresh.recaps and again.recaps[0].body == "Une *belle* soirée.\n"
    assert again.lines == fresh.lines


def test_a_recaps_photo_removed_since_is_reported(write_site: WriteSite, tmp_path: Path) -> None:
    pictured = md(RECAP + "photos: [images/salle.jpg]\n")
    content = write_site(
        events={"a.md": md(FULL)}, recaps={"r.md": pictured}, images=["images/salle.jpg"]
    )
    site, _ = cached_load(content, tmp_path / "cache")
    assert site.recaps[0].photos == ("images/salle.jpg",)
    (content / "images" / "salle.jpg").unlink()
    site, log = cached_load(content, tmp_path / "cache")
    assert site.recaps == []
    assert [code for *_, code in located(log)] == ["missing_file"]


def test_the_cache_counts_the_files_no_earlier_build_saw(
    write_site: WriteSite, tmp_path: Path
) -> None:
    """New or changed files, those never kept (a picture, an error) included."""
    pictured = md(PLAIN.replace("Atelier", "Affiche") + "image: images/a.png\n")
    broken = md(PLAIN.replace("rimouski", "atlantide"))
    events = {"a.md": md(FULL), "b.md": md(PLAIN), "p.md": pictured, "x.md": broken}
    content = write_site(events=events, recaps={"r.md": md(RECAP)}, images=["images/a.png"])

    def parsed_afresh() -> int:
        cache = load_cache(content, TWO_HOURS, tmp_path / "cache")
        site, _ = load_site(content, TWO_HOURS, None, cache)
        cache.save()
        return len(site.anew)

    assert parsed_afresh() == 5
    assert parsed_afresh() == 0  # the pictured and broken ones were seen, though not kept
    (content / "events" / "b.md").write_text(md(PLAIN.replace("Atelier", "Apéro")))
    (content / "events" / "p.md").write_text(pictured.replace("Affiche", "Affiche !"))
    assert parsed_afresh() == 2
    assert parsed_afresh() == 0
