"""Shared fixtures: built sites are made once per session and reused read-only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.building import FIXTURE_CONTENT, REPO, build, build_fixture


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built strictly with "now" frozen."""
    scratch = tmp_path_factory.mktemp("fixture")
    build_fixture(scratch / "output", scratch)
    return scratch / "output"


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real demo content, built strictly with "now" frozen."""
    output = tmp_path_factory.mktemp("demo") / "output"
    build(REPO / "content", output)
    return output


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture content, to add broken files to."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target
