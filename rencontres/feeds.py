"""News feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) of announced events and recaps.

An item says when and where in words, in the event's own zone, and its status;
its id is derived from the event's permanent identity, so an edit is an update
of the same item, never a new one.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from rencontres import dates
from rencontres.history import Revision
from rencontres.ical import location_text
from rencontres.markup import absolute_links
from rencontres.model import Event, Occurrence, Recap, Status

Source = tuple[Event | Recap, Event]  # an event announced, or a recap and the event it tells of
if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

LABELS = {
    "fr": {
        "when": "Quand",
        "where": "Où",
        "status": "Statut",
        "page": "Voir la page de l’événement",
        "recap": "Récit",
        "about": "À propos de",
        Status.CANCELLED: "Annulé",
        Status.POSTPONED: "Reporté",
        Status.RESCHEDULED: "Déplacé",
    },
    "en": {
        "when": "When",
        "where": "Where",
        "status": "Status",
        "page": "See the event page",
        "recap": "Recap",
        "about": "About",
        Status.CANCELLED: "Cancelled",
        Status.POSTPONED: "Postponed",
        Status.RESCHEDULED: "Rescheduled",
    },
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class FeedItem:
    """One entry, the same in every feed that carries it."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    content_html: str
    summary: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedInfo:
    """One feed: its title, description, and where it and its page live (site-relative)."""

    title: str
    description: str
    page: str  # e.g. "regions/quebec/"
    folder: str  # where feed.xml and atom.xml are, e.g. "regions/quebec/"


@dataclass(frozen=True)
class FeedSettings:
    """What every feed of one build shares."""

    site_url: str
    uid_domain: str
    lang: str
    limit: int
    now: datetime | None = None  # what a feed with no item is dated (else feedgen's clock)


def _instant(moment: datetime) -> int:
    """A moment as microseconds since 1970: the same order as the aware datetime, but
    compared without asking each zone its offset (feeds compare 40,000 of them).

    >>> from zoneinfo import ZoneInfo
    >>> paris = datetime(2026, 7, 1, 18, tzinfo=ZoneInfo("Europe/Paris"))  # 16:00 UTC
    >>> montreal = datetime(2026, 7, 1, 12, 1, tzinfo=ZoneInfo("America/Montreal"))
    >>> _instant(paris) < _instant(montreal), _instant(paris) - _instant(montreal)
    (True, -60000000)
    """
    return (moment - EPOCH) // MICROSECOND


