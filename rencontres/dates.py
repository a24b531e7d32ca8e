"""Dates and times in words, with Babel's data: the OS locale never matters.

>>> from rencontres.timezones import zone
>>> paris = zone("Europe/Paris")
>>> start = datetime(2026, 12, 3, 18, 0, tzinfo=paris)
>>> when(start, start + timedelta(hours=3), False, "fr")
'jeudi 3 décembre 2026, 18\xa0h\xa000\xa0– 21\xa0h\xa000'
>>> when(start, start + timedelta(hours=3), False, "en")
'Thursday, December 3, 2026, 6:00\xa0PM\xa0– 9:00\xa0PM'
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name

PATTERNS = {
    "fr": {
        "day": "EEEE d MMMM y",
        "day_no_year": "EEEE d MMMM",
        "time": "H 'h' mm",
        "month": "MMMM y",
    },
    "en": {
        "day": "EEEE, MMMM d, y",
        "day_no_year": "EEEE, MMMM d",
        "time": "h:mm a",
        "month": "MMMM y",
    },
}
SEPARATOR = "\xa0– "
SO = {"fr": ", soit ", "en": ", that is "}
NBSP = "\xa0"


def day(value: date, lang: str) -> str:
    """A full day: « jeudi 3 décembre 2026 », and « 1er » for the first of the month.

    >>> day(date(2026, 10, 1), "fr"), day(date(2026, 10, 1), "en")
    ('jeudi 1er octobre 2026', 'Thursday, October 1, 2026')
    """
    return _format_day(value.date() if isinstance(value, datetime) else value, "day", lang)


@lru_cache(maxsize=8192)  # an archive shows thousands of events on fewer days
def _format_day(value: date, pattern: str, lang: str) -> str:
    """Format a day with a named pattern, writing the French ordinal « 1er »."""
    text = PATTERNS[lang][pattern]
    if lang == "fr" and value.day == 1:
        text = text.replace("d ", "d'er' ", 1)
    return format_date(value, text, locale=lang)


def clock(value: datetime, lang: str) -> str:
    """A wall-clock time in the value's own zone, never broken across lines: « 18 h 00 ».

    >>> from rencontres.timezones import zone
    >>> clock(datetime(2026, 12, 3, 8, 0, tzinfo=zone("Europe/Paris")), "fr")
    '8\xa0h\xa000'
    """
    return format_time(value, PATTERNS[lang]["time"], locale=lang).replace(" ", NBSP)


def month(value: date, lang: str) -> str:
    """A month heading: « Décembre 2026 »."""
    text = format_date(value, PATTERNS[lang]["month"], locale=lang)
    return text[:1].upper() + text[1:]


def zone_name(value: datetime, lang: str) -> str:
    """The zone's everyday name: « heure d’Europe centrale »."""
    return get_timezone_name(value.tzinfo, "long", zone_variant="generic", locale=lang)


def when(
    start: datetime, end: datetime, all_day: bool, lang: str, local_zone: ZoneInfo | None = None
) -> str:
    """Start and end in words, sharing the day when both fall on it.

    With ``local_zone`` (the region's), the event's zone is named and the local time given.

    >>> from rencontres.timezones import zone
    >>> tz = zone("America/Toronto")
    >>> when(datetime(2027, 5, 15, tzinfo=tz), datetime(2027, 5, 17, tzinfo=tz), True, "fr")
    'samedi 15 mai\xa0– dimanche 16 mai 2027'
    >>> when(datetime(2027, 5, 15, tzinfo=tz), datetime(2027, 5, 16, tzinfo=tz), True, "fr")
    'samedi 15 mai 2027'
    >>> paris = datetime(2026, 12, 10, 18, tzinfo=zone("Europe/Paris"))
    >>> when(paris, paris + timedelta(hours=2), False, "fr", local_zone=tz)[-60:]
    'Europe centrale, soit 12\xa0h\xa000 heure de l’Est nord-américain)'
    """
    if all_day:
        return _days(start.date(), (end - timedelta(days=1)).date(), lang)
    first = f"{day(start, lang)}, {clock(start, lang)}"
    if end.date() == start.date():
        text = f"{first}{SEPARATOR}{clock(end, lang)}"
    else:
        text = f"{first}{SEPARATOR}{day(end, lang)}, {clock(end, lang)}"
    if local_zone is None:
        return text
    local = start.astimezone(local_zone)
    return (
        f"{text} ({zone_name(start, lang)}{SO[lang]}{clock(local, lang)} {zone_name(local, lang)})"
    )


def _days(first: date, last: date, lang: str) -> str:
    """A run of whole days, with the year written once when it is shared."""
    if first == last:
        return day(first, lang)
    pattern = "day_no_year" if first.year == last.year else "day"
    return f"{_format_day(first, pattern, lang)}{SEPARATOR}{day(last, lang)}"
