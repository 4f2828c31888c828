"""Coreference: which earlier mention a pronoun or a generic reference stands for.

One distance, ``reference_distance`` in ``data/sources.yml`` (:func:`distance`), bounds every
look-back. The rules:

1. **Generic references** (:func:`resolve`): "the newspaper", "the researchers", "the
   minister" go to the nearest earlier mention of a fitting kind ("the minister" only to a
   person titled minister); "the ministry" first to the nearest body with "Ministry" in its
   name, and a noun marked ``match: name`` only so.
2. **Pronouns read alone** (:func:`resolve_pronoun`): the nearest earlier mention of a kind
   the pronoun may stand for (``pronouns`` in ``sources.yml``): what :mod:`sources` gives
   before the article's speakers are known.
3. **Speakers** (:func:`follow_speakers`, over the article's attributions in text order):
   a personal pronoun ("“…,” she said") goes to the nearest earlier *compatible* person who
   is the **subject** of a clause or a **speaker** (the named source of an earlier
   attribution): "Smith met Jones. He said…" is Smith. A person named only as an object is
   taken when no subject or speaker fits; one named only inside a quote or inside an
   attribution's content ("X said Putin…") never is. Compatible: the person's gender is
   unknown or the pronoun's — known from a gendered word before the name ("Mr.",
   "spokeswoman"), from a given name, or from a pronoun already resolved to that person
   (every "he"/"she"/"his"/"herself" of the text is read in order for this). A relative
   pronoun ("X, who calls herself…") makes no new speaker.
4. **Plural pronouns** ("they said", "their 2023 survey") continue the previous source of
   any known kind but a single person ("Clinton aides … they said"); "Their
   representatives" is an unnamed group written as a subject just before
   (:func:`group_antecedent`), when the nearest group or named body is one.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.intervals import by_position, in_order
from sourcecheck.extract.lexicon import load
from sourcecheck.extract.mentions import GROUP, ORGANISATION, OUTLET, PERSON, Mention, full_name
from sourcecheck.extract.paragraphs import split_paragraphs
from sourcecheck.extract.titles import parse_phrase
from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import Source, SourceKind, Span

#: Roles of a person candidate.
SUBJECT = "subject"
SPEAKER = "speaker"
OBJECT = "object"
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class Reference:
    """What a pronoun or generic noun may refer to.

    Attributes:
        kinds: Mention kinds (``person``, ``organisation``, ``outlet``).
        title: For persons, a title word the mention's title must hold ("minister").
        match_name: Only a body whose name holds the noun ("the ministry").
    """

    kinds: tuple[str, ...]
    title: str | None = None
    match_name: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A person a pronoun may refer to.

    Attributes:
        name: The resolved (fullest) name.
        where: Where that name is written (the antecedent of a resolved pronoun).
        end: Where the candidate ends in the text (a speaker: its source phrase).
        role: :data:`SUBJECT`, :data:`SPEAKER` or :data:`OBJECT`.
    """

    name: str
    where: Span
    end: int
    role: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    distance: int
    pronouns: dict[str, tuple[str, ...]]
    plural: frozenset[str]
    relative: frozenset[str]
    genders: dict[str, str]
    gendered_words: dict[str, str]
    given_names: dict[str, str]
    pronoun_pattern: re.Pattern[str]


def _by_gender(table: dict[str, list[str]]) -> dict[str, str]:
    return {str(w).lower(): str(g) for g, words in table.items() for w in words}


@cache
def _lexicon() -> _Lexicon:
    data = load("sources")
    genders = _by_gender(data["pronoun_genders"])
    return _Lexicon(
        distance=int(data["reference_distance"]),
        pronouns={str(k): tuple(v) for k, v in data["pronouns"].items()},
        plural=frozenset(str(p) for p in data["plural_pronouns"]),
        relative=frozenset(str(p) for p in data["relative_pronouns"]),
        genders=genders,
        gendered_words=_by_gender(data["gendered_words"]),
        given_names=_by_gender(data["given_names"]),
        pronoun_pattern=re.compile(
            rf"\b(?:{'|'.join(sorted(genders, key=len, reverse=True))})\b", re.IGNORECASE
        ),
    )


