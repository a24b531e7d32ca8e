"""Digests of what a file shows, so a rebuild writes again only the files whose inputs changed.

A page's digest covers the values its template receives: events (their fields, their
text, their recaps and the names their tags are shown by), occurrences (with whether
each has ended or is under way at "now", which is all templates ask of "now"), and the
lists, mappings and dataclasses holding them. An occurrence is shown as a card, a row
or a grid cell, which never shows its event's text: its digest leaves the text out, so
a page listing an edited event is not written again for an edit of its text only. A
page that shows an event's text has the event itself among its values.

Equal digests mean the same values, so the same bytes from the same templates and
code; whatever the digest does not cover (the templates, the code, the settings, the
names of regions and series) goes into a key shared by every file.

>>> from datetime import datetime, UTC
>>> from rencontres.model import Event, Occurrence
>>> start = datetime(2026, 12, 3, 23, tzinfo=UTC)
>>> event = Event("a.md", "soiree", "soiree", "Soirée", start, start, False, "montreal")
>>> show = Occurrence(event, start, start)
>>> before, after = Fingerprints(start.replace(day=1), {}), Fingerprints(start.replace(day=9), {})
>>> before.of([show]) == Fingerprints(start.replace(day=2), {}).of([show])
True
>>> before.of([show]) == after.of([show])  # it has ended by then: its card reads differently
False
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum

from rencontres.history import Revision
from rencontres.model import Event, Occurrence, Recap
from rencontres.slugs import slugify

PLAIN = (str, int, float, bool, type(None), date, datetime, time, timedelta, Enum)
SEQUENCES = (list, tuple)  # told from mappings without asking ``Mapping`` (a slow check)


class Kind(Enum):
    """How a value goes into a digest."""

    PLAIN = 1
    CONTENT = 2  # an event, an occurrence or a recap: digested once each
    ITEMS = 3
    DATACLASS = 4
    FROZEN = 5  # a frozen dataclass: digested once each
    UNKNOWN = 6


def _kind(value: object) -> Kind:
    """How values of this one's type go into a digest.

    >>> _kind("texte"), _kind([1]), _kind(object())
    (<Kind.PLAIN: 1>, <Kind.ITEMS: 3>, <Kind.UNKNOWN: 6>)
    """
    if isinstance(value, PLAIN):
        return Kind.PLAIN
    if isinstance(value, Event | Occurrence | Recap):
        return Kind.CONTENT
    if isinstance(value, list | tuple | Mapping):
        return Kind.ITEMS
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return Kind.FROZEN if type(value).__dataclass_params__.frozen else Kind.DATACLASS
    return Kind.UNKNOWN


class Unfingerprintable(TypeError):
    """A value whose content cannot be digested: its file is written on every build."""


class Fingerprints:
    """Digests of template values at one "now", each event and occurrence digested once."""

    def __init__(
        self,
        now: datetime,
        recaps_by_event: Mapping[str, Sequence[Recap]],
        tag_names: Mapping[str, str] | None = None,
    ) -> None:
        self.now = now
        self._recaps = recaps_by_event
        self._tag_names = tag_names or {}
        self._events: dict[str, bytes] = {}
        self._cards: dict[str, bytes] = {}
        self._occurrences: dict[int, tuple[Occurrence, bytes]] = {}
        self._kinds: dict[type, tuple[Kind, str, tuple[str, ...]]] = {}
        self._dataclasses: dict[int, tuple[object, bytes]] = {}
        self._texts: dict[str, bytes] = {}  # the parts of strings: each page repeats its keys
        self._sizes: dict[tuple[type, int], bytes] = {}  # the parts that open a list or a dict

    def of(self, *values: object) -> str:
        """The hex digest of some values, in order (their parts digested at once: a page's
        values have hundreds)."""
        parts: list[bytes] = []
        for value in values:
            self._add(parts, value)
        return hashlib.blake2b(b"".join(parts), digest_size=20).hexdigest()

    def event(self, event: Event) -> bytes:
        """An event with its text and its recaps' texts: what its own page shows."""
        if event.slug not in self._events:
            digest = hashlib.blake2b(self.card(event), digest_size=20)
            digest.update(_text(event.body))
            for recap in self._recaps.get(event.slug, ()):
                digest.update(_text(recap.body))
            self._events[event.slug] = digest.digest()
        return self._events[event.slug]

    def card(self, event: Event) -> bytes:
        """What lists show of an event: its fields (the text is not one of them), the names
        its tags are shown by (the first spelling met across the site), and its recaps
        (cards link those of past events)."""
        if event.slug not in self._cards:
            digest = hashlib.blake2b(event.fields_digest, digest_size=20)
            shown = [self._tag_names.get(slugify(tag), tag) for tag in event.tags]
            digest.update(repr(shown).encode())
            for recap in self._recaps.get(event.slug, ()):
                digest.update(recap.fields_digest)
            self._cards[event.slug] = digest.digest()
        return self._cards[event.slug]

    def dated(self, event: Event, revision: Revision, dates: Sequence[Occurrence]) -> str:
        """The hex digest of an event as calendars, feeds and open data show it: with its
        history and its dates at "now". Digests of fixed length, a count and the record's
        repr, hashed at once: every such file asks for its events' (10,000, and more).

        >>> from datetime import datetime, UTC
        >>> start = datetime(2026, 12, 3, 23, tzinfo=UTC)
        >>> event = Event("a.md", "soiree", "soiree", "Soirée", start, start, False, "montreal")
        >>> prints, dates = Fingerprints(start, {}), [Occurrence(event, start, start)]
        >>> first, changed = Revision(start), Revision(start, sequence=1)
        >>> prints.dated(event, first, dates) == prints.dated(event, changed, dates)
        False
        """
        parts = [self.event(event), f"{len(dates)};".encode()]
        parts += [self.occurrence(occurrence) for occurrence in dates]
        parts.append(repr(revision).encode())  # frozen, dates and text only: its repr is stable
        return hashlib.blake2b(b"".join(parts), digest_size=20).hexdigest()

    def of_events(self, events: Iterable[Event]) -> tuple[dict[str, bytes], dict[str, bytes]]:
        """Every event's digests, as a card and whole, by slug: work for another process.

        >>> from datetime import datetime, UTC
        >>> start = datetime(2026, 12, 3, 23, tzinfo=UTC)
        >>> event = Event("a.md", "soiree", "soiree", "Soirée", start, start, False, "montreal")
        >>> here, there = Fingerprints(start, {}), Fingerprints(start, {})
        >>> here.adopt(there.of_events([event]))
        >>> here.event(event) == Fingerprints(start, {}).event(event)
        True
        """
        for event in events:
            self.event(event)
        return self._cards, self._events

    def adopt(self, digests: tuple[dict[str, bytes], dict[str, bytes]]) -> None:
        """Take in events' digests made by another process of this build, from these very
        events (digests are by slug, which no two events share)."""
        cards, events = digests
        self._cards.update(cards)
        self._events.update(events)

    def prepare(self, occurrences: Iterable[Occurrence]) -> None:
        """Digest these dates now (with their events' cards), before the work is shared
        out; events' whole digests, with their texts, come from ``of_events``."""
        for occurrence in occurrences:
            self.occurrence(occurrence)

    def occurrence(self, occurrence: Occurrence) -> bytes:
        """One date of an event, and how it stands at "now"."""
        known = self._occurrences.get(id(occurrence))
        if known is None or known[0] is not occurrence:
            digest = hashlib.blake2b(self.card(occurrence.event), digest_size=20)
            state = (occurrence.has_ended(self.now), occurrence.is_ongoing(self.now))
            digest.update(_when(occurrence) + repr(state).encode())
            known = (occurrence, digest.digest())  # the occurrence is kept: its id stays its own
            self._occurrences[id(occurrence)] = known
        return known[1]

    def _add(self, parts: list[bytes], value: object) -> None:
        """Add one value's parts, by its kind (found once per type: pages hold many)."""
        if type(value) is str:  # most values: a page's keys, its address (120,000 a build)
            known = self._texts.get(value)
            if known is None:
                known = self._texts[value] = f"str:{value!r};".encode()
            parts.append(known)
            return
        kind, name, fields = self._kinds.get(type(value)) or self._kind_of(value)
        if kind is Kind.PLAIN:
            parts.append(f"{name}:{value!r};".encode())
        elif kind is Kind.CONTENT:
            parts.append(self._content(value))  # type: ignore[arg-type]
        elif kind is Kind.ITEMS:
            self._add_items(parts, value)  # type: ignore[arg-type]
        elif kind is Kind.DATACLASS:
            self._add_fields(parts, value, name, fields)
        elif kind is Kind.FROZEN:
            parts.append(b"D" + self._frozen(value, name, fields))
        else:
            raise Unfingerprintable(f"cannot digest a {name}: {value!r:.60}")

    def _frozen(self, value: object, name: str, fields: tuple[str, ...]) -> bytes:
        """A frozen dataclass's digest, made once however many pages show it (a region is
        on every page of its events)."""
        known = self._dataclasses.get(id(value))
        if known is None or known[0] is not value:
            parts: list[bytes] = []
            self._add_fields(parts, value, name, fields)
            known = (value, hashlib.blake2b(b"".join(parts), digest_size=20).digest())
            self._dataclasses[id(value)] = known  # kept with its value: the id stays its own
        return known[1]

    def _add_fields(
        self, parts: list[bytes], value: object, name: str, fields: tuple[str, ...]
    ) -> None:
        """A dataclass's parts: its class's name, then each field's value."""
        parts.append(name.encode())
        for field in fields:
            self._add(parts, getattr(value, field))

    def _kind_of(self, value: object) -> tuple[Kind, str, tuple[str, ...]]:
        """How values of this one's type are digested, its name, and a dataclass's fields."""
        kind = _kind(value)
        name = type(value).__name__ if kind is Kind.PLAIN else type(value).__qualname__
        fields = ()
        if kind in (Kind.DATACLASS, Kind.FROZEN):
            fields = tuple(field.name for field in dataclasses.fields(value))  # type: ignore[arg-type]
        return self._kinds.setdefault(type(value), (kind, name, fields))

    def _add_items(self, parts: list[bytes], value: list | tuple | Mapping) -> None:
        """A sequence's items, or a mapping's keys and values, in order: templates show them so.

        Each item's part says where it ends (a quoted repr and ``;``, or a digest of fixed
        length), so items need no index; occurrences, the bulk of every list, go straight in.
        """
        size = (type(value), len(value))
        opening = self._sizes.get(size)
        if opening is None:
            opening = self._sizes[size] = f"{size[0].__name__}{size[1]}".encode()
        parts.append(opening)
        if size[0] is dict or (size[0] not in SEQUENCES and isinstance(value, Mapping)):
            for key, item in value.items():
                self._add(parts, key)
                self._add(parts, item)
            return
        known = self._occurrences
        for item in value:
            if type(item) is not Occurrence:
                self._add(parts, item)
            elif (found := known.get(id(item))) is not None and found[0] is item:
                parts.append(b"O" + found[1])  # digested already: no call (120,000 a build)
            else:
                parts.append(b"O" + self.occurrence(item))

    def _content(self, value: Event | Occurrence | Recap) -> bytes:
        """What stands for an event, an occurrence or a recap in a digest."""
        if isinstance(value, Event):
            return b"E" + self.event(value)
        if isinstance(value, Occurrence):
            return b"O" + self.occurrence(value)
        return b"R" + value.fields_digest + _text(value.body)


