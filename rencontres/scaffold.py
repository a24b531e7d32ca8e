"""``rencontres-new-event``: write a new event file that passes the validator.

Asks for what is missing (title, date, region, venue…), offering the declared
regions and series, checks each answer with the same field parsers as the
build, and keeps the file only if the whole site still validates with it.
Every answer can also be given as a flag, for scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from rencontres import fields as f
from rencontres.errors import ContentError, Invalid
from rencontres.frontmatter import Scalar
from rencontres.loader import Site, load_site
from rencontres.review import review
from rencontres.slugs import slugify

QUESTIONS = [
    # (flag, question, parser, required)
    ("title", "Titre de l'événement", f.text, True),
    ("start", "Début (AAAA-MM-JJ HH:MM, ou AAAA-MM-JJ pour toute la journée)", f.moment, True),
    ("end", "Fin (HH:MM le même jour, ou AAAA-MM-JJ HH:MM ; vide : 2 heures)", f.moment, False),
    ("region", "Région", f.text, True),
    ("series", "Série (vide : aucune)", f.text, False),
    ("city", "Ville (vide : aucune)", f.text, False),
    ("venue_name", "Nom du lieu (vide : aucun ou celui de la série)", f.text, False),
    ("venue_address", "Adresse du lieu", f.text, False),
    ("online", "Adresse de la rencontre en ligne (vide : aucune)", f.web_url, False),
    ("tags", "Étiquettes, séparées par des virgules", f.text, False),
    ("price", "Prix (par exemple « gratuit »)", f.text, False),
    ("summary", "Résumé en une ligne", f.text, False),
]
TEMPLATE_BODY = (
    "Décrivez la rencontre ici, en Markdown : le programme, comment venir, qui contacter.\n"
)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Flags for every question, plus ``--no-input`` for scripts."""
    parser = argparse.ArgumentParser(
        prog="rencontres-new-event", description=__doc__.split("\n")[0]
    )
    parser.add_argument("content", nargs="?", default="content", type=Path)
    for flag, question, _, _ in QUESTIONS:
        parser.add_argument(f"--{flag.replace('_', '-')}", dest=flag, help=question)
    parser.add_argument(
        "--no-input", action="store_true", help="never ask: fail if something is missing"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, ask: Callable[[str], str] = input) -> int:
    """Gather the answers, write the file, validate the site, and say where the file is."""
    args = parse_arguments(argv)
    site, log = load_site(args.content)
    if log:
        print(
            "Le contenu a déjà des erreurs : corrigez-les d'abord (make validate).", file=sys.stderr
        )
        return 1
    interactive = (not args.no_input and sys.stdin.isatty()) or ask is not input
    answers = {}
    for flag, question, parser, required in QUESTIONS:
        allowed = _choices(flag, site)
        hint = f" [{', '.join(allowed)}]" if allowed else ""
        check = _one_of(parser, allowed) if allowed else parser
        answer = _answer(
            getattr(args, flag), f"{question}{hint}", check, required, interactive, ask
        )
        if answer is None:
            return 2
        answers[flag] = answer
    return write(args.content, answers)


def _choices(flag: str, site: Site) -> list[str]:
    """The declared regions or series, offered and required for those questions."""
    if flag == "region":
        return list(site.regions.regions)
    if flag == "series":
        return list(site.series)
    return []


def _one_of(parser: Callable, allowed: list[str]) -> Callable:
    """A parser that also requires one of the declared slugs."""

    def parse(node: Scalar, name: str) -> str:
        value = parser(node, name)
        if value not in allowed:
            raise Invalid("unknown_choice", value=value, allowed=", ".join(allowed))
        return value

    return parse


def _answer(given: str | None, question: str, parser: Callable, required: bool, interactive: bool,
            ask: Callable[[str], str]) -> str | None:  # fmt: skip
    """A checked answer: the flag's value, else asked until it is right; "" when skipped."""
    value = given
    while True:
        if value is None:
            if not interactive:
                if required:
                    print(f"il manque : {question}", file=sys.stderr)
                    return None
                return ""
            value = ask(f"{question} : ").strip()
        if not value and not required:
            return ""
        try:
            parser(Scalar(value, 1), "champ")
            return value
        except Invalid as exc:
            print(f"  {ContentError('', 1, '', exc.code, tuple(exc.params.items())).message()}",
                  file=sys.stderr)  # fmt: skip
            if not interactive:
                return None
            value = None


def render(answers: dict[str, str]) -> str:
    """The event file: YAML front matter (free text quoted safely), then a body to fill in."""
    given = {name: value for name, value in answers.items() if value}
    lines = ["---", f"title: {_quoted(given['title'])}"]
    lines += [f"{name}: {given[name]}" for name in ("start", "end", "region") if name in given]
    lines += [f"{name}: {_quoted(given[name])}" for name in ("series", "city") if name in given]
    if "venue_name" in given:
        lines += ["venue:", f"  name: {_quoted(given['venue_name'])}"]
        lines += (
            [f"  address: {_quoted(given['venue_address'])}"] if "venue_address" in given else []
        )
    lines += [f"online: {given['online']}"] if "online" in given else []
    tags = [_quoted(t.strip()) for t in given.get("tags", "").split(",") if t.strip()]
    lines += [f"tags: [{', '.join(tags)}]"] if tags else []
    lines += [f"{name}: {_quoted(given[name])}" for name in ("price", "summary") if name in given]
    return "\n".join([*lines, "---", "", TEMPLATE_BODY])


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): safe for any text."""
    return json.dumps(text, ensure_ascii=False)


def write(content: Path, answers: dict[str, str]) -> int:
    """Write the file where it belongs; keep it only if the site validates with it (reviews too)."""
    day = f.moment(Scalar(answers["start"], 1), "start")
    name = slugify(answers["title"]) or "evenement"
    target = content / "events" / answers["region"] / f"{day:%Y-%m-%d}-{name}.md"
    if target.exists():
        print(f"{target} existe déjà : choisissez un autre titre.", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(answers), encoding="utf-8")
    site, log = load_site(content)
    review(
        site,
        log,
        content,
        datetime.now(UTC),
        {e.uid for e in site.events if e.source != str(target)},
    )
    mine = [
        p
        for p in [*log.sorted(), *log.sorted_warnings()]
        if Path(p.path).resolve() == target.resolve()
    ]
    for problem in mine:
        print(problem.format(), file=sys.stderr)
    if log.errors:
        target.unlink()
        return 1
    print(f"Écrit : {target} — complétez le texte, puis proposez-le par une demande de fusion.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