def distance() -> int:
    """How far back (characters) any reference looks for its antecedent."""
    return _lexicon().distance


def pronoun_kinds(pronoun: str) -> tuple[str, ...] | None:
    """The mention kinds ``pronoun`` may refer to; ``None`` for a word that is no pronoun."""
    return _lexicon().pronouns.get(pronoun.strip().lower())


def is_personal_pronoun(word: str) -> bool:
    """True for "he", "she", "his", "her"… (pronouns that refer to a person only)."""
    return pronoun_kinds(word) == (PERSON,)


def is_plural_word(word: str) -> bool:
    """True for "they", "them", "their", "theirs"."""
    return word.strip().lower() in _lexicon().plural


def name_span(source: Source) -> Span | None:
    """Where the resolved name of ``source`` is written (its antecedent, or inside its span)."""
    if source.antecedent is not None:
        return source.antecedent
    if source.name is None:
        return None
    at = source.span.text.find(source.name)
    if at < 0:
        return None
    start = source.span.start + at
    return Span(start, start + len(source.name), source.name)


def resolve(
    at: int, reference: Reference, head: str | None, mentions: Sequence[Mention]
) -> Mention | None:
    """The nearest mention before ``at`` that ``reference`` may point to (rules 1 and 2)."""
    window = in_order(by_position(mentions, "coreference").reaching(at - distance(), at))
    before = [m for m in window if m.span.end <= at and at - m.span.start <= distance()]
    if head is not None:
        # "the ministry" → the nearest "… Ministry …"
        for m in reversed(before):
            if m.kind in (ORGANISATION, OUTLET) and re.search(
                rf"\b{re.escape(head)}\b", m.span.text, re.IGNORECASE
            ):
                return m
    if reference.match_name:
        return None
    for m in reversed(before):
        kind = ORGANISATION if m.kind == OUTLET and "outlet" not in reference.kinds else m.kind
        if kind == OUTLET and "organisation" in reference.kinds:
            return m
        if kind not in reference.kinds:
            continue
        if reference.title is not None and (m.title is None or reference.title not in m.title):
            continue
        return m
    return None


def resolve_pronoun(at: int, pronoun: str, mentions: Sequence[Mention]) -> Mention | None:
    """The nearest mention before ``at`` of a kind ``pronoun`` may refer to (rule 2)."""
    return resolve(at, Reference(pronoun_kinds(pronoun) or ()), None, mentions)


def group_antecedent(
    at: int, mentions: Sequence[Mention], groups: Sequence[Mention]
) -> Mention | None:
    """The unnamed group "Their" (at ``at``) refers to, when the nearest group or body is one."""
    before = [
        g
        for g in (*groups, *(x for x in mentions if x.kind in (ORGANISATION, OUTLET)))
        if g.span.end <= at and at - g.span.end <= distance()
    ]
    if not before:
        return None
    nearest = max(before, key=lambda g: g.span.end)
    return nearest if nearest.kind == GROUP else None


