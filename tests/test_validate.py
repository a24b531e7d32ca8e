"""The validator: every check beyond one field, its formats, and --against."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.building import FIXTURE_CONTENT, FROZEN_NOW, REPO, committed_copy, git

VALIDATE = str(REPO / ".venv/bin/rencontres-validate")
EVENT = "---\ntitle: {title}\nstart: {start}\nregion: {region}\n{extra}---\n\nTexte.\n"


def run(content: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    command = [VALIDATE, str(content), "--now", FROZEN_NOW, *args]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=content.parent, env=env, timeout=60
    )


def add(
    content: Path, name: str, title="Ajout", start="2027-01-20 18:00", region="montreal", extra=""
):
    (content / "events" / name).write_text(
        EVENT.format(title=title, start=start, region=region, extra=extra)
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return committed_copy(FIXTURE_CONTENT, tmp_path / "content")


def lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("content/")]


def test_clean_content_passes(content: Path) -> None:
    result = run(content)
    assert result.returncode == 0, result.stderr
    assert "0 erreur dans 0 fichier ; 0 avertissement" in result.stdout


def test_shortened_links_are_errors_on_their_line(content: Path) -> None:
    add(content, "court.md", extra="registration: https://bit.ly/abc\n")
    (content / "events/court.md").write_text(
        (content / "events/court.md").read_text() + "\nVoir https://tinyurl.com/x\n"
    )
    result = run(content)
    assert result.returncode == 1
    assert (
        "content/events/court.md:5: [registration] « https://bit.ly/abc » est un lien raccourci (bit.ly)"
        in result.stderr
    )
    assert (
        "content/events/court.md:10: [body] « https://tinyurl.com/x » est un lien raccourci (tinyurl.com)"
        in result.stderr
    )


def test_images_must_be_real_and_reasonable(content: Path) -> None:
    (content / "images/faux.jpg").write_text("<svg onload=alert(1)>")
    Image.new("RGB", (7000, 10)).save(content / "images/large.png")
    add(content, "faux.md", title="Faux", extra="image: images/faux.jpg\n")
    add(
        content,
        "large.md",
        title="Large",
        start="2027-01-27 18:00",
        extra="image: images/large.png\n",
    )
    out = run(content).stderr
    assert (
        "content/events/faux.md:5: [image] « images/faux.jpg » n'est pas une image JPEG, PNG, GIF ou WebP lisible"
        in out
    )
    assert (
        "content/events/large.md:5: [image] l'image « images/large.png » est trop grande (7000×10)"
        in out
    )


def test_a_venue_far_from_its_region_is_an_error(content: Path) -> None:
    regions = (
        (content / "regions.yaml")
        .read_text()
        .replace(
            "quebec:\n  name: Québec\n",
            "quebec:\n  name: Québec\n  lat: 47.0\n  lon: -71.5\n  radius_km: 900\n",
        )
    )
    (content / "regions.yaml").write_text(regions)
    add(
        content, "signe.md", extra="venue:\n  name: Café\n  lat: 45.5\n  lon: 73.6\n"
    )  # sign of lon forgotten
    out = run(content).stderr
    assert "content/events/signe.md:5: [venue] le lieu (45.5, 73.6) est à" in out
    assert "km de Québec : vérifiez « lat » et « lon »" in out


def test_outside_git_no_event_is_known_to_be_new(tmp_path: Path) -> None:
    """Without a history, whether an event is new cannot be known: a site of years of
    past events would otherwise get a warning for each."""
    content = shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    add(content, "passe.md", title="Passé", start="2026-09-01 18:00")
    add(content, "loin.md", title="Loin", start="2029-01-01 18:00")
    warnings = [line for line in lines(run(content)) if "] attention : " in line]
    assert not [w for w in warnings if "nouveau mais déjà passé" in w]
    assert [w for w in warnings if w.startswith("content/events/loin.md:3: [start] attention")]
    git(content, "init", "-q", "-b", "main")  # a repository without a commit: all is new
    warnings = [line for line in lines(run(content)) if "] attention : " in line]
    assert [w for w in warnings if w.startswith("content/events/passe.md:3: [start] attention")]


def test_a_link_whose_host_cannot_be_read_is_no_crash(content: Path) -> None:
    body = "\n[a](https://[bit.ly/y) [b](https://[x/y) https://[bit.ly/z\n"
    add(content, "lien.md", extra="")
    path = content / "events" / "lien.md"
    path.write_text(path.read_text() + body)
    result = run(content)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


def test_suspect_dates_and_duplicates_are_warnings_that_strict_turns_into_failure(
    content: Path,
) -> None:
    add(content, "passe.md", title="Passé", start="2026-09-01 18:00")
    add(content, "loin.md", title="Loin", start="2029-01-01 18:00")
    add(content, "double.md", title="Soirée Web de décembre!", start="2026-12-04 18:00")
    result = run(content)
    assert result.returncode == 0
    warnings = [line for line in lines(result) if "] attention : " in line]
    assert any(
        w.startswith(
            "content/events/passe.md:3: [start] attention : cet événement est nouveau mais déjà passé"
        )
        for w in warnings
    )
    assert any(
        w.startswith(
            "content/events/loin.md:3: [start] attention : la date 2029-01-01 est à plus de 18 mois"
        )
        for w in warnings
    )
    assert any(
        "content/events/double.md:2: [title] attention : doublon possible de content/events/soiree-decembre.md"
        in w
        for w in warnings
    )
    assert run(content, "--strict").returncode == 1


def test_json_and_github_formats(content: Path) -> None:
    add(content, "typo.md", extra="strat: x\n")
    document = json.loads(run(content, "--format", "json").stdout)  # stdout, even with problems
    (problem,) = [p for p in document["problems"] if p["severity"] == "error"]
    assert problem == {"path": "content/events/typo.md", "line": 5, "field": "strat", "code": "unknown_field_suggest",
                       "severity": "error", "message": "champ inconnu « strat » : vouliez-vous dire « start » ?"}  # fmt: skip
    github = run(content, env={"GITHUB_ACTIONS": "true", "PATH": "/usr/bin:/bin"}).stderr
    assert (
        "::error file=content/events/typo.md,line=5,title=[strat]::champ inconnu « strat »"
        in github
    )


def test_against_refuses_a_lost_event_and_accepts_a_cancelled_or_acknowledged_one(
    content: Path,
) -> None:
    (content / "events/barcamp.md").unlink()
    result = run(content, "--against", "HEAD")
    assert result.returncode == 1
    assert (
        "content/events/barcamp.md:1: [uid] l'événement « Ruralcamp » (identité 2027-05-15-ruralcamp), publié sur HEAD, a disparu"
        in result.stderr
    )
    (content / "removed.yaml").write_text(
        "2027-05-15-ruralcamp: annulé par les organisateurs, doublon\n"
    )
    assert run(content, "--against", "HEAD").returncode == 0
    git(content, "checkout", "-q", "HEAD", "--", "events/barcamp.md")
    (content / "removed.yaml").unlink()
    annule = content / "events/annule.md"  # cancelled at HEAD: its removal needs no notice
    annule.unlink()
    assert run(content, "--against", "HEAD").returncode == 0


def test_against_follows_renames_and_reports_an_unreadable_ref(content: Path) -> None:
    git(content, "mv", "events/barcamp.md", "events/camp-rural.md")
    renamed = (
        (content / "events/camp-rural.md")
        .read_text()
        .replace("title: Ruralcamp", "title: Le camp rural")
    )
    (content / "events/camp-rural.md").write_text(renamed)
    git(content, "commit", "-qam", "rename")
    assert run(content, "--against", "HEAD~1").returncode == 0
    result = run(content, "--against", "no-such-branch")
    assert (
        "content:1: [against] impossible de lire le contenu de « no-such-branch »" in result.stderr
    )


def test_an_image_symlinked_outside_content_is_refused(content: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10)).save(secret)
    (content / "images/lien.png").symlink_to(secret)
    add(content, "lien.md", title="Lien", extra="image: images/lien.png\n")
    out = run(content).stderr
    assert (
        "content/events/lien.md:5: [image] le fichier « images/lien.png » n'existe pas dans content/"
        in out
    )


def test_against_refuses_a_published_event_made_hidden(content: Path) -> None:
    soiree = content / "events/soiree-decembre.md"
    soiree.write_text(
        soiree.read_text().replace("region: montreal\n", "region: montreal\nvisibility: hidden\n")
    )
    result = run(content, "--against", "HEAD")
    assert result.returncode == 1
    assert (
        "content/events/soiree-decembre.md:6: [visibility] cet événement publié ne serait plus annoncé (hidden)"
        in result.stderr
    )


def test_against_refuses_an_upcoming_occurrence_dropped_by_an_exception(content: Path) -> None:
    twunch = content / "events/twunch.md"
    twunch.write_text(
        twunch.read_text().replace("except: [2027-03-26]", "except: [2027-03-26, 2027-01-29]")
    )
    result = run(content, "--against", "HEAD")
    assert result.returncode == 1
    assert (
        "content/events/twunch.md:12: [recurrence] l'occurrence du 2027-01-29, déjà publiée, disparaîtrait"
        in result.stderr
    )
    cancelled = twunch.read_text().replace(
        "except: [2027-03-26, 2027-01-29]", "except: [2027-03-26]"
    )
    cancelled = cancelled.replace(
        "    - date: 2027-04-30\n",
        "    - date: 2027-01-29\n      status: cancelled\n    - date: 2027-04-30\n",
    )
    twunch.write_text(cancelled)
    assert run(content, "--against", "HEAD").returncode == 0  # a cancelled occurrence is announced


def test_body_links_that_would_be_dropped_or_hide_their_target(content: Path) -> None:
    add(content, "liens.md", title="Liens")
    path = content / "events/liens.md"
    path.write_text(
        path.read_text()
        + "\n[plan](file:///C:/plan.pdf) [x](javascript:alert(1))\n\n[court](//bit.ly/x)\n\n[site](www.example.org)\n"
    )
    out = run(content).stderr
    assert (
        "content/events/liens.md:9: [body] le lien « file:///C:/plan.pdf » ne sera pas publié"
        in out
    )
    assert (
        "content/events/liens.md:9: [body] le lien « javascript:alert(1 » ne sera pas publié" in out
    )
    assert "content/events/liens.md:11: [body] « //bit.ly/x » est un lien raccourci (bit.ly)" in out
    assert (
        "content/events/liens.md:13: [body] attention : le lien « www.example.org » n'a pas de https://"
        in out
    )


def test_unread_files_and_wordless_tags_are_reported(content: Path) -> None:
    (content / "events/notes.txt").write_text("à faire")
    add(content, "tags.md", title="Tags", extra="tags: [web, '!!!']\n")
    out = run(content).stderr
    assert "content/events/notes.txt:1: [file] attention : ce fichier ne sera pas publié" in out
    assert "content/events/tags.md:5: [tags] l'étiquette « !!! » n'a ni lettre ni chiffre" in out


def test_a_new_file_taking_a_published_address_is_the_one_refused(content: Path) -> None:
    # "aaa.md" sorts before the published "soiree-decembre.md", but it is the newcomer.
    add(content, "aaa.md", title="Soirée Web de décembre", start="2026-12-03 18:00")
    out = run(content).stderr
    assert (
        "content/events/aaa.md:2: [slug] l'adresse /events/2026-12-03-soiree-web-de-decembre/ est déjà celle de content/events/soiree-decembre.md"
        in out
    )
