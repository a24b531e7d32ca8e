"""Every interface string in the templates has an English translation."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir

from rencontres_events.templating import load_catalogue
from tests.building import REPO

JINJA = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}


def template_strings() -> set[str]:
    """Every msgid the templates pass to gettext/ngettext."""
    found = extract_from_dir(
        str(REPO / "theme" / "templates"),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": JINJA},
    )
    strings: set[str] = set()
    for _, _, message, _, _ in found:
        strings.update([message] if isinstance(message, str) else message)
    return strings


def test_every_template_string_is_translated_to_english() -> None:
    strings = template_strings()
    catalogue = load_catalogue(REPO / "theme" / "translations", "en")
    assert len(strings) > 40
    missing = sorted(s for s in strings if not catalogue.get(s))
    assert not missing, f"untranslated: {missing} (run `make translations`, then translate)"
