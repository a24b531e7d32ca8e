"""Links between content files, written Pelican's way: ``{filename}`` and ``{static}``.

``[la soirée]({filename}../montreal/decembre.md)`` links to that event's page and
``![photo]({static}/images/beaune.jpg)`` to a file; a path starting with ``/`` is
relative to ``content/``, any other to the linking file's folder. Every content
page (event or recap) lives two folders deep, so a resolved link is written
relative to such a page; feeds and calendars make it absolute.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from rencontres.errors import Invalid

INTERNAL_LINK = re.compile(r"\{(filename|static|attach)\}([^\s)\"'<>]+)")
PAGE_DEPTH = "../../"


@dataclass(frozen=True)
class LinkTargets:
    """What internal links may point to: content pages by source path, and files."""

    pages: dict[str, str]  # content-relative source path -> site-relative URL
    files: set[str]  # content-relative paths of files that exist


def resolve(body: str, source: str, targets: LinkTargets, used: set[str] | None = None) -> str:
    """The body with every internal link resolved, or ``Invalid`` at the first bad one.

    >>> targets = LinkTargets({"events/a.md": "events/2026-12-03-a/"}, {"images/p.jpg"})
    >>> resolve("[a]({filename}a.md) ![p]({static}/images/p.jpg)", "events/b.md", targets)
    '[a](../../events/2026-12-03-a/) ![p](../../images/p.jpg)'
    """

    def replace(found: re.Match[str]) -> str:
        kind, target = found.group(1), found.group(2)
        path = _content_path(target, source)
        if kind == "filename" and path in targets.pages:
            return PAGE_DEPTH + targets.pages[path]
        if kind != "filename" and path in targets.files:
            if used is not None:
                used.add(path)
            return PAGE_DEPTH + path
        line = body[: found.start()].count("\n")
        raise Invalid("unresolved_link", line, value=found.group(0))

    return INTERNAL_LINK.sub(replace, body) if "{" in body else body  # most link nothing here


def _content_path(target: str, source: str) -> str:
    """A link target as a path relative to ``content/``."""
    target = target.split("#", 1)[0].split("?", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
