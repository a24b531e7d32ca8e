"""SEQUENCE and LAST-MODIFIED come from the content's git history; UIDs survive edits."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from rencontres import history as history_module
from rencontres.history import History
from tests.building import FROZEN_NOW, REPO, build, git

REGIONS = "montreal:\n  name: Montréal\n  timezone: America/Toronto\n"
EVENT = """---
title: {title}
start: {start}
region: montreal
{extra}---

{body}
"""
DAY1, DAY2, DAY3 = (
    "2026-10-01T10:00:00+00:00",
    "2026-10-05T10:00:00+00:00",
    "2026-10-09T10:00:00+00:00",
)


BODY = """Chaque mois, on se retrouve pour parler de web, de projets et de tout le reste.

Pas de conférence : on vient, on se présente, on repart avec trois contacts.
La salle est accessible en fauteuil roulant ; le métro est à deux pas.
"""


def write_event(
    content: Path, name: str, title="Soirée", start="2026-12-03 18:00", extra="", body=BODY
):
    (content / "events" / name).write_text(
        EVENT.format(title=title, start=start, extra=extra, body=body)
    )


def commit(content: Path, when: str) -> None:
    git(content, "add", "-A", date=when)
    git(content, "commit", "-q", "--allow-empty", "-m", "edit", date=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "regions.yaml").write_text(REGIONS)
    git(content, "init", "-q", "-b", "main")
    write_event(content, "soiree.md")
    commit(content, DAY1)
    return content


def built_vevent(content: Path, output: Path) -> icalendar.Event:
    build(content, output)
    (vevent,) = icalendar.Calendar.from_ical((output / "calendar.ics").read_bytes()).walk("VEVENT")
    return vevent


def at(when: str) -> datetime:
    return datetime.fromisoformat(when).astimezone(UTC)


def test_a_new_event_has_sequence_zero_and_its_commit_date(repo: Path, tmp_path: Path) -> None:
    vevent = built_vevent(repo, tmp_path / "out")
    assert vevent["SEQUENCE"] == 0
    assert vevent["LAST-MODIFIED"].dt == at(DAY1) == vevent["DTSTAMP"].dt


def test_a_content_change_raises_sequence_and_a_rename_does_not(repo: Path, tmp_path: Path) -> None:
    write_event(repo, "soiree.md", body="Texte modifié : la salle a changé.")
    commit(repo, DAY2)
    edited = built_vevent(repo, tmp_path / "edited")
    assert edited["SEQUENCE"] == 1 and edited["LAST-MODIFIED"].dt == at(DAY2)
    git(repo, "mv", "events/soiree.md", "events/renomme.md", date=DAY3)
    commit(repo, DAY3)
    renamed = built_vevent(repo, tmp_path / "renamed")
    assert renamed["SEQUENCE"] == 1 and renamed["LAST-MODIFIED"].dt == at(DAY2)
    assert renamed["UID"] == edited["UID"]


def test_a_rebuild_without_change_changes_nothing(repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "one")
    build(repo, tmp_path / "two")
    assert (tmp_path / "one/calendar.ics").read_bytes() == (
        tmp_path / "two/calendar.ics"
    ).read_bytes()


def test_an_uncommitted_edit_counts_as_one_more_change_made_now(repo: Path, tmp_path: Path) -> None:
    write_event(repo, "soiree.md", body="Pas encore commité.")
    vevent = built_vevent(repo, tmp_path / "out")
    assert vevent["SEQUENCE"] == 1
    assert vevent["LAST-MODIFIED"].dt == datetime.fromisoformat(FROZEN_NOW).astimezone(UTC)


@pytest.mark.parametrize(
    "pin", ["", "uid: soiree-web-montreal-2026-12\n", "slug: 2026-12-03-soiree\n"]
)
def test_the_identity_survives_new_title_date_and_file_name(
    repo: Path, tmp_path: Path, pin: str
) -> None:
    write_event(repo, "soiree.md", extra=pin)
    commit(repo, DAY2)
    before = built_vevent(repo, tmp_path / "before")
    (repo / "events/soiree.md").unlink()
    write_event(
        repo, "autre-nom.md", title="Grande soirée de décembre", start="2026-12-10 19:00", extra=pin
    )
    commit(repo, DAY3)
    after = built_vevent(repo, tmp_path / "after")
    assert after["UID"] == before["UID"]
    assert str(after["SUMMARY"]) == "Grande soirée de décembre"
    if not pin:  # the identity is the first committed version's slug; the address follows the title
        assert str(after["UID"]) == "2026-12-03-soiree@rencontres.example.org"
        assert str(after["URL"]).endswith("/events/2026-12-10-grande-soiree-de-decembre/")


def test_first_versions_are_read_by_blob_and_only_for_files_changed_since(repo: Path) -> None:
    """An unchanged file still has its first text; a renamed and edited one is read from
    its first blob (by id: looked up by path, 10,000 files took git 12 s)."""
    write_event(repo, "soiree.md")
    write_event(repo, "autre.md", title="Autre")
    commit(repo, DAY2)
    first = (repo / "events/autre.md").read_text(encoding="utf-8")
    (repo / "events/autre.md").rename(repo / "events/renommee.md")
    write_event(repo, "renommee.md", title="Autre, renommée")
    commit(repo, DAY3)
    now = datetime.fromisoformat(FROZEN_NOW)
    history = History.from_git(repo, now)
    origin = history.of("events/renommee.md").origin
    assert origin == git(repo, "rev-parse", "HEAD~1:events/autre.md").strip()
    blobs = history.first_blobs(["events/soiree.md", "events/renommee.md"])
    assert blobs == {"events/renommee.md": origin}
    assert history.read_blobs(blobs.values()) == {origin: first}


def test_a_first_versions_identity_is_kept_and_git_not_asked_again(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_event(repo, "soiree.md", title="Soirée renommée")
    commit(repo, DAY2)
    read: list[list[str]] = []
    cat_files = history_module._cat_files

    def noted(folder: Path, specs: list[str]) -> dict[str, str]:
        read.append(specs)
        return cat_files(folder, specs)

    monkeypatch.setattr(history_module, "_cat_files", noted)
    first = built_vevent(repo, tmp_path / "out")
    again = built_vevent(repo, tmp_path / "out")  # the same cache
    assert (
        len(read) == 1
        and first["UID"] == again["UID"] == "2026-12-03-soiree@rencontres.example.org"
    )


def test_a_commits_history_is_kept_and_git_read_again_for_another_commit(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild at the same commit (the edit loop) takes the history kept by the last
    one, with the edits not yet committed counted; a new commit, or a damaged file, reads
    git's log again."""
    write_event(repo, "soiree.md")
    commit(repo, DAY2)
    kept, now = tmp_path / "cache", datetime.fromisoformat(FROZEN_NOW)
    History.from_git(repo, now, kept=kept)
    logs: list[tuple[str, ...]] = []
    run_git = history_module._git

    def noted(folder: Path, *args: str) -> str | None:
        logs.extend([args] if args[0] == "log" else [])
        return run_git(folder, *args)

    monkeypatch.setattr(history_module, "_git", noted)
    write_event(repo, "soiree.md", title="Soirée modifiée")
    edited = History.from_git(repo, now, kept=kept)
    assert logs == [] and edited.of("events/soiree.md").sequence == 1
    commit(repo, DAY3)
    committed = History.from_git(repo, now, kept=kept)
    assert len(logs) == 1 and committed.revisions == History.from_git(repo, now).revisions
    for damaged in kept.glob("rencontres-history-*"):
        damaged.write_bytes(b"not a pickle")
    assert History.from_git(repo, now, kept=kept).revisions == committed.revisions
    assert len(logs) == 3  # read again (and once above, without a kept folder)


