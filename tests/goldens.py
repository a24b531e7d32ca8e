"""Regenerate the golden output of the fixture site: ``make goldens``.

Run it after an intended change to templates or output, then review the diff.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.building import GOLDEN_DIR, SEARCH_INDEX_FOLDER, build_fixture


def main() -> None:
    """Build the fixture site and store its whole output as the goldens."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "output"
        build_fixture(output, Path(scratch))
        shutil.rmtree(output / SEARCH_INDEX_FOLDER)  # see tests/test_search_index.py
        shutil.rmtree(GOLDEN_DIR, ignore_errors=True)
        shutil.copytree(output, GOLDEN_DIR)
    print(f"goldens written to {GOLDEN_DIR.relative_to(Path.cwd())}")


if __name__ == "__main__":
    main()
