"""Build an ``Event`` from a parsed file: times, zone, identity, and series defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rencontres.errors import ErrorLog, Invalid
from rencontres.fields import read_fields
from rencontres.frontmatter import Document, parse_document
from rencontres.model import Event, OccurrenceChange, Recurrence, Series, Status, Visibility
from rencontres.recurrence import find_change, first_of_rule, wall_starts, wall_times
from rencontres.references import Catalogue, unknown
from rencontres.schema import EVENT_FIELDS
from rencontres.slugs import slugify
from rencontres.timezones import localize, zone

RECURRENCE_CHECK_SPAN = timedelta(days=366 * 5)


@dataclass
class EventDraft:
    """One file being turned into an event; errors go to the shared log."""

    path: str
    doc: Document
    catalogue: Catalogue
    log: ErrorLog
    slug_hint: str | None = None

    def fail(self, field_name: str, exc: Invalid) -> None:
        """Log a problem at the field's line (or the parser's own line)."""
        line = self.doc.fields.key_lines.get(field_name.split(".")[0], 1)
        self.log.add_invalid(self.path, line, field_name, exc)

    def build(self) -> Event | None:
        """The event, or ``None`` once every problem of the file is logged."""
        errors_before = len(self.log)
        values, problems = read_fields(self.doc.fields, EVENT_FIELDS, header_line=1)
        self.slug_hint = _slug(values)
        for problem in problems:
            self.log.add_invalid(self.path, problem.line, problem.field, problem.error)
        series = self._series(values)
        tz = self._zone(values)
        times = self._times(values, tz) if tz and "start" in values else None
        if times and "recurrence" in values:
            all_day = not isinstance(values["start"], datetime)
            self._check_occurrences(values["recurrence"], times, all_day)
        self._check_paths(values)
        if len(self.log) > errors_before or times is None:
            return None
        return self._event(values, times, series)

    def _series(self, values: dict[str, Any]) -> Series | None:
        """The declared series named by ``series``, if any."""
        slug = values.get("series")
        if slug is None or slug in self.catalogue.series:
            return self.catalogue.series.get(slug) if slug else None
        self.fail("series", unknown("series", slug, self.catalogue.series))
        return None

    def _zone(self, values: dict[str, Any]) -> ZoneInfo | None:
        """The event's zone: its own ``timezone``, else its region's."""
        region = values.get("region")
        if region is not None and region not in self.catalogue.regions:
            self.fail("region", unknown("region", region, self.catalogue.regions.regions))
            region = None
        if "timezone" in values:
            return zone(values["timezone"])
        return zone(self.catalogue.regions[region].timezone) if region else None

    def _times(self, values: dict[str, Any], tz: ZoneInfo) -> tuple[datetime, datetime] | None:
        """Aware start and end; all-day events span whole days."""
        start, end = values["start"], values.get("end")
        try:
            if isinstance(start, time):
                raise Invalid("bad_date", value=start.strftime("%H:%M"))
            if isinstance(start, datetime):
                return self._timed(start, end, tz)
            return self._all_day(start, end, tz)
        except Invalid as exc:
            self.fail(exc.params.pop("field", "start"), exc)
            return None

    def _timed(self, start: datetime, end: Any, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """A timed event; a missing end gets the default duration (in real time)."""
        aware_start = localize(start, tz)
        if end is None:
            aware_end = (aware_start.astimezone(UTC) + self.catalogue.default_duration).astimezone(
                tz
            )
            return aware_start, aware_end
        if isinstance(end, time):
            end = datetime.combine(start.date(), end)
        if not isinstance(end, datetime):
            raise Invalid("end_kind_mismatch", field="end")
        try:
            aware_end = localize(end, tz)
        except Invalid as exc:
            exc.params["field"] = "end"
            raise
        if aware_end < aware_start:
            raise Invalid("end_before_start", field="end", start=_show(start), end=_show(end))
        return aware_start, aware_end

    def _all_day(self, start: date, end: Any, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """Whole days: from midnight of the first day to midnight after the last."""
        last = start if end is None else end
        if not isinstance(last, date) or isinstance(last, datetime):
            raise Invalid("end_kind_mismatch", field="end")
        if last < start:
            raise Invalid("end_before_start", field="end", start=_show(start), end=_show(last))
        midnight = datetime.min.time()
        first_instant = datetime.combine(start, midnight, tzinfo=tz)
        after_last = datetime.combine(last + timedelta(days=1), midnight, tzinfo=tz)
        return first_instant, after_last

    def _check_occurrences(
        self, recurrence: Recurrence, times: tuple[datetime, datetime], all_day: bool
    ) -> None:
        """The rule must start at ``start`` and give dates that exist; changes must fit."""
        tz: ZoneInfo = times[0].tzinfo  # type: ignore[assignment]
        first = times[0].replace(tzinfo=None)
        try:
            rule_first = first_of_rule(recurrence, first, tz)
            if rule_first is not None and rule_first != first:
                raise Invalid("start_not_in_rule", value=_show(first), first=_show(rule_first))
            walls = wall_starts(recurrence, first, first + RECURRENCE_CHECK_SPAN, tz)
            if not walls:
                raise Invalid("no_occurrence")
            for change in recurrence.changes:
                _check_change(change, walls, all_day)
            duration = times[1].replace(tzinfo=None) - first
            for wall in walls:
                _check_times(find_change(recurrence, wall), wall, duration, all_day, tz)
        except Invalid as exc:
            self.fail("recurrence", exc)

    def _check_paths(self, values: dict[str, Any]) -> None:
        """The image must be a file inside ``content/``."""
        if "image" in values:
            try:
                self.catalogue.check_file(values["image"])
            except Invalid as exc:
                self.fail("image", exc)

    def _event(
        self, values: dict[str, Any], times: tuple[datetime, datetime], series: Series | None
    ) -> Event:
        """Assemble the event, taking venue and organiser from its series by default."""
        start, end = times
        slug = _slug(values) or slugify(values["title"])
        return Event(
            source=self.path,
            slug=slug,
            uid=values.get("uid", slug),
            start=start,
            end=end,
            all_day=not isinstance(values["start"], datetime),
            venue=values.get("venue")
            or (series.venue if series and "online" not in values else None),
            visibility=values.get("visibility", Visibility.PUBLIC),
            organizer=values.get("organizer") or (series.organizer if series else None),
            status=values.get("status", Status.SCHEDULED),
            tags=tuple(dict.fromkeys(values.get("tags", ()))),
            body=self.doc.body,
            **_plain(values),
        )


PLAIN_FIELDS = (
    "title", "region", "city", "online", "series", "registration", "price",
    "summary", "image", "lang", "recurrence",
)  # fmt: skip


def _check_change(change: OccurrenceChange, walls: list[datetime], all_day: bool) -> None:
    """A change names a real occurrence, with dates or times like the event's own."""
    if not any(find_change(Recurrence("", changes=(change,)), wall) for wall in walls):
        raise Invalid("no_such_occurrence", value=_show(change.original))
    timed_values = [v for v in (change.start, change.end) if isinstance(v, datetime | time)]
    day_values = [v for v in (change.start, change.end) if v is not None and v not in timed_values]
    if (all_day and timed_values) or (not all_day and day_values):
        raise Invalid("change_kind_mismatch", value=_show(change.original))


