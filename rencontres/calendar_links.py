"""Links that put an event or a calendar into people's calendar applications.

Nothing here is fetched: these are plain links a reader follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from rencontres.model import Occurrence

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COMPOSE = "https://outlook.live.com/calendar/0/action/compose"
OUTLOOK_SUBSCRIBE = "https://outlook.live.com/calendar/0/addfromweb"


@dataclass(frozen=True)
class Subscription:
    """Ways to subscribe to one calendar file."""

    download: str
    webcal: str | None = None
    google: str | None = None
    outlook: str | None = None


def subscription(ics_url: str, name: str) -> Subscription:
    """Subscribe links for an absolute ``.ics`` URL; a relative one can only be downloaded.

    >>> subscription("https://example.org/c/calendar.ics", "Rencontres").webcal
    'webcal://example.org/c/calendar.ics'
    >>> subscription("../calendar.ics", "Rencontres").webcal is None
    True
    """
    if not ics_url.startswith(("https://", "http://")):
        return Subscription(download=ics_url)
    webcal = "webcal://" + ics_url.split("://", 1)[1]
    return Subscription(
        download=ics_url,
        webcal=webcal,
        google=f"{GOOGLE}?{urlencode({'cid': webcal})}",
        outlook=f"{OUTLOOK_SUBSCRIBE}?{urlencode({'url': ics_url, 'name': name})}",
    )


def google_event(occurrence: Occurrence, details: str, location: str) -> str:
    """An "add to Google Calendar" link (``action=TEMPLATE``) with the event's own zone.

    >>> from datetime import datetime
    >>> from rencontres.model import Event
    >>> from rencontres.timezones import zone
    >>> tz = zone("America/Toronto")
    >>> ev = Event("a.md", "a", "a", "Soirée", datetime(2026, 12, 3, 18, tzinfo=tz),
    ...            datetime(2026, 12, 3, 21, tzinfo=tz), False, "montreal")
    >>> google_event(Occurrence(ev, ev.start, ev.end), "", "Le Quai")
    'https://calendar.google.com/calendar/render?action=TEMPLATE&text=Soir%C3%A9e&dates=20261203T180000%2F20261203T210000&ctz=America%2FToronto&details=&location=Le+Quai'
    """
    if occurrence.event.all_day:
        dates = f"{occurrence.start:%Y%m%d}/{occurrence.end:%Y%m%d}"
    else:
        dates = f"{occurrence.start:%Y%m%dT%H%M%S}/{occurrence.end:%Y%m%dT%H%M%S}"
    query = {
        "action": "TEMPLATE",
        "text": occurrence.title,
        "dates": dates,
        "ctz": occurrence.event.timezone,
        "details": details,
        "location": location,
    }
    return f"{GOOGLE}?{urlencode(query)}"


def outlook_event(occurrence: Occurrence, details: str, location: str) -> str:
    """An "add to Outlook" link; times carry their UTC offset, whole days are dates."""
    all_day = occurrence.event.all_day
    if all_day:
        start, end = occurrence.start.date().isoformat(), occurrence.end.date().isoformat()
    else:
        start, end = occurrence.start.isoformat(), occurrence.end.isoformat()
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": occurrence.title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if all_day else "false",
        "body": details,
        "location": location,
    }
    return f"{OUTLOOK_COMPOSE}?{urlencode(query, quote_via=quote)}"


def shorten(text: str, limit: int = 600) -> str:
    """Keep a link's text short enough for every browser and calendar service."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
