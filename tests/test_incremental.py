"""A rebuild in the same folder writes only what changed, and equals a clean build byte for byte."""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import pickle
import re
import shutil
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import rencontres_search
from rencontres.markup import MarkdownRenderer
from rencontres_events import calendars, generator, parallel
from rencontres_events.fragments import FragmentStore
from rencontres_events.generator import EventsGenerator
from rencontres_events.outputs import Outputs
from rencontres_events.templating import TemplateHelpers
from rencontres_search import indexing
from tests.building import (
    FIXTURE_CONTENT,
    FIXTURE_SITEURL,
    FROZEN_NOW,
    REPO,
    SEARCH_INDEX_FOLDER,
    build,
    committed_copy,
    git,
    tree,
)

Edit = Callable[[Path], None]
EVENT = "events/soiree-decembre.md"
EVENT_PAGE = "events/2026-12-03-soiree-web-de-decembre/index.html"
PAST_EVENT = "events/ancien.md"


def replace(relative: str, old: str, new: str) -> Edit:
    """An edit of one content file."""

    def edit(content: Path) -> None:
        path = content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def remove(relative: str) -> Edit:
    """Delete one content file."""
    return lambda content: (content / relative).unlink()


def add_recap(content: Path) -> None:
    """A recap of an event that had none."""
    (content / "recaps/retour-decembre.md").write_text(
        "---\ntitle: Retour sur décembre\ndate: 2026-12-04\n"
        "event: 2026-12-03-soiree-web-de-decembre\n---\n\nUne belle soirée.\n",
        encoding="utf-8",
    )


EDITS: dict[str, Edit] = {
    "one event's text": replace(EVENT, "au Quai", "au Quai, à l'étage"),
    "one event's title": replace(EVENT, "title: Soirée Web de décembre", "title: Soirée de Noël"),
    "one event's date": replace(EVENT, "start: 2026-12-03 18:00", "start: 2026-12-10 18:00"),
    "one event's tag spelling": replace(EVENT, "[réseautage, Web]", "[Réseautage, web]"),
    # a row of the archive, kept between builds, changes while the others are reused
    "a past event's title": replace(PAST_EVENT, "Pique-nique de juin", "Pique-nique de juillet"),
    "a past event's text": replace(PAST_EVENT, "au bord du fleuve", "au bord de l'eau"),
    "an event removed": remove("events/barcamp.md"),
    # November 2026's only event, inside the search part that runs from June to May
    "a month's only event removed": remove("events/en-cours.md"),
    "a recap added": add_recap,
    "a series renamed": replace("series.yaml", "name: Les Soirées Web", "name: Soirées du Web"),
    "a region renamed": replace("regions.yaml", "name: Rimouski", "name: Rimouski (ville)"),
}

# Names of regions and series are part of every file's key: such an edit writes all.
NAMES_EVERYWHERE = ("a series renamed", "a region renamed")


def written(capsys: pytest.CaptureFixture[str]) -> int:
    """How many files the last build says it wrote."""
    found = re.findall(r"(\d+) files written", capsys.readouterr().out)
    assert found, "the build did not say how many files it wrote"
    return int(found[-1])


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return committed_copy(FIXTURE_CONTENT, tmp_path / "content")


def site(content: Path, output: Path, **settings: object) -> dict[str, bytes]:
    """Build and read back every file."""
    build(content, output, SITEURL=FIXTURE_SITEURL, **settings)
    return tree(output)


@pytest.mark.parametrize("change", EDITS, ids=list(EDITS))
def test_rebuild_after_an_edit_equals_a_clean_build_and_writes_less(
    change: str, content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = site(content, tmp_path / "out")
    everything = written(capsys)
    EDITS[change](content)
    rebuilt = site(content, tmp_path / "out")
    rewritten = written(capsys)
    clean = site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)
    assert rebuilt.keys() == clean.keys()
    assert [name for name in clean if rebuilt[name] != clean[name]] == []
    assert rebuilt != first  # the edit shows
    if change not in NAMES_EVERYWHERE:
        assert rewritten < everything / 2, f"{rewritten} of {everything} files written again"


