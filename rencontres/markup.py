"""Contributors' Markdown to safe HTML, and HTML to plain text for summaries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import urljoin

import markdown
import nh3

URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer ugc"
HEADING = re.compile(r"<(/?)h([1-5])\b")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")  # not XML
ATTRIBUTES = r'(?:[^>"]|"[^"]*")*?'  # quoted values may hold ">"
LINK_WITHOUT_HREF = re.compile(rf"<a\b(?!{ATTRIBUTES}\bhref=){ATTRIBUTES}>(.*?)</a>", re.DOTALL)
IMAGE_WITHOUT_ALT = re.compile(rf"(<img\b(?!{ATTRIBUTES}\balt=){ATTRIBUTES})\s*/?>")
RELATIVE_LINK = re.compile(r'\b(href|src)="(?![a-z][a-z0-9+.-]*:|#|//)([^"]*)"', re.IGNORECASE)


class MarkdownRenderer:
    """One reusable Markdown converter: building a new one per file is slow."""

    def __init__(self) -> None:
        self._converter = markdown.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )

    def render(self, text: str) -> str:
        """Sanitised HTML whose headings start at ``h2`` (the page owns ``h1``).

        >>> MarkdownRenderer().render("# Salut\\x07\\n\\n<script>x()</script>[a](javascript:x)")
        '<h2>Salut</h2>\\n\\n<p>a</p>'
        """
        html = self._converter.reset().convert(CONTROL.sub("", text))
        return demote_headings(sanitize(html))


def sanitize(html: str) -> str:
    """Keep formatting, links and images; drop scripts, handlers, styles and foreign URLs.

    A link whose address was refused keeps its text, and an image gets an empty
    ``alt`` when it has none, so the result stays valid HTML.

    >>> sanitize('<a href="javascript:x()">a</a> <img src="p.jpg" onerror="x()">')
    'a <img src="p.jpg" alt="">'
    """
    html = nh3.clean(html, url_schemes=URL_SCHEMES, link_rel=LINK_REL)
    return IMAGE_WITHOUT_ALT.sub(r'\1 alt="">', LINK_WITHOUT_HREF.sub(r"\1", html))


def demote_headings(html: str) -> str:
    """Shift every heading one level down.

    >>> demote_headings("<h1>a</h1><h3 id='x'>b</h3>")
    "<h2>a</h2><h4 id='x'>b</h4>"
    """
    return HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", html)


# A comment or declaration, a tag (closing mark, name, attributes), or text up to the next tag.
TOKEN = re.compile(
    r"<!--.*?-->|<[!?][^>]*>"
    r"|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|(<|[^<]+)",
    re.DOTALL,
)
# One attribute of a tag: its name, and its value (double-quoted, single-quoted or bare).
ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def _tokens(html: str) -> Iterator[tuple[str, bool, str, str]]:
    """Each tag (name, closing, attributes) and each text (unescaped), in order.

    A regular expression rather than ``html.parser``: it reads the Markdown of every
    event page's summary and every calendar entry, and is several times faster.

    >>> list(_tokens('<p class="a">x &amp; y</p><!-- c -->'))
    [('p', False, ' class="a"', ''), ('', False, '', 'x & y'), ('p', True, '', '')]
    """
    for match in TOKEN.finditer(html):
        closing, name, attributes, text = match.groups()
        if text is not None:
            yield "", False, "", unescape(text)
        elif name is not None:
            yield name.lower(), closing == "/", attributes, ""


def plain_text(html: str) -> str:
    """The words of an HTML fragment, spaces folded.

    >>> plain_text("<p>Un <em>petit</em>\\n texte &lt;3</p>")
    'Un petit texte <3'
    """
    return " ".join("".join(text for _, _, _, text in _tokens(html)).split())


BLOCKS = {"p", "div", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "ul", "ol"}


class _TextWithLinks:
    """Plain text of an HTML fragment: paragraphs, list items, and links as URLs."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.links: list[tuple[str, int]] = []

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def start(self, tag: str, attributes: str) -> None:
        if tag in BLOCKS or tag == "li":
            self.flush()
        if tag == "li":
            self.current.append("- ")
        elif tag == "br":
            self.current.append(" ")
        elif tag == "a":
            self.links.append((_href(attributes), len("".join(self.current))))

    def end(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, begin = self.links.pop()
            label = "".join(self.current)[begin:].strip()
            if href and href != label:
                self.current.append(f" ({href})")
        elif tag in BLOCKS or tag == "li":
            self.flush()


def _href(attributes: str) -> str:
    """A tag's ``href``, unescaped; empty when it has none. Attributes are read one by one,
    so ``href=`` inside another attribute's value is not taken for it.

    >>> _href(' title="href=faux" HREF="https://a.example/?a=1&amp;b=2"')
    'https://a.example/?a=1&b=2'
    >>> _href(" data-x='1' href=nu"), _href(' title="x"')
    ('nu', '')
    """
    for name, *values in ATTRIBUTE.findall(attributes):
        if name.lower() == "href":
            return unescape(next((v for v in values if v), ""))
    return ""


def text_with_links(html: str) -> str:
    """Plain text for calendars and feeds: no markup left, links kept as URLs.

    >>> text_with_links('<p>Voir <a href="https://a.example/">le site</a>.</p><ul><li>un</li></ul>')
    'Voir le site (https://a.example/).\\n\\n- un'
    """
    reader = _TextWithLinks()
    for tag, closing, attributes, text in _tokens(html):
        if not tag:
            reader.current.append(text)
        elif closing:
            reader.end(tag)
        else:
            reader.start(tag, attributes)
            if attributes.rstrip().endswith("/"):  # <br/>: opened and closed at once
                reader.end(tag)
    reader.flush()
    return "\n\n".join(reader.blocks)


def first_words(html: str, words: int = 30) -> str:
    """``excerpt(plain_text(html), words)``, reading only as far as the words it needs
    (a page's description reads the start of its event's text, 10,000 times).

    Reading stops two words past ``words``: only the last word read may go on in the
    next text, so the words kept are whole, and there are more (an ellipsis).

    >>> first_words("<p>un <em>de</em>ux trois</p><p>quatre cinq</p>", 2)
    'un deux…'
    >>> html = "<p>un</p>\\n<p>deux <em>tr</em>ois</p>"
    >>> [first_words(html, n) == excerpt(plain_text(html), n) for n in range(5)]
    [True, True, True, True, True]
    """
    read: list[str] = []
    for _, _, _, text in _tokens(html):
        read.append(text)
        if text and len("".join(read).split()) >= words + 2:
            break
    return excerpt("".join(read), words)


def excerpt(text: str, words: int = 30) -> str:
    """The first words of a text, with an ellipsis when cut.

    >>> excerpt("un deux trois", 2)
    'un deux…'
    """
    cut = text.split()
    return " ".join(cut[:words]) + ("…" if len(cut) > words else "")


def absolute_links(html: str, page: str) -> str:
    """Make relative links and image sources absolute, as feed readers need.

    >>> absolute_links('<a href="../x/">x</a> <a href="https://a.org/">a</a>', "https://s.org/e/1/")
    '<a href="https://s.org/e/x/">x</a> <a href="https://a.org/">a</a>'
    """
    return RELATIVE_LINK.sub(lambda m: f'{m[1]}="{urljoin(page, m[2])}"', html)
