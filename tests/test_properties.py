"""Property-based tests: however a contributor breaks a file, Rencontres reports it, never crashes.

(a) random front matter, serialised by ``yaml.safe_dump`` or written line by line (often
invalid YAML); (b) random mutations of every real event and recap file; (c) a few of
them through a real strict build. After each load, the validator's review runs too.

The property: nothing raises; every problem is located (a path, a line that exists in
the file, a field) and prints on one line; the file either loads or is named by at least
one error (a draft, which is valid and published nowhere, is the only exception).

Hypothesis runs derandomized and without an example database: a run is reproducible
and writes nothing in the repository. Each load runs under a time limit, so an endless
loop fails the test instead of hanging it. Inputs that hypothesis found to crash are
kept in ``FOUND``, checked directly so that each shows up on its own.
"""

from __future__ import annotations

import logging
import re
import shutil
import signal
import tempfile
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import FrameType

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from rencontres.errors import ErrorLog
from rencontres.fields import read_fields
from rencontres.frontmatter import decode, parse_document
from rencontres.loader import Site, load_site
from rencontres.model import Visibility
from rencontres.review import review
from rencontres.schema import EVENT_FIELDS, RECAP_FIELDS
from tests.building import FIXTURE_CONTENT, FROZEN_NOW, REPO, build

# Hypothesis caches unicode data and constants in ``.hypothesis/``: not in the repository
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "rencontres-hypothesis")
NOW = datetime.fromisoformat(FROZEN_NOW)
TIME_LIMIT = 3  # seconds for one load; a normal one takes a few milliseconds
CASES: Counter[str] = Counter()  # generated cases and outcomes, printed by the last test


def examples(count: int) -> settings:
    """Hypothesis settings: reproducible, no database in the repository, no deadline."""
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


# --- What a content file is made of -----------------------------------------------------

REGIONS = ("quebec", "montreal", "bas-saint-laurent", "rimouski", "france", "paris", "monreal")
SERIES = ("soirees-web", "dineurs", "soiree-web")
EVENT_SLUGS = (
    "2026-10-14-diner-a-rimouski",
    "2026-12-03-soiree-web-de-decembre",
    "2027-01-29-twunch",
    "2027-02-04-brouillon-de-soiree",
    "2026-12-05-reunion-des-benevoles",
    "2026-10-14-diner-a-rimousky",
)
UNKNOWN_NAMES = ("strat", "titre", "Title", "lieu", "venue.name", "tag", "recurence", "x", "")
NASTY = (
    "", " ", "---", "...", ": ", "a: b", " : ", "#", " # note", "&ancre", "*alias",
    "!!python/object:os.system", "!!python/object/apply:os.system [ls]", "!important",
    "'", '"', "\\", "{", "}", "[", "]",
    "|", ">", "- ", "? ", "%", "@", "`", ",", "\t", "\x00", "\x07", "\x1b", "\x7f", "\u2028",
    "\x85", "\ufeff", "\r", "\n", "null", "~", "yes", "no", "on", "0x1F", "01234", "1e999",
    ".nan", "-.inf", "{filename}a.md", "{static}/images/cafe.jpg", "{filename}/events/x.md",
    "../", "/etc/passwd", "images/cafe.jpg", "é", "Œ", "🎉", "\u0301", "\u202e",
)  # fmt: skip
URLS = (
    "https://example.org/", "http://visio.example.org/cafe?x=1#y", "https://bit.ly/abc",
    "javascript:alert(1)", "data:text/html,x", "example.org", "https://", "http://[::1",
    "https://exa mple.org", "ftp://example.org", "https://example.org:99999/", "mailto:a@b.c",
)  # fmt: skip
STATUSES = ("scheduled", "cancelled", "postponed", "rescheduled", "annulé", "Reportée", "complet")
VISIBILITIES = ("public", "hidden", "draft", "Draft", "privé")
DATE_FORMS = (
    "{d}", "{d} {h}:{m}", "{d}T{h}:{m}", "{d} {h}:{m}:{s}", "{d} {h}h{m}", "{d} {h}h",
    "{d}  {h}:{m}", "{h}:{m}", "{h}h{m}", "{d}T{h}:{m}Z", "{d} {h}:{m}+02:00",
    "{d}T{h}:{m}:{s}-05:00", "{d}-{h}", "{h}",
)  # fmt: skip

texts = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=4), max_size=6).map("".join),
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=3),
              st.integers(200, 1000)),
)  # fmt: skip


