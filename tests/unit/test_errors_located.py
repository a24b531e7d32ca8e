"""Every kind of content error, located to its exact file, line and field.

Each test writes a small ``content/`` folder, runs ``load_site`` and checks
``log.sorted()``; a few check the whole French line ``path:line: [field] message``.
"""

from __future__ import annotations

import pytest
from contentkit import event, located, md, params

from rencontres.errors import ContentError, ErrorLog

E = "content/events/"
R = "content/recaps/"
REGIONS = "content/regions.yaml"
SERIES = "content/series.yaml"


def only(log: ErrorLog) -> ContentError:
    """The single error of a run."""
    assert len(log.sorted()) == 1, located(log)
    return log.sorted()[0]


# --- the format ------------------------------------------------------------------------


def test_content_error_format_in_french_and_english():
    log = ErrorLog()
    log.add(
        "content/events/a.md",
        4,
        "end",
        "end_before_start",
        start="2026-12-03 18:00",
        end="2026-12-03 17:00",
    )
    (error,) = log.sorted()
    assert str(error) == (
        "content/events/a.md:4: [end] la fin (2026-12-03 17:00) est avant le début "
        "(2026-12-03 18:00) : corrigez la date ou l'heure de fin"
    )
    assert error.format("en") == (
        "content/events/a.md:4: [end] the end (2026-12-03 17:00) is before the start "
        "(2026-12-03 18:00): fix the end date or time"
    )
    assert error.message("de") == error.message("fr")


def test_error_log_sorts_by_file_then_line_and_drops_exact_repeats():
    log = ErrorLog()
    log.add("content/events/b.md", 2, "title", "missing_field", name="title")
    log.add("content/events/a.md", 9, "end", "end_kind_mismatch")
    log.add("content/events/a.md", 3, "start", "bad_date", value="x")
    log.add("content/events/a.md", 3, "start", "bad_date", value="x")
    assert [(e.path, e.line) for e in log.sorted()] == [
        ("content/events/a.md", 3),
        ("content/events/a.md", 9),
        ("content/events/b.md", 2),
    ]
    assert log.files() == {"content/events/a.md", "content/events/b.md"}
    assert len(log) == 4
    assert bool(log) and not ErrorLog()


# --- reading the file ------------------------------------------------------------------


def test_yaml_colon_in_a_value_is_on_its_line(load):
    # A plain value with " : " is read as text (French typography); a quoted one cannot be.
    text = md(
        "title: Soirée\nstart: 2026-12-03 18:00\nsummary: 'Il y a' : deux-points\nregion: montreal\n"
    )
    site, log = load(events={"syntaxe.md": text})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "syntaxe.md",
        4,
        "yaml",
        "yaml_colon",
    )
    assert str(error) == (
        "content/events/syntaxe.md:4: [yaml] un « : » de trop dans la valeur : mettez la valeur "
        'entre guillemets, par exemple title: "Atelier : le web"'
    )
    assert site.events == []


def test_yaml_bad_indentation_is_on_its_line(load):
    text = md(
        "title: Soirée\nstart: 2026-12-03 18:00\nvenue:\n  name: Salle\n address: 1, rue X\n"
        "region: montreal\n"
    )
    _, log = load(events={"indent.md": text})
    assert located(log) == [(E + "indent.md", 6, "yaml", "yaml_indent")]


def test_yaml_tab_indentation_is_on_its_line(load):
    text = md("title: Soirée\nstart: 2026-12-03 18:00\nvenue:\n\tname: Salle\nregion: montreal\n")
    _, log = load(events={"tab.md": text})
    assert located(log) == [(E + "tab.md", 5, "yaml", "yaml_tab")]


def test_yaml_unclosed_list_points_at_the_line_that_opens_it(load):
    text = md("title: Soirée\nstart: 2026-12-03 18:00\ntags: [web, café\nregion: montreal\n")
    _, log = load(events={"liste.md": text})
    assert located(log) == [(E + "liste.md", 4, "yaml", "yaml_unclosed")]


def test_yaml_unclosed_quote_points_at_the_line_that_opens_it(load):
    # The trouble starts at the opening quote (line 2), not at the closing
    # "---" where the parser runs out of text.
    text = md('title: "Soirée\nstart: 2026-12-03 18:00\nregion: montreal\n')
    _, log = load(events={"guillemet.md": text})
    error = only(log)
    assert (error.path, error.field) == (E + "guillemet.md", "yaml")
    assert error.line == 2


