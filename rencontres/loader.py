"""Load ``content/``: declarations, events and recaps, with every error collected.

A file with an error is left out and reported; every other file still loads.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property, partial
from pathlib import Path
from typing import TypeVar

from rencontres.declarations import read_regions, read_series
from rencontres.errors import ErrorLog, Invalid
from rencontres.events import EventDraft, first_identity
from rencontres.fields import IMAGE_SUFFIXES
from rencontres.folders import entries, read_bytes
from rencontres.frontmatter import (
    Document,
    Mapping,
    decode,
    parse_document,
    parse_mapping,
    split,
)
from rencontres.history import History
from rencontres.links import LinkTargets, resolve
from rencontres.loadcache import LoadCache, file_key, loader_fingerprint
from rencontres.model import Event, Recap, Series, Visibility
from rencontres.recaps import build_recap
from rencontres.references import Catalogue, unknown
from rencontres.regions import RegionTree
from rencontres.twocores import split_in_two

REGIONS_FILE = "regions.yaml"
SERIES_FILE = "series.yaml"
EVENTS_DIR = "events"
RECAPS_DIR = "recaps"
Made = TypeVar("Made", Event, Recap)  # what a file makes: an event, or a recap
FILE_ERROR_FIELDS = {"not_utf8": "file", "file_too_large": "file"}
HEADER_ERROR_FIELDS = {"no_front_matter": "front-matter", "unclosed_front_matter": "front-matter"}


@dataclass
class Site:
    """Everything that loaded without error, in a stable order."""

    regions: RegionTree
    series: dict[str, Series]
    events: list[Event] = field(default_factory=list)
    recaps: list[Recap] = field(default_factory=list)
    lines: dict[str, dict[str, int]] = field(default_factory=dict)  # source -> field -> line
    static: set[str] = field(default_factory=set)  # images that bodies link with {static}
    paths: dict[str, str] = field(default_factory=dict)  # source -> path inside content/
    anew: set[str] = field(default_factory=set)  # event and recap files no earlier build saw

    def line(self, source: str, field_name: str) -> int:
        """Where a field is written in a file (``body`` is where the text starts)."""
        return self.lines.get(source, {}).get(field_name, 1)


@dataclass(frozen=True)
class ReadEvent:
    """One event file parsed and built, with the problems found in it: what a second
    process hands back. ``doc`` is None when the file could not be parsed, ``event``
    when it has errors."""

    label: str
    relative: str
    doc: Document | None
    event: Event | None
    slug_hint: str | None
    log: ErrorLog

    def __reduce__(self) -> tuple:
        """Sent light, as plain values: the document's field values made the event already,
        and unpickling 5,000 of them would cost the parent more than reading the files."""
        doc = self.doc
        located = (doc.fields.key_lines, doc.fields.line, doc.body, doc.body_line) if doc else None
        log = (self.log.errors, self.log.warnings)
        return _read_event, (self.label, self.relative, located, self.event, self.slug_hint, log)


def _read_event(
    label: str,
    relative: str,
    located: tuple[dict[str, int], int, str, int] | None,
    event: Event | None,
    slug_hint: str | None,
    log: tuple[list, list],
) -> ReadEvent:
    """A read event file again, from what ``ReadEvent.__reduce__`` sent."""
    doc = None
    if located:
        key_lines, line, body, body_line = located
        doc = Document(Mapping({}, key_lines, line), body, body_line)
    return ReadEvent(label, relative, doc, event, slug_hint, ErrorLog(*log))


@dataclass
class Loader:
    """One pass over a content folder; errors accumulate in ``log``."""

    content_dir: Path
    default_duration: timedelta = timedelta(hours=2)
    history: History | None = None
    log: ErrorLog = field(default_factory=ErrorLog)
    sources: dict[str, tuple[str, Document]] = field(default_factory=dict)  # label -> (path, doc)
    static: set[str] = field(default_factory=set)  # images linked with {static}
    cache: LoadCache | None = None  # events an earlier build loaded
    keys: dict[str, bytes] = field(default_factory=dict)  # label -> the event file's cache key
    anew: set[str] = field(default_factory=set)  # event and recap files no earlier build saw
    workers: int = 1  # 2: a forked child reads half the event files (without a cache)

    def label(self, path: Path | str) -> str:
        """How a file is named in error messages: relative to the working folder.

        Plain strings rather than ``pathlib``: this runs once per file, 10,000 times.
        """
        absolute = os.path.normpath(os.path.join(self._working_folder, path))
        inside = self._working_folder.rstrip(os.sep) + os.sep  # "/" stays "/"
        if absolute.startswith(inside):
            return absolute[len(inside) :].replace(os.sep, "/")  # normalised already
        return Path(path).as_posix()

    @cached_property
    def _working_folder(self) -> str:
        """Where the command runs, looked up once rather than once per file."""
        return os.getcwd()

    @cached_property
    def _content_folder(self) -> str:
        """The content folder, ending with a separator: a file's path is this and its own."""
        return os.path.join(self.content_dir, "")

    @cached_property
    def _content_label(self) -> str | None:
        """How the label of every file of the content folder starts: the listing's paths
        are clean, so only the folder needs making absolute and normalising. None when the
        command runs inside the content folder: labels then start from where it runs, and
        how depends on each file.

        >>> loader = Loader(Path("content/./events/.."))
        >>> loader._content_label + "events/a.md" == loader.label("content/events/a.md")
        True
        >>> Loader(Path(".."))._content_label is None
        True
        """
        folder = os.path.normpath(os.path.join(self._working_folder, self.content_dir))
        if self._working_folder.startswith(os.path.join(folder, "")):
            return None
        return self.label(os.path.join(self.content_dir, "-"))[:-1]

    def load(self) -> Site:
        """Read everything, check every reference, and return what is valid."""
        regions = read_regions(*self._declarations(REGIONS_FILE, required=True), self.log)
        series = read_series(*self._declarations(SERIES_FILE, required=False), regions, self.log)
        catalogue = Catalogue(regions, series, self.content_dir, self.default_duration)
        events, missing = self._events(catalogue)
        recaps = self._recaps(catalogue, {e.slug for e in events}, missing)
        events, recaps = self._resolve_links(events, recaps)
        events.sort(key=lambda e: (e.start, e.slug))
        recaps.sort(key=lambda r: (r.date, r.slug))
        lines = {
            label: {**doc.fields.key_lines, "body": doc.body_line}
            for label, (_, doc) in self.sources.items()
        }
        paths = {label: relative for label, (relative, _) in self.sources.items()}
        return Site(regions, series, events, recaps, lines, self.static, paths, self.anew)

    def _declarations(self, name: str, required: bool) -> tuple[str, Mapping]:
        """Parse one declaration file; a missing optional file declares nothing."""
        path = self.content_dir / name
        label = self.label(path)
        if not path.is_file():
            if required:
                self.log.add(label, 1, "file", "missing_file", value=name)
            return label, Mapping({}, {}, 1)
        try:
            return label, parse_mapping(decode(path.read_bytes()))
        except Invalid as exc:
            self.log.add_invalid(label, 1, _document_field(exc), exc)
            return label, Mapping({}, {}, 1)

    def _documents(self, folder: str) -> Iterator[tuple[str, Document]]:
        """Every Markdown file of a folder, sorted, parsed; broken ones are logged.

        ``.MD`` counts too; any other file there is never published, so it gets a warning.
        """
        for relative in _files(self.content_dir, folder):
            label, doc = self._document(relative, folder, self.log)
            if doc is not None:
                self.sources[label] = (relative, doc)
                yield label, doc

    def _document(self, relative: str, folder: str, log: ErrorLog) -> tuple[str, Document | None]:
        """One file's label and parsed document; ``None`` once its problem is logged."""
        path = self._content_folder + relative
        start = self._content_label
        label = self.label(path) if start is None else start + relative
        if not _is_markdown(relative):
            if not os.path.basename(relative).startswith("."):
                log.warn(label, 1, "file", "ignored_file", folder=folder)
            return label, None
        try:
            raw = read_bytes(path)
            return label, self._parse(label, raw, folder in (EVENTS_DIR, RECAPS_DIR))
        except Invalid as exc:
            log.add_invalid(label, 1, _document_field(exc), exc)
            return label, None

    def _parse(self, label: str, raw: bytes, cached: bool) -> Document:
        """A file's fields and body, from the cache when an earlier build loaded these bytes.

        A cached document knows where each field is written, not its value (the cached
        event was made from them): code that reads ``fields.values`` after loading gets
        nothing for such a file, and must read the event instead.
        """
        if self.cache is None or not cached:
            return parse_document(decode(raw))
        self.keys[label] = key = file_key(label, raw)
        found = self.cache.find(key)
        if not self.cache.saw(key):
            self.anew.add(label)
        if found is None:
            return parse_document(decode(raw))
        return Document(found.document.fields, found.body(raw), found.document.body_line)

    def _build(
        self, label: str, doc: Document, log: ErrorLog, build: Callable[[], Made | None]
    ) -> Made | None:
        """A file's event or recap, from the cache when an earlier build made it from these
        bytes; one made cleanly now is kept for the next build."""
        key = self.keys.get(label)
        found = self.cache.find(key) if self.cache and key else None
        if found:
            return found.with_body(doc.body)  # type: ignore[return-value]
        problems = len(log), len(log.warnings)
        made = build()
        if self.cache and key and made and (len(log), len(log.warnings)) == problems:
            self.cache.keep(key, doc, made)
        return made

    def _images(self) -> set[str]:
        """Pictures under ``images/`` that really are inside ``content/`` (no escaping link)."""
        root = self.content_dir.resolve()
        return {
            path.relative_to(self.content_dir).as_posix()
            for path in (self.content_dir / "images").rglob("*")
            if path.suffix.lower() in IMAGE_SUFFIXES
            and path.is_file()
            and path.resolve().is_relative_to(root)
        }

    def _age(self, label: str) -> tuple[datetime, str]:
        """Published files first: when two files claim one address, the newcomer is refused."""
        if self.history is None:
            return (datetime.min.replace(tzinfo=UTC), label)
        return (self.history.of(self.sources[label][0]).published, label)

    def _first_identities(self, labels: list[str]) -> dict[str, str | None]:
        """The identity of each file's first committed version, by label, for the files
        changed since (the others have theirs still): kept by blob from earlier builds,
        else read from git and parsed (72 µs a file), and kept."""
        if self.history is None:
            return {}
        relative = {self.sources[label][0]: label for label in labels}
        blobs = self.history.first_blobs(list(relative))
        found: dict[str, str | None] = {}
        for blob in set(blobs.values()):
            if self.cache and (kept := self.cache.first_identity(blob)):
                found[blob] = kept[0]
        for blob, text in self.history.read_blobs(set(blobs.values()) - found.keys()).items():
            found[blob] = first_identity(text)
            if self.cache:
                self.cache.keep_first_identity(blob, found[blob])
        return {relative[path]: found[blob] for path, blob in blobs.items() if blob in found}

    def _resolve_links(
        self, events: list[Event], recaps: list[Recap]
    ) -> tuple[list[Event], list[Recap]]:
        """Resolve ``{filename}``/``{static}`` links; a file with a bad one is left out."""
        items: list[Event | Recap] = [*events, *recaps]
        pages = {self.sources[item.source][0]: item.url for item in items}
        targets = LinkTargets(pages, self._images())
        kept: list[Event | Recap] = []
        for item in items:
            relative, doc = self.sources[item.source]
            try:
                body = resolve(item.body, relative, targets, self.static)
                kept.append(item if body == item.body else replace(item, body=body))
            except Invalid as exc:
                self.log.add(
                    item.source, doc.body_line + (exc.line or 0), "body", exc.code, **exc.params
                )
        published = {e.slug for e in kept if isinstance(e, Event)}
        for recap in (r for r in kept if isinstance(r, Recap) and r.event not in published):
            line = self.sources[recap.source][1].fields.key_lines.get("event", 1)
            self.log.add(recap.source, line, "event", "depends_on_broken", value=recap.event)
        return (
            [e for e in kept if isinstance(e, Event)],
            [r for r in kept if isinstance(r, Recap) and r.event in published],
        )

    def _events(self, catalogue: Catalogue) -> tuple[list[Event], dict[str, Invalid]]:
        """Published events with unique addresses and identities; why the others are not."""
        events: list[Event] = []
        missing: dict[str, Invalid] = {}
        owners: dict[str, str] = {}
        documents = sorted(self._read_all_events(catalogue), key=lambda r: self._age(r.label))
        identities = self._first_identities([read.label for read in documents])
        for read in documents:
            event, doc = read.event, read.doc
            identity = identities.get(read.label)
            written = "uid" in doc.fields.key_lines
            if event is not None and identity and not written and identity != event.uid:
                event = replace(event, uid=identity)  # a new object: only when it differs
            if event is None or not self._unique(event, doc, owners):
                slug = event.slug if event else read.slug_hint or ""
                missing[slug] = Invalid("depends_on_broken", value=slug)
            elif event.visibility is Visibility.DRAFT:
                missing[event.slug] = Invalid("event_is_draft", value=event.slug)
            else:
                events.append(event)
        return events, missing

    def _read_all_events(self, catalogue: Catalogue) -> Iterator[ReadEvent]:
        """Every parsed event file, in file order, its problems logged; with two workers
        and no cache (whose keys stay in this process), a child reads half of them."""
        files = _files(self.content_dir, EVENTS_DIR)
        workers = self.workers if self.cache is None else 1
        for read in split_in_two(partial(self._read_events, catalogue), files, workers):
            self.log.merge(read.log)
            if read.doc is not None:
                self.sources[read.label] = (read.relative, read.doc)
                yield read

    def _read_events(self, catalogue: Catalogue, files: list[str]) -> list[ReadEvent]:
        """Parse and build event files, each with a log of its own."""
        found = []
        for relative in files:
            log = ErrorLog()
            label, doc = self._document(relative, EVENTS_DIR, log)
            draft = EventDraft(label, doc, catalogue, log) if doc else None
            event = self._build(label, draft.doc, log, draft.build) if draft else None
            hint = draft.slug_hint if draft else None
            found.append(ReadEvent(label, relative, doc, event, hint, log))
        return found

    def _unique(self, event: Event, doc: Document, owners: dict[str, str]) -> bool:
        """Refuse an event whose address or identity another file already has."""
        checks = [
            ("slug", f"url:{event.slug}", "duplicate_url"),
            ("uid", f"uid:{event.uid}", "duplicate_uid"),
        ]
        for field_name, key, code in checks:
            if key in owners:
                line = doc.fields.key_lines.get(field_name, doc.fields.key_lines.get("title", 1))
                self.log.add(
                    event.source, line, field_name, code,
                    url=f"/{event.url}", value=event.uid, other=owners[key],
                )  # fmt: skip
                return False
        owners[f"url:{event.slug}"] = owners[f"uid:{event.uid}"] = event.source
        return True

    def _recaps(
        self, catalogue: Catalogue, events: set[str], missing: dict[str, Invalid]
    ) -> list[Recap]:
        """Valid recaps of known events, each at its own address."""
        recaps: list[Recap] = []
        owners: dict[str, str] = {}
        for label, doc in self._documents(RECAPS_DIR):
            made = partial(build_recap, label, doc, catalogue, self.log)
            recap = self._build(label, doc, self.log, made)
            if recap is None:
                continue
            line = doc.fields.key_lines.get("event", 1)
            if recap.event not in events:
                problem = missing.get(recap.event) or unknown("event", recap.event, events)
                self.log.add_invalid(label, line, "event", problem)
            elif recap.slug in owners:
                self.log.add(label, doc.fields.key_lines.get("title", 1), "slug", "duplicate_url",
                             url=f"/{recap.url}", other=owners[recap.slug])  # fmt: skip
            else:
                owners[recap.slug] = label
                recaps.append(recap)
        return recaps


