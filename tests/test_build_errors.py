"""Bad content through the real `pelican` command: located errors, no traceback, nothing lost."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from rencontres_events.settings import DEFAULTS, SettingsError, check
from tests.building import FROZEN_NOW, REPO, tree

BROKEN_FILES = {
    "events/typo.md": "---\ntitle: Typo\nstrat: 2026-12-03 18:00\nregion: montreal\n---\n",
    "events/bad-date.md": "---\ntitle: Date\nstart: 3/12/2026 18:00\nregion: montreal\n---\n",
    "events/bad-yaml.md": "---\ntitle: Oups\nstart: [2026-12-03\nregion: montreal\n---\n",
    "events/dup.md": (
        "---\ntitle: Soirée Web de décembre\nstart: 2026-12-03 18:00\nregion: montreal\n---\n"
    ),
}
EXPECTED_LINES = [
    "events/bad-date.md:3: [start] date invalide « 3/12/2026 18:00 »",
    "events/bad-yaml.md:3: [yaml] une liste ouverte par « [ » (ou « { ») n'est pas fermée",
    "events/soiree-decembre.md:2: [slug] l'adresse /events/2026-12-03-soiree-web-de-decembre/"
    " est déjà celle de content/events/dup.md",
    "events/typo.md:3: [strat] champ inconnu « strat » : vouliez-vous dire « start » ?",
]


def run_pelican(
    content: Path, output: Path, strict: bool, *settings: str
) -> subprocess.CompletedProcess[str]:
    """Run the real command line, as `make html` / `make publish` do."""
    extra = [f"EVENTS_NOW={json.dumps(FROZEN_NOW)}", f"EVENTS_STRICT={json.dumps(strict)}",
             f"CACHE_PATH={json.dumps(str(output.parent / 'cache'))}", *settings]  # fmt: skip
    command = [str(REPO / ".venv/bin/pelican"), str(content), "-o", str(output),
               "-s", str(REPO / "pelicanconf.py"), "-e", *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, cwd=content.parent, timeout=120)


@pytest.fixture
def broken_content(fixture_copy: Path) -> Path:
    for name, text in BROKEN_FILES.items():
        (fixture_copy / name).write_text(text)
    return fixture_copy


def test_strict_build_fails_with_every_located_error_and_no_traceback(
    broken_content: Path, tmp_path: Path
) -> None:
    output = tmp_path / "output"
    result = run_pelican(broken_content, output, strict=True)
    assert result.returncode != 0
    for line in EXPECTED_LINES:
        assert f"content/{line}" in result.stderr, line
    assert "Traceback" not in result.stderr + result.stdout
    assert "strict build stopped, the output folder is untouched" in result.stderr + result.stdout
    assert not output.exists() or not any(output.iterdir())


def test_failed_strict_build_leaves_the_previous_site_untouched(
    fixture_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "output"
    assert run_pelican(fixture_copy, output, strict=True).returncode == 0
    before = tree(output)
    (fixture_copy / "events/typo.md").write_text(BROKEN_FILES["events/typo.md"])
    result = run_pelican(fixture_copy, output, strict=True)
    assert result.returncode != 0
    assert tree(output) == before


def test_review_findings_are_the_same_from_either_process(
    fixture_copy: Path, tmp_path: Path
) -> None:
    """With two workers the review runs in a child while pages are planned: what it finds
    still stops a strict build, in the same located lines, before the output is touched."""
    shortened = (
        BROKEN_FILES["events/dup.md"]
        .replace("Soirée", "Apéro")
        .replace("---\n", "---\nregistration: https://bit.ly/x\n", 1)
    )
    output = tmp_path / "output"
    assert run_pelican(fixture_copy, output, strict=True).returncode == 0
    before = tree(output)  # a rebuild: no Markdown rendered ahead on the second core
    (fixture_copy / "events/short.md").write_text(shortened)
    found = {}
    for workers in (1, 2):
        result = run_pelican(fixture_copy, output, True, f"EVENTS_WORKERS={workers}")
        assert result.returncode != 0 and tree(output) == before
        found[workers] = [line for line in result.stderr.splitlines() if "content/" in line]
    assert any("[registration]" in line and "bit.ly" in line for line in found[1])
    assert found[1] == found[2]


def test_lenient_build_lists_errors_and_still_builds_every_good_file(
    broken_content: Path, tmp_path: Path
) -> None:
    output = tmp_path / "output"
    result = run_pelican(broken_content, output, strict=False)
    assert result.returncode == 0, result.stderr
    for line in EXPECTED_LINES:
        assert f"content/{line}" in result.stderr, line
    assert "Traceback" not in result.stderr + result.stdout
    pages = sorted(p.parent.name for p in output.glob("events/*/index.html"))
    sources = (REPO / "tests/site/content/events").glob("*.md")
    published = [p for p in sources if "visibility: draft" not in p.read_text()]
    assert len(pages) == len(published)
    assert "bad-date" not in " ".join(pages)
    shared = (output / "events/2026-12-03-soiree-web-de-decembre/index.html").read_text()
    assert shared.count("<h1>") == 1, "one of the two files owns the address, never a mix"


def test_each_error_is_one_line_in_the_located_format(broken_content: Path, tmp_path: Path) -> None:
    result = run_pelican(broken_content, tmp_path / "output", strict=True)
    located = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    errors = [line for line in located if "] attention : " not in line]
    assert len(errors) == len(EXPECTED_LINES)
    for line in located:
        path, line_number, rest = line.split(":", 2)
        assert path.endswith(".md") and line_number.isdigit() and rest.startswith(" [")


def test_a_wrong_setting_stops_the_build_before_anything_runs(tmp_path: Path) -> None:
    command = [
        *(str(REPO / ".venv/bin/pelican"), str(REPO / "tests/site/content")),
        *("-o", str(tmp_path / "o"), "-s", str(REPO / "pelicanconf.py"), "-e", "EVENTS_STICT=true"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "unknown setting 'EVENTS_STICT'; did you mean EVENTS_STRICT?" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EVENTS_MARKDOWN_CACHE", "yes", "EVENTS_MARKDOWN_CACHE must be a bool, not 'yes'"),
        ("EVENTS_STRICT", 1, "EVENTS_STRICT must be a bool, not 1"),
        ("EVENTS_WORKERS", 3, "EVENTS_WORKERS must be 0 (automatic), 1 or 2, not 3"),
        ("EVENTS_WORKERS", True, "EVENTS_WORKERS must be 0 (automatic), 1 or 2, not True"),
        ("EVENTS_HOME_LIMIT", 0, "EVENTS_HOME_LIMIT must be a whole number above zero, not 0"),
        ("ICAL_REFRESH_HOURS", True, "ICAL_REFRESH_HOURS must be a whole number above zero"),
        ("EVENTS_MAP_TILES", "http://tile.example.org/{z}/{x}/{y}.png", "must be an https:// URL"),
        ("EVENTS_MAP_TILES", "https://tile.example.org/{z}/{x}.png", "containing {z}, {x} and {y}"),
        (
            "EVENTS_MAP_ATTRIBUTION",
            "© OSM",
            "must be None (OpenStreetMap's credit) or (text, https",
        ),
        ("EVENTS_MAP_ATTRIBUTION", ("© X", "http://x.org/"), "or (text, https URL), not ('© X'"),
    ],
)
def test_a_setting_of_the_wrong_type_is_named_with_its_value(
    name: str, value: object, message: str
) -> None:
    settings = {**DEFAULTS, "EVENTS_NOW": FROZEN_NOW, name: value}
    with pytest.raises(SettingsError) as stopped:
        check(settings)
    assert message in str(stopped.value)


def test_other_map_tiles_need_their_own_credit() -> None:
    tiles = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings = {**DEFAULTS, "EVENTS_NOW": FROZEN_NOW, "EVENTS_MAP_TILES": tiles}
    with pytest.raises(SettingsError) as stopped:
        check(settings)
    assert f"EVENTS_MAP_ATTRIBUTION must credit the tiles of {tiles!r}" in str(stopped.value)
    credit = ("© Example", "https://example.org/credits")
    assert check({**settings, "EVENTS_MAP_ATTRIBUTION": credit}).map_tiles.attribution == credit
