"""YAML's type guessing never reaches a field: the whole front-matter path.

Each header goes through ``frontmatter.parse_document`` then ``read_fields``
with ``schema.EVENT_FIELDS``, as the loader does.
"""

from __future__ import annotations

import codecs
from datetime import date, datetime, time
from typing import Any

import pytest
from contentkit import md

from rencontres.errors import Invalid
from rencontres.fields import read_fields
from rencontres.frontmatter import Scalar, Sequence, decode, parse_document, split
from rencontres.model import Status
from rencontres.schema import EVENT_FIELDS

BASE = "title: Soirée\nstart: 2026-12-03 18:00\nregion: montreal\n"


def read(header: str) -> dict[str, Any]:
    """The parsed values of a valid event header."""
    doc = parse_document(md(header))
    values, problems = read_fields(doc.fields, EVENT_FIELDS, header_line=1)
    assert problems == []
    return values


def test_a_time_stays_a_time_not_a_sexagesimal_number():
    # YAML 1.1 reads 18:30 as the integer 1110.
    assert read(BASE + "end: 18:30\n")["end"] == time(18, 30)


@pytest.mark.parametrize(
    "word", ["no", "oui", "yes", "off", "on", "true", "False", "non", "y", "n"]
)
def test_booleans_stay_text(word):
    values = read(
        f"title: {word}\nstart: 2026-12-03 18:00\nregion: "
        f"montreal\nprice: {word}\nsummary: {word}\n"
    )
    assert values["title"] == values["price"] == values["summary"] == word


@pytest.mark.parametrize("number", ["01234", "0x1F", "1e3", "12.50", "1_000", "0o17", "15", ".5"])
def test_numbers_keep_their_spelling(number):
    assert read(BASE + f"price: {number}\ncity: {number}\n")["price"] == number


def test_list_items_stay_text():
    assert read(BASE + "tags: [no, yes, 01, 18:30, 2026-12-03]\n")["tags"] == (
        "no",
        "yes",
        "01",
        "18:30",
        "2026-12-03",
    )


def test_a_date_in_a_text_field_stays_text():
    assert read("title: 2026-12-03\nstart: 2026-12-03\nregion: montreal\n")["title"] == "2026-12-03"


@pytest.mark.parametrize(
    "start", ["2026-12-03 18:00", "2026-12-03 18:00:00", "2026-12-03T18:00:00", "2026-12-03 18h00"]
)
def test_start_with_and_without_seconds_are_equal(start):
    assert read(f"title: A\nstart: {start}\nregion: montreal\n")["start"] == datetime(
        2026, 12, 3, 18, 0
    )


def test_a_bare_date_is_read_by_our_parser():
    assert read("title: A\nstart: 2026-12-03\nregion: montreal\n")["start"] == date(2026, 12, 3)


UNQUOTED = """\
title: no
start: 2026-12-03 18:00
end: 21:30
region: montreal
price: 01234
tags: [oui, 15]
lang: en
status: annulé
"""


DOUBLE_QUOTED = """\
title: "no"
start: "2026-12-03 18:00"
end: "21:30"
region: "montreal"
price: "01234"
tags: ["oui", "15"]
lang: "en"
status: "annulé"
"""

SINGLE_QUOTED = DOUBLE_QUOTED.replace('"', "'")


def test_quoted_values_read_the_same_as_unquoted():
    expected = {
        "title": "no",
        "start": datetime(2026, 12, 3, 18, 0),
        "end": time(21, 30),
        "region": "montreal",
        "price": "01234",
        "tags": ("oui", "15"),
        "lang": "en",
        "status": Status.CANCELLED,
    }
    assert read(UNQUOTED) == expected
    assert read(DOUBLE_QUOTED) == expected
    assert read(SINGLE_QUOTED) == expected


def test_norwegian_is_a_language_code_not_false():
    doc = parse_document(md(BASE + "lang: no\n"))
    _, problems = read_fields(doc.fields, EVENT_FIELDS, header_line=1)
    assert [(p.line, p.field, p.error.code, p.error.params) for p in problems] == [
        (5, "lang", "bad_lang", {"value": "no"})
    ]


