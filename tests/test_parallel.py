"""Pages shared between two processes: every page written once, failures never hidden."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rencontres.rendercache import RenderCache, text_key
from rencontres_events.parallel import ChildFailed, HeadStart, write_all
from tests.building import GOLDEN_DIR, build_fixture, tree, without_search_index


def test_every_item_is_written_once_and_the_childs_results_come_back(tmp_path: Path) -> None:
    def write(name: str) -> None:
        (tmp_path / name).write_text(name)

    adopted: list[object] = []
    names = [f"page-{n}" for n in range(7)]
    write_all(names, write, 2, lambda: iter([{"from": "child"}, "and more"]), adopted.append)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    assert adopted == [{"from": "child"}, "and more"]


def test_a_failure_in_the_child_stops_the_build_with_its_traceback(tmp_path: Path) -> None:
    def write(name: str) -> None:
        if name == "page-1":  # the child's share: every other page from the second
            raise ValueError("template broke on page-1")
        (tmp_path / name).write_text(name)

    with pytest.raises(ChildFailed, match="template broke on page-1"):
        write_all([f"page-{n}" for n in range(4)], write, 2, list, lambda piece: None)


def test_one_worker_writes_in_order_in_this_process() -> None:
    seen: list[int] = []
    write_all(list(range(5)), seen.append, 1, list, lambda piece: None)
    assert seen == [0, 1, 2, 3, 4]


def test_two_processes_give_the_goldens_byte_for_byte(tmp_path: Path) -> None:
    build_fixture(tmp_path / "out", tmp_path, EVENTS_WORKERS=2)
    assert without_search_index(tree(tmp_path / "out")) == tree(GOLDEN_DIR)


def test_a_failure_in_this_process_stops_the_child_too(tmp_path: Path) -> None:
    def write(number: int) -> None:
        if number == 0:  # this process's first page
            raise ValueError("broken page")
        time.sleep(0.1)  # the child's pages: 10 of them, a second in all
        (tmp_path / str(number)).write_text("")

    with pytest.raises(ValueError, match="broken page"):
        write_all(list(range(20)), write, 2, list, lambda piece: None)
    time.sleep(1.5)  # long enough for a child left running to write all its 10 pages
    assert len(list(tmp_path.iterdir())) < 10


def test_a_head_start_hands_over_what_it_rendered_by_text_key(tmp_path: Path) -> None:
    finished = tmp_path / "finished"

    def texts() -> Iterator[str]:
        yield from ["*a*", "b"]
        finished.touch()  # asked for a third text: both are rendered

    ahead = HeadStart(texts, str.upper)
    for _ in range(100):
        if finished.exists():
            break
        time.sleep(0.1)
    entries = {key: html for piece in ahead.collect() for key, html in piece.items()}
    assert entries == {text_key("*a*"): "*A*", text_key("b"): "B"}


def test_a_head_start_stops_when_asked_and_keeps_what_it_had_done() -> None:
    def slowly(text: str) -> str:
        time.sleep(0.01)
        return text.upper()

    ahead = HeadStart(lambda: (str(n) for n in range(100_000)), slowly)  # 1,000 s of work
    time.sleep(0.5)
    began = time.monotonic()
    entries = [key for piece in ahead.collect() for key in piece]
    assert time.monotonic() - began < 5
    assert 0 < len(entries) < 100_000


def test_a_cancelled_head_start_stops_of_itself_and_leaves_no_process_behind() -> None:
    ahead = HeadStart(lambda: (str(n) for n in range(100_000)), str.upper)
    began = time.monotonic()
    ahead.cancel()
    assert not ahead._child.is_alive()
    assert ahead._child.exitcode == 0  # it saw this end close; it was not killed
    assert time.monotonic() - began < 1


def test_a_text_that_breaks_the_renderer_ends_the_head_start_quietly(
    capfd: pytest.CaptureFixture[str],
) -> None:
    def render(text: str) -> str:
        if text == "b":
            raise RecursionError("too deep")
        return text.upper()

    ahead = HeadStart(lambda: ["a", "b", "c"], render)
    time.sleep(0.5)
    entries = {key: html for piece in ahead.collect() for key, html in piece.items()}
    assert set(entries.values()) <= {"A"}  # whatever it did before the broken text
    assert "Traceback" not in capfd.readouterr().err


def test_html_rendered_ahead_is_served_and_saved_only_once_used(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path, "v1")
    cache.prepare({text_key("*a*"): "<em>a</em>", text_key("*b*"): "<em>b</em>"})
    assert cache.html("*a*", lambda text: pytest.fail("rendered again")) == "<em>a</em>"
    cache.save()
    assert RenderCache(tmp_path, "v1").html("*b*", str.upper) == "*B*"  # never used: not saved
