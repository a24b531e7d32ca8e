"""What the last build wrote, so a rebuild writes only the files whose inputs changed.

The record sits in ``CACHE_PATH``, one per output folder: each file's key (a digest
of its inputs) with the size and modification time it was written with. A file is
skipped only when its key is the same and the file on disk is the one written then;
files of the last build that this one does not plan are removed, and so are files
no record describes (another build wrote them). While a build runs its record is
moved aside, so a build cut short leaves none, and the next one starts from an empty
folder, as does any build whose code, theme or settings changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican.utils import clean_output_dir

from rencontres.atomicfile import replaced

# Libraries whose output lands in the files: a new version may write other bytes.
LIBRARIES = (
    "pelican",
    "jinja2",
    "markupsafe",
    "markdown",
    "nh3",
    "babel",
    "feedgen",
    "lxml",
    "icalendar",
    "pyyaml",
    "pagefind",  # its bundles of parts not indexed again must match the new ones
    "tzdata",  # the only zone data read (rencontres.timezones)
)
VOLATILE_SETTINGS = {"EVENTS_NOW"}  # what a file shows of "now" is part of its own key
Entry = tuple[str, int, int]  # key, size in bytes, modification time in nanoseconds


@dataclass
class Outputs:
    """The files of one output folder: those the last build wrote, and this build's."""

    output: Path
    record: Path | None
    build_key: str
    earlier: dict[str, Entry]
    written: dict[str, Entry] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # written with new bytes, or removed
    removed: int = 0

    @classmethod
    def open(
        cls, output: Path, cache: Path | None, build_key: str, retention: Iterable[str]
    ) -> Outputs:
        """Take over the last build's record; without a usable one, empty the folder first."""
        record = cache / f"rencontres-outputs-{folder_key(output)}.json" if cache else None
        earlier = _take(record, build_key) if record else None
        if earlier is None and output.is_dir():
            clean_output_dir(str(output), list(retention))  # what no record describes is unknown
        outputs = cls(output, record, build_key, earlier or {})
        if earlier is not None:
            outputs.sweep(set(retention))
        return outputs

    def sweep(self, kept: set[str]) -> None:
        """Remove the files no record describes: another build wrote them into this folder
        (a development server, a build without the record, one whose folder was thrown away),
        and a clean build would not have them. Top-level names in ``kept`` stay."""
        top = os.path.join(self.output, "")
        for root, folders, files in os.walk(top):  # strings: 10,000 folders, no Path objects
            inside = root[len(top) :].replace(os.sep, "/")
            here = f"{inside}/" if inside else ""
            if not here:
                folders[:] = [f for f in folders if f not in kept]
            for name in files:
                path = here + name
                if path not in self.earlier and not (not here and name in kept):
                    (self.output / path).unlink()
                    self.changed.add(path)
                    self.removed += 1

    def write(self, path: str, key: str | None, produce: Callable[[], bytes]) -> None:
        """Write ``path`` unless the last build wrote it from the same key and it is still there."""
        if not self.current(path, key):
            self.put(path, key, produce())

    def put(self, path: str, key: str | None, data: bytes) -> None:
        """Write a file now, creating its folder; bytes the last build already wrote there
        are left as they are."""
        if self.previous(path, len(data)) == data:
            self.written[path] = (key or "", *self.earlier[path][1:])
            return
        target = self.output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.wrote(path, key)

    def previous(self, path: str, size: int | None = None) -> bytes | None:
        """The bytes the last build wrote at ``path`` (of this ``size``, if given), while
        the file is still the one it wrote: a rewrite to the same bytes changes nothing,
        and search need not index the page again."""
        entry = self.earlier.get(path)
        if entry is None or (size is not None and size != entry[1]):
            return None
        if not self._as_written(path, entry):
            return None
        try:
            return (self.output / path).read_bytes()
        except OSError:
            return None

    def current(self, path: str, key: str | None) -> bool:
        """Whether the file on disk is the one the last build wrote from this key (then kept)."""
        entry = self.earlier.get(path)
        if key is None or entry is None or entry[0] != key or not self._as_written(path, entry):
            return False
        self.written[path] = entry
        return True

    def _as_written(self, path: str, entry: Entry) -> bool:
        """Whether the file on disk is still the one the last build wrote (size and time)."""
        try:
            found = (self.output / path).stat()
        except OSError:
            return False
        return (found.st_size, found.st_mtime_ns) == entry[1:]

    def wrote(self, path: str, key: str | None, before: bytes | None = None) -> None:
        """Note a file this build has just written (with no key: to write again next time);
        it counts as changed unless it holds the same bytes as ``before``."""
        target = self.output / path
        found = target.stat()
        self.written[path] = (key or "", found.st_size, found.st_mtime_ns)
        if before is None or found.st_size != len(before) or target.read_bytes() != before:
            self.changed.add(path)

    def adopt(self, entries: dict[str, Entry], changed: set[str]) -> None:
        """Take in what another process of this build wrote or kept."""
        self.written.update(entries)
        self.changed.update(changed)

    def remove_stale(self, matching: Callable[[str], bool] = lambda path: True) -> None:
        """Remove files the last build wrote and this one does not plan."""
        stale = [p for p in self.earlier if p not in self.written and matching(p)]
        for path in stale:
            with contextlib.suppress(FileNotFoundError):
                (self.output / path).unlink()
            del self.earlier[path]
            self.changed.add(path)
            _prune_empty(self.output, Path(path).parent)
        self.removed += len(stale)

    def save(self) -> None:
        """Record this build's files, atomically, for the next build."""
        if self.record is None:
            return
        document = {"build": self.build_key, "files": dict(sorted(self.written.items()))}
        with replaced(self.record) as handle:
            handle.write(json.dumps(document))


