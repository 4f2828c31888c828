"""Paragraph splitting, the cheap pre-filter, parsing of candidate paragraphs, scoped NER.

Named-entity recognition costs as much as the rest of the pipeline together, and the
extract stage reads entity labels in few places: the subject of a cue verb whose class
(speaker or thing) may hang on its label, the speaker of a "Name: …" paragraph opening,
and (in enrichment) the sources and the names they may refer back to. So paragraphs are
parsed without the ``ner`` component (its tok2vec is its own in en_core_web_sm, so it can
run later) and :func:`tag_entities` runs it on token *windows* around those places only.
A window reaches :data:`MARGIN` tokens past what it is for (the recogniser's view of a
token spans four tokens either side: its tok2vec is four window-1 convolutions deep) and
never ends inside a run of capitalised words.
Tokens outside every window carry no entity annotation (``token.ent_iob == 0``).

Scoped parsing (``parse_paragraphs(..., scoped_ner=True)``, what
:func:`~sourcecheck.extract.extract_attributions` uses) also skips the lemmatizer, slow on
words it has not seen, and lemmatizes only the tokens the span finder reads
(:func:`lemmatize_for_relations`); the other tokens have no lemma (``token.lemma == 0``).
The default parse runs the whole pipeline on every paragraph.

Two parts of a news text are not read as the story (:func:`reading_paragraphs`): a
dateline ("HANOI, Vietnam (AP) — ") is skipped, so the place is never a speaker
(:mod:`~sourcecheck.extract.dateline`); and the headline is not parsed at all unless
it holds a cue word or a quote under a "Name:" label ("Julian Assange: Sweden drops
rape investigation" names no speaker; "Sanders: Clinton needs to 'get away …'" does).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from sourcecheck.budget import check as check_budget
from sourcecheck.extract.dateline import dateline_end
from sourcecheck.extract.lexicon import load, prefilter_pattern, prefilter_words
from sourcecheck.extract.relations import doc_text, read_lemmas, rules
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.ingest.headline import headline
from sourcecheck.records import Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

#: Tokens of context a window keeps on either side of what it is for.
MARGIN = 4
#: Nearest capitalised-word runs before a referring source ("he", "the ministry") whose
#: entity labels are found, for the antecedent it may resolve to.
ANTECEDENT_RUNS = 3
#: How far (characters) back those runs are looked for.
ANTECEDENT_WINDOW = 2500
#: Full names ("Hillary Clinton") looked at per capitalised word of a source ("Clinton").
NAME_HITS = 2

#: Dependency labels of tokens whose lemma the span finder may read (see
#: :func:`lemmatize_for_relations`).
_LEMMA_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "ROOT", "agent"})


@cache
def _words(key: str) -> frozenset[str]:
    """A word list of ``relations.yml`` (the ``ner_*`` keys)."""
    return frozenset(str(w) for w in load("relations")[key])


def split_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(start, paragraph_text)`` for every non-blank line block.

    Single newlines separate paragraphs too: plain-text articles often put one
    paragraph per line.
    """
    for match in re.finditer(r"[^\n]+", text):
        chunk = match.group()
        if chunk.strip():
            yield match.start(), chunk


_WORD_RE = re.compile(r"[a-z]+")


def is_candidate(paragraph: str) -> bool:
    """True when ``paragraph`` may hold an attribution (quote mark, cue word form, figure).

    Cheap on purpose: a regex and a set lookup per word, so that paragraphs without any
    signal are never parsed.
    """
    if prefilter_pattern().search(paragraph) is not None:
        return True
    words = prefilter_words()
    return any(word in words for word in _WORD_RE.findall(paragraph.lower()))