def _when(occurrence: Occurrence) -> bytes:
    """An occurrence's dates and changes; only a mark when they are its event's own, which
    its event's digest has (nine events in ten have one date, and writing dates out costs).

    >>> from datetime import datetime, UTC
    >>> from rencontres.model import Event
    >>> start = datetime(2026, 12, 3, 23, tzinfo=UTC)
    >>> event = Event("a.md", "soiree", "soiree", "Soirée", start, start, False, "montreal")
    >>> _when(Occurrence(event, event.start, event.end))
    b'='
    >>> _when(Occurrence(event, start.replace(day=4), start.replace(day=4)))[:20]
    b'(datetime.datetime(2'
    """
    event = occurrence.event
    own = occurrence.start is event.start and occurrence.end is event.end
    if own and occurrence.original_start is None and occurrence.change is None:
        return b"="
    when = (occurrence.start, occurrence.end, occurrence.original_start, occurrence.change)
    return repr(when).encode()


def _text(body: str) -> bytes:
    """A Markdown text as it goes into a digest: its length first, so that where it ends
    is known whatever it holds (a text can look like anything).

    >>> _text("Été")
    b'5:\xc3\x89t\xc3\xa9'
    """
    data = body.encode("utf-8", "surrogatepass")
    return f"{len(data)}:".encode() + data
