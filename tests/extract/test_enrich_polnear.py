"""enrich() on PolNeAR dev gold relations: invariants that must hold on real news text.

The gold Source / Cue / Content spans of a few dev articles are fed to enrich (the span
finder is not involved), and every offset it returns must index the article text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.enrich import enrich
from sourcecheck.extract.paragraphs import parse_paragraphs
from sourcecheck.extract.types import Relation
from sourcecheck.records import Article, Attribution, AttributionKind, SourceKind, Span

if TYPE_CHECKING:
    from spacy.language import Language

ARTICLES = 12  # the first dev articles by name: enough variety, a couple of seconds


def _gold(text: str, ann: Path) -> list[Relation]:
    spans: dict[str, Span] = {}
    relations: list[Relation] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if fields[0].startswith("T"):
            offsets = fields[1].split(" ", 1)[1]
            pieces = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            start, end = min(p[0] for p in pieces), max(p[1] for p in pieces)
            spans[fields[0]] = Span(start, end, text[start:end])
        elif fields[0].startswith("E"):
            roles = dict(r.split(":", 1) for r in fields[1].split()[1:])
            if "Content" not in roles:
                continue
            cue = spans.get(roles.get("Cue", ""))
            source = spans.get(roles.get("Source", ""))
            relations.append(
                Relation(spans[roles["Content"]], AttributionKind.INDIRECT, 0, cue, source)
            )
    return relations


@pytest.fixture(scope="module")
def enriched(shared_dir: Path, nlp: Language) -> list[tuple[str, tuple[Attribution, ...]]]:
    dev = shared_dir / "benchmarks" / "polnear" / "dev"
    if not dev.is_dir():
        pytest.skip(f"{dev} is absent")
    out = []
    for ann in sorted((dev / "attributions").glob("*.ann"))[:ARTICLES]:
        stem = ann.stem.rsplit("_", 1)[0]
        text = (dev / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        relations = _gold(text, ann)
        out.append((text, enrich(Article(text=text), parse_paragraphs(text, nlp), relations)))
    return out


def _spans(a: Attribution) -> list[Span]:
    spans = [a.content]
    spans += [s for s in (a.cue, a.via) if s is not None]
    if a.source is not None:
        s = a.source
        spans += [x for x in (s.span, s.antecedent, s.title, s.jurisdiction) if x is not None]
    spans += [n.span for n in a.numbers] + [t.span for t in a.time_expressions]
    return spans


def test_offsets_index_the_text(enriched: list[tuple[str, tuple[Attribution, ...]]]) -> None:
    checked = 0
    for text, attributions in enriched:
        for a in attributions:
            for span in _spans(a):
                assert text[span.start : span.end] == span.text
                checked += 1
    assert checked > 500


def test_ids_parents_and_antecedents(
    enriched: list[tuple[str, tuple[Attribution, ...]]],
) -> None:
    for _, attributions in enriched:
        ids = [a.id for a in attributions]
        assert len(set(ids)) == len(ids)
        assert all(a.parent in ids and a.parent != a.id for a in attributions if a.parent)
        for a in attributions:
            if a.source is not None and a.source.antecedent is not None:
                s = a.source
                assert s.antecedent is not None
                # Antecedents are earlier mentions (or, for a document, inside the span).
                assert s.antecedent.end <= s.span.start or s.span.contains(s.antecedent)


def test_source_kinds_are_spread(enriched: list[tuple[str, tuple[Attribution, ...]]]) -> None:
    kinds = [a.source.kind for _, atts in enriched for a in atts if a.source is not None]
    share = {k: kinds.count(k) / len(kinds) for k in SourceKind}
    # News attributions are mostly named people; an enricher that labels everything
    # unknown (or everything a person) fails here.
    assert share[SourceKind.PERSON] > 0.35
    assert share[SourceKind.UNKNOWN] < 0.35
    assert share[SourceKind.ORGANISATION] > 0.03
