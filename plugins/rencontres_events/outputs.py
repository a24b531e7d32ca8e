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
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pelican.utils import clean_output_dir

from rencontres.atomicfile import replaced
from rencontres.folders import entries

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
    "python-dateutil",  # recurrence rules, and which zones a VTIMEZONE gives a yearly rule
    "pagefind",  # its bundles of parts not indexed again must match the new ones
    "tzdata",  # the only zone data read (rencontres.timezones)
)
# Left out of the build key: what a file shows of "now" is part of its own key, and one
# or two processes write the same bytes.
VOLATILE_SETTINGS = {"EVENTS_NOW", "EVENTS_WORKERS"}
Entry = tuple[str, int, int]  # key, size in bytes, modification time in nanoseconds
Listing = dict[str, tuple[int, int] | None]  # path -> size and time; None: cannot stat it


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
    on_disk: dict[str, tuple[int, int]] = field(default_factory=dict)  # size, time: the sweep's
    site_key: str = ""  # what every file's key starts from (regions, series, the year)
    earlier_site: str | None = None  # the last build's, when its record is taken over

    @classmethod
    def open(
        cls,
        output: Path,
        cache: Path | None,
        build_key: str,
        retention: Iterable[str],
        listed: Listing | None = None,
        site_key: str = "",
    ) -> Outputs:
        """Take over the last build's record; without a usable one, empty the folder first.
        ``listed`` is the folder's ``listing``, when it was taken already (unchanged since)."""
        record = cache / f"rencontres-outputs-{folder_key(output)}.pickle" if cache else None
        earlier, earlier_site = _take(record, build_key) if record else (None, None)
        if earlier is None and output.is_dir():
            clean_output_dir(str(output), list(retention))  # what no record describes is unknown
        outputs = cls(
            output, record, build_key, earlier or {}, site_key=site_key, earlier_site=earlier_site
        )
        if earlier is not None:
            outputs.sweep(listing(output, set(retention)) if listed is None else listed)
        return outputs

    def sweep(self, listed: Listing) -> None:
        """Remove the files no record describes: another build wrote them into this folder
        (a development server, a build without the record, one whose folder was thrown away),
        and a clean build would not have them.

        The size and time of each file it keeps are noted: comparing them with the record
        then costs no second look at the disk (20,000 files).
        """
        for path, found in listed.items():
            if path not in self.earlier:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(self.output, path))
                _prune_empty(self.output, Path(path).parent)
                self.changed.add(path)
                self.removed += 1
            elif found is not None:  # a dangling link is no file the build wrote
                self.on_disk[path] = found

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
        found = self.on_disk.get(path)
        if found is None:  # not seen by the sweep: in a folder it leaves alone, or gone
            try:
                stat = os.stat(os.path.join(self.output, path))
            except OSError:
                return False
            found = (stat.st_size, stat.st_mtime_ns)
        return found == entry[1:]

    def wrote(self, path: str, key: str | None, before: bytes | None = None) -> None:
        """Note a file this build has just written (with no key: to write again next time);
        it counts as changed unless it holds the same bytes as ``before``."""
        target = self.output / path
        found = target.stat()
        self.written[path] = (key or "", found.st_size, found.st_mtime_ns)
        self.on_disk[path] = (found.st_size, found.st_mtime_ns)
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
            self.on_disk.pop(path, None)
            self.changed.add(path)
            _prune_empty(self.output, Path(path).parent)
        self.removed += len(stale)

    def save(self) -> None:
        """Record this build's files, atomically, for the next build."""
        if self.record is None:
            return
        document = {"build": self.build_key, "site": self.site_key, "files": self.written}
        with replaced(self.record, "wb") as handle:  # pickle: a tenth of JSON's time, both ways
            pickle.dump(document, handle, pickle.HIGHEST_PROTOCOL)


def listing(output: Path, kept: set[str]) -> Listing:
    """Every file of an output folder with its size and modification time, but for the
    top-level names in ``kept``: what a sweep compares with the record. It changes
    nothing, so it can be taken on the other core while content is still checked.

    >>> listing(Path("/no/such/folder"), set())
    {}
    """
    found: Listing = {}
    for path, entry in entries(str(output), "", kept):
        try:
            stat = entry.stat()
            found[path] = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            found[path] = None
    return found


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


def _take(record: Path, build_key: str) -> tuple[dict[str, Entry] | None, str | None]:
    """The last build's entries, moved aside, and its site key; none if missing, damaged
    or from other code (whose record may be shaped otherwise: the build key covers the code)."""
    taken = record.with_name(f"{record.name}.taken")
    try:
        os.replace(record, taken)
        with taken.open("rb") as handle:
            document = pickle.load(handle)
        taken.unlink()
    except Exception:  # any damage only costs the files it would have spared writing
        return None, None
    if not isinstance(document, dict) or document.get("build") != build_key:
        return None, None
    files = document.get("files")
    return (files, document.get("site")) if isinstance(files, dict) else (None, None)


def _prune_empty(root: Path, folder: Path) -> None:
    """Remove folders a removed file leaves empty, up to the output folder."""
    while folder.parts:
        try:
            (root / folder).rmdir()
        except OSError:
            return
        folder = folder.parent
