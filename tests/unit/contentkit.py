"""Helpers shared by the unit tests: content files, and errors as plain tuples.

The fixtures that write these files into ``tmp_path`` are in ``conftest.py``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from rencontres.errors import ErrorLog

DEFAULT_REGIONS = """\
quebec:
  name: Québec
  timezone: America/Toronto
montreal:
  name: Montréal
  parent: quebec
bas-saint-laurent:
  name: Bas-Saint-Laurent
  parent: quebec
rimouski:
  name: Rimouski
  parent: bas-saint-laurent
france:
  name: France
  timezone: Europe/Paris
bourgogne:
  name: Bourgogne
  parent: france
"""

DEFAULT_SERIES = """\
soirees-web-montreal:
  name: Les Soirées Web de Montréal
  region: montreal
  organizer:
    name: Collectif Web Montréal
    url: https://soirees.example.org/
  venue:
    name: Le Quai des Brumes
    address: 4481, rue Saint-Denis, Montréal
"""


def dedent(text: str) -> str:
    """Dedent a triple-quoted block and drop its leading newline."""
    return textwrap.dedent(text).lstrip("\n")


def md(header: str, body: str = "Le texte de l'annonce.\n") -> str:
    """A content file: line 1 is ``---``, the header starts on line 2.

    >>> md("title: A\\n").splitlines()
    ['---', 'title: A', '---', "Le texte de l'annonce."]
    """
    return "---\n" + dedent(header) + "---\n" + body


def event(
    title: str = "Soirée",
    start: str = "2026-12-03 18:00",
    region: str = "montreal",
    extra: str = "",
) -> str:
    """A small valid event file; ``extra`` lines go after ``region`` (line 5 on)."""
    return md(f"title: {title}\nstart: {start}\nregion: {region}\n" + dedent(extra))


def located(log: ErrorLog) -> list[tuple[str, int, str, str]]:
    """Every error as ``(path, line, field, code)``, in the log's stable order."""
    return [(e.path, e.line, e.field, e.code) for e in log.sorted()]


def params(log: ErrorLog, code: str) -> dict[str, str]:
    """The message parameters of the single error with this code."""
    found = [e for e in log.sorted() if e.code == code]
    assert len(found) == 1, located(log)
    return dict(found[0].params)


def write_files(folder: Path, files: dict[str, str | bytes] | None) -> None:
    """Write ``{relative name: text or bytes}`` under ``folder``, making sub-folders."""
    for name, text in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
