"""Contributors' front-matter text is escaped in every page it reaches."""

from __future__ import annotations

from pathlib import Path

from tests.building import build

HOSTILE = "<script>alert(1)</script> & \"quotes\" 'apostrophe'"


def test_front_matter_text_is_escaped_in_pages(fixture_copy: Path, tmp_path: Path) -> None:
    (fixture_copy / "events/hostile.md").write_text(
        "---\n"
        f"title: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
        "start: 2026-12-20 18:00\n"
        "region: montreal\n"
        f"summary: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
        f"venue: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
        "---\n\nCorps.\n"
    )
    build(fixture_copy, tmp_path / "out")
    pages = list((tmp_path / "out").rglob("*.html"))
    carrying = [p for p in pages if "alert(1)" in p.read_text()]
    assert len(carrying) >= 5  # event, home, region, parent region, calendar month, archive…
    for page in carrying:
        html = page.read_text()
        assert "<script>alert(1)" not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
