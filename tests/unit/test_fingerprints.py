"""Digests of what pages show: equal values give equal digests, any difference another."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from rencontres.fingerprints import Fingerprints, Unfingerprintable
from rencontres.model import Event, Occurrence

START = datetime(2026, 12, 3, 23, tzinfo=UTC)


@dataclass(frozen=True)
class Place:
    name: str
    tags: tuple[str, ...]


@dataclass
class Box:
    name: str
    tags: tuple[str, ...]


def occurrence(slug: str, days: int = 0, body: str = "") -> Occurrence:
    """One date of a small event."""
    start = START + timedelta(days=days)
    event = Event(f"{slug}.md", slug, slug, slug.title(), start, start, False, "montreal")
    return Occurrence(replace(event, body=body), start, start)


def another_date(days: int) -> Occurrence:
    """A date of a weekly event other than its first (its own ``start`` is not that date)."""
    event = occurrence("hebdo").event
    start = START + timedelta(days=days, hours=1)
    return Occurrence(event, start, start + timedelta(hours=2))


def digest(*values: object) -> str:
    """A digest at a fixed "now", from fresh memos (as a new build has)."""
    return Fingerprints(START - timedelta(days=1), {}).of(*values)


def test_equal_values_give_equal_digests() -> None:
    assert digest([occurrence("a"), {"n": 1}]) == digest([occurrence("a"), {"n": 1}])


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ([occurrence("a"), occurrence("b")], [occurrence("b"), occurrence("a")]),
        ([[occurrence("a")], [occurrence("b")]], [[occurrence("a"), occurrence("b")]]),
        ([[occurrence("a")], []], [[], [occurrence("a")]]),
        ([[occurrence("a"), occurrence("b")]], [[occurrence("a")], occurrence("b")]),
        ([occurrence("a")], (occurrence("a"),)),
        (["a", "b"], ["a;str:'b'"]),
        ([1, [2]], [[1], 2]),
        ({"a": 1, "b": 2}, {"a": 2, "b": 1}),
        ([occurrence("a")], [occurrence("a", days=1)]),
        ([occurrence("a", body="x").event], [occurrence("a", body="y").event]),
        ([another_date(0)], [another_date(7)]),  # one recurring event's dates
        ([Place("Quai", ("a",))], [Place("Quai", ("b",))]),  # digested once each
        ([Place("Quai", ())], [Box("Quai", ())]),  # the same fields in another class
    ],
)
def test_any_difference_of_order_nesting_or_content_changes_the_digest(one, other) -> None:
    assert digest(one) != digest(other)


def test_a_value_that_cannot_be_digested_is_refused() -> None:
    with pytest.raises(Unfingerprintable):
        digest([object()])


def test_prepared_dates_are_not_digested_again(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = occurrence("a", body="Texte")
    fingerprints = Fingerprints(START, {})
    fingerprints.prepare([shown])
    expected = fingerprints.of([shown])
    monkeypatch.setattr("rencontres.fingerprints.hashlib.blake2b", None)  # no new digest
    assert fingerprints.occurrence(shown) and fingerprints.card(shown.event)
    monkeypatch.undo()
    assert Fingerprints(START, {}).of([shown]) == expected


def test_a_date_is_shown_as_a_card_without_its_events_text() -> None:
    """Lists show cards, which never show the text: an edit of the text alone keeps the
    digest of every list that shows the event, and changes that of its own page."""
    before, after = occurrence("a", body="Texte"), occurrence("a", body="Texte modifié")
    assert digest([before]) == digest([after])
    assert digest(before.event, [before]) != digest(after.event, [after])
    assert digest([before]) != digest([occurrence("a", days=1, body="Texte")])


def test_a_value_that_may_change_is_digested_anew_each_time() -> None:
    fingerprints, box = Fingerprints(START, {}), Box("Quai", ())
    first = fingerprints.of(box)
    box.tags = ("nouveau",)
    assert fingerprints.of(box) != first