@st.composite
def moments(draw: st.DrawFn) -> str:
    """A date or time in one of the accepted forms, or nearly; years from 0 to 9999."""
    year = draw(st.integers(2026, 2027) | st.integers(0, 9999))
    month = draw(st.integers(1, 12) | st.integers(0, 13))
    day = draw(st.integers(1, 28) | st.integers(0, 32))
    hour = draw(st.integers(0, 23) | st.integers(0, 99))
    minute, second = draw(st.integers(0, 59)), draw(st.integers(0, 60))
    form = draw(st.sampled_from(DATE_FORMS))
    day_text = f"{year:04d}-{month:02d}-{day:02d}"
    return form.format(d=day_text, h=f"{hour:02d}", m=f"{minute:02d}", s=f"{second:02d}")


EDGES = ("0001-01-01", "0001-01-01 00:30", "9999-12-31", "9999-12-31 23:00", "2027-03-14 02:30")
# a `date` object is dumped unquoted, as a contributor writes it
dates = moments() | st.dates().map(date.isoformat) | st.dates() | st.sampled_from(EDGES)
rrule_parts = st.one_of(
    st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "monthly", "HOURLY", "FORTNIGHTLY"])
    .map("FREQ={}".format),
    st.integers(1, 3).map("INTERVAL={}".format),  # 0 and negatives: see FOUND
    st.integers(0, 12).map("COUNT={}".format),
    st.sampled_from(["20270630", "20270630T180000", "20270630T220000Z", "20271399", "2027",
                     "20200101", "20270630Z", "99991231"]).map("UNTIL={}".format),
    st.sampled_from(["1TH", "-1FR", "MO,WE", "TH", "1XX", "5MO", "0TU", "MO,,TU"])
    .map("BYDAY={}".format),
    st.integers(-32, 32).map("BYMONTHDAY={}".format),
    st.integers(0, 13).map("BYMONTH={}".format),
    st.integers(-3, 3).map("BYSETPOS={}".format),
    st.sampled_from(["MO", "SU", "XX"]).map("WKST={}".format),
    st.sampled_from(["DTSTART=20261203T180000", "BYHOUR=18", "BYMINUTE=30", "X-NAME=1", "FOO",
                     "=", "A=B=C", "", "BYWEEKNO=1", "BYYEARDAY=-1"]),
)  # fmt: skip
rrules = st.builds(
    lambda prefix, parts, separator: prefix + separator.join(parts),
    st.sampled_from(["", "", "RRULE:", "rrule:"]),
    st.lists(rrule_parts, min_size=1, max_size=5),
    st.sampled_from([";", ";", "; ", ","]),
)
changes = st.fixed_dictionaries(
    {"date": dates},
    optional={"start": dates, "end": dates, "title": texts, "status": st.sampled_from(STATUSES),
              "venue": texts},
)  # fmt: skip
recurrences = rrules | st.fixed_dictionaries(
    {"rule": rrules},
    optional={"except": st.lists(dates, max_size=3), "add": st.lists(dates, max_size=3),
              "changes": st.lists(changes, max_size=3)},
)  # fmt: skip
coordinates = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-400, 400) | texts
venues = texts | st.fixed_dictionaries(
    {}, optional={"name": texts, "address": texts, "lat": coordinates, "lon": coordinates}
)
organizers = texts | st.fixed_dictionaries(
    {}, optional={"name": texts, "url": st.sampled_from(URLS)}
)
paths = st.sampled_from([
    "images/cafe.jpg", "images/absente.jpg", "../images/cafe.jpg", "/etc", "images",
    "regions.yaml", "images//cafe.jpg", "images/" + "é" * 300 + ".jpg", "images/\x00.jpg",
]) | texts  # fmt: skip
PLAUSIBLE = {
    "title": texts, "start": dates, "end": dates, "date": dates,
    "timezone": st.sampled_from(["Europe/Paris", "America/Toronto", "Europe/Pariss", "UTC",
                                 "America/Argentina", "EST5EDT", "../../etc/passwd"]) | texts,
    "region": st.sampled_from(REGIONS), "series": st.sampled_from(SERIES),
    "event": st.sampled_from(EVENT_SLUGS), "venue": venues, "organizer": organizers,
    "online": st.sampled_from(URLS), "registration": st.sampled_from(URLS),
    "tags": st.lists(texts, max_size=3), "status": st.sampled_from(STATUSES),
    "visibility": st.sampled_from(VISIBILITIES), "lang": st.sampled_from(["fr", "en", "FR", "de"]),
    "recurrence": recurrences, "image": paths, "photos": st.lists(paths, max_size=3),
    "slug": st.sampled_from(EVENT_SLUGS) | texts, "uid": texts,
    "attendees": st.integers(-5, 10**6) | st.sampled_from(["9" * 5000, "une douzaine", "١٢"]),
}  # fmt: skip
scalars = st.one_of(texts, st.integers(), st.floats(), st.booleans(), st.none(), st.dates())
anything = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
field_names = st.one_of(
    st.sampled_from(sorted({*EVENT_FIELDS, *RECAP_FIELDS})),
    st.sampled_from(UNKNOWN_NAMES),
    st.text(max_size=8),
)
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçôÉ", min_size=1, max_size=10)
sentences = st.lists(words, min_size=1, max_size=5).map(" ".join)


