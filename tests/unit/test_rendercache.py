"""The Markdown cache: reused across builds, never trusted when damaged or stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rencontres import rendercache
from rencontres.rendercache import (
    CACHE_FOLDER,
    EARLIER_FILE,
    KEYS_FILE,
    RenderCache,
    renderer_fingerprint,
    shard_of,
    text_key,
)


class Counting:
    """A renderer that records what it was asked to render."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> str:
        self.texts.append(text)
        return f"<p>{text}</p>"


def shard_file(folder: Path, text: str) -> Path:
    """The file that keeps a text's HTML."""
    return folder / CACHE_FOLDER / f"{shard_of(text_key(text))}.json"


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
    saved = [json.loads(path.read_text()) for path in (tmp_path / CACHE_FOLDER).iterdir()]
    assert [html for shard in saved for html in shard["html"].values()] == ["<p>kept</p>"]


def test_damaged_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / CACHE_FOLDER).mkdir()
    for damage in (b"{not json", b"\xff\xfe", b"[]", b'{"fingerprint": "v1", "html": 3}'):
        shard_file(tmp_path, "x").write_bytes(damage)
        render = Counting()
        assert RenderCache(tmp_path, "v1").html("x", render) == "<p>x</p>"
        assert render.texts == ["x"]


def test_a_wrong_entry_type_is_rendered_again(tmp_path: Path) -> None:
    key = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"  # sha256("x")
    document = {"fingerprint": "v1", "html": {key: ["not", "html"]}}
    (tmp_path / CACHE_FOLDER).mkdir()
    shard_file(tmp_path, "x").write_text(json.dumps(document))
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


def test_an_edit_rewrites_only_the_files_of_the_texts_it_changed(tmp_path: Path) -> None:
    texts = [f"texte {n}" for n in range(200)]  # in many of the files
    first = RenderCache(tmp_path, "v1")
    for text in texts:
        first.html(text, Counting())
    first.save()
    files = sorted((tmp_path / CACHE_FOLDER).iterdir())
    assert len(files) == len({shard_of(text_key(text)) for text in texts}) > 100
    for path in files:
        os.utime(path, ns=(0, 0))  # marked, to see which are written again
    edited = [*texts[1:], "texte 0, corrigé"]
    second = RenderCache(tmp_path, "v1")
    for text in edited:
        second.html(text, Counting())
    second.save()
    rewritten = {path for path in files if path.stat().st_mtime_ns != 0}
    assert rewritten == {shard_file(tmp_path, texts[0]), shard_file(tmp_path, edited[-1])}
    render = Counting()
    third = RenderCache(tmp_path, "v1")
    assert [third.html(text, render) for text in edited] == [f"<p>{t}</p>" for t in edited]
    assert render.texts == []


def test_the_single_file_of_earlier_builds_is_removed(tmp_path: Path) -> None:
    (tmp_path / EARLIER_FILE).write_text("{}")
    cache = RenderCache(tmp_path, "v1")
    cache.html("x", Counting())
    cache.save()
    assert not (tmp_path / EARLIER_FILE).exists()


def test_a_rebuild_reads_only_the_files_of_the_texts_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [f"texte {n}" for n in range(200)]
    first = RenderCache(tmp_path, "v1")
    for text in texts:
        first.html(text, Counting())
    first.save()
    read: list[Path] = []
    entries = rendercache._entries
    monkeypatch.setattr(
        rendercache, "_entries", lambda path, v: read.append(path) or entries(path, v)
    )
    render = Counting()
    second = RenderCache(tmp_path, "v1")
    assert second.html("texte 5", render) == "<p>texte 5</p>" and render.texts == []
    second.keep(text_key(text) for text in texts)
    second.save()
    assert read == [shard_file(tmp_path, "texte 5")]


def test_a_cache_without_its_list_of_keys_is_read_whole_and_listed_again(tmp_path: Path) -> None:
    first = RenderCache(tmp_path, "v1")
    first.html("Bonjour", Counting())
    first.save()
    (tmp_path / KEYS_FILE).unlink()  # as an earlier version left it
    render = Counting()
    second = RenderCache(tmp_path, "v1")
    assert second.html("Bonjour", render) == "<p>Bonjour</p>" and render.texts == []
    second.save()
    assert (tmp_path / KEYS_FILE).is_file()


def test_a_file_lost_since_the_list_of_keys_is_written_again(tmp_path: Path) -> None:
    texts = [f"texte {n}" for n in range(40)]
    first = RenderCache(tmp_path, "v1")
    for text in texts:
        first.html(text, Counting())
    first.save()
    lost = shard_file(tmp_path, "texte 5")
    lost.unlink()  # the list still names its keys
    second, render = RenderCache(tmp_path, "v1"), Counting()
    assert [second.html(text, render) for text in texts] == [f"<p>{t}</p>" for t in texts]
    assert "texte 5" in render.texts
    second.save()
    third, render = RenderCache(tmp_path, "v1"), Counting()
    assert [third.html(text, render) for text in texts] == [f"<p>{t}</p>" for t in texts]
    assert lost.is_file() and render.texts == []
