"""Files replaced whole: a build cut short, or a disk that fills, leaves the old file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def replaced(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    """A file written beside ``path``, which replaces it only once written whole.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "sub" / "a.json"
    >>> with replaced(target) as handle:
    ...     _ = handle.write("{}")
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('{}', ['a.json'])
    """
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open(mode, encoding=None if "b" in mode else "utf-8") as handle:
            yield handle
        os.replace(partial, path)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
