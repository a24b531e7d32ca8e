"""Field parsers: each turns one front-matter node into a typed value or ``Invalid``.

Parsers read the text the contributor typed, never YAML's guess at a type.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from dateutil.rrule import rrulestr

from rencontres.errors import Invalid
from rencontres.frontmatter import Mapping, Node, Scalar, Sequence
from rencontres.model import OccurrenceChange, Organizer, Recurrence, Status, Venue, Visibility
from rencontres.slugs import is_slug, slugify
from rencontres.timezones import zone

Parser = Callable[[Node, str], Any]

DATE_TIME = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T]+(?P<h>\d{1,2})(?:[:hH](?P<mi>\d{2})(?::(?P<s>\d{2}))?|[hH]))?"
)
TIME_ONLY = re.compile(r"(?P<h>\d{1,2})(?:[:hH](?P<mi>\d{2})(?::(?P<s>\d{2}))?|[hH])")
OFFSET_SUFFIX = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$", re.IGNORECASE)
UID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,199}")
NOT_IN_URLS = re.compile(r"[\"<>`{|}^]")  # what HTML's URL syntax refuses: percent-encoded
STATUS_WORDS = {
    **{status.value: status for status in Status},
    **dict.fromkeys(("prévu", "prévue", "prevu", "prevue"), Status.SCHEDULED),
    **dict.fromkeys(("annulé", "annulée", "annule", "annulee"), Status.CANCELLED),
    **dict.fromkeys(("reporté", "reportée", "reporte", "reportee"), Status.POSTPONED),
    **dict.fromkeys(("déplacé", "déplacée", "deplace", "deplacee"), Status.RESCHEDULED),
}
LANGUAGES = ("fr", "en")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # overrides that make text read otherwise
UNTIL_FORM = re.compile(r"\d{8}(T\d{6})?Z?")
YEARS = range(1900, 2201)  # beyond, date arithmetic overflows; no meetup is planned there
SUB_DAILY = ("BYHOUR=", "BYMINUTE=", "BYSECOND=", "FREQ=HOURLY", "FREQ=MINUTELY", "FREQ=SECONDLY")
RRULE_PARTS = (
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYYEARDAY",
    "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST", "BYHOUR", "BYMINUTE", "BYSECOND",
)  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """How to read one field, and whether it must be given."""

    parse: Parser
    required: bool = False


@dataclass(frozen=True)
class Problem:
    """A field that could not be read, with the line and dotted field name."""

    line: int
    field: str
    error: Invalid


class FieldErrors(Exception):
    """Several problems inside one nested mapping (``venue``, ``organizer``…)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def read_fields(
    mapping: Mapping, specs: dict[str, FieldSpec], header_line: int, prefix: str = ""
) -> tuple[dict[str, Any], list[Problem]]:
    """Parse every field of a mapping by its spec; collect all problems, never stop early."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, node in mapping.values.items():
        name, key_line = prefix + key, mapping.key_lines[key]
        spec = specs.get(key)
        if spec is None:
            problems.append(Problem(key_line, name, unknown_field(key, specs)))
        elif not (isinstance(node, Scalar) and node.is_null):
            try:
                values[key] = spec.parse(node, name)
            except Invalid as exc:
                problems.append(Problem(exc.line or key_line, name, exc))
            except FieldErrors as exc:
                problems.extend(exc.problems)
    for key, spec in specs.items():
        if spec.required and key not in values and not _failed(problems, prefix + key, key):
            problems.append(Problem(header_line, prefix + key, Invalid("missing_field", name=key)))
    return values, problems


def _failed(problems: list[Problem], name: str, key: str) -> bool:
    """Whether a field already has a problem, or a typo of it was reported: not also 'missing'."""
    return any(
        p.field == name
        or p.field.startswith(name + ".")
        or (p.error.code == "unknown_field_suggest" and p.error.params["suggestion"] == key)
        for p in problems
    )


def unknown_field(key: str, specs: dict[str, FieldSpec]) -> Invalid:
    """An unknown field, with the nearest known name when one is close.

    >>> unknown_field("strat", {"start": FieldSpec(text), "title": FieldSpec(text)}).params
    {'name': 'strat', 'suggestion': 'start'}
    """
    close = difflib.get_close_matches(key.lower(), list(specs), n=1, cutoff=0.6)
    if close:
        return Invalid("unknown_field_suggest", name=key, suggestion=close[0])
    return Invalid("unknown_field", name=key, known=", ".join(specs))


def nested(specs: dict[str, FieldSpec], build: Callable[..., Any]) -> Parser:
    """A parser for sub-fields (``venue:``, ``organizer:``) that reports each sub-field."""

    def parse(node: Node, name: str) -> Any:
        if not isinstance(node, Mapping):
            raise Invalid("expected_mapping", name=name, keys=", ".join(specs))
        values, problems = read_fields(node, specs, node.header_line, prefix=name + ".")
        if problems:
            raise FieldErrors(problems)
        return build(**values)

    return parse


def scalar(node: Node, name: str) -> str:
    """The raw text of a single value; lists and sub-fields are refused."""
    if not isinstance(node, Scalar):
        raise Invalid("expected_text", node.line, name=name)
    return node.text


def text(node: Node, name: str) -> str:
    """One line of plain text, with runs of spaces and newlines folded.

    >>> text(Scalar("  Soirée\\n  web ", 1), "title")
    'Soirée web'
    """
    folded = " ".join(clean(scalar(node, name), node.line, name).split())
    if not folded:
        raise Invalid("empty_text", node.line, name=name)
    return folded


def clean(value: str, line: int, name: str) -> str:
    """Refuse what YAML escapes can smuggle in: control, non- and bidi-override characters.

    >>> clean("Soirée\\x1b", 3, "title")
    Traceback (most recent call last):
    rencontres.errors.Invalid: control_character
    """
    bad = FORBIDDEN.search(value)
    if bad:
        raise Invalid("control_character", line, char=f"U+{ord(bad.group(0)):04X}")
    bidi = BIDI.search(value)
    if bidi:
        raise Invalid("bidi_character", line, char=f"U+{ord(bidi.group(0)):04X}", name=name)
    return value


def tags(node: Node, name: str) -> tuple[str, ...]:
    """Tags: a list of words, each giving a page address (``tags: [web, réseautage]``)."""
    found = text_list(node, name)
    for item, tag in zip(node.items, found, strict=True):  # type: ignore[union-attr]
        if not slugify(tag):
            raise Invalid("bad_tag", item.line, value=tag)
    return found


def markdown_text(node: Node, name: str) -> str:
    """Multi-line Markdown text, kept as written."""
    return clean(scalar(node, name), node.line, name).strip()


def text_list(node: Node, name: str) -> tuple[str, ...]:
    """A YAML list of one-line texts, such as ``tags: [web, réseautage]``.

    >>> text_list(Sequence([Scalar("web", 1), Scalar("no", 1)], 1), "tags")
    ('web', 'no')
    """
    if not isinstance(node, Sequence):
        raise Invalid("expected_list", node.line, name=name, example="a, b")
    return tuple(text(item, name) for item in node.items)


def moment(node: Node, name: str) -> date | datetime | time:
    """A wall-clock date, date and time, or (for an end) a time alone.

    >>> seconds = moment(Scalar("2026-12-03 18:00:00", 1), "start")
    >>> seconds == moment(Scalar("2026-12-03T18:00", 1), "start")
    True
    >>> moment(Scalar("2026-12-03", 1), "start")
    datetime.date(2026, 12, 3)
    >>> moment(Scalar("21h30", 1), "end")
    datetime.time(21, 30)
    """
    raw = text(node, name)
    if OFFSET_SUFFIX.search(raw) and len(raw) > 10:
        raise Invalid("date_has_offset", node.line, value=raw)
    parts = _match_moment(raw, node.line)
    if parts.get("y") is not None and parts["y"] not in YEARS:
        raise Invalid("impossible_date", node.line, value=raw)
    try:
        if "y" not in parts:
            return time(parts["h"], parts["mi"], parts["s"])
        if parts["h"] is None:
            return date(parts["y"], parts["mo"], parts["d"])
        return datetime(parts["y"], parts["mo"], parts["d"], parts["h"], parts["mi"], parts["s"])
    except ValueError as exc:
        raise Invalid("impossible_date", node.line, value=raw) from exc


def _match_moment(raw: str, line: int) -> dict[str, int | None]:
    """Numbers of a date/time text, or ``Invalid`` if it is not one of the accepted forms."""
    found = DATE_TIME.fullmatch(raw) or TIME_ONLY.fullmatch(raw)
    if not found:
        raise Invalid("bad_date", line, value=raw)
    parts = {k: (int(v) if v is not None else None) for k, v in found.groupdict().items()}
    if parts.get("h") is not None:
        parts["mi"] = parts["mi"] or 0
        parts["s"] = parts["s"] or 0
    return parts


def day(node: Node, name: str) -> date:
    """A date without a time, such as a recap's ``date``."""
    value = moment(node, name)
    if isinstance(value, datetime) or not isinstance(value, date):
        raise Invalid("expected_day", node.line, value=scalar(node, name))
    return value