def test_header_that_is_a_list(load):
    _, log = load(events={"liste.md": md("- title: Soirée\n- start: 2026-12-03\n")})
    assert located(log) == [(E + "liste.md", 2, "yaml", "yaml_not_mapping")]


def test_missing_front_matter(load):
    _, log = load(events={"sans-entete.md": "title: Soirée\n\nJuste du texte.\n"})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "sans-entete.md",
        1,
        "front-matter",
        "no_front_matter",
    )
    assert str(error) == (
        "content/events/sans-entete.md:1: [front-matter] le fichier doit commencer par une ligne "
        "« --- », puis les champs, puis une autre ligne « --- »"
    )


def test_unclosed_front_matter_points_at_the_last_line(load):
    text = "---\ntitle: Soirée\nstart: 2026-12-03 18:00\nregion: montreal\n\nLe texte.\n"
    _, log = load(events={"ouvert.md": text})
    assert located(log) == [(E + "ouvert.md", 6, "front-matter", "unclosed_front_matter")]


def test_file_not_in_utf8(load):
    text = md("title: Soirée\nstart: 2026-12-03 18:00\nregion: montreal\nsummary: café\n").encode(
        "latin-1"
    )
    _, log = load(events={"latin1.md": text})
    assert located(log) == [(E + "latin1.md", 2, "file", "not_utf8")]


def test_field_given_twice(load):
    text = md(
        "title: Soirée\nstart: 2026-12-03 18:00\nregion: montreal\nsummary: Un\ntitle: Autre\n"
    )
    _, log = load(events={"double.md": text})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "double.md",
        6,
        "title",
        "duplicate_field",
    )
    assert str(error) == (
        "content/events/double.md:6: [title] le champ "
        "« title » apparaît deux fois (déjà ligne 2) : "
        "n'en gardez qu'un"
    )


def test_yaml_alias_refused_on_the_alias_line(load):
    text = md("title: &nom Soirée\nstart: 2026-12-03 18:00\nregion: montreal\nsummary: *nom\n")
    _, log = load(events={"alias.md": text})
    assert located(log) == [(E + "alias.md", 5, "yaml", "yaml_alias")]


def test_yaml_merge_key_refused(load):
    text = md(
        "title: Soirée\nstart: 2026-12-03 18:00\nregion: "
        "montreal\nvenue: &v {name: Salle}\norganizer:\n  <<: *v\n"
    )
    site, log = load(events={"merge.md": text})
    # The merge key `<<` is itself a tag; either refusal is fine, but once.
    assert [(p, line, f) for p, line, f, _ in located(log)] == [(E + "merge.md", 7, "yaml")]
    assert only(log).code in ("yaml_alias", "yaml_tag")
    assert site.events == []


def test_python_tag_refused(load):
    text = md(
        "title: Soirée\nstart: 2026-12-03 18:00\nregion: "
        "montreal\nsummary: !!python/object/apply:os.system [echo]\n"
    )
    _, log = load(events={"tag.md": text})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "tag.md",
        5,
        "yaml",
        "yaml_tag",
    )
    assert dict(error.params) == {"tag": "tag:yaml.org,2002:python/object/apply:os.system"}


def test_custom_tag_refused(load):
    _, log = load(
        events={"tag.md": md("title: !secret Soirée\nstart: 2026-12-03 18:00\nregion: montreal\n")}
    )
    assert located(log) == [(E + "tag.md", 2, "yaml", "yaml_tag")]
    assert params(log, "yaml_tag") == {"tag": "!secret"}


# --- fields ----------------------------------------------------------------------------


def test_missing_required_fields_are_reported_on_line_1(load):
    _, log = load(events={"vide.md": md("summary: Rien d'autre\n")})
    assert located(log) == [
        (E + "vide.md", 1, "region", "missing_field"),
        (E + "vide.md", 1, "start", "missing_field"),
        (E + "vide.md", 1, "title", "missing_field"),
    ]
    assert str(log.sorted()[0]) == (
        "content/events/vide.md:1: [region] champ obligatoire manquant : ajoutez « region: … »"
    )


def test_unknown_field_with_suggestion(load):
    text = md("title: Soirée\nstrat: 2026-12-03 18:00\nregion: montreal\n")
    _, log = load(events={"montreal/decembre.md": text})
    # The typo is the one error: "start" is not also reported as missing.
    assert located(log) == [(E + "montreal/decembre.md", 3, "strat", "unknown_field_suggest")]
    assert str(log.sorted()[0]) == (
        "content/events/montreal/decembre.md:3: [strat] champ "
        "inconnu « strat » : vouliez-vous dire « start » ?"
    )


