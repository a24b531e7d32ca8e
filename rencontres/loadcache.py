"""Events an earlier build loaded, by their file's name and bytes: a rebuild parses and
checks only the event files that changed.

Only a file that loaded without error or warning, and whose event names no picture
(whether that file exists is checked again each build), is kept; the others are noted
as seen, so a rebuild tells them from files new or changed since. The whole cache is
keyed by what loading depends on besides the file: the loader's code, the versions of
the libraries it calls, the declared regions and series, and the default duration; a
change to any of them starts afresh. The file is Python's pickle, as Pelican's own
content cache is: it lives in the build's ``CACHE_PATH`` and only this build writes it.

>>> cache = LoadCache(None, "v1")
>>> cache.find(file_key("a.md", b"---")) is None
True
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib.metadata import version
from itertools import islice
from pathlib import Path
from typing import IO

from rencontres.atomicfile import replaced
from rencontres.frontmatter import Document
from rencontres.model import Event, Recap

LOADED_EVENTS_FILE = "rencontres-events.pickle"
FIRST_IDENTITY = "first identity"  # keys of kept identities are (this, blob); files' are bytes
LIBRARIES = ("pyyaml", "python-dateutil", "tzdata", "unidecode")


@dataclass(frozen=True)
class Loaded:
    """A file as the loader read it: its fields, the event or recap they make, and the
    length in bytes of its Markdown text, which ends the file."""

    document: Document
    event: Event | Recap
    body_size: int

    def body(self, raw: bytes) -> str:
        """The Markdown text of the file, from its last bytes (the key vouches they are
        the ones loaded before): the rest of the file need not be decoded and split.

        >>> from rencontres.frontmatter import Mapping
        >>> text = "---\\na: b\\n---\\nÉté\\n".encode()
        >>> Loaded(Document(Mapping({}, {}, 2), "", 4), None, 6).body(text)
        'Été\\n'
        """
        return raw[len(raw) - self.body_size :].decode()

    def with_body(self, body: str) -> Event | Recap:
        """The event or recap, with its Markdown text again: a copy given one field, where
        ``dataclasses.replace`` would pass all its fields through ``__init__`` again
        (three times as long, 10,000 times a rebuild)."""
        event = object.__new__(type(self.event))
        vars(event).update(vars(self.event))  # the fields, and the digest of all but the text
        object.__setattr__(event, "body", body)  # frozen: set as its own __init__ does
        return event


Key = bytes | tuple[str, str]  # a file's name and bytes, digested; or a first identity's blob
Kept = Loaded | tuple[str | None] | None  # a file loaded cleanly, an identity, or a file seen


def loader_fingerprint(*inputs: bytes | str) -> str:
    """What loading depends on besides each file: the code, libraries, and ``inputs``
    (the declaration files and settings)."""
    digest = hashlib.blake2b(digest_size=20)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(f"{sys.version} {[version(name) for name in LIBRARIES]}".encode())
    for value in inputs:
        digest.update(value if isinstance(value, bytes) else value.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class LoadCache:
    """Loaded events by file name and bytes: read from the last build, saved with this one's."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self.path = folder / LOADED_EVENTS_FILE if folder else None
        self.fingerprint = fingerprint
        self.problem = ""  # why the file could not be written, for the build's log
        self._read: tuple[int, int, int] | None = None  # the file read whole: inode, size, time
        self._known = self._load()  # None for a file seen but not kept
        # This build's entries, saved for the next: what it used or loaded cleanly, and
        # None for the files it saw but did not keep (a picture, a problem).
        self._entries: dict[Key, Kept] = {}

    def find(self, key: bytes) -> Loaded | None:
        """What an earlier build made of the file this key stands for, if it kept it, as
        saved (see ``_light``)."""
        found = self._known.get(key)
        self._entries.setdefault(key, found)  # ``keep`` replaces None for a file loaded cleanly
        return found if isinstance(found, Loaded) else None

    def saw(self, key: bytes) -> bool:
        """Whether an earlier build saw the file this key stands for, kept or not."""
        return key in self._known

    def first_identity(self, blob: str) -> tuple[str | None] | None:
        """The identity an earlier build found in a first committed version (a blob never
        changes), in a 1-tuple; None when none was kept."""
        key = (FIRST_IDENTITY, blob)
        found = self._known.get(key)
        if not isinstance(found, tuple):
            return None
        self._entries[key] = found
        return found

    def keep_first_identity(self, blob: str, identity: str | None) -> None:
        """Remember the identity found in a first committed version, for the next builds."""
        self._entries[(FIRST_IDENTITY, blob)] = (identity,)

    def keep(self, key: bytes, document: Document, made: Event | Recap) -> None:
        """Remember a file that loaded cleanly, unless it names a picture: whether that
        file is still there, and a picture, is checked on every build."""
        pictures = made.photos if isinstance(made, Recap) else (made.image,) * bool(made.image)
        if not pictures:  # made light only when saved
            self._entries[key] = Loaded(document, made, len(document.body.encode()))

    def save(self) -> None:
        """Write this build's entries; nothing when they are the ones on disk, whole.

        An edit or two adds its entries at the end of the file: a rebuild need not write
        10,000 entries again for one. Once a quarter of the entries on disk are of files
        no longer there (older versions), the file is written anew, atomically.
        """
        if self.path is None or (self._read and self._entries.keys() == self._known.keys()):
            return
        added = [(key, found) for key, found in self._entries.items() if key not in self._known]
        unused = len(self._known.keys() - self._entries.keys())
        try:
            if unused > len(self._entries) // 4 or not self._append(added):
                self._rewrite()
        except OSError as error:
            self.problem = f"cannot write {str(self.path)!r}: {error.strerror}"

    def _append(self, entries: list[tuple[Key, Kept]]) -> bool:
        """Add entries at the end of the file this build read; False when it is not that
        file any more (another build, with other declarations, wrote its own since)."""
        if self.path is None or self._read is None:
            return False
        with self.path.open("ab") as handle:
            if self._read != _identity(os.fstat(handle.fileno())):
                return False
            _dump_entries(iter(entries), handle)
        return True

    def _rewrite(self) -> None:
        """Write every entry this build used or loaded, replacing the file whole."""
        assert self.path is not None
        with replaced(self.path, "wb") as handle:
            pickle.dump(self.fingerprint, handle, pickle.HIGHEST_PROTOCOL)
            _dump_entries(iter(self._entries.items()), handle)

    def _load(self) -> dict[Key, Kept]:
        """Last build's entries; none if the file is missing, or made for other code,
        libraries, declarations or settings; those before any damage (a build stopped
        while adding to it)."""
        if self.path is None or not self.path.is_file():
            return {}
        entries: dict[Key, Kept] = {}
        try:
            with self.path.open("rb") as handle:
                if pickle.load(handle) != self.fingerprint:
                    return {}
                while handle.peek(1):
                    entries.update(pickle.load(handle))
                self._read = _identity(os.fstat(handle.fileno()))
        except Exception:  # any damage only costs the parsing it would have saved
            return entries
        return entries


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    """Which file this is, and whether it changed: its inode, size and modification time."""
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _dump_entries(entries: Iterator[tuple[Key, Kept]], handle: IO[bytes]) -> None:
    """Entries, light, a thousand to a pickle."""
    while chunk := {key: _light(found) for key, found in islice(entries, 1000)}:
        pickle.dump(chunk, handle, pickle.HIGHEST_PROTOCOL)


def _light(found: Kept) -> Kept:
    """An entry as saved: the event without its Markdown text (reading the file again gives
    it), and where each field is written (their values made the event: kept, they would
    double the time it takes to read the cache)."""
    if not isinstance(found, Loaded) or (not found.event.body and not found.document.fields.values):
        return found  # a file seen but not kept, an identity, or read from the cache: light
    fields = replace(found.document.fields, values={})
    light = Document(fields, "", found.document.body_line)
    _ = found.event.fields_digest  # made now, saved with the event: rebuilds need not make it
    return Loaded(light, found.with_body(""), found.body_size)


def file_key(label: str, raw: bytes) -> bytes:
    """What a file is known by: its name and bytes, digested."""
    return hashlib.blake2b(label.encode() + b"\0" + raw, digest_size=20).digest()