def web_url(node: Node, name: str) -> str:
    """An absolute http(s) URL; ``javascript:``, ``data:`` and the like are refused.

    >>> web_url(Scalar("https://example.org/a?b=1", 1), "online")
    'https://example.org/a?b=1'
    >>> web_url(Scalar('https://example.org/?q="<b>"', 1), "online")  # as a browser sends it
    'https://example.org/?q=%22%3Cb%3E%22'
    >>> web_url(Scalar("https://example.org\\\\@evil.example/", 1), "online")  # which host?
    Traceback (most recent call last):
    rencontres.errors.Invalid: bad_url
    >>> web_url(Scalar("javascript:alert(1)", 1), "online")
    Traceback (most recent call last):
    rencontres.errors.Invalid: bad_url
    """
    raw = text(node, name)
    try:
        parts = urlsplit(raw)
        host = parts.hostname
    except ValueError:
        host = None
    misleading = "\\" in raw or (host is not None and (parts.username or parts.password))
    if host is None or parts.scheme.lower() not in ("http", "https") or " " in raw or misleading:
        raise Invalid("bad_url", node.line, value=raw)
    return NOT_IN_URLS.sub(lambda found: f"%{ord(found[0]):02X}", raw)


def slug(node: Node, name: str) -> str:
    """A slug as written: lowercase ASCII words and hyphens."""
    raw = text(node, name)
    if not is_slug(raw):
        raise Invalid("bad_slug", node.line, value=raw, suggestion=slugify(raw) or "mon-evenement")
    return raw