class FeedBuilder:
    """Builds feed items once each, and renders feeds in three formats."""

    def __init__(
        self,
        settings: FeedSettings,
        revision_of: Callable[[Event | Recap], Revision],
        html_of: Callable[[str], str],
        region_name_of: Callable[[Event], str],
        showing: Callable[[Event], Occurrence],
    ) -> None:
        self.settings = settings
        self.revision_of = revision_of
        self.html_of = html_of
        self.region_name_of = region_name_of
        self.showing = showing
        self.labels = LABELS[settings.lang]
        self._items: dict[str, FeedItem] = {}
        self._identities: dict[str, str] = {}
        self._ranks: dict[int, int] = {}  # by id: events and recaps live as long as the build
        self._ranked: list[Event | Recap] = []  # oldest announcement first

    def forget(self) -> None:
        """Let go of the items kept for feeds that share them, once every feed is written."""
        self._items.clear()
        self._ranks.clear()
        self._ranked.clear()

    def url(self, path: str) -> str:
        """An absolute URL for a site-relative path."""
        return f"{self.settings.site_url}/{path}"

    def event_item(self, event: Event) -> FeedItem:
        """The announcement of an event: when, where, status, text and link."""
        key = f"event:{event.slug}"
        if key not in self._items:
            self._items[key] = self._event_item(event)
        return self._items[key]

    def _event_item(self, event: Event) -> FeedItem:
        occurrence = self.showing(event)
        when = dates.when(occurrence.start, occurrence.end, event.all_day, self.settings.lang)
        region = self.region_name_of(event)
        place = location_text(event, occurrence.venue, region, self.settings.lang)
        status = self.labels.get(occurrence.status)
        page = self.url(event.url)
        lines = [(self.labels["when"], when), (self.labels["where"], place)]
        if status:
            lines.append((self.labels["status"], status))
        facts = "".join(f"<p><strong>{escape(k)} :</strong> {escape(v)}</p>" for k, v in lines)
        body = absolute_links(self.html_of(event.body), page)
        link = f'<p><a href="{escape(page)}">{escape(self.labels["page"])}</a></p>'
        revision = self.revision_of(event)
        return FeedItem(
            id=self.identity(event.uid),
            title=f"{status + ' : ' if status else ''}{event.title} — {when}",
            url=page,
            published=revision.published,
            updated=revision.modified,
            content_html=facts + body + link,
            summary=event.summary or f"{when}, {place}",
            tags=event.tags,
        )

    def recap_item(self, recap: Recap, event: Event) -> FeedItem:
        """A recap, linking to the event it recaps."""
        key = f"recap:{recap.slug}"
        if key not in self._items:
            occurrence = self.showing(event)
            when = dates.when(occurrence.start, occurrence.end, event.all_day, self.settings.lang)
            event_url = self.url(event.url)
            about = (
                f'<p>{escape(self.labels["about"])} <a href="{escape(event_url)}">'
                f"{escape(event.title)}</a> ({escape(when)})</p>"
            )
            page = self.url(recap.url)
            revision = self.revision_of(recap)
            self._items[key] = FeedItem(
                id=self.identity(f"recap/{recap.slug}"),
                title=f"{self.labels['recap']} : {recap.title}",
                url=page,
                published=revision.published,
                updated=revision.modified,
                content_html=about + absolute_links(self.html_of(recap.body), page),
                summary=f"{self.labels['about']} {event.title}",
                tags=recap.tags,
            )
        return self._items[key]

    def identity(self, uid: str) -> str:
        """A URI for an item, derived from the same identity as its calendar UID.

        >>> FeedBuilder(FeedSettings("", "example.org", "fr", 5), *[None] * 4).identity("a")
        'urn:uuid:96152260-ee29-50ad-8fd2-b9d16b65ef65'
        """
        if uid not in self._identities:  # asked for by every feed that holds the item
            name = f"{uid}@{self.settings.uid_domain}"
            self._identities[uid] = f"urn:uuid:{name_based_uuid(name)}"
        return self._identities[uid]

    def newest_sources(
        self, events: Iterable[Event], recaps: Iterable[tuple[Recap, Event]]
    ) -> list[Source]:
        """The events and recaps a feed shows: newest announcement first (published, then
        updated, then id), at most the configured number. They are chosen before any item
        is built, so a feed of a region with thousands of events builds only the few it
        shows; the newest events and the newest recaps are found apart, then together, by
        their ranks among everything announced (numbers, compared without a Python call:
        the feeds of 10,000 events choose among 70,000)."""
        events, recaps = list(events), list(recaps)
        rank = self._ranks_of([*events, *(recap for recap, _ in recaps)])
        limit, ranked = self.settings.limit, self._ranked
        newest: dict[int, Source] = {}
        for number in heapq.nlargest(limit, map(rank, map(id, events))):
            event = ranked[number]
            newest[number] = (event, event)  # type: ignore[assignment]
        by_rank = {rank(id(recap)): (recap, event) for recap, event in recaps}
        newest.update((number, by_rank[number]) for number in heapq.nlargest(limit, by_rank))
        return [newest[number] for number in heapq.nlargest(limit, newest)]

    def _ranks_of(self, announced: list[Event | Recap]) -> Callable[[int], int]:
        """Every event's and recap's rank among those announced, oldest first, by id: put
        in order once, again only when one is new (the first feed, the site's, has all)."""
        if not all(map(self._ranks.__contains__, map(id, announced))):
            known = {id(item): item for item in self._ranked}
            known.update((id(item), item) for item in announced)
            self._ranked = sorted(known.values(), key=self._order)
            self._ranks = {id(item): number for number, item in enumerate(self._ranked)}
        return self._ranks.__getitem__

    def _order(self, announced: Event | Recap) -> tuple[int, int, str]:
        """Where an event or recap stands among the newest: published, updated, identity."""
        uid = announced.uid if isinstance(announced, Event) else f"recap/{announced.slug}"
        revision = self.revision_of(announced)
        return _instant(revision.published), _instant(revision.modified), self.identity(uid)

    def items(self, sources: Iterable[Source]) -> list[FeedItem]:
        """The items of chosen events and recaps, in the order given."""
        return [
            self.event_item(a) if isinstance(a, Event) else self.recap_item(a, e)
            for a, e in sources
        ]

    def _generator(self, info: FeedInfo, items: list[FeedItem], self_name: str) -> FeedGenerator:
        """A feedgen feed with every item, dated by its items, never by the build clock.

        feedgen, and lxml with it, is imported here: most rebuilds write no feed, and
        need not spend a twentieth of their time loading them."""
        from feedgen.feed import FeedGenerator

        feed = FeedGenerator()
        feed.id(self.url(info.page))
        feed.title(info.title)
        feed.subtitle(info.description or info.title)
        feed.link(href=self.url(info.folder + self_name), rel="self")
        feed.link(href=self.url(info.page), rel="alternate")  # last: RSS keeps one link
        feed.language(self.settings.lang)
        newest = max((i.updated for i in items), default=self.settings.now)
        if newest is not None:
            feed.updated(newest)
            feed.lastBuildDate(newest)
        for item in items:
            entry = feed.add_entry(order="append")
            entry.id(item.id)
            entry.guid(item.id, permalink=False)
            entry.title(item.title)
            entry.link(href=item.url)
            entry.published(item.published)
            entry.updated(item.updated)
            entry.content(item.content_html, type="html")
            entry.summary(item.summary)  # not description(): in Atom it replaces <content>
            for tag in item.tags:
                entry.category(term=tag)
        return feed

    def rss(self, info: FeedInfo, items: list[FeedItem]) -> bytes:
        """RSS 2.0."""
        return self._generator(info, items, "feed.xml").rss_str(pretty=True)

    def atom(self, info: FeedInfo, items: list[FeedItem]) -> bytes:
        """Atom 1.0."""
        return self._generator(info, items, "atom.xml").atom_str(pretty=True)

    def json_feed(self, info: FeedInfo, items: list[FeedItem]) -> bytes:
        """JSON Feed 1.1."""
        feed = {
            "version": JSON_FEED_VERSION,
            "title": info.title,
            "description": info.description,
            "home_page_url": self.url(info.page),
            "feed_url": self.url(info.folder + "feed.json"),
            "language": self.settings.lang,
            "items": [
                {
                    "id": item.id,
                    "url": item.url,
                    "title": item.title,
                    "content_html": item.content_html,
                    "summary": item.summary,
                    "date_published": item.published.isoformat(),
                    "date_modified": item.updated.isoformat(),
                    "tags": list(item.tags),
                }
                for item in items
            ],
        }
        return json.dumps(feed, ensure_ascii=False, indent=1).encode() + b"\n"


def name_based_uuid(name: str) -> str:
    """``str(uuid.uuid5(uuid.NAMESPACE_URL, name))``, without making a ``UUID`` (which
    takes three times as long: the feeds ask for one per event and recap, 10,000).

    >>> name_based_uuid("a@example.org") == str(uuid.uuid5(uuid.NAMESPACE_URL, "a@example.org"))
    True
    """
    digest = bytearray(hashlib.sha1(uuid.NAMESPACE_URL.bytes + name.encode()).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # the variant of RFC 4122
    hexa = digest.hex()
    return f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}"