@pytest.mark.parametrize("staged", [False, True])
def test_the_identity_survives_uncommitted_edits_and_a_name_with_spaces(
    repo: Path, tmp_path: Path, staged: bool
) -> None:
    """git quotes a path with a space in its plain status, and a staged rename shows no
    edit: either way the first committed version gives the identity."""
    (repo / "events/soiree.md").unlink()
    write_event(repo, "soirée du 3.md")
    commit(repo, DAY2)
    before = built_vevent(repo, tmp_path / "before")
    if staged:
        git(repo, "mv", "events/soirée du 3.md", "events/soirée renommée.md")
    new_name = "soirée renommée.md" if staged else "soirée du 3.md"
    write_event(repo, new_name, title="Grande soirée", start="2026-12-10 19:00")
    if staged:
        git(repo, "add", "-A")
    after = built_vevent(repo, tmp_path / "after")
    assert after["UID"] == before["UID"] and str(after["SUMMARY"]) == "Grande soirée"


def test_a_kept_history_is_read_again_once_the_whole_history_is_fetched(
    repo: Path, tmp_path: Path
) -> None:
    write_event(repo, "soiree.md", title="Deuxième version")
    commit(repo, DAY2)
    write_event(repo, "soiree.md", title="Troisième version")
    commit(repo, DAY3)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
                   check=True, capture_output=True)  # fmt: skip
    kept, now = tmp_path / "cache", datetime.fromisoformat(FROZEN_NOW)
    assert History.from_git(shallow, now, kept=kept).of("events/soiree.md").sequence == 0
    git(shallow, "fetch", "-q", "--unshallow")
    whole = History.from_git(shallow, now, kept=kept)
    assert not whole.shallow and whole.of("events/soiree.md").sequence == 2


