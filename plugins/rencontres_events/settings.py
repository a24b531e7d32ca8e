"""The plugin's settings (``EVENTS_*``, ``ICAL_*``): defaults, and one check at start-up."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

DEFAULTS: dict[str, Any] = {
    "EVENTS_NOW": None,
    "EVENTS_STRICT": False,
    "EVENTS_DEFAULT_DURATION": 120,
    "EVENTS_RECURRENCE_HORIZON_DAYS": 400,
    "EVENTS_HOME_LIMIT": 60,
    "EVENTS_PAST_LIMIT": 30,
    "EVENTS_FEED_LIMIT": 50,
    "EVENTS_MARKDOWN_CACHE": True,
    "EVENTS_INCREMENTAL": True,
    "EVENTS_WORKERS": 0,
    "EVENTS_MAP_TILES": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "EVENTS_MAP_ATTRIBUTION": None,
    "ICAL_UID_DOMAIN": "rencontres.example.org",
    "ICAL_REFRESH_HOURS": 12,
    "ICAL_PAST_DAYS": 90,
}
PREFIXES = ("EVENTS_", "ICAL_")
DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
LANGUAGES = ("fr", "en")
TILE_PLACEHOLDERS = ("{z}", "{x}", "{y}")


class SettingsError(SystemExit):
    """A wrong setting stops the build before anything is read or written."""

    def __init__(self, message: str) -> None:
        super().__init__(f"rencontres_events: {message}")


@dataclass(frozen=True)
class MapTiles:
    """Where maps fetch their tiles, and the credit they owe (``None``: OpenStreetMap's)."""

    url: str
    attribution: tuple[str, str] | None

    @property
    def host(self) -> str:
        """The server readers' browsers contact once they ask for a map."""
        return urlsplit(self.url).hostname or ""


@dataclass(frozen=True)
class EventSettings:
    """Checked, typed settings for one build."""

    now: datetime
    strict: bool
    default_duration: timedelta
    horizon: timedelta
    home_limit: int
    past_limit: int
    feed_limit: int
    markdown_cache: bool
    incremental: bool
    workers: int
    map_tiles: MapTiles
    lang: str
    uid_domain: str
    refresh: timedelta
    past_window: timedelta


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every ``EVENTS_*`` setting the configuration leaves out."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)


def check(settings: dict[str, Any], clock: datetime | None = None) -> EventSettings:
    """Validate the settings once; ``clock`` is the build's own "now" when none is set."""
    _refuse_unknown(settings)
    lang = settings.get("DEFAULT_LANG", "fr")
    if lang not in LANGUAGES:
        raise SettingsError(f"DEFAULT_LANG must be 'fr' or 'en', not {lang!r}")
    return EventSettings(
        now=_now(settings["EVENTS_NOW"], clock),
        strict=_typed(settings, "EVENTS_STRICT", bool),
        default_duration=timedelta(minutes=_positive(settings, "EVENTS_DEFAULT_DURATION")),
        horizon=timedelta(days=_positive(settings, "EVENTS_RECURRENCE_HORIZON_DAYS")),
        home_limit=_positive(settings, "EVENTS_HOME_LIMIT"),
        past_limit=_positive(settings, "EVENTS_PAST_LIMIT"),
        feed_limit=_positive(settings, "EVENTS_FEED_LIMIT"),
        markdown_cache=_typed(settings, "EVENTS_MARKDOWN_CACHE", bool),
        incremental=_typed(settings, "EVENTS_INCREMENTAL", bool),
        workers=_workers(settings),
        map_tiles=_map_tiles(settings),
        lang=lang,
        uid_domain=_domain(settings, "ICAL_UID_DOMAIN"),
        refresh=timedelta(hours=_positive(settings, "ICAL_REFRESH_HOURS")),
        past_window=timedelta(days=_positive(settings, "ICAL_PAST_DAYS")),
    )


def _workers(settings: dict[str, Any]) -> int:
    """0 (automatic), 1 (one process) or 2 (pages shared with a second process)."""
    value = _typed(settings, "EVENTS_WORKERS", int)
    if isinstance(value, bool) or value not in (0, 1, 2):
        raise SettingsError(f"EVENTS_WORKERS must be 0 (automatic), 1 or 2, not {value!r}")
    return value


def _map_tiles(settings: dict[str, Any]) -> MapTiles:
    """An https tile URL template, and a credit whenever the tiles are not OpenStreetMap's."""
    url = _typed(settings, "EVENTS_MAP_TILES", str)
    missing = [part for part in TILE_PLACEHOLDERS if part not in url]
    if not url.startswith("https://") or missing or not urlsplit(url).hostname:
        raise SettingsError(
            "EVENTS_MAP_TILES must be an https:// URL containing {z}, {x} and {y}, "
            f"such as {DEFAULTS['EVENTS_MAP_TILES']!r}, not {url!r}"
        )
    credit = settings["EVENTS_MAP_ATTRIBUTION"]
    if credit is None and url != DEFAULTS["EVENTS_MAP_TILES"]:
        raise SettingsError(
            f"EVENTS_MAP_ATTRIBUTION must credit the tiles of {url!r}: give (text, https URL)"
        )
    return MapTiles(url, None if credit is None else _credit(credit))


def _credit(value: Any) -> tuple[str, str]:
    """A tile credit: the text shown on the map and the https page it links to."""
    if (
        isinstance(value, tuple | list)
        and len(value) == 2
        and all(isinstance(part, str) and part.strip() for part in value)
        and urlsplit(value[1]).scheme == "https"
        and urlsplit(value[1]).hostname
    ):
        return value[0], value[1]
    raise SettingsError(
        "EVENTS_MAP_ATTRIBUTION must be None (OpenStreetMap's credit) or (text, https URL), "
        f"not {value!r}"
    )


def _refuse_unknown(settings: dict[str, Any]) -> None:
    """A misspelt ``EVENTS_*`` or ``ICAL_*`` setting would be silently ignored: refuse it."""
    for name in sorted(settings):
        if name.startswith(PREFIXES) and name not in DEFAULTS:
            close = difflib.get_close_matches(name, list(DEFAULTS), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise SettingsError(f"unknown setting {name!r}{hint}")


def _typed(settings: dict[str, Any], name: str, kind: type) -> Any:
    """A setting of the expected type."""
    value = settings[name]
    if not isinstance(value, kind):
        raise SettingsError(f"{name} must be a {kind.__name__}, not {value!r}")
    return value


def _positive(settings: dict[str, Any], name: str) -> int:
    """A whole number above zero."""
    value = _typed(settings, name, int)
    if isinstance(value, bool) or value <= 0:
        raise SettingsError(f"{name} must be a whole number above zero, not {value!r}")
    return value


def _domain(settings: dict[str, Any], name: str) -> str:
    """A lowercase DNS name, the stable right-hand side of every calendar UID."""
    value = _typed(settings, name, str)
    if not DOMAIN.fullmatch(value):
        raise SettingsError(f"{name} must be a domain name such as 'example.org', not {value!r}")
    return value


def _now(value: Any, clock: datetime | None) -> datetime:
    """The build's "now": the setting (ISO 8601 with an offset), else the clock."""
    if value is None:
        return clock or datetime.now(UTC)
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise SettingsError(f"EVENTS_NOW must be ISO 8601 with an offset, not {value!r}") from None
    if parsed.tzinfo is None:
        raise SettingsError(
            f"EVENTS_NOW needs a UTC offset, e.g. '2026-11-21T12:00:00+00:00', not {value!r}"
        )
    return parsed
