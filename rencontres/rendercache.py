"""Rendered Markdown kept between builds, so a rebuild renders only the texts that changed.

Entries are keyed by a hash of the text, and kept in sixteen files by the hash's first
digit, so an edit rewrites one or two of them rather than all the HTML of the site.
Each file is keyed by a fingerprint of the renderer (its source code and the versions
of Markdown and nh3), so a change of either starts afresh rather than serving stale
HTML. Only entries a build used are saved, so the files never outgrow the content.

>>> calls = []
>>> def render(text):
...     calls.append(text)
...     return text.upper()
>>> cache = RenderCache(None, "v1")
>>> cache.html("*a*", render), cache.html("*a*", render), calls
('*A*', '*A*', ['*a*'])
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from itertools import islice
from pathlib import Path

from rencontres.atomicfile import replaced
from rencontres.twocores import pieces

CACHE_FOLDER = "rencontres-markdown"  # in the build's CACHE_PATH: 0.json … f.json
EARLIER_FILE = "rencontres-markdown.json"  # one file for every entry, as first kept


def has_cache(folder: Path) -> bool:
    """Whether an earlier build kept rendered Markdown in ``folder``."""
    shards = folder / CACHE_FOLDER
    return shards.is_dir() and any(shards.glob("*.json"))


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
        self.folder = folder / CACHE_FOLDER if folder else None
        self.fingerprint = fingerprint
        self.problem = ""  # why a file could not be written, for the build's log
        self._saved: dict[str, set[str]] = {}  # shard -> the keys its file holds
        self._known = self._load()
        self._used: dict[str, str] = {}

    def html(self, text: str, render: Callable[[str], str]) -> str:
        """The HTML of ``text``, rendered only when no earlier build rendered it."""
        key = text_key(text)
        if key not in self._used:
            known = self._known.get(key)
            self._used[key] = known if isinstance(known, str) else render(text)
        return self._used[key]

    def __len__(self) -> int:
        """How many texts this build has used so far."""
        return len(self._used)

    def rendered(self, batch: int = 1000, after: int = 0) -> Iterator[dict[str, str]]:
        """What this build has used so far (but the first ``after`` texts, which the other
        process has), in batches, to hand to another process of the same build.

        >>> cache = RenderCache(None, "v1")
        >>> [cache.html(t, str.upper) for t in "abc"]
        ['A', 'B', 'C']
        >>> [list(chunk.values()) for chunk in cache.rendered(batch=2)]
        [['A', 'B'], ['C']]
        >>> [list(chunk.values()) for chunk in cache.rendered(after=2)]
        [['C']]
        """
        yield from pieces(dict(islice(self._used.items(), after, None)), batch)

    def prepare(self, entries: dict[str, str]) -> None:
        """Take in HTML rendered ahead of need, by text key, as if an earlier build had."""
        self._known.update(entries)

    def adopt(self, entries: dict[str, str]) -> None:
        """Take in what another process of this build rendered."""
        self._used.update(entries)

    def keep(self, keys: Iterable[str]) -> None:
        """Keep the HTML of texts still in the content (by their ``text_key``) that this build
        had no need to render (a rebuild renders only what changed): the next build may need
        them."""
        for key in keys:
            if key not in self._used and isinstance(self._known.get(key), str):
                self._used[key] = self._known[key]  # type: ignore[assignment]

    def save(self) -> None:
        """Write the entries this build used: each file whose entries changed, atomically
        (a build cut short leaves the old one); a file left with no entry is removed."""
        if self.folder is None:
            return
        shards: dict[str, dict[str, str]] = {}
        for key, html in sorted(self._used.items()):
            shards.setdefault(key[0], {})[key] = html
        try:
            for shard in sorted(shards.keys() | self._saved.keys()):
                entries = shards.get(shard, {})
                if entries.keys() != self._saved.get(shard, set()):
                    _write(self.folder / f"{shard}.json", self.fingerprint, entries)
            (self.folder.parent / EARLIER_FILE).unlink(missing_ok=True)
        except OSError as error:
            self.problem = f"cannot write {str(self.folder)!r}: {error.strerror}"

    def _load(self) -> dict[str, object]:
        """Last build's entries, from every file that is whole and from this renderer."""
        if self.folder is None or not self.folder.is_dir():
            return {}
        known: dict[str, object] = {}
        for path in sorted(self.folder.glob("*.json")):
            entries = _entries(path, self.fingerprint)
            if entries:
                known.update(entries)
                self._saved[path.stem] = set(entries)
        return known


def _write(path: Path, fingerprint: str, entries: dict[str, str]) -> None:
    """Replace one file with these entries, or remove it when there are none."""
    if not entries:
        path.unlink(missing_ok=True)
        return
    with replaced(path) as handle:
        json.dump({"fingerprint": fingerprint, "html": entries}, handle, ensure_ascii=False)


def _entries(path: Path, fingerprint: str) -> dict[str, object]:
    """One file's entries; none if it is damaged or from another renderer."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}  # a damaged cache only costs the rendering it would have saved
    if not isinstance(document, dict) or document.get("fingerprint") != fingerprint:
        return {}
    entries = document.get("html")
    return entries if isinstance(entries, dict) else {}
