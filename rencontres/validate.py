"""``rencontres-validate``: check all of ``content/`` without building, for people and for CI.

Prints every problem as ``path:line: [field] message``; ``--format json`` for
programs, ``--format github`` (the default inside GitHub Actions) for
annotations on the pull request's lines. Exits 1 on errors, and on warnings
too with ``--strict``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from rencontres import collector
from rencontres.against import lost_events, published_at
from rencontres.errors import ContentError, ErrorLog, counted
from rencontres.history import History
from rencontres.loader import Site, load_site
from rencontres.review import committed_identities, review
from rencontres.twocores import cores

SHALLOW = (
    "attention : l'historique git est incomplet (clone superficiel) ; les identités des événements "
    "renommés ne peuvent pas être vérifiées : récupérez tout l'historique (git fetch --unshallow)"
)
LOADED = {
    "fr": [
        ("événement", "événements"),
        ("récit", "récits"),
        ("région", "régions"),
        ("série", "séries"),
    ],
    "en": [("event", "events"), ("recap", "recaps"), ("region", "regions"), ("series", "series")],
}


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="rencontres-validate", description=__doc__.split("\n")[0])
    parser.add_argument(
        "content", nargs="?", default="content", type=Path, help="the content folder"
    )
    parser.add_argument(
        "--lang", choices=("fr", "en"), default="fr", help="language of the messages"
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--against", metavar="GIT_REF", help="refuse events lost since this ref")
    default_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    parser.add_argument("--format", choices=("text", "json", "github"), default=default_format)
    parser.add_argument("--now", type=datetime.fromisoformat, help="ISO 8601 with offset (tests)")
    args = parser.parse_args(argv)
    if not args.content.is_dir():
        parser.error(f"{args.content}: no such folder")
    if args.now is not None and args.now.tzinfo is None:
        parser.error("--now needs a UTC offset, e.g. 2026-11-21T12:00:00-05:00")
    return args


@collector.paused()  # loading and review make objects that live on, and no garbage
def main(argv: Sequence[str] | None = None) -> int:
    """Validate, print, and exit 1 on errors (or on warnings with ``--strict``)."""
    args = parse_arguments(argv)
    now = args.now or datetime.now(UTC)
    history = History.from_git(args.content.resolve(), now)
    if history.shallow:
        print(SHALLOW, file=sys.stderr)
    site, log = load_site(args.content, history=history, workers=min(cores(), 2))
    published = published_at(args.content, args.against, now) if args.against else None
    known = published.identities if published else committed_identities(site, history)
    review(site, log, args.content, now, known)
    if args.against:
        lost_events(args.content, published, args.against, site, log, now)
    problems = [*log.sorted(), *log.sorted_warnings()]
    to_stderr = bool(problems) and args.format != "json"  # JSON is for programs: always stdout
    print(
        render(problems, site, log, args.format, args.lang),
        file=sys.stderr if to_stderr else sys.stdout,
    )
    return 1 if log.errors or (args.strict and log.warnings) else 0


def render(problems: list[ContentError], site: Site, log: ErrorLog, style: str, lang: str) -> str:
    """All problems in the chosen format, then a summary for people."""
    if style == "json":
        document = {
            "problems": [_as_dict(p, lang) for p in problems],
            "summary": _counts(site, log),
        }
        return json.dumps(document, ensure_ascii=False, indent=1)
    lines = [_github(p, lang) if style == "github" else p.format(lang) for p in problems]
    return "\n".join([*lines, summary(site, log, lang)])


def summary(site: Site, log: ErrorLog, lang: str) -> str:
    """« 57 événements, 11 récits, 13 régions, 9 séries ; 0 erreur dans 0 fichier »."""
    sizes = (len(site.events), len(site.recaps), len(site.regions.regions), len(site.series))
    loaded = [counted(n, forms, lang) for n, forms in zip(sizes, LOADED[lang], strict=True)]
    warnings = counted(len(log.warnings), ("avertissement", "avertissements") if lang == "fr"
                       else ("warning", "warnings"), lang)  # fmt: skip
    return f"{', '.join(loaded)} ; {log.summary(lang)} ; {warnings}"


def _github(problem: ContentError, lang: str) -> str:
    """A GitHub Actions annotation, shown on the pull request's line.

    >>> error = ContentError("a,b:c.md", 3, "k,line=9", "empty_text", (("name", "x"),))
    >>> _github(error, "fr").split("::")[1]
    'error file=a%2Cb%3Ac.md,line=3,title=[k%2Cline=9]'
    """
    level = "warning" if problem.severity == "warning" else "error"
    file, title = _property(problem.path), _property(f"[{problem.field}]")
    return (
        f"::{level} file={file},line={problem.line},title={title}::{_data(problem.message(lang))}"
    )


def _data(text: str) -> str:
    """Escape an annotation's message (GitHub's workflow-command rules for data)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape an annotation property: data rules, plus ``:`` and ``,``."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _as_dict(problem: ContentError, lang: str) -> dict[str, object]:
    """One problem for programs."""
    return {
        "path": problem.path,
        "line": problem.line,
        "field": problem.field,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message(lang),
    }


def _counts(site: Site, log: ErrorLog) -> dict[str, int]:
    """What loaded, and how many problems."""
    return {
        "events": len(site.events),
        "recaps": len(site.recaps),
        "errors": len(log.errors),
        "warnings": len(log.warnings),
    }


if __name__ == "__main__":
    sys.exit(main())
