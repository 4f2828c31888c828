"""The data-file reader: word lists keep their words."""

from __future__ import annotations

import pathlib

import pytest

from sourcecheck.datafiles import load_yaml

SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "sourcecheck"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[no, on, off, yes, y, n, No, ON]", ["no", "on", "off", "yes", "y", "n", "No", "ON"]),
        ("flag: true", {"flag": True}),
        ("flag: False", {"flag": False}),
        (
            "n: 3\nx: 0.5\nd: 2024-05-06",
            {"n": 3, "x": 0.5, "d": __import__("datetime").date(2024, 5, 6)},
        ),
        ("none: null", {"none": None}),
    ],
)
def test_only_true_and_false_are_booleans(text: str, value: object) -> None:
    assert load_yaml(text) == value


def test_no_shipped_word_list_holds_a_boolean() -> None:
    def booleans(data: object) -> list[bool]:
        if isinstance(data, bool):
            return [data]
        if isinstance(data, dict):
            return [b for v in data.values() for b in booleans(v)]
        if isinstance(data, list):
            return [b for v in data for b in booleans(v)]
        return []

    for path in sorted(SRC.rglob("*.yml")):
        data = load_yaml(path.read_text(encoding="utf-8"))
        lists = [
            v for v in (data.values() if isinstance(data, dict) else []) if isinstance(v, list)
        ]
        assert booleans(lists) == [], path