def build_key(settings: dict[str, Any], folders: Iterable[Path]) -> str:
    """What every file depends on besides its own inputs: the code, the theme, the settings.

    "Now" is left out: what a file shows of it is in its own key.
    """
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes())
    digest.update(sys.version.encode())
    for library in LIBRARIES:
        digest.update(f"{library} {version(library)}\0".encode())
    plain = {n: _plain(v) for n, v in sorted(settings.items()) if n not in VOLATILE_SETTINGS}
    digest.update(repr(plain).encode())
    return digest.hexdigest()


def _plain(value: object) -> object:
    """A setting as data; a function by its name and source, any other object by its type
    (their repr holds an address, which changes with every run)."""
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if callable(value):
        try:
            source = hashlib.sha256(inspect.getsource(value).encode()).hexdigest()  # type: ignore[arg-type]
        except (OSError, TypeError):
            source = ""
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')} {source}"
    return type(value).__qualname__


def folder_key(output: Path) -> str:
    """One record per output folder: several can share a cache."""
    return hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]


def _take(record: Path, build_key: str) -> dict[str, Entry] | None:
    """The last build's entries, moved aside; none if missing, damaged or from other code."""
    taken = record.with_name(f"{record.name}.taken")
    try:
        os.replace(record, taken)
        document = json.loads(taken.read_text(encoding="utf-8"))
        taken.unlink()
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("build") != build_key:
        return None
    files = document.get("files")
    if not isinstance(files, dict):
        return None
    return {path: tuple(entry) for path, entry in files.items() if _is_entry(entry)}


def _is_entry(entry: object) -> bool:
    """A key, a size and a time, as ``save`` wrote them."""
    return (
        isinstance(entry, list)
        and len(entry) == 3
        and isinstance(entry[0], str)
        and all(isinstance(n, int) for n in entry[1:])
    )


def _prune_empty(root: Path, folder: Path) -> None:
    """Remove folders a removed file leaves empty, up to the output folder."""
    while folder.parts:
        try:
            (root / folder).rmdir()
        except OSError:
            return
        folder = folder.parent
