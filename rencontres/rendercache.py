"""Rendered Markdown kept between builds, so a rebuild renders only the texts that changed.

Entries are keyed by a hash of the text; the whole file is keyed by a fingerprint
of the renderer (its source code and the versions of Markdown and nh3), so a
change of either starts afresh rather than serving stale HTML. Only entries a
build used are saved, so the file never outgrows the content.

>>> calls = []
>>> def render(text):
...     calls.append(text)
...     return text.upper()
>>> cache = RenderCache(None, "v1")
>>> cache.html("*a*", render), cache.html("*a*", render), calls
('*A*', '*A*', ['*a*'])
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from itertools import islice
from pathlib import Path

CACHE_FILE = "rencontres-markdown.json"


def text_key(text: str) -> str:
    """What a text is known by: its hash."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def renderer_fingerprint() -> str:
    """What the HTML depends on besides the text: the markup code and its libraries."""
    source = (Path(__file__).parent / "markup.py").read_bytes()
    libraries = f"markdown {version('markdown')}, nh3 {version('nh3')}"
    return hashlib.sha256(source + libraries.encode()).hexdigest()


class RenderCache:
    """HTML by text hash: loaded from the last build, saved with what this build used."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self.path = folder / CACHE_FILE if folder else None
        self.fingerprint = fingerprint
        self.problem = ""  # why the file could not be written, for the build's log
        self._known = self._load()
        self._used: dict[str, str] = {}

    def html(self, text: str, render: Callable[[str], str]) -> str:
        """The HTML of ``text``, rendered only when no earlier build rendered it."""
        key = text_key(text)
        if key not in self._used:
            known = self._known.get(key)
            self._used[key] = known if isinstance(known, str) else render(text)
        return self._used[key]

    def rendered(self, batch: int = 1000) -> Iterator[dict[str, str]]:
        """What this build has used so far, in batches, to hand to another process of the
        same build.

        >>> cache = RenderCache(None, "v1")
        >>> [cache.html(t, str.upper) for t in "abc"]
        ['A', 'B', 'C']
        >>> [list(chunk.values()) for chunk in cache.rendered(batch=2)]
        [['A', 'B'], ['C']]
        """
        entries = iter(self._used.items())
        while chunk := dict(islice(entries, batch)):
            yield chunk

    def prepare(self, entries: dict[str, str]) -> None:
        """Take in HTML rendered ahead of need, by text key, as if an earlier build had."""
        self._known.update(entries)

    def adopt(self, entries: dict[str, str]) -> None:
        """Take in what another process of this build rendered."""
        self._used.update(entries)

    def keep(self, texts: Iterable[str]) -> None:
        """Keep the HTML of texts still in the content that this build had no need to render
        (a rebuild renders only what changed): the next build may need them."""
        for text in texts:
            key = text_key(text)
            if key not in self._used and isinstance(self._known.get(key), str):
                self._used[key] = self._known[key]  # type: ignore[assignment]

    def save(self) -> None:
        """Write the entries this build used, atomically: a build cut short leaves the old file.

        Nothing is written when they are the entries the file already holds.
        """
        if self.path is None or self._used.keys() == self._known.keys():
            return
        document = {"fingerprint": self.fingerprint, "html": dict(sorted(self._used.items()))}
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False)  # streamed: no 30 MB string
            os.replace(partial, self.path)
        except OSError as error:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            self.problem = f"cannot write {str(self.path)!r}: {error.strerror}"

    def _load(self) -> dict[str, object]:
        """Last build's entries; none if the file is missing, damaged or from another renderer."""
        if self.path is None or not self.path.is_file():
            return {}
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return {}  # a damaged cache only costs the rendering it would have saved
        if not isinstance(document, dict) or document.get("fingerprint") != self.fingerprint:
            return {}
        entries = document.get("html")
        return entries if isinstance(entries, dict) else {}
