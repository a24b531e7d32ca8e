"""Every page works deployed under a sub-path: a link checker over the served site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.building import REPO, build
from tests.serving import crawl, serve


@pytest.mark.parametrize("settings_file", ["publishconf.py", "pelicanconf.py"])
def test_no_broken_link_under_a_sub_path(tmp_path: Path, settings_file: str) -> None:
    with serve(tmp_path) as base:
        site_url = f"{base}/community"
        build(REPO / "content", tmp_path / "community", settings_file, SITEURL=site_url)
        seen, broken = crawl(f"{site_url}/")
    assert not broken, broken[:10]
    pages = {
        p.relative_to(tmp_path / "community").as_posix()
        for p in (tmp_path / "community").rglob("*.html")
    }
    reached = {
        url.removeprefix(f"{site_url}/") + ("index.html" if url.endswith("/") else "")
        for url in seen
    }
    assert pages - {"404.html"} <= reached, sorted(pages - reached)[:10]
    assert len(pages) > 100


def test_publish_build_uses_absolute_urls_with_the_sub_path(tmp_path: Path) -> None:
    build(
        REPO / "tests/site/content",
        tmp_path / "out",
        "publishconf.py",
        SITEURL="https://example.org/community",
    )
    home = (tmp_path / "out/index.html").read_text()
    assert 'href="https://example.org/community/regions/"' in home
    assert 'href="https://example.org/community/theme/css/style.css"' in home
    assert 'href="/' not in home


def test_the_link_checker_catches_broken_and_escaping_links(tmp_path: Path) -> None:
    site = tmp_path / "community"
    site.mkdir()
    (site / "index.html").write_text(
        '<a href="ok.html">a</a> <a href="missing/">b</a> <a href="/elsewhere/">c</a>'
    )
    (site / "ok.html").write_text("<p>ok</p>")
    with serve(tmp_path) as base:
        seen, broken = crawl(f"{base}/community/")
    assert f"{base}/community/ok.html" in seen
    assert {link for _, link, _ in broken} == {f"{base}/community/missing/", f"{base}/elsewhere/"}