def follow_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    relations: Sequence[Relation],
    sources: Sequence[Source | None],
    documents: Sequence[bool],
    mentions: Sequence[Mention],
) -> list[Source | None]:
    """The sources of ``relations`` (in text order) with pronouns resolved by rules 3 and 4.

    ``sources[i]`` is the reading of ``relations[i].source`` alone (:mod:`sources`);
    ``documents[i]`` says whether that phrase is a document ("their 2023 survey"). A
    pronoun's reading is replaced, every other one kept.
    """
    lex = _lexicon()
    quotes = _merged(quoted_regions(text))
    hidden = _merged([*quotes, *((r.content.start, r.content.end) for r in relations)])
    pool = person_candidates(text, paragraphs, mentions, hidden)  # grows by the speakers
    genders = _name_genders(text, mentions)
    # A pronoun that is a source is read with its attribution ("she said"); one inside a
    # longer source phrase ("X, who calls herself…") is gender evidence like any other.
    source_spans = {(r.source.start, r.source.end) for r in relations if r.source}
    # Events in text order: attribution sources, and every other gendered pronoun (outside
    # quotation marks), which only tells the gender of the person it resolves to.
    events: list[tuple[int, int, str]] = [
        (r.source.start, i, "") for i, r in enumerate(relations) if r.source is not None
    ]
    for m in lex.pronoun_pattern.finditer(text):
        if (m.start(), m.end()) not in source_spans and not _inside(m.start(), quotes):
            events.append((m.start(), -1, lex.genders[m.group().lower()]))
    out = list(sources)
    last: tuple[Source, int] | None = None  # the last source of any known kind
    for at, i, gender in sorted(events):
        if i < 0:
            found = _antecedent(at, gender, pool, genders)
            if found is not None:
                genders.setdefault(name_key(found.name), gender)
            continue
        relation, source = relations[i], out[i]
        assert relation.source is not None
        if source is None:
            continue
        word = relation.source.text.strip().lower()
        first = word.split()[0] if word else ""
        if word in lex.genders or is_personal_pronoun(word):
            source = _speaker_reading(source, at, lex.genders.get(word), pool, genders)
        elif (
            is_plural_word(first)
            and (first == word or documents[i])
            and last is not None
            and at - last[1] <= lex.distance
        ):
            source = _continued(source, last[0], at)
        out[i] = source
        if source.kind is SourceKind.PERSON and source.name and word not in lex.relative:
            where = name_span(source)
            if where is not None:
                pool.append(Candidate(source.name, where, relation.source.end, SPEAKER))
        if source.kind not in (SourceKind.UNKNOWN, SourceKind.PERSON):
            last = (source, relation.source.end)
    return out


def _speaker_reading(
    source: Source, at: int, gender: str | None, pool: Sequence[Candidate], genders: dict[str, str]
) -> Source:
    """A personal pronoun's source: the nearest compatible subject or speaker (rule 3)."""
    found = _antecedent(at, gender, pool, genders)
    if found is None:
        return Source(span=source.span, kind=SourceKind.UNKNOWN)
    if gender is not None:
        genders.setdefault(name_key(found.name), gender)
    return Source(span=source.span, kind=SourceKind.PERSON, name=found.name, antecedent=found.where)


def _continued(source: Source, last: Source, at: int) -> Source:
    """ "they said" after "Clinton aides": the previous source (rule 4)."""
    where = name_span(last) or last.span
    if where.end > at:
        return source
    return Source(
        span=source.span,
        kind=last.kind,
        name=last.name,
        antecedent=where,
        jurisdiction=last.jurisdiction,
    )


def _antecedent(
    at: int, gender: str | None, pool: Sequence[Candidate], genders: dict[str, str]
) -> Candidate | None:
    """The nearest candidate before ``at`` of a compatible gender: subjects and speakers
    first, objects only when none fits."""
    reach = _lexicon().distance
    fitting = [
        c
        for c in pool
        if c.end <= at
        and c.where.end <= at
        and at - c.end <= reach
        and (gender is None or genders.get(name_key(c.name), gender) == gender)
    ]
    for roles in ((SUBJECT, SPEAKER), (OBJECT,)):
        chosen = [c for c in fitting if c.role in roles]
        if chosen:
            return max(chosen, key=lambda c: c.end)
    return None


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Stretches inside quotation marks, sorted; an unclosed quote runs to its paragraph's end."""
    out: list[tuple[int, int]] = []
    for start, chunk in split_paragraphs(text):
        for m in re.finditer(r"“[^”]*(?:”|$)", chunk):
            out.append((start + m.start(), start + m.end()))
        marks = [m.start() for m in re.finditer(r'"', chunk)]
        marks.append(len(chunk))
        for a, b in zip(marks[0::2], marks[1::2], strict=False):
            out.append((start + a, start + b + 1))
    return sorted(out)


