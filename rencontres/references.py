"""What content files may refer to, and the errors for a reference that is wrong."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from rencontres.errors import Invalid
from rencontres.model import Series
from rencontres.regions import RegionTree


@dataclass(frozen=True)
class Catalogue:
    """Declared regions and series, the content folder, and the build's defaults."""

    regions: RegionTree
    series: dict[str, Series]
    content_dir: Path
    default_duration: timedelta = timedelta(hours=2)

    def check_file(self, relative: str) -> None:
        """Refuse a path that does not name a file inside ``content/``."""
        try:
            target = (self.content_dir / relative).resolve()
            found = target.is_relative_to(self.content_dir.resolve()) and target.is_file()
        except (OSError, ValueError):  # a name too long, or one with a NUL
            found = False
        if not found:
            raise Invalid("missing_file", value=relative)


def unknown(kind: str, value: str, known: Collection[str]) -> Invalid:
    """An unknown region/series/event, suggesting the nearest declared slug.

    >>> unknown("region", "monreal", ["montreal", "quebec"]).params
    {'value': 'monreal', 'suggestion': 'montreal'}
    """
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    if close:
        return Invalid(f"unknown_{kind}_suggest", value=value, suggestion=close[0])
    return Invalid(f"unknown_{kind}", value=value, known=", ".join(sorted(known)[:12]))
