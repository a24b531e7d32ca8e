"""Checks beyond a single field: what a careful reviewer of a pull request looks for.

Suspect dates and duplicates are warnings; shortened links, fake or huge images
and venues far from their region are errors, because they would mislead readers.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from rencontres.errors import ErrorLog
from rencontres.history import History
from rencontres.loader import Site
from rencontres.model import Event
from rencontres.slugs import slugify

SHORTENERS = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly",
    "cutt.ly", "shorturl.at", "lnkd.in", "tiny.cc", "rb.gy", "t.ly", "s.id", "bl.ink", "v.gd",
})  # fmt: skip
# Whether a URL could go through a shortener: its host, in lower case, is in the URL in
# lower case; most URLs are not, and need not be split (10,000 events have thousands).
SHORTENER_IN = re.compile("|".join(re.escape(host) for host in sorted(SHORTENERS)))
IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_IMAGE_BYTES = 5_000_000
MAX_IMAGE_SIDE = 6000
FAR_AHEAD = timedelta(days=548)  # 18 months
DUPLICATE_WINDOW = timedelta(days=3)
SIMILAR_TITLES = 0.85
DEFAULT_RADIUS_KM = 300
ONLINE_WORDS = re.compile(
    r"\b(en ligne|online|zoom|visio|teams|google meet|jitsi|webinaire|webinar)\b", re.I
)
BODY_LINK = re.compile(r"https?://[^\s)\"'<>\]]+")
MARKDOWN_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
HTML_TARGET = re.compile(r"\b(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def review(site: Site, log: ErrorLog, content: Path, now: datetime, known: set[str]) -> None:
    """Add every review finding to the log; ``known`` holds identities already published."""
    for event in site.events:
        _dates(event, site, log, now, is_new=event.uid not in known)
        _links(event, site, log)
        _place(event, site, log)
        if event.image:
            _image(event.source, site.line(event.source, "image"), event.image, content, log)
    for recap in site.recaps:
        for photo in recap.photos:
            _image(recap.source, site.line(recap.source, "photos"), photo, content, log)
    _duplicates(site, log)


def committed_identities(site: Site, history: History) -> set[str]:
    """Identities of events already committed: without ``--against``, the others are new.
    Outside git (a history without a folder), every event counts as committed: nothing is
    known to be new, and a warning on every past event would hide those that matter."""
    if history.folder is None:
        return {e.uid for e in site.events}

    def committed(event: Event) -> bool:
        return history.of(site.paths[event.source]).published < history.fallback

    return {e.uid for e in site.events if committed(e)}


def _dates(event: Event, site: Site, log: ErrorLog, now: datetime, is_new: bool) -> None:
    """A new event already over, or one far ahead, usually has a typo in its date."""
    line = site.line(event.source, "start")
    if is_new and event.end <= now and event.recurrence is None:
        log.warn(event.source, line, "start", "past_new_event", value=f"{event.start:%Y-%m-%d}")
    if event.start > now + FAR_AHEAD:
        log.warn(event.source, line, "start", "far_future", value=f"{event.start:%Y-%m-%d}")


def _links(event: Event, site: Site, log: ErrorLog) -> None:
    """Shortened links hide where they lead."""
    fields = {
        "online": event.online,
        "registration": event.registration,
        "organizer": event.organizer.url if event.organizer else None,
    }
    for name, url in fields.items():
        if url and _shortener(url):
            log.add(event.source, site.line(event.source, name), name, "link_shortener",
                    value=url, host=_shortener(url))  # fmt: skip
    body_line = site.line(event.source, "body")
    for offset, target in _body_links(event.body):
        line = body_line + event.body[:offset].count("\n")
        _body_link(event.source, line, target, log)


def _body_links(body: str) -> list[tuple[int, str]]:
    """Every link target written in a Markdown body: ``](…)``, ``href=``/``src=``, bare URLs.

    Each pattern runs only on a body that has its marker (most bodies have no link).

    >>> _body_links("[ici](https://a.example) <a href='http://b.example'>là</a>")
    [(4, 'https://a.example'), (6, 'https://a.example'), (28, 'http://b.example'), (34, 'http://b.example')]
    """
    markdown = list(MARKDOWN_TARGET.finditer(body)) if "](" in body else []
    found = [(m.start(), m.group(1)) for m in markdown]
    if "=" in body:  # what ``href=`` and ``src=`` need, found without lowering the body
        taken = [m.span() for m in markdown]
        found += [
            (m.start(), m.group(1))
            for m in HTML_TARGET.finditer(body)
            if not any(start <= m.start() < end for start, end in taken)
        ]
    if "http" in body:
        seen = {offset for offset, _ in found}
        found += [
            (m.start(), m.group(0)) for m in BODY_LINK.finditer(body) if m.start() not in seen
        ]
    return sorted(found)


def _body_link(source: str, line: int, target: str, log: ErrorLog) -> None:
    """A link the sanitiser would drop, or one through a shortener, or one without its scheme."""
    scheme = SCHEME.match(target)
    if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
        log.add(source, line, "body", "bad_body_link", value=target[:80])
    elif host := _shortener(target):
        log.add(source, line, "body", "link_shortener", value=target, host=host)
    elif target.lower().startswith("www."):
        log.warn(source, line, "body", "link_without_scheme", value=target)


def _shortener(url: str) -> str | None:
    """The shortener's host name, if the URL goes through one (as browsers read the host).

    >>> tricks = ("https://bit.ly./a", "https://bit.ly" + chr(92) + "@example.org/x", "//bit.ly/x")
    >>> [_shortener(url) for url in tricks]
    ['bit.ly', 'bit.ly', 'bit.ly']
    >>> [_shortener(url) for url in ("https://WWW.Bit.LY/a", "https://ln\u212ad.in/a")]
    ['bit.ly', 'lnkd.in']
    >>> _shortener("https://example.org/bit.ly"), _shortener("https://rebit.lyon.fr/")
    (None, None)

    A URL whose host cannot be read (an unclosed ``[``) goes through no shortener:

    >>> _shortener("https://[bit.ly/y") is None
    True
    """
    if not SHORTENER_IN.search(url.lower()):
        return None
    normal = url.replace("\\", "/")
    if normal.startswith("//"):
        normal = "https:" + normal
    try:
        hostname = urlsplit(normal).hostname
    except ValueError:
        return None
    host = (hostname or "").rstrip(".").removeprefix("www.")
    return host if host in SHORTENERS else None


def _place(event: Event, site: Site, log: ErrorLog) -> None:
    """A venue far from its region, or an online event with a pseudo-venue."""
    venue = event.venue
    if venue and event.online and not venue.address and ONLINE_WORDS.search(venue.name or ""):
        log.warn(
            event.source,
            site.line(event.source, "venue"),
            "venue",
            "online_with_venue",
            value=venue.name,
        )
    if venue is None or not venue.has_coordinates:
        return
    centre = next(
        (
            r
            for r in reversed([site.regions[s] for s in site.regions.lineage(event.region)])
            if r.lat is not None
        ),
        None,
    )
    if centre is None or centre.lon is None:
        return
    distance = _kilometres(venue.lat, venue.lon, centre.lat, centre.lon)  # type: ignore[arg-type]
    if distance > (centre.radius_km or DEFAULT_RADIUS_KM):
        where = {"lat": venue.lat, "lon": venue.lon, "region": centre.name}
        line = site.line(event.source, "venue")
        log.add(event.source, line, "venue", "far_from_region", distance=round(distance), **where)


def _kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance.

    >>> round(_kilometres(0, 0, 0, 90))  # a quarter of the equator: 2π × 6371 / 4
    10008
    >>> round(_kilometres(45, -73, 46, -73), 2)  # one degree of latitude: 2π × 6371 / 360
    111.19
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _image(source: str, line: int, relative: str, content: Path, log: ErrorLog) -> None:
    """An image must be a real picture of a reasonable size (Pillow is imported here: most
    events have no image)."""
    from PIL import Image, UnidentifiedImageError

    path = content / relative
    if path.stat().st_size > MAX_IMAGE_BYTES:
        log.add(source, line, "image", "image_too_large", value=relative,
                detail=f"{path.stat().st_size // 1000} ko", limit="5 000 ko")  # fmt: skip
        return
    try:
        with Image.open(path) as picture:
            kind, (width, height) = picture.format, picture.size
            picture.verify()
    except Image.DecompressionBombError:  # small file, enormous picture
        log.add(source, line, "image", "image_too_large", value=relative,
                detail="> 89 Mpx", limit=f"{MAX_IMAGE_SIDE} px")  # fmt: skip
        return
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        log.add(source, line, "image", "not_an_image", value=relative)
        return
    if kind not in IMAGE_FORMATS:
        log.add(source, line, "image", "not_an_image", value=relative)
    elif max(width, height) > MAX_IMAGE_SIDE:
        log.add(source, line, "image", "image_too_large", value=relative,
                detail=f"{width}×{height}", limit=f"{MAX_IMAGE_SIDE} px")  # fmt: skip


def _duplicates(site: Site, log: ErrorLog) -> None:
    """The same series on the same day, or a very similar title nearby within a few days."""
    first_of_day: dict[tuple[str, str], Event] = {}
    by_place: dict[str, list[Event]] = defaultdict(list)
    for event in site.events:
        if event.series:
            key = (event.series, event.start.date())
            if key in first_of_day:
                _flag(event, first_of_day[key], "duplicate_same_day", site, log)
            first_of_day.setdefault(key, event)
        by_place[event.region].append(event)
    for events in by_place.values():
        for earlier, later in _close_pairs(events):
            same_day_series = (
                earlier.series
                and earlier.series == later.series
                and (earlier.start.date() == later.start.date())
            )
            if not same_day_series and _similar(earlier.title, later.title):
                _flag(later, earlier, "duplicate_similar_title", site, log)


def _close_pairs(events: list[Event]) -> list[tuple[Event, Event]]:
    """Pairs of events (in time order) that start within a few days of each other."""
    pairs = []
    for index, event in enumerate(events):
        for other in events[index + 1 :]:
            if other.start - event.start > DUPLICATE_WINDOW:
                break
            pairs.append((event, other))
    return pairs


def _similar(first: str, second: str) -> bool:
    """Whether two titles read nearly the same, accents and case aside.

    Two bounds come first, each at least the exact ratio and far cheaper: the lengths,
    then the letters in common whatever their order (``difflib``'s quick ratios, from
    letters counted once per title: a title is compared with each of its neighbours).

    >>> _similar("Apéro web de Québec", "Apero Web de Quebec !"), _similar("Apéro", "Barcamp")
    (True, False)
    >>> _similar("🎉", "🚀"), _similar("Soirée réseau", "Réseau soirée")
    (False, False)
    """
    first, second = _slug(first), _slug(second)
    total = len(first) + len(second)
    if not total:
        return True  # as difflib has it: two empty texts are the same
    if 2.0 * min(len(first), len(second)) / total < SIMILAR_TITLES:
        return False
    common = sum((_letters(first) & _letters(second)).values())
    if 2.0 * common / total < SIMILAR_TITLES:
        return False
    return difflib.SequenceMatcher(None, first, second).ratio() >= SIMILAR_TITLES


@functools.lru_cache(maxsize=4096)
def _letters(slug: str) -> Counter[str]:
    """How often each letter appears in a title's slug."""
    return Counter(slug)


@functools.lru_cache(maxsize=4096)
def _slug(title: str) -> str:
    """A title's slug, kept: one title is compared with each of its neighbours.

    A title of emoji or punctuation has an empty slug: it is compared as written.

    >>> _slug("Apéro !"), _slug("🎉")
    ('apero', '🎉')
    """
    return slugify(title) or title.casefold()


def _flag(event: Event, other: Event, code: str, site: Site, log: ErrorLog) -> None:
    """Warn on the later file, naming the earlier one."""
    log.warn(event.source, site.line(event.source, "title"), "title", code, other=other.source)
