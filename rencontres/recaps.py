"""Build a ``Recap`` from a parsed file; the loader checks the event it points to."""

from __future__ import annotations

from rencontres.errors import ErrorLog, Invalid
from rencontres.fields import read_fields
from rencontres.frontmatter import Document
from rencontres.model import Recap
from rencontres.references import Catalogue
from rencontres.schema import RECAP_FIELDS
from rencontres.slugs import slugify


def build_recap(path: str, doc: Document, catalogue: Catalogue, log: ErrorLog) -> Recap | None:
    """The recap, or ``None`` once its problems are logged."""
    values, problems = read_fields(doc.fields, RECAP_FIELDS, header_line=1)
    for problem in problems:
        log.add_invalid(path, problem.line, problem.field, problem.error)
    photo_problems = 0
    for photo in values.get("photos", ()):
        try:
            catalogue.check_file(photo)
        except Invalid as exc:
            photo_problems += 1
            log.add_invalid(path, doc.fields.key_lines["photos"], "photos", exc)
    if problems or photo_problems:
        return None
    slug = values.pop("slug", None) or slugify(f"{values['date']:%Y-%m-%d} {values['title']}")
    return Recap(source=path, slug=slug, body=doc.body, **values)
