"""Synthetic content at a chosen size, for the benchmarks: ``python -m benchmarks.generate N DIR``.

Deterministic (seeded): the same N gives the same files. Writes three trees
holding the same Markdown bodies:
- ``DIR/content-rencontres/`` — a Rencontres content folder (regions, series, events, recaps),
  a git repository as organisers keep theirs: each month's events committed a month ahead
  (up to the benchmark's "now"), then the recaps (the build reads the history for
  calendar sequences, identities and the order of feeds);
- ``DIR/pelican/`` — the same events as plain Pelican articles (the baseline);
- ``DIR/hugo/`` — the same events as a Hugo site (the outside reference).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from datetime import date, timedelta
from itertools import groupby
from pathlib import Path

START = date(2017, 11, 1)  # the first commit: the regions and series
LAST_COMMIT = date(2026, 11, 1)  # no commit after the benchmark's "now" (2026-11-21)
REGIONS = {
    # slug: (name, parent, zone)
    "quebec": ("Québec", None, "America/Toronto"),
    "montreal": ("Montréal", "quebec", None),
    "capitale-nationale": ("Capitale-Nationale", "quebec", None),
    "mauricie": ("Mauricie", "quebec", None),
    "estrie": ("Estrie", "quebec", None),
    "outaouais": ("Outaouais", "quebec", None),
    "bas-saint-laurent": ("Bas-Saint-Laurent", "quebec", None),
    "rimouski": ("Rimouski", "bas-saint-laurent", None),
    "matane": ("Matane", "bas-saint-laurent", None),
    "riviere-du-loup": ("Rivière-du-Loup", "bas-saint-laurent", None),
    "france": ("France", None, "Europe/Paris"),
    "ile-de-france": ("Île-de-France", "france", None),
    "paris": ("Paris", "ile-de-france", None),
    "bourgogne": ("Bourgogne", "france", None),
    "dijon": ("Dijon", "bourgogne", None),
    "beaune": ("Beaune", "bourgogne", None),
    "bretagne": ("Bretagne", "france", None),
    "rennes": ("Rennes", "bretagne", None),
    "nouvelle-aquitaine": ("Nouvelle-Aquitaine", "france", None),
    "bordeaux": ("Bordeaux", "nouvelle-aquitaine", None),
}
LEAVES = [s for s in REGIONS if not any(parent == s for _, parent, _ in REGIONS.values())]
WORDS = [
    "rencontre",
    "soirée",
    "réseautage",
    "communauté",
    "échange",
    "café",
    "déjeuner",
    "atelier",
    "présentation",
    "projet",
    "numérique",
    "entrepreneurs",
    "créatifs",
    "québécois",
    "bénévoles",
    "été",
    "hiver",
    "automne",
    "printemps",
    "ville",
    "région",
    "partage",
    "idées",
    "découverte",
    "apéro",
    "twunch",
    "barcamp",
    "conférence",
    "discussion",
    "quartier",
    "fleuve",
    "vignoble",
    "blogueurs",
    "photographes",
    "développeuses",
    "artisans",
    "marché",
    "librairie",
    "péniche",
    "terrasse",
    "saison",
]
TAGS = [f"étiquette-{n}" for n in range(50)]
FIRST_DAY = date(2018, 1, 1)


def paragraph(rng: random.Random, words: int) -> str:
    """A paragraph of French-looking words."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def body(rng: random.Random) -> str:
    """About 300 words: a heading, paragraphs, a list and a link."""
    return "\n\n".join([
        paragraph(rng, 80),
        "## " + paragraph(rng, 5)[:-1],
        paragraph(rng, 90),
        "\n".join(f"- {paragraph(rng, 8)}" for _ in range(4)),
        paragraph(rng, 80) + " Voir [le site](https://example.org/rencontre).",
    ])  # fmt: skip


def events(n: int, rng: random.Random) -> list[dict]:
    """N events spread over ten years, in both zones, 10% of them recurring."""
    found = []
    for index in range(n):
        day = FIRST_DAY + timedelta(days=rng.randrange(3650))
        hour = rng.choice(["08:00", "12:00", "18:00", "18:30"])
        found.append({
            "slug": f"{day:%Y-%m-%d}-rencontre-{index}",
            "title": f"Rencontre {index} : {rng.choice(WORDS)} et {rng.choice(WORDS)}",
            "start": f"{day:%Y-%m-%d} {hour}",
            "day": day,
            "region": rng.choice(LEAVES),
            "series": f"serie-{rng.randrange(50)}" if rng.random() < 0.6 else None,
            "tags": rng.sample(TAGS, rng.randint(1, 3)),
            "recurring": index % 10 == 0,
            "body": body(rng),
        })  # fmt: skip
    return found