def test_nodes_remember_their_lines():
    doc = parse_document(md(BASE + "tags:\n  - web\n  - café\n", body="Texte\n"))
    assert doc.fields.key_lines == {"title": 2, "start": 3, "region": 4, "tags": 5}
    tags = doc.fields.values["tags"]
    assert isinstance(tags, Sequence)
    assert [(item.text, item.line) for item in tags.items] == [("web", 6), ("café", 7)]
    assert doc.body == "Texte\n"
    assert doc.body_line == 9


def test_empty_value_is_null_but_quoted_empty_is_text():
    doc = parse_document(md('end:\nsummary: ""\nprice: ~\n'))
    assert doc.fields.values["end"] == Scalar("", 2, is_null=True)
    assert doc.fields.values["summary"] == Scalar("", 3, is_null=False)
    assert doc.fields.values["price"].is_null


def test_split_accepts_dots_as_closing_fence_and_trailing_spaces():
    assert split("---\ntitle: A\n...\nCorps\n") == ("title: A\n", "Corps\n", 4)
    assert split("---  \ntitle: A\n---\n") == ("title: A\n", "", 4)


def test_decode_drops_a_bom_and_locates_bad_bytes():
    assert decode("\ufeff---\ntitle: Été\n".encode()) == "---\ntitle: Été\n"
    with pytest.raises(Invalid) as caught:
        decode(b"---\ntitle: A\nsummary: caf\xe9\n---\n")
    assert (caught.value.code, caught.value.line) == ("not_utf8", 3)
    with pytest.raises(Invalid) as caught:  # after a BOM, lines still count from the file's start
        decode(codecs.BOM_UTF8 + b"---\ntitle: a\n\xff\n")
    assert (caught.value.code, caught.value.line) == ("not_utf8", 3)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("title: A\n", "no_front_matter", 1),
        ("", "no_front_matter", 1),
        ("---\ntitle: A\nstart: 2026-12-03\n", "unclosed_front_matter", 3),
    ],
)
def test_split_errors(text, code, line):
    with pytest.raises(Invalid) as caught:
        split(text)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_the_word_null_is_a_title_not_an_empty_field():
    assert read("title: Null\nstart: 2026-12-03 18:00\nregion: montreal\n")["title"] == "Null"


def test_an_empty_value_or_tilde_is_an_absent_optional_field():
    assert "city" not in read(BASE + "city:\n")
    assert "city" not in read(BASE + "city: ~\n")


def test_an_anchor_without_alias_is_refused_on_its_line():
    with pytest.raises(Invalid) as caught:
        parse_document(md("title: &nom Soirée\nstart: 2026-12-03 18:00\nregion: montreal\n"))
    assert (caught.value.code, caught.value.line) == ("yaml_alias", 2)


def test_a_french_colon_in_a_plain_value_is_read_as_text():
    values = read(
        "title: Atelier : le web\nstart: 2026-12-03 18:00\nregion: montreal\nsummary: Pause : café\n"
    )
    assert values["title"] == "Atelier : le web" and values["summary"] == "Pause : café"


def test_a_colon_inside_flow_syntax_is_still_an_error():
    with pytest.raises(Invalid) as caught:
        parse_document(md(BASE + "tags: [a: b, c : d\n"))
    assert caught.value.code.startswith("yaml_")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ('"Soir\\u00e9e \\u202egnp.exe"', "bidi_character"),
        ('"a\\x1b"', "control_character"),
        ('"a\\0b"', "control_character"),
        ('"a\\uFFFE"', "control_character"),
    ],
)
def test_characters_that_yaml_escapes_can_smuggle_are_refused(value, code):
    doc = parse_document(md(f"title: {value}\nstart: 2026-12-03 18:00\nregion: montreal\n"))
    _, problems = read_fields(doc.fields, EVENT_FIELDS, header_line=1)
    assert [(p.line, p.field, p.error.code) for p in problems] == [(2, "title", code)]


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\r", "\u2028\t"])
def test_line_breaks_only_yaml_sees_are_refused_at_the_editors_line(char):
    text = f"---\r\ntitle: a\r\nstart: 2026-01-01\r\ncity: x{char}{char}y\r\n---\r\n"
    with pytest.raises(Invalid) as refused:
        parse_document(text)
    assert refused.value.code == "control_character"
    assert refused.value.line == 4
