"""What a search indexer reads of a page, to tell whether a rewritten page changed for it.

Pagefind indexes a page's ``data-pagefind-body`` elements but for what is marked
``data-pagefind-ignore`` inside them. An event page lists the next dates of its series
in such a part: an edit of one event's title rewrites every page of its series, and
search would index again every part of the site (at 10,000 events, fourteen seconds)
for pages whose indexed text is the same. A page whose change lies only in ignored
elements is the same page to search.

Conservative by construction: an ignored element is kept when it holds what Pagefind
still reads there (another ``data-pagefind-*`` attribute: a filter, a piece of metadata;
an ``h1`` or an ``img``, from which it takes a page's title and image when no metadata
names them), everything outside the ignored elements is kept, and a page that cannot be
parsed is a change. Pages that differ before their first ignored element are a change
without being parsed: that is most changes.

>>> before = b'<html><body><main data-pagefind-body><h1>Soir\\xc3\\xa9e</h1>'
>>> after = before + b'<section data-pagefind-ignore><a href="/b/">Autre</a></section>'
>>> same_to_search(before + b"</main></body></html>", after + b"</main></body></html>")
True
>>> same_to_search(before, before.replace(b"Soir", b"Nuit"))
False
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

IGNORED = "data-pagefind-ignore"
PAGEFIND_ATTRIBUTE = "data-pagefind-"
AUTOMATIC_META = {"h1", "img"}  # Pagefind's title and image, found even in ignored elements


def same_to_search(before: bytes, after: bytes) -> bool:
    """Whether two versions of a page differ only in elements search ignores."""
    if before == after:
        return True
    starts = [_first_ignored(page) for page in (before, after)]
    start = min((at for at in starts if at >= 0), default=-1)
    if start < 0 or before[:start] != after[:start]:
        return False  # nothing before the first ignored element is ignored
    first, second = searched_digest(before), searched_digest(after)
    return first is not None and first == second


def _first_ignored(page: bytes) -> int:
    """Where the tag of the first ignored element starts, or -1.

    >>> _first_ignored(b"<p>a</p><div class='x' data-pagefind-ignore>b</div>")
    8
    """
    mark = page.find(IGNORED.encode())
    return page.rfind(b"<", 0, mark) if mark >= 0 else -1


def searched_digest(page: bytes) -> bytes | None:
    """A digest of the page without its ignored elements; None if it cannot be parsed.

    >>> def page(inside: str) -> bytes:
    ...     return f"<html><body><p>a</p><div data-pagefind-ignore>{inside}</div>".encode()
    >>> empty = searched_digest(page(""))
    >>> searched_digest(page("<a href='/b/'>b</a>")) == empty
    True
    >>> searched_digest(page('<span data-pagefind-filter="x">b</span>')) == empty
    False
    >>> searched_digest(page("<img src='b.jpg' alt=''>")) == empty
    False
    >>> searched_digest(page("<h1>b</h1>")) == empty
    False
    >>> searched_digest(b"") is None
    True
    """
    from lxml import etree, html  # here: most builds change no page search reads

    try:
        root = html.fromstring(page)
    except (etree.ParserError, ValueError):
        return None
    for element in root.xpath(f"//*[@{IGNORED}]"):
        if not _read_by_search(element) and element.getparent() is not None:
            element.drop_tree()
    return hashlib.blake2b(html.tostring(root), digest_size=20).digest()


def _read_by_search(element: HtmlElement) -> bool:
    """Whether an ignored element, or one inside it, carries something Pagefind reads
    (comments and processing instructions, whose tag is no name, carry nothing)."""
    return any(
        inner.tag in AUTOMATIC_META
        or any(name.startswith(PAGEFIND_ATTRIBUTE) and name != IGNORED for name in inner.attrib)
        for inner in element.iter()
        if isinstance(inner.tag, str)
    )
