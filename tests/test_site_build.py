"""The whole build: goldens, determinism, the demo content, and the English interface."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rencontres.frontmatter import decode, parse_document
from rencontres.loader import load_site
from rencontres.markup import MarkdownRenderer
from rencontres.rendercache import has_cache
from tests.building import (
    FIXTURE_CONTENT,
    FIXTURE_SITEURL,
    GOLDEN_DIR,
    REPO,
    build,
    build_fixture,
    committed_copy,
    tree,
    without_search_index,
)


def test_fixture_site_matches_goldens(fixture_site: Path) -> None:
    built, golden = without_search_index(tree(fixture_site)), tree(GOLDEN_DIR)
    assert sorted(built) == sorted(golden), "pages added or removed: run `make goldens` if intended"
    changed = [name for name in built if built[name] != golden[name]]
    assert not changed, f"output differs from goldens in {changed}: run `make goldens` if intended"


def test_same_input_and_now_give_byte_identical_output(fixture_site: Path, tmp_path: Path) -> None:
    build_fixture(tmp_path / "again", tmp_path)
    assert tree(tmp_path / "again") == tree(fixture_site)


def test_every_demo_event_file_produced_its_page(demo_site: Path) -> None:
    sources = sorted((REPO / "content" / "events").rglob("*.md"))
    pages = sorted(demo_site.glob("events/*/index.html"))
    assert len(sources) >= 40
    assert len(pages) == len(sources)
    built_titles = {_h1(page) for page in pages}
    for source in sources:
        title = parse_document(decode(source.read_bytes())).fields.values["title"].text
        assert " ".join(title.split()) in built_titles, f"{source} has no page"


def test_every_demo_recap_produced_its_page_and_links_its_event(demo_site: Path) -> None:
    site, log = load_site(REPO / "content")
    assert not log
    assert len(site.recaps) >= 8
    for recap in site.recaps:
        html = (demo_site / recap.url / "index.html").read_text()
        assert f'href="../../events/{recap.event}/"' in html
        event_page = (demo_site / "events" / recap.event / "index.html").read_text()
        assert f'href="../../{recap.url}"' in event_page


def test_demo_covers_the_brief(demo_site: Path) -> None:
    site, _ = load_site(REPO / "content")
    assert len({e.region for e in site.events}) >= 8
    assert len({e.series for e in site.events if e.series}) >= 5
    statuses = {e.status for e in site.events}
    assert "cancelled" in statuses
    assert any(e.online and not e.venue for e in site.events), "an online-only event"
    assert any(e.online and e.venue for e in site.events), "a hybrid event"
    assert any(e.all_day and (e.end - e.start).days == 2 for e in site.events), "a weekend barcamp"
    years = {e.start.year for e in site.events}
    assert {2025, 2026, 2027} <= years


def test_region_page_lists_events_of_sub_regions(fixture_site: Path) -> None:
    quebec = (fixture_site / "regions/quebec/index.html").read_text()
    assert "Dîner à Rimouski" in quebec  # rimouski < bas-saint-laurent < quebec
    assert "Soirée Web de décembre" in quebec
    assert "Twunch" not in quebec  # a Paris event


def past_cards(page: str) -> list[str]:
    """The cards under "past events" on a list page."""
    section = page.split("<h2>Rencontres passées</h2>", 1)[1].split("</section>", 1)[0]
    return [card.split("</li>")[0] for card in section.split('<li class="event-card')[1:]]


def test_list_pages_show_the_latest_past_events_and_link_the_archive_for_all(
    fixture_site: Path, tmp_path: Path
) -> None:
    everything = (fixture_site / "regions/quebec/index.html").read_text()
    assert len(past_cards(everything)) == 2 and "/archive/?" not in everything
    build_fixture(tmp_path / "out", tmp_path, EVENTS_PAST_LIMIT=1)
    quebec = (tmp_path / "out/regions/quebec/index.html").read_text()
    assert past_cards(quebec) == past_cards(everything)[:1]  # the most recent one
    assert '/archive/?region=quebec">Toutes les rencontres passées (2), dans les archives' in quebec
    archive = (tmp_path / "out/archive/index.html").read_text()
    regions = re.findall(r'<li data-start="[^"]*" data-end="[^"]*" data-region="([^"]*)"', archive)
    # the archive's filter reads ?region=quebec, offered unless every past event is there
    assert '<option value="quebec">' in archive or all("quebec" in r.split() for r in regions)
    assert len(regions) >= 2


def test_ongoing_event_is_upcoming_not_past(fixture_site: Path) -> None:
    home = (fixture_site / "index.html").read_text()
    archive = (fixture_site / "archive/index.html").read_text()
    assert "Camp de deux jours" in home and "En cours" in home
    assert "Camp de deux jours" not in archive
    assert "Dîner à Rimouski" in archive


def test_cancelled_event_stays_listed_and_marked(fixture_site: Path) -> None:
    home = (fixture_site / "index.html").read_text()
    card = home[
        home.index("Soirée sur la péniche") - 400 : home.index("Soirée sur la péniche") + 200
    ]
    assert "is-cancelled" in card and "Annulé" in card


def test_zone_is_named_only_when_it_differs_from_the_region(fixture_site: Path) -> None:
    online = (fixture_site / "events/2026-12-10-cafe-virtuel/index.html").read_text()
    local = (fixture_site / "events/2026-12-03-soiree-web-de-decembre/index.html").read_text()
    assert (
        "18\xa0h\xa000\xa0– 20\xa0h\xa000 (heure d’Europe centrale, soit 12\xa0h\xa000 heure de"
        in online
    )
    assert 'datetime="2026-12-10T18:00:00+01:00"' in online
    assert "jeudi 3 décembre 2026, 18\xa0h\xa000\xa0– 21\xa0h\xa000</time>" in local


def test_english_interface_through_a_setting(tmp_path: Path) -> None:
    build(FIXTURE_CONTENT, tmp_path / "en", DEFAULT_LANG="en")
    home = (tmp_path / "en/index.html").read_text()
    event = (tmp_path / "en/events/2026-12-03-soiree-web-de-decembre/index.html").read_text()
    assert '<html lang="en">' in home
    assert "Upcoming meetups" in home and "Les prochaines rencontres" not in home
    assert "Thursday, December 3, 2026, 6:00\xa0PM\xa0– 9:00\xa0PM" in event
    assert ">When<" in event and ">Quand<" not in event


def _h1(page: Path) -> str:
    """The plain text of a page's first heading (the event title)."""
    found = re.search(r"<h1>(.*?)</h1>", page.read_text(), re.S)
    assert found, page
    inner = re.sub(r"<span class=\"badge.*?</span>", "", found.group(1))
    return (
        " ".join(re.sub(r"<[^>]+>", "", inner).split()).replace("&#39;", "'").replace("&amp;", "&")
    )


