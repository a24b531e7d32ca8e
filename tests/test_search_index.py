"""The search index: built by the normal build, deterministic, and a failure is one clear line."""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import shutil
import sys
import threading
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest

import rencontres_events.calendars as calendars_module
import rencontres_search
from rencontres_events.outputs import folder_key
from rencontres_search import indexing
from rencontres_search.indexing import index_site
from rencontres_search.settings import SettingsError
from tests.building import FIXTURE_CONTENT, SEARCH_INDEX_FOLDER, build, build_fixture, tree
from tests.test_build_errors import run_pelican

FRAGMENT_PREFIX = b"pagefind_dcd"  # Pagefind's marker before each page's JSON record


def bundles(output: Path) -> list[Path]:
    """The index's parts, as the search page loads them (the first one first)."""
    listing = json.loads((output / SEARCH_INDEX_FOLDER / "parts.json").read_text())
    return [output / SEARCH_INDEX_FOLDER / name for name in listing["parts"]]


def indexed_pages(output: Path) -> dict[str, dict]:
    """Pagefind's record of every indexed page (its URL, text and metadata), by URL."""
    records = {}
    for bundle in bundles(output):
        for fragment in (bundle / "fragment").iterdir():
            data = gzip.decompress(fragment.read_bytes())
            assert data.startswith(FRAGMENT_PREFIX), fragment
            record = json.loads(data[len(FRAGMENT_PREFIX) :])
            assert record["url"] not in records, f"{record['url']} is in two parts"
            records[record["url"]] = record
    return records


def marked_pages(output: Path) -> set[str]:
    """The URLs of the built pages that mark content for the index."""
    return {
        "/" + page.relative_to(output).as_posix().removesuffix("index.html")
        for page in output.rglob("*.html")
        if "data-pagefind-body" in page.read_text()
    }


def test_the_normal_build_indexes_events_recaps_regions_and_series_only(
    fixture_site: Path,
) -> None:
    records = indexed_pages(fixture_site)
    assert set(records) == marked_pages(fixture_site)
    kinds = {url.split("/")[1] for url in records}
    assert kinds == {"events", "recaps", "regions", "series"}
    assert "/regions/" not in records and "/series/" not in records  # the lists are not indexed
    assert not any(url.startswith(("/tags/", "/archive/", "/calendar/")) for url in records)
    entries = [json.loads((b / "pagefind-entry.json").read_text()) for b in bundles(fixture_site)]
    assert sum(entry["languages"]["fr"]["page_count"] for entry in entries) == len(records)


