"""The bad corpus through the real `rencontres-validate`: one broken file per error code.

``tests/corpus/bad/`` is a content folder whose ``events/`` and ``recaps/`` hold one small
broken file per error code, named after it (``events/bad_date.md``), next to two valid
files they refer to (``0-valide.md``, ``0-brouillon.md``). ``expected.txt`` lists every
error line the validator must print for it, hand-checked: the line, the field and the
French message are the ones a contributor needs. Warnings are left out, as other checks
may add some.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.building import FROZEN_NOW, REPO

CORPUS = "tests/corpus/bad"
EXPECTED = REPO / CORPUS / "expected.txt"
VALIDATE = REPO / ".venv" / "bin" / "rencontres-validate"
LOCATED = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+): \[(?P<field>[^\]]*)\] (?P<message>.*)$")
WARNING = "] attention : "
SUMMARY = re.compile(r"^\d+ événements?, .* ; \d+ erreurs? dans \d+ fichiers? ; ")
REQUIRED_CODES = (
    "no_front_matter", "unclosed_front_matter", "yaml_syntax", "yaml_tab", "yaml_colon",
    "yaml_unclosed", "yaml_indent", "yaml_quote", "yaml_alias", "yaml_tag", "yaml_not_mapping",
    "duplicate_field", "unknown_field_suggest", "unknown_field", "missing_field", "expected_text",
    "expected_list", "expected_mapping", "empty_text", "bad_date", "impossible_date",
    "date_has_offset", "expected_day", "end_before_start", "end_kind_mismatch", "nonexistent_time",
    "ambiguous_time", "unknown_timezone_suggest", "unknown_timezone", "unknown_region_suggest",
    "unknown_region", "unknown_series_suggest", "unknown_series", "unknown_event_suggest",
    "unknown_event", "bad_slug", "bad_uid", "bad_url", "bad_status", "bad_lang", "bad_count",
    "bad_latitude", "bad_longitude", "half_coordinates", "bad_path", "missing_file",
    "rrule_syntax", "rrule_unknown_part", "rrule_no_freq", "rrule_dtstart", "rrule_bad_value",
    "rrule_count_and_until", "rrule_sub_daily", "start_not_in_rule", "no_occurrence",
    "change_kind_mismatch", "no_such_occurrence", "duplicate_url", "duplicate_uid",
    "depends_on_broken", "event_is_draft", "bad_visibility", "unresolved_link", "not_utf8",
    "file_too_large",
)  # fmt: skip
CORPUS_FILES = sorted(
    p.relative_to(REPO).as_posix()
    for p in (REPO / CORPUS).glob("*/*.md")
    if not p.name.startswith("0-")  # the valid files the broken ones refer to
)


def validate(*options: str) -> subprocess.CompletedProcess[str]:
    """Run the real command from the repository, as a contributor or CI would."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}  # plain text format
    env["PYTHONIOENCODING"] = "utf-8"
    command = [str(VALIDATE), CORPUS, "--now", FROZEN_NOW, *options]
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300
    )


@pytest.fixture(scope="module")
def text_run() -> subprocess.CompletedProcess[str]:
    return validate()


@pytest.fixture(scope="module")
def json_problems() -> list[dict[str, object]]:
    """The problems of ``--format json`` (printed on stdout, or stderr in older versions)."""
    done = validate("--format", "json")
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    for stream in (done.stdout, done.stderr):
        if stream.lstrip().startswith("{"):
            return json.loads(stream)["problems"]
    raise AssertionError(f"no JSON in the output:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def error_lines(output: str) -> set[str]:
    """The error lines of a text report: warnings and the summary left out."""
    return {line for line in output.splitlines() if LOCATED.match(line) and WARNING not in line}


def test_the_validator_fails_without_a_traceback(text_run: subprocess.CompletedProcess[str]):
    assert "Traceback" not in text_run.stdout + text_run.stderr, text_run.stderr[-3000:]
    assert text_run.returncode == 1


def test_every_error_line_is_the_expected_one(text_run: subprocess.CompletedProcess[str]):
    expected = set(EXPECTED.read_text(encoding="utf-8").splitlines()) - {""}
    found = error_lines(text_run.stderr + "\n" + text_run.stdout)
    missing, unexpected = sorted(expected - found), sorted(found - expected)
    assert not missing and not unexpected, (
        "\nmissing (expected but not printed):\n  " + "\n  ".join(missing)
        + "\nunexpected (printed but not expected):\n  " + "\n  ".join(unexpected)
    )  # fmt: skip


def test_every_line_of_the_report_is_a_problem_or_the_summary(
    text_run: subprocess.CompletedProcess[str],
):
    # One problem, one line: a message split over two lines would break editors and CI.
    lines = [line for line in text_run.stderr.splitlines() if line.strip()]
    strays = [line for line in lines if not LOCATED.match(line) and not SUMMARY.match(line)]
    assert not strays, strays


def test_every_error_code_is_exercised(json_problems: list[dict[str, object]]):
    codes = {p["code"] for p in json_problems if p["severity"] == "error"}
    assert not set(REQUIRED_CODES) - codes, sorted(set(REQUIRED_CODES) - codes)


def test_every_required_code_has_its_own_file():
    stems = {Path(name).stem for name in CORPUS_FILES}
    assert not set(REQUIRED_CODES) - stems, sorted(set(REQUIRED_CODES) - stems)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_each_file_reports_the_error_it_is_named_after(
    json_problems: list[dict[str, object]], name: str
):
    codes = [p["code"] for p in json_problems if p["path"] == name and p["severity"] == "error"]
    assert codes == [Path(name).stem], f"{name}: {codes}"


def test_expected_lines_name_corpus_files():
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        found = LOCATED.match(line)
        assert found and (REPO / found["path"]).is_file(), line
