"""Read YAML front matter as raw text nodes that remember their line.

YAML's type guessing is never used: ``18:30``, ``no`` and ``01234`` all stay
text, and each field's own parser decides what the text means.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field

import yaml

from rencontres.errors import Invalid

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CORE_TAG_PREFIX = "tag:yaml.org,2002:"
CORE_TAGS = {
    CORE_TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}
FENCE = "---"
SIMPLE_FIELD = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_]*): (.+)")
HIDDEN_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")  # line breaks to YAML only
FIELD_NAME = re.compile(r"\w[\w.@-]{0,199}")  # a word or an identity: no blank, no line break
NULL_WORDS = ("", "~")  # `null` stays a word: `title: Null` is a title
YAML_PROBLEMS = {
    "mapping values are not allowed": "yaml_colon",
    "did not find expected ',' or ']'": "yaml_unclosed",
    "did not find expected ',' or '}'": "yaml_unclosed",
    "did not find expected key": "yaml_indent",
    "expected <block end>": "yaml_indent",
    "found character '\\t'": "yaml_tab",
}
MAX_FILE_BYTES = 1_000_000
BOM = codecs.BOM_UTF8  # editors on Windows may start a file with it
MAX_DEPTH = 8  # the deepest real field is recurrence > changes > item > venue > lat


@dataclass(frozen=True)
class Scalar:
    """A single value, as the contributor typed it."""

    text: str
    line: int
    is_null: bool = False


@dataclass(frozen=True)
class Sequence:
    """A YAML list."""

    items: list[Node]
    line: int


@dataclass(frozen=True)
class Mapping:
    """YAML sub-fields; ``key_lines`` gives the line of each key.

    ``header_line`` is the line that introduces the mapping: the line before a
    block mapping's first key, or the line of a one-line ``{…}`` mapping.
    """

    values: dict[str, Node]
    key_lines: dict[str, int]
    line: int
    flow: bool = False

    @property
    def header_line(self) -> int:
        """Where a missing sub-field is reported."""
        return self.line if self.flow else self.line - 1


Node = Scalar | Sequence | Mapping


@dataclass(frozen=True)
class Document:
    """A content file split into its front matter and its Markdown body."""

    fields: Mapping
    body: str
    body_line: int = field(default=1)


def decode(raw: bytes) -> str:
    """Decode a file as UTF-8 (with or without BOM), refusing huge files.

    >>> decode(b"\\xef\\xbb\\xbf---")
    '---'
    """
    if len(raw) > MAX_FILE_BYTES:
        raise Invalid("file_too_large", 1, size=len(raw), limit=MAX_FILE_BYTES)
    start = len(BOM) if raw.startswith(BOM) else 0
    try:  # not the "utf-8-sig" codec: its Python wrapper costs more than the decoding
        return raw[start:].decode()
    except UnicodeDecodeError as exc:
        line = raw[: start + exc.start].count(b"\n") + 1
        raise Invalid("not_utf8", line) from exc


def split(text: str) -> tuple[str, str, int]:
    """Split ``---``-fenced front matter from the body; return both and the body's line.

    >>> split("---\\ntitle: A\\n---\\nBody\\n")
    ('title: A\\n', 'Body\\n', 4)
    """
    lines = [line + "\n" for line in text.split("\n")]  # lines as editors count them
    lines[-1] = lines[-1][:-1]
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0].rstrip() != FENCE:
        raise Invalid("no_front_matter", 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (FENCE, "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise Invalid("unclosed_front_matter", len(lines))


def parse_document(text: str) -> Document:
    """Parse a Markdown file with front matter; lines count from the file's first line."""
    header, body, body_line = split(text)
    return Document(parse_mapping(header, first_line=2), body, body_line)


def parse_mapping(text: str, first_line: int = 1) -> Mapping:
    """Parse YAML text whose top level must be a mapping of fields."""
    _refuse_hidden_breaks(text, first_line)
    _refuse_tabs(text, first_line)
    root = _compose_lenient(text, first_line)
    if root is None:
        return Mapping({}, {}, first_line)
    try:
        node = _convert(root, first_line - 1, set())
    except Invalid as exc:
        if exc.code == "yaml_alias":
            exc.line = first_line + _first_alias_line(text)
        raise
    if "&" in text:
        _refuse_anchors(text, first_line)
    if not isinstance(node, Mapping):
        raise Invalid("yaml_not_mapping", node.line)
    return node


def _compose_lenient(text: str, first_line: int) -> yaml.Node | None:
    """Compose, reading ``title: Atelier : le web`` as French writes it.

    In YAML a plain value may not contain ``: ``, but French puts a space before
    a colon. When that is the only problem on a simple ``key: value`` line, the
    value is read as quoted text; any other error is reported as it is.
    """
    lines = text.split("\n")
    for _ in range(len(lines)):
        try:
            return _compose("\n".join(lines), first_line)
        except Invalid as exc:
            index = (exc.line or first_line) - first_line
            fixed = (
                _quote_colon_value(lines[index])
                if exc.code == "yaml_colon" and 0 <= index < len(lines)
                else None
            )
            if fixed is None:
                raise
            lines[index] = fixed
    return _compose("\n".join(lines), first_line)


