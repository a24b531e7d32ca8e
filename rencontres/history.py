"""When each content file last changed, and how many times: from git, in one pass.

Calendars need a ``LAST-MODIFIED`` and a ``SEQUENCE`` that only grows when an
event's content changes, and that a rebuild without changes leaves alone. The
git history of the file gives both; a pure rename (same content) is not a change.
"""

from __future__ import annotations

import hashlib
import pickle
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from rencontres.atomicfile import replaced

COMMIT_MARK = "\x1e"  # ASCII record separator: never in a path
KEPT_FILE = "rencontres-history-{folder}.pickle"  # in a build's cache: one per content folder


@dataclass(frozen=True)
class Revision:
    """When a file was added and last changed (UTC), and how many times it changed."""

    modified: datetime
    sequence: int = 0
    created: datetime | None = None
    changes: tuple[datetime, ...] = ()  # when each change after the first version was made
    origin: str | None = None  # the blob id of the first committed version

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
        touched: frozenset[str] = frozenset(),
    ) -> None:
        self.revisions = revisions
        self.fallback = fallback
        self.unknown = Revision(fallback, created=fallback)  # made once: asked of thousands
        self.shallow = shallow
        self.folder = folder
        self.touched = touched  # the files git's status lists: changed, or renamed, uncommitted

    def first_blobs(self, paths: list[str]) -> dict[str, str]:
        """The blob of each file's first committed version (renames followed), for the
        files changed since, committed or not: the others still have that text."""
        revisions, touched = self.revisions, self.touched
        return {
            p: r.origin
            for p in paths
            if (r := revisions.get(p)) and r.origin and (r.sequence or p in touched)
        }

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, str]:
        """The texts of some blobs, by blob, read in one go."""
        wanted = sorted(blobs)
        return _cat_files(self.folder, wanted) if wanted and self.folder else {}

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
    def from_git(
        cls, folder: Path, now: datetime, revision: str = "HEAD", kept: Path | None = None
    ) -> History:
        """Read the history of ``folder`` up to ``revision``; every file is new as of
        ``now`` outside git (no ``folder`` then: nothing is known of it) and in a repository
        without a commit yet. Uncommitted edits count only for ``HEAD``. With a ``kept``
        folder, the history of the last commit read is kept there: a rebuild at the same
        commit (an edit not yet committed) does not read git's log again."""
        shallow = (_git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
        revisions = _committed(folder, revision, kept, shallow)
        if revisions is None:
            in_git = _git(folder, "rev-parse", "--git-dir") is not None
            return cls({}, now.astimezone(UTC), folder=folder if in_git else None)
        prefix = (_git(folder, "rev-parse", "--show-prefix") or "").strip()
        status = ""
        if revision == "HEAD":
            status = _git(folder, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
        changes = [(codes, [p.removeprefix(prefix) for p in paths]) for codes, paths in
                   status_entries(status or "")]  # fmt: skip
        uncommitted = with_uncommitted(revisions, changes, now)
        touched = frozenset(paths[-1] for _, paths in changes)
        return cls(uncommitted, now.astimezone(UTC), shallow, folder, touched)


def _committed(
    folder: Path, revision: str, kept: Path | None, shallow: bool
) -> dict[str, Revision] | None:
    """Every committed file's revision up to ``revision``, kept from the last build when it
    read the same commit of a history as deep (git's log diffs every commit's tree: at
    10,000 files and 120 commits, 0.2 s; thousands of commits take seconds); None
    without a commit."""
    commit = (_git(folder, "rev-parse", "--verify", "-q", f"{revision}^{{commit}}") or "").strip()
    if not commit:
        return None
    # this code, the commit, and the clone's depth (fetching the whole history changes it)
    mark = (_code(), commit, shallow)
    path = kept / KEPT_FILE.format(folder=_digest(str(folder))) if kept else None
    found = _read_kept(path, mark) if path else None
    if found is not None:
        return found
    log = _git(folder, "log", commit, "--reverse", "-M40%", f"--format={COMMIT_MARK}%ct",
               "--raw", "--no-abbrev", "--relative", "--", ".")  # fmt: skip
    if log is None:
        return None
    revisions = replay(log)
    if path:
        _keep(path, mark, revisions)
    return revisions


def _read_kept(path: Path, mark: tuple[str, str, bool]) -> dict[str, Revision] | None:
    """The history kept under this mark; None if there is none, or another."""
    try:
        with path.open("rb") as handle:
            kept_mark, revisions = pickle.load(handle)
    except Exception:  # missing or damaged: it only costs reading git's log again
        return None
    return revisions if kept_mark == mark and isinstance(revisions, dict) else None


def _keep(path: Path, mark: tuple[str, str, bool], revisions: dict[str, Revision]) -> None:
    """Keep a commit's history for the next build; a folder that cannot take it keeps none."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replaced(path, "wb") as handle:
            pickle.dump((mark, revisions), handle, pickle.HIGHEST_PROTOCOL)
    except OSError:
        return


def _code() -> str:
    """What a kept history depends on besides the commit: this code and Python's version."""
    return _digest(Path(__file__).read_text(encoding="utf-8") + sys.version)


def _digest(text: str) -> str:
    """A short digest of some text, for names and marks."""
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def replay(log: str) -> dict[str, Revision]:
    """Replay ``git log --raw`` (oldest first) into each file's revision: its first
    version is known by its blob, which git reads at once (by ``commit:path``, it
    looks each path up in the commit's tree: at 10,000 files in one folder, 12 s).

    >>> blob = ":100644 100644 {} {} {}\\t{}".format
    >>> log = "\\n".join(["\\x1e1700000000", "", blob(0, "b1", "A", "a.md"),
    ...                  "\\x1e1700000100", "", blob("b1", "b2", "M", "a.md"),
    ...                  "\\x1e1700000200", "", blob("b2", "b2", "R100", "a.md\\tb.md")])
    >>> replay(log)["b.md"].sequence, replay(log)["b.md"].origin
    (1, 'b1')
    """
    revisions: dict[str, Revision] = {}
    when = datetime.fromtimestamp(0, UTC)
    for line in log.split("\n"):  # not splitlines(): it breaks on \x1e too
        if line.startswith(COMMIT_MARK):
            when = datetime.fromtimestamp(int(line[1:]), UTC)
        elif line.startswith(":"):  # ":<modes> <old blob> <new blob> <status>\t<paths>"
            described, *paths = line.split("\t")
            _, _, old, new, status = described.split(" ")
            _apply(revisions, [status, *paths], when, (old, new))
    return revisions


def _apply(
    revisions: dict[str, Revision], change: list[str], when: datetime, blobs: tuple[str, str]
) -> None:
    """Apply one change of a commit, ``[status, path(, new path)]``, from the ``blobs`` of
    its old and new versions."""
    kind, new = change[0][:1], change[-1]
    if kind in ("A", "C") or (kind == "R" and change[1] not in revisions):
        revisions[new] = Revision(when, created=when, origin=blobs[1])
    elif kind in ("M", "T") and new in revisions:
        revisions[new] = _bumped(revisions[new], when)
    elif kind == "D":
        revisions.pop(new, None)
    elif kind == "R" and len(change) == 3:
        previous = revisions.pop(change[1])
        identical = blobs[0] == blobs[1]  # not "R100": a similarity rounded down
        revisions[new] = previous if identical else _bumped(previous, when)


def _bumped(revision: Revision, when: datetime) -> Revision:
    """One more change, at ``when``."""
    changes = (*revision.changes, when)
    return replace(revision, modified=when, sequence=revision.sequence + 1, changes=changes)


def status_entries(status: str) -> Iterator[tuple[str, list[str]]]:
    """The entries of ``git status --porcelain -z``: their two codes, and their paths (the
    old one first for a rename or a copy), never quoted.

    >>> list(status_entries(" M a b.md\\0R  new.md\\0old.md\\0?? c.md\\0"))
    [(' M', ['a b.md']), ('R ', ['old.md', 'new.md']), ('??', ['c.md'])]
    """
    fields = iter(status.split("\0"))
    for entry in fields:
        if len(entry) < 4:  # the empty field after the last NUL
            continue
        codes, path = entry[:2], entry[3:]
        yield codes, [next(fields, ""), path] if {"R", "C"} & set(codes) else [path]


def with_uncommitted(
    revisions: dict[str, Revision], changes: list[tuple[str, list[str]]], now: datetime
) -> dict[str, Revision]:
    """Count edits not yet committed (``status_entries``) as one more change, made ``now``."""
    result = dict(revisions)
    moment = now.astimezone(UTC)
    for codes, paths in changes:
        renamed = len(paths) == 2 and "C" not in codes
        previous = result.pop(paths[0], None) if renamed else result.get(paths[-1])
        if previous is None:
            result[paths[-1]] = Revision(moment, created=moment)
        elif renamed and "M" not in codes:
            result[paths[-1]] = previous  # renamed: an edit staged with it is not told apart
            # here (the file's first version is read all the same: see ``History.touched``)
        else:
            result[paths[-1]] = _bumped(previous, moment)
    return result


def _cat_files(folder: Path, specs: list[str]) -> dict[str, str]:
    """Read many blobs (by id, or ``commit:path``) with one ``git cat-file --batch``."""
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
