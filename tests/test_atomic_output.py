"""A failed build, strict or crashed half-way, leaves the previous site exactly as it was."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.building import FIXTURE_CONTENT, FROZEN_NOW, REPO, tree


def make(
    target: str, content: Path, output: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    variables = [
        f"CONTENT={content}",
        f"OUTPUT={output}",
        f"PELICANOPTS=-e EVENTS_NOW='{json.dumps(FROZEN_NOW)}' "  # JSON, quoted
        f"CACHE_PATH='{json.dumps(str(output.parent / 'cache'))}' {' '.join(options)}",
    ]
    return subprocess.run(
        ["make", "-s", target, *variables], cwd=REPO, capture_output=True, text=True, timeout=300
    )


def test_make_publish_swaps_in_a_new_site_only_on_success(tmp_path: Path) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE_CONTENT, content)
    assert make("publish", content, output).returncode == 0
    before = tree(output)
    (content / "events/typo.md").write_text(
        "---\ntitle: Typo\nstrat: 2027-01-01\nregion: montreal\n---\n"
    )
    failed = make("publish", content, output)
    assert failed.returncode != 0
    assert "Build failed: " in failed.stderr and "was left as it was" in failed.stderr
    assert tree(output) == before
    assert not (tmp_path / "output.new").exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_that_crashes_half_way_leaves_the_old_site(tmp_path: Path, workers: int) -> None:
    content, output, theme = tmp_path / "content", tmp_path / "output", tmp_path / "theme"
    shutil.copytree(FIXTURE_CONTENT, content)
    shutil.copytree(REPO / "theme", theme)
    assert make("html", content, output).returncode == 0
    before = tree(output)
    broken = (
        (theme / "templates/recap.html")
        .read_text()
        .replace("{{ recap.title }}", "{{ recap.title.nope() }}")
    )
    (theme / "templates/recap.html").write_text(broken)  # recaps are written after the event pages
    crashed = make(
        "html", content, output, f"THEME='{json.dumps(str(theme))}'", f"EVENTS_WORKERS={workers}"
    )
    assert crashed.returncode != 0
    assert "UndefinedError" in crashed.stdout + crashed.stderr
    assert tree(output) == before


def test_a_publish_whose_plugin_cannot_load_fails_instead_of_publishing_an_empty_site(
    tmp_path: Path,
) -> None:
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE_CONTENT, content)
    broken = make("publish", content, output, "-e PLUGINS='[\"rencontres_missing\"]'")
    assert broken.returncode != 0
    assert not output.exists()
