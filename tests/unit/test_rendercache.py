"""The Markdown cache: reused across builds, never trusted when damaged or stale."""

from __future__ import annotations

import json
from pathlib import Path

from rencontres.rendercache import CACHE_FILE, RenderCache, renderer_fingerprint


class Counting:
    """A renderer that records what it was asked to render."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> str:
        self.texts.append(text)
        return f"<p>{text}</p>"


def test_a_saved_entry_is_reused_by_the_next_build(tmp_path: Path) -> None:
    first = RenderCache(tmp_path, "v1")
    first.html("Bonjour", Counting())
    first.save()
    render = Counting()
    assert RenderCache(tmp_path, "v1").html("Bonjour", render) == "<p>Bonjour</p>"
    assert render.texts == []


def test_another_renderer_starts_afresh(tmp_path: Path) -> None:
    first = RenderCache(tmp_path, "v1")
    first.html("Bonjour", lambda text: "<p>old</p>")
    first.save()
    render = Counting()
    assert RenderCache(tmp_path, "v2").html("Bonjour", render) == "<p>Bonjour</p>"
    assert render.texts == ["Bonjour"]


def test_only_entries_this_build_used_are_kept(tmp_path: Path) -> None:
    first = RenderCache(tmp_path, "v1")
    for text in ("gone", "kept"):
        first.html(text, Counting())
    first.save()
    second = RenderCache(tmp_path, "v1")
    second.html("kept", Counting())
    second.save()
    saved = json.loads((tmp_path / CACHE_FILE).read_text())
    assert list(saved["html"].values()) == ["<p>kept</p>"]


def test_damaged_files_are_ignored(tmp_path: Path) -> None:
    for damage in (b"{not json", b"\xff\xfe", b"[]", b'{"fingerprint": "v1", "html": 3}'):
        (tmp_path / CACHE_FILE).write_bytes(damage)
        render = Counting()
        assert RenderCache(tmp_path, "v1").html("x", render) == "<p>x</p>"
        assert render.texts == ["x"]


def test_a_wrong_entry_type_is_rendered_again(tmp_path: Path) -> None:
    key = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"  # sha256("x")
    document = {"fingerprint": "v1", "html": {key: ["not", "html"]}}
    (tmp_path / CACHE_FILE).write_text(json.dumps(document))
    assert RenderCache(tmp_path, "v1").html("x", Counting()) == "<p>x</p>"


def test_an_unwritable_folder_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = RenderCache(blocker / "cache", "v1")
    cache.html("x", Counting())
    cache.save()
    assert "cannot write" in cache.problem and "file/cache" in cache.problem


def test_the_fingerprint_is_stable_within_one_installation() -> None:
    assert renderer_fingerprint() == renderer_fingerprint()
    assert len(renderer_fingerprint()) == 64
