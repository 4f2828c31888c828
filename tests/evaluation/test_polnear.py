"""PolNeAR reader and scorer on tiny brat files, plus the CI quality gate on dev."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sourcecheck.errors import EvaluationError
from sourcecheck.evaluation.polnear import (
    PRF,
    GoldAttribution,
    GoldSpan,
    evaluate,
    load_split,
    parse_ann,
    score_document,
    score_spans,
    scores_table,
)

if TYPE_CHECKING:
    from spacy.language import Language

#: Overlap F1 on PolNeAR dev when the floors were set (0.768, 0.763, 0.786), rounded DOWN.
FLOOR_SOURCE = 0.76
FLOOR_CUE = 0.76
FLOOR_CONTENT = 0.78

TEXT = "The mayor said the bridge will close. Officials disagree, the paper reported."


def span(*fragments: tuple[int, int]) -> GoldSpan:
    return GoldSpan(tuple(fragments))


def write_split(root: Path, docs: dict[str, tuple[str, dict[str, str]]]) -> Path:
    """``docs``: name → (text, {annotator: ann text})."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, (text, anns) in docs.items():
        (root / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        for annotator, ann in anns.items():
            (root / "attributions" / f"{name}_{annotator}.ann").write_text(ann, encoding="utf-8")
    return root


ANN = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 36\tthe bridge will close\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 38 56;58 60\tOfficials disagree th\n"
    "T6\tCue 68 76\treported\n"
    "T7\tAttribution-no-source 68 76\treported\n"
    "E2\tAttribution-no-source:T7 Content:T5 Cue:T6\n"
    "E3\tAttribution-no-source:T7 \n"
)


def test_parse_ann_ties_events_and_discontinuous_spans() -> None:
    first, second = parse_ann(ANN)
    assert first.source == span((0, 9))
    assert first.cue == span((10, 14))
    assert second.source is None
    assert second.content == span((38, 56), (58, 60))


def test_parse_ann_merges_content2_and_skips_continuation_lines() -> None:
    ann = (
        "T1\tContent 0 4;5 9\tThe\nmayor\n"
        "T2\tCue 10 14\tsaid\n"
        "T3\tContent 15 20\tthe b\n"
        "T4\tAttribution 10 14\tsaid\n"
        "E1\tAttribution:T4 Cue:T2 Content:T1 Content2:T3\n"
    )
    (attribution,) = parse_ann(ann)
    assert attribution.content == span((0, 4), (5, 9), (15, 20))


def test_parse_ann_rejects_unknown_reference() -> None:
    with pytest.raises(EvaluationError, match="unknown id"):
        parse_ann("E1\tAttribution:T9 Cue:T8\n", "x.ann")


@pytest.mark.parametrize(
    ("gold", "pred", "exact", "overlap"),
    [
        pytest.param(span((15, 36)), span((15, 36)), 1, 1, id="same"),
        pytest.param(span((15, 36)), span((14, 37)), 1, 1, id="edge-space-and-period"),
        pytest.param(span((15, 36)), span((19, 36)), 0, 1, id="overlap-only"),
        pytest.param(span((15, 36)), span((38, 56)), 0, 0, id="disjoint"),
        pytest.param(span((38, 56), (58, 60)), span((38, 60)), 0, 1, id="discontinuous-gold"),
        pytest.param(span((38, 57), (58, 60)), span((38, 56), (58, 60)), 1, 1, id="frag-edges"),
    ],
)
def test_exact_versus_overlap(gold: GoldSpan, pred: GoldSpan, exact: int, overlap: int) -> None:
    e, o = score_spans([gold], [pred], TEXT)
    assert (e.matched, o.matched) == (exact, overlap)
    assert (e.gold, e.predicted) == (1, 1)


def test_overlap_matching_is_one_to_one() -> None:
    gold = [span((0, 9)), span((10, 14))]
    # one long prediction overlapping both gold spans counts once
    _, overlap = score_spans(gold, [span((0, 14))], TEXT)
    assert overlap == PRF(1, 1, 2)
    # greedy by overlap size: the big prediction takes the big gold span
    _, overlap = score_spans(gold, [span((0, 12)), span((12, 14))], TEXT)
    assert overlap.matched == 2


def test_attribution_level_needs_every_gold_field() -> None:
    gold = [GoldAttribution(span((0, 9)), span((10, 14)), span((15, 36)))]
    right = GoldAttribution(span((4, 9)), span((10, 14)), span((15, 20)))
    wrong_source = GoldAttribution(span((38, 47)), span((10, 14)), span((15, 36)))
    no_source_needed = [GoldAttribution(None, span((68, 76)), span((38, 56)))]
    assert score_document(gold, [right], TEXT)[2] == PRF(1, 1, 1)
    assert score_document(gold, [wrong_source], TEXT)[2] == PRF(0, 1, 1)
    pred = [GoldAttribution(span((0, 9)), span((68, 76)), span((38, 50)))]
    assert score_document(no_source_needed, pred, TEXT)[2] == PRF(1, 1, 1)


