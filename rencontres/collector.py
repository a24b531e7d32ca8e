"""Python's cyclic garbage collector, paused while content loads and is checked.

Loading 10,000 events allocates millions of objects that all live until the build
ends, and frees almost none in cycles: the collector's full passes over them find
nothing, yet cost a quarter of a second (measured: three full passes, 0 objects
collected). Paused, it resumes afterwards with whatever is left to collect, or with
what was made frozen: what lives until the process ends is then never walked again,
not even by the first collection after the pause, which would see it all as new.

>>> import gc
>>> with paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside; as it was before, after (nested pauses too)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def paused_then_frozen() -> Iterator[None]:
    """``paused``, and once the block succeeds every object there is is frozen
    (``gc.freeze``), before the collector resumes: what was made lives on, unwalked."""
    with paused():
        yield
        gc.freeze()
