"""Learn the span finder's verb lexicon from PolNeAR train (``extract/data/relations_verbs.yml``).

For every verb lemma and *frame* (see :mod:`sourcecheck.extract.relations`), count how often
a verb of that lemma in that frame, outside quotations, is (part of) a gold cue. Keep the
pairs seen at least ``--min-hits`` times whose precision reaches ``--min-precision``. Nouns
are counted the same way per noun frame (``noun_frame``: "the claim that …", "criticism
of …", and where the source is written), with their own thresholds.

Run (takes a few minutes: it parses every train paragraph)::

    python -m sourcecheck.evaluation.build_lexicon ../shared/benchmarks/polnear/train \\
        > src/sourcecheck/extract/data/relations_verbs.yml
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from sourcecheck.evaluation.polnear import GoldDocument, load_split
from sourcecheck.extract.relations import (
    candidate_nouns,
    candidate_verbs,
    quote_regions,
    subject_class,
    verb_frame,
    verb_subject,
)
from sourcecheck.extract.types import Paragraph

Key = tuple[str, str, str]
NounKey = tuple[str, str]

#: The subject classes of :func:`~sourcecheck.extract.relations.subject_class`.
SUBJECT_CLASSES = ("speaker", "thing", "none")


def count_frames(
    documents: Iterable[tuple[GoldDocument, list[Paragraph]]],
    nouns: tuple[Counter[NounKey], Counter[NounKey]] | None = None,
) -> tuple[Counter[Key], Counter[Key]]:
    """``(hits, totals)`` per ``(lemma, frame)`` over parsed documents.

    Args:
        documents: Gold documents with their parsed paragraphs.
        nouns: ``(hits, totals)`` counters to fill, in the same pass, per ``(lemma, key)``
            of every noun outside quotations that has a noun frame
            (:func:`~sourcecheck.extract.relations.noun_frame`).
    """
    hits: Counter[Key] = Counter()
    totals: Counter[Key] = Counter()
    for document, paragraphs in documents:
        cue_chars: set[int] = set()
        for attribution in document.attributions:
            if attribution.cue is not None:
                for start, end in attribution.cue.fragments:
                    cue_chars.update(range(start, end))
        for paragraph in paragraphs:
            doc = paragraph.doc
            regions = quote_regions(doc.text)
            for token, sent_quotes in candidate_verbs(doc, regions):
                lemma, frame = token.lemma_.lower(), verb_frame(token, sent_quotes, regions)[0]
                start = paragraph.start + token.idx
                hit = any(i in cue_chars for i in range(start, start + len(token.text)))
                for key in (
                    (lemma, frame, ""),
                    (lemma, frame, subject_class(verb_subject(token))),
                ):
                    totals[key] += 1
                    hits[key] += hit
            if nouns is not None:
                _count_nouns(paragraph, regions, cue_chars, nouns)
    return hits, totals


def _count_nouns(
    paragraph: Paragraph,
    regions: list[tuple[int, int]],
    cue_chars: set[int],
    counts: tuple[Counter[NounKey], Counter[NounKey]],
) -> None:
    hits, totals = counts
    for token, frame, _, _ in candidate_nouns(paragraph.doc, regions):
        start = paragraph.start + token.idx
        key = (token.lemma_.lower(), frame)
        totals[key] += 1
        hits[key] += any(i in cue_chars for i in range(start, start + len(token.text)))


def render_nouns(
    hits: Counter[NounKey], totals: Counter[NounKey], *, min_hits: int, min_precision: float
) -> str:
    """The ``nouns:`` section: the noun cues, each with the frame keys it is a cue in."""
    chosen: dict[str, list[str]] = {}
    for lemma, key in sorted(totals):
        if not lemma.isalpha():
            continue
        hit = hits[(lemma, key)]
        if hit >= min_hits and _shrunk(hit, totals[(lemma, key)]) >= min_precision:
            chosen.setdefault(lemma, []).append(key)
    lines = [
        f"# Noun cues: (lemma, frame:source) with >= {min_hits} gold cue hits and smoothed "
        f"precision >= {min_precision}.",
        "nouns:",
    ]
    for lemma in sorted(chosen):
        lines.append(f"  {lemma}: [{', '.join(sorted(chosen[lemma]))}]")
    return "\n".join(lines) + "\n"


#: Precision estimates are pulled towards PRIOR by PRIOR_WEIGHT pseudo-observations, so
#: that a verb seen a handful of times needs a clearer record than a frequent one.
PRIOR = 0.2
PRIOR_WEIGHT = 8.0


def _shrunk(hit: int, total: int) -> float:
    return (hit + PRIOR * PRIOR_WEIGHT) / (total + PRIOR_WEIGHT)


def render(
    hits: Counter[Key],
    totals: Counter[Key],
    *,
    min_hits: int,
    min_precision: float,
    min_support: int = 20,
) -> str:
    """The YAML text of the learnt lexicon.

    Each ``(lemma, frame, subject class)`` triple seen at least ``min_support`` times is
    judged on its own precision; rarer ones inherit the verdict of their ``(lemma, frame)``
    pair. A pair accepted for every class is written ``frame``, else ``frame:class``.
    """
    chosen: dict[str, list[str]] = {}
    pairs = sorted({(lemma, frame) for lemma, frame, _ in totals if lemma.isalpha()})
    for lemma, frame in pairs:
        hit, total = hits[(lemma, frame, "")], totals[(lemma, frame, "")]
        pair_ok = hit >= min_hits and _shrunk(hit, total) >= min_precision
        accepted = []
        for subject in SUBJECT_CLASSES:
            key = (lemma, frame, subject)
            if totals[key] >= min_support:
                accepted.append(
                    hits[key] >= min_hits and _shrunk(hits[key], totals[key]) >= min_precision
                )
            else:
                accepted.append(pair_ok)
        if all(accepted):
            chosen.setdefault(lemma, []).append(frame)
        else:
            chosen.setdefault(lemma, []).extend(
                f"{frame}:{subject}"
                for subject, ok in zip(SUBJECT_CLASSES, accepted, strict=True)
                if ok
            )
    chosen = {lemma: frames for lemma, frames in chosen.items() if frames}
    lines = [
        "# Generated by `python -m sourcecheck.evaluation.build_lexicon` from PolNeAR train:",
        f"# (lemma, frame[:subject]) with >= {min_hits} gold cue hits and smoothed precision >= "
        f"{min_precision} (prior {PRIOR}, weight {PRIOR_WEIGHT}).",
        "# Do not edit by hand; add to relations.yml instead.",
        "verbs:",
    ]
    for lemma in sorted(chosen):
        lines.append(f"  {lemma}: [{', '.join(sorted(chosen[lemma]))}]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints the YAML to stdout."""
    from sourcecheck.extract.nlp import load_model
    from sourcecheck.extract.paragraphs import split_paragraphs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train_dir", type=Path)
    parser.add_argument("--min-hits", type=int, default=2)
    parser.add_argument("--min-precision", type=float, default=0.28)
    parser.add_argument("--min-support", type=int, default=20)
    parser.add_argument("--noun-min-hits", type=int, default=3)
    parser.add_argument("--noun-min-precision", type=float, default=0.4)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    nlp = load_model(args.model)
    documents = load_split(args.train_dir)

    def parsed() -> Iterable[tuple[GoldDocument, list[Paragraph]]]:
        for document in documents:
            chunks = list(split_paragraphs(document.text))
            docs = nlp.pipe(chunk for _, chunk in chunks)
            yield (
                document,
                [
                    Paragraph(i, start, doc)
                    for i, ((start, _), doc) in enumerate(zip(chunks, docs, strict=True))
                ],
            )

    noun_counts: tuple[Counter[NounKey], Counter[NounKey]] = (Counter(), Counter())
    hits, totals = count_frames(parsed(), noun_counts)
    sys.stdout.write(
        render(
            hits,
            totals,
            min_hits=args.min_hits,
            min_precision=args.min_precision,
            min_support=args.min_support,
        )
    )
    sys.stdout.write(
        render_nouns(
            *noun_counts,
            min_hits=args.noun_min_hits,
            min_precision=args.noun_min_precision,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
