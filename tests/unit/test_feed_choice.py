"""Which events and recaps a feed shows: the newest announcements, chosen by rank."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

from rencontres.feeds import FeedBuilder, FeedSettings, name_based_uuid
from rencontres.history import Revision
from rencontres.model import Event, Recap

START = datetime(2026, 12, 3, 23, tzinfo=UTC)
LIMIT = 7


def events_and_recaps(count: int) -> tuple[list[Event], list[tuple[Recap, Event]]]:
    """Events, and recaps of one in three, named in an order unrelated to their dates."""
    events = [
        Event(f"{n}.md", f"e{n:03}", f"uid-{(n * 37) % count:03}", f"E{n}", START, START,
              False, "montreal")
        for n in range(count)
    ]  # fmt: skip
    recaps = [
        (Recap(f"r{n}.md", f"r{n:03}", f"R{n}", date(2026, 12, 4), event.slug), event)
        for n, event in enumerate(events[::3])
    ]
    return events, recaps


def revisions(items: list[Event | Recap]) -> dict[str, Revision]:
    """Announcement dates with many ties, so the later keys decide too."""
    shuffled = random.Random(5).sample(items, len(items))
    return {
        item.source: Revision(START + timedelta(days=n % 4), created=START - timedelta(days=n % 3))
        for n, item in enumerate(shuffled)
    }


def reference(builder: FeedBuilder, events: list[Event], recaps: list[tuple[Recap, Event]]):
    """The newest sources, found by sorting everything: what the ranks must give."""
    sources = [(event, event) for event in events] + recaps
    return sorted(sources, key=lambda source: builder._order(source[0]), reverse=True)[:LIMIT]


def test_each_feed_shows_its_newest_announcements_in_any_order_of_asking() -> None:
    events, recaps = events_and_recaps(60)
    dated = revisions([*events, *(recap for recap, _ in recaps)])
    builder = FeedBuilder(
        FeedSettings("https://example.org", "example.org", "fr", LIMIT),
        lambda item: dated[item.source], str, lambda event: "", lambda event: None,
    )  # fmt: skip
    pick = random.Random(9)
    feeds = [(events[::5], recaps[::4]), (events, recaps), (events[1:4], []), ([], recaps[:2])]
    feeds += [(pick.sample(events, 20), pick.sample(recaps, 5)) for _ in range(5)]
    for feed_events, feed_recaps in feeds:  # a small feed first: ranks made again for more
        chosen = builder.newest_sources(iter(feed_events), iter(feed_recaps))
        assert chosen == reference(builder, feed_events, feed_recaps)
    assert len(builder.newest_sources(events, recaps)) == LIMIT


def test_item_identities_are_the_name_based_uuids_of_their_calendar_uids() -> None:
    names = ["a@example.org", "soirée-décembre@rencontres.example", "", "x" * 300]
    names += [f"{random.Random(n).getrandbits(64):x}@example.org" for n in range(200)]
    assert [name_based_uuid(n) for n in names] == [
        str(uuid.uuid5(uuid.NAMESPACE_URL, n)) for n in names
    ]
