"""Fixtures for the unit tests: small content folders written in ``tmp_path``.

``write_site`` writes ``content/`` (regions, series, events, recaps, images) and
moves the working folder to ``tmp_path``, so that error messages name files as
``content/events/<name>.md``, exactly as ``make validate`` prints them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from contentkit import DEFAULT_REGIONS, DEFAULT_SERIES, dedent, write_files

from rencontres.errors import ErrorLog
from rencontres.loader import Site, load_site

WriteSite = Callable[..., Path]


@pytest.fixture
def write_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteSite:
    """Write a content folder and return its path (``tmp_path / "content"``).

    ``regions``/``series`` are YAML texts (``None`` leaves the file out);
    ``events``/``recaps`` map a file name (sub-folders allowed) to its text;
    ``images`` lists files to create under ``content/``.
    """
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"

    def write(
        events: dict[str, str | bytes] | None = None,
        recaps: dict[str, str | bytes] | None = None,
        regions: str | None = DEFAULT_REGIONS,
        series: str | None = DEFAULT_SERIES,
        images: tuple[str, ...] | list[str] = (),
    ) -> Path:
        content.mkdir(exist_ok=True)
        (content / "events").mkdir(exist_ok=True)
        (content / "recaps").mkdir(exist_ok=True)
        if regions is not None:
            (content / "regions.yaml").write_text(dedent(regions), encoding="utf-8")
        if series is not None:
            (content / "series.yaml").write_text(dedent(series), encoding="utf-8")
        write_files(content / "events", events)
        write_files(content / "recaps", recaps)
        for image in images:
            path = content / image
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"\x89PNG\r\n\x1a\n")
        return content

    return write


@pytest.fixture
def load(write_site: WriteSite) -> Callable[..., tuple[Site, ErrorLog]]:
    """Write a content folder (same arguments as ``write_site``) and load it."""

    def run(**kwargs: object) -> tuple[Site, ErrorLog]:
        return load_site(write_site(**kwargs))

    return run
