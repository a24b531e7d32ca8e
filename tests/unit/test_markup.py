"""Contributors' Markdown: formatting kept, anything that could run code removed."""

from __future__ import annotations

import pytest

from rencontres.markup import (
    MarkdownRenderer,
    demote_headings,
    excerpt,
    plain_text,
    sanitize,
    text_with_links,
)

REL = 'rel="nofollow noopener noreferrer ugc"'


@pytest.fixture(scope="module")
def render():
    return MarkdownRenderer().render


# --- removed ---------------------------------------------------------------------------


def test_script_removed_with_its_content(render):
    html = render(
        "Avant\n\n<script>alert('x')</script>\n\nAprès <script src='https://evil.example/x.js'></script>"
    )
    assert "<script" not in html
    assert "alert" not in html
    assert "evil.example" not in html
    assert "<p>Avant</p>" in html


def test_event_handlers_removed(render):
    html = render(
        '<p onclick="voler()" onmouseover="voler()">Texte</p>\n'
        '\n<img src="images/a.jpg" onerror="voler()">'
    )
    assert "voler" not in html
    assert "<p>Texte</p>" in html
    assert '<img src="images/a.jpg" alt="">' in html  # valid HTML: an image needs an alt


def test_handlers_given_with_attribute_lists_removed(render):
    assert render('# Titre {: onclick="voler()" style="color:red" }') == "<h2>Titre</h2>"


@pytest.mark.parametrize(
    "link",
    [
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">clic</a>',
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
        "[clic](vbscript:msgbox)",
    ],
)
def test_dangerous_links_keep_only_their_text(render, link):
    html = render(link)
    assert html == "<p>clic</p>"


def test_iframes_objects_and_forms_removed(render):
    html = render(
        '<iframe src="https://evil.example/"></iframe>\n\n<object data="x.swf"></object>\n\n'
        '<form action="https://evil.example/"><input name="mdp"></form>\n\nFin'
    )
    for bad in ("<iframe", "<object", "<form", "<input", "evil.example", "x.swf"):
        assert bad not in html
    assert "<p>Fin</p>" in html


def test_style_attributes_and_style_elements_removed(render):
    html = render('<p style="position:fixed;top:0">Texte</p>\n\n<style>body{display:none}</style>')
    assert html.strip() == "<p>Texte</p>"


def test_data_image_removed(render):
    assert render("![x](data:image/svg+xml;base64,PHN2Zz4=)") == '<p><img alt="x"></p>'


# --- kept ------------------------------------------------------------------------------


def test_headings_start_at_h2(render):
    assert render("# Un\n\n## Deux\n\n### Trois\n\n##### Cinq") == (
        "<h2>Un</h2>\n<h3>Deux</h3>\n<h4>Trois</h4>\n<h6>Cinq</h6>"
    )


def test_lists_kept(render):
    assert render("- un\n- deux\n\n1. premier\n2. second") == (
        "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n<ol>\n<li>premier</li>\n<li>second</li>\n</ol>"
    )


def test_links_kept_with_safe_rel(render):
    assert render(
        "[Inscription](https://example.org/inscription) ou [courriel](mailto:a@example.org)"
    ) == (
        f'<p><a href="https://example.org/inscription" {REL}>Inscription</a> ou '
        f'<a href="mailto:a@example.org" {REL}>courriel</a></p>'
    )


def test_images_kept(render):
    assert render('![Le groupe à Beaune](images/beaune-groupe.jpg "Beaune")') == (
        '<p><img alt="Le groupe à Beaune" src="images/beaune-groupe.jpg" title="Beaune"></p>'
    )


def test_tables_kept(render):
    html = render("| Heure | Quoi |\n|---|---|\n| 18 h | Accueil |")
    assert html == (
        "<table>\n<thead>\n<tr>\n<th>Heure</th>\n<th>Quoi</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>18 h</td>\n<td>Accueil</td>\n</tr>\n</tbody>\n</table>"
    )


def test_emphasis_and_blockquote_kept(render):
    assert render("Un *petit* mot **fort**.\n\n> Une citation") == (
        "<p>Un <em>petit</em> mot <strong>fort</strong>.</p>\n"
        "<blockquote>\n<p>Une citation</p>\n</blockquote>"
    )


def test_code_is_escaped_not_run(render):
    assert render("`<script>`") == "<p><code>&lt;script&gt;</code></p>"


def test_renderer_is_reusable_without_leaking_state(render):
    render("Note[^1]\n\n[^1]: Première")
    assert render("Rien") == "<p>Rien</p>"


# --- helpers ---------------------------------------------------------------------------


def test_sanitize_keeps_plain_formatting():
    assert sanitize("<p><em>a</em> <b>b</b></p>") == "<p><em>a</em> <b>b</b></p>"


def test_demote_headings_only_touches_headings():
    assert (
        demote_headings("<header><h1 id='x'>a</h1><hr></header>")
        == "<header><h2 id='x'>a</h2><hr></header>"
    )


def test_plain_text_and_excerpt():
    assert (
        plain_text("<h2>Titre</h2>\n<p>Un <em>petit</em>\n texte &amp; plus</p>")
        == "Titre Un petit texte & plus"
    )
    assert excerpt("un deux trois quatre", 4) == "un deux trois quatre"
    assert excerpt("un deux trois quatre", 3) == "un deux trois…"


def test_a_links_address_is_its_href_not_an_href_written_in_its_title() -> None:
    html = MarkdownRenderer().render('<a title="href=faux" href="https://vrai.example/">lien</a>')
    assert text_with_links(html) == "lien (https://vrai.example/)"