def test_unparseable_date(load):
    _, log = load(events={"date.md": event(start="le 3 décembre à 18 h")})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "date.md",
        3,
        "start",
        "bad_date",
    )
    assert dict(error.params) == {"value": "le 3 décembre à 18 h"}


def test_impossible_date(load):
    _, log = load(events={"date.md": event(start="2026-02-30 18:00")})
    assert located(log) == [(E + "date.md", 3, "start", "impossible_date")]


def test_start_as_a_time_alone(load):
    _, log = load(events={"heure.md": event(start="18:00")})
    assert located(log) == [(E + "heure.md", 3, "start", "bad_date")]
    assert params(log, "bad_date") == {"value": "18:00"}


def test_date_with_offset(load):
    _, log = load(events={"offset.md": event(start="2026-12-03T18:00-05:00")})
    assert located(log) == [(E + "offset.md", 3, "start", "date_has_offset")]


@pytest.mark.parametrize("end", ["2026-12-03 17:00", "17:00", "2026-12-02 23:00"])
def test_end_before_start(load, end):
    _, log = load(events={"fin.md": event(start="2026-12-03 18:00", extra=f"end: {end}\n")})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "fin.md",
        5,
        "end",
        "end_before_start",
    )
    shown = end if len(end) > 5 else "2026-12-03 " + end
    assert str(error) == (
        f"content/events/fin.md:5: [end] la fin ({shown}) est avant le début (2026-12-03 18:00) : "
        "corrigez la date ou l'heure de fin"
    )


def test_all_day_end_before_start(load):
    _, log = load(events={"fin.md": event(start="2027-06-13", extra="end: 2027-06-12\n")})
    assert located(log) == [(E + "fin.md", 5, "end", "end_before_start")]
    assert params(log, "end_before_start") == {"start": "2027-06-13", "end": "2027-06-12"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2027-06-12", "2027-06-13 18:00"),
        ("2027-06-12 18:00", "2027-06-13"),
        ("2027-06-12", "21:00"),
    ],
)
def test_end_kind_mismatch(load, start, end):
    _, log = load(events={"genre.md": event(start=start, extra=f"end: {end}\n")})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "genre.md",
        5,
        "end",
        "end_kind_mismatch",
    )
    assert error.message() == (
        "« start » et « end » doivent être tous deux des dates seules (journées entières) "
        "ou tous deux avec une heure"
    )


@pytest.mark.parametrize(
    ("region", "start", "zone"),
    [
        ("montreal", "2027-03-14 02:30", "America/Toronto"),
        ("bourgogne", "2027-03-28 02:30", "Europe/Paris"),
    ],
)
def test_nonexistent_local_time_on_spring_forward_day(load, region, start, zone):
    _, log = load(events={"printemps.md": event(start=start, region=region)})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "printemps.md",
        3,
        "start",
        "nonexistent_time",
    )
    assert str(error) == (
        f"content/events/printemps.md:3: [start] {start} n'existe pas dans le fuseau {zone} : "
        "ce jour-là les horloges avancent d'une heure ; choisissez une autre heure"
    )


def test_nonexistent_end_time(load):
    text = event(start="2027-03-14 01:00", extra="end: 2027-03-14 02:15\n")
    _, log = load(events={"fin.md": text})
    assert located(log) == [(E + "fin.md", 5, "end", "nonexistent_time")]
    assert params(log, "nonexistent_time") == {
        "value": "2027-03-14 02:15",
        "zone": "America/Toronto",
    }


def test_nonexistent_time_in_the_events_own_zone(load):
    # 2027-03-14 02:30 exists in Paris (its change is on 03-28), not in Toronto.
    text = event(start="2027-03-14 02:30", region="bourgogne", extra="timezone: America/Toronto\n")
    _, log = load(events={"zone.md": text})
    assert located(log) == [(E + "zone.md", 3, "start", "nonexistent_time")]


def test_unknown_time_zone_with_suggestion(load):
    _, log = load(events={"fuseau.md": event(extra="timezone: Europe/Pariss\n")})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "fuseau.md",
        5,
        "timezone",
        "unknown_timezone_suggest",
    )
    assert str(error) == (
        "content/events/fuseau.md:5: [timezone] fuseau horaire inconnu « Europe/Pariss » : "
        "vouliez-vous dire « Europe/Paris » ?"
    )


