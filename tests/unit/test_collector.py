"""The collector paused while content loads, and what was made frozen after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from rencontres import collector


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """Each test starts and ends with nothing frozen, as a new build does."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_what_a_block_made_is_frozen_before_collection_resumes() -> None:
    with collector.paused_then_frozen():
        made = [[n] for n in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() >= len(made)
    assert gc.get_count()[0] < 10  # the first collection will not walk them as new


def test_a_failed_block_freezes_nothing() -> None:
    with pytest.raises(ValueError), collector.paused_then_frozen():
        raise ValueError
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_pause_inside_a_pause_leaves_the_collector_paused() -> None:
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