@st.composite
def good_moments(draw: st.DrawFn, with_time: bool) -> str:
    """A date (and time) in one of the accepted forms, near "now", that exists."""
    day = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31))).isoformat()
    if not with_time:
        return day
    form = draw(st.sampled_from(["{d} {h}:{m}", "{d}T{h}:{m}", "{d} {h}:{m}:00", "{d} {h}h{m}"]))
    hour, minute = draw(st.integers(8, 22)), draw(st.sampled_from(["00", "15", "30"]))
    return form.format(d=day, h=f"{hour:02d}", m=minute)


VALID = {
    "title": sentences, "city": sentences, "price": sentences, "summary": sentences,
    "author": sentences, "start": st.booleans().flatmap(good_moments),
    "date": good_moments(with_time=False),
    "region": st.sampled_from(REGIONS[:-1]), "series": st.sampled_from(SERIES[:-1]),
    "event": st.sampled_from(EVENT_SLUGS[:3]), "tags": st.lists(words, max_size=3),
    "status": st.sampled_from(STATUSES[:-1]), "visibility": st.sampled_from(VISIBILITIES[:3]),
    "lang": st.sampled_from(["fr", "en"]), "online": st.sampled_from(URLS[:2]),
    "registration": st.sampled_from(URLS[:2]), "image": st.just("images/cafe.jpg"),
    "photos": st.lists(st.just("images/cafe.jpg"), max_size=2), "attendees": st.integers(0, 99),
    "venue": sentences | st.fixed_dictionaries(
        {"name": sentences},
        optional={"address": sentences, "lat": st.just(45.5), "lon": st.just(-73.6)},
    ),
    "organizer": sentences, "timezone": st.sampled_from(["Europe/Paris", "America/Toronto"]),
    "recurrence": st.sampled_from(["FREQ=WEEKLY;COUNT=3", "FREQ=DAILY;INTERVAL=2;COUNT=4"]),
    "uid": st.from_regex(r"[a-z0-9]{1,10}@example\.org", fullmatch=True),
    "slug": st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
}  # fmt: skip


@st.composite
def field_values(draw: st.DrawFn, name: str, mode: str) -> object:
    """A valid value when careful; else usually a plausible one, sometimes anything."""
    if mode == "careful" and name in VALID:
        return draw(VALID[name])
    plausible = PLAUSIBLE.get(name)
    if plausible is not None and draw(st.integers(0, 3)):
        return draw(plausible)
    return draw(anything)


@st.composite
def front_matters(draw: st.DrawFn, kind: str, mode: str) -> list[tuple[str, object]]:
    """Fields in order, in one of three modes.

    ``careful``: the required fields then a few known ones, all valid, so that many files
    load; ``one wild``: the same, but one or two of the file's own fields hold odd values,
    to reach deep checks with them; ``chaos``: required fields may be missing, names may
    be unknown or repeated, values anything at all.
    """
    required = ("title", "start", "region") if kind == "events" else ("title", "date", "event")
    own = sorted(EVENT_FIELDS if kind == "events" else RECAP_FIELDS)
    if mode == "chaos":
        names = [name for name in required if draw(st.integers(0, 5))]
        names += draw(st.lists(st.sampled_from(own) | field_names, max_size=6))
        return [(name, draw(field_values(name, mode))) for name in names]
    optional = sorted(set(own) - set(required))
    names = [*required, *draw(st.lists(st.sampled_from(optional), max_size=3, unique=True))]
    pairs = [(name, draw(field_values(name, "careful"))) for name in names]
    if mode == "one wild":
        for name in draw(st.lists(st.sampled_from(own), min_size=1, max_size=2, unique=True)):
            pairs = [p for p in pairs if p[0] != name] + [(name, draw(field_values(name, mode)))]
    return pairs