@pytest.mark.parametrize(
    ("earlier", "later", "changed"),
    [
        (FROZEN_NOW, "2026-12-09T12:00:00-05:00", EVENT_PAGE),  # the evening has passed
        # it starts: the same lists, but its cards say « En cours »
        ("2026-12-03T17:00:00-05:00", "2026-12-03T19:00:00-05:00", "index.html"),
    ],
    ids=["an evening passes", "an evening starts"],
)
def test_rebuild_when_now_moves_equals_a_clean_build_then(
    earlier: str, later: str, changed: str, content: Path, tmp_path: Path
) -> None:
    before = site(content, tmp_path / "out", EVENTS_NOW=earlier)
    rebuilt = site(content, tmp_path / "out", EVENTS_NOW=later)
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_NOW=later)
    assert rebuilt[changed] != before[changed]


def test_rebuild_without_change_writes_no_page_calendar_feed_or_index(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out"
    site(content, output)
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    capsys.readouterr()
    site(content, output)
    assert " 0 removed" in capsys.readouterr().out  # the theme's files are not swept either
    rewritten = sorted(
        p.relative_to(output).as_posix() for p, s in stamps.items() if p.stat().st_mtime_ns != s
    )
    assert not [p for p in rewritten if p.endswith((".html", ".ics", ".xml", ".json", ".txt"))
                and not p.startswith(("theme/", "search/"))]  # fmt: skip
    assert not [p for p in rewritten if p.startswith(f"{SEARCH_INDEX_FOLDER}/")]


@pytest.mark.parametrize("workers", [1, 2])  # 2: a child lists the folder while content loads
def test_a_file_changed_in_the_output_is_written_again(
    content: Path, tmp_path: Path, workers: int
) -> None:
    output = tmp_path / "out"
    clean = site(content, output)
    (output / EVENT_PAGE).write_text("changed by hand")
    (output / "calendar.ics").unlink()
    assert site(content, output, EVENTS_WORKERS=workers) == clean


def test_without_a_record_unknown_files_are_removed(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    clean = site(content, output)
    (output / "stray.html").write_text("from elsewhere")
    shutil.rmtree(tmp_path / "out-cache")
    assert site(content, output) == clean


def test_a_theme_change_writes_every_page_again(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
    output = tmp_path / "out"
    site(content, output, THEME=str(theme))
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- changed --></body>"))
    rebuilt = site(content, output, THEME=str(theme))
    pages = [
        name for name in rebuilt if name.endswith(".html") and "<body" in rebuilt[name].decode()
    ]
    assert pages and all(b"<!-- changed -->" in rebuilt[name] for name in pages)
    assert rebuilt == site(content, tmp_path / "clean", THEME=str(theme), EVENTS_INCREMENTAL=False)


@pytest.mark.parametrize("few", [generator.FEW_CHANGED_FILES, -1])  # -1: pages shared out
def test_pages_written_by_two_processes_are_all_recorded(
    few: int,
    content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(generator, "FEW_CHANGED_FILES", few)
    output = tmp_path / "out"
    site(content, output, EVENTS_WORKERS=2)
    everything = written(capsys)
    replace(EVENT, "au Quai", "au Quai, à l'étage")(content)
    rebuilt = site(content, output, EVENTS_WORKERS=2)
    assert written(capsys) < everything / 2
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


@pytest.mark.parametrize("change", ["one event's date", "a recap added", "a region renamed"])
def test_two_processes_rebuild_after_an_edit_as_a_clean_build(
    change: str, content: Path, tmp_path: Path
) -> None:
    site(content, tmp_path / "out", EVENTS_WORKERS=2)
    EDITS[change](content)
    rebuilt = site(content, tmp_path / "out", EVENTS_WORKERS=2)
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


def test_one_process_writes_the_pages_only_when_few_change(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are shared out by two processes unless the last build wrote the same site
    (code, settings, regions, series, year) and few files changed since."""
    alone: list[bool] = []
    write_all_pages = EventsGenerator._write_all_pages

    def noted(self: EventsGenerator, *args: Any) -> None:
        alone.append(True)
        write_all_pages(self, *args)

    monkeypatch.setattr(EventsGenerator, "_write_all_pages", noted)

    def written_alone(**settings: object) -> bool:
        alone.clear()
        site(content, tmp_path / "out", EVENTS_WORKERS=2, **settings)
        return bool(alone)

    assert not written_alone()  # every page is new
    replace(EVENT, "au Quai", "au Quai, à l'étage")(content)
    assert written_alone()
    assert not written_alone(EVENTS_NOW="2027-01-02T12:00:00-05:00")  # the year is in every key
    replace("regions.yaml", "name: Rimouski", "name: Rimouski (ville)")(content)
    assert not written_alone(EVENTS_NOW="2027-01-02T12:00:00-05:00")
    assert written_alone(EVENTS_NOW="2027-01-02T12:00:00-05:00")
    event = (content / EVENT).read_text(encoding="utf-8")
    for n in range(3):
        added = event.replace("Soirée Web de décembre", f"Soirée numéro {n}")
        (content / "events" / f"ajout-{n}.md").write_text(added, encoding="utf-8")
    monkeypatch.setattr(generator, "FEW_CHANGED_FILES", 2)
    assert not written_alone(EVENTS_NOW="2027-01-02T12:00:00-05:00")


def test_another_number_of_processes_writes_nothing_again(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site(content, tmp_path / "out", EVENTS_WORKERS=1)
    assert written(capsys) > 0
    site(content, tmp_path / "out", EVENTS_WORKERS=2)
    assert written(capsys) == 0


def test_an_edit_indexes_again_only_the_search_parts_it_touches(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "PART_PAGES", 1)  # a part per month
    output = tmp_path / "out"
    site(content, output)

    def stamps() -> dict[str, int]:
        bundles = (output / SEARCH_INDEX_FOLDER).iterdir()
        return {
            b.name: (b / "pagefind-entry.json").stat().st_mtime_ns for b in bundles if b.is_dir()
        }

    before = stamps()
    replace(EVENT, "au Quai", "au Quai, à l'étage")(content)  # an event of December 2026
    rebuilt = site(content, output)
    indexed = {name for name, stamp in stamps().items() if stamp != before[name]}
    # The region and series pages showing the event are rendered again (their keys hold
    # its text, which their cards do not show) to the same bytes: no page of main changed.
    assert indexed == {"2026-12"}
    assert set(before) - indexed - {"main"}, "every month was indexed again"
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


def test_an_edit_is_indexed_while_the_pages_of_other_parts_are_written(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild writes first the pages of the edited event's part and of the main part
    (regions and series), then indexes that part again while it writes the others."""
    monkeypatch.setattr(indexing, "PART_PAGES", 1)  # a part per month
    output = tmp_path / "out"
    site(content, output)
    steps: list[tuple[str, Any]] = []
    write_page, start = EventsGenerator._write_page, rencontres_search.start_indexing

    def page_noted(self: EventsGenerator, writer: Any, page: Any) -> None:
        steps.append(("page", page.save_as))
        write_page(self, writer, page)

    def start_noted(output: Path, only: set[str] | None, *args: Any) -> indexing.Indexing:
        steps.append(("index", only))
        return start(output, only, *args)

    monkeypatch.setattr(EventsGenerator, "_write_page", page_noted)
    monkeypatch.setattr(rencontres_search, "start_indexing", start_noted)
    replace(EVENT, "au Quai", "au Quai, à l'étage")(content)  # an event of December 2026
    rebuilt = site(content, output)
    [early, last] = [n for n, (kind, _) in enumerate(steps) if kind == "index"]
    assert steps[early][1] == {"2026-12"} and steps[last][1] == set()
    december = ("events/2026-12-", "recaps/2026-12-")
    first = {path for _, path in steps[:early]}
    assert EVENT_PAGE in first and "regions/montreal/index.html" in first
    assert "events/2026-12-17-soiree-sur-la-peniche/index.html" in first  # all of the part
    assert not any(path.startswith(("events/2027-", "tags/")) for path in first)
    later = [path for _, path in steps[early + 1 : last]]
    assert "events/2027-01-29-twunch/index.html" in later
    assert not any(path.startswith(december) for path in later)
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


@pytest.mark.parametrize("workers", [1, 2])  # 2: the other process's pages are reported too
def test_pages_rewritten_only_where_search_does_not_read_are_not_indexed_again(
    workers: int, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """January's event lists December's among the next dates of their series, a part of
    its page search ignores: a new title for December's rewrites January's page, but
    does not index January's part again."""
    monkeypatch.setattr(indexing, "PART_PAGES", 1)  # a part per month
    january = (content / EVENT).read_text(encoding="utf-8")
    january = january.replace("Soirée Web de décembre", "Soirée Web de janvier")
    (content / "events/soiree-janvier.md").write_text(
        january.replace("start: 2026-12-03", "start: 2027-01-07"), encoding="utf-8"
    )
    output = tmp_path / "out"
    first = site(content, output, EVENTS_WORKERS=workers)
    indexed: list[str] = []
    index_part = indexing._index_part

    def noted(output: Path, binary: Path, part: indexing.Part) -> str | None:
        indexed.append(part.name)
        return index_part(output, binary, part)

    monkeypatch.setattr(indexing, "_index_part", noted)
    EDITS["one event's title"](content)
    rebuilt = site(content, output, EVENTS_WORKERS=workers)
    january_page = "events/2027-01-07-soiree-web-de-janvier/index.html"
    assert rebuilt[january_page] != first[january_page]  # its list of next dates
    # main: the region and series pages list it outside their indexed elements, which
    # the comparison does not tell apart from the rest of the page (it keeps all but the
    # ignored elements)
    assert indexed == ["main", "2026-12"]
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


def test_recaps_are_indexed_with_their_months_events_not_with_the_regions(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main part holds the regions and series only: an edit of an event's title,
    which their pages show, indexes it again without the site's recaps."""
    monkeypatch.setattr(indexing, "PART_PAGES", 1)  # a part per month
    output = tmp_path / "out"
    site(content, output)

    def indexed_pages(part: str) -> int:
        entry = output / SEARCH_INDEX_FOLDER / part / "pagefind-entry.json"
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        return sum(language["page_count"] for language in languages.values())

    def searched(pages: list[Path]) -> int:
        return sum(b"data-pagefind-body" in page.read_bytes() for page in pages)

    main = [*(output / "regions").rglob("*.html"), *(output / "series").rglob("*.html")]
    october = [*output.glob("events/2026-10-*/*.html"), *output.glob("recaps/2026-10-*/*.html")]
    assert any(page.parts[-3] == "recaps" for page in october)
    assert indexed_pages("main") == searched(main)
    assert indexed_pages("2026-10") == searched(october) == len(october)


def test_a_rebuild_renders_only_the_markdown_that_changed(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out"
    site(content, output)
    site(content, output)  # renders nothing, and must still keep every text's HTML
    replace(EVENT, "au Quai", "au Quai, à l'étage")(content)
    rendered: list[str] = []
    render = MarkdownRenderer.render

    def spy(self: MarkdownRenderer, text: str) -> str:
        rendered.append(text)
        return render(self, text)

    monkeypatch.setattr(MarkdownRenderer, "render", spy)
    site(content, output)
    assert len(rendered) == 1 and "à l'étage" in rendered[0]


def test_a_month_whose_events_all_go_leaves_the_index_and_the_site(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexing, "PART_PAGES", 1)  # a part per month
    output = tmp_path / "out"
    replace("events/ancien.md", "start: 2026-06-06", "start: 2025-06-06")(content)
    git(content, "commit", "-qam", "a year of its own")
    site(content, output)
    assert "2025-06" in json.loads((output / "pagefind/parts.json").read_text())["parts"]
    replace("events/ancien.md", "start: 2025-06-06", "start: 2026-06-06")(content)
    rebuilt = site(content, output)
    assert not any(name.startswith(("events/2025-", "pagefind/2025-06/")) for name in rebuilt)
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


@pytest.mark.parametrize("workers", [1, 2])
def test_files_another_build_left_in_the_folder_are_removed(
    content: Path, tmp_path: Path, workers: int
) -> None:
    output = tmp_path / "out"
    site(content, output)
    add_recap(content)
    site(content, output, EVENTS_INCREMENTAL=False)  # writes the recap's page, keeps no record
    (content / "recaps/retour-decembre.md").unlink()
    rebuilt = site(content, output, EVENTS_WORKERS=workers)
    assert not any(name.startswith("recaps/retour-sur-decembre") for name in rebuilt)
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


def test_a_failed_build_thrown_away_leaves_nothing_stale(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``make html`` does: build into a copy of the site, swap it in only on success."""
    published, scratch = tmp_path / "out", tmp_path / "out.new"

    def make() -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(published, scratch, symlinks=True)  # with its files' times, as cp -a
        build(content, scratch, SITEURL=FIXTURE_SITEURL, CACHE_PATH=str(tmp_path / "cache"))
        shutil.rmtree(published)
        scratch.rename(published)

    build(content, published, SITEURL=FIXTURE_SITEURL)
    make()
    remove("events/barcamp.md")(content)
    with monkeypatch.context() as patch, pytest.raises(SystemExit):
        (tmp_path / "in-the-way").write_text("not a folder")  # Pagefind cannot write there
        in_the_way = contextlib.nullcontext(str(tmp_path / "in-the-way"))
        patch.setattr(indexing, "scratch_folder", lambda: in_the_way)
        make()  # fails once its record is written: the copy is thrown away
    assert "events/2027-05-15-ruralcamp/index.html" in tree(published)  # the last good site
    make()
    assert tree(published) == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


def test_template_overrides_are_part_of_every_page(content: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "404.html").write_text(
        "{% extends 'base.html' %}{% block content %}un{% endblock %}"
    )
    output = tmp_path / "out"
    site(content, output, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    (overrides / "404.html").write_text(
        "{% extends 'base.html' %}{% block content %}deux{% endblock %}"
    )
    rebuilt = site(content, output, THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert b"deux" in rebuilt["404.html"]


def test_an_empty_feed_is_dated_by_now_and_follows_it(content: Path, tmp_path: Path) -> None:
    regions = content / "regions.yaml"
    regions.write_text(regions.read_text() + "laval:\n  name: Laval\n  parent: quebec\n")
    later = "2026-12-09T12:00:00-05:00"
    first = site(content, tmp_path / "out")
    assert first == site(content, tmp_path / "again")  # no clock of its own
    assert b"2026-11-21" in first["regions/laval/atom.xml"]
    rebuilt = site(content, tmp_path / "out", EVENTS_NOW=later)
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_NOW=later)


def test_a_file_written_again_with_the_same_bytes_is_no_change(tmp_path: Path) -> None:
    output, cache = tmp_path / "out", tmp_path / "cache"
    first = Outputs.open(output, cache, "build", [])
    for name in ("same.txt", "other.txt", "by-hand.txt"):
        first.put(name, "key 1", b"bytes" if name == "same.txt" else b"old bytes")
    first.save()
    (output / "by-hand.txt").write_bytes(b"bytes")  # what the index saw is not on disk
    stamp = (output / "same.txt").stat().st_mtime_ns
    second = Outputs.open(output, cache, "build", [])
    for name, data in (("same.txt", b"bytes"), ("other.txt", b"new"), ("by-hand.txt", b"bytes")):
        second.put(name, "key 2", data)
    assert second.changed == {"other.txt", "by-hand.txt"}
    assert (output / "same.txt").stat().st_mtime_ns == stamp  # not even written
    assert second.written["same.txt"][0] == "key 2"
    assert second.previous("other.txt") is None  # no longer the file the last build wrote


def test_the_sweep_leaves_no_folder_a_clean_build_would_not_have(tmp_path: Path) -> None:
    output, cache = tmp_path / "out", tmp_path / "cache"
    first = Outputs.open(output, cache, "build", [])
    first.put("kept/page.html", "key", b"bytes")
    first.save()
    (output / "old" / "deep").mkdir(parents=True)  # another build's page, in its folders
    (output / "old" / "deep" / "page.html").write_text("from elsewhere")
    (output / "kept" / "stray.html").write_text("from elsewhere")
    Outputs.open(output, cache, "build", [])
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*")) == [
        "kept",
        "kept/page.html",
    ]


def test_a_damaged_record_starts_the_folder_afresh(tmp_path: Path) -> None:
    output, cache = tmp_path / "out", tmp_path / "cache"
    first = Outputs.open(output, cache, "build", [])
    first.put("page.html", "key", b"bytes")
    first.save()
    assert Outputs.open(output, cache, "build", []).current("page.html", "key")
    first.save()  # the record again, as the last build left it, then damaged
    (record,) = cache.iterdir()
    record.write_bytes(record.read_bytes()[:40])
    again = Outputs.open(output, cache, "build", [])
    assert not again.earlier and not (output / "page.html").exists()


def test_the_archive_renders_again_only_the_rows_whose_event_changed(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are kept from the first rebuild that renders the archive (a clean build keeps
    none, so its peak of memory stays as it was); the next edit renders one row."""
    rendered: list[str] = []
    kept = TemplateHelpers.kept

    def spy(self: TemplateHelpers, render: Any, occurrence: Any, *args: Any, **named: Any) -> Any:
        def counted(*values: Any) -> Any:
            rendered.append(occurrence.event.title)
            return render(*values)

        counted.name = render.name  # type: ignore[attr-defined]
        return kept(self, counted, occurrence, *args, **named)

    monkeypatch.setattr(TemplateHelpers, "kept", spy)
    output = tmp_path / "out"
    site(content, output)
    rendered.clear()
    replace(PAST_EVENT, "Pique-nique de juin", "Pique-nique de juillet")(content)
    site(content, output)
    assert sorted(rendered) == ["Dîner à Rimouski", "Pique-nique de juillet"]
    rendered.clear()
    replace(PAST_EVENT, "Pique-nique de juillet", "Pique-nique d'août")(content)
    rebuilt = site(content, output)
    assert rendered == ["Pique-nique d'août"]
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


def test_kept_fragments_start_afresh_with_other_code_or_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "fragments.pickle"
    first = FragmentStore(path, "build 1")
    first.put("row", "<li>a</li>")
    first.save()
    assert FragmentStore(path, "build 1").get("row") == "<li>a</li>"
    assert FragmentStore(path, "build 2").get("row") is None  # other code, templates or names
    path.write_bytes(b"damaged")
    assert FragmentStore(path, "build 1").get("row") is None


def test_kept_time_zones_start_afresh_with_other_code_or_a_damaged_file(tmp_path: Path) -> None:
    zones = {("Europe/Paris", 2025, 2027, True): b"BEGIN:VTIMEZONE\r\nEND:VTIMEZONE\r\n"}
    calendars.keep_zones(tmp_path, "build 1", zones, set())
    assert calendars.kept_zones(tmp_path, "build 1") == zones
    assert calendars.kept_zones(tmp_path, "build 2") == {}  # other code or zone data
    assert calendars.kept_zones(None, "build 1") == {}  # rebuilds are not incremental
    for rows in ("[[1]]", '[["Europe/Paris", 2025, 2027, true, null]]', '[[1, 2, 3, true, ""]]'):
        (tmp_path / calendars.ZONES_FILE).write_text(f'{{"build": "build 1", "zones": {rows}}}')
        assert calendars.kept_zones(tmp_path, "build 1") == {}, rows


def test_a_build_stopped_while_loading_leaves_no_process_behind(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child listing the output folder meanwhile is stopped with the build."""
    site(content, tmp_path / "out")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("loading failed")

    monkeypatch.setattr(generator, "load_site", broken)
    monkeypatch.setattr(generator, "listing", lambda *args: time.sleep(60) or {})  # still busy
    with pytest.raises(RuntimeError, match="loading failed"):
        site(content, tmp_path / "out", EVENTS_WORKERS=2)
    assert multiprocessing.active_children() == []


def test_a_rebuild_takes_the_time_zones_the_last_build_made(content: Path, tmp_path: Path) -> None:
    """The zones are read back, not made again: a mark put in the kept ones shows in the
    calendar an edit writes again (and a clean build's are the same as the kept ones)."""
    site(content, tmp_path / "out")
    kept = tmp_path / "out-cache" / calendars.ZONES_FILE
    document = json.loads(kept.read_text(encoding="utf-8"))
    assert {row[0] for row in document["zones"]} >= {"America/Toronto"}
    for row in document["zones"]:
        row[4] = row[4].replace("TZID:", "X-MARK:kept\r\nTZID:")
    kept.write_text(json.dumps(document), encoding="utf-8")
    EDITS["one event's text"](content)
    rebuilt = site(content, tmp_path / "out")
    assert b"X-MARK:kept" in rebuilt[EVENT_PAGE.replace("index.html", "event.ics")]
    assert (
        b"X-MARK"
        not in site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)[
            EVENT_PAGE.replace("index.html", "event.ics")
        ]
    )


def test_compiled_templates_follow_the_jinja_settings(content: Path, tmp_path: Path) -> None:
    """Jinja knows a compiled template by its name and source, but settings such as
    ``autoescape`` are compiled in: a build under other settings must not reuse it."""
    output = tmp_path / "out"
    loose = {"extensions": ["jinja2.ext.i18n"], "autoescape": False, "trim_blocks": False}
    site(content, output, JINJA_ENVIRONMENT=loose)
    rebuilt = site(content, output)
    assert rebuilt == site(content, tmp_path / "clean", EVENTS_INCREMENTAL=False)


def test_a_second_build_in_the_same_process_lets_the_first_one_go(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each build freezes what it has loaded out of the cyclic collector's sight; the next
    build in the process (a development server's) gives it back, or every build's cycles
    (templates and their filters, listings) would be kept."""
    builds: list[weakref.ref] = []
    generate_context = EventsGenerator.generate_context

    def spy(self: EventsGenerator) -> None:
        generate_context(self)
        builds.append(weakref.ref(self.env))

    monkeypatch.setattr(EventsGenerator, "generate_context", spy)
    site(content, tmp_path / "out")
    site(content, tmp_path / "out")
    gc.collect()
    assert builds[0]() is None


@pytest.mark.parametrize("shift", [0, 1], ids=["as planned", "shifted by one page"])
def test_rows_kept_by_either_page_writing_process_are_saved(
    shift: int, content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each process writes every other page: shifting the plan by one page hands the
    archive to the other process, so one of the two cases has the child keep its rows."""
    write_all = parallel.write_all

    def shifted(items: list, *args: Any) -> None:
        write_all(items[shift:] + items[:shift], *args)

    monkeypatch.setattr(parallel, "write_all", shifted)
    output = tmp_path / "out"
    site(content, output, EVENTS_WORKERS=2)
    replace(PAST_EVENT, "Pique-nique de juin", "Pique-nique de juillet")(content)
    site(content, output, EVENTS_WORKERS=2)
    [saved] = (tmp_path / "out-cache").glob("rencontres-fragments-*.pickle")
    _, rows = pickle.loads(saved.read_bytes())
    assert sorted("pique-nique-de-juillet" in html for html in rows.values()) == [False, True]