def _quote_colon_value(line: str) -> str | None:
    """``key: a : b`` as ``key: "a : b"``, for a plain (unquoted, not flow) value only.

    >>> _quote_colon_value("title: Atelier : le web")
    'title: "Atelier : le web"'
    >>> _quote_colon_value("  name: [a: b]") is None
    True
    """
    found = SIMPLE_FIELD.fullmatch(line)
    if not found or found.group(3)[:1] in "\"'[{|>&*!" or ": " not in found.group(3):
        return None
    indent, key, value = found.groups()
    return f"{indent}{key}: {json.dumps(value.rstrip(), ensure_ascii=False)}"


def _compose(text: str, first_line: int) -> yaml.Node | None:
    """YAML's node tree, with YAML's errors turned into located ``Invalid``."""
    try:
        return yaml.compose(text, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_problem(exc, first_line) from exc
    except yaml.reader.ReaderError as exc:  # a NUL or control character, found before parsing
        line = first_line + text[: exc.position].count("\n")
        raise Invalid("control_character", line, char=f"U+{exc.character:04X}") from exc
    except yaml.YAMLError as exc:
        raise Invalid("yaml_syntax", first_line, detail=str(exc)) from exc


def _refuse_tabs(text: str, first_line: int) -> None:
    """YAML forbids tabs for indentation; say so plainly instead of a parser riddle."""
    for number, line in enumerate(text.split("\n")):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            raise Invalid("yaml_tab", first_line + number)


def _refuse_hidden_breaks(text: str, first_line: int) -> None:
    """YAML breaks lines at U+0085, U+2028 and U+2029, which editors do not show.

    Their lines would be miscounted and their fields split: refuse them, located.

    >>> _refuse_hidden_breaks("title: a\\nsummary: b\\u2028c", 2)
    Traceback (most recent call last):
    rencontres.errors.Invalid: control_character
    """
    found = HIDDEN_BREAK.search(text)
    if found:
        line = first_line + text[: found.start()].count("\n")
        raise Invalid("control_character", line, char=f"U+{ord(found[0]):04X}")


def _yaml_problem(exc: yaml.MarkedYAMLError, first_line: int) -> Invalid:
    """A YAML syntax error in plain words, at the line where the trouble starts."""
    problem = exc.problem or ""
    code = next(
        (c for start, c in YAML_PROBLEMS.items() if problem.startswith(start)), "yaml_syntax"
    )
    if "quoted scalar" in (exc.context or ""):
        code = "yaml_quote"
    opened_here = code in ("yaml_unclosed", "yaml_quote") and exc.context_mark is not None
    mark = exc.context_mark if opened_here else (exc.problem_mark or exc.context_mark)
    return Invalid(code, first_line + (mark.line if mark else 0), detail=problem or "?")


def _refuse_anchors(text: str, first_line: int) -> None:
    """Anchors (``&name``) only serve aliases, which are refused: refuse them too."""
    for event in yaml.parse(text, Loader=YAML_LOADER):
        if getattr(event, "anchor", None) is not None and not isinstance(event, yaml.AliasEvent):
            raise Invalid("yaml_alias", first_line + event.start_mark.line)


def _first_alias_line(text: str) -> int:
    """The 0-based line of the first ``*alias``, found only once an alias was seen."""
    for event in yaml.parse(text, Loader=YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line
    return 0


def _convert(node: yaml.Node, offset: int, seen: set[int], depth: int = 0) -> Node:
    """Turn a composed YAML node into our node; refuse aliases and foreign tags."""
    if id(node) in seen:
        raise Invalid("yaml_alias", offset + node.start_mark.line + 1)
    seen.add(id(node))
    line = offset + node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise Invalid("too_deep", line, limit=MAX_DEPTH)
    if node.tag not in CORE_TAGS:
        raise Invalid("yaml_tag", line, tag=node.tag)
    if isinstance(node, yaml.ScalarNode):
        is_null = not node.style and node.value in NULL_WORDS
        return Scalar(node.value, line, is_null)
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(item, offset, seen, depth + 1) for item in node.value], line)
    return _convert_mapping(node, offset, seen, line, depth)


def _convert_mapping(
    node: yaml.MappingNode, offset: int, seen: set[int], line: int, depth: int
) -> Mapping:
    """Convert a mapping, refusing non-text keys and keys given twice."""
    values: dict[str, Node] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, offset, seen, depth + 1)
        if not isinstance(key, Scalar):
            raise Invalid("yaml_not_mapping", key.line)
        if not FIELD_NAME.fullmatch(key.text):
            raise Invalid(
                "bad_field_name", key.line, value=key.text.encode("unicode_escape").decode()[:40]
            )
        if key.text in values:
            raise Invalid("duplicate_field", key.line, name=key.text, first=key_lines[key.text])
        values[key.text] = _convert(value_node, offset, seen, depth + 1)
        key_lines[key.text] = key.line
    return Mapping(values, key_lines, line, flow=bool(node.flow_style))