def test_events_are_indexed_by_months_and_the_rest_in_the_first_part(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    months = sorted({page.name[:7] for page in (fixture_site / "events").iterdir()})
    assert len(months) > 1
    # a small site: every month in one part
    assert [b.name for b in bundles(fixture_site)] == ["main", f"{months[0]}-{months[-1]}"]
    monkeypatch.setattr(indexing, "PART_PAGES", 1)  # a month a part, as at 500 events a month
    build_fixture(tmp_path / "out", tmp_path)
    parts = [bundle.name for bundle in bundles(tmp_path / "out")]
    assert parts == ["main", *months]
    assert sorted(p.name for p in (tmp_path / "out" / SEARCH_INDEX_FOLDER).iterdir()) == sorted(
        [*parts, "parts.json"]
    )
    for bundle in bundles(tmp_path / "out"):
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        assert entry["languages"]["fr"]["page_count"] > 0, bundle
    assert indexed_pages(tmp_path / "out").keys() == indexed_pages(fixture_site).keys()


def test_an_event_with_a_slug_of_its_own_is_indexed_too(fixture_copy: Path, tmp_path: Path) -> None:
    event = fixture_copy / "events" / "soiree-decembre.md"
    event.write_text(event.read_text().replace("region:", "slug: soiree-du-quai\nregion:", 1))
    build(fixture_copy, tmp_path / "out")
    assert (tmp_path / "out/events/soiree-du-quai/index.html").is_file()
    assert "/events/soiree-du-quai/" in indexed_pages(tmp_path / "out")


def test_results_carry_a_title_a_kind_and_for_events_the_date(fixture_site: Path) -> None:
    records = indexed_pages(fixture_site)
    url = "/events/2026-12-03-soiree-web-de-decembre/"
    event, page = records[url], (fixture_site / url[1:] / "index.html").read_text()
    assert event["meta"]["title"] == "Soirée Web de décembre"  # without the status badge
    assert event["meta"]["kind"] == "Rencontre"
    shown = re.search(r'data-pagefind-meta="date">([^<]+)</time>', page)
    assert shown and event["meta"]["date"] == shown.group(1)
    assert event["meta"]["date"].startswith("jeudi 3 décembre 2026")
    assert "Ajouter à mon agenda" not in event["content"]  # calendar links are left out
    region = next(r for url, r in records.items() if url.startswith("/regions/"))
    assert region["meta"]["kind"] == "Région" and region["meta"]["title"]
    recap = next(r for url, r in records.items() if url.startswith("/recaps/"))
    assert recap["meta"]["kind"] == "Récit"


def test_two_builds_of_the_same_content_give_a_byte_identical_index(
    fixture_site: Path, tmp_path: Path
) -> None:
    build_fixture(tmp_path / "again", tmp_path)
    first = tree(fixture_site / SEARCH_INDEX_FOLDER)
    assert "main/pagefind.js" in first and any("/fragment/" in name for name in first)
    assert tree(tmp_path / "again" / SEARCH_INDEX_FOLDER) == first


def test_the_search_page_is_linked_from_every_page_and_not_in_the_sitemap(
    fixture_site: Path,
) -> None:
    root = "https://host.example/sub/"
    for page in fixture_site.rglob("index.html"):
        url = urljoin(root, page.relative_to(fixture_site).as_posix())
        links = re.findall(r'<a href="([^"]*)"[^>]*>Rechercher</a>', page.read_text())
        assert [urljoin(url, link) for link in links] == [f"{root}search/"], page
    page = (fixture_site / "search/index.html").read_text()
    assert '<form class="search-form" role="search"' in page
    assert 'data-index="../pagefind/parts.json"' in page  # relative: works under any sub-path
    assert '<meta name="robots" content="noindex">' in page
    assert "/search/" not in (fixture_site / "sitemap.xml").read_text()


def test_the_search_page_speaks_english_through_the_catalogue(tmp_path: Path) -> None:
    build(FIXTURE_CONTENT, tmp_path / "en", DEFAULT_LANG="en")
    page = (tmp_path / "en/search/index.html").read_text()
    assert "<h1>Search</h1>" in page
    assert 'data-one="{n} result"' in page and 'data-other="{n} results"' in page
    assert "Rechercher" not in page and "résultat" not in page


def test_search_can_be_turned_off(tmp_path: Path) -> None:
    build(FIXTURE_CONTENT, tmp_path / "out", SEARCH_INDEX=False)
    built = tree(tmp_path / "out")
    assert not any(name.startswith((f"{SEARCH_INDEX_FOLDER}/", "search/")) for name in built)
    assert b"search/" not in built["index.html"]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"SEARCH_INDEX": "yes"}, "SEARCH_INDEX must be True or False, not 'yes'"),
        ({"SEARCH_INDEX": 1}, "SEARCH_INDEX must be True or False, not 1"),
        (
            {"SEARCH_INDX": False},
            "unknown setting 'SEARCH_INDX'; the search setting is SEARCH_INDEX",
        ),
    ],
)
def test_a_wrong_setting_is_refused_before_anything_is_built(
    setting: dict, message: str, tmp_path: Path
) -> None:
    with pytest.raises(SettingsError) as stopped:
        build(FIXTURE_CONTENT, tmp_path / "out", **setting)
    assert str(stopped.value.code) == f"rencontres_search: {message}"
    assert not (tmp_path / "out").exists()


def test_pagefind_failing_on_the_site_stops_a_strict_build_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out"
    build(FIXTURE_CONTENT, output)
    (tmp_path / "out-cache" / f"rencontres-index-{folder_key(output)}.json").unlink()
    taken = tmp_path / "taken"
    taken.write_text("not a folder")  # Pagefind cannot write a bundle under it
    monkeypatch.setattr(indexing, "scratch_folder", lambda: contextlib.nullcontext(str(taken)))
    with pytest.raises(SystemExit) as stopped:
        build(FIXTURE_CONTENT, output)  # nothing changed, but the index may not be whole
    message = str(stopped.value.code)
    start = re.escape(f"rencontres_search: Pagefind failed on {str(output)!r}")
    assert re.fullmatch(rf"{start} \(exit [1-9]\d*\): [^\n]+; strict build stopped", message)
    assert not message.endswith("no message; strict build stopped")  # Pagefind's own reason
    assert not (output / SEARCH_INDEX_FOLDER / "main").exists()  # no old index left to serve


