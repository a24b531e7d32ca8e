"""Run Pagefind over the finished site: the search index is written beside the pages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from pagefind.service import get_executable

BUNDLE = "pagefind"  # the index folder, at the site's root: /pagefind/pagefind.js
TIMEOUT = 600  # seconds: a hang stops the build; the ~200-page demo is indexed in 0.2 s
# Only these folders hold pages marked data-pagefind-body; not parsing the others (tags,
# months, archive) saves a sixth of Pagefind's time at 10,000 events (9.5 s to 7.9 s).
INDEXED_PAGES = "{events,recaps,regions,series}/**/*.html"


def index_site(output: Path) -> str | None:
    """Index the pages marked ``data-pagefind-body``; why it failed, or None."""
    binary = get_executable()
    if binary is None or not binary.is_file():
        return (
            f"Pagefind's program {str(binary or 'pagefind')!r} is missing: install 'pagefind[bin]'"
        )
    stale = output / BUNDLE
    if stale.is_dir() and not stale.is_symlink():
        shutil.rmtree(stale)  # an index of pages that no longer exist must not survive
    # The site folder is the working directory, so no stray pagefind.yml elsewhere is read.
    command = [str(binary), "--site", ".", "--output-subdir", BUNDLE, "--silent"]
    command += ["--glob", INDEXED_PAGES]
    try:
        done = subprocess.run(
            command, cwd=output, env=_environment(), capture_output=True, text=True, timeout=TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"Pagefind could not run on {str(output)!r}: {error}"
    if done.returncode:
        return f"Pagefind failed on {str(output)!r} (exit {done.returncode}): {_reason(done)}"
    return None


def _environment() -> dict[str, str]:
    """The build's environment without ``PAGEFIND_*`` options that would change the index."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}


def _reason(done: subprocess.CompletedProcess[str]) -> str:
    """Pagefind's own explanation on one line: its first "Error" line, else its last line.

    >>> failed = subprocess.CompletedProcess([], 1, "", "Error: no index.\\nMost likely…\\n")
    >>> _reason(failed)
    'Error: no index.'
    """
    lines = [line.strip() for line in (done.stderr + done.stdout).splitlines()]
    lines = [line for line in lines if line and not line.startswith(("note:", "stack backtrace"))]
    errors = [line for line in lines if line.startswith("Error")]
    if errors:
        return errors[0]
    return lines[-1] if lines else "no message"
