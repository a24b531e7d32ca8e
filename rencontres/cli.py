"""``rencontres-check``: check every content file without building the site."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from rencontres.errors import counted
from rencontres.history import History
from rencontres.loader import load_site

LOADED = {
    "fr": [
        ("événement", "événements"),
        ("récit", "récits"),
        ("région", "régions"),
        ("série", "séries"),
    ],
    "en": [("event", "events"), ("recap", "recaps"), ("region", "regions"), ("series", "series")],
}


def main(argv: list[str] | None = None) -> int:
    """Print every error as ``path:line: [field] message``; exit 1 if there is any."""
    parser = argparse.ArgumentParser(prog="rencontres-check", description=__doc__)
    parser.add_argument("content", nargs="?", default="content", type=Path)
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    args = parser.parse_args(argv)
    if not args.content.is_dir():
        parser.error(f"{args.content}: no such folder")
    history = History.from_git(args.content.resolve(), datetime.now(UTC))
    site, log = load_site(args.content, history=history)
    for error in log.sorted():
        print(error.format(args.lang), file=sys.stderr)
    loaded = [
        counted(len(site.events), LOADED[args.lang][0], args.lang),
        counted(len(site.recaps), LOADED[args.lang][1], args.lang),
        counted(len(site.regions.regions), LOADED[args.lang][2], args.lang),
        counted(len(site.series), LOADED[args.lang][3], args.lang),
    ]
    print(f"{', '.join(loaded)} ; {log.summary(args.lang)}", file=sys.stderr if log else sys.stdout)
    return 1 if log else 0


if __name__ == "__main__":
    sys.exit(main())
