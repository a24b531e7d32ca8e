"""The plugin's settings (``SEARCH_*``): defaults, and one check at start-up."""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {"SEARCH_INDEX": True}
PREFIX = "SEARCH_"


class SettingsError(SystemExit):
    """A wrong setting stops the build before anything is read or written."""

    def __init__(self, message: str) -> None:
        super().__init__(f"rencontres_search: {message}")


def apply_defaults(settings: dict[str, Any]) -> None:
    """Fill in every ``SEARCH_*`` setting the configuration leaves out."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)


def check(settings: dict[str, Any]) -> bool:
    """Validate the settings once; whether the site gets a search index and page."""
    unknown = sorted(n for n in settings if n.startswith(PREFIX) and n not in DEFAULTS)
    if unknown:  # a misspelt setting would be silently ignored
        raise SettingsError(f"unknown setting {unknown[0]!r}; the search setting is SEARCH_INDEX")
    enabled = settings["SEARCH_INDEX"]
    if not isinstance(enabled, bool):
        raise SettingsError(f"SEARCH_INDEX must be True or False, not {enabled!r}")
    return enabled
