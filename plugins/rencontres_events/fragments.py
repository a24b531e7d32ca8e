"""Template fragments kept between builds: rendered again only when what they show changed.

The archive lists every past event, 10,000 rows at that size: any edit of a past event
changes the page, and rendering every row again took a second. Each row is kept
instead, known by what its occurrence digests to (the event's fields and text, its
recaps, how it stands at "now": ``Fingerprints.occurrence``), the macro, its arguments
and the page depth its links are relative to. The store as a whole is known by the
build key and the site key, as every page's key is, so code, templates, settings or
the names of regions that change start it afresh.

A page that uses the store uses every fragment it shows, so the fragments saved are
exactly those the last rendering used; a build that renders no such page keeps the
file as it is. A store without a file keeps nothing.

>>> store = FragmentStore(None, "build")
>>> store.get("row|a") or store.put("row|a", "<li>a</li>"), store.used()
('<li>a</li>', {})
"""

from __future__ import annotations

import pickle
from itertools import islice
from pathlib import Path

from rencontres.atomicfile import replaced

FRAGMENTS_FILE = "rencontres-fragments-{folder}.pickle"  # in CACHE_PATH, one per output folder


class FragmentStore:
    """Fragments by key: the last build's, and those this build used."""

    def __init__(self, path: Path | None, key: str) -> None:
        self.path = path
        self.key = key
        self.problem = ""  # why the file could not be written, for the build's log
        self._earlier: dict[str, str] | None = None  # read when first asked for
        self._used: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        """A fragment this build or the last one rendered, noted as used."""
        found = self._used.get(key)
        if found is None:
            if self._earlier is None:
                self._earlier = self._load()
            found = self._earlier.get(key)
            if found is not None:
                self._used[key] = found
        return found

    def put(self, key: str, html: str) -> str:
        """Keep a fragment just rendered (if there is a file to keep it in); returns it."""
        if self.path is not None:
            self._used[key] = html
        return html

    def __len__(self) -> int:
        """How many fragments this build has used so far."""
        return len(self._used)

    def used(self, after: int = 0) -> dict[str, str]:
        """The fragments this process used (but the first ``after``, which the other process
        has), for the process that saves them."""
        return dict(islice(self._used.items(), after, None)) if after else self._used

    def adopt(self, fragments: dict[str, str]) -> None:
        """Take in the fragments another process of this build used."""
        self._used.update(fragments)

    def forget(self) -> None:
        """Let go of every fragment, once saved: the pages that use them are written."""
        self._used, self._earlier = {}, {}

    def save(self) -> None:
        """Keep what this build used, when it used any and they differ from the file's."""
        if self.path is None or not self._used or self._used == self._earlier:
            return
        try:
            with replaced(self.path, "wb") as handle:
                pickle.dump((self.key, self._used), handle, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as error:
            self.problem = str(error)

    def _load(self) -> dict[str, str]:
        """The last build's fragments, if they were made by the same code and site names."""
        if self.path is None:
            return {}
        try:
            with self.path.open("rb") as handle:
                key, fragments = pickle.load(handle)
        except Exception:  # missing or damaged: it only costs the rendering it would save
            return {}
        return fragments if key == self.key and isinstance(fragments, dict) else {}
