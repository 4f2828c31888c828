"""Recall and speaker accuracy of continuation quotes on our own test set.

The articles in ``tests/fixtures/quotes/*.txt`` (written for the purpose, in wire,
newspaper, blog and transcript styles) and ``continuations.yml`` list each cue-less quote
that continues a speaker. *Recall*: the share found as a continuation (an attribution with
``continues`` set whose content overlaps the quote); *speaker accuracy*: the share of those
found whose resolved source name holds the speaker's surname; *false*: quotes listed under
``not_continuations`` that came out as continuations.

    .venv/bin/python benchmarks/continuation.py
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from spacy.language import Language

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "quotes"


@dataclass(frozen=True, slots=True)
class ContinuationScores:
    """What one run over the test set measured."""

    expected: int
    found: int
    right_speaker: int
    false: int
    misses: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.right_speaker / self.found if self.found else 0.0


def score(nlp: Language, folder: Path = FIXTURES) -> ContinuationScores:
    """Run the extract stage over ``folder``'s articles and score the continuations."""
    from sourcecheck.extract import extract_attributions
    from sourcecheck.records import Article

    data = yaml.safe_load((folder / "continuations.yml").read_text("utf-8"))
    cache: dict[str, tuple[str, list[object]]] = {}

    def run(name: str) -> tuple[str, list[object]]:
        if name not in cache:
            text = (folder / name).read_text("utf-8")
            found = [a for a in extract_attributions(Article(text=text), nlp) if a.continues]
            cache[name] = (text, list(found))
        return cache[name]

    def hit(name: str, snippet: str) -> object | None:
        text, found = run(name)
        at = text.find(snippet)
        if at < 0:
            raise ValueError(f"{name}: {snippet!r} is not in the text")
        for a in found:
            c = a.content  # type: ignore[attr-defined]
            if c.start < at + len(snippet) and at < c.end:
                return a
        return None

    found = right = false = 0
    misses: list[str] = []
    for item in data["continuations"]:
        a = hit(item["file"], item["text"])
        if a is None:
            misses.append(f"{item['file']}: {item['text']} (missed)")
            continue
        found += 1
        name = a.source.name if a.source is not None else None  # type: ignore[attr-defined]
        if name and item["speaker"].split()[-1] in name:
            right += 1
        else:
            misses.append(f"{item['file']}: {item['text']} (speaker {name!r})")
    for item in data.get("not_continuations") or []:
        if hit(item["file"], item["text"]) is not None:
            false += 1
            misses.append(f"{item['file']}: {item['text']} (false continuation)")
    return ContinuationScores(len(data["continuations"]), found, right, false, tuple(misses))


def main() -> None:
    from sourcecheck.extract.nlp import load_model

    scores = score(load_model())
    print(f"continuation quotes: {scores.expected}")
    print(f"recall: {scores.recall:.1%} ({scores.found}/{scores.expected})")
    print(
        f"speaker accuracy: {scores.speaker_accuracy:.1%} ({scores.right_speaker}/{scores.found})"
    )
    print(f"false continuations: {scores.false}")
    for miss in scores.misses:
        print(f"  - {miss}")


if __name__ == "__main__":
    main()
