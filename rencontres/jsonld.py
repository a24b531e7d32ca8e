"""schema.org ``Event`` as JSON-LD, for search engines; safe inside a ``<script>`` element.

Contributor text goes into JSON strings whose ``<``, ``>`` and ``&`` are written
as ``\\u003c``…, so no value can ever close the script element.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rencontres.model import Event, Occurrence, Status

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
    Status.RESCHEDULED: "EventRescheduled",
}
FREE_WORDS = re.compile(r"\b(gratuit|gratuite|free|libre)\b", re.IGNORECASE)
AMOUNT = re.compile(r"\d+(?:[.,]\d{1,2})?")
CURRENCY_BY_SIGN = {"€": "EUR", "$": "CAD", "£": "GBP"}


@dataclass(frozen=True)
class PageFacts:
    """What the page knows beside the event: its address, the region, the text."""

    url: str
    region_name: str
    description: str
    currency: str  # the region's usual currency, when the price names none
    image_url: str | None = None


def event_jsonld(event: Event, occurrence: Occurrence, facts: PageFacts) -> dict[str, Any]:
    """The ``Event`` object for one event page, dated by the occurrence it shows."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _instant(occurrence.start, event.all_day),
        "endDate": _instant(occurrence.end, event.all_day, last_day=True),
        "eventStatus": SCHEMA + EVENT_STATUS[occurrence.status],
        "eventAttendanceMode": SCHEMA + event.attendance.title() + "EventAttendanceMode",
        "location": _location(event, occurrence, facts),
        "description": facts.description,
        "url": facts.url,
    }
    if event.organizer:
        data["organizer"] = {"@type": "Organization", "name": event.organizer.name,
                             "url": event.organizer.url or facts.url}  # fmt: skip
    if facts.image_url:
        data["image"] = [facts.image_url]
    if event.price:
        data["offers"] = _offer(event.price, facts)
    return data


def _instant(moment: datetime, all_day: bool, last_day: bool = False) -> str:
    """ISO 8601 with offset, or a date for an all-day event (its last day for the end)."""
    if not all_day:
        return moment.isoformat()
    return (moment.date() - timedelta(days=1) if last_day else moment.date()).isoformat()


def _location(event: Event, occurrence: Occurrence, facts: PageFacts) -> Any:
    """A Place with its PostalAddress, a VirtualLocation, or both."""
    places: list[dict[str, Any]] = []
    venue = occurrence.venue
    if venue or event.city or not event.online:
        address = {"@type": "PostalAddress", "addressLocality": event.city or facts.region_name}
        if venue and venue.address:
            address["streetAddress"] = venue.address
        place: dict[str, Any] = {"@type": "Place", "name": (venue and venue.name) or event.city
                                 or facts.region_name, "address": address}  # fmt: skip
        if venue and venue.has_coordinates:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": venue.lat,
                "longitude": venue.lon,
            }
        places.append(place)
    if event.online:
        places.append({"@type": "VirtualLocation", "url": event.online})
    return places[0] if len(places) == 1 else places


def _offer(price: str, facts: PageFacts) -> dict[str, Any]:
    """An Offer: free words mean 0; otherwise the first amount, in the named or usual currency.

    >>> _offer("10 € (une boisson comprise)", PageFacts("u", "r", "", "CAD"))["priceCurrency"]
    'EUR'
    """
    amount = AMOUNT.search(price)
    value = "0" if FREE_WORDS.search(price) or not amount else amount.group(0).replace(",", ".")
    sign = next((code for mark, code in CURRENCY_BY_SIGN.items() if mark in price), facts.currency)
    return {"@type": "Offer", "price": value, "priceCurrency": sign, "url": facts.url,
            "availability": SCHEMA + "InStock", "description": price}  # fmt: skip


def script_json(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped.

    >>> script_json({"name": "</script><script>x()</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ex()\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
