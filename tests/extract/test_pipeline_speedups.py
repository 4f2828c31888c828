"""The extract stage's speed-ups change nothing they should not.

* the indexed attribute-ruler matcher finds exactly what spaCy's ``Matcher`` finds;
* scoped NER leaves tokens outside its windows unlabelled, labels the sources (and the
  paragraph-opening "Name:" labels) as the full pipeline does, and does not change the
  span finder's relations;
* ``doc_text`` is ``doc.text``;
* only the words whose lemma the span finder may compare are lemmatized;
* the models multiply matrices with numpy's BLAS and parse exactly as with BLIS.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.nlp import build_rule_matcher
from sourcecheck.extract.paragraphs import (
    lemma_forms,
    parse_paragraphs,
    relation_entity_windows,
    source_entity_windows,
    tag_entities,
)
from sourcecheck.extract.relations import doc_text, find_relations, read_lemmas

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from sourcecheck.extract.types import Paragraph

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ocean-plastics-talks.txt"

# Our own sentences: contractions, expletives, spaces and the rule-specific forms the
# attribute ruler rewrites ("ai n't", "gon na", "'s" as a verb, "There is").
RULER_CASES = [
    "I ain't gonna do it, y'all, and we're doin' nothin' about 'em.",
    "Let's go.  C'mon, there is a dog and there were cats; it's late.",
    "You did what you had to, she'd said, and it had rained.\tThey wo n't.",
    "The minister, who was asked twice, said the report was what it was.",
    "Gotta run: I'll call you and him.\n\nThat is all.",
]


@pytest.mark.parametrize("text", RULER_CASES)
def test_indexed_rule_matcher_finds_what_the_matcher_finds(nlp: Language, text: str) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    matcher = build_rule_matcher(nlp)
    assert matcher is not None
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = nlp(text)
    spacy_matches = ruler.matcher(doc, allow_missing=True, as_spans=False)  # type: ignore[attr-defined]
    expected = sorted({(int(nlp.vocab.strings[m]), m, s, e) for m, s, e in spacy_matches})
    assert matcher.match(doc) == expected
    assert expected  # the cases do exercise the rules


def test_load_model_installs_the_indexed_matcher(nlp: Language) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    assert "match" in vars(ruler)
    doc = nlp("He wasn't there, was he?")
    assert [t.pos_ for t in doc][:3] == ["PRON", "AUX", "PART"]


def _labels(doc: Doc, start: int, end: int) -> list[tuple[str, str]]:
    return [(t.ent_iob_, t.ent_type_) for t in doc[start:end]]


@pytest.fixture(scope="module")
def example_parses(nlp: Language) -> tuple[list[Paragraph], list[Paragraph]]:
    text = EXAMPLE.read_text(encoding="utf-8")
    scoped = parse_paragraphs(text, nlp, scoped_ner=True)
    full = parse_paragraphs(text, nlp)
    return scoped, full


def test_scoped_ner_keeps_the_relations(
    example_parses: tuple[list[Paragraph], list[Paragraph]],
) -> None:
    scoped, full = example_parses
    assert find_relations(scoped) == find_relations(full)


def test_scoped_ner_labels_sources_like_the_full_pipeline(
    nlp: Language, example_parses: tuple[list[Paragraph], list[Paragraph]]
) -> None:
    scoped, full = example_parses
    relations = find_relations(scoped)
    run = tag_entities(scoped, nlp, source_entity_windows(scoped, relations))
    total = sum(len(p.doc) for p in scoped)
    assert 0 < run < total  # scoped: fewer tokens than the whole text
    named = 0
    for relation in relations:
        if relation.source is None:
            continue
        for mine, theirs in zip(scoped, full, strict=True):
            if not mine.start <= relation.source.start < mine.start + len(doc_text(mine.doc)):
                continue
            offset = relation.source.start - mine.start
            span = mine.doc.char_span(
                offset, offset + len(relation.source.text), alignment_mode="expand"
            )
            assert span is not None
            for token in span:
                if token.text[:1].isupper() and not token.is_sent_start:
                    named += 1
                    assert token.ent_iob != 0, f"no label on {token.text!r} of {span.text!r}"
                    assert token.ent_type_ == theirs.doc[token.i].ent_type_, span.text
    assert named >= 5


def test_untouched_tokens_carry_no_label(nlp: Language) -> None:
    text = (
        "The harbour froze early this year and the ferries stopped for a week.\n"
        "City treasurer Tom Hayes said the city would pay for the repairs and new icebreakers."
    )
    paragraphs = parse_paragraphs(text, nlp, scoped_ner=True)
    relations = find_relations(paragraphs)
    assert [r.source.text for r in relations if r.source] == ["City treasurer Tom Hayes"]
    tag_entities(paragraphs, nlp, source_entity_windows(paragraphs, relations))
    doc = paragraphs[-1].doc
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Tom Hayes"]
    assert doc[-2].ent_iob == 0  # "icebreakers", beyond the window: never looked at


@pytest.mark.parametrize(
    ("paragraph", "window"),
    [
        pytest.param("Pereira: We will not sign this treaty as it stands.", (0, 1), id="label"),
        pytest.param("The talks ended without a deal on Tuesday evening.", None, id="none"),
    ],
)
def test_relation_windows(nlp: Language, paragraph: str, window: tuple[int, int] | None) -> None:
    paragraphs = parse_paragraphs(paragraph, nlp)
    windows = relation_entity_windows(paragraphs)
    if window is None:
        assert windows == {}
    else:
        assert window in windows[0]


def test_label_paragraph_speaker_gets_its_label(nlp: Language) -> None:
    text = "Boris Johnson: We will never sign a treaty that sinks our fishing fleet."
    relations = find_relations(parse_paragraphs(text, nlp, scoped_ner=True))
    assert [(r.source.text if r.source else None) for r in relations] == ["Boris Johnson"]


def test_doc_text_is_cached_doc_text(nlp: Language) -> None:
    doc = nlp.make_doc("Two  spaces and\ta tab.")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)


def test_scoped_parse_lemmatizes_what_the_span_finder_reads(nlp: Language) -> None:
    text = "The outgoing spokeswomen were insisting that the new ferries had been delayed."
    scoped = parse_paragraphs(text, nlp, scoped_ner=True)[0].doc
    full = parse_paragraphs(text, nlp)[0].doc
    read = {t.i for t in scoped if t.pos_ in ("VERB", "AUX") or t.dep_ in ("nsubj", "ROOT")}
    assert {scoped[i].text for i in read} >= {"spokeswomen", "insisting", "delayed"}
    lemmas = read_lemmas()
    for i in read:
        if full[i].lemma_ in lemmas:
            assert scoped[i].lemma_ == full[i].lemma_
        else:  # not worked out, unless the attribute ruler set it ("were" → "be")
            assert scoped[i].lemma in (0, full[i].lemma), scoped[i].text
    assert scoped[2].lemma_ == "spokeswoman"  # irregular plural of a speaker noun
    assert scoped[4].lemma_ == "insist"
    assert scoped[-2].text == "delayed" and scoped[-2].lemma == 0  # no cue: skipped
    assert scoped[1].text == "outgoing" and scoped[1].lemma == 0  # never read: skipped


@pytest.mark.parametrize(
    ("form", "kept"),
    [
        ("said", True),  # irregular (exception list)
        ("told", True),
        ("thought", True),
        ("spokesmen", True),  # irregular plural of a speaker noun
        ("statements", True),  # regular plural of a "in a statement" noun
        ("argued", True),  # regular past tense, "e" dropped
        ("tweeting", True),
        ("insisting", True),
        ("bananas", False),
        ("delayed", False),
        ("icebreakers", False),
    ],
)
def test_lemma_forms(nlp: Language, form: str, kept: bool) -> None:
    assert (form in lemma_forms(nlp.get_pipe("lemmatizer"))) is kept


def test_every_form_of_a_read_lemma_is_kept(nlp: Language) -> None:
    """The invariant the skipping rests on, over every word of the example article: a
    word whose full-pipeline lemma the span finder reads is among the kept forms."""
    forms = lemma_forms(nlp.get_pipe("lemmatizer"))
    lemmas = read_lemmas()
    doc = nlp(EXAMPLE.read_text(encoding="utf-8"), disable=["ner"])
    read = [t for t in doc if t.lemma_.lower() in lemmas]
    assert len(read) > 20
    assert [t.text for t in read if t.lower_ not in forms] == []


def test_models_multiply_with_numpy_and_parse_as_with_blis(nlp: Language) -> None:
    import spacy
    from thinc.api import NumpyOps

    tok2vec = nlp.get_pipe("tok2vec").model  # type: ignore[attr-defined]
    assert all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in tok2vec.walk())
    plain = spacy.load(_package_name(nlp))
    assert any(getattr(n.ops, "use_blis", False) for n in plain.get_pipe("tok2vec").model.walk())
    text = EXAMPLE.read_text(encoding="utf-8")
    ours, theirs = nlp(text), plain(text)
    assert [(t.tag_, t.dep_, t.head.i) for t in ours] == [
        (t.tag_, t.dep_, t.head.i) for t in theirs
    ]
    assert [(e.start, e.end, e.label_) for e in ours.ents] == [
        (e.start, e.end, e.label_) for e in theirs.ents
    ]


def _package_name(nlp: Language) -> str:
    """The installed package name of ``nlp`` (either of the two accepted names)."""
    import spacy

    from sourcecheck.extract.nlp import MODEL_NAMES

    for name in MODEL_NAMES:
        if spacy.util.is_package(name):
            return name
    raise AssertionError("no model package installed")