# --- Writing a file ----------------------------------------------------------------------


def dumped(pairs: list[tuple[str, object]], flow: bool | None, unicode: bool) -> str:
    """The fields as ``yaml.safe_dump`` writes them (a later name wins)."""
    return yaml.dump(
        dict(pairs),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),  # the same output, faster
        allow_unicode=unicode,
        default_flow_style=flow,
        sort_keys=False,
        width=80,
    )


def raw(value: object, indent: str) -> str:
    """A value written by hand, the way a contributor would type it: never quoted."""
    if isinstance(value, dict):
        return "".join(f"\n{indent}  {k}: {raw(v, indent + '  ')}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "[" + ", ".join(raw(item, indent) for item in value) + "]"
    return "" if value is None else str(value)


def by_hand(pairs: list[tuple[str, object]], indents: list[str]) -> str:
    """One ``name: value`` line per field, unquoted, with odd indents now and then."""
    lines = []
    for index, (name, value) in enumerate(pairs):
        indent = indents[index % len(indents)] if indents else ""
        lines.append(f"{indent}{name}: {raw(value, indent)}\n")
    return "".join(lines)


BODIES = (
    "", "Le texte.\n", "[lien]({filename}ancien.md)\n", "[cassé]({filename}absent.md)\n",
    "![x]({static}/images/cafe.jpg)\n", "---\ntitle: B\n---\n", "x" * 1_000_001,
)  # fmt: skip


@st.composite
def documents(draw: st.DrawFn, kind: str) -> bytes:
    """A whole file: header, fences, body, line endings and encoding.

    Careful and one-wild files have sane fences; chaos may break the file anywhere.
    """
    mode = draw(st.sampled_from(["careful", "one wild", "chaos"]))
    pairs = draw(front_matters(kind, mode))
    careful = mode != "chaos"
    if draw(st.sampled_from(["dump", "dump", "hand", "hand", "hand"])) == "dump":
        header = dumped(pairs, draw(st.sampled_from([False, True, None])), draw(st.booleans()))
    else:
        indents = draw(st.lists(st.sampled_from(["", "", "", " ", "  ", "\t"]), max_size=3))
        header = by_hand(pairs, [] if careful else indents)
    fences = ["---\n"] if careful else ["---\n", "---\n", "--- \n", "\ufeff---\n", "", "--\n"]
    opening, closing = draw(st.sampled_from(fences)), draw(st.sampled_from([*fences, "...\n"]))
    body = draw(st.sampled_from(BODIES) | texts)
    text = opening + header + closing + "\n" + body
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])))
    if not careful and draw(st.integers(0, 9)) == 0:
        return text.encode("latin-1", errors="replace")
    return text.encode("utf-8", errors="surrogatepass")


# --- Mutating a real file ----------------------------------------------------------------

REAL_FILES = [
    *((FIXTURE_CONTENT, p.relative_to(FIXTURE_CONTENT).as_posix())
      for p in sorted(FIXTURE_CONTENT.glob("*/*.md"))),
    *((REPO / "content", p.relative_to(REPO / "content").as_posix())
      for p in sorted((REPO / "content").glob("*/**/*.md"))),
]  # fmt: skip
INSERTED = ("\n", ":", ": ", "-", " ", "  ", "\t", "#", "'", '"', "[", "]", "{", "&", "*", "!",
            "\x00", "é", "0", "9", "---\n", "  - ", "\u2028")  # fmt: skip


def mutate(text: str, operation: str, first: int, second: int, piece: str) -> str:
    """One mutation: lines deleted, repeated, swapped or re-indented; characters or the end."""
    lines = text.splitlines(keepends=True) or [""]
    i, j = first % len(lines), second % len(lines)
    if operation == "delete line":
        del lines[i]
    elif operation == "repeat line":
        lines.insert(i, lines[i])
    elif operation == "swap lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif operation == "indent line":
        lines[i] = piece.strip("\n") + lines[i]
    elif operation == "dedent line":
        lines[i] = lines[i].lstrip(" ")
    else:
        at = first % (len(text) + 1)
        return {
            "delete char": text[:at] + text[at + 1 :],
            "insert": text[:at] + piece + text[at:],
            "truncate": text[:at],
            "digit": text[:at] + re.sub(r"\d", piece[:1] if piece[:1].isdigit() else "9",
                                        text[at:], count=1),
        }[operation]  # fmt: skip
    return "".join(lines)


