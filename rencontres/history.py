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
    origin: str | None = None  # "<commit>:<path>" of the first committed version

    @property
    def published(self) -> datetime:
        """When the content was first announced."""
        return self.created or self.modified


class History:
    """Revisions of the files of one folder, keyed by path relative to that folder."""

    def __init__(
        self,
        revisions: dict[str, Revision],
        fallback: datetime,
        shallow: bool = False,
        folder: Path | None = None,
    ) -> None:
        self.revisions = revisions
        self.fallback = fallback
        self.unknown = Revision(fallback, created=fallback)  # made once: asked of thousands
        self.shallow = shallow
        self.folder = folder

    def first_versions(self, paths: list[str]) -> dict[str, str]:
        """The text each file had when first committed (renames followed), read in one go."""
        wanted = {p: r.origin for p in paths if (r := self.revisions.get(p)) and r.origin}
        if not wanted or self.folder is None:
            return {}
        blobs = _cat_files(self.folder, list(wanted.values()))
        return {path: blobs[origin] for path, origin in wanted.items() if origin in blobs}

    def of(self, relative: str, depends_on: tuple[str, ...] = ()) -> Revision:
        """The revision of a file, counting later changes to the files it inherits from.

        Unknown files count as changed at ``fallback``. Both counts only grow, so
        the sum never goes backwards.
        """
        own = self.revisions.get(relative, self.unknown)
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
    def from_git(cls, folder: Path, now: datetime, revision: str = "HEAD") -> History:
        """Read the history of ``folder`` up to ``revision``; every file is new as of
        ``now`` outside git (no ``folder`` then: nothing is known of it) and in a repository
        without a commit yet. Uncommitted edits count only for ``HEAD``."""
        log = _git(folder, "log", revision, "--reverse", "-M40%", f"--format={COMMIT_MARK}%ct %H",
                   "--name-status", "--relative", "--", ".")  # fmt: skip
        if log is None:
            in_git = _git(folder, "rev-parse", "--git-dir") is not None
            return cls({}, now.astimezone(UTC), folder=folder if in_git else None)
        prefix = (_git(folder, "rev-parse", "--show-prefix") or "").strip()
        revisions = replay(log, prefix)
        status = ""
        if revision == "HEAD":
            status = _git(folder, "status", "--porcelain", "--untracked-files=all", "--", ".") or ""
        shallow = (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
        uncommitted = with_uncommitted(revisions, status, prefix, now)
        return cls(uncommitted, now.astimezone(UTC), shallow, folder)


def replay(log: str, prefix: str = "") -> dict[str, Revision]:
    """Replay ``git log --name-status`` (oldest first) into each file's revision.

    >>> log = "\\x1e1700000000 c1\\n\\nA\\ta.md\\n\\x1e1700000100 c2\\n\\nM\\ta.md\\n" \\
    ...       "\\x1e1700000200 c3\\n\\nR100\\ta.md\\tb.md\\n"
    >>> replay(log)["b.md"].sequence, replay(log)["b.md"].origin
    (1, 'c1:a.md')
    """
    revisions: dict[str, Revision] = {}
    when, commit = datetime.fromtimestamp(0, UTC), ""
    for line in log.split("\n"):  # not splitlines(): it breaks on \x1e too
        if line.startswith(COMMIT_MARK):
            stamp, commit = line[1:].split(" ")
            when = datetime.fromtimestamp(int(stamp), UTC)
        elif line:
            _apply(revisions, line.split("\t"), when, f"{commit}:{prefix}")
    return revisions


def _apply(revisions: dict[str, Revision], change: list[str], when: datetime, at: str) -> None:
    """Apply one ``STATUS\\tpath[\\tnew path]`` line of a commit; ``at`` is ``commit:prefix``."""
    kind, new = change[0][:1], change[-1]
    if kind in ("A", "C") or (kind == "R" and change[1] not in revisions):
        revisions[new] = Revision(when, created=when, origin=at + new)
    elif kind in ("M", "T") and new in revisions:
        revisions[new] = _bumped(revisions[new], when)
    elif kind == "D":
        revisions.pop(new, None)
    elif kind == "R" and len(change) == 3:
        previous = revisions.pop(change[1])
        identical = change[0][1:] == "100"
        revisions[new] = previous if identical else _bumped(previous, when)


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


def _cat_files(folder: Path, specs: list[str]) -> dict[str, str]:
    """Read many ``commit:path`` blobs with one ``git cat-file --batch``."""
    command = ["git", "-C", str(folder), "cat-file", "--batch"]
    try:
        done = subprocess.run(
            command, input="\n".join(specs).encode() + b"\n", capture_output=True, check=False
        )
    except OSError:
        return {}
    found, output, position = {}, done.stdout, 0
    for spec in specs:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        position = header_end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[spec] = output[position : position + size].decode("utf-8", "replace")
            position += size + 1
    return found


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