def test_prf_rates() -> None:
    prf = PRF(matched=3, predicted=4, gold=6)
    assert prf.precision == 0.75
    assert prf.recall == 0.5
    assert prf.f1 == pytest.approx(0.6)
    assert PRF(0, 0, 0).f1 == 0.0


def test_load_split_uses_first_annotator(tmp_path: Path) -> None:
    other = "T1\tCue 68 76\treported\nT2\tContent 0 36\tx\nE1\tAttribution:T1 Cue:T1 Content:T2\n"
    root = write_split(tmp_path / "dev", {"doc1": (TEXT, {"d473": other, "4b22": ANN})})
    (document,) = load_split(root)
    assert document.annotator == "4b22"
    assert len(document.attributions) == 2


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        pytest.param("missing", "not a directory", id="missing-dir"),
        pytest.param("no-attributions", "attributions", id="no-attributions"),
        pytest.param("empty", "no .ann files", id="empty"),
        pytest.param("bad-name", "must be named", id="bad-name"),
        pytest.param("no-text", "no matching text file", id="no-text"),
        pytest.param("bad-offsets", "bad brat offsets", id="bad-offsets"),
        pytest.param("past-end", "runs past the end", id="past-end"),
    ],
)
def test_malformed_split_dir(tmp_path: Path, layout: str, message: str) -> None:
    root = tmp_path / "split"
    if layout != "missing":
        (root / "text").mkdir(parents=True)
        if layout != "no-attributions":
            (root / "attributions").mkdir()
    ann_dir = root / "attributions"
    if layout == "bad-name":
        (ann_dir / "doc.ann").write_text(ANN)
    elif layout in ("no-text", "bad-offsets", "past-end"):
        ann = {"no-text": ANN, "bad-offsets": "T1\tCue 10 x\tsaid\n", "past-end": ANN}[layout]
        (ann_dir / "doc_4b22.ann").write_text(ann)
        if layout != "no-text":
            (root / "text" / "doc.txt").write_text(TEXT[:20] if layout == "past-end" else TEXT)
    with pytest.raises(EvaluationError, match=message):
        load_split(root)


def test_evaluate_end_to_end(tmp_path: Path, nlp: Language) -> None:
    root = write_split(tmp_path / "dev", {"doc1": (TEXT, {"4b22": ANN})})
    seen: list[tuple[int, int]] = []
    scores = evaluate(root, nlp=nlp, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 1)]
    assert scores.documents == 1 and scores.gold_relations == 2
    assert scores.overlap.cue.matched >= 1
    data = json.loads(json.dumps(scores.to_dict()))
    assert set(data["overlap"]) == {"source", "cue", "content"}
    assert scores_table(scores).row_count == 7


def test_evaluate_counts_categories(tmp_path: Path, nlp: Language) -> None:
    """Per category: predicted attributions, and the gold-matched ones among them."""
    text = TEXT + " Some voters view the plan as a mistake."
    root = write_split(tmp_path / "dev", {"doc1": (text, {"4b22": ANN})})
    scores = evaluate(root, nlp=nlp)
    predicted = dict(scores.predicted_by_category)
    matched = dict(scores.matched_by_category)
    assert list(predicted) == ["speech", "document", "belief", "other"] == list(matched)
    assert sum(predicted.values()) == scores.predicted_relations
    assert sum(matched.values()) == scores.attribution.matched
    assert predicted["speech"] >= 1 and matched["speech"] >= 1  # "The mayor said"
    assert predicted["belief"] == 1 and matched["belief"] == 0  # "view": no gold for it
    data = json.loads(json.dumps(scores.to_dict()))
    assert data["by_category"] == {"predicted": predicted, "matched": matched}
    caption = str(scores_table(scores).caption)
    assert caption.startswith("by category (predicted / gold-matched): speech ")
    assert f"belief {predicted['belief']}/0" in caption


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_dev_quality_gate(shared_dir: Path, nlp: Language) -> None:
    split = shared_dir / "benchmarks" / "polnear" / "dev"
    if not split.is_dir():
        pytest.skip(f"{split} is absent")
    scores = evaluate(split, nlp=nlp)
    assert scores.documents == 84
    assert scores.overlap.source.f1 >= FLOOR_SOURCE
    assert scores.overlap.cue.f1 >= FLOOR_CUE
    assert scores.overlap.content.f1 >= FLOOR_CONTENT