mutations = st.lists(
    st.tuples(
        st.sampled_from(["delete line", "repeat line", "swap lines", "indent line", "dedent line",
                         "delete char", "insert", "truncate", "digit"]),
        st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(INSERTED),
    ),
    max_size=4,
)  # fmt: skip


# --- The property ------------------------------------------------------------------------


class TooSlow(Exception):
    """Raised when a load does not finish in time: an endless loop, most likely."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when the block runs for longer than ``seconds``."""

    def expire(signum: int, frame: FrameType | None) -> None:
        stack = traceback.extract_stack(frame)
        ours = [f for f in stack if "/rencontres/" in f.filename] or stack
        where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} ({ours[-1].name})"
        raise TooSlow(f"still running after {seconds} s, in {where}: an endless loop?")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TooSlow as slow:  # raised again from here: pytest cannot show the signal's frame
        raise TooSlow(str(slow)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def validate(content: Path) -> tuple[Site, ErrorLog]:
    """What ``rencontres-validate`` checks: load, then review (no history: all is new)."""
    with time_limit(TIME_LIMIT):
        site, log = load_site(content)
        review(site, log, content, NOW, set())
    return site, log


def editor_lines(path: Path) -> int:
    """How many lines an editor shows for a file (line breaks: LF, CRLF or CR)."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    return len(re.split(r"\r\n|\r|\n", text))


def is_draft(raw_bytes: bytes) -> bool:
    """Whether a valid file is a draft, which is published nowhere and reported nowhere."""
    values, _ = read_fields(parse_document(decode(raw_bytes)).fields, EVENT_FIELDS, 1)
    return values.get("visibility") is Visibility.DRAFT


def check(content: Path, relative: str, label: str) -> None:
    """The property, for the file ``relative`` of ``content`` (``label`` counts the cases)."""
    target = (content / relative).resolve()
    site, log = validate(content)
    for problem in [*log.errors, *log.warnings]:
        shown = str(problem)  # raises if the message is missing or its parameters do not fit
        assert problem.path and problem.field, shown
        assert "\n" not in shown and "\r" not in shown, f"not on one line: {shown!r}"
        assert problem.line >= 1, shown
        where = Path(problem.path).resolve()
        if where.is_file():
            assert problem.line <= editor_lines(where), f"no such line: {shown!r}"
    named = any(Path(e.path).resolve() == target for e in log.errors)
    loaded = any(Path(item.source).resolve() == target for item in [*site.events, *site.recaps])
    CASES[label] += 1
    CASES[f"{label}: loaded"] += loaded
    CASES[f"{label}: refused"] += named
    if not (named or loaded):
        assert is_draft(target.read_bytes()), "neither loaded nor named by any error"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the real demo content."""
    target = tmp_path / "demo"
    shutil.copytree(REPO / "content", target)
    return target


# --- (a) random front matter -------------------------------------------------------------


@examples(1500)
@given(data=st.data())
def test_random_front_matter_is_loaded_or_reported(fixture_copy: Path, data: st.DataObject):
    kind = data.draw(st.sampled_from(["events", "events", "events", "recaps"]), label="kind")
    raw_bytes = data.draw(documents(kind), label="file")
    path = fixture_copy / kind / "zz-generated.md"
    path.write_bytes(raw_bytes)
    try:
        check(fixture_copy, f"{kind}/zz-generated.md", "(a) random front matter")
    finally:
        path.unlink()


# --- (b) mutated real files --------------------------------------------------------------


@examples(400)
@given(source=st.sampled_from(REAL_FILES), changes=mutations)
def test_mutated_real_files_are_loaded_or_reported(
    fixture_copy: Path, demo_copy: Path, source: tuple[Path, str], changes: list
):
    root, relative = source
    content = fixture_copy if root == FIXTURE_CONTENT else demo_copy
    original = (content / relative).read_bytes()
    text = original.decode("utf-8")
    for change in changes:
        text = mutate(text, *change)
    (content / relative).write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        check(content, relative, "(b) mutated real files")
    finally:
        (content / relative).write_bytes(original)


# --- (c) the real build ------------------------------------------------------------------


def exit_status(stop: SystemExit) -> int:
    """The process status ``SystemExit`` gives: 0 for None, the number, else 1 (a message)."""
    if stop.code is None:
        return 0
    return stop.code if isinstance(stop.code, int) else 1


@examples(25)
@given(data=st.data())
def test_strict_build_succeeds_or_exits_1(
    fixture_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, data: st.DataObject
):
    kind = data.draw(st.sampled_from(["events", "recaps"]), label="kind")
    path = fixture_copy / kind / "zz-generated.md"
    path.write_bytes(data.draw(documents(kind), label="file"))
    CASES["(c) strict build"] += 1
    output = tmp_path / f"output-{CASES['(c) strict build']}"
    caplog.clear()
    try:
        with time_limit(60):
            build(fixture_copy, output)
        logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert not logged, f"the build succeeded but logged errors: {logged}"
        CASES["(c) strict build: built"] += 1
    except SystemExit as stop:
        assert exit_status(stop) == 1, f"strict build exited with {stop.code!r}"
        assert not output.exists() or not any(output.iterdir()), "a failed build wrote files"
        CASES["(c) strict build: stopped"] += 1
    finally:
        path.unlink()
        shutil.rmtree(output, ignore_errors=True)


# --- Inputs found by hypothesis, or while writing these tests -----------------------------

BASE = "---\ntitle: Soirée\nstart: 2026-12-03 18:00\nregion: montreal\n"
RECAP = "---\ntitle: Retour\ndate: 2026-10-15\nevent: 2026-10-14-diner-a-rimouski\n"
FOUND = {
    "rule with INTERVAL=0 (hangs)": ("events", BASE + "recurrence: FREQ=MONTHLY;INTERVAL=0\n"),
    "rule with INTERVAL=-1": ("events", BASE + "recurrence: FREQ=MONTHLY;INTERVAL=-1\n"),
    "rule with UNTIL=20270101Z": ("events", BASE + "recurrence: FREQ=MONTHLY;UNTIL=20270101Z\n"),
    "image path with a NUL": ("events", BASE + 'image: "images/\\0cafe.jpg"\n'),
    "image path too long": ("events", BASE + "image: images/" + "a" * 300 + ".jpg\n"),
    "attendees with 5000 digits": ("recaps", RECAP + "attendees: " + "9" * 5000 + "\n"),
    "whole day on 9999-12-31": ("events", "---\ntitle: A\nstart: 9999-12-31\nregion: paris\n"),
    "start 9999-12-31 23:00": ("events", "---\ntitle: A\nstart: 9999-12-31 23:00\nregion: paris\n"),
    "yearly rule from 9998-12-30": (
        "events", "---\ntitle: A\nstart: 9998-12-30 12:00\nregion: paris\nrecurrence: FREQ=YEARLY\n"
    ),
    "occurrence moved to 9999-12-31 23:00": ("events", BASE + (
        "recurrence:\n  rule: FREQ=WEEKLY;COUNT=2\n"
        "  changes:\n    - date: 2026-12-10\n      start: 9999-12-31 23:00\n"
    )),
    "unclosed quote (yaml_quote had no message)": (
        "events", '---\ntitle: "Soirée\nstart: 2026-12-03 18:00\nregion: montreal\n'
    ),
    "field name with a line break": ("events", BASE + '"ti\\ntle": Soirée\n'),
    "empty field name": ("events", BASE + '"": Soirée\n'),
}  # fmt: skip
# 5 lines for an editor (4, and the empty one after the last line break); reported on line 6
UNCLOSED_WITH_FORM_FEEDS = "---\ntitle: A\n\nLe texte\x0cde la\x0cpage.\n"


@pytest.mark.parametrize(("kind", "header"), FOUND.values(), ids=list(FOUND))
def test_inputs_found_earlier(fixture_copy: Path, kind: str, header: str):
    (fixture_copy / kind / "zz-found.md").write_text(header + "---\n", encoding="utf-8")
    check(fixture_copy, f"{kind}/zz-found.md", "found earlier")


def test_a_form_feed_is_not_a_line_break(fixture_copy: Path):
    (fixture_copy / "events/zz-found.md").write_text(UNCLOSED_WITH_FORM_FEEDS, encoding="utf-8")
    check(fixture_copy, "events/zz-found.md", "found earlier")


def test_zz_number_of_generated_cases(capsys: pytest.CaptureFixture[str]):
    """Runs last: say how many cases each property saw (and how many of them loaded)."""
    with capsys.disabled():
        print("\nhypothesis cases:", ", ".join(f"{k} = {v}" for k, v in sorted(CASES.items())))
    if CASES["(a) random front matter"] >= 100:
        assert CASES["(a) random front matter: loaded"] >= 5, (
            "the generator never makes a valid file"
        )