def _merged(regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``regions`` as sorted disjoint stretches (a quote inside a content is one)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _inside(at: int, regions: Sequence[tuple[int, int]]) -> bool:
    """True when ``at`` lies inside one of the sorted disjoint ``regions``."""
    i = bisect.bisect_right(regions, (at, sys.maxsize)) - 1
    return i >= 0 and regions[i][0] <= at < regions[i][1]


def person_candidates(
    text: str,
    paragraphs: Sequence[Paragraph],
    mentions: Sequence[Mention],
    hidden: Sequence[tuple[int, int]],
) -> list[Candidate]:
    """Named persons outside ``hidden`` stretches (quotes, contents), as subjects or objects."""
    starts = [p.start for p in paragraphs]
    out: list[Candidate] = []
    people = [m for m in mentions if m.kind == PERSON]
    for m in sorted([*people, *_surnames(text, mentions)], key=lambda m: m.span.start):
        if _inside(m.span.start, hidden):
            continue
        fuller = full_name(people, m)
        role = SUBJECT if _is_subject(text, paragraphs, starts, m.span) else OBJECT
        out.append(Candidate(fuller.span.text, fuller.span, m.span.end, role))
    return out


def name_key(name: str) -> str:
    """A person's name as candidates and genders are keyed ("Victor Lund." → "Victor Lund")."""
    return name.rstrip(".")


def _surnames(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Surnames of named persons written alone where no mention was found ("Carter was
    asked…" in a paragraph the model did not read)."""
    names = {name_key(m.span.text).split()[-1] for m in mentions if m.kind == PERSON}
    names = {n for n in names if n[:1].isupper() and len(n) > 2}
    if not names:
        return []
    # The model often tags a surname alone as an organisation ("Trump included…" after
    # "Donald Trump"): such a mention is the person's, not a place the surname is taken.
    taken = _merged(
        [
            (m.span.start, m.span.end)
            for m in mentions
            if m.kind == PERSON or name_key(m.span.text) not in names
        ]
    )
    pattern = re.compile(rf"(?<![\w.-])(?:{'|'.join(map(re.escape, sorted(names)))})(?![\w-])")
    out: list[Mention] = []
    for m in pattern.finditer(text):
        if not _inside(m.start(), taken):
            out.append(Mention(Span(m.start(), m.end(), m.group()), PERSON))
    return out


def _is_subject(
    text: str, paragraphs: Sequence[Paragraph], starts: Sequence[int], span: Span
) -> bool:
    """True when ``span`` names the subject of its clause (or its apposition).

    From the parse where the paragraph was parsed; else when only a title phrase precedes
    the name in its sentence and a verb or an apposition follows ("Carter was asked…").
    """
    i = bisect.bisect_right(starts, span.start) - 1
    if i >= 0:
        p = paragraphs[i]
        if span.end <= p.start + len(p.doc.text):
            words = p.doc.char_span(
                span.start - p.start, span.end - p.start, alignment_mode="expand"
            )
            if words is not None and len(words):
                root = words.root
                dep = root.head.dep_ if root.dep_ == "appos" else root.dep_
                return dep in _SUBJECT_DEPS
    lead = re.search(
        r"(?:^|[.!?][\"”’]?\s+|\n)(?=[^\n]*$)", text[max(0, span.start - 120) : span.start]
    )
    if lead is None:
        return False
    begin = max(0, span.start - 120) + lead.end()
    if begin < span.start and parse_phrase(text, begin, span.end).name != span:
        return False
    return re.match(r"\s*(?:,|[a-z])", text[span.end : span.end + 3]) is not None


def _name_genders(text: str, mentions: Sequence[Mention]) -> dict[str, str]:
    """Gender by resolved name, from a gendered word before it or its title, or a given name."""
    lex = _lexicon()
    out: dict[str, str] = {}
    for m in mentions:
        if m.kind != PERSON:
            continue
        name = name_key(full_name(mentions, m).span.text)
        before = re.findall(r"[A-Za-z]+", text[max(0, m.span.start - 16) : m.span.start])
        words = [*(before[-1:]), *((m.title or "").split()[-1:])]
        gender = next(
            (lex.gendered_words[w.lower()] for w in words if w.lower() in lex.gendered_words), None
        )
        if gender is None:
            gender = lex.given_names.get(name.split()[0].lower()) if " " in name else None
        if gender is not None:
            out.setdefault(name, gender)
    return out


__all__ = [
    "Candidate",
    "Reference",
    "distance",
    "follow_speakers",
    "group_antecedent",
    "is_personal_pronoun",
    "is_plural_word",
    "name_span",
    "person_candidates",
    "pronoun_kinds",
    "quoted_regions",
    "resolve",
    "resolve_pronoun",
]
