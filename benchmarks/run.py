"""Time builds side by side: ``python -m benchmarks.run --sizes 1000 --runs 3``.

For each size: generate the content, then time, each in a fresh process under
``/usr/bin/time`` (wall seconds and peak resident memory), ``runs`` times, and
report medians and ratios to plain Pelican:
  1. Rencontres, full strict build into an empty folder;
  2. plain Pelican, no plugins, default theme, on the same Markdown bodies;
  3. Hugo on the same content (when the ``hugo`` package is installed);
  4. Rencontres again into the same folder: the first rebuild after the clean build
     (it keeps what a clean build leaves out, such as the archive's rows), a second one
     without change, then one after editing one event's text;
  (1 to 4 in rounds, one after the other, so a noisy minute falls on each alike, and
  each round's one-edit rebuild is compared with that round's full build)
  5. Rencontres after giving the next event to come a new title (its card is on its
     region's, series' and tags' pages, and on its series' other pages);
  6. ``rencontres-validate`` on the whole content.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
NOW = '"2026-11-21T12:00:00-05:00"'


@dataclass(frozen=True)
class Timing:
    """Medians of several runs of one scenario."""

    name: str
    seconds: float
    peak_mib: float


Scenario = tuple[str, list[str], Path, object]  # name, command, folder, what runs before
SECTION = "## Build benchmarks"
KEPT = "### Where the time goes"  # the hand-written profile that follows the tables


def measure(command: list[str], cwd: Path, before: object = None) -> tuple[float, float]:
    """One run: wall seconds and peak memory (MiB) of a command, from GNU time."""
    if callable(before):
        before()
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], cwd=cwd,
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    seconds, kib = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib) / 1024


def median_of(name: str, runs: int, command: list[str], cwd: Path, before: object = None) -> Timing:
    """The median wall time and peak memory of ``runs`` runs."""
    return summary(name, [measure(command, cwd, before) for _ in range(runs)])


def summary(name: str, samples: list[tuple[float, float]]) -> Timing:
    """Medians of some runs' wall times and peak memories."""
    return Timing(
        name, statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)
    )


def in_rounds(runs: int, scenarios: list[Scenario]) -> tuple[list[Timing], list[list[float]]]:
    """Run the scenarios one after the other, ``runs`` rounds: the machine's slow and fast
    minutes then fall on each alike. Returns medians, and each round's times."""
    samples: list[list[tuple[float, float]]] = [[] for _ in scenarios]
    for _ in range(runs):
        for found, (_, command, cwd, before) in zip(samples, scenarios, strict=True):
            found.append(measure(command, cwd, before))
    timings = [summary(name, found) for (name, *_), found in zip(scenarios, samples, strict=True)]
    return timings, [[s[0] for s in found] for found in samples]


@dataclass(frozen=True)
class Rounds:
    """Ratios of times measured in the same round, one per round."""

    full_to_plain: list[float]  # our full build over plain Pelican's
    edit_to_full: list[float]  # our one-edit rebuild over our full build


def scenarios(folder: Path, runs: int) -> tuple[list[Timing], Rounds]:
    """Every scenario for one generated content folder, and the ratios of each round."""
    content, out = folder / "content-rencontres", folder / "out-rencontres"
    cache = folder / "cache-rencontres"
    build = [str(BIN / "pelican"), str(content), "-o", str(out), "-s", str(REPO / "pelicanconf.py"),
             "-e", f"EVENTS_NOW={NOW}", "EVENTS_STRICT=true", f'CACHE_PATH="{cache}"']  # fmt: skip

    def clean() -> None:
        """A clean build: no output and no Markdown cache from an earlier run."""
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    def edit_one() -> None:
        first = sorted((content / "events").glob("*.md"))[0]
        first.write_text(first.read_text() + "\nUne ligne de plus.\n")

    events = sorted((content / "events").glob("*.md"))  # named by their date
    upcoming = next(path for path in events if path.name[:10] > NOW.strip('"')[:10])
    titles = iter(range(1, 1000))

    def retitle_upcoming() -> None:
        text = upcoming.read_text(encoding="utf-8")
        title = f"title: Rencontre renommée {next(titles)}"
        upcoming.write_text(re.sub(r"(?m)^title: .*$", title, text, count=1), encoding="utf-8")

    pelican = folder / "pelican"
    plain = [
        str(BIN / "pelican"),
        "content",
        "-o",
        str(folder / "out-pelican"),
        "-s",
        "pelicanconf.py",
    ]

    def clean_plain() -> None:
        shutil.rmtree(folder / "out-pelican", ignore_errors=True)

    side_by_side: list[Scenario] = [
        ("Rencontres, full strict build", build, folder, clean),
        ("plain Pelican (no plugins)", plain, pelican, clean_plain),
    ]
    hugo = shutil.which("hugo", path=str(BIN))
    if hugo:
        command = [
            hugo,
            "--quiet",
            "--source",
            str(folder / "hugo"),
            "--destination",
            str(folder / "out-hugo"),
        ]
        side_by_side.append(("Hugo", command, folder, None))
    side_by_side += [
        ("Rencontres, first rebuild after the full build (no change)", build, folder, None),
        ("Rencontres, rebuild without change", build, folder, None),
        ("Rencontres, rebuild after editing one event", build, folder, edit_one),
    ]
    timings, rounds = in_rounds(runs, side_by_side)
    full, plain, edited = rounds[0], rounds[1], rounds[-1]
    retitled = "Rencontres, rebuild after retitling an upcoming event"
    timings.append(median_of(retitled, runs, build, folder, retitle_upcoming))
    validate = [str(BIN / "rencontres-validate"), str(content), "--now", NOW.strip('"')]
    timings.append(median_of("rencontres-validate", runs, validate, folder))
    return timings, Rounds(
        [ours / theirs for ours, theirs in zip(full, plain, strict=True)],
        [edit / ours for edit, ours in zip(edited, full, strict=True)],
    )


