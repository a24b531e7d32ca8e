"""The region tree: nesting, order, inherited zones, and which events a region shows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from contentkit import DEFAULT_REGIONS, event, located

from rencontres.listings import Agenda
from rencontres.model import Region
from rencontres.regions import RegionTree, find_cycle

TREE = RegionTree(
    [
        Region("quebec", "Québec", "America/Toronto"),
        Region("montreal", "Montréal", "America/Toronto", "quebec"),
        Region("bas-saint-laurent", "Bas-Saint-Laurent", "America/Toronto", "quebec"),
        Region("rimouski", "Rimouski", "America/Toronto", "bas-saint-laurent"),
        Region("matane", "Matane", "America/Toronto", "bas-saint-laurent"),
        Region("france", "France", "Europe/Paris"),
        Region("bourgogne", "Bourgogne", "Europe/Paris", "france"),
    ]
)


def test_lineage_goes_from_the_top_down():
    assert TREE.lineage("rimouski") == ["quebec", "bas-saint-laurent", "rimouski"]
    assert TREE.lineage("quebec") == ["quebec"]
    assert TREE.lineage("bourgogne") == ["france", "bourgogne"]


def test_descendants_are_depth_first_by_name():
    assert TREE.descendants("quebec") == ["bas-saint-laurent", "matane", "rimouski", "montreal"]
    assert TREE.descendants("bas-saint-laurent") == ["matane", "rimouski"]
    assert TREE.descendants("rimouski") == []


def test_roots_and_children_by_name():
    assert TREE.roots() == ["france", "quebec"]
    assert TREE.children("quebec") == ["bas-saint-laurent", "montreal"]


def test_walk_puts_parents_before_children_with_depth():
    assert TREE.walk() == [
        (0, "france"),
        (1, "bourgogne"),
        (0, "quebec"),
        (1, "bas-saint-laurent"),
        (2, "matane"),
        (2, "rimouski"),
        (1, "montreal"),
    ]


def test_children_are_ordered_ignoring_accents_and_capitals():
    tree = RegionTree(
        [
            Region("france", "France", "Europe/Paris"),
            Region("normandie", "Normandie", "Europe/Paris", "france"),
            Region("ile-de-france", "Île-de-France", "Europe/Paris", "france"),
            Region("bourgogne", "Bourgogne", "Europe/Paris", "france"),
            Region("eure", "eure", "Europe/Paris", "normandie"),
            Region("ecosse", "Écosse", "Europe/London"),
            Region("danemark", "Danemark", "Europe/Copenhagen"),
        ]
    )
    # Plain code-point order would put "Î" and "É" after "z".
    assert tree.children("france") == ["bourgogne", "ile-de-france", "normandie"]
    assert tree.roots() == ["danemark", "ecosse", "france"]


def test_membership_and_lookup():
    assert "rimouski" in TREE
    assert "gaspesie" not in TREE
    assert TREE["bourgogne"].timezone == "Europe/Paris"
    with pytest.raises(KeyError):
        TREE["gaspesie"]


def test_find_cycle():
    assert find_cycle({"a": "b", "b": "c", "c": "a"}, "a") == ["a", "b", "c", "a"]
    assert find_cycle({"a": "a"}, "a") == ["a", "a"]
    assert find_cycle({"a": "b", "b": None}, "a") is None
    assert find_cycle({"a": "x"}, "a") is None


REGIONS = (
    DEFAULT_REGIONS
    + """\
iles-de-la-madeleine:
  name: Îles-de-la-Madeleine
  parent: quebec
  timezone: America/Halifax
cap-aux-meules:
  name: Cap-aux-Meules
  parent: iles-de-la-madeleine
  description: |
    Le port.
"""
)


def test_zones_are_inherited_from_the_nearest_ancestor(load):
    site, log = load(regions=REGIONS)
    assert located(log) == []
    zones = {slug: region.timezone for slug, region in site.regions.regions.items()}
    assert zones == {
        "quebec": "America/Toronto",
        "montreal": "America/Toronto",
        "bas-saint-laurent": "America/Toronto",
        "rimouski": "America/Toronto",
        "france": "Europe/Paris",
        "bourgogne": "Europe/Paris",
        "iles-de-la-madeleine": "America/Halifax",
        "cap-aux-meules": "America/Halifax",
    }
    cap = site.regions["cap-aux-meules"]
    assert (cap.name, cap.parent, cap.description) == (
        "Cap-aux-Meules",
        "iles-de-la-madeleine",
        "Le port.",
    )
    assert (cap.source, cap.line) == ("content/regions.yaml", 23)


def test_a_child_declared_before_its_parent(load):
    regions = (
        "rimouski:\n  name: Rimouski\n  parent: quebec\n"
        "quebec:\n  name: Québec\n  timezone: America/Toronto\n"
    )
    site, log = load(regions=regions, series=None)
    assert located(log) == []
    assert site.regions["rimouski"].timezone == "America/Toronto"
    assert site.regions.lineage("rimouski") == ["quebec", "rimouski"]


def test_an_event_takes_the_zone_inherited_by_its_region(load):
    site, _ = load(regions=REGIONS, events={"a.md": event(region="cap-aux-meules")})
    (ev,) = site.events
    assert ev.timezone == "America/Halifax"
    # 2026-12-03 18:00 AST (UTC-4) is 22:00 UTC.
    assert ev.start.astimezone(UTC) == datetime(2026, 12, 3, 22, 0, tzinfo=UTC)


def test_events_by_region_includes_every_ancestor(load):
    site, log = load(
        events={
            "rimouski.md": event(title="Dîner à Rimouski", region="rimouski"),
            "montreal.md": event(title="Soirée à Montréal", region="montreal"),
            "beaune.md": event(title="Rencontre à Beaune", region="bourgogne"),
        }
    )
    assert located(log) == []
    members = Agenda(site, now=datetime(2026, 1, 1, tzinfo=UTC)).events_by_region()
    titles = {region: sorted(e.title for e in events) for region, events in members.items()}
    assert titles == {
        "rimouski": ["Dîner à Rimouski"],
        "bas-saint-laurent": ["Dîner à Rimouski"],
        "quebec": ["Dîner à Rimouski", "Soirée à Montréal"],
        "montreal": ["Soirée à Montréal"],
        "bourgogne": ["Rencontre à Beaune"],
        "france": ["Rencontre à Beaune"],
    }
