"""Rencontres' Pelican plugin: event, region, series, tag, archive and recap pages.

The domain work lives in the ``rencontres`` package; this plugin only connects
it to Pelican's settings, theme and writer.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from rencontres_events.generator import EventsGenerator
from rencontres_events.settings import apply_defaults, check


def add_generator(pelican: Any) -> type[EventsGenerator]:
    """Our pages are a generator of their own, like Pelican's articles and pages."""
    return EventsGenerator.for_build(pelican.settings)


def check_settings(pelican: Any) -> None:
    """Fill defaults and refuse a wrong ``EVENTS_*`` setting before any work starts."""
    apply_defaults(pelican.settings)
    check(pelican.settings)


def register() -> None:
    """Connect to Pelican.

    ``initialized`` runs once, before reading: the place to check settings.
    ``get_generators`` is Pelican's way to add a generator that writes files; it
    also fires before Pelican empties the output folder, so content is checked
    there and a failed strict build leaves the previous site in place.
    """
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
