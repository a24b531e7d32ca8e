"""Slugs: how titles become addresses, and what gives an event its identity."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from contentkit import event, located, md
from unidecode import unidecode

from rencontres.loader import load_site
from rencontres.slugs import MAX_SLUG_LENGTH, as_ascii, is_slug, slugify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Québec", "quebec"),
        ("Trois-Rivières", "trois-rivieres"),
        ("Bas-Saint-Laurent", "bas-saint-laurent"),
        ("Œuvre de cœur", "oeuvre-de-coeur"),
        ("L'apéro d'été", "l-apero-d-ete"),
        ("L’apéro d’été", "l-apero-d-ete"),
        ("Soirée Web de décembre", "soiree-web-de-decembre"),
        ("Montréal (QC) — 2026 !", "montreal-qc-2026"),
        ("Ça va ? « Oui »", "ca-va-oui"),
        ("Straße", "strasse"),
        ("  ---  ", ""),
        ("Déjà_vu  2", "deja-vu-2"),
    ],
)
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_a_long_title_is_cut_at_a_word_boundary():
    title = " ".join(["rencontre"] * 12)  # 9 letters a word: 8 words = 79 characters
    assert slugify(title) == "-".join(["rencontre"] * 8)
    assert len(slugify(title)) == 79


def test_a_slug_of_exactly_the_limit_keeps_its_last_word():
    words = ["abcdefgh"] * 9  # 9 * 8 + 8 hyphens = 80
    assert slugify(" ".join([*words, "suite"])) == "-".join(words)
    assert len(slugify(" ".join(words))) == MAX_SLUG_LENGTH == 80


def test_a_cut_slug_never_ends_with_a_hyphen_nor_a_half_word():
    title = (
        "Les rencontres numériques intergénérationnelles "
        "du Bas-Saint-Laurent et de la Gaspésie en 2027"
    )
    slug = slugify(title)
    assert slug == "les-rencontres-numeriques-intergenerationnelles-du-bas-saint-laurent-et-de-la"
    assert len(slug) <= 80


def test_a_single_very_long_word_is_still_at_most_80_characters():
    slug = slugify("a" * 100)
    assert len(slug) <= MAX_SLUG_LENGTH
    assert is_slug(slug)


def test_slugify_max_length_argument():
    assert slugify("un deux trois quatre", max_length=9) == "un-deux"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bas-saint-laurent", True),
        ("2026-12-03-soiree", True),
        ("a", True),
        ("Bas-Saint-Laurent", False),
        ("a--b", False),
        ("-a", False),
        ("a-", False),
        ("soirée", False),
        ("a_b", False),
        ("", False),
        ("a b", False),
    ],
)
def test_is_slug(text, expected):
    assert is_slug(text) is expected


# --- an event's address and identity ------------------------------------------------------


def test_default_slug_is_start_date_and_title(load):
    site, log = load(events={"n-importe-quoi.md": event(title="Soirée Web de décembre")})
    assert located(log) == []
    (ev,) = site.events
    assert ev.slug == "2026-12-03-soiree-web-de-decembre"
    assert ev.url == "events/2026-12-03-soiree-web-de-decembre/"
    assert ev.uid == ev.slug


def test_default_slug_of_an_all_day_event(load):
    site, _ = load(
        events={
            "camp.md": event(title="BarCamp d'été", start="2027-06-12", extra="end: 2027-06-13\n")
        }
    )
    assert site.events[0].slug == "2027-06-12-barcamp-d-ete"


def test_default_slug_of_a_long_title_is_cut(load):
    title = "Rencontre " + " ".join(["numérique"] * 10)
    site, _ = load(events={"long.md": event(title=title)})
    # "2026-12-03-rencontre" is 20 characters; each "-numerique" adds 10: 6 of them make 80.
    assert site.events[0].slug == "2026-12-03-rencontre" + "-numerique" * 6
    assert len(site.events[0].slug) == 80


def test_renaming_or_moving_the_file_keeps_the_slug(write_site):
    content = write_site(events={"decembre.md": event(title="Soirée Web de décembre")})
    before, _ = load_site(content)
    moved = content / "events" / "montreal" / "2026" / "autre-nom.md"
    moved.parent.mkdir(parents=True)
    (content / "events" / "decembre.md").rename(moved)
    after, log = load_site(content)
    assert located(log) == []
    assert before.events[0].source == "content/events/decembre.md"
    assert after.events[0].source == "content/events/montreal/2026/autre-nom.md"
    assert after.events[0].slug == before.events[0].slug == "2026-12-03-soiree-web-de-decembre"
    assert after.events[0].uid == before.events[0].uid


def test_slug_override_keeps_an_old_address(load):
    site, _ = load(
        events={
            "a.md": event(
                title="Nouveau titre",
                start="2027-01-14 18:00",
                extra="slug: 2027-01-07-soiree-de-janvier\n",
            )
        }
    )
    (ev,) = site.events
    assert ev.slug == "2027-01-07-soiree-de-janvier"
    assert ev.uid == "2027-01-07-soiree-de-janvier"


def test_uid_override(load):
    site, _ = load(
        events={"a.md": event(title="Soirée", extra="uid: soiree-2026@rencontres.example.org\n")}
    )
    (ev,) = site.events
    assert ev.slug == "2026-12-03-soiree"
    assert ev.uid == "soiree-2026@rencontres.example.org"


def test_same_title_on_different_days_gives_different_slugs(load):
    site, log = load(
        events={
            "a.md": event(title="Soirée Web"),
            "b.md": event(title="Soirée Web", start="2027-01-07 18:00"),
        }
    )
    assert located(log) == []
    assert [e.slug for e in site.events] == ["2026-12-03-soiree-web", "2027-01-07-soiree-web"]


def test_recap_slug_defaults_to_date_and_title_and_can_be_set(load):
    recap = "title: Retour sur la soirée\ndate: 2026-12-04\nevent: 2026-12-03-soiree\n"
    site, log = load(
        events={"a.md": event()},
        recaps={
            "a.md": md(recap),
            "b.md": md(recap.replace("2026-12-04", "2026-12-05") + "slug: mon-recit\n"),
        },
    )
    assert located(log) == []
    assert [(r.slug, r.url) for r in site.recaps] == [
        ("2026-12-04-retour-sur-la-soiree", "recaps/2026-12-04-retour-sur-la-soiree/"),
        ("mon-recit", "recaps/mon-recit/"),
    ]


def test_every_character_is_spelt_in_ascii_as_unidecode_spells_it():
    """Accents dropped the quick way give what unidecode gives, for every character that
    decomposes into ASCII and marks (any other is unidecode's), alone between letters,
    and for a text of several."""
    checked = 0
    for code in range(0x80, sys.maxunicode + 1):
        parts = unicodedata.normalize("NFD", chr(code))
        if all(part.isascii() or unicodedata.category(part).startswith("M") for part in parts):
            text = f"a{chr(code)}b"
            assert as_ascii(text) == unidecode(text), hex(code)
            checked += 1
    assert checked > 1000  # letters with accents, and the marks themselves
    title = "Fête d'été à Trois-Rivières : cœur, Straße, ≠, 東京, ﬁn, Ǆ, ½, e\u0301, ;"
    assert as_ascii(title) == unidecode(title)
