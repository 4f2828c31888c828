"""The lexicon learner's selection rule (counts in, YAML out)."""

from __future__ import annotations

from collections import Counter

import yaml

from sourcecheck.evaluation.build_lexicon import Key, NounKey, render, render_nouns


def _counts(rows: list[tuple[str, str, str, int, int]]) -> tuple[Counter[Key], Counter[Key]]:
    hits: Counter[Key] = Counter()
    totals: Counter[Key] = Counter()
    for lemma, frame, subject, hit, total in rows:
        hits[(lemma, frame, subject)] = hit
        totals[(lemma, frame, subject)] = total
    return hits, totals


def test_render_keeps_precise_pairs_and_splits_by_subject() -> None:
    hits, totals = _counts(
        [
            ("say", "ccomp", "", 900, 1000),
            ("say", "ccomp", "speaker", 850, 900),
            ("make", "dobj", "", 10, 1000),  # imprecise: dropped
            ("rare", "ccomp", "", 1, 1),  # too few hits: dropped
            # precise overall but not with a "thing" subject seen often enough
            ("show", "ccomp", "", 300, 600),
            ("show", "ccomp", "speaker", 280, 400),
            ("show", "ccomp", "thing", 20, 200),
        ]
    )
    data = yaml.safe_load(render(hits, totals, min_hits=2, min_precision=0.3, min_support=20))
    assert data["verbs"]["say"] == ["ccomp"]
    assert "make" not in data["verbs"] and "rare" not in data["verbs"]
    assert data["verbs"]["show"] == ["ccomp:none", "ccomp:speaker"]


def test_render_nouns_keeps_precise_frames_and_reads_back_with_the_verbs() -> None:
    hits: Counter[NounKey] = Counter(
        {("claim", "that:poss"): 40, ("claim", "prep_of:none"): 2, ("table", "prep_of:none"): 3}
    )
    totals: Counter[NounKey] = Counter(
        {("claim", "that:poss"): 50, ("claim", "prep_of:none"): 40, ("table", "prep_of:none"): 90}
    )
    verbs = render(*_counts([("say", "ccomp", "", 900, 1000)]), min_hits=2, min_precision=0.3)
    text = verbs + render_nouns(hits, totals, min_hits=3, min_precision=0.4)
    data = yaml.safe_load(text)
    assert data["verbs"] == {"say": ["ccomp"]}
    assert data["nouns"] == {"claim": ["that:poss"]}  # "claim of", "table of": imprecise