def uid(node: Node, name: str) -> str:
    """A permanent identifier: letters, digits and ``._@-``."""
    raw = text(node, name)
    if not UID_PATTERN.fullmatch(raw):
        raise Invalid("bad_uid", node.line, value=raw)
    return raw


def timezone_name(node: Node, name: str) -> str:
    """An IANA zone name that exists in the pinned zone data."""
    raw = text(node, name)
    try:
        return zone(raw).key
    except Invalid as exc:
        exc.line = node.line
        raise


def content_path(node: Node, name: str) -> str:
    """A relative path inside ``content/``; existence is checked by the loader.

    >>> content_path(Scalar("../secrets.txt", 1), "image")
    Traceback (most recent call last):
    rencontres.errors.Invalid: bad_path
    """
    raw = text(node, name)
    segments = raw.split("/")
    if raw.startswith(("/", "~")) or "\\" in raw or ":" in raw or ".." in segments:
        raise Invalid("bad_path", node.line, value=raw)
    return raw


def image_path(node: Node, name: str) -> str:
    """A picture in ``content/images/``: only images are ever published from content.

    >>> image_path(Scalar("index.html", 1), "image")
    Traceback (most recent call last):
    rencontres.errors.Invalid: not_in_images
    """
    raw = content_path(node, name)
    if not raw.startswith("images/") or not raw.lower().endswith(IMAGE_SUFFIXES):
        raise Invalid("not_in_images", node.line, value=raw)
    return raw


def image_paths(node: Node, name: str) -> tuple[str, ...]:
    """A list of pictures in ``content/images/``."""
    if not isinstance(node, Sequence):
        raise Invalid("expected_list", node.line, name=name, example="images/a.jpg")
    return tuple(image_path(item, name) for item in node.items)


def status(node: Node, name: str) -> Status:
    """An event status; the French words are accepted too."""
    raw = text(node, name)
    found = STATUS_WORDS.get(raw.lower())
    if found is None:
        raise Invalid("bad_status", node.line, value=raw)
    return found