def test_unknown_region_with_suggestion(load):
    _, log = load(events={"region.md": event(region="monreal")})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "region.md",
        4,
        "region",
        "unknown_region_suggest",
    )
    assert str(error) == (
        "content/events/region.md:4: [region] région inconnue « monreal » : vouliez-vous dire "
        "« montreal » ? (les régions sont dans content/regions.yaml)"
    )


def test_unknown_region_without_suggestion_lists_regions(load):
    _, log = load(events={"region.md": event(region="zzzzzz")})
    assert located(log) == [(E + "region.md", 4, "region", "unknown_region")]
    assert params(log, "unknown_region") == {
        "value": "zzzzzz",
        "known": "bas-saint-laurent, bourgogne, france, montreal, quebec, rimouski",
    }


def test_unknown_series(load):
    _, log = load(
        events={
            "a.md": event(extra="series: soirees-web-montrael\n"),
            "b.md": event(title="Autre", extra="series: zzzzzzzz\n"),
        }
    )
    assert located(log) == [
        (E + "a.md", 5, "series", "unknown_series_suggest"),
        (E + "b.md", 5, "series", "unknown_series"),
    ]
    assert str(log.sorted()[0]) == (
        "content/events/a.md:5: [series] série inconnue "
        "« soirees-web-montrael » : vouliez-vous dire "
        "« soirees-web-montreal » ? (les séries sont dans content/series.yaml)"
    )


@pytest.mark.parametrize(
    ("extra", "line", "field", "code"),
    [
        ("tags: réseautage\n", 5, "tags", "expected_list"),
        ("venue: [a, b]\n", 5, "venue", "expected_mapping"),
        ("online: javascript:alert(1)\n", 5, "online", "bad_url"),
        ("registration: ftp://example.org\n", 5, "registration", "bad_url"),
        ("status: fini\n", 5, "status", "bad_status"),
        ("lang: de\n", 5, "lang", "bad_lang"),
        ("slug: Soirée Web\n", 5, "slug", "bad_slug"),
        ("uid: a b\n", 5, "uid", "bad_uid"),
        ("recurrence: FREQ=MONTHLY;BYDAY=1XX\n", 5, "recurrence", "rrule_bad_value"),
        ("summary:\nvenue:\n  name: Salle\n  lat: 123\n  lon: 2\n", 8, "venue.lat", "bad_latitude"),
        ("venue:\n  name: Salle\n  lon: 2\n", 5, "venue", "half_coordinates"),
        ("organizer:\n  url: https://example.org\n", 5, "organizer.name", "missing_field"),
        (
            "recurrence:\n  rule: FREQ=WEEKLY\n  add: [2027-02-30]\n",
            7,
            "recurrence.add",
            "impossible_date",
        ),
    ],
)
def test_field_errors_are_located(load, extra, line, field, code):
    _, log = load(events={"champ.md": event(extra=extra)})
    assert located(log) == [(E + "champ.md", line, field, code)]


def test_wrong_types(load):
    _, log = load(
        events={
            "tags.md": event(extra="tags: réseautage, web\n"),
            "titre.md": md("title: [Soirée, Web]\nstart: 2026-12-03 18:00\nregion: montreal\n"),
        }
    )
    assert located(log) == [
        (E + "tags.md", 5, "tags", "expected_list"),
        (E + "titre.md", 2, "title", "expected_text"),
    ]
    assert [str(e) for e in log.sorted()] == [
        "content/events/tags.md:5: [tags] « tags » doit être une liste, par exemple : tags: [a, b]",
        "content/events/titre.md:2: [title] « title » doit "
        "être un texte simple, pas une liste ni des sous-champs",
    ]


def test_image_that_does_not_exist(load):
    site, log = load(
        events={"image.md": event(extra="image: images/absente.jpg\n")}, images=["images/la.jpg"]
    )
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "image.md",
        5,
        "image",
        "missing_file",
    )
    assert str(error) == (
        "content/events/image.md:5: [image] le fichier « "
        "images/absente.jpg » n'existe pas dans content/ : "
        "vérifiez le nom, les majuscules et l'extension"
    )
    assert site.events == []


def test_image_that_exists(load):
    site, log = load(
        events={"image.md": event(extra="image: images/la.jpg\n")}, images=["images/la.jpg"]
    )
    assert located(log) == []
    assert site.events[0].image == "images/la.jpg"


def test_image_is_a_folder(load):
    _, log = load(events={"image.md": event(extra="image: images\n")}, images=["images/la.jpg"])
    assert located(log) == [(E + "image.md", 5, "image", "not_in_images")]


