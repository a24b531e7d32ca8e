"""Read ``regions.yaml`` and ``series.yaml``: the regions and series events refer to."""

from __future__ import annotations

from rencontres.errors import ErrorLog, Invalid
from rencontres.fields import FieldSpec, read_fields
from rencontres.frontmatter import Mapping
from rencontres.model import Region, Series
from rencontres.references import unknown
from rencontres.regions import RegionTree, find_cycle
from rencontres.schema import REGION_FIELDS, SERIES_FIELDS
from rencontres.slugs import is_slug, slugify


def entries(
    path: str, root: Mapping, specs: dict[str, FieldSpec], log: ErrorLog
) -> list[tuple[str, int, Mapping]]:
    """The ``slug: {fields}`` entries of a declaration file whose slug is valid."""
    found = []
    for slug, node in root.values.items():
        line = root.key_lines[slug]
        if not is_slug(slug):
            log.add(path, line, slug, "bad_slug", value=slug, suggestion=slugify(slug) or "x")
        elif not isinstance(node, Mapping):
            log.add(path, line, slug, "expected_mapping", name=slug, keys=", ".join(specs))
        else:
            found.append((slug, line, node))
    return found


def read_regions(path: str, root: Mapping, log: ErrorLog) -> RegionTree:
    """Every valid region; parents must exist, never loop, and give a zone."""
    raw: dict[str, tuple[int, Mapping, dict]] = {}
    for slug, line, node in entries(path, root, REGION_FIELDS, log):
        values, problems = read_fields(node, REGION_FIELDS, line)
        for p in problems:
            log.add_invalid(path, p.line, f"{slug}.{p.field}", p.error)
        if not problems:
            raw[slug] = (line, node, values)
    return RegionTree(_resolve_regions(path, raw, set(root.values), log))


def _resolve_regions(
    path: str, raw: dict[str, tuple[int, Mapping, dict]], declared: set[str], log: ErrorLog
) -> list[Region]:
    """Check parents and inherit zones, top-down."""
    parents = {slug: values.get("parent") for slug, (_, _, values) in raw.items()}
    regions: dict[str, Region] = {}
    for slug in _parents_first(parents):
        line, node, values = raw[slug]
        parent = values.get("parent")
        problem = _parent_problem(slug, parent, parents, regions, declared)
        if problem is not None:
            log.add_invalid(path, node.key_lines["parent"], f"{slug}.parent", problem)
            continue
        zone_name = values.get("timezone") or (regions[parent].timezone if parent else None)
        if zone_name is None:
            log.add(path, line, f"{slug}.timezone", "region_needs_timezone", value=slug)
            continue
        regions[slug] = Region(
            slug, values["name"], zone_name, parent, values.get("description", ""), path, line,
            values.get("lat"), values.get("lon"), values.get("radius_km"),
        )  # fmt: skip
    return list(regions.values())


def _parent_problem(
    slug: str,
    parent: str | None,
    parents: dict[str, str | None],
    done: dict[str, Region],
    declared: set[str],
) -> Invalid | None:
    """Why a region's parent is unusable, if it is."""
    if parent is None or parent in done:
        return None
    cycle = find_cycle(parents, slug)
    if cycle and cycle[0] == slug:
        return Invalid("region_cycle", value=slug, chain=" > ".join(cycle))
    if parent in declared:
        return Invalid("depends_on_broken", value=parent)
    return unknown("region", parent, parents)


def _parents_first(parents: dict[str, str | None]) -> list[str]:
    """Slugs ordered so that a parent comes before its children (loops last)."""
    ordered: list[str] = []
    placed: set[str] = set()

    def place(slug: str, trail: tuple[str, ...]) -> None:
        parent = parents.get(slug)
        if parent in parents and parent not in placed and parent not in trail:
            place(parent, (*trail, slug))
        if slug not in placed:
            placed.add(slug)
            ordered.append(slug)

    for slug in sorted(parents):
        place(slug, ())
    return ordered


def read_series(path: str, root: Mapping, regions: RegionTree, log: ErrorLog) -> dict[str, Series]:
    """Every valid series; its home region must be declared."""
    series: dict[str, Series] = {}
    for slug, line, node in entries(path, root, SERIES_FIELDS, log):
        values, problems = read_fields(node, SERIES_FIELDS, line)
        for p in problems:
            log.add_invalid(path, p.line, f"{slug}.{p.field}", p.error)
        region = values.get("region")
        region_known = region is None or region in regions
        if not region_known:
            exc = unknown("region", region, regions.regions)
            log.add_invalid(path, node.key_lines["region"], f"{slug}.region", exc)
        if not problems and region_known:
            series[slug] = Series(slug=slug, source=path, line=line, **values)
    return series
