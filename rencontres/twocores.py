"""One piece of work split between this process and a forked child, for the second core.

Checking 10,000 files is mostly parsing, file by file: the child takes the second half
while this process does the first. Whatever goes wrong with the child (no process to
be had, a crash, a kill) costs only time: its half is then done here.

>>> split_in_two(lambda items: [n * n for n in items], [1, 2, 3, 4], 2, 0)
[1, 4, 9, 16]
>>> alongside(lambda: "checked", lambda: "planned", 2)
('checked', 'planned')
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import islice
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Other = TypeVar("Other")
ENOUGH_ITEMS = 1000  # below this, starting a process costs more than it saves


def pieces(entries: Mapping[str, str], size: int = 1000) -> Iterator[dict[str, str]]:
    """A mapping in pieces, to send to another process: no one message holds it all, so
    pickling it is no peak of memory.

    >>> list(pieces({"a": "A", "b": "B", "c": "C"}, size=2))
    [{'a': 'A', 'b': 'B'}, {'c': 'C'}]
    """
    items = iter(entries.items())
    while piece := dict(islice(items, size)):
        yield piece


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def split_in_two(
    work: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    workers: int,
    enough: int | None = None,
) -> list[Result]:
    """``work(items)``, with a child doing the second half when two workers are asked for
    and there are ``enough`` items (``ENOUGH_ITEMS`` by default); the results are in the
    order of ``items`` either way."""
    few = len(items) < (ENOUGH_ITEMS if enough is None else enough)
    if few or not _can_fork(workers):
        return work(items)
    half = len(items) // 2
    started = _start(work, items[half:])
    if started is None:
        return work(items)
    second, first = _meanwhile(started, lambda: work(items[:half]))
    return first + (work(items[half:]) if second is None else second)


def alongside(
    there: Callable[[], Result], here: Callable[[], Other], workers: int
) -> tuple[Result, Other]:
    """``there()`` in a forked child while this process does ``here()``, and both results;
    with one worker, or when the child cannot start or fails, ``there()`` is done here."""
    started = _start(lambda _: [there()], [None]) if _can_fork(workers) else None
    if started is None:
        return there(), here()
    theirs, mine = _meanwhile(started, here)
    return (there() if theirs is None else theirs[0]), mine


class Ahead(Generic[Result]):
    """``work()`` started now in a forked child, on the core this process leaves idle, its
    result taken when wanted; done here then, when the child could not start or failed.

    >>> ahead = Ahead(lambda: "listed", 2)
    >>> ahead.result()
    'listed'
    """

    def __init__(self, work: Callable[[], Result], workers: int) -> None:
        self._work = work
        self._started = _start(lambda _: [work()], [None]) if _can_fork(workers) else None

    def result(self) -> Result:
        """The child's result, waited for; or the work done here."""
        started, self._started = self._started, None
        if started is None:
            return self._work()
        child, receiving = started
        try:
            theirs = _second_half(receiving, child)
        finally:
            receiving.close()
        return self._work() if theirs is None else theirs[0]

    def cancel(self) -> None:
        """Stop the child, its result no longer wanted (the build stopped)."""
        started, self._started = self._started, None
        if started is not None:
            child, receiving = started
            child.terminate()
            child.join()
            receiving.close()


def _can_fork(workers: int) -> bool:
    """Whether a second worker is asked for, and this system can fork one."""
    return workers >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _meanwhile(
    started: tuple[multiprocessing.process.BaseProcess, Connection], here: Callable[[], Other]
) -> tuple[list[Result] | None, Other]:
    """``here()`` while the child works, then the child's results (``None``: it failed)."""
    child, receiving = started
    try:
        mine = here()
        theirs = _second_half(receiving, child)
    except BaseException:
        child.terminate()  # this side failed (or was interrupted): the other is not wanted
        child.join()
        raise
    finally:
        receiving.close()
    return theirs, mine


def _start(
    work: Callable[[Sequence[Item]], list[Result]], items: Sequence[Item]
) -> tuple[multiprocessing.process.BaseProcess, Connection] | None:
    """A forked child doing ``work(items)``, and the end its results come from; ``None``
    when no process, or no pipe, is to be had."""
    try:
        receiving, sending = multiprocessing.Pipe(duplex=False)
    except OSError:
        return None
    try:
        child = multiprocessing.get_context("fork").Process(
            target=_child, args=(work, items, sending, receiving), daemon=True
        )
        child.start()
    except OSError:
        receiving.close()
        return None
    finally:
        sending.close()
    return child, receiving


def _child(
    work: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    sending: Connection,
    parents_end: Connection,
) -> None:
    """Do the second half and send it; the parent's end of the pipe is closed first, so a
    parent that dies is noticed."""
    parents_end.close()
    try:
        sending.send(work(items))
    except Exception:  # the parent does this half again, and reports what fails
        pass
    finally:
        sending.close()


def _second_half(receiving: Connection, child: multiprocessing.process.BaseProcess) -> list | None:
    """The child's results, or ``None`` when it failed and the work must be done here."""
    try:
        return receiving.recv()
    except (EOFError, OSError):
        return None
    finally:
        child.join()
