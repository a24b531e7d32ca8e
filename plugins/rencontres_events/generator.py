"""The Pelican generator: load ``content/`` with the core, report errors, write the pages."""

from __future__ import annotations

import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from rencontres.errors import ErrorLog
from rencontres.listings import Agenda
from rencontres.loader import Site, load_site
from rencontres_events import pages
from rencontres_events.settings import EventSettings, check
from rencontres_events.templating import TemplateHelpers

logger = logging.getLogger(__name__)
TRANSLATIONS = "translations"


class StrictBuildFailed(SystemExit):
    """Content errors in a strict build: exit non-zero, without a traceback."""


@dataclass(frozen=True)
class CheckedContent:
    """Content loaded and checked once, before Pelican touches the output folder."""

    options: EventSettings
    site: Site


class EventsGenerator(Generator):
    """Reads events, recaps, regions and series, and writes every page of the site."""

    checked: CheckedContent

    @classmethod
    def for_build(cls, settings: dict[str, Any]) -> type[EventsGenerator]:
        """Load and check content now; a strict build with errors stops here, output untouched."""
        options = check(settings)
        site, log = load_site(Path(settings["PATH"]), options.default_duration)
        report(log, options)
        return type(cls.__name__, (cls,), {"checked": CheckedContent(options, site)})

    def generate_context(self) -> None:
        """Prepare listings and template helpers from the checked content."""
        self.options, self.site = self.checked.options, self.checked.site
        self.agenda = Agenda(self.site, self.options.now, self.options.horizon)
        helpers = TemplateHelpers(self.site, self.options.lang)
        helpers.install(self.env, Path(self.theme) / TRANSLATIONS)
        self.context.update(self._shared_context())

    def _shared_context(self) -> dict[str, Any]:
        """What every page's template can use."""
        return {
            "site": self.site,
            "regions": self.site.regions,
            "series_by_slug": self.site.series,
            "now": self.options.now,
            "recaps_by_event": self.agenda.recaps_by_event(),
            "lang": self.options.lang,
        }

    def generate_output(self, writer: Any) -> None:
        """Write every planned page, then copy the images content refers to."""
        relative = self.settings["RELATIVE_URLS"]
        planned = list(pages.plan(self.agenda, self.options.home_limit))
        for page in planned:
            template = self.get_template(page.template)
            writer.write_file(
                page.save_as,
                template,
                self.context,
                relative,
                url=page.url,
                page_url=page.url,
                **page.context,
            )
        copy_images(
            self.site, Path(self.path), Path(self.output_path), self.settings["STATIC_PATHS"]
        )


def report(log: ErrorLog, options: EventSettings) -> None:
    """Print every error, one line each; stop a strict build after listing them all."""
    if not log:
        return
    for error in log.sorted():
        print(error.format(options.lang), file=sys.stderr)
    summary = f"rencontres_events: {log.summary('en')}"
    if options.strict:
        raise StrictBuildFailed(f"{summary}; strict build stopped, the output folder is untouched")
    logger.warning("%s; these files were left out of the site", summary)


def copy_images(site: Site, content: Path, output: Path, static_paths: list[str]) -> None:
    """Copy event images and recap photos that Pelican's static paths do not cover."""
    referenced = {e.image for e in site.events if e.image}
    referenced.update(photo for r in site.recaps for photo in r.photos)
    for relative in sorted(referenced):
        if any(relative.startswith(prefix.rstrip("/") + "/") for prefix in static_paths):
            continue
        target = output / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(content / relative, target)
