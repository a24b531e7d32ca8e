"""Serve a folder on 127.0.0.1 and crawl it: the tests' static host and link checker."""

from __future__ import annotations

import functools
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class OpenHandler(QuietHandler):
    """Like GitHub Pages: every file readable from other origins (CORS)."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


@contextmanager
def serve(root: Path, cors: bool = False) -> Iterator[str]:
    """Serve ``root`` on a free loopback port; yield its base URL."""
    handler = functools.partial(OpenHandler if cors else QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Links(HTMLParser):
    """Collects href and src attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(value for name, value in attrs if name in ("href", "src") and value)


def crawl(start: str, limit: int = 5000) -> tuple[set[str], list[tuple[str, str, int]]]:
    """Follow every link under ``start``'s folder; return pages seen and broken links."""
    prefix = start if start.endswith("/") else start + "/"
    seen: set[str] = set()
    broken: list[tuple[str, str, int]] = []
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body, kind = _fetch(url)
        if status != 200:
            broken.append(("?", url, status))
            continue
        if "html" in kind:
            for link in _links(url, body):
                if not link.startswith(prefix):
                    if urlsplit(link).netloc == urlsplit(prefix).netloc:
                        broken.append((url, link, 0))  # escapes the sub-path
                    continue
                queue.append(link)
    return seen, broken


def _fetch(url: str) -> tuple[int, str, str]:
    """Status, text and content type of a URL."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            kind = response.headers.get("Content-Type", "")
            body = response.read().decode("utf-8", "replace") if "html" in kind else ""
            return response.status, body, kind
    except urllib.error.HTTPError as error:
        return error.code, "", ""


def _links(page: str, body: str) -> list[str]:
    """Absolute URLs of a page's links, without fragments."""
    parser = _Links()
    parser.feed(body)
    return [urldefrag(urljoin(page, _as_http(link)))[0] for link in parser.found]


def _as_http(link: str) -> str:
    """A ``webcal://`` subscription is the same file over HTTP: check it like any link."""
    return "http://" + link.removeprefix("webcal://") if link.startswith("webcal://") else link
