"""The code stays ruff-clean and formatted, as configured in pyproject.toml."""

from __future__ import annotations

import subprocess

from tests.building import REPO


def test_ruff_check_passes() -> None:
    result = subprocess.run(
        [str(REPO / ".venv/bin/ruff"), "check", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_applied() -> None:
    command = [str(REPO / ".venv/bin/ruff"), "format", "--check", "."]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
