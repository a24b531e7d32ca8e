"""Work split with a forked child: the same results as one process, whatever the child does."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from rencontres import twocores
from rencontres.loader import load_site
from rencontres.twocores import split_in_two

REPO = Path(__file__).resolve().parents[2]
BAD_CORPUS = REPO / "tests" / "corpus" / "bad"
PARENT = os.getpid()


def squares_with_pids(items: Sequence[int]) -> list[tuple[int, int]]:
    """Each item squared, with the process that did it."""
    return [(n * n, os.getpid()) for n in items]


def test_the_child_does_the_second_half_and_the_order_is_kept() -> None:
    done = split_in_two(squares_with_pids, list(range(10)), workers=2, enough=2)
    assert [square for square, _ in done] == [n * n for n in range(10)]
    assert {pid for _, pid in done[:5]} == {os.getpid()}
    assert {pid for _, pid in done[5:]} != {os.getpid()}


def test_one_worker_or_few_items_stay_in_this_process() -> None:
    for workers, enough in ((1, 2), (2, 100)):
        done = split_in_two(squares_with_pids, list(range(10)), workers, enough)
        assert {pid for _, pid in done} == {os.getpid()}


def fails_in_a_child(items: Sequence[int]) -> list[int]:
    """Work that raises anywhere but in the test's own process."""
    if os.getpid() != PARENT:
        raise RuntimeError("the child broke")
    return list(items)


def dies_in_a_child(items: Sequence[int]) -> list[int]:
    """Work whose child is killed outright, without a word."""
    if os.getpid() != PARENT:
        os._exit(9)
    return list(items)


@pytest.mark.parametrize("work", [fails_in_a_child, dies_in_a_child])
def test_a_failed_child_costs_time_not_results(work, capfd: pytest.CaptureFixture) -> None:
    assert split_in_two(work, list(range(10)), workers=2, enough=2) == list(range(10))
    assert "Traceback" not in capfd.readouterr().err


def test_two_processes_load_the_same_site_and_the_same_problems(monkeypatch) -> None:
    """The bad corpus has a broken file per error code, the ones that clash with another
    file included: read by two processes, every problem and every event is the same."""
    monkeypatch.setattr(twocores, "ENOUGH_ITEMS", 2)
    monkeypatch.chdir(REPO)
    alone, alone_log = load_site(Path("tests/corpus/bad"), workers=1)
    shared, shared_log = load_site(Path("tests/corpus/bad"), workers=2)
    assert len(alone_log.sorted()) > 60
    assert shared_log.sorted() == alone_log.sorted()
    assert shared_log.sorted_warnings() == alone_log.sorted_warnings()
    assert shared.events == alone.events and shared.recaps == alone.recaps
    assert shared.lines == alone.lines and shared.paths == alone.paths


def pid_in_a_list() -> list[int]:
    """The process that did the work."""
    return [os.getpid()]


def test_work_started_ahead_is_done_by_a_child_and_taken_once() -> None:
    ahead = twocores.Ahead(pid_in_a_list, workers=2)
    assert ahead.result() != [os.getpid()]
    assert ahead.result() == [os.getpid()]  # taken: asked again, it is done here
    assert twocores.Ahead(pid_in_a_list, workers=1).result() == [os.getpid()]


@pytest.mark.parametrize("work", [fails_in_a_child, dies_in_a_child])
def test_work_ahead_whose_child_failed_is_done_here(work, capfd: pytest.CaptureFixture) -> None:
    assert twocores.Ahead(lambda: work([1, 2]), workers=2).result() == [1, 2]
    assert "Traceback" not in capfd.readouterr().err


def test_work_ahead_cancelled_is_stopped_not_waited_for() -> None:
    ahead = twocores.Ahead(lambda: time.sleep(60), workers=2)
    [child] = multiprocessing.active_children()
    ahead.cancel()
    assert child.exitcode == -signal.SIGTERM  # stopped, not waited for
    assert multiprocessing.active_children() == []
