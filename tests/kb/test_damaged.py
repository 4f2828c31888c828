"""A damaged knowledge base: a clear error naming the file; a cached copy is rebuilt.

Garbage written into the middle of the file (pages of the terms table) and a truncated file,
for a knowledge base the user named (reported, never touched) and for the cached shipped
one (rebuilt on next use).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import KnowledgeBase, build
from sourcecheck.kb.build import default_kb_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kb"


def _garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xde\xad\xbe\xef" * 2048
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.fixture()
def small_kb(tmp_path: Path) -> Path:
    extra = [FIXTURES / "terms.csv", FIXTURES / "events.csv", FIXTURES / "newsroom.yml"]
    return build(tmp_path / "mine.sqlite", extra=extra, shipped=False)


@pytest.mark.parametrize("damage", [_garble, _truncate], ids=["garbage", "truncated"])
def test_a_damaged_user_kb_is_a_clear_error_and_left_alone(small_kb: Path, damage: object) -> None:
    damage(small_kb)  # type: ignore[operator]
    before = small_kb.read_bytes()
    with pytest.raises(KnowledgeBaseError) as caught:
        kb = KnowledgeBase(small_kb)
        kb.who("Carla Soto")
        kb.terms_in(kb.find_position("President", "Freedonia")[0])
    message = str(caught.value)
    assert str(small_kb) in message and "rebuild" in message
    assert small_kb.read_bytes() == before  # a user's file is never touched


def test_a_damaged_cached_kb_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path))
    path = default_kb_path()
    good = KnowledgeBase(path).stats()
    _garble(path)
    rebuilt = default_kb_path()
    assert rebuilt == path
    assert KnowledgeBase(rebuilt).stats() == good


def test_a_stale_cached_copy_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A copy whose data hash is not this version's (an interrupted upgrade, a copied file).
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path))
    path = default_kb_path()
    other = tmp_path / "other.sqlite"
    build(other, extra=[FIXTURES / "terms.csv"], shipped=False)
    shutil.copyfile(other, path)
    default_kb_path()
    assert KnowledgeBase(path).stats()["terms"] > 40000