def write_rencontres(root: Path, items: list[dict], rng: random.Random) -> None:
    """A Rencontres content folder."""
    (root / "events").mkdir(parents=True)
    (root / "recaps").mkdir()
    regions = []
    for slug, (name, parent, zone) in REGIONS.items():
        lines = [f"{slug}:", f"  name: {name}"]
        lines += [f"  parent: {parent}"] if parent else [f"  timezone: {zone}"]
        regions.append("\n".join(lines))
    (root / "regions.yaml").write_text("\n".join(regions) + "\n")
    series = [f"serie-{n}:\n  name: Série {n}\n  region: {rng.choice(LEAVES)}" for n in range(50)]
    (root / "series.yaml").write_text("\n".join(series) + "\n")
    for item in items:
        lines = ["---", f"title: {item['title']}", f"slug: {item['slug']}"]
        lines += [f"start: {item['start']}",
                 f"region: {item['region']}"]  # fmt: skip
        if item["series"]:
            lines.append(f"series: {item['series']}")
        lines.append("tags: [" + ", ".join(item["tags"]) + "]")
        if item["recurring"]:
            lines.append(f"recurrence: FREQ=MONTHLY;BYMONTHDAY={item['day'].day};COUNT=6")
        (root / "events" / f"{item['slug']}.md").write_text(
            "\n".join([*lines, "---", "", item["body"], ""])
        )
    for index, item in enumerate(
        i for i in items if i["day"] < date(2026, 1, 1) and not i["recurring"]
    ):
        if index % 9 == 0:
            recap = ["---", f"title: Retour sur la rencontre {index}",
                     f"date: {item['day'] + timedelta(days=1)}",
                     f"event: {item['slug']}", "---", "", item["body"], ""]  # fmt: skip
            (root / "recaps" / f"recap-{index}.md").write_text("\n".join(recap))


def commit_by_month(root: Path, items: list[dict]) -> None:
    """Commit the declarations, then each month's events a month ahead, then the recaps."""
    git(root, START, "init", "-q", "-b", "main")
    git(root, START, "add", "regions.yaml", "series.yaml")
    git(root, START, "commit", "-q", "-m", "Régions et séries")
    months = groupby(sorted(items, key=lambda item: item["slug"]), lambda item: item["slug"][:7])
    for month, found in months:
        announced = min(date.fromisoformat(f"{month}-01") - timedelta(days=30), LAST_COMMIT)
        git(root, announced, "add", *(f"events/{item['slug']}.md" for item in found))
        git(root, announced, "commit", "-q", "-m", f"Rencontres de {month}")
    git(root, LAST_COMMIT, "add", "-A")
    git(root, LAST_COMMIT, "commit", "-q", "--allow-empty", "-m", "Récits")


def git(folder: Path, day: date, *args: str) -> None:
    """Run git in ``folder`` with a fixed identity, dated ``day`` (the same N, the same history)."""
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    identity = ["-c", "user.name=Benchmarks", "-c", "user.email=benchmarks@example.org"]
    subprocess.run(["git", "-C", str(folder), *identity, *args], env=env, check=True)


def write_pelican(root: Path, items: list[dict]) -> None:
    """The same bodies as plain Pelican articles."""
    (root / "content").mkdir(parents=True)
    for item in items:
        meta = [f"Title: {item['title']}", f"Date: {item['start']}", f"Category: {item['region']}",
                f"Tags: {', '.join(item['tags'])}", f"Slug: {item['slug']}"]  # fmt: skip
        (root / "content" / f"{item['slug']}.md").write_text(
            "\n".join([*meta, "", item["body"], ""])
        )
    (root / "pelicanconf.py").write_text(
        'SITENAME = "Baseline"\nSITEURL = ""\nPATH = "content"\nTIMEZONE = "Europe/Paris"\n'
        'DEFAULT_LANG = "fr"\nPLUGINS = []\nDEFAULT_PAGINATION = False\n'
    )


def write_hugo(root: Path, items: list[dict]) -> None:
    """The same bodies as a Hugo site (future-dated content included)."""
    (root / "content" / "events").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "Reference"\nbuildFuture = true\n'
        'disableKinds = ["RSS"]\n[taxonomies]\ntag = "tags"\nregion = "regions"\n'
    )
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text(
        "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>"
    )
    (layouts / "list.html").write_text(
        '<html><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul></body></html>"
    )
    for item in items:
        front = ["---", f'title: "{item["title"]}"', f"date: {item['start'].replace(' ', 'T')}:00",
                 f"tags: [{', '.join(item['tags'])}]",
                 f"regions: [{item['region']}]", "---"]  # fmt: skip
        (root / "content" / "events" / f"{item['slug']}.md").write_text(
            "\n".join([*front, "", item["body"], ""])
        )


def main() -> None:
    """Generate the three trees."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    items = events(args.n, random.Random(args.seed))
    write_rencontres(args.folder / "content-rencontres", items, random.Random(args.seed + 1))
    commit_by_month(args.folder / "content-rencontres", items)
    write_pelican(args.folder / "pelican", items)
    write_hugo(args.folder / "hugo", items)
    print(f"{args.n} events written under {args.folder}")


if __name__ == "__main__":
    main()
