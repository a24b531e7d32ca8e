"""The search page, written with the theme like every other page of the site."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from pelican.generators import Generator

SAVE_AS = "search/index.html"
URL = "search/"


class SearchGenerator(Generator):
    """Writes ``search/``: a form over Pagefind's index, read from the site itself."""

    def adopt_templates(self, env: Environment) -> None:
        """Render with the event pages' environment: the same filters and translations."""
        self.env = env
        self._templates = {}

    def generate_output(self, writer: Any) -> None:
        """Write the page; its links are relative to it when the site's are."""
        template = self.get_template("search")
        relative = self.settings["RELATIVE_URLS"]
        writer.write_file(SAVE_AS, template, self.context, relative, url=URL, page_url=URL)
