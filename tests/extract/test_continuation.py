"""Continuation quotes: cue-less quotes that go on with the last speaker (our own text)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract import extract_attributions
from sourcecheck.records import Article, Attribution, AttributionKind

if TYPE_CHECKING:
    from spacy.language import Language

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "continuation.py"

#: Floors of the fixture test set (41 quotes): what the rules reach, rounded down.
RECALL_FLOOR = 0.97
SPEAKER_FLOOR = 0.95


def _attributions(nlp: Language, text: str) -> list[Attribution]:
    return list(extract_attributions(Article(text=text), nlp))


def _one(atts: list[Attribution], snippet: str) -> Attribution:
    hits = [a for a in atts if snippet in a.content.text]
    assert len(hits) == 1, [a.content.text for a in atts]
    return hits[0]


def test_second_quote_after_the_cue(nlp: Language) -> None:
    atts = _attributions(
        nlp, '"The talks are over," said Powell. "I am sure they will make the most of it."\n'
    )
    head, cont = _one(atts, "talks are over"), _one(atts, "make the most")
    assert cont.kind is AttributionKind.DIRECT and cont.cue is None
    assert cont.continues == head.id
    assert cont.source is not None and cont.source.name == "Powell"


def test_quote_paragraph_after_a_cue_and_open_quotes(nlp: Language) -> None:
    text = (
        "The budget was tight, Mayor Ruth Hale said.\n\n"
        '"We had no choice. The money was not there.\n\n'
        '"Next year will be better, and I will fight for it."\n\n'
        '"A closed quote at the end of the paragraph before: no continuation."\n'
    )
    atts = _attributions(nlp, text)
    head = next(a for a in atts if a.cue is not None and a.cue.text == "said")
    first, second = _one(atts, "no choice"), _one(atts, "Next year")
    # the chain points at its first attribution, the one with the cue
    assert first.continues == head.id and second.continues == head.id
    assert all(a.continues is None for a in atts if "no continuation" in a.content.text)


def test_no_continuation_after_narration_or_under_another_cue(nlp: Language) -> None:
    text = (
        '"We will appeal," said Ortiz. The court adjourned at noon. "That is final."\n\n'
        'The judge left the room without comment.\n\n"Nobody said anything."\n\n'
        '"We are done," said Ortiz.\n\n"It was fair," the clerk said.\n'
    )
    atts = _attributions(nlp, text)
    assert all(a.continues is None for a in atts)


def test_split_quote_is_one_attribution(nlp: Language) -> None:
    atts = _attributions(nlp, '"I am not an alien," she said, "but I am a mutant."\n')
    assert len(atts) == 1
    assert "alien" in atts[0].content.text and "mutant" in atts[0].content.text
    assert atts[0].continues is None


@pytest.fixture(scope="module")
def bench() -> object:
    spec = importlib.util.spec_from_file_location("continuation_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_fixture_recall_and_speaker_accuracy(nlp: Language, bench: object) -> None:
    scores = bench.score(nlp)  # type: ignore[attr-defined]
    assert scores.expected >= 40
    assert scores.recall >= RECALL_FLOOR, scores.misses
    assert scores.speaker_accuracy >= SPEAKER_FLOOR, scores.misses
    assert scores.false == 0, scores.misses
