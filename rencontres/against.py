"""``--against <git-ref>``: a published event never disappears without being told.

Subscribers' calendars would silently drop an event whose file was deleted or
whose identity changed. Compared with the published branch, every identity that
existed there must still exist, unless it was cancelled there or its removal is
acknowledged in ``content/removed.yaml`` (``identity: reason``).
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from rencontres.errors import ErrorLog, Invalid
from rencontres.frontmatter import decode, parse_mapping
from rencontres.history import History
from rencontres.loader import Site, load_site
from rencontres.model import Event, Status
from rencontres.recurrence import occurrences

REMOVED_FILE = "removed.yaml"
HORIZON = timedelta(days=400)


@dataclass(frozen=True)
class Published:
    """The site as it was at a git ref, and where each event's file was."""

    site: Site
    files: dict[str, Path]  # identity -> path relative to content/

    @property
    def identities(self) -> set[str]:
        """Every identity published there."""
        return set(self.files)


def published_at(content: Path, ref: str, now: datetime) -> Published | None:
    """Load the content as it was at ``ref``; ``None`` if git cannot give it."""
    prefix = _git_text(content, "rev-parse", "--show-prefix")
    top = _git_text(content, "rev-parse", "--show-toplevel")
    if prefix is None or top is None:
        return None
    archive = subprocess.run(  # from the top: git archive refuses to run in a sub-folder
        ["git", "-C", top, "archive", "--format=tar", f"{ref}:{prefix}"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        then = Path(scratch) / "content"
        try:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as bundle:
                bundle.extractall(then, filter="data")  # refuses links out of the folder
        except tarfile.TarError:
            return None
        site, _ = load_site(then, history=History.from_git(content.resolve(), now, ref))
        files = {e.uid: Path(e.source).resolve().relative_to(then.resolve()) for e in site.events}
    return Published(site, files)


def lost_events(
    content: Path,
    published: Published | None,
    ref: str,
    current: Site,
    log: ErrorLog,
    now: datetime,
) -> None:
    """Log every event, or upcoming occurrence, published at ``ref`` that subscribers would lose."""
    if published is None:
        log.add(os.path.relpath(content), 1, "against", "against_unreadable", value=ref)
        return
    now_by_id = {e.uid: e for e in current.events}
    acknowledged = removals(content, log)
    for event in published.site.events:
        if event.uid in acknowledged or event.status is Status.CANCELLED:
            continue
        still = now_by_id.get(event.uid)
        if still is None:
            path = os.path.relpath(content / published.files[event.uid])
            log.add(path, 1, "uid", "lost_event", title=event.title, value=event.uid, ref=ref)
        elif event.is_listed and not still.is_listed:
            line = current.line(still.source, "visibility")
            log.add(
                still.source, line, "visibility", "unlisted_event", value=still.visibility.value
            )
        else:
            _lost_occurrences(event, still, current, log, now)


def _lost_occurrences(
    before: Event, after: Event, current: Site, log: ErrorLog, now: datetime
) -> None:
    """Upcoming occurrences must not vanish: cancelling one tells subscribers, `except` does not."""
    until = now + HORIZON
    kept = {o.original_start or o.start for o in occurrences(after, until)}
    for occurrence in occurrences(before, until):
        usual = occurrence.original_start or occurrence.start
        if occurrence.end > now and usual not in kept:
            line = current.line(after.source, "recurrence")
            log.add(after.source, line, "recurrence", "lost_occurrence", value=f"{usual:%Y-%m-%d}")
            return


def removals(content: Path, log: ErrorLog) -> set[str]:
    """Identities whose removal is acknowledged, from ``content/removed.yaml``."""
    path = content / REMOVED_FILE
    if not path.is_file():
        return set()
    try:
        return set(parse_mapping(decode(path.read_bytes())).values)
    except Invalid as exc:
        log.add_invalid(os.path.relpath(path), 1, "yaml", exc)
        return set()


def _git_text(folder: Path, *args: str) -> str | None:
    """The stripped output of a git command, or ``None`` if it failed."""
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 else None
