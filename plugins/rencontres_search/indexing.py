"""Run Pagefind over the finished site: the search index is written beside the pages.

Pagefind can start as soon as the HTML pages are written, and index them while
this process writes calendars and feeds on the other core; the build then waits
for it before it ends. An index that has not finished when the build stops is
stopped too, so no index is written into a site the build gave up on.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pagefind.service import get_executable

BUNDLE = "pagefind"  # the index folder, at the site's root: /pagefind/pagefind.js
TIMEOUT = 600  # seconds: a hang stops the build; the ~200-page demo is indexed in 0.2 s
# Only these folders hold pages marked data-pagefind-body; not parsing the others (tags,
# months, archive) saves a sixth of Pagefind's time at 10,000 events (9.5 s to 7.9 s).
INDEXED_PAGES = "{events,recaps,regions,series}/**/*.html"
UNFINISHED: set[subprocess.Popen[bytes]] = set()


@dataclass
class Indexing:
    """Pagefind at work on one output folder, or why it could not start."""

    output: Path
    process: subprocess.Popen[bytes] | None = None
    messages: IO[bytes] | None = None
    problem: str | None = None


def start_indexing(output: Path) -> Indexing:
    """Start Pagefind on the pages marked ``data-pagefind-body``, without waiting for it."""
    binary = get_executable()
    if binary is None or not binary.is_file():
        problem = f"Pagefind's program {str(binary or 'pagefind')!r} is missing"
        return Indexing(output, problem=f"{problem}: install 'pagefind[bin]'")
    stale = output / BUNDLE
    if stale.is_dir() and not stale.is_symlink():
        shutil.rmtree(stale)  # an index of pages that no longer exist must not survive
    # The site folder is the working directory, so no stray pagefind.yml elsewhere is read.
    command = [str(binary), "--site", ".", "--output-subdir", BUNDLE, "--silent"]
    command += ["--glob", INDEXED_PAGES]
    messages = tempfile.TemporaryFile()  # noqa: SIM115 - kept open until Pagefind ends; a pipe
    # could fill up while nobody reads it
    try:
        process = subprocess.Popen(
            command, cwd=output, env=_environment(), stdout=messages, stderr=messages
        )
    except OSError as error:
        messages.close()
        return Indexing(output, problem=f"Pagefind could not run on {str(output)!r}: {error}")
    UNFINISHED.add(process)
    return Indexing(output, process, messages)


def finish_indexing(indexing: Indexing) -> str | None:
    """Wait for Pagefind; why it failed, or None."""
    process, messages = indexing.process, indexing.messages
    if process is None or messages is None:
        return indexing.problem
    try:
        code = process.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        _stop(process)
    messages.seek(0)
    text = messages.read().decode("utf-8", errors="replace")
    messages.close()
    where = str(indexing.output)
    if code is None:
        return f"Pagefind did not finish on {where!r} within {TIMEOUT} s"
    return f"Pagefind failed on {where!r} (exit {code}): {reason(text)}" if code else None


def index_site(output: Path) -> str | None:
    """Index the site and wait: why it failed, or None."""
    return finish_indexing(start_indexing(output))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a Pagefind run that is no longer wanted (or check that it ended)."""
    UNFINISHED.discard(process)
    if process.poll() is None:
        process.kill()
        process.wait()


@atexit.register
def _stop_unfinished() -> None:
    """A build that stops early must not leave Pagefind writing into its output."""
    for process in list(UNFINISHED):
        _stop(process)


def _environment() -> dict[str, str]:
    """The build's environment without ``PAGEFIND_*`` options that would change the index."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}


def reason(text: str) -> str:
    """Pagefind's own explanation on one line: its first "Error" line, else its last line.

    >>> reason("Error: no index.\\nMost likely…\\n")
    'Error: no index.'
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith(("note:", "stack backtrace"))]
    errors = [line for line in lines if line.startswith("Error")]
    if errors:
        return errors[0]
    return lines[-1] if lines else "no message"
