"""Build a site in-process with the repository's settings, for tests and goldens."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = REPO / "tests" / "site" / "content"
GOLDEN_DIR = REPO / "tests" / "site" / "golden"
FROZEN_NOW = "2026-11-21T12:00:00-05:00"
FIXTURE_COMMIT_DATE = "2026-11-01T12:00:00+00:00"
FIXTURE_SITEURL = "https://rencontres.example.org/communaute"
SEARCH_INDEX_FOLDER = "pagefind"  # Pagefind's index: binary and large, so not in the goldens


def git(folder: Path, *args: str, date: str = FIXTURE_COMMIT_DATE) -> str:
    """Run git in ``folder`` with a fixed identity and commit date."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    identity = ["-c", "user.name=Rencontres tests", "-c", "user.email=tests@example.org"]
    command = ["git", "-C", str(folder), *identity, *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def committed_copy(source: Path, target: Path) -> Path:
    """A copy of some content in a git repository of its own, committed at a fixed date."""
    shutil.copytree(source, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "content")
    return target


def build_fixture(output: Path, scratch: Path, **overrides: Any) -> None:
    """Build the fixture site as the goldens are built: own git history, absolute SITEURL."""
    content = committed_copy(FIXTURE_CONTENT, scratch / "content")
    build(content, output, **{"SITEURL": FIXTURE_SITEURL, **overrides})


def build(
    content: Path, output: Path, settings_file: str = "pelicanconf.py", **overrides: Any
) -> None:
    """Run a strict build of ``content`` into ``output`` with "now" frozen, and a cache of its own."""
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(output.with_name(f"{output.name}-cache")),
        "EVENTS_NOW": FROZEN_NOW,
        "EVENTS_STRICT": True,
        **overrides,
    }
    settings = read_settings(str(REPO / settings_file), override=override)
    Pelican(settings).run()


def without_search_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """The built files the goldens hold: all but Pagefind's index, which is tested apart."""
    return {n: b for n, b in files.items() if not n.startswith(f"{SEARCH_INDEX_FOLDER}/")}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, keyed by POSIX relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
