"""PolNeAR evaluation: read a split's brat standoff annotations and score the span finder.

A split directory holds ``text/<doc>.txt`` and ``attributions/<doc>_<annotator>.ann``.
Some documents (those used to measure agreement) were annotated by several annotators;
we score against ONE annotation per document: the file whose annotator id sorts first.
The ids in ``metadata.tsv``'s ``annotators`` column are listed in that same sorted order
(``4b22|4e07|5fec|…``), so "first in sorted order" is also "first listed in the metadata".

Scores (see :class:`PolnearScores`):

* per field (source, cue, content), *exact*: a predicted span matches a gold span when both
  cover the same characters once edge punctuation and spaces are stripped (from each
  fragment of a discontinuous span);
* per field, *overlap*: they share at least one character; matching is one-to-one,
  greedy by overlap size;
* attribution level (overlap): a predicted relation matches a gold one when cue, content
  and — where the gold has one — source all overlap; one-to-one, greedy.

Besides the scores: how many predicted attributions fall in each category (speech,
document, belief, other; see :mod:`sourcecheck.extract.category`), and how many of the
gold-matched ones (attribution level) do.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sourcecheck.errors import EvaluationError
from sourcecheck.records import Category

if TYPE_CHECKING:
    from rich.table import Table
    from spacy.language import Language

    from sourcecheck.extract.types import Paragraph, Relation

#: The three span fields that are scored.
FIELDS = ("source", "cue", "content")

#: Characters dropped from both edges of every span before exact comparison.
EDGE_CHARS = " \t\r\n.,;:!?\"'“”‘’«»()[]—–-…"

_FILE_RE = re.compile(r"^(?P<doc>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
_LINE_RE = re.compile(r"^[TE]\d+\t")
_SPAN_TYPES = {"Source", "Cue", "Content"}


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A possibly discontinuous span: ``fragments`` are ``(start, end)`` pairs, end-exclusive."""

    fragments: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        """Offset of the first character."""
        return min(s for s, _ in self.fragments)

    @property
    def end(self) -> int:
        """Offset just past the last character."""
        return max(e for _, e in self.fragments)


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution relation (any of its spans may be missing)."""

    source: GoldSpan | None
    cue: GoldSpan | None
    content: GoldSpan | None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A PolNeAR document and the annotation chosen for it."""

    name: str
    annotator: str
    text: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 with the counts they come from."""

    matched: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """Matched / predicted (0 when nothing was predicted)."""
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Matched / gold (0 when there is no gold)."""
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.matched + other.matched,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )

    def to_dict(self) -> dict[str, float | int]:
        """Counts and rates, rounded to four decimals."""
        return {
            "matched": self.matched,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class FieldScores:
    """Scores of the source, cue and content spans under one matching mode."""

    source: PRF
    cue: PRF
    content: PRF

    def __add__(self, other: FieldScores) -> FieldScores:
        return FieldScores(
            self.source + other.source, self.cue + other.cue, self.content + other.content
        )

    def get(self, field: str) -> PRF:
        """The score of ``field`` (one of :data:`FIELDS`)."""
        if field not in FIELDS:
            raise KeyError(field)
        result: PRF = getattr(self, field)
        return result


_EMPTY = PRF(0, 0, 0)
_EMPTY_FIELDS = FieldScores(_EMPTY, _EMPTY, _EMPTY)


@dataclass(frozen=True, slots=True)
class PolnearScores:
    """Everything one evaluation run measured.

    Attributes:
        split: The split directory evaluated.
        documents: Number of documents scored.
        gold_relations: Gold attributions (with a cue or content).
        predicted_relations: Relations the span finder returned.
        exact: Per-field scores, exact matching.
        overlap: Per-field scores, overlap matching.
        attribution: Relation-level overlap scores.
        seconds: Wall-clock time of the extraction (parse + span finding).
        predicted_by_category: Predicted attributions per category (every category listed).
        matched_by_category: Gold-matched predicted attributions (attribution level) per
            category.
    """

    split: str
    documents: int
    gold_relations: int
    predicted_relations: int
    exact: FieldScores
    overlap: FieldScores
    attribution: PRF
    seconds: float
    predicted_by_category: tuple[tuple[str, int], ...] = ()
    matched_by_category: tuple[tuple[str, int], ...] = ()

    @property
    def articles_per_second(self) -> float:
        """Extraction throughput."""
        return self.documents / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping of every figure."""
        return {
            "split": self.split,
            "documents": self.documents,
            "gold_relations": self.gold_relations,
            "predicted_relations": self.predicted_relations,
            "exact": {f: self.exact.get(f).to_dict() for f in FIELDS},
            "overlap": {f: self.overlap.get(f).to_dict() for f in FIELDS},
            "attribution": self.attribution.to_dict(),
            "by_category": {
                "predicted": dict(self.predicted_by_category),
                "matched": dict(self.matched_by_category),
            },
            "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.articles_per_second, 2),
        }


# --------------------------------------------------------------------------- reading


def _parse_fragments(offsets: str, where: str) -> tuple[tuple[int, int], ...]:
    fragments: list[tuple[int, int]] = []
    for part in offsets.split(";"):
        bits = part.split()
        if len(bits) != 2 or not all(b.isdigit() for b in bits):
            raise EvaluationError(
                f"{where}: bad brat offsets {offsets!r}; expected 'start end[;start end…]'"
            )
        start, end = int(bits[0]), int(bits[1])
        if end < start:
            raise EvaluationError(f"{where}: span end {end} before start {start}")
        fragments.append((start, end))
    return tuple(sorted(fragments))


def parse_ann(text: str, where: str = "<ann>") -> tuple[GoldAttribution, ...]:
    """Parse one brat ``.ann`` file into attributions (``E`` lines tie the spans).

    ``Content2`` (and any further numbered role) is merged into the content span.

    Raises:
        EvaluationError: On a malformed line or a reference to an unknown ``T`` id.
    """
    spans: dict[str, tuple[str, GoldSpan]] = {}
    events: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not _LINE_RE.match(line):
            continue  # a blank line, a comment, or the next line of a span text holding "\n"
        fields = line.split("\t")
        if line.startswith("T"):
            if len(fields) < 2 or " " not in fields[1]:
                raise EvaluationError(f"{where}:{lineno}: malformed text-bound line {line!r}")
            label, offsets = fields[1].split(" ", 1)
            spans[fields[0]] = (label, GoldSpan(_parse_fragments(offsets, f"{where}:{lineno}")))
        elif line.startswith("E"):
            if len(fields) < 2:
                raise EvaluationError(f"{where}:{lineno}: malformed event line {line!r}")
            events.append((lineno, fields[1].split()))
    result: list[GoldAttribution] = []
    for lineno, args in events:
        roles: dict[str, list[GoldSpan]] = {}
        for arg in args:
            role, _, ref = arg.partition(":")
            if ref not in spans:
                raise EvaluationError(f"{where}:{lineno}: event refers to unknown id {ref!r}")
            base = role.rstrip("0123456789")
            if base in _SPAN_TYPES:
                roles.setdefault(base, []).append(spans[ref][1])
        if "Cue" not in roles and "Content" not in roles:
            continue  # an empty Attribution-no-source stub

        def merged(role: str, roles: dict[str, list[GoldSpan]] = roles) -> GoldSpan | None:
            parts = roles.get(role)
            if not parts:
                return None
            return GoldSpan(tuple(sorted(f for p in parts for f in p.fragments)))

        result.append(GoldAttribution(merged("Source"), merged("Cue"), merged("Content")))
    result.sort(key=lambda a: min(s.start for s in (a.cue, a.content, a.source) if s))
    return tuple(result)


def load_split(split_dir: Path) -> list[GoldDocument]:
    """Read every document of a PolNeAR split (``text/`` + ``attributions/``).

    Raises:
        EvaluationError: When the directory, its sub-directories or a text file is missing,
            or an annotation file is malformed.
    """
    text_dir, ann_dir = split_dir / "text", split_dir / "attributions"
    for needed in (split_dir, text_dir, ann_dir):
        if not needed.is_dir():
            raise EvaluationError(
                f"{needed} is not a directory; a PolNeAR split dir must contain text/ and "
                "attributions/ (e.g. PolNeAR's data/dev); pass the split directory itself"
            )
    chosen: dict[str, tuple[str, Path]] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        match = _FILE_RE.match(path.name)
        if match is None:
            raise EvaluationError(
                f"{path}: annotation files must be named <doc>_<annotator>.ann "
                "(annotator = 4 hex digits)"
            )
        doc, annotator = match["doc"], match["annotator"]
        if doc not in chosen or annotator < chosen[doc][0]:
            chosen[doc] = (annotator, path)
    if not chosen:
        raise EvaluationError(f"{ann_dir} holds no .ann files; is this a PolNeAR split dir?")
    documents: list[GoldDocument] = []
    for doc, (annotator, path) in sorted(chosen.items()):
        text_path = text_dir / f"{doc}.txt"
        if not text_path.is_file():
            raise EvaluationError(f"{path} has no matching text file {text_path}")
        text = text_path.read_text(encoding="utf-8")
        attributions = parse_ann(path.read_text(encoding="utf-8"), str(path))
        for attribution in attributions:
            for span in (attribution.source, attribution.cue, attribution.content):
                if span is not None and span.end > len(text):
                    raise EvaluationError(
                        f"{path}: span {span.fragments} runs past the end of {text_path} "
                        f"({len(text)} characters)"
                    )
        documents.append(GoldDocument(doc, annotator, text, attributions))
    return documents


# --------------------------------------------------------------------------- scoring


def _chars(span: GoldSpan) -> frozenset[int]:
    return frozenset(i for s, e in span.fragments for i in range(s, e))


def _core(span: GoldSpan, text: str) -> frozenset[int]:
    """The span's characters once edge punctuation and spaces are stripped per fragment."""
    chars: set[int] = set()
    for start, end in span.fragments:
        while start < end and text[start] in EDGE_CHARS:
            start += 1
        while end > start and text[end - 1] in EDGE_CHARS:
            end -= 1
        chars.update(range(start, end))
    return frozenset(chars)


def _greedy_matched(pairs: Iterable[tuple[int, int, int]]) -> set[int]:
    """The predictions of a one-to-one matching chosen greedily from ``(weight, gold, pred)``."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, g, p in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
    return used_pred


def _greedy(pairs: Iterable[tuple[int, int, int]]) -> int:
    """Size of a one-to-one matching chosen greedily from ``(weight, gold, pred)`` pairs."""
    return len(_greedy_matched(pairs))


def score_spans(
    gold: Sequence[GoldSpan], predicted: Sequence[GoldSpan], text: str
) -> tuple[PRF, PRF]:
    """Exact and overlap scores of one field in one document."""
    gold_core = [_core(g, text) for g in gold]
    pred_core = [_core(p, text) for p in predicted]
    exact_pairs = [
        (1, gi, pi)
        for gi, g in enumerate(gold_core)
        for pi, p in enumerate(pred_core)
        if g and g == p
    ]
    gold_chars = [_chars(g) for g in gold]
    pred_chars = [_chars(p) for p in predicted]
    overlap_pairs = [
        (len(g & p), gi, pi)
        for gi, g in enumerate(gold_chars)
        for pi, p in enumerate(pred_chars)
        if g & p
    ]
    n_gold, n_pred = len(gold), len(predicted)
    return (
        PRF(_greedy(exact_pairs), n_pred, n_gold),
        PRF(_greedy(overlap_pairs), n_pred, n_gold),
    )


def score_document(
    gold: Sequence[GoldAttribution], predicted: Sequence[GoldAttribution], text: str
) -> tuple[FieldScores, FieldScores, PRF]:
    """Exact per-field, overlap per-field and attribution-level scores of one document."""
    exact: dict[str, PRF] = {}
    overlap: dict[str, PRF] = {}
    for field in FIELDS:
        gold_spans = [s for a in gold if (s := getattr(a, field)) is not None]
        pred_spans = [s for a in predicted if (s := getattr(a, field)) is not None]
        exact[field], overlap[field] = score_spans(gold_spans, pred_spans, text)
    attribution = PRF(len(matched_predictions(gold, predicted)), len(predicted), len(gold))
    return FieldScores(**exact), FieldScores(**overlap), attribution


def matched_predictions(
    gold: Sequence[GoldAttribution], predicted: Sequence[GoldAttribution]
) -> set[int]:
    """Indices of the predictions matched to a gold attribution (attribution level)."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            weight = 0
            for field in FIELDS:
                g_span, p_span = getattr(g, field), getattr(p, field)
                if g_span is None:
                    continue
                if p_span is None:
                    weight = -1
                    break
                shared = len(_chars(g_span) & _chars(p_span))
                if not shared:
                    weight = -1
                    break
                weight += shared
            if weight > 0:
                pairs.append((weight, gi, pi))
    return _greedy_matched(pairs)


def relation_categories(
    text: str, paragraphs: list[Paragraph], relations: Sequence[Relation], nlp: Language
) -> list[Category]:
    """The category of each relation, in the order given (the extractor's later steps)."""
    from sourcecheck.extract import categorised
    from sourcecheck.extract.enrich import enrich
    from sourcecheck.extract.paragraphs import source_entity_windows, tag_entities
    from sourcecheck.records import Article

    tag_entities(paragraphs, nlp, source_entity_windows(paragraphs, relations))
    attributions = categorised(enrich(Article(text=text), paragraphs, list(relations)), text)

    def key(cue: Any, content: Any) -> tuple[int, int, int, int]:
        cue_at = (cue.start, cue.end) if cue is not None else (-1, -1)
        return (*cue_at, content.start, content.end)

    by_key = {key(a.cue, a.content): a.category for a in attributions}
    # Conservative for a relation enrichment dropped or reshaped: it is not shown.
    return [by_key.get(key(r.cue, r.content), Category.OTHER) for r in relations]


def relation_to_gold(relation: Relation, offset: int = 0) -> GoldAttribution:
    """A span-finder relation as a single-fragment :class:`GoldAttribution`."""

    def conv(span: Any) -> GoldSpan | None:
        if span is None:
            return None
        return GoldSpan(((span.start - offset, span.end - offset),))

    return GoldAttribution(conv(relation.source), conv(relation.cue), conv(relation.content))


def evaluate(
    split_dir: Path,
    *,
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    nlp: Language | None = None,
) -> PolnearScores:
    """Run the span finder over a PolNeAR split and score it.

    Args:
        split_dir: A PolNeAR split directory (``text/`` and ``attributions/`` inside).
        model: spaCy pipeline name; ``None`` uses the default model.
        progress: Called with ``(done, total)`` after each document.
        nlp: An already loaded pipeline (overrides ``model``; tests use it).

    Raises:
        EvaluationError: When the split directory is missing or malformed.
    """
    from sourcecheck.extract.nlp import load_model
    from sourcecheck.extract.paragraphs import parse_paragraphs
    from sourcecheck.extract.relations import find_relations

    documents = load_split(Path(split_dir))
    pipeline = nlp if nlp is not None else load_model(model)
    exact, overlap, attribution = _EMPTY_FIELDS, _EMPTY_FIELDS, _EMPTY
    predicted_total = 0
    seconds = 0.0
    by_category = dict.fromkeys(Category, 0)
    matched_by_category = dict.fromkeys(Category, 0)
    for done, document in enumerate(documents, 1):
        started = time.perf_counter()
        paragraphs = parse_paragraphs(document.text, pipeline, scoped_ner=True)
        relations = find_relations(paragraphs)
        seconds += time.perf_counter() - started
        # Outside the timing: it measures the span finder, as before.
        categories = relation_categories(document.text, paragraphs, relations, pipeline)
        predicted = [relation_to_gold(r) for r in relations]
        predicted_total += len(predicted)
        e, o, a = score_document(document.attributions, predicted, document.text)
        exact, overlap, attribution = exact + e, overlap + o, attribution + a
        for category in categories:
            by_category[category] += 1
        for index in matched_predictions(document.attributions, predicted):
            matched_by_category[categories[index]] += 1
        if progress is not None:
            progress(done, len(documents))
    return PolnearScores(
        split=str(split_dir),
        documents=len(documents),
        gold_relations=sum(len(d.attributions) for d in documents),
        predicted_relations=predicted_total,
        exact=exact,
        overlap=overlap,
        attribution=attribution,
        seconds=seconds,
        predicted_by_category=tuple((c.value, n) for c, n in by_category.items()),
        matched_by_category=tuple((c.value, n) for c, n in matched_by_category.items()),
    )


def scores_table(scores: PolnearScores) -> Table:
    """The scores as a rich table (one row per field and mode)."""
    from rich.table import Table

    table = Table(
        title=(
            f"PolNeAR {Path(scores.split).name}: {scores.documents} documents, "
            f"{scores.gold_relations} gold / {scores.predicted_relations} predicted relations, "
            f"{scores.articles_per_second:.1f} articles/s"
        )
    )
    for column in ("span", "mode", "P", "R", "F1", "matched", "pred", "gold"):
        table.add_column(column, justify="left" if column in ("span", "mode") else "right")
    rows: list[tuple[str, str, PRF]] = [
        (field, mode, fs.get(field))
        for field in FIELDS
        for mode, fs in (("exact", scores.exact), ("overlap", scores.overlap))
    ]
    rows.append(("attribution", "overlap", scores.attribution))
    for name, mode, prf in rows:
        table.add_row(
            name,
            mode,
            f"{prf.precision:.3f}",
            f"{prf.recall:.3f}",
            f"{prf.f1:.3f}",
            str(prf.matched),
            str(prf.predicted),
            str(prf.gold),
        )
    if scores.predicted_by_category:
        table.caption = category_line(scores)
    return table


def category_line(scores: PolnearScores) -> str:
    """``by category (predicted / gold-matched): speech 120/98 · document 14/11 · …``."""
    matched = dict(scores.matched_by_category)
    parts = [f"{name} {n}/{matched.get(name, 0)}" for name, n in scores.predicted_by_category]
    return "by category (predicted / gold-matched): " + " · ".join(parts)


__all__ = [
    "FIELDS",
    "PRF",
    "FieldScores",
    "GoldAttribution",
    "GoldDocument",
    "GoldSpan",
    "PolnearScores",
    "category_line",
    "evaluate",
    "load_split",
    "matched_predictions",
    "parse_ann",
    "score_document",
    "score_spans",
    "scores_table",
]
