"""Every error message exists in French and English and formats with its parameters."""

from __future__ import annotations

import string

import pytest

from rencontres.messages import MESSAGES


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_message_formats_in_both_languages(code: str) -> None:
    templates = MESSAGES[code]
    assert set(templates) == {"fr", "en"}
    fields = [{n for _, n, _, _ in string.Formatter().parse(t) if n} for t in templates.values()]
    assert fields[0] == fields[1], f"{code}: French and English take different parameters"
    for text in templates.values():
        assert text.format(**dict.fromkeys(fields[0], "X"))  # raises on a stray brace
