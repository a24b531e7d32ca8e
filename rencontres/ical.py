"""iCalendar (RFC 5545, RFC 7986) for events: one VEVENT set per event, reused by every calendar.

Each event's VEVENTs are serialised once and spliced into the site, region,
series, tag and event calendars that contain it, so a large site does not pay
for the same event five times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from rencontres.history import Revision
from rencontres.icalwriter import Component
from rencontres.model import Event, Occurrence, Status, Venue
from rencontres.recurrence import local_until, occurrence_at, wall_starts

PRODID = "-//Rencontres//Rencontres community events 0.1//FR"
STATUS_MARK = {
    "fr": {
        Status.CANCELLED: "Annulé : ",
        Status.POSTPONED: "Reporté : ",
        Status.RESCHEDULED: "Déplacé : ",
    },
    "en": {
        Status.CANCELLED: "Cancelled: ",
        Status.POSTPONED: "Postponed: ",
        Status.RESCHEDULED: "Rescheduled: ",
    },
}
ONLINE = {"fr": "En ligne", "en": "Online"}


@dataclass(frozen=True)
class CalendarInfo:
    """The name and description a calendar application shows for a subscription."""

    name: str
    description: str


@dataclass(frozen=True)
class IcalSettings:
    """What every calendar of one build shares."""

    uid_domain: str
    refresh: timedelta
    lang: str = "fr"
    site_url: str = ""  # absolute, for URL/ORGANIZER; empty in a relative-URL build
    publisher: str = "Rencontres"  # the ORGANIZER of events that name none
    year: int = 2026  # the build's year, for the time zone of an empty calendar


@dataclass(frozen=True)
class EventText:
    """What the site says about an event, as plain text."""

    description: str
    region_name: str


ZoneSpan = tuple[str, int, int, bool]


class IcalRenderer:
    """Renders calendars; each event's VEVENTs are built once and reused."""

    def __init__(
        self,
        settings: IcalSettings,
        revision_of: Callable[[Event], Revision],
        text_of: Callable[[Event], EventText],
        occurrences_of: Callable[[Event], list[Occurrence]],
    ) -> None:
        self.settings = settings
        self.revision_of = revision_of
        self.text_of = text_of
        self.occurrences_of = occurrences_of
        self._vevents: dict[str, bytes] = {}
        # VTIMEZONEs by zone, first and last year, and whether open-ended; a caller may
        # fill it with those an earlier build made from the same code and zone data.
        self.zones: dict[ZoneSpan, bytes] = {}
        self._spans: dict[str, tuple[int, int, bool]] = {}

    def calendar(
        self, info: CalendarInfo, events: Iterable[Event], zone_name: str, keep: bool = True
    ) -> bytes:
        """A whole VCALENDAR: header, the time zones it uses, then its events.

        A calendar with no event yet still holds its zone: RFC 5545 wants a component.
        With ``keep``, each VEVENT is kept for the next calendar that holds the event.
        """
        chosen = list(events)
        zones = self._timezones(chosen) or [
            self._timezone(zone_name, self.settings.year, self.settings.year)
        ]
        body = b"".join(zones) + b"".join(self.vevents(e, keep) for e in chosen)
        return self._header(info).to_ical(body)

    def forget(self) -> None:
        """Let go of the VEVENTs kept for splicing, once every calendar is written."""
        self._vevents.clear()

    def vevents(self, event: Event, keep: bool = True) -> bytes:
        """The event's VEVENT, and one overriding VEVENT per changed occurrence."""
        found = self._vevents.get(event.slug)
        if found is None:
            components = [self._main(event), *self._overrides(event)]
            found = b"".join(c.to_ical() for c in components)
            if keep:
                self._vevents[event.slug] = found
        return found

    def _header(self, info: CalendarInfo) -> Component:
        """Calendar-level properties, in RFC 5545 and RFC 7986 and their X- twins."""
        cal = Component("VCALENDAR")
        cal.add("version", "2.0")
        cal.add("prodid", PRODID)
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        for name in ("description", "x-wr-caldesc"):
            cal.add(name, info.description)
        for name in ("name", "x-wr-calname"):
            cal.add(name, info.name)
        cal.add("refresh-interval", self.settings.refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", self.settings.refresh)
        return cal

    def _main(self, event: Event) -> Component:
        """The event itself, with its recurrence rule if it recurs."""
        vevent = self._common(event, event.title, event.status, event.venue)
        _add_times(vevent, event.start, event.end, event.all_day)
        if event.recurrence:
            _add_recurrence(vevent, event)
        return vevent

    def _overrides(self, event: Event) -> list[Component]:
        """One VEVENT per changed occurrence, tied to its usual start by RECURRENCE-ID.

        Built from the changes themselves, so a change years ahead is published too.
        """
        if event.recurrence is None:
            return []
        found = []
        for change in event.recurrence.changes:
            occurrence = occurrence_at(event, _usual_start(change.original, event))
            assert occurrence.original_start is not None
            vevent = self._common(event, occurrence.title, occurrence.status, occurrence.venue)
            original = occurrence.original_start
            vevent.add("recurrence-id", original.date() if event.all_day else original)
            _add_times(vevent, occurrence.start, occurrence.end, event.all_day)
            found.append(vevent)
        return found

    def _common(self, event: Event, title: str, status: Status, venue: Venue | None) -> Component:
        """Properties shared by an event and its changed occurrences."""
        revision = self.revision_of(event)
        text = self.text_of(event)
        vevent = Component("VEVENT")
        vevent.add("uid", f"{event.uid}@{self.settings.uid_domain}")
        vevent.add("dtstamp", revision.modified.astimezone(UTC))
        vevent.add("last-modified", revision.modified.astimezone(UTC))
        vevent.add("sequence", revision.sequence)
        vevent.add("summary", STATUS_MARK[self.settings.lang].get(status, "") + title)
        vevent.add("status", "CANCELLED" if status is Status.CANCELLED else "CONFIRMED")
        vevent.add("description", self._description(event, text))
        self._add_place(vevent, event, venue, text.region_name)
        if event.tags:
            vevent.add("categories", list(event.tags))
        self._add_links(vevent, event)
        return vevent

    def _description(self, event: Event, text: EventText) -> str:
        """The event's text, then the address of its page."""
        parts = [p for p in (event.summary, text.description) if p]
        if self.settings.site_url:
            parts.append(f"{self.settings.site_url}/{event.url}")
        return "\n\n".join(parts)

    def _add_place(self, vevent: Component, event: Event, venue: Venue | None, region: str) -> None:
        """LOCATION (venue, address, city, or online), and GEO when known."""
        vevent.add("location", location_text(event, venue, region, self.settings.lang))
        if venue and venue.has_coordinates:
            vevent.add("geo", plain_geo(venue.lat, venue.lon))  # type: ignore[arg-type]

    def _add_links(self, vevent: Component, event: Event) -> None:
        """URL of the page, ORGANIZER, and CONFERENCE for joining online."""
        page = f"{self.settings.site_url}/{event.url}" if self.settings.site_url else None
        if page:
            vevent.add("url", page)
        site = f"{self.settings.site_url}/" if self.settings.site_url else None
        organizer_uri = (event.organizer and event.organizer.url) or site
        if organizer_uri:  # METHOD:PUBLISH wants one; the site publishes what names none
            name = event.organizer.name if event.organizer else self.settings.publisher
            vevent.add("organizer", organizer_uri, parameters={"CN": name})
        if event.online:
            label = ONLINE[self.settings.lang]
            params = {"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": label}
            vevent.add("conference", event.online, parameters=params)

    def _timezones(self, events: list[Event]) -> list[bytes]:
        """A VTIMEZONE for each zone the events use, covering every year they use it."""
        spans: dict[str, tuple[int, int, bool]] = {}
        for event in events:
            if event.all_day:
                continue
            first, last, open_ended = self._span(event)
            known = spans.get(event.timezone, (first, last, open_ended))
            spans[event.timezone] = (
                min(known[0], first),
                max(known[1], last),
                known[2] or open_ended,
            )
        return [self._timezone(name, *span) for name, span in sorted(spans.items())]

    def _span(self, event: Event) -> tuple[int, int, bool]:
        """The first and last years an event uses, and whether its rule never ends (kept)."""
        if event.slug not in self._spans:
            self._spans[event.slug] = self._years(event)
        return self._spans[event.slug]

    def _years(self, event: Event) -> tuple[int, int, bool]:
        """The first and last years an event uses, and whether its rule never ends."""
        dates = self.occurrences_of(event)
        last = max(o.end.year for o in dates)
        if event.recurrence is None:
            return event.start.year, last, False
        if not bounded(event.recurrence.rule):
            return event.start.year, last, True
        final = final_occurrence(event)
        return event.start.year, max(last, final.year), False

    def _timezone(
        self, name: str, first_year: int, last_year: int, open_ended: bool = False
    ) -> bytes:
        """One VTIMEZONE, from the year before the first use to the year after the last."""
        key = (name, first_year, last_year, open_ended)
        if key not in self.zones:
            # icalendar is imported here: most rebuilds write no calendar (a fiftieth of a second)
            from rencontres.vtimezone import vtimezone

            component = vtimezone(name, first_year - 1, last_year + 1, open_ended)
            self.zones[key] = component.to_ical()
        return self.zones[key]


def location_text(event: Event, venue: Venue | None, region: str, lang: str) -> str:
    """Where, in one line: venue, address and city, or the online address, or the region."""
    parts = [venue.name, venue.address] if venue else []
    if event.city and not any(event.city in (p or "") for p in parts):
        parts.append(event.city)
    if event.online and not venue:
        parts.append(f"{ONLINE[lang]} : {event.online}")
    return ", ".join(p for p in parts if p) or region


def plain_geo(lat: float, lon: float) -> str:
    """GEO with plain decimals: RFC 5545 FLOAT has no exponent (``1e-05``).

    >>> plain_geo(0.00001, -73.5)
    '0.00001;-73.5'
    """
    return ";".join(f"{v:.6f}".rstrip("0").rstrip(".") for v in (lat, lon))


def _add_times(vevent: Component, start: datetime, end: datetime, all_day: bool) -> None:
    """DTSTART/DTEND: with TZID for a timed event, VALUE=DATE (end exclusive) for whole days.

    An end in the hour that happens twice when clocks go back is written in UTC,
    the one form every client reads as the same instant.
    """
    if all_day:
        vevent.add("dtstart", start.date())
        vevent.add("dtend", end.date())
        return
    vevent.add("dtstart", start)
    vevent.add("dtend", end.astimezone(UTC) if repeated(end) else end)


def repeated(moment: datetime) -> bool:
    """Whether a wall-clock time happens twice (the hour after clocks go back)."""
    return moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset()


def _usual_start(original: date | datetime, event: Event) -> datetime:
    """The wall-clock start of the occurrence a change names by its day or date-time."""
    if isinstance(original, datetime):
        return original
    return datetime.combine(original, event.start.time())


def bounded(rule: str) -> bool:
    """Whether a rule ends (COUNT or UNTIL).

    >>> bounded("FREQ=WEEKLY;COUNT=3"), bounded("FREQ=MONTHLY;BYDAY=1TH")
    (True, False)
    """
    return any(part.startswith(("COUNT=", "UNTIL=")) for part in rule.split(";"))


def final_occurrence(event: Event) -> datetime:
    """The last occurrence of an event whose rule ends."""
    assert event.recurrence is not None
    first = event.start.replace(tzinfo=None)
    walls = wall_starts(event.recurrence, first, datetime(9999, 12, 31), event.tz)
    changed = [c.start for c in event.recurrence.changes if isinstance(c.start, datetime)]
    return max([*walls, *changed, first])


def _add_recurrence(vevent: Component, event: Event) -> None:
    """RRULE (UNTIL in UTC, or a date for all-day events), EXDATE and RDATE."""
    assert event.recurrence is not None
    vevent.add("rrule", ical_rule(event))
    usual = event.start.time()
    for name, values in (("exdate", event.recurrence.exdates), ("rdate", event.recurrence.rdates)):
        if values:
            vevent.add(name, [_instance(v, usual, event) for v in values])


def _instance(value: date | datetime, usual: time, event: Event) -> date | datetime:
    """An exception or addition as the same kind of value as DTSTART."""
    if event.all_day:
        return value.date() if isinstance(value, datetime) else value
    wall = value if isinstance(value, datetime) else datetime.combine(value, usual)
    return wall.replace(tzinfo=event.tz)


def ical_rule(event: Event) -> str:
    """The RRULE value as RFC 5545 wants it next to this event's DTSTART.

    >>> from rencontres.model import Recurrence
    >>> from rencontres.timezones import zone
    >>> tz = zone("Europe/Paris")
    >>> ev = Event("a.md", "a", "a", "A", datetime(2027, 1, 29, 12, 30, tzinfo=tz),
    ...            datetime(2027, 1, 29, 14, tzinfo=tz), False, "paris",
    ...            recurrence=Recurrence("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270430"))
    >>> ical_rule(ev)
    'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270430T215959Z'
    """
    assert event.recurrence is not None
    rule = local_until(event.recurrence.rule, event.tz)
    parts = []
    for part in rule.split(";"):
        if part.startswith("UNTIL="):
            local = datetime.strptime(part[6:], "%Y%m%dT%H%M%S")
            if event.all_day:
                part = f"UNTIL={local:%Y%m%d}"
            else:
                part = f"UNTIL={local.replace(tzinfo=event.tz).astimezone(UTC):%Y%m%dT%H%M%SZ}"
        parts.append(part)
    return ";".join(parts)
