"""expand_inputs: directories → their article files, everything else as given."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcecheck.ingest import expand_inputs


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    files = [
        "b.txt",
        "a.html",
        "C.HTM",
        "notes.md",
        "image.png",
        ".hidden.txt",
        "sub/z.txt",
        "sub/deeper/y.htm",
        "sub/a.txt",
        ".git/ignored.txt",
        "sub/.cache/ignored.html",
        "aa/x.txt",
    ]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    return tmp_path


def test_directory_is_expanded_recursively_sorted_without_hidden(tree: Path) -> None:
    expanded = expand_inputs([str(tree)])
    relative = [Path(p).relative_to(tree).as_posix() for p in expanded]
    assert relative == [
        "C.HTM",
        "a.html",
        "aa/x.txt",
        "b.txt",
        "sub/a.txt",
        "sub/deeper/y.htm",
        "sub/z.txt",
    ]


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (["-"], ["-"]),
        (["missing.txt"], ["missing.txt"]),
        (["notes.md"], ["notes.md"]),
        (["b.txt", "-", "b.txt"], ["b.txt", "-", "b.txt"]),
        (["sub/deeper", "b.txt"], ["sub/deeper/y.htm", "b.txt"]),
        (["empty"], ["empty"]),
        ([], []),
    ],
)
def test_names_are_kept_as_given(
    tree: Path, monkeypatch: pytest.MonkeyPatch, inputs: list[str], expected: list[str]
) -> None:
    monkeypatch.chdir(tree)
    assert expand_inputs(inputs) == expected
