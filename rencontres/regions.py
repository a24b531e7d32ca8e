"""The region tree: parents, children, and the zone each region inherits."""

from __future__ import annotations

from collections.abc import Iterable

from unidecode import unidecode

from rencontres.model import Region


class RegionTree:
    """Declared regions, nested by ``parent``; built once, then queried in O(depth).

    >>> tree = RegionTree([Region("quebec", "Québec", "America/Toronto"),
    ...                    Region("bsl", "Bas-Saint-Laurent", "America/Toronto", "quebec"),
    ...                    Region("rimouski", "Rimouski", "America/Toronto", "bsl")])
    >>> tree.lineage("rimouski")
    ['quebec', 'bsl', 'rimouski']
    >>> tree.descendants("quebec")
    ['bsl', 'rimouski']
    """

    def __init__(self, regions: Iterable[Region]) -> None:
        self.regions = {region.slug: region for region in regions}
        self._children: dict[str, list[str]] = {slug: [] for slug in self.regions}
        for region in self.regions.values():
            if region.parent in self._children:
                self._children[region.parent].append(region.slug)
        for children in self._children.values():
            children.sort(key=lambda slug: sort_key(self.regions[slug].name))

    def __contains__(self, slug: object) -> bool:
        return slug in self.regions

    def __getitem__(self, slug: str) -> Region:
        return self.regions[slug]

    def roots(self) -> list[str]:
        """Top-level regions, by name."""
        tops = [r for r in self.regions.values() if r.parent is None]
        return [r.slug for r in sorted(tops, key=lambda r: sort_key(r.name))]

    def children(self, slug: str) -> list[str]:
        """Direct sub-regions, by name."""
        return self._children[slug]

    def lineage(self, slug: str) -> list[str]:
        """The region's ancestors from the top, then the region itself."""
        chain = [slug]
        while (parent := self.regions[chain[-1]].parent) is not None:
            chain.append(parent)
        return chain[::-1]

    def descendants(self, slug: str) -> list[str]:
        """Every sub-region, depth first, by name."""
        found: list[str] = []
        for child in self._children[slug]:
            found.append(child)
            found.extend(self.descendants(child))
        return found

    def walk(self) -> list[tuple[int, str]]:
        """Every region with its depth, parents before children, for the region index."""
        return [(depth, slug) for root in self.roots() for depth, slug in self._walk(root, 0)]

    def _walk(self, slug: str, depth: int) -> list[tuple[int, str]]:
        """One branch of ``walk``."""
        rows = [(depth, slug)]
        for child in self._children[slug]:
            rows.extend(self._walk(child, depth + 1))
        return rows


def sort_key(name: str) -> str:
    """Alphabetical order as readers expect it: accents and capitals do not count.

    >>> sorted(["Soirées de la Péniche", "Soirées Web", "Île-de-France", "Bourgogne"], key=sort_key)
    ['Bourgogne', 'Île-de-France', 'Soirées de la Péniche', 'Soirées Web']
    """
    return unidecode(name).casefold()


def find_cycle(parents: dict[str, str | None], start: str) -> list[str] | None:
    """The chain of parents that loops back, if following ``parent`` from ``start`` loops.

    >>> find_cycle({"a": "b", "b": "a"}, "a")
    ['a', 'b', 'a']
    >>> find_cycle({"a": "b", "b": None}, "a") is None
    True
    """
    chain = [start]
    while (parent := parents.get(chain[-1])) is not None:
        if parent in chain:
            return [*chain[chain.index(parent) :], parent]
        chain.append(parent)
    return None
