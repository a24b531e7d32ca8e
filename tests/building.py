"""Build a site in-process with the repository's settings, for tests and goldens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

REPO = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = REPO / "tests" / "site" / "content"
GOLDEN_DIR = REPO / "tests" / "site" / "golden"
FROZEN_NOW = "2026-11-21T12:00:00-05:00"


def build(
    content: Path, output: Path, settings_file: str = "pelicanconf.py", **overrides: Any
) -> None:
    """Run a strict build of ``content`` into ``output`` with "now" frozen."""
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "EVENTS_NOW": FROZEN_NOW,
        "EVENTS_STRICT": True,
        **overrides,
    }
    settings = read_settings(str(REPO / settings_file), override=override)
    Pelican(settings).run()


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, keyed by POSIX relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