def test_sitemap_robots_canonical_and_sharing_tags(fixture_site: Path) -> None:
    sitemap = (fixture_site / "sitemap.xml").read_text()
    event = "https://rencontres.example.org/communaute/events/2026-12-03-soiree-web-de-decembre/"
    assert f"<url><loc>{event}</loc><lastmod>2026-11-01</lastmod></url>" in sitemap
    assert "reunion-des-benevoles" not in sitemap and "brouillon" not in sitemap  # hidden, draft
    noindex = '<meta name="robots" content="noindex">'
    listed = [p for p in fixture_site.rglob("index.html") if noindex not in p.read_text()]
    assert sitemap.count("<url>") == len(listed)  # all but the hidden page and search/
    assert (
        "Sitemap: https://rencontres.example.org/communaute/sitemap.xml"
        in (fixture_site / "robots.txt").read_text()
    )
    page = (fixture_site / "events/2026-12-03-soiree-web-de-decembre/index.html").read_text()
    assert f'<link rel="canonical" href="{event}">' in page
    assert '<meta property="og:title" content="Soirée Web de décembre · Rencontres">' in page
    hidden = (fixture_site / "events/2026-12-05-reunion-des-benevoles/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in hidden


def test_warm_markdown_cache_renders_nothing_and_changes_no_byte(
    fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_fixture(tmp_path / "cold", tmp_path / "a")
    cache = tmp_path / "cold-cache"
    assert has_cache(cache)

    def refuse(self: MarkdownRenderer, text: str) -> str:
        raise AssertionError(f"rendered again although cached: {text[:40]!r}")

    monkeypatch.setattr(MarkdownRenderer, "render", refuse)
    build_fixture(tmp_path / "warm", tmp_path / "b", CACHE_PATH=str(cache))
    assert tree(tmp_path / "warm") == tree(fixture_site)


def test_rebuild_after_editing_one_event_equals_a_clean_build(tmp_path: Path) -> None:
    content = committed_copy(FIXTURE_CONTENT, tmp_path / "content")
    build(content, tmp_path / "first", SITEURL=FIXTURE_SITEURL)
    edited = sorted((content / "events").rglob("*.md"))[0]
    edited.write_text(edited.read_text() + "\nUn paragraphe *ajouté* après coup.\n")
    warm = tmp_path / "first-cache"
    build(content, tmp_path / "rebuilt", SITEURL=FIXTURE_SITEURL, CACHE_PATH=str(warm))
    build(
        content,
        tmp_path / "clean",
        SITEURL=FIXTURE_SITEURL,
        EVENTS_MARKDOWN_CACHE=False,
        EVENTS_INCREMENTAL=False,
    )
    assert tree(tmp_path / "rebuilt") == tree(tmp_path / "clean")
    assert "paragraphe <em>ajouté</em>" in "".join(
        page.decode() for page in tree(tmp_path / "rebuilt").values() if page.startswith(b"<!")
    )
    assert not (tmp_path / "clean-cache").exists()