@pytest.mark.parametrize("path", ["../secret.jpg", "images/../../secret.jpg", "/etc/passwd"])
def test_image_path_outside_content(load, path, tmp_path):
    (tmp_path / "secret.jpg").write_bytes(b"x")
    _, log = load(events={"image.md": event(extra=f"image: {path}\n")})
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "image.md",
        5,
        "image",
        "bad_path",
    )
    assert dict(error.params) == {"value": path}


# --- identity --------------------------------------------------------------------------


def test_duplicate_slug_names_the_other_file_and_only_one_loads(load):
    site, log = load(
        events={
            "a.md": event(title="Soirée Web"),
            "montreal/b.md": event(title="Soirée Web", extra="summary: La copie\n"),
        }
    )
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "montreal/b.md",
        2,
        "slug",
        "duplicate_url",
    )
    assert str(error) == (
        "content/events/montreal/b.md:2: [slug] l'adresse "
        "/events/2026-12-03-soiree-web/ est déjà celle "
        "de content/events/a.md : donnez un autre « slug: » à l'un des deux fichiers"
    )
    assert [(e.slug, e.source) for e in site.events] == [("2026-12-03-soiree-web", E + "a.md")]


def test_duplicate_explicit_slug_is_on_the_slug_line(load):
    site, log = load(
        events={
            "a.md": event(title="Un", extra="slug: soiree\n"),
            "b.md": event(
                title="Deux", start="2027-01-07 18:00", extra="summary: x\nslug: soiree\n"
            ),
        }
    )
    assert located(log) == [(E + "b.md", 6, "slug", "duplicate_url")]
    assert params(log, "duplicate_url")["other"] == E + "a.md"
    assert [e.title for e in site.events] == ["Un"]


def test_duplicate_uid(load):
    site, log = load(
        events={
            "a.md": event(title="Un", extra="uid: soiree@example.org\n"),
            "b.md": event(title="Deux", extra="uid: soiree@example.org\n"),
        }
    )
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        E + "b.md",
        5,
        "uid",
        "duplicate_uid",
    )
    assert str(error) == (
        "content/events/b.md:5: [uid] l'identifiant « soiree@example.org » est déjà celui de "
        "content/events/a.md : chaque événement doit avoir le sien"
    )
    assert [e.slug for e in site.events] == ["2026-12-03-un"]


def test_uid_clashing_with_another_events_default_uid(load):
    site, log = load(
        events={
            "a.md": event(title="Un"),
            "b.md": event(title="Deux", extra="uid: 2026-12-03-un\n"),
        }
    )
    assert located(log) == [(E + "b.md", 5, "uid", "duplicate_uid")]
    assert [e.uid for e in site.events] == ["2026-12-03-un"]


# --- recaps ----------------------------------------------------------------------------

RECAP = "title: Retour sur la soirée\ndate: 2026-12-04\nevent: {event}\n"


def test_recap_of_an_unknown_event_suggests_the_slug(load):
    _, log = load(
        events={"decembre.md": event(title="Soirée Web de décembre")},
        recaps={"retour.md": md(RECAP.format(event="2026-12-03-soiree-web-de-decembr"))},
    )
    error = only(log)
    assert (error.path, error.line, error.field, error.code) == (
        R + "retour.md",
        4,
        "event",
        "unknown_event_suggest",
    )
    assert str(error) == (
        "content/recaps/retour.md:4: [event] événement "
        "inconnu « 2026-12-03-soiree-web-de-decembr » : "
        "vouliez-vous dire « 2026-12-03-soiree-web-de-decembre "
        "» ? (c'est le slug de l'adresse /events/<slug>/)"
    )


def test_recap_of_an_unknown_event_without_suggestion(load):
    _, log = load(events={"a.md": event()}, recaps={"retour.md": md(RECAP.format(event="zzzz"))})
    assert located(log) == [(R + "retour.md", 4, "event", "unknown_event")]


def test_recap_of_an_event_with_errors_depends_on_broken(load):
    site, log = load(
        events={"cassee.md": event(title="Soirée cassée", extra="end: 17:00\n")},
        recaps={"retour.md": md(RECAP.format(event="2026-12-03-soiree-cassee"))},
    )
    assert located(log) == [
        (E + "cassee.md", 5, "end", "end_before_start"),
        (R + "retour.md", 4, "event", "depends_on_broken"),
    ]
    assert str(log.sorted()[1]) == (
        "content/recaps/retour.md:4: [event] « 2026-12-03-soiree-cassee » a lui-même une erreur, "
        "signalée plus haut : corrigez-la d'abord"
    )
    assert site.recaps == []


