"""Located content errors: ``path:line: [field] message``, in French or English."""

from __future__ import annotations

from dataclasses import dataclass, field

from rencontres.messages import MESSAGES

DEFAULT_LANG = "fr"
WARNING_MARK = {"fr": "attention : ", "en": "warning: "}


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file, located to its line and field.

    >>> e = ContentError("content/events/a.md", 3, "strat", "unknown_field_suggest",
    ...                  (("name", "strat"), ("suggestion", "start")))
    >>> str(e)
    'content/events/a.md:3: [strat] champ inconnu « strat » : vouliez-vous dire « start » ?'
    >>> e.format("en")
    "content/events/a.md:3: [strat] unknown field 'strat': did you mean 'start'?"
    """

    path: str
    line: int
    field: str
    code: str
    params: tuple[tuple[str, str], ...] = ()
    severity: str = "error"  # or "warning": reported, but the file still builds

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """The plain-words message, without its location."""
        templates = MESSAGES[self.code]
        return templates.get(lang, templates["fr"]).format(**dict(self.params))

    def format(self, lang: str = DEFAULT_LANG) -> str:
        """The one-line report, ``path:line: [field] message`` (warnings say so)."""
        mark = WARNING_MARK[lang] if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: [{self.field}] {mark}{self.message(lang)}"

    def __str__(self) -> str:
        return self.format()


COUNTED = {
    "fr": {"error": ("erreur", "erreurs"), "file": ("fichier", "fichiers"), "in": "dans"},
    "en": {"error": ("error", "errors"), "file": ("file", "files"), "in": "in"},
}


def counted(number: int, forms: tuple[str, str], lang: str) -> str:
    """A number with its noun; French puts 0 and 1 in the singular.

    >>> counted(1, ("erreur", "erreurs"), "fr"), counted(0, ("error", "errors"), "en")
    ('1 erreur', '0 errors')
    """
    singular = number <= 1 if lang == "fr" else number == 1
    return f"{number} {forms[0] if singular else forms[1]}"


class Invalid(Exception):
    """Raised by a field parser; the caller adds the file and the field."""

    def __init__(self, code: str, line: int | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = {k: str(v) for k, v in params.items()}


@dataclass
class ErrorLog:
    """Collects every error of a run, so that all of them are reported at once."""

    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)

    def add(self, path: str, line: int, field_name: str, code: str, **params: object) -> None:
        """Record one error; ``params`` fill the message template."""
        items = tuple(sorted((k, str(v)) for k, v in params.items()))
        self.errors.append(ContentError(path, line, field_name, code, items))

    def warn(self, path: str, line: int, field_name: str, code: str, **params: object) -> None:
        """Record a warning: worth a look, but the file is valid and builds."""
        items = tuple(sorted((k, str(v)) for k, v in params.items()))
        self.warnings.append(ContentError(path, line, field_name, code, items, "warning"))

    def merge(self, other: ErrorLog) -> None:
        """Take in what another log recorded (another file's, or another process's)."""
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def add_invalid(self, path: str, line: int, field_name: str, exc: Invalid) -> None:
        """Record an error raised by a field parser, at its own line if it has one."""
        self.add(path, exc.line or line, field_name, exc.code, **exc.params)

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        """« 3 erreurs dans 2 fichiers »."""
        words = COUNTED[lang]
        errors = counted(len(self), words["error"], lang)
        return f"{errors} {words['in']} {counted(len(self.files()), words['file'], lang)}"

    def files(self) -> set[str]:
        """The files that have at least one error."""
        return {e.path for e in self.errors}

    def sorted(self) -> list[ContentError]:
        """Errors in a stable order: by file, then line."""
        return sorted(set(self.errors))

    def sorted_warnings(self) -> list[ContentError]:
        """Warnings in a stable order: by file, then line."""
        return sorted(set(self.warnings))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)