def _is_markdown(relative: str) -> bool:
    """Whether a file is Markdown content: ``.md`` in any case, not a hidden ``.md``.

    >>> [_is_markdown(name) for name in ("a.md", "b.MD", "events/.md", "c.txt")]
    [True, True, False, False]
    """
    return os.path.splitext(relative)[1].lower() == ".md"


def _files(content_dir: Path, folder: str) -> list[str]:
    """Every file under ``content_dir/folder``, as sorted paths relative to ``content_dir``.

    >>> _files(Path("/no/such/folder"), "events")
    []
    """
    inside = entries(os.path.join(content_dir, folder), f"{folder}/")
    found = [path for path, entry in inside if entry.is_file()]  # not a fifo or a broken link
    return sorted(found, key=lambda relative: relative.split("/"))


def _document_field(exc: Invalid) -> str:
    """The bracketed field of a file-level or YAML-level error."""
    if exc.code == "duplicate_field":
        return exc.params["name"]
    return FILE_ERROR_FIELDS.get(exc.code) or HEADER_ERROR_FIELDS.get(exc.code) or "yaml"


def event_bodies(content_dir: Path) -> Iterator[str]:
    """The Markdown text of each event file, as the loader will find it, in file order;
    files it cannot split are left to the loader to report."""
    for relative in filter(_is_markdown, _files(Path(content_dir), EVENTS_DIR)):
        try:
            yield split(decode(read_bytes(os.path.join(content_dir, relative))))[1]
        except (Invalid, OSError):
            continue


def load_site(
    content_dir: Path,
    default_duration: timedelta = timedelta(hours=2),
    history: History | None = None,
    cache: LoadCache | None = None,
    workers: int = 1,
) -> tuple[Site, ErrorLog]:
    """Load a content folder; return what is valid and the log of every error.

    With a ``history``, an event without ``uid:`` keeps the identity of its first
    committed version, whatever its title, date or file name became since. With a
    ``cache``, event files an earlier build loaded cleanly are not parsed again; without
    one, two ``workers`` read the event files in two processes.
    """
    loader = Loader(Path(content_dir), default_duration, history, cache=cache, workers=workers)
    return loader.load(), loader.log


def load_cache(content_dir: Path, default_duration: timedelta, folder: Path) -> LoadCache:
    """The cache of loaded events in ``folder``, for this content's declarations."""
    declared = [Path(content_dir) / name for name in (REGIONS_FILE, SERIES_FILE)]
    texts = [path.read_bytes() if path.is_file() else b"" for path in declared]
    return LoadCache(folder, loader_fingerprint(*texts, str(default_duration)))
