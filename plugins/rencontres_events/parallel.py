"""Pages written by two processes: rendering them is most of a build, and CI has two cores.

A forked child writes every other page while this process writes the rest; the child
sends back the Markdown it rendered, so the calendars and feeds written afterwards find
it cached, and what it wrote, for the record of outputs. Each page depends only on its
own context, so the output is the same byte for byte however the pages are shared out.
The work after the pages is shared the same way: lists and feeds here, calendars and
open data in a child.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar

from rencontres.rendercache import text_key
from rencontres.twocores import cores, pieces

Item = TypeVar("Item")
AUTOMATIC = 0  # EVENTS_WORKERS = 0: two processes when there are two cores and many pages
ENOUGH_PAGES = 500  # below this, starting a process costs more than it saves


class ChildFailed(RuntimeError):
    """The other process could not write its share; the build stops, as it would alone."""


def workers_for(setting: int, pages: int) -> int:
    """How many processes write the pages.

    >>> workers_for(1, 10_000), workers_for(2, 3)
    (1, 2)
    """
    if setting != AUTOMATIC:
        return min(setting, 2)
    return 2 if cores() >= 2 and pages >= ENOUGH_PAGES else 1


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
        raise ChildFailed(f"rencontres_events: the second writing process failed:\n{payload}")


class HeadStart:
    """Markdown rendered by a forked child on the idle core while this process loads and
    checks the content, which takes one core: a clean build's pages then find much of it
    done. What it renders is only a head start: whatever it has not reached, or a text
    the loader changed (a resolved link), the pages render as usual.
    """

    def __init__(self, texts: Callable[[], Iterable[str]], render: Callable[[str], str]) -> None:
        self._connection, theirs = multiprocessing.Pipe()
        self._child = multiprocessing.get_context("fork").Process(
            target=_render_ahead, args=(texts, render, theirs, self._connection), daemon=True
        )
        try:
            self._child.start()
        finally:
            theirs.close()

    def collect(self) -> Iterator[dict[str, str]]:
        """Stop the child, then take what it rendered, by text key, piece by piece."""
        try:
            self._connection.send(None)
            while (piece := self._connection.recv()) is not None:
                yield piece
        except (EOFError, OSError):
            return  # the child died: nothing is lost but the head start
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the child without taking its work (the build stopped): closing this end
        tells it so at its next text; one that does not stop within a second is killed."""
        self._connection.close()
        self._child.join(timeout=1)
        if self._child.is_alive():
            self._child.terminate()
            self._child.join()


def head_start(
    setting: int, texts: Callable[[], Iterable[str]], render: Callable[[str], str], count: int
) -> HeadStart | None:
    """A child rendering ahead, when there are two cores and enough texts to repay a process.

    >>> head_start(1, list, str, 10_000) is None
    True
    """
    if workers_for(setting, count) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        return HeadStart(texts, render)
    except OSError:
        return None  # no process to be had (a limit on processes, or memory): build without


def _render_ahead(
    texts: Callable[[], Iterable[str]],
    render: Callable[[str], str],
    connection: Connection,
    parents_end: Connection,
) -> None:
    """Render texts until asked to stop, then send what was done, in pieces.

    The parent's end of the pipe, inherited by the fork, is closed first: otherwise this
    process would never see the parent go, and would outlive a build that was killed.
    """
    parents_end.close()
    done: dict[str, str] = {}
    try:
        _render_until_asked(texts, render, connection, done)
        connection.recv()
        for piece in pieces(done):
            connection.send(piece)
        connection.send(None)
    except (EOFError, OSError):
        pass  # this process stopped waiting: its work is not wanted
    finally:
        connection.close()


def _render_until_asked(
    texts: Callable[[], Iterable[str]],
    render: Callable[[str], str],
    connection: Connection,
    done: dict[str, str],
) -> None:
    """Render each text into ``done`` until the parent asks for them or goes away.

    A text that cannot be rendered ends the head start quietly: the page that shows it
    renders it again, and reports the problem where the build reports everything else.
    """
    try:
        for text in texts():
            if connection.poll():
                return
            done[text_key(text)] = render(text)
    except Exception:  # whatever it is, see above
        return