def visibility(node: Node, name: str) -> Visibility:
    """``public`` (listed), ``hidden`` (page only) or ``draft`` (not published)."""
    raw = text(node, name)
    try:
        return Visibility(raw.lower())
    except ValueError:
        raise Invalid("bad_visibility", node.line, value=raw) from None


def language(node: Node, name: str) -> str:
    """A page language, ``fr`` or ``en``."""
    raw = text(node, name)
    if raw.lower() not in LANGUAGES:
        raise Invalid("bad_lang", node.line, value=raw)
    return raw.lower()


def count(node: Node, name: str) -> int:
    """A whole number, zero or more.

    >>> count(Scalar("012", 1), "attendees")
    12
    """
    raw = text(node, name)
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise Invalid("bad_count", node.line, value=raw[:20])
    return int(raw)


def _coordinate(code: str, limit: float) -> Parser:
    """A decimal degree parser bounded by ``limit``."""

    def parse(node: Node, name: str) -> float:
        raw = text(node, name)
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            raise Invalid(code, node.line, value=raw) from None
        if not -limit <= value <= limit:
            raise Invalid(code, node.line, value=raw)
        return value

    return parse


def _venue(**values: Any) -> Venue:
    """Build a venue, requiring both coordinates or neither."""
    if ("lat" in values) != ("lon" in values):
        raise Invalid("half_coordinates")
    return Venue(**values)


latitude = _coordinate("bad_latitude", 90)
longitude = _coordinate("bad_longitude", 180)
VENUE_FIELDS = {
    "name": FieldSpec(text),
    "address": FieldSpec(text),
    "lat": FieldSpec(latitude),
    "lon": FieldSpec(longitude),
    "access": FieldSpec(text),
}
ORGANIZER_FIELDS = {"name": FieldSpec(text, required=True), "url": FieldSpec(web_url)}


def venue(node: Node, name: str) -> Venue:
    """A venue as sub-fields, or a plain text taken as the venue's name."""
    if isinstance(node, Scalar):
        return Venue(name=text(node, name))
    return nested(VENUE_FIELDS, _venue)(node, name)


def organizer(node: Node, name: str) -> Organizer:
    """An organiser as sub-fields, or a plain text taken as the name."""
    if isinstance(node, Scalar):
        return Organizer(name=text(node, name))
    return nested(ORGANIZER_FIELDS, Organizer)(node, name)


def rrule(node: Node, name: str) -> str:
    """An RFC 5545 RRULE value, checked part by part.

    >>> rrule(Scalar("freq=monthly;byday=1TH", 1), "recurrence.rule")
    'FREQ=MONTHLY;BYDAY=1TH'
    >>> rrule(Scalar("FREQ=MONTHLY;BYDAY=1XX", 1), "recurrence.rule")
    Traceback (most recent call last):
    rencontres.errors.Invalid: rrule_bad_value
    """
    raw = text(node, name).removeprefix("RRULE:").removeprefix("rrule:")
    parts = [part.strip() for part in raw.strip(";").split(";")]
    if not all(re.fullmatch(r"[A-Za-z]+=[^=]+", part) for part in parts):
        raise Invalid("rrule_syntax", node.line, value=raw)
    names = [part.split("=")[0].upper() for part in parts]
    if "DTSTART" in names:
        raise Invalid("rrule_dtstart", node.line)
    unknown = [n for n in names if n not in RRULE_PARTS]
    if unknown:
        raise Invalid(
            "rrule_unknown_part", node.line, part=unknown[0], known=", ".join(RRULE_PARTS)
        )
    if "FREQ" not in names:
        raise Invalid("rrule_no_freq", node.line)
    if "COUNT" in names and "UNTIL" in names:
        raise Invalid("rrule_count_and_until", node.line)
    sub_daily = [p for p in parts if p.upper().startswith(SUB_DAILY)]
    if sub_daily:
        raise Invalid("rrule_sub_daily", node.line, part=sub_daily[0])
    normal = ";".join(part.upper() for part in parts)
    _check_rrule_numbers(normal, node.line)
    _check_rrule_values(normal, parts, node.line)
    return normal