def test_outside_git_every_file_counts_as_new_now(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "regions.yaml").write_text(REGIONS)
    write_event(content, "soiree.md")
    vevent = built_vevent(content, tmp_path / "out")
    assert vevent["SEQUENCE"] == 0
    assert vevent["DTSTAMP"].dt == datetime.fromisoformat(FROZEN_NOW).astimezone(UTC)


def test_accented_file_names_keep_their_history(repo: Path, tmp_path: Path) -> None:
    write_event(repo, "soirée-accentuée.md", title="Autre soirée", start="2026-12-10 18:00")
    commit(repo, DAY2)
    write_event(
        repo, "soirée-accentuée.md", title="Autre soirée", start="2026-12-10 18:00", body="Modifié."
    )
    commit(repo, DAY3)
    build(repo, tmp_path / "out")
    cal = icalendar.Calendar.from_ical((tmp_path / "out/calendar.ics").read_bytes())
    (accented,) = [e for e in cal.walk("VEVENT") if str(e["SUMMARY"]) == "Autre soirée"]
    assert accented["SEQUENCE"] == 1 and accented["LAST-MODIFIED"].dt == at(DAY3)


def test_a_staged_rename_is_not_a_change(repo: Path, tmp_path: Path) -> None:
    git(repo, "mv", "events/soiree.md", "events/nouveau-nom.md")
    vevent = built_vevent(repo, tmp_path / "out")
    assert vevent["SEQUENCE"] == 0 and vevent["LAST-MODIFIED"].dt == at(DAY1)


def test_a_change_to_the_series_an_event_inherits_from_bumps_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "regions.yaml").write_text(REGIONS)
    series = "club:\n  name: Club\n  region: montreal\n  venue:\n    name: {venue}\n"
    (content / "series.yaml").write_text(series.format(venue="Salle A"))
    git(content, "init", "-q", "-b", "main")
    write_event(content, "soiree.md", extra="series: club\n")
    commit(content, DAY1)
    (content / "series.yaml").write_text(series.format(venue="Salle B"))
    commit(content, DAY2)
    vevent = built_vevent(content, tmp_path / "out")
    assert str(vevent["LOCATION"]) == "Salle B"
    assert vevent["SEQUENCE"] == 1 and vevent["LAST-MODIFIED"].dt == at(DAY2)


def test_a_shallow_clone_is_reported(repo: Path, tmp_path: Path) -> None:
    write_event(repo, "soiree.md", body="Deuxième version.")
    commit(repo, DAY2)
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True
    )
    command = [
        *(str(REPO / ".venv/bin/pelican"), str(shallow), "-o", str(tmp_path / "out")),
        *("-s", str(REPO / "pelicanconf.py"), "-e", f"EVENTS_NOW={json.dumps(FROZEN_NOW)}"),
        f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "WARNING rencontres_events: the git history is shallow" in result.stderr