def test_recap_of_a_broken_event_with_explicit_slug(load):
    _, log = load(
        events={"cassee.md": event(region="monreal", extra="slug: ma-soiree\n")},
        recaps={"retour.md": md(RECAP.format(event="ma-soiree"))},
    )
    assert located(log) == [
        (E + "cassee.md", 4, "region", "unknown_region_suggest"),
        (R + "retour.md", 4, "event", "depends_on_broken"),
    ]


def test_recap_of_an_event_refused_for_a_duplicate_uid_depends_on_broken(load):
    # b.md has an error of its own (its uid is taken): a recap of b is not
    # "unknown", it depends on a broken event.
    _, log = load(
        events={
            "a.md": event(title="Un", extra="uid: soiree@example.org\n"),
            "b.md": event(title="Deux", extra="uid: soiree@example.org\n"),
        },
        recaps={"retour.md": md(RECAP.format(event="2026-12-03-deux"))},
    )
    assert located(log) == [
        (E + "b.md", 5, "uid", "duplicate_uid"),
        (R + "retour.md", 4, "event", "depends_on_broken"),
    ]


def test_recap_field_errors(load):
    text = md(
        "title: Retour\ndate: 2026-12-04 18:00\nevent: 2026-12-03-soiree\nattendees: beaucoup\n"
        "photos: [images/a.jpg, images/absente.jpg]\nauteur: Claire\n"
    )
    _, log = load(events={"a.md": event()}, recaps={"retour.md": text}, images=["images/a.jpg"])
    assert located(log) == [
        (R + "retour.md", 3, "date", "expected_day"),
        (R + "retour.md", 5, "attendees", "bad_count"),
        (R + "retour.md", 6, "photos", "missing_file"),
        (R + "retour.md", 7, "auteur", "unknown_field_suggest"),
    ]
    assert params(log, "unknown_field_suggest") == {"name": "auteur", "suggestion": "author"}


def test_duplicate_recap_address(load):
    site, log = load(
        events={"a.md": event()},
        recaps={
            "a.md": md(RECAP.format(event="2026-12-03-soiree")),
            "b.md": md(RECAP.format(event="2026-12-03-soiree")),
        },
    )
    assert located(log) == [(R + "b.md", 2, "slug", "duplicate_url")]
    assert params(log, "duplicate_url") == {
        "url": "/recaps/2026-12-04-retour-sur-la-soiree/",
        "other": R + "a.md",
    }
    assert [r.source for r in site.recaps] == [R + "a.md"]


# --- regions and series ------------------------------------------------------------------


def test_missing_regions_file(load):
    _, log = load(regions=None, series=None, events={})
    assert located(log) == [(REGIONS, 1, "file", "missing_file")]
    assert params(log, "missing_file") == {"value": "regions.yaml"}


def test_regions_file_with_a_syntax_error(load):
    _, log = load(
        regions="quebec:\n  name: Québec\n  timezone: America/Toronto\n bad: [\n", series=None
    )
    assert located(log) == [(REGIONS, 4, "yaml", "yaml_indent")]


def test_region_with_unknown_parent(load):
    regions = (
        "quebec:\n  name: Québec\n  timezone: America/Toronto\n"
        "bas-saint-laurent:\n  name: Bas-Saint-Laurent\n  parent: quebec\n"
        "rimouski:\n  name: Rimouski\n  parent: bas-st-laurent\n"
    )
    site, log = load(regions=regions, series=None)
    error = only(log)
    assert (error.path, error.field, error.code) == (
        REGIONS,
        "rimouski.parent",
        "unknown_region_suggest",
    )
    assert dict(error.params) == {"value": "bas-st-laurent", "suggestion": "bas-saint-laurent"}
    assert sorted(site.regions.regions) == ["bas-saint-laurent", "quebec"]


LOOP = "a-region:\n  name: A\n  parent: b-region\nb-region:\n  name: B\n  parent: a-region\n"


def test_region_loop(load):
    site, log = load(regions=LOOP + "ok:\n  name: Ok\n  timezone: UTC\n", series=None)
    assert [(e.path, e.field, e.code, dict(e.params)) for e in log.sorted()] == [
        (
            REGIONS,
            "a-region.parent",
            "region_cycle",
            {"value": "a-region", "chain": "a-region > b-region > a-region"},
        ),
        (
            REGIONS,
            "b-region.parent",
            "region_cycle",
            {"value": "b-region", "chain": "b-region > a-region > b-region"},
        ),
    ]
    assert str(log.sorted()[0]).endswith(
        "[a-region.parent] la région « a-region » est son "
        "propre ancêtre (a-region > b-region > a-region) : "
        "corrigez « parent »"
    )
    assert list(site.regions.regions) == ["ok"]