def _check_rrule_numbers(rule: str, line: int) -> None:
    """INTERVAL and COUNT count from 1; UNTIL is a date or a date-time; no part given twice."""
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    if len(parts) != rule.count(";") + 1:
        raise Invalid("rrule_bad_value", line, value=rule, part="(une partie en double)")
    for name in ("INTERVAL", "COUNT"):
        if name in parts and not (parts[name].isdigit() and 0 < int(parts[name]) < 100_000):
            raise Invalid("rrule_bad_value", line, value=rule, part=f"{name}={parts[name]}")
    if "UNTIL" in parts and not UNTIL_FORM.fullmatch(parts["UNTIL"]):
        raise Invalid("rrule_bad_value", line, value=rule, part=f"UNTIL={parts['UNTIL']}")


def _check_rrule_values(rule: str, parts: list[str], line: int) -> None:
    """Let dateutil read the rule; on failure, name the part it refused."""
    trial_start = datetime(2000, 1, 1)
    try:
        rrulestr(rule.replace("Z;", ";").removesuffix("Z"), dtstart=trial_start)
    except (ValueError, TypeError) as exc:
        freq = next(p for p in rule.split(";") if p.startswith("FREQ="))
        culprit = next(
            (p for p in parts if not _rrule_part_ok(f"{freq};{p.upper()}", trial_start)), rule
        )
        raise Invalid("rrule_bad_value", line, value=rule, part=culprit) from exc


def _rrule_part_ok(rule: str, start: datetime) -> bool:
    """Whether dateutil accepts a FREQ plus one other part."""
    try:
        rrulestr(rule.removesuffix("Z"), dtstart=start)
    except (ValueError, TypeError):
        return False
    return True


def moments(node: Node, name: str) -> tuple[date | datetime, ...]:
    """A list of dates or date-times (recurrence exceptions and additions)."""
    if not isinstance(node, Sequence):
        raise Invalid("expected_list", node.line, name=name, example="2027-01-07")
    found = tuple(moment(item, name) for item in node.items)
    for item, value in zip(node.items, found, strict=True):
        if isinstance(value, time):
            raise Invalid("bad_date", item.line, value=scalar(item, name))
    return found  # type: ignore[return-value]


def _occurrence_date(node: Node, name: str) -> date | datetime:
    """The usual day (or date and time) of the occurrence a change replaces."""
    value = moment(node, name)
    if isinstance(value, time):
        raise Invalid("bad_date", node.line, value=scalar(node, name))
    return value


CHANGE_FIELDS = {
    "date": FieldSpec(_occurrence_date, required=True),
    "start": FieldSpec(moment),
    "end": FieldSpec(moment),
    "title": FieldSpec(text),
    "venue": FieldSpec(venue),
    "status": FieldSpec(status),
}


def _change(date: date | datetime, **values: Any) -> OccurrenceChange:
    """Build one changed occurrence from its sub-fields."""
    return OccurrenceChange(original=date, **values)


def changes(node: Node, name: str) -> tuple[OccurrenceChange, ...]:
    """A list of changed occurrences, each with its ``date`` and what changes."""
    if not isinstance(node, Sequence):
        example = "{date: 2027-02-26, status: cancelled}"
        raise Invalid("expected_list", node.line, name=name, example=example)
    parse_one = nested(CHANGE_FIELDS, _change)
    found, problems = [], []
    for item in node.items:
        try:
            found.append(parse_one(item, name))
        except FieldErrors as exc:
            problems.extend(exc.problems)
        except Invalid as exc:
            problems.append(Problem(exc.line or item.line, name, exc))
    if problems:
        raise FieldErrors(problems)
    return tuple(found)


RECURRENCE_FIELDS = {
    "rule": FieldSpec(rrule, required=True),
    "except": FieldSpec(moments),
    "add": FieldSpec(moments),
    "changes": FieldSpec(changes),
}


def _recurrence(rule: str, **parts: Any) -> Recurrence:
    """Build a recurrence from its sub-fields."""
    return Recurrence(
        rule,
        exdates=parts.get("except", ()),
        rdates=parts.get("add", ()),
        changes=parts.get("changes", ()),
    )


def recurrence(node: Node, name: str) -> Recurrence:
    """A recurrence: the rule alone, or ``rule``/``except``/``add`` sub-fields."""
    if isinstance(node, Scalar):
        return Recurrence(rrule(node, name))
    return nested(RECURRENCE_FIELDS, _recurrence)(node, name)
