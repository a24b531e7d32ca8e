"""When each content file last changed, and how many times: from git, in one pass.

Calendars need a ``LAST-MODIFIED`` and a ``SEQUENCE`` that only grows when an
event's content changes, and that a rebuild without changes leaves alone. The
git history of the file gives both; a pure rename (same content) is not a change.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

COMMIT_MARK = "\x1e"  # ASCII record separator: never in a path


@dataclass(frozen=True)
class Revision:
    """When a file was added and last changed (UTC), and how many times it changed."""

    modified: datetime
    sequence: int = 0
    created: datetime | None = None
    changes: tuple[datetime, ...] = ()  # when each change after the first version was made

    @property
    def published(self) -> datetime:
        """When the content was first announced."""
        return self.created or self.modified


class History:
    """Revisions of the files of one folder, keyed by path relative to that folder."""

    def __init__(
        self, revisions: dict[str, Revision], fallback: datetime, shallow: bool = False
    ) -> None:
        self.revisions = revisions
        self.fallback = fallback
        self.shallow = shallow

    def of(self, relative: str, depends_on: tuple[str, ...] = ()) -> Revision:
        """The revision of a file, counting later changes to the files it inherits from.

        Unknown files count as changed at ``fallback``. Both counts only grow, so
        the sum never goes backwards.
        """
        own = self.revisions.get(relative, Revision(self.fallback, created=self.fallback))
        since = own.published
        later = sorted(
            t for d in depends_on for t in self.revisions.get(d, own).changes if t > since
        )
        if not later:
            return own
        return replace(
            own, modified=max(own.modified, later[-1]), sequence=own.sequence + len(later)
        )

    @classmethod
    def from_git(cls, folder: Path, now: datetime) -> History:
        """Read the history of ``folder``; outside git, every file is new as of ``now``."""
        log = _git(folder, "log", "--reverse", "-M", "--format=" + COMMIT_MARK + "%ct",
                   "--name-status", "--relative", "--", ".")  # fmt: skip
        if log is None:
            return cls({}, now.astimezone(UTC))
        revisions = replay(log)
        status = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".") or ""
        prefix = _git(folder, "rev-parse", "--show-prefix") or ""
        shallow = (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
        uncommitted = with_uncommitted(revisions, status, prefix.strip(), now)
        return cls(uncommitted, now.astimezone(UTC), shallow)


def replay(log: str) -> dict[str, Revision]:
    """Replay ``git log --name-status`` (oldest first) into each file's revision.

    >>> log = "\\x1e1700000000\\n\\nA\\ta.md\\n\\x1e1700000100\\n\\nM\\ta.md\\n" \\
    ...       "\\x1e1700000200\\n\\nR100\\ta.md\\tb.md\\n"
    >>> replay(log)["b.md"].sequence
    1
    """
    revisions: dict[str, Revision] = {}
    when = datetime.fromtimestamp(0, UTC)
    for line in log.split("\n"):  # not splitlines(): it breaks on \x1e too
        if line.startswith(COMMIT_MARK):
            when = datetime.fromtimestamp(int(line[1:]), UTC)
        elif line:
            _apply(revisions, line.split("\t"), when)
    return revisions


def _apply(revisions: dict[str, Revision], change: list[str], when: datetime) -> None:
    """Apply one ``STATUS\\tpath[\\tnew path]`` line of a commit."""
    kind = change[0][:1]
    if kind == "A":
        revisions[change[1]] = Revision(when, created=when)
    elif kind in ("M", "T") and change[1] in revisions:
        revisions[change[1]] = _bumped(revisions[change[1]], when)
    elif kind == "D":
        revisions.pop(change[1], None)
    elif kind in ("R", "C") and len(change) == 3:
        previous = revisions.get(change[1], Revision(when, created=when))
        if kind == "R":
            revisions.pop(change[1], None)
        identical = change[0][1:] == "100"
        revisions[change[2]] = previous if identical else _bumped(previous, when)


def _bumped(revision: Revision, when: datetime) -> Revision:
    """One more change, at ``when``."""
    changes = (*revision.changes, when)
    return replace(revision, modified=when, sequence=revision.sequence + 1, changes=changes)


def with_uncommitted(
    revisions: dict[str, Revision], status: str, prefix: str, now: datetime
) -> dict[str, Revision]:
    """Count edits not yet committed as one more change, made ``now``."""
    result = dict(revisions)
    moment = now.astimezone(UTC)
    for line in status.splitlines():
        codes, paths = line[:2], [p.removeprefix(prefix) for p in line[3:].split(" -> ")]
        previous = result.pop(paths[0], None) if len(paths) == 2 else result.get(paths[-1])
        if previous is None:
            result[paths[-1]] = Revision(moment, created=moment)
        elif len(paths) == 2 and "M" not in codes:
            result[paths[-1]] = previous  # renamed, content unchanged
        else:
            result[paths[-1]] = _bumped(previous, moment)
    return result


def _git(folder: Path, *args: str) -> str | None:
    """Run git in ``folder``; ``None`` when git or the repository is missing."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "-c", "core.quotePath=false", *args],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None