def test_region_parent_errors_point_at_the_parent_line(load):
    # The error is about the `parent:` field, and is bracketed as such: its
    # line should be the `parent:` line (as `series.region` errors are).
    regions = (
        LOOP + "quebec:\n  name: Québec\n  timezone: America/Toronto\n"
        "rimouski:\n  name: R\n  parent: qebec\n"
    )
    _, log = load(regions=regions, series=None)
    assert located(log) == [
        (REGIONS, 3, "a-region.parent", "region_cycle"),
        (REGIONS, 6, "b-region.parent", "region_cycle"),
        (REGIONS, 12, "rimouski.parent", "unknown_region_suggest"),
    ]


def test_child_of_a_region_in_a_loop_depends_on_broken(load):
    # c-region is not in the loop: it is not "its own ancestor".
    site, log = load(regions=LOOP + "c-region:\n  name: C\n  parent: a-region\n", series=None)
    errors = {e.field: (e.code, dict(e.params)) for e in log.sorted()}
    assert errors["c-region.parent"] == ("depends_on_broken", {"value": "a-region"})
    assert site.regions.regions == {}


def test_top_level_region_without_timezone(load):
    regions = "quebec:\n  name: Québec\nmontreal:\n  name: Montréal\n  parent: quebec\n"
    site, log = load(regions=regions, series=None)
    assert located(log) == [
        (REGIONS, 1, "quebec.timezone", "region_needs_timezone"),
        (REGIONS, 5, "montreal.parent", "depends_on_broken"),
    ]
    assert str(log.sorted()[0]) == (
        "content/regions.yaml:1: [quebec.timezone] la région "
        "« quebec » n'a ni « parent » ni « timezone » : "
        "ajoutez « timezone: », par exemple Europe/Paris"
    )
    assert site.regions.regions == {}


def test_child_of_a_region_with_a_bad_field_depends_on_broken(load):
    # quebec is declared; its own error (bad zone) is reported on its line,
    # and montreal must not be told that quebec is unknown.
    regions = (
        "quebec:\n  name: Québec\n  timezone: America/Torronto\n"
        "montreal:\n  name: Montréal\n  parent: quebec\n"
    )
    _, log = load(regions=regions, series=None)
    first = log.sorted()[0]
    assert (first.line, first.field, first.code) == (
        3,
        "quebec.timezone",
        "unknown_timezone_suggest",
    )
    errors = {e.field: (e.code, dict(e.params)) for e in log.sorted()}
    assert errors["montreal.parent"] == ("depends_on_broken", {"value": "quebec"})


def test_region_field_errors(load):
    regions = (
        "Québec:\n  name: Québec\n  timezone: UTC\nmontreal:\n"
        "  nom: Montréal\n  timezone: UTC\nlaval: Laval\n"
    )
    _, log = load(regions=regions, series=None)
    assert located(log) == [
        (REGIONS, 1, "Québec", "bad_slug"),
        (REGIONS, 4, "montreal.name", "missing_field"),
        (REGIONS, 5, "montreal.nom", "unknown_field"),
        (REGIONS, 7, "laval", "expected_mapping"),
    ]
    assert dict(log.sorted()[0].params) == {"value": "Québec", "suggestion": "quebec"}


def test_series_with_unknown_region_is_on_the_region_line(load):
    series = "soirees:\n  name: Les Soirées\n  description: Chaque mois.\n  region: monreal\n"
    site, log = load(series=series)
    assert located(log) == [(SERIES, 4, "soirees.region", "unknown_region_suggest")]
    assert site.series == {}


def test_series_field_errors(load):
    series = "soirees:\n  region: montreal\n  organizer:\n    url: https://example.org\n"
    _, log = load(series=series)
    assert located(log) == [
        (SERIES, 1, "soirees.name", "missing_field"),
        (SERIES, 3, "soirees.organizer.name", "missing_field"),
    ]


def test_series_that_is_not_a_mapping_lists_the_series_fields(load):
    _, log = load(series="soirees: Les Soirées Web\n")
    assert located(log) == [(SERIES, 1, "soirees", "expected_mapping")]
    assert params(log, "expected_mapping") == {
        "name": "soirees",
        "keys": "name, region, description, organizer, venue",
    }


# --- everything at once ----------------------------------------------------------------------


