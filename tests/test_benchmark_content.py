"""The benchmarks' synthetic content is valid content, kept in git as organisers keep theirs."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

from rencontres.history import History
from tests.building import FROZEN_NOW, REPO, build


def test_generated_content_builds_strictly_with_its_history(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "benchmarks.generate", "60", str(tmp_path)]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    content = tmp_path / "content-rencontres"
    log = subprocess.run(
        ["git", "-C", str(content), "log", "--format=%s"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    assert log[-1] == "Régions et séries" and log[0] == "Récits" and len(log) > 10
    build(content, tmp_path / "out")  # strict: any content error stops it
    events = sorted((content / "events").glob("*.md"))
    assert len(list((tmp_path / "out" / "events").iterdir())) == len(events)
    history = History.from_git(content.resolve(), datetime.fromisoformat(FROZEN_NOW))
    assert all(history.of(f"events/{event.name}").origin for event in events)
