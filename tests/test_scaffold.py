"""The scaffold writes a new event that passes the validator, by flags or by questions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rencontres.loader import load_site
from rencontres.scaffold import main
from tests.building import FIXTURE_CONTENT


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def test_flags_write_a_valid_event(content: Path) -> None:
    code = main([str(content), "--no-input", "--title", 'Atelier "web" : a, b & c',
                 "--start", "2027-02-11 18:30", "--end", "21:00", "--region", "montreal",
                 "--venue-name", "Salle: 2", "--tags", "web, atelier"])  # fmt: skip
    assert code == 0
    site, log = load_site(content)
    assert not log
    (event,) = [e for e in site.events if e.title == 'Atelier "web" : a, b & c']
    assert event.venue.name == "Salle: 2" and event.tags == ("web", "atelier")
    assert (event.start.hour, event.end.hour) == (18, 21)


def test_questions_are_asked_again_until_the_answer_is_valid(content: Path) -> None:
    answers = iter(["Apéro du jeudi", "jeudi prochain", "2027-03-04 19:00", "", "monreal", "montreal",
                    "", "Montréal", "", "", "", "", "gratuit", ""])  # fmt: skip
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(answers)

    assert main([str(content)], ask=ask) == 0
    assert any("montreal" in q and "quebec" in q and "[" in q for q in asked), "regions are offered"
    written = (content / "events/montreal/2027-03-04-apero-du-jeudi.md").read_text()
    assert "start: 2027-03-04 19:00" in written and 'city: "Montréal"' in written


def test_a_missing_required_answer_without_questions_writes_nothing(content: Path) -> None:
    before = sorted(content.rglob("*.md"))
    assert main([str(content), "--no-input", "--title", "Sans date", "--region", "montreal"]) == 2
    assert sorted(content.rglob("*.md")) == before


def test_an_event_that_would_break_the_site_is_not_kept(content: Path) -> None:
    args = [str(content), "--no-input", "--title", "Soirée Web de décembre", "--start", "2026-12-03 18:00",
            "--region", "montreal"]  # fmt: skip
    assert main(args) == 1  # same address as an existing event: the validator refuses it
    assert not (content / "events/montreal/2026-12-03-soiree-web-de-decembre.md").exists()