def test_all_errors_of_all_files_in_one_run_and_good_files_still_load(load):
    site, log = load(
        events={
            "bon-1.md": event(title="Bonne soirée"),
            "montreal/bon-2.md": event(
                title="Autre soirée", start="2027-01-07 18:00", extra="end: 21:00\n"
            ),
            "mauvais-1.md": md(
                "title: Mauvaise\nstrat: 2026-12-03 18:00\nregion: montreal\ntags: web\n"
            ),
            "mauvais-2.md": event(
                title="Trop tôt", extra="end: 17:00\nimage: images/absente.jpg\n"
            ),
            "sous/mauvais-3.md": "Pas d'en-tête\n",
            "mauvais-4.md": event(title="Printemps", start="2027-03-14 02:30", region="monreal"),
        },
        recaps={
            "bon.md": md(RECAP.format(event="2026-12-03-bonne-soiree")),
            "mauvais.md": md(RECAP.format(event="2026-12-03-trop-tot") + "attendees: -3\n"),
        },
        series=(
            "soirees:\n  name: Soirées\n  region: montreal\n"
            "  venue: {name: Salle, lat: 200, lon: 0}\n"
        ),
    )
    assert located(log) == [
        (E + "mauvais-1.md", 3, "strat", "unknown_field_suggest"),
        (E + "mauvais-1.md", 5, "tags", "expected_list"),
        (E + "mauvais-2.md", 5, "end", "end_before_start"),
        (E + "mauvais-2.md", 6, "image", "missing_file"),
        (E + "mauvais-4.md", 4, "region", "unknown_region_suggest"),
        (E + "sous/mauvais-3.md", 1, "front-matter", "no_front_matter"),
        (R + "mauvais.md", 5, "attendees", "bad_count"),
        (SERIES, 4, "soirees.venue.lat", "bad_latitude"),
    ]
    assert log.files() == {
        E + "mauvais-1.md",
        E + "mauvais-2.md",
        E + "mauvais-4.md",
        E + "sous/mauvais-3.md",
        R + "mauvais.md",
        SERIES,
    }
    assert [e.slug for e in site.events] == ["2026-12-03-bonne-soiree", "2027-01-07-autre-soiree"]
    assert [r.event for r in site.recaps] == ["2026-12-03-bonne-soiree"]


# --- odd values are located errors, never a crash of the whole run ---------------------------


def test_malformed_web_address_is_an_error_not_a_crash(load):
    site, log = load(
        events={
            "a.md": event(extra="online: https://[salle-virtuelle\n"),
            "b.md": event(title="Bon"),
        }
    )
    assert located(log) == [(E + "a.md", 5, "online", "bad_url")]
    assert [e.title for e in site.events] == ["Bon"]


def test_zone_folder_name_is_an_error_not_a_crash(load):
    site, log = load(
        events={"a.md": event(extra="timezone: America/Argentina\n"), "b.md": event(title="Bon")}
    )
    assert [(p, line, f) for p, line, f, _ in located(log)] == [(E + "a.md", 5, "timezone")]
    assert [e.title for e in site.events] == ["Bon"]


def test_superscript_attendees_is_an_error_not_a_crash(load):
    recap = md(RECAP.format(event="2026-12-03-soiree") + "attendees: ²\n")
    _, log = load(events={"a.md": event()}, recaps={"r.md": recap})
    assert located(log) == [(R + "r.md", 5, "attendees", "bad_count")]


def test_internal_links_resolve_and_a_bad_one_is_located_on_its_line(load):
    good = event(title="Lien", start="2026-12-10 18:00") + "\nVoir [la soirée]({filename}a.md).\n"
    bad = (
        event(title="Cassé", start="2026-12-11 18:00")
        + "\nUne ligne.\n\n[x]({filename}absent.md)\n"
    )
    site, log = load(events={"a.md": event(), "lien.md": good, "casse.md": bad})
    assert located(log) == [(E + "casse.md", 10, "body", "unresolved_link")]  # body from line 6
    (linked,) = [e for e in site.events if e.title == "Lien"]
    assert "[la soirée](../../events/2026-12-03-soiree/)" in linked.body


def test_a_recap_of_an_event_left_out_for_a_bad_link_says_so(load):
    bad = event() + "\n[x]({static}/images/absent.jpg)\n"
    recap = md("title: Récit\ndate: 2026-12-04\nevent: 2026-12-03-soiree\n")
    site, log = load(events={"a.md": bad}, recaps={"r.md": recap})
    assert [c for *_, c in located(log)] == ["unresolved_link", "depends_on_broken"]
    assert site.recaps == [] and site.events == []