# a quotation mark: any double quote, or a single one not inside a word ("Won’t")
_QUOTE = re.compile(r"[\"“”]|(?<!\w)[‘']|[’'](?!\w)")
# a "Name:" label opening a headline ("Sanders: …", "Julian Assange: …")
_LABEL = re.compile(r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*:\s")


def _same_line(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.split()).rstrip(".!?").casefold()

    return norm(a) == norm(b)


def is_headline(paragraph: str, text: str, title: str | None = None) -> bool:
    """Whether ``paragraph``, the first of ``text``, is its headline: the article's
    ``title``, or a line that reads as a headline (:func:`~sourcecheck.ingest.headline.
    headline`: short, one sentence, text below it). A dateline opens a story, not a
    headline."""
    if dateline_end(paragraph):
        return False
    if title is not None and _same_line(paragraph, title):
        return True
    first = headline(text)
    return first is not None and _same_line(paragraph, first)


def headline_is_read(paragraph: str) -> bool:
    """Whether a headline may hold an attribution: it has a cue word ("Graham Says",
    "calls", "poll"), or a quotation under a "Name:" label ("Sanders: Clinton needs to
    'get away'"). A bare label headline ("Julian Assange: Sweden drops rape
    investigation") is a topic, not a speaker."""
    words = prefilter_words()
    if any(word in words for word in _WORD_RE.findall(paragraph.lower())):
        return True
    return _QUOTE.search(paragraph) is not None and _LABEL.match(paragraph) is not None


def reading_paragraphs(text: str, title: str | None = None) -> Iterator[tuple[int, str]]:
    """The paragraphs of ``text`` as the extractor reads them: ``(start, text)``, where a
    paragraph opening with a dateline starts after it, and a headline that cannot hold an
    attribution (:func:`headline_is_read`) is left out. Offsets index into ``text``."""
    for n, (start, chunk) in enumerate(split_paragraphs(text)):
        skip = dateline_end(chunk)
        if skip:
            yield start + skip, chunk[skip:]
        elif n > 0 or not is_headline(chunk, text, title) or headline_is_read(chunk):
            yield start, chunk


def parse_paragraphs(
    text: str,
    nlp: Language,
    *,
    batch_size: int = 64,
    scoped_ner: bool = False,
    title: str | None = None,
) -> list[Paragraph]:
    """Parse the candidate paragraphs of ``text``; the others are never parsed.

    Args:
        text: The article text.
        nlp: The spaCy pipeline (:func:`~sourcecheck.extract.nlp.load_model`).
        batch_size: Paragraphs per batch given to ``nlp.pipe``.
        scoped_ner: Run ``ner`` only where the span finder reads entity labels (see the
            module docstring), leaving the rest to :func:`tag_entities`; by default the
            whole pipeline runs on every paragraph (every entity is labelled).
        title: The article's title; a first line equal to it is its headline even when
            it does not read as one (see :func:`reading_paragraphs`).
    """
    chunks = [
        (start, chunk) for start, chunk in reading_paragraphs(text, title) if is_candidate(chunk)
    ]
    scoped = scoped_ner and "ner" in nlp.pipe_names
    # per call, not select_pipes: the pipeline may be shared by threads (the web app)
    disable = [name for name in ("ner", "lemmatizer") if name in nlp.pipe_names] if scoped else []
    docs = nlp.pipe(
        (defuse_runs(chunk) for _, chunk in chunks), batch_size=batch_size, disable=disable
    )
    paragraphs = []
    for i, ((start, _), doc) in enumerate(zip(chunks, docs, strict=True)):
        paragraphs.append(Paragraph(index=i, start=start, doc=doc))
        check_budget("parsing")  # the parse is most of an audit's time

    if scoped:
        if "lemmatizer" in disable:
            for p in paragraphs:
                lemmatize_for_relations(p.doc, nlp)
        tag_entities(paragraphs, nlp, relation_entity_windows(paragraphs))
    return paragraphs


#: A run of one punctuation mark this long is no text: spaCy's suffix search over 10,000
#: straight quotes took seconds (it grows with the square of the run).
MAX_PUNCTUATION_RUN = 20
_PUNCTUATION_RUN = re.compile(rf"([^\w\s])\1{{{MAX_PUNCTUATION_RUN - 1},}}")


def defuse_runs(chunk: str) -> str:
    """``chunk`` with long runs of one punctuation mark blanked, keeping every offset."""
    if len(chunk) < MAX_PUNCTUATION_RUN:
        return chunk
    return _PUNCTUATION_RUN.sub(lambda m: " " * len(m.group()), chunk)


def lemmatize_for_relations(doc: Doc, nlp: Language) -> None:
    """Give lemmas to the tokens whose lemma the span finder reads, and to no others.

    The rule lemmatizer is slow on words it has not seen, and only the span finder reads
    lemmas: of verbs (cue lemmas), of nouns (noun cues), of the tokens it may take as a
    source's head (a subject, the object of a passive's "by", a noun a relative clause or
    participle hangs on, the word just before a subjectless verb, a sentence root), of the
    object of a preposition hanging on a verb ("in a statement") and of a "Name:" label's
    last word. Of those, only words whose lemma may be one the finder compares with are
    lemmatized (:func:`lemma_forms`). Tokens the attribute ruler gave a lemma keep it, as
    with the lemmatizer.
    """
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    r = rules()
    wanted: set[int] = set()
    for token in doc:
        if token.pos_ == "NOUN":
            wanted.add(token.i)  # a noun cue ("Trump's claim that …")
        if token.pos_ in ("VERB", "AUX"):
            wanted.add(token.i)
            k = token.i - 1
            while k > 0 and doc[k].dep_ in ("aux", "auxpass", "neg", "advmod"):
                k -= 1
            if k >= 0:
                wanted.add(k)
        if token.dep_ in _LEMMA_DEPS:
            wanted.add(token.i)
        elif token.dep_ in ("relcl", "acl"):
            wanted.add(token.head.i)
        elif token.dep_ == "pobj" and (
            token.head.dep_ == "agent" or token.head.head.pos_ in ("VERB", "AUX")
        ):
            wanted.add(token.i)  # "by X"; "in a statement" glued to a cue verb
    colon = next((t for t in doc[: r.label_max_tokens + 1] if t.text == ":"), None)
    if colon is not None and colon.i > 0:
        wanted.add(colon.i - 1)
    forms = lemma_forms(lemmatizer)
    for i in sorted(wanted):
        token = doc[i]
        if token.lemma == 0 and token.lower_ in forms:
            token.lemma_ = lemmatizer.lemmatize(token)[0]


@lru_cache(maxsize=4)
def lemma_forms(lemmatizer: Any) -> frozenset[str]:
    """Lower-case word forms the rule ``lemmatizer`` may map to a lemma the finder reads.

    The rule lemmatizer rewrites a suffix (``old`` → ``new``) or looks the word up in its
    exception lists, so the forms of a lemma are found by running its rules backwards
    and reading its exception lists; a word of any other form gets a lemma the span
    finder never compares with (:func:`~sourcecheck.extract.relations.read_lemmas`), so
    it is not lemmatized at all (first sight of a word costs the lemmatizer ~40 µs).
    """
    lemmas = read_lemmas()
    forms: set[str] = set(lemmas)
    lookups = lemmatizer.lookups
    rules_table = lookups.get_table("lemma_rules", {}) if lookups.has_table("lemma_rules") else {}
    exc_table = lookups.get_table("lemma_exc", {}) if lookups.has_table("lemma_exc") else {}
    for pos_rules in rules_table.values():
        for old, new in pos_rules:
            for lemma in lemmas:
                if lemma.endswith(new):
                    forms.add(lemma[: len(lemma) - len(new)] + old)
    for exceptions in exc_table.values():
        for form, targets in exceptions.items():
            if any(t in lemmas for t in targets):
                forms.add(form)
    return frozenset(forms)


# --------------------------------------------------------------------------- windows

Windows = dict[int, list[tuple[int, int]]]
"""Token ranges (end-exclusive) per paragraph index."""


def _add(windows: Windows, paragraph: int, start: int, end: int) -> None:
    windows.setdefault(paragraph, []).append((start, end))


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def relation_entity_windows(paragraphs: Sequence[Paragraph]) -> Windows:
    """Where the span finder reads entity labels, per paragraph.

    * capitalised words the tagger did not make proper nouns ("Trump" tagged NOUN) that
      may head a cue verb's source: their label decides whether the subject is a speaker;
    * the first words of a paragraph opening "Name: …" (a transcript or headline label).
    """
    r = rules()
    skip_pos = _words("ner_skip_pos")
    subject_deps = _words("ner_subject_deps")
    windows: Windows = {}
    limit = r.label_max_tokens + 1
    for p in paragraphs:
        doc = p.doc
        for token in doc:
            if (
                _capitalised(token)
                and token.pos_ not in skip_pos
                and token.dep_ in subject_deps
                and token.lower_ not in r.speaker_pronouns
            ):
                _add(windows, p.index, token.i, token.i + 1)
        colon = next((t for t in doc[:limit] if t.text == ":"), None)
        if colon is not None and colon.i > 0:
            _add(windows, p.index, 0, colon.i)
    return windows


_STARTS: tuple[Sequence[Paragraph], list[int]] | None = None


def _paragraph_starts(paragraphs: Sequence[Paragraph]) -> list[int]:
    """The paragraphs' starts, worked out once per sequence of paragraphs."""
    global _STARTS
    cached = _STARTS
    if cached is not None and cached[0] is paragraphs:
        return cached[1]
    starts = [p.start for p in paragraphs]
    _STARTS = (paragraphs, starts)
    return starts


def _locate(paragraphs: Sequence[Paragraph], start: int, end: int) -> tuple[int, int, int] | None:
    """``(paragraph index, first token, end token)`` of an absolute character range."""
    # The paragraphs are in text order and do not overlap: the one that can hold
    # ``start`` is the last to begin at or before it (a scan of all was quadratic).
    at = bisect.bisect_right(_paragraph_starts(paragraphs), start) - 1
    for p in paragraphs[max(0, at) : at + 1]:
        length = len(doc_text(p.doc))
        if p.start <= start < p.start + length:
            span = p.doc.char_span(
                start - p.start, min(end, p.start + length) - p.start, alignment_mode="expand"
            )
            if span is None or len(span) == 0:
                return None
            return p.index, span.start, span.end
    return None


def _start(span: Span) -> int:
    return span.start


def _referring(source: str) -> bool:
    """A source that may resolve to an earlier mention: a pronoun or "the ministry"."""
    words = source.lower().split()
    return bool(words) and words[0].strip("“”\"'(") in _referring_words()


@cache
def _referring_words() -> frozenset[str]:
    sources = load("sources")
    return frozenset(
        {str(w) for w in sources["pronouns"]}
        | {str(w) for w in sources["plural_pronouns"]}
        | _words("ner_referring_first")
    )


def _name_words(source: str) -> set[str]:
    """Capitalised words of a source phrase that may be a surname or a short name."""
    out: set[str] = set()
    for word in re.findall(r"[A-Z][\w’'.-]*[\w]", source):
        if len(word) > 2 and not word.isupper():
            out.add(word)
    return out


def _runs(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Runs of capitalised words in ``doc[start:end]``, in order.

    A lone capitalised word that opens a sentence and is not a proper noun ("The", "But")
    is no run.
    """
    out: list[tuple[int, int]] = []
    k = start
    while k < end:
        if not _capitalised(doc[k]) or doc[k].is_punct:
            k += 1
            continue
        first = k
        while k < end and _capitalised(doc[k]) and not doc[k].is_punct:
            k += 1
        head = doc[first]
        if k - first > 1 or not head.is_sent_start or head.pos_ == "PROPN":
            out.append((first, k))
    return out


def _runs_before(
    paragraphs: Sequence[Paragraph], paragraph: int, token: int
) -> Iterator[tuple[int, int, int, int]]:
    """Runs of capitalised words before a token of a paragraph, nearest first:
    ``(paragraph, start, end, absolute character offset)``."""
    for p in reversed(paragraphs[: paragraph + 1]):
        doc = p.doc
        stop = token if p.index == paragraph else len(doc)
        for start, end in reversed(_runs(doc, 0, stop)):
            yield p.index, start, end, p.start + doc[start].idx


def source_entity_windows(
    paragraphs: Sequence[Paragraph], relations: Iterable[Relation]
) -> Windows:
    """Where enrichment reads entity labels (through ``Doc.ents``) for ``relations``.

    * the capitalised words of each source, whose kind and name come from the entities
      in it (a source without any, "he" or "officials", needs none);
    * the first :data:`NAME_HITS` full names ending with a capitalised word of a source
      ("Hillary Clinton" for "Clinton"), which give the full name and kind of a short one;
    * for a referring source ("she", "the ministry", "they"), the
      :data:`ANTECEDENT_RUNS` nearest runs of capitalised words before it within
      :data:`ANTECEDENT_WINDOW` characters, among which its antecedent usually is (and
      the earlier full names of those runs' words, as for a source's).
    """
    windows: Windows = {}
    names: set[str] = set()
    sourced = sorted((r.source for r in relations if r.source is not None), key=_start)
    for source in sourced:
        where = _locate(paragraphs, source.start, source.end)
        if where is None:
            continue
        index, first, end = where
        for start, stop in _runs(paragraphs[index].doc, first, end):
            _add(windows, index, start, stop)
        names |= _name_words(source.text)
        if _referring(source.text):
            before = _runs_before(paragraphs, index, first)
            for n, (p_index, start, stop, at) in enumerate(before):
                if source.start - at > ANTECEDENT_WINDOW or n >= ANTECEDENT_RUNS:
                    break
                _add(windows, p_index, start, stop)
                # the antecedent found may be a short name too ("Justice" for "Jim Justice")
                names |= _name_words(paragraphs[p_index].doc[start:stop].text)
    if names:
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        full = re.compile(rf"\b([A-Z][\w’'.-]*)\s+({alternatives})\b")
        seen: dict[str, int] = {}
        prefixes = _words("ner_name_prefixes") | {str(w) for w in load("sources")["honorifics"]}
        for p in paragraphs:
            for m in full.finditer(doc_text(p.doc)):
                name = m.group(2)
                if m.group(1).rstrip(".").lower() in prefixes or seen.get(name, 0) >= NAME_HITS:
                    continue  # "Mr. Trump" names no one more fully than "Trump"
                seen[name] = seen.get(name, 0) + 1
                span = p.doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    _add(windows, p.index, span.start, span.end)
    return windows


# --------------------------------------------------------------------------- tagging


def _widen(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Add :data:`MARGIN` tokens each side, not stopping inside a run of capitalised words."""
    start = max(0, start - MARGIN)
    end = min(len(doc), end + MARGIN)
    while start > 0 and _capitalised(doc[start]) and _capitalised(doc[start - 1]):
        start -= 1
    while end < len(doc) and _capitalised(doc[end - 1]) and _capitalised(doc[end]):
        end += 1
    return start, end


def _merged(doc: Doc, ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(_widen(doc, s, e) for s, e in ranges if e > s):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def tag_entities(paragraphs: Sequence[Paragraph], nlp: Language, windows: Windows) -> int:
    """Run ``nlp``'s ``ner`` on the token windows of the paragraphs and keep its labels.

    Tokens already labelled keep their labels (a window is still run whole, for its
    context). Entities touching a window's cut edge are dropped (they may be cut short);
    the window's other tokens are marked as outside any entity.

    Returns:
        The number of tokens the recogniser was run on.
    """
    if "ner" not in nlp.pipe_names or not windows:
        return 0
    from spacy.tokens import Doc

    ner: Any = nlp.get_pipe("ner")
    jobs: list[tuple[Doc, int, int]] = []
    subdocs: list[Doc] = []
    by_index = {p.index: p for p in paragraphs}
    for index, ranges in windows.items():
        doc = by_index[index].doc
        for start, end in _merged(doc, ranges):
            if all(t.ent_iob != 0 for t in doc[start:end]):
                continue  # labelled in an earlier pass
            # a fresh Doc of the words (all the recogniser reads: it has its own tok2vec)
            # costs a thirtieth of Span.as_doc, and carries no preset labels
            words = [t.text for t in doc[start:end]]
            spaces = [bool(t.whitespace_) for t in doc[start:end]]
            subdocs.append(Doc(doc.vocab, words=words, spaces=spaces))
            jobs.append((doc, start, end))
    for sub, (doc, start, end) in zip(ner.pipe(subdocs), jobs, strict=True):
        _keep(doc, start, end, sub)
    return sum(end - start for _, start, end in jobs)


def _keep(doc: Doc, start: int, end: int, sub: Doc) -> None:
    """Copy ``sub``'s entities (a window ``doc[start:end]``) onto the untagged tokens."""
    from spacy.tokens import Span as SpacySpan

    cut_left = start > 0
    cut_right = end < len(doc)
    entities: list[SpacySpan] = []
    unknown: set[int] = set()
    for ent in sub.ents:
        s, e = start + ent.start, start + ent.end
        touches = (cut_left and ent.start == 0) or (cut_right and ent.end == len(sub))
        if touches or any(doc[i].ent_iob != 0 for i in range(s, e)):
            unknown.update(range(s, e))
            continue
        entities.append(SpacySpan(doc, s, e, label=ent.label_))
    inside = {i for x in entities for i in range(x.start, x.end)}
    outside = [
        doc[i : i + 1]
        for i in range(start, end)
        if doc[i].ent_iob == 0 and i not in unknown and i not in inside
    ]
    doc.set_ents(entities, outside=outside, default="unmodified")