def test_pagefind_refusing_a_folder_without_pages_is_reported_in_its_words(
    tmp_path: Path,
) -> None:
    problem = index_site(tmp_path)
    assert problem == (
        f"Pagefind failed on {str(tmp_path)!r} (exit 1): "
        "Error: Pagefind was not able to build an index."
    )


def test_a_missing_pagefind_fails_the_strict_command_and_warns_in_a_lenient_one(
    fixture_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-pagefind"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(missing))  # as the pagefind package reads it
    strict = run_pelican(fixture_copy, tmp_path / "strict", strict=True)
    expected = f"rencontres_search: Pagefind's program {str(missing)!r} is missing"
    assert strict.returncode != 0
    assert f"{expected}: install 'pagefind[bin]'; strict build stopped" in strict.stderr
    assert "Traceback" not in strict.stderr + strict.stdout
    lenient = run_pelican(fixture_copy, tmp_path / "lenient", strict=False)
    assert lenient.returncode == 0, lenient.stderr
    assert f"WARNING {expected}" in lenient.stderr
    assert (tmp_path / "lenient/search/index.html").is_file()
    assert not (tmp_path / "lenient" / SEARCH_INDEX_FOLDER).exists()


def test_pagefind_starts_once_the_pages_are_written_and_the_build_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running_while_calendars_were_written: list[bool] = []
    write_calendars = calendars_module.write

    def write(*args, **kwargs) -> None:
        started = list(rencontres_search.STARTED.values())
        running_while_calendars_were_written.append(any(run.thread is not None for run in started))
        write_calendars(*args, **kwargs)

    monkeypatch.setattr(calendars_module, "write", write)
    output = tmp_path / "output"
    build(FIXTURE_CONTENT, output)
    assert running_while_calendars_were_written == [True]
    assert rencontres_search.STARTED == {}, "the build waited for the index and forgot it"
    assert (output / SEARCH_INDEX_FOLDER / "main" / "pagefind.js").is_file()
    assert indexed_pages(output).keys() == marked_pages(output)


def test_search_starts_once_the_pages_it_reads_are_written_and_before_the_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lists, month grids and calendars are written while Pagefind indexes on the other core."""
    on_disk_when_started: list[set[str]] = []
    start = rencontres_search.start_indexing

    def start_indexing(output: Path, *args, **kwargs) -> indexing.Indexing:
        on_disk_when_started.append({p.relative_to(output).as_posix() for p in output.rglob("*")})
        return start(output, *args, **kwargs)

    monkeypatch.setattr(rencontres_search, "start_indexing", start_indexing)
    output = tmp_path / "output"
    build(FIXTURE_CONTENT, output)
    [found] = on_disk_when_started
    read = {
        p.relative_to(output).as_posix()
        for folder in ("events", "recaps", "regions", "series")
        for p in (output / folder).rglob("*.html")
    }
    assert read and read <= found, "Pagefind started before every page it reads was written"
    assert not {"index.html", "archive/index.html", "calendar.ics"} & found
    assert indexed_pages(output).keys() == marked_pages(output)


def test_a_bundle_made_again_keeps_its_unchanged_files_and_loses_those_gone(
    tmp_path: Path,
) -> None:
    """Pagefind writes each part afresh elsewhere; the site's bundle then changes only where
    the new one differs: files the same are not touched, files no longer made are removed."""
    bundle, built = tmp_path / "pagefind/main", tmp_path / "built"
    for folder, files in ((bundle, {"same": "1", "changed": "2", "gone/old": "3"}),
                          (built, {"same": "1", "changed": "two", "fragment/new": "4"})):  # fmt: skip
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    untouched = (bundle / "same").stat()
    indexing.update_bundle(bundle, built)
    assert tree(bundle) == tree(built)
    assert not (bundle / "gone").exists()
    after = (bundle / "same").stat()
    assert (after.st_ino, after.st_mtime_ns) == (untouched.st_ino, untouched.st_mtime_ns)
    shutil.rmtree(built / "fragment")
    (built / "fragment").write_text("now a file")  # and "gone" a folder again
    (built / "gone").mkdir()
    (built / "gone" / "back").write_text("5")
    indexing.update_bundle(bundle, built)
    assert tree(bundle) == tree(built)


def test_no_temporary_folder_for_pagefind_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "regions/quebec/index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><body><main data-pagefind-body>Québec</main></body></html>")

    def no_folder() -> contextlib.AbstractContextManager[str]:
        raise PermissionError(13, "Permission denied", "/tmp/rencontres-pagefind-x")

    assert index_site(tmp_path) is None  # a new bundle: written in place
    monkeypatch.setattr(indexing, "scratch_folder", no_folder)
    assert index_site(tmp_path) == (
        f"the search index of {str(tmp_path)!r} could not be written: "
        "[Errno 13] Permission denied: '/tmp/rencontres-pagefind-x'"
    )
    assert not (tmp_path / SEARCH_INDEX_FOLDER / "main").exists()


def test_parts_are_indexed_two_at_a_time_and_after_a_failure_none_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Pagefinds run at once on two cores; once one fails, no other part starts, and
    only the bundles of the parts indexed are kept."""
    parts = [indexing.Part(f"2026-0{month}", "") for month in range(1, 7)]
    for part in parts:
        (tmp_path / part.bundle).mkdir(parents=True)  # an earlier build's index
    both_running, failure_noted = threading.Barrier(2, timeout=30), threading.Event()
    started: list[str] = []
    record_done = indexing._Queue.done

    def done(queue: indexing._Queue, part: indexing.Part, problem: str | None) -> None:
        record_done(queue, part, problem)
        if problem:
            failure_noted.set()

    def index_part(output: Path, binary: Path, part: indexing.Part) -> str | None:
        started.append(part.name)
        both_running.wait()  # times out, and fails the test, unless two run at once
        if part.name == "2026-02":
            return "Pagefind failed"
        assert failure_noted.wait(timeout=30)  # this part ends after the failure is noted
        return None

    monkeypatch.setattr(indexing, "cores", lambda: 2)
    monkeypatch.setattr(indexing._Queue, "done", done)
    monkeypatch.setattr(indexing, "_index_part", index_part)
    run = indexing.Indexing(tmp_path)
    indexing._index_parts(run, tmp_path / "pagefind", parts)
    assert run.problem == "Pagefind failed"
    assert sorted(started) == ["2026-01", "2026-02"]
    kept = [part.name for part in parts if (tmp_path / part.bundle).exists()]
    assert kept == ["2026-01"]


def test_an_unexpected_error_in_either_thread_is_the_builds_search_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error unseen in a thread would leave its part half made and the index marked
    whole: it stops the indexing like a failing Pagefind, and the part's bundle goes."""
    parts = [indexing.Part(f"2026-0{month}", "") for month in range(1, 5)]
    for part in parts:
        (tmp_path / part.bundle).mkdir(parents=True)

    def index_part(output: Path, binary: Path, part: indexing.Part) -> str | None:
        if part.name == "2026-01":
            raise ValueError("unexpected")
        return None

    monkeypatch.setattr(indexing, "cores", lambda: 2)
    monkeypatch.setattr(indexing, "_index_part", index_part)
    run = indexing.Indexing(tmp_path)
    indexing._index_parts(run, tmp_path / "pagefind", parts)
    assert run.problem == f"the search index of {str(tmp_path)!r} failed: ValueError: unexpected"
    assert not (tmp_path / parts[0].bundle).exists()


def test_parts_after_an_edits_own_wait_for_them_and_none_starts_after_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild indexes the parts of the edit first, the others once those are done: when
    one of the first fails, the others are not indexed, and their bundles go."""
    parts = [indexing.Part(name, "") for name in ("main", "2026-01", "2026-02")]
    for part in parts:
        (tmp_path / part.bundle).mkdir(parents=True)
    started: list[str] = []

    def index_part(output: Path, binary: Path, part: indexing.Part) -> str | None:
        started.append(part.name)
        return "Pagefind failed" if part.name == "2026-01" else None

    monkeypatch.setattr(indexing, "_index_part", index_part)
    monkeypatch.setattr(indexing, "pagefind_program", lambda: Path(sys.executable))
    first = indexing.start_indexing(tmp_path, {"2026-01"}, parts)
    then = indexing.start_indexing(tmp_path, {"2026-02"}, parts, first)
    assert indexing.finish_indexing(then) == "Pagefind failed"
    assert started == ["2026-01"]
    assert [part.name for part in parts if (tmp_path / part.bundle).exists()] == ["main"]
    assert first not in indexing.RUNNING and then not in indexing.RUNNING
    again = indexing.start_indexing(tmp_path, {"main"}, parts)
    monkeypatch.setattr(indexing, "pagefind_program", lambda: None)
    missing = indexing.start_indexing(tmp_path, {"2026-02"}, parts, again)
    assert indexing.finish_indexing(missing).startswith("Pagefind's program 'pagefind' is")
    assert again not in indexing.RUNNING, "the earlier run was waited for all the same"


def test_a_round_a_failed_build_left_is_not_the_next_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that stopped after asking for its first pages leaves its round behind: the
    next build of the folder (in the same process) indexes every part it must, not only
    those the stopped build had not started."""
    monkeypatch.setattr(rencontres_search, "ROUNDS", {})
    monkeypatch.setattr(rencontres_search, "STARTED", {})
    started: list[set[str] | None] = []

    def start(output: Path, only: set[str] | None = None, *args: object) -> indexing.Indexing:
        started.append(only)
        return indexing.Indexing(output)

    monkeypatch.setattr(rencontres_search, "start_indexing", start)
    settings = {"SEARCH_INDEX": True, "EVENTS_INCREMENTAL": False}
    stopped, following = SimpleNamespace(settings=settings), SimpleNamespace(settings=settings)
    pages = ["events/2026-12-03-soiree/index.html", "regions/quebec/index.html"]
    rencontres_search.pages_to_write_first(stopped, tmp_path, pages, pages[:1])
    rencontres_search.start_first_parts(stopped, tmp_path, pages[:1])
    rencontres_search.start_first_parts(following, tmp_path, pages[:1])  # not its round
    rencontres_search.start_index(following, tmp_path, pages[:1], pages)
    assert started == [{"main", "2026-12"}, {"main", "2026-12"}]


def test_no_pagefind_starts_once_the_build_is_on_its_way_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for page in ("events/2026-01-02-soiree/index.html", "regions/quebec/index.html"):
        (tmp_path / page).parent.mkdir(parents=True)  # a page for each part
        (tmp_path / page).write_text(
            "<html lang='fr'><body data-pagefind-body>Soirée</body></html>"
        )
    monkeypatch.setattr(indexing, "EXITING", threading.Event())  # this test's exit only
    indexing._stop_unfinished()
    problem = index_site(tmp_path)
    assert problem == f"Pagefind did not run on {str(tmp_path)!r}: the build is stopping"
    assert not any((tmp_path / SEARCH_INDEX_FOLDER).rglob("pagefind-entry.json"))
    monkeypatch.setattr(indexing, "EXITING", threading.Event())
    assert index_site(tmp_path) is None  # the same site, indexed when no exit is under way
    assert any((tmp_path / SEARCH_INDEX_FOLDER).rglob("pagefind-entry.json"))


def test_anything_in_the_index_folder_but_the_parts_goes(tmp_path: Path) -> None:
    """Files of an older layout (one bundle at the top) or of parts gone are not served."""
    output = tmp_path / "out"
    build(FIXTURE_CONTENT, output)
    clean = tree(output / SEARCH_INDEX_FOLDER)
    (output / SEARCH_INDEX_FOLDER / "pagefind-entry.json").write_text("{}")
    (output / SEARCH_INDEX_FOLDER / "2019-01").mkdir()
    (tmp_path / "out-cache" / f"rencontres-index-{folder_key(output)}.json").unlink()
    build(FIXTURE_CONTENT, output)  # the index may not be whole: every part again
    assert tree(output / SEARCH_INDEX_FOLDER) == clean


def test_pagefind_is_looked_for_in_the_pagefind_package_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PAGEFIND_BINARY_PATH, then the extended package's program, then the plain one's,
    then ``pagefind_extended`` and ``pagefind`` on the PATH."""
    extended, plain = tmp_path / "extended", tmp_path / "plain"
    shipped = {"pagefind_bin_extended": extended, "pagefind_bin": plain}
    for name, program in shipped.items():
        monkeypatch.setitem(sys.modules, name, SimpleNamespace(get_executable=lambda p=program: p))
    on_path = tmp_path / "bin"
    on_path.mkdir()
    for name in ("pagefind_extended", "pagefind"):
        (on_path / name).write_text("#!/bin/sh\n")
        (on_path / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/named/pagefind")
    assert indexing.pagefind_program() == Path("/named/pagefind")
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    assert indexing.pagefind_program() == extended
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)  # not installed
    assert indexing.pagefind_program() == plain
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)
    assert indexing.pagefind_program() == on_path / "pagefind_extended"
    (on_path / "pagefind_extended").unlink()
    assert indexing.pagefind_program() == on_path / "pagefind"