def table(size: int, timings: list[Timing], ratios: Rounds) -> str:
    """A Markdown table of one size, with ratios to plain Pelican."""
    baseline = next(t for t in timings if t.name.startswith("plain Pelican"))
    rows = [
        f"| {t.name} | {t.seconds:.2f} s | {t.seconds / baseline.seconds:.2f}× "
        f"| {t.peak_mib:.0f} MiB |"
        for t in timings
    ]
    head = (
        f"\n### N = {size:,} events\n\n"
        "| scenario | median wall | × plain Pelican | peak memory |\n|---|---|---|---|"
    )
    rounds = [
        _per_round("Full build ÷ plain Pelican", ratios.full_to_plain),
        _per_round("One-edit rebuild ÷ our full build", ratios.edit_to_full, 3),
    ]
    return "\n".join([head, *rows, "", *rounds])


def _per_round(what: str, ratios: list[float], digits: int = 2) -> str:
    """One line of ratios measured in the same round, and their median.

    >>> _per_round("A ÷ B", [0.5, 0.25, 1.0])
    'A ÷ B in each round (run one after the other): 0.50×, 0.25×, 1.00×; median 0.50×.'
    """
    each = ", ".join(f"{ratio:.{digits}f}×" for ratio in ratios)
    median = statistics.median(ratios)
    return f"{what} in each round (run one after the other): {each}; median {median:.{digits}f}×."


def replace_section(document: str, report: str) -> str:
    """The document with its timing tables replaced; its introduction and profile are kept.

    >>> page = "# B\\n\\n## Build benchmarks\\nold\\n\\n### Where the time goes\\np"
    >>> replace_section(page, "new\\n")
    '# B\\n\\nnew\\n\\n### Where the time goes\\np'
    """
    start = document.find(SECTION)
    if start < 0:
        return f"{document}\n{report}" if document else report
    end = document.find(KEPT, start)
    return document[:start] + report + (f"\n{document[end:]}" if end >= 0 else "")


def main() -> None:
    """Generate, time, print, and optionally write BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, help="write the report to this Markdown file")
    args = parser.parse_args()
    sections = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            subprocess.run([sys.executable, "-m", "benchmarks.generate", str(size), scratch],
                           cwd=REPO, check=True, capture_output=True)  # fmt: skip
            sections.append(table(size, *scenarios(Path(scratch), args.runs)))
            print(sections[-1], flush=True)
    cores = len(os.sched_getaffinity(0))
    machine = f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"
    sizes = " ".join(map(str, args.sizes))
    command = f"`python -m benchmarks.run --sizes {sizes} --runs {args.runs}`"
    header = (
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine} with {command} "
        f"(medians of {args.runs} runs, whole process, side by side in one run)."
    )
    if args.write:
        report = f"## Build benchmarks\n\n{header}\n" + "\n".join(sections) + "\n"
        old = args.write.read_text(encoding="utf-8") if args.write.is_file() else ""
        args.write.write_text(replace_section(old, report), encoding="utf-8")
    print(header)


if __name__ == "__main__":
    main()
