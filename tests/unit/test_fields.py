"""Every field parser of ``rencontres.fields``, with good and bad inputs."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from contentkit import dedent

from rencontres import fields as f
from rencontres.errors import Invalid
from rencontres.fields import FieldErrors
from rencontres.frontmatter import Mapping, Node, Scalar, Sequence, parse_mapping
from rencontres.model import Organizer, Recurrence, Status, Venue
from rencontres.schema import EVENT_FIELDS


def s(value: str, line: int = 7) -> Scalar:
    """A scalar as typed on line 7 of a file."""
    return Scalar(value, line)


def yaml_node(text: str, key: str, first_line: int = 2) -> Node:
    """The node of ``key`` in a YAML header whose first line is ``first_line``."""
    return parse_mapping(dedent(text), first_line=first_line).values[key]


def refused(parser, node: Node, name: str = "field") -> Invalid:
    """Run a parser that must refuse its input; return the error."""
    with pytest.raises(Invalid) as caught:
        parser(node, name)
    return caught.value


def problems(parser, node: Node, name: str) -> list[tuple[int, str, str]]:
    """Run a nested parser that must fail; return its problems as tuples."""
    with pytest.raises(FieldErrors) as caught:
        parser(node, name)
    return [(p.line, p.field, p.error.code) for p in caught.value.problems]


# --- text and text_list ---------------------------------------------------------


def test_text_folds_spaces_tabs_and_newlines():
    assert f.text(s("  Soirée\n   web\t de  décembre "), "title") == "Soirée web de décembre"


def test_text_keeps_non_ascii_and_punctuation():
    assert f.text(s("L'apéro « d'été » : 10 $"), "title") == "L'apéro « d'été » : 10 $"


def test_text_refuses_blank():
    err = refused(f.text, s("   \n "), "title")
    assert (err.code, err.line, err.params) == ("empty_text", 7, {"name": "title"})


@pytest.mark.parametrize("node", [Sequence([s("a")], 4), Mapping({"a": s("b")}, {"a": 4}, 4)])
def test_text_refuses_list_and_mapping(node):
    err = refused(f.text, node, "title")
    assert (err.code, err.line, err.params) == ("expected_text", 4, {"name": "title"})


def test_markdown_text_keeps_lines():
    assert f.markdown_text(s("\nLigne 1\n\n- point\n"), "description") == "Ligne 1\n\n- point"


def test_text_list_reads_each_item():
    node = Sequence([s("réseautage"), s("  web  "), s("no")], 5)
    assert f.text_list(node, "tags") == ("réseautage", "web", "no")


def test_text_list_refuses_a_plain_string():
    err = refused(f.text_list, s("réseautage, web", 9), "tags")
    assert err.code == "expected_list"
    assert err.line == 9
    assert err.params == {"name": "tags", "example": "a, b"}


def test_text_list_refuses_nested_item():
    node = Sequence([s("web"), Sequence([s("x", 8)], 8)], 5)
    err = refused(f.text_list, node, "tags")
    assert (err.code, err.line) == ("expected_text", 8)


def test_text_list_empty_list_is_empty():
    assert f.text_list(Sequence([], 3), "tags") == ()


# --- moment and day ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-12-03 18:00",
        "2026-12-03T18:00",
        "2026-12-03 18:00:00",
        "2026-12-03T18:00:00",
        "2026-12-03 18h00",
        "2026-12-03 18H00",
        "2026-12-03 18h",
        "2026-12-03  18:00",
    ],
)
def test_moment_accepts_every_documented_form(raw):
    value = f.moment(s(raw), "start")
    assert type(value) is datetime
    assert value == datetime(2026, 12, 3, 18, 0, 0)


def test_moment_half_hour_forms():
    assert f.moment(s("2026-12-03 18h30"), "start") == datetime(2026, 12, 3, 18, 30)
    assert f.moment(s("2026-12-03 8:05"), "start") == datetime(2026, 12, 3, 8, 5)
    assert f.moment(s("2026-12-03 18:00:45"), "start") == datetime(2026, 12, 3, 18, 0, 45)


def test_moment_bare_date_is_a_date_not_a_datetime():
    value = f.moment(s("2026-12-03"), "start")
    assert type(value) is date
    assert value == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("21:00", time(21, 0)),
        ("21h30", time(21, 30)),
        ("9h", time(9, 0)),
        ("23:59:59", time(23, 59, 59)),
    ],
)
def test_moment_time_only(raw, expected):
    value = f.moment(s(raw), "end")
    assert type(value) is time
    assert value == expected


def test_moment_leap_day_exists_in_2028():
    assert f.moment(s("2028-02-29"), "start") == date(2028, 2, 29)


@pytest.mark.parametrize(
    "raw",
    [
        "2026-02-30",
        "2026-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "2026-12-03 25:00",
        "2026-12-03 24:00",
        "2026-12-03 18:60",
        "2026-02-30 18:00",
        "24:00",
    ],
)
def test_moment_impossible_dates(raw):
    err = refused(f.moment, s(raw, 3), "start")
    assert (err.code, err.line, err.params) == ("impossible_date", 3, {"value": raw})


@pytest.mark.parametrize(
    "raw",
    [
        "le 3 décembre",
        "03/12/2026",
        "2026/12/03",
        "2026-12-03 18",
        "18",
        "2026-12-03 6pm",
        "2026-12",
        "26-12-03",
        "demain 18:00",
        "2026-12-03 18:0",
    ],
)
def test_moment_unparseable(raw):
    err = refused(f.moment, s(raw, 3), "start")
    assert (err.code, err.line, err.params) == ("bad_date", 3, {"value": raw})


@pytest.mark.parametrize(
    "raw",
    [
        "2026-12-03T18:00Z",
        "2026-12-03T18:00:00z",
        "2026-12-03 18:00+01:00",
        "2026-12-03T18:00-0500",
        "2026-12-03 18:00 -05:00",
    ],
)
def test_moment_refuses_utc_offsets(raw):
    err = refused(f.moment, s(raw, 3), "start")
    assert (err.code, err.line, err.params) == ("date_has_offset", 3, {"value": raw})


def test_day_reads_a_date():
    assert f.day(s("2026-10-18"), "date") == date(2026, 10, 18)


@pytest.mark.parametrize("raw", ["2026-10-18 18:00", "18:00"])
def test_day_refuses_a_time(raw):
    err = refused(f.day, s(raw, 4), "date")
    assert (err.code, err.line, err.params) == ("expected_day", 4, {"value": raw})


# --- web addresses, slugs, identifiers, zones, paths -----------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "https://example.org",
        "http://example.org/",
        "https://example.org/a?b=1#c",
        "HTTPS://Example.org/Inscription",
        "https://sub.example.org:8443/x",
    ],
)
def test_web_url_accepts_http_and_https(raw):
    assert f.web_url(s(raw), "online") == raw


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "javascript://example.org/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/a",
        "mailto:a@example.org",
        "https://",
        "https:example.org",
        "//example.org/a",
        "example.org",
        "http://exa mple.org",
        "https:///chemin",
    ],
)
def test_web_url_refuses_other_schemes_and_missing_host(raw):
    err = refused(f.web_url, s(raw, 6), "online")
    assert (err.code, err.line) == ("bad_url", 6)
    assert err.params == {"value": " ".join(raw.split())}


def test_web_url_refuses_a_malformed_host_without_crashing():
    # urlsplit raises ValueError on an unclosed IPv6 bracket; the contributor
    # must get a located "bad_url" error, not a crash of the whole build.
    err = refused(f.web_url, s("https://[oops", 6), "online")
    assert (err.code, err.line) == ("bad_url", 6)


@pytest.mark.parametrize("raw", ["soiree-web", "2026-12-03-soiree", "a", "a1-b2"])
def test_slug_accepts_valid_slugs(raw):
    assert f.slug(s(raw), "slug") == raw


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [
        ("Soirée Web", "soiree-web"),
        ("soiree--web", "soiree-web"),
        ("-soiree", "soiree"),
        ("soirée", "soiree"),
        ("Été_2026", "ete-2026"),
        ("!!!", "mon-evenement"),
    ],
)
def test_slug_refuses_and_suggests(raw, suggestion):
    err = refused(f.slug, s(raw, 8), "slug")
    assert (err.code, err.line) == ("bad_slug", 8)
    assert err.params == {"value": raw, "suggestion": suggestion}


@pytest.mark.parametrize(
    "raw", ["2026-12-03-soiree", "soiree@example.org", "Soiree_Web.2026", "a" * 200]
)
def test_uid_accepts_letters_digits_and_punctuation(raw):
    assert f.uid(s(raw), "uid") == raw


@pytest.mark.parametrize("raw", ["a b", "-abc", ".abc", "soirée", "a/b", "a" * 201, "x:y"])
def test_uid_refuses(raw):
    err = refused(f.uid, s(raw, 9), "uid")
    assert (err.code, err.line, err.params) == ("bad_uid", 9, {"value": raw})


@pytest.mark.parametrize("raw", ["America/Toronto", "Europe/Paris", "UTC", "America/Montreal"])
def test_timezone_name_accepts_iana_names(raw):
    assert f.timezone_name(s(raw), "timezone") == raw


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [
        ("Europe/Pariss", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("America/Torronto", "America/Toronto"),
    ],
)
def test_timezone_name_suggests_the_nearest_zone(raw, suggestion):
    err = refused(f.timezone_name, s(raw, 5), "timezone")
    assert (err.code, err.line) == ("unknown_timezone_suggest", 5)
    assert err.params == {"value": raw, "suggestion": suggestion}


def test_timezone_name_without_any_close_zone():
    err = refused(f.timezone_name, s("qqqqqqqqqqqqqqqqqqqq", 5), "timezone")
    assert (err.code, err.line, err.params) == (
        "unknown_timezone",
        5,
        {"value": "qqqqqqqqqqqqqqqqqqqq"},
    )


def test_timezone_name_refuses_a_zone_folder_without_crashing():
    # America/Argentina is a folder of zones in tzdata, not a zone: it must be
    # a located error (with a suggestion), not an IsADirectoryError.
    err = refused(f.timezone_name, s("America/Argentina", 5), "timezone")
    assert err.code in ("unknown_timezone_suggest", "unknown_timezone")
    assert err.line == 5


@pytest.mark.parametrize(
    "raw", ["images/a.jpg", "images/2026/beaune groupe.jpg", "a.png", "./images/a.jpg"]
)
def test_content_path_accepts_relative_paths(raw):
    assert f.content_path(s(raw), "image") == raw


@pytest.mark.parametrize(
    "raw",
    [
        "../secret.jpg",
        "images/../../etc/passwd",
        "..",
        "images/..",
        "/etc/passwd",
        "/images/a.jpg",
        "images\\a.jpg",
        "..\\secret.jpg",
        "~/a.jpg",
        "C:/images/a.jpg",
        "https://example.org/a.jpg",
    ],
)
def test_content_path_refuses_escapes(raw):
    err = refused(f.content_path, s(raw, 11), "image")
    assert (err.code, err.line, err.params) == ("bad_path", 11, {"value": raw})


def test_image_paths_list_and_plain_string():
    node = Sequence([s("images/a.jpg"), s("images/b.jpg")], 6)
    assert f.image_paths(node, "photos") == ("images/a.jpg", "images/b.jpg")
    err = refused(f.image_paths, s("images/a.jpg", 6), "photos")
    assert err.code == "expected_list"
    assert err.params == {"name": "photos", "example": "images/a.jpg"}
    err = refused(f.image_paths, Sequence([s("images/a.jpg"), s("../b.jpg", 8)], 6), "photos")
    assert (err.code, err.line) == ("bad_path", 8)
    for outside in ("index.html", "evil/x.html", "images/x.svg", "regions.yaml"):
        assert refused(f.image_path, s(outside, 5), "image").code == "not_in_images"


# --- status, language, count --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("scheduled", Status.SCHEDULED),
        ("cancelled", Status.CANCELLED),
        ("postponed", Status.POSTPONED),
        ("rescheduled", Status.RESCHEDULED),
        ("prévu", Status.SCHEDULED),
        ("annulé", Status.CANCELLED),
        ("reporté", Status.POSTPONED),
        ("déplacé", Status.RESCHEDULED),
        ("Annulé", Status.CANCELLED),
        ("CANCELLED", Status.CANCELLED),
        ("annulée", Status.CANCELLED),
        ("annule", Status.CANCELLED),
        ("reportée", Status.POSTPONED),
        ("prevue", Status.SCHEDULED),
        ("deplacee", Status.RESCHEDULED),
    ],
)
def test_status_words(raw, expected):
    assert f.status(s(raw), "status") is expected


@pytest.mark.parametrize("raw", ["canceled", "annul", "fini", "no", "terminé"])
def test_status_refuses_unknown_words(raw):
    err = refused(f.status, s(raw, 12), "status")
    assert (err.code, err.line, err.params) == ("bad_status", 12, {"value": raw})


@pytest.mark.parametrize(
    ("raw", "expected"), [("fr", "fr"), ("en", "en"), ("FR", "fr"), ("En", "en")]
)
def test_language(raw, expected):
    assert f.language(s(raw), "lang") == expected


@pytest.mark.parametrize("raw", ["de", "français", "no", "fr-CA"])
def test_language_refuses_others(raw):
    err = refused(f.language, s(raw, 2), "lang")
    assert (err.code, err.params) == ("bad_lang", {"value": raw})


@pytest.mark.parametrize(("raw", "expected"), [("0", 0), ("14", 14), ("012", 12)])
def test_count(raw, expected):
    assert f.count(s(raw), "attendees") == expected


@pytest.mark.parametrize("raw", ["-1", "1.5", "douze", "12 personnes", "1e3", "0x10"])
def test_count_refuses_non_integers(raw):
    err = refused(f.count, s(raw, 6), "attendees")
    assert (err.code, err.line, err.params) == ("bad_count", 6, {"value": raw})


def test_count_refuses_superscript_digit_without_crashing():
    # "²".isdigit() is True but int("²") raises ValueError.
    err = refused(f.count, s("²", 6), "attendees")
    assert (err.code, err.line) == ("bad_count", 6)


# --- venue and organizer ------------------------------------------------------------


def test_venue_as_plain_text_is_its_name():
    assert f.venue(s("Le Quai des Brumes"), "venue") == Venue(name="Le Quai des Brumes")


def test_venue_as_sub_fields():
    node = yaml_node(
        """
        venue:
          name: Le Quai des Brumes
          address: 4481, rue Saint-Denis
          lat: 45.5225
          lon: -73.5847
        """,
        "venue",
    )
    assert f.venue(node, "venue") == Venue(
        "Le Quai des Brumes", "4481, rue Saint-Denis", 45.5225, -73.5847
    )
    assert f.venue(node, "venue").has_coordinates


def test_venue_coordinates_accept_decimal_comma_and_bounds():
    node = yaml_node("venue:\n  lat: '45,5'\n  lon: '-180'\n", "venue")
    assert f.venue(node, "venue") == Venue(lat=45.5, lon=-180.0)
    node = yaml_node("venue:\n  lat: -90\n  lon: 180\n", "venue")
    assert f.venue(node, "venue") == Venue(lat=-90.0, lon=180.0)


def test_venue_without_coordinates_has_none():
    venue = f.venue(yaml_node("venue:\n  name: Salle\n", "venue"), "venue")
    assert venue == Venue(name="Salle")
    assert not venue.has_coordinates


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("90.5", "0", [(3, "venue.lat", "bad_latitude")]),
        ("-91", "0", [(3, "venue.lat", "bad_latitude")]),
        ("0", "180.01", [(4, "venue.lon", "bad_longitude")]),
        ("0", "-181", [(4, "venue.lon", "bad_longitude")]),
        ("nord", "ouest", [(3, "venue.lat", "bad_latitude"), (4, "venue.lon", "bad_longitude")]),
        (".nan", ".inf", [(3, "venue.lat", "bad_latitude"), (4, "venue.lon", "bad_longitude")]),
    ],
)
def test_venue_coordinates_out_of_range(lat, lon, expected):
    node = yaml_node(f"venue:\n  name: Salle\n  lat: {lat}\n  lon: {lon}\n", "venue", first_line=1)
    assert problems(f.venue, node, "venue") == expected


@pytest.mark.parametrize("half", ["lat: 45.5", "lon: -73.5"])
def test_venue_half_coordinates(half):
    node = yaml_node(f"venue:\n  name: Salle\n  {half}\n", "venue")
    err = refused(f.venue, node, "venue")
    assert err.code == "half_coordinates"


def test_venue_half_coordinates_is_reported_on_the_venue_line():
    mapping = parse_mapping("title: A\nvenue:\n  name: Salle\n  lat: 45.5\n", first_line=2)
    _, found = f.read_fields(
        mapping, {"title": EVENT_FIELDS["title"], "venue": EVENT_FIELDS["venue"]}, 1
    )
    assert [(p.line, p.field, p.error.code) for p in found] == [(3, "venue", "half_coordinates")]


def test_venue_unknown_sub_fields():
    node = yaml_node("venue:\n  nom: Salle\n  adresse: 1, rue X\n", "venue", first_line=1)
    with pytest.raises(FieldErrors) as caught:
        f.venue(node, "venue")
    found = [(p.line, p.field, p.error.code, p.error.params) for p in caught.value.problems]
    assert found == [
        (
            2,
            "venue.nom",
            "unknown_field",
            {"name": "nom", "known": "name, address, lat, lon, access"},
        ),
        (3, "venue.adresse", "unknown_field_suggest", {"name": "adresse", "suggestion": "address"}),
    ]


def test_venue_as_list_is_refused():
    err = refused(f.venue, yaml_node("venue: [a, b]\n", "venue"), "venue")
    assert err.code == "expected_mapping"
    assert err.params == {"name": "venue", "keys": "name, address, lat, lon, access"}


def test_organizer_as_text_and_as_sub_fields():
    assert f.organizer(s("Collectif Web"), "organizer") == Organizer("Collectif Web")
    node = yaml_node("organizer:\n  name: Collectif\n  url: https://example.org/\n", "organizer")
    assert f.organizer(node, "organizer") == Organizer("Collectif", "https://example.org/")


def test_organizer_bad_url_is_located_on_its_line():
    node = yaml_node(
        "organizer:\n  name: Collectif\n  url: javascript:alert(1)\n", "organizer", first_line=5
    )
    assert problems(f.organizer, node, "organizer") == [(7, "organizer.url", "bad_url")]


def test_organizer_without_name_is_reported_on_the_organizer_line():
    node = yaml_node("organizer:\n  url: https://example.org/\n", "organizer", first_line=5)
    assert problems(f.organizer, node, "organizer") == [(5, "organizer.name", "missing_field")]


def test_organizer_flow_mapping_without_name_is_reported_on_its_own_line():
    # `organizer: {url: …}` sits on one line (line 6 here): the missing name
    # must be reported there, not on the line before.
    mapping = parse_mapping("title: A\norganizer: {url: 'https://example.org/'}\n", first_line=5)
    assert problems(f.organizer, mapping.values["organizer"], "organizer") == [
        (6, "organizer.name", "missing_field")
    ]


# --- recurrence -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=1TH", "FREQ=MONTHLY;BYDAY=1TH"),
        ("freq=monthly;byday=-1fr", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2"),
        ("FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630;", "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630"),
        ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=10", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2;COUNT=10"),
        ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=21"),
        (
            "FREQ=WEEKLY;UNTIL=20270630T220000Z;WKST=MO",
            "FREQ=WEEKLY;UNTIL=20270630T220000Z;WKST=MO",
        ),
    ],
)
def test_rrule_accepts_and_normalises(raw, expected):
    assert f.rrule(s(raw), "recurrence") == expected


def test_rrule_unknown_part():
    err = refused(f.rrule, s("FREQ=MONTHLY;BYDAYS=1TH", 4), "recurrence")
    assert (err.code, err.line, err.params["part"]) == ("rrule_unknown_part", 4, "BYDAYS")
    assert err.params["known"].startswith("FREQ, INTERVAL, COUNT, UNTIL, BYDAY")


def test_rrule_without_freq():
    err = refused(f.rrule, s("BYDAY=1TH;COUNT=3", 4), "recurrence")
    assert (err.code, err.line) == ("rrule_no_freq", 4)


def test_rrule_with_dtstart():
    err = refused(f.rrule, s("DTSTART=20261203T180000;FREQ=MONTHLY", 4), "recurrence")
    assert (err.code, err.line) == ("rrule_dtstart", 4)


@pytest.mark.parametrize(
    ("raw", "part"),
    [
        ("FREQ=MONTHLY;BYDAY=1XX", "BYDAY=1XX"),
        ("FREQ=MONTHLY;BYDAY=1TH;INTERVAL=DEUX", "INTERVAL=DEUX"),
        ("FREQ=SOMETIMES", "FREQ=SOMETIMES"),
        ("FREQ=WEEKLY;UNTIL=30JUIN", "UNTIL=30JUIN"),
    ],
)
def test_rrule_bad_value_names_the_part(raw, part):
    err = refused(f.rrule, s(raw, 4), "recurrence")
    assert (err.code, err.line) == ("rrule_bad_value", 4)
    assert err.params == {"value": raw, "part": part}


@pytest.mark.parametrize(
    "raw", ["monthly", "FREQ=MONTHLY;;BYDAY=1TH", "FREQ=MONTHLY BYDAY=1TH", "FREQ"]
)
def test_rrule_syntax(raw):
    err = refused(f.rrule, s(raw, 4), "recurrence")
    assert (err.code, err.line) == ("rrule_syntax", 4)


def test_recurrence_as_a_plain_rule():
    assert f.recurrence(s("FREQ=MONTHLY;BYDAY=-1WE"), "recurrence") == Recurrence(
        "FREQ=MONTHLY;BYDAY=-1WE"
    )


def test_recurrence_as_sub_fields_with_except_and_add():
    node = yaml_node(
        """
        recurrence:
          rule: FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630
          except: [2027-01-07]
          add: [2027-01-14 18:00, 2027-02-20]
        """,
        "recurrence",
    )
    assert f.recurrence(node, "recurrence") == Recurrence(
        "FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630",
        exdates=(date(2027, 1, 7),),
        rdates=(datetime(2027, 1, 14, 18, 0), date(2027, 2, 20)),
    )


def test_recurrence_sub_field_problems_are_each_located():
    node = yaml_node(
        """
        recurrence:
          rule: FREQ=MONTHLY;BYDAY=1XX
          except: 2027-01-07
          add: [2027-02-30, 18:00]
          exept: [2027-01-07]
        """,
        "recurrence",
        first_line=10,
    )
    assert problems(f.recurrence, node, "recurrence") == [
        (11, "recurrence.rule", "rrule_bad_value"),
        (12, "recurrence.except", "expected_list"),
        (13, "recurrence.add", "impossible_date"),
        (14, "recurrence.exept", "unknown_field_suggest"),
    ]


def test_recurrence_add_refuses_a_time_alone():
    node = yaml_node(
        "recurrence:\n  rule: FREQ=WEEKLY\n  add:\n    - 2027-01-14\n    - '18:00'\n", "recurrence"
    )
    assert problems(f.recurrence, node, "recurrence") == [(6, "recurrence.add", "bad_date")]


def test_recurrence_mapping_needs_a_rule():
    node = yaml_node("recurrence:\n  except: [2027-01-07]\n", "recurrence", first_line=3)
    assert problems(f.recurrence, node, "recurrence") == [(3, "recurrence.rule", "missing_field")]


# --- read_fields ----------------------------------------------------------------------


def test_unknown_field_suggests_the_nearest_name():
    mapping = parse_mapping("title: A\nstrat: 2026-12-03 18:00\nregion: montreal\n", first_line=2)
    values, found = f.read_fields(mapping, EVENT_FIELDS, header_line=1)
    assert values == {"title": "A", "region": "montreal"}
    assert [(p.line, p.field, p.error.code, p.error.params) for p in found] == [
        (3, "strat", "unknown_field_suggest", {"name": "strat", "suggestion": "start"}),
    ]


def test_a_typo_of_a_required_field_far_from_it_still_reports_it_missing():
    mapping = parse_mapping("title: A\nzzzz: 2026-12-03 18:00\nregion: montreal\n", first_line=2)
    _, found = f.read_fields(mapping, EVENT_FIELDS, header_line=1)
    assert [(p.line, p.field, p.error.code) for p in found] == [
        (3, "zzzz", "unknown_field"),
        (1, "start", "missing_field"),
    ]


def test_unknown_field_far_from_any_lists_the_known_ones():
    err = f.unknown_field("zzzz", {"title": f.FieldSpec(f.text), "start": f.FieldSpec(f.moment)})
    assert (err.code, err.params) == ("unknown_field", {"name": "zzzz", "known": "title, start"})


def test_read_fields_skips_empty_values_and_reports_every_problem():
    mapping = parse_mapping(
        "title: A\nstart: 2026-12-03 18:00\nend:\nregion: montreal\nlang: de\ntags: web\n",
        first_line=2,
    )
    values, found = f.read_fields(mapping, EVENT_FIELDS, header_line=1)
    assert values == {"title": "A", "start": datetime(2026, 12, 3, 18, 0), "region": "montreal"}
    assert [(p.line, p.field, p.error.code) for p in found] == [
        (6, "lang", "bad_lang"),
        (7, "tags", "expected_list"),
    ]


def test_a_failed_required_field_is_not_also_missing():
    mapping = parse_mapping("title: [a, b]\nstart: demain\nregion: montreal\n", first_line=2)
    _, found = f.read_fields(mapping, EVENT_FIELDS, header_line=1)
    assert [(p.line, p.field, p.error.code) for p in found] == [
        (2, "title", "expected_text"),
        (3, "start", "bad_date"),
    ]
