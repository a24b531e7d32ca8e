"""What a search indexer reads of a page, to tell whether a rewritten page changed for it.

Pagefind indexes a page's ``data-pagefind-body`` elements but for what is marked
``data-pagefind-ignore`` inside them. An event page lists the next dates of its series
in such a part: an edit of one event's title rewrites every page of its series, and
search would index again every part of the site (at 10,000 events, fourteen seconds)
for pages whose indexed text is the same. A page whose change lies only in ignored
elements is the same page to search.

Conservative by construction: an ignored element that holds another ``data-pagefind-*``
attribute (a filter or a piece of metadata, which Pagefind still reads there) is kept,
everything outside the ignored elements is kept, and a page that cannot be parsed is
a change.

>>> before = b'<html><body><main data-pagefind-body><h1>Soir\\xc3\\xa9e</h1>'
>>> after = before + b'<section data-pagefind-ignore><a href="/b/">Autre</a></section>'
>>> same_to_search(before + b"</main></body></html>", after + b"</main></body></html>")
True
>>> same_to_search(before, before.replace(b"Soir", b"Nuit"))
False
"""

from __future__ import annotations

import hashlib

from lxml import etree, html

IGNORED = "data-pagefind-ignore"
PAGEFIND_ATTRIBUTE = "data-pagefind-"


def same_to_search(before: bytes, after: bytes) -> bool:
    """Whether two versions of a page differ only in elements search ignores."""
    if before == after:
        return True
    first, second = searched_digest(before), searched_digest(after)
    return first is not None and first == second


def searched_digest(page: bytes) -> bytes | None:
    """A digest of the page without its ignored elements; None if it cannot be parsed.

    >>> kept = b'<p>a</p><div data-pagefind-ignore><span data-pagefind-filter="x">b</span></div>'
    >>> searched_digest(kept) == searched_digest(b"<p>a</p>")
    False
    >>> searched_digest(b"") is None
    True
    """
    try:
        root = html.fromstring(page)
    except (etree.ParserError, ValueError):
        return None
    for element in root.xpath(f"//*[@{IGNORED}]"):
        if not _read_by_search(element) and element.getparent() is not None:
            element.drop_tree()
    return hashlib.blake2b(html.tostring(root), digest_size=20).digest()


def _read_by_search(element: html.HtmlElement) -> bool:
    """Whether an ignored element, or one inside it, carries something Pagefind reads."""
    return any(
        name.startswith(PAGEFIND_ATTRIBUTE) and name != IGNORED
        for inner in element.iter(etree.Element)
        for name in inner.attrib
    )
