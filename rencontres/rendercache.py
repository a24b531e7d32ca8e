"""Rendered Markdown kept between builds, so a rebuild renders only the texts that changed.

Entries are keyed by a hash of the text, and kept in 256 files by the hash's first two
digits, so an edit rewrites one or two of them (at 10,000 events, a few hundred
kilobytes each) rather than all the HTML of the site.
Each file is keyed by a fingerprint of the renderer (its source code and the versions
of Markdown and nh3), so a change of either starts afresh rather than serving stale
HTML. Only entries a build used are saved, so the files never outgrow the content.
A list of the keys each file holds is read first, and a file only when one of its
texts is wanted: a rebuild after an edit reads one or two of them.

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

CACHE_FOLDER = "rencontres-markdown"  # in the build's CACHE_PATH: 00.json … ff.json
SHARD_DIGITS = 2  # a file per first two digits of the keys
EARLIER_FILE = "rencontres-markdown.json"  # one file for every entry, as first kept
KEYS_FILE = "rencontres-markdown-keys.json"  # in CACHE_PATH: the keys each file holds


def has_cache(folder: Path) -> bool:
    """Whether an earlier build kept rendered Markdown in ``folder``."""
    shards = folder / CACHE_FOLDER
    return shards.is_dir() and any(shards.glob("*.json"))


def shard_of(key: str) -> str:
    """The name of the file that keeps a key's HTML: its first digits.

    >>> shard_of("2d711642b7")
    '2d'
    """
    return key[:SHARD_DIGITS]


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
        self._read: dict[str, dict[str, object]] = {}  # shard -> its file's entries, once read
        self._saved: dict[str, set[str]] = self._keys()  # shard -> the keys its file holds
        self._prepared: dict[str, str] = {}
        self._used: dict[str, str] = {}
        self._kept: set[str] = set()

    def html(self, text: str, render: Callable[[str], str]) -> str:
        """The HTML of ``text``, rendered only when no earlier build rendered it."""
        key = text_key(text)
        if key not in self._used:
            known = self._prepared.get(key) or self._earlier(key)
            self._used[key] = known if isinstance(known, str) else render(text)
        return self._used[key]

    def _earlier(self, key: str) -> object:
        """An earlier build's entry, if its file holds one (the file read when first needed).
        A key the list names but the file lacks (a file lost or damaged since) is struck
        from the list, so that the file is written again."""
        listed = self._saved.get(shard_of(key), set())
        if key not in listed:
            return None
        found = self._shard(shard_of(key)).get(key)
        if found is None:
            listed.discard(key)
        return found

    def _shard(self, shard: str) -> dict[str, object]:
        """One file's entries, read once."""
        if shard not in self._read and self.folder is not None:
            self._read[shard] = _entries(self.folder / f"{shard}.json", self.fingerprint)
        return self._read.get(shard, {})

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
        self._prepared.update(entries)

    def adopt(self, entries: dict[str, str]) -> None:
        """Take in what another process of this build rendered."""
        self._used.update(entries)

    def keep(self, keys: Iterable[str]) -> None:
        """Keep the HTML of texts still in the content (by their ``text_key``) that this build
        had no need to render (a rebuild renders only what changed): the next build may need
        them."""
        for key in keys:
            if key not in self._used and key in self._saved.get(shard_of(key), ()):
                self._kept.add(key)

    def save(self) -> None:
        """Write the entries this build used or kept: each file whose keys changed,
        atomically (a build cut short leaves the old one), a file left with no entry
        removed; then the list of keys, when any changed."""
        if self.folder is None:
            return
        wanted: dict[str, set[str]] = {}
        for key in [*self._used, *self._kept]:
            wanted.setdefault(shard_of(key), set()).add(key)
        changed = {
            s for s in wanted.keys() | self._saved.keys() if wanted.get(s) != self._saved.get(s)
        }
        try:
            for shard in sorted(changed):
                entries = self._to_save(shard, wanted.get(shard, set()))
                _write(self.folder / f"{shard}.json", self.fingerprint, entries)
                self._saved[shard] = set(entries)
            if changed or not (self.folder.parent / KEYS_FILE).is_file():
                _write_keys(self.folder.parent / KEYS_FILE, self.fingerprint, self._saved)
            (self.folder.parent / EARLIER_FILE).unlink(missing_ok=True)
        except OSError as error:
            self.problem = f"cannot write {str(self.folder)!r}: {error.strerror}"

    def _to_save(self, shard: str, keys: set[str]) -> dict[str, str]:
        """The HTML of some keys of one file, from this build or the file as it was."""
        entries = {}
        for key in sorted(keys):
            html = self._used.get(key)
            html = self._shard(shard).get(key) if html is None else html
            if isinstance(html, str):
                entries[key] = html
        return entries

    def _keys(self) -> dict[str, set[str]]:
        """The keys each file holds, from their list; without a whole list of this renderer's
        (an earlier version kept none), from the files themselves, read now."""
        if self.folder is None or not self.folder.is_dir():
            return {}
        listed = _listed_keys(self.folder.parent / KEYS_FILE, self.fingerprint)
        if listed is not None:
            return listed
        found: dict[str, set[str]] = {}
        for path in sorted(self.folder.glob("*.json")):
            if entries := self._shard(path.stem):
                found[path.stem] = set(entries)
        return found


def _write(path: Path, fingerprint: str, entries: dict[str, str]) -> None:
    """Replace one file with these entries, or remove it when there are none."""
    if not entries:
        path.unlink(missing_ok=True)
        return
    _write_document(path, fingerprint, "html", entries)


def _write_keys(path: Path, fingerprint: str, saved: dict[str, set[str]]) -> None:
    """Replace the list of the keys each file holds."""
    keys = {shard: sorted(found) for shard, found in sorted(saved.items()) if found}
    _write_document(path, fingerprint, "keys", keys)


def _write_document(path: Path, fingerprint: str, name: str, value: object) -> None:
    """Replace a file of the cache, atomically, with one value under this renderer's mark."""
    with replaced(path) as handle:
        json.dump({"fingerprint": fingerprint, name: value}, handle, ensure_ascii=False)


def _listed_keys(path: Path, fingerprint: str) -> dict[str, set[str]] | None:
    """The keys each file holds, as listed; None when the list is missing, damaged or
    another renderer's. A list that says more than a file holds costs only a rendering."""
    keys = _read_document(path, fingerprint, "keys")
    if not isinstance(keys, dict) or not all(isinstance(k, list) for k in keys.values()):
        return None
    return {shard: {str(key) for key in found} for shard, found in keys.items()}


def _entries(path: Path, fingerprint: str) -> dict[str, object]:
    """One file's entries; none if it is damaged or from another renderer (a damaged
    cache only costs the rendering it would have saved)."""
    entries = _read_document(path, fingerprint, "html")
    return entries if isinstance(entries, dict) else {}


def _read_document(path: Path, fingerprint: str, name: str) -> object:
    """The value a file of the cache holds under ``name``; None if the file is missing,
    damaged or another renderer's."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(document, dict) or document.get("fingerprint") != fingerprint:
        return None
    return document.get(name)
