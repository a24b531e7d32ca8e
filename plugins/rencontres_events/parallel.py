"""Pages written by two processes: rendering them is most of a build, and CI has two cores.

A forked child writes every other page while this process writes the rest; the child
sends back the Markdown it rendered, so the calendars and feeds written afterwards find
it cached. Each page depends only on its own context, so the output is the same
byte for byte however the pages are shared out.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

Item = TypeVar("Item")
AUTOMATIC = 0  # EVENTS_WORKERS = 0: two processes when there are two cores and many pages
ENOUGH_PAGES = 500  # below this, starting a process costs more than it saves


class ChildFailed(RuntimeError):
    """The other process could not write its pages; the build stops, as it would alone."""


def workers_for(setting: int, pages: int) -> int:
    """How many processes write the pages.

    >>> workers_for(1, 10_000), workers_for(2, 3)
    (1, 2)
    """
    if setting != AUTOMATIC:
        return min(setting, 2)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return 2 if cores >= 2 and pages >= ENOUGH_PAGES else 1


def write_all(
    items: Sequence[Item],
    write: Callable[[Item], None],
    workers: int,
    results: Callable[[], Iterable[object]],
    adopt: Callable[[object], None],
) -> None:
    """Write every item; with two workers a forked child takes every other one.

    The child then sends what it made (``results``, piece by piece, so no one message
    holds it all: pickling it whole would be the child's peak of memory), and this
    process takes each piece in (``adopt``).
    """
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            write(item)
        return
    receiving, sending = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(items[1::2], write, results, sending), daemon=True
    )
    child.start()
    sending.close()
    try:
        for item in items[::2]:
            write(item)
        _receive(receiving, child, adopt)
    except BaseException:
        child.terminate()  # this build has failed: the child must not go on writing
        child.join()
        raise
    finally:
        receiving.close()


def _child(
    items: Sequence[Item],
    write: Callable[[Item], None],
    results: Callable[[], Iterable[object]],
    sending: Connection,
) -> None:
    """Write a share of the pages, then send what was rendered, or why it failed."""
    try:
        for item in items:
            write(item)
        for piece in results():
            sending.send(("piece", piece))
        sending.send(("done", None))
    except BaseException:  # whatever stops the child must reach the build
        sending.send(("failed", traceback.format_exc()))
        raise SystemExit(1) from None
    finally:
        sending.close()


def _receive(
    receiving: Connection,
    child: multiprocessing.process.BaseProcess,
    adopt: Callable[[object], None],
) -> None:
    """Take in the child's results; its failure, or its silent death, stops the build."""
    while True:
        try:
            status, payload = receiving.recv()
        except EOFError:
            status, payload = "failed", "it stopped without a word (killed, or out of memory?)"
        if status != "piece":
            break
        adopt(payload)
    child.join()
    if status != "done" or child.exitcode != 0:
        raise ChildFailed(f"rencontres_events: the second page-writing process failed:\n{payload}")
