"""The Nu HTML Checker (vnu), the W3C's own validator, finds no error in any built page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.building import GOLDEN_DIR, REPO, build

VNU = REPO / "tests" / "interop" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(folder: Path) -> list[str]:
    """Every error vnu reports in the HTML files under ``folder``, as ``file:line: message``."""
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java: apt-get install default-jre-headless"
    assert VNU.exists(), "vnu.jar is missing: run `make test`, which installs tests/interop"
    command = [java, "-jar", str(VNU), "--errors-only", "--format", "json"]
    command += ["--skip-non-html", str(folder)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{m['url'].removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
    ]


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("vnu") / "output"
    build(REPO / "content", output, "publishconf.py")
    return output


def test_every_demo_page_is_valid_html(demo_output: Path) -> None:
    pages = list(demo_output.rglob("*.html"))
    assert len(pages) > 100
    assert vnu_errors(demo_output) == []


def test_every_golden_page_is_valid_html() -> None:
    assert vnu_errors(GOLDEN_DIR) == []


def test_hostile_contributions_still_give_valid_html(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build(REPO / "tests" / "corpus" / "xss", output, "publishconf.py", EVENTS_STRICT=False)
    assert vnu_errors(output) == []


def test_vnu_reports_invalid_html(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="fr"><title>x</title><p><div></p><a href=x href=y>')
    errors = vnu_errors(tmp_path)
    assert any("Duplicate attribute" in error for error in errors), errors
    assert all(error.startswith(f"{page}:") for error in errors)