def _check_times(
    change: OccurrenceChange | None,
    wall: datetime,
    duration: timedelta,
    all_day: bool,
    tz: ZoneInfo,
) -> None:
    """An occurrence's start, and its end when a change gives one, exist and are in order."""
    start, end = wall_times(change, wall, duration, all_day)
    localize(start, tz)
    if change is not None and change.end is not None:
        localize(end, tz)
        if end < start:
            raise Invalid("end_before_start", start=_show(start), end=_show(end))


def first_identity(text: str | None) -> str | None:
    """The identity an event had in its first committed version: ``uid``, else its slug.

    Titles and dates change; the identity calendars and feeds know an event by must not.
    """
    if text is None:
        return None
    try:
        values, _ = read_fields(parse_document(text).fields, EVENT_FIELDS, header_line=1)
    except Invalid:
        return None
    return values.get("uid") or _slug(values)


def _slug(values: dict[str, Any]) -> str | None:
    """``slug`` if given, else the start date and the title; never the file name."""
    if "slug" in values:
        return values["slug"]
    start, title = values.get("start"), values.get("title")
    if not isinstance(start, date) or title is None:
        return None
    return slugify(f"{start:%Y-%m-%d} {title}")


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Fields copied to the event as they were parsed."""
    return {name: values[name] for name in PLAIN_FIELDS if name in values}


def _show(moment: date) -> str:
    """A date or date-time as the contributor would write it."""
    return moment.strftime("%Y-%m-%d %H:%M" if isinstance(moment, datetime) else "%Y-%m-%d")
