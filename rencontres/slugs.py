"""URL slugs: lowercase ASCII words joined by hyphens."""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_LENGTH = 80


@lru_cache(maxsize=8192)  # tags and titles come back on every card and page
def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Make a URL slug, cut at a word boundary when too long.

    >>> slugify("Québec")
    'quebec'
    >>> slugify("Trois-Rivières")
    'trois-rivieres'
    >>> slugify("L'apéro d'été — cœur de Paris (6e)")
    'l-apero-d-ete-coeur-de-paris-6e'
    >>> len(slugify("a" * 100))
    80
    >>> slugify("  ---  ")
    ''
    """
    ascii_text = unidecode(text).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]
    return slug


def is_slug(text: str) -> bool:
    """Tell whether a text is already a valid slug.

    >>> is_slug("bas-saint-laurent"), is_slug("Bas-Saint-Laurent"), is_slug("a--b")
    (True, False, False)
    """
    return SLUG_PATTERN.fullmatch(text) is not None
