"""The source of an attribution: kind, resolved name, title, jurisdiction, qualifier.

``describe_source`` reads the source phrase as written:

* a document ("their 2023 survey", "a report by the Associated Press", "A tweet from
  Chilean journalist Marta Quiroga") is credited to its author; the act noun is kept
  for the medium. Where it appeared is no author: "A study published in the journal Nature"
  is an unattributed (vague) study, the journal being the medium's via; only a listed news
  outlet is read as the author of what appeared in it ("a report in The Guardian");
* a pronoun ("she", "they") or a definite generic reference ("the researchers", "the
  newspaper", "the minister") is resolved to the nearest earlier fitting mention, whose
  offsets become ``antecedent`` (the rules: :mod:`coreference`, which also re-reads
  pronouns against the article's speakers once every source is read);
* "their" before an anonymous or vague head ("Their representatives") right after an
  unnamed group written as a subject ("delegates from several island nations walked out")
  is that group: a vague source whose name and antecedent are the group's words;
* a named source is split into qualifier, jurisdiction, title and name (:mod:`titles`;
  particles belong to the name: "Ursula von der Leyen"), with a title from an apposition
  when the phrase has none ("Rosa Vidal, the league's secretary general, said"); a person's
  full name closing an otherwise unreadable phrase is the name ("9/11 widow Terry
  Strada"); an outlet keeps its listed "The" ("The Guardian");
* an unnamed one is anonymous ("a spokesperson for…", "officials", "sources familiar
  with…", "a judge"), vague ("experts", "critics", "some citizens", "others", "a recent
  study" without author, "Republicans") or a named body's group ("the Mexican
  government", "Chavez’s legal team": organisation); a definite role noun that cannot be
  resolved ("the mayor") is a person without a name; "groups of protesters" is read as
  "protesters"; a lone possessive ("Trump’s") as its possessor.

For unnamed sources an affiliation ("for Peru’s Ministry of Foreign Affairs", "at the
Wilson Center", "in two other delegations") is given as ``jurisdiction`` when no
jurisdiction is written before the head: it says whom they speak for, which may be no
country or body a knowledge base knows. Word lists live in ``data/sources.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from sourcecheck.extract.coreference import (
    Reference,
    group_antecedent,
    is_personal_pronoun,
    name_span,
    pronoun_kinds,
    resolve,
    resolve_pronoun,
)
from sourcecheck.extract.intervals import by_position, in_order
from sourcecheck.extract.lexicon import load
from sourcecheck.extract.mentions import (
    ORGANISATION,
    OUTLET,
    PERSON,
    PLACE,
    Mention,
    full_name,
    has_organisation_word,
    is_outlet,
    outlet_names,
)
from sourcecheck.extract.titles import PhraseParse, is_demonym, parse_phrase, title_words
from sourcecheck.records import Source, SourceKind, Span

_POSSESSIVE_END = re.compile(r"[’']s?$")

__all__ = [
    "SourceReading",
    "describe_source",
    "is_personal_pronoun",
    "is_plural_pronoun",
    "name_span",
]


@dataclass(frozen=True, slots=True)
class SourceReading:
    """A source and what its phrase says about the medium.

    Attributes:
        source: The source record.
        document: The act noun inside the source phrase ("survey" in "their 2023 survey").
        generic: True when the source is a generic reference resolved to ``antecedent``
            ("the researchers"): the medium may be read next to the antecedent.
    """

    source: Source
    document: Span | None = None
    generic: bool = False


@dataclass(frozen=True, slots=True)
class _Lexicon:
    generic: dict[str, Reference]
    anonymous_heads: frozenset[str]
    anonymous_phrases: re.Pattern[str]
    vague_heads: frozenset[str]
    group_heads: frozenset[str]
    group_names: frozenset[str]
    partitive_heads: frozenset[str]
    document: re.Pattern[str]


@cache
def _lexicon() -> _Lexicon:
    data = load("sources")
    acts = sorted((str(a) for a in load("media")["acts"]), key=len, reverse=True)
    act_alt = "|".join(re.escape(a) for a in acts)
    possessives = [p for p in data["pronouns"] if p in ("their", "its", "his", "her")]
    generic = {
        str(k): Reference(tuple(v["kinds"]), v.get("title"), v.get("match") == "name")
        for k, v in data["generic_references"].items()
    }
    phrases = "|".join(re.escape(str(p)) for p in data["anonymous_phrases"])
    verbs = "|".join(re.escape(str(v)) for v in data["document_channel_verbs"])
    return _Lexicon(
        generic=generic,
        anonymous_heads=frozenset(str(w) for w in data["anonymous_heads"]),
        anonymous_phrases=re.compile(rf"\b(?:{phrases})\b", re.IGNORECASE),
        vague_heads=frozenset(str(w) for w in data["vague_heads"]),
        group_heads=frozenset(str(w) for w in data["group_heads"]),
        group_names=frozenset(str(w).lower() for w in data["group_names"]),
        partitive_heads=frozenset(str(w).lower() for w in data["partitive_heads"]),
        # [det | possessive | Owner’s] [up to 3 modifiers] ACT [verb? by/from/of AUTHOR]
        document=re.compile(
            rf"^(?:(?P<det>the|a|an|this|that|one)\s+|(?P<poss>{'|'.join(possessives)})\s+"
            rf"|(?P<owner>[A-Z][^’']{{0,60}}?)[’']s\s+)?"
            rf"(?P<mods>(?:[\w/&.’'-]+\s+){{0,3}}?)(?P<act>{act_alt})"
            rf"(?:\s+(?:[a-z]+\s+)?(?:by|from|of|at)\s+(?P<author>\S.*)"
            # "published in the journal Nature": where it appeared, not who wrote it
            rf"|\s+(?:(?P<verb>{verbs})\s+)?(?:in|on)\s+(?P<channel>\S.*))?$",
            re.IGNORECASE | re.DOTALL,
        ),
    )


def describe_source(
    text: str, span: Span, mentions: Sequence[Mention], groups: Sequence[Mention] = ()
) -> SourceReading:
    """Read the source phrase ``span`` of ``text`` (see the module docstring).

    Args:
        text: The article text.
        span: The source as the span finder gave it.
        mentions: Named mentions of the article (:func:`mentions.find_mentions`).
        groups: Unnamed plural subjects (:func:`mentions.find_groups`), which "their" in
            "Their representatives" may refer to.
    """
    lex = _lexicon()
    owned = _owned_by_group(span, mentions, groups)
    if owned is not None:
        return owned
    m = lex.document.match(span.text)
    if (
        m
        and not m.group("owner")
        and not _plain_modifiers(m.group("mods"))
        # "The New York Post" is a name, not a post
        and m.group("act").islower()
    ):
        # "a recent Reuters survey": the capitalised modifier is the owner.
        act = Span(span.start + m.start("act"), span.start + m.end("act"), m.group("act"))
        owner = _capitalised_in(text, span.start + m.start("mods"), span.start + m.end("mods"))
        if owner is not None:
            inner = _describe_phrase(text, owner, mentions)
            return SourceReading(replace(inner.source, span=span), act, inner.generic)
    if m and _plain_modifiers(m.group("mods")):
        act = Span(span.start + m.start("act"), span.start + m.end("act"), m.group("act"))
        outlet = _outlet_at(text, span.start + m.start("channel")) if m.group("channel") else None
        if m.group("channel") and outlet is None and not m.group("verb"):
            # "some polls in the Middle West": a place, not where the document appeared.
            return _describe_phrase(text, span, mentions)
        if m.group("author"):
            # The author ends at a comma: "a report by Reuters, her lawyers" is a finder slip.
            written = re.split(r"\s*,\s", m.group("author"), maxsplit=1)[0]
            a_start = span.start + m.start("author")
            author = Span(a_start, a_start + len(written), written)
            inner = _describe_phrase(text, author, mentions)
        elif outlet is not None:
            # "a report in The Guardian": a news report is the outlet's own.
            inner = _describe_phrase(text, outlet, mentions)
        elif m.group("owner"):
            owner = Span(
                span.start + m.start("owner"), span.start + m.end("owner"), m.group("owner")
            )
            inner = _describe_phrase(text, owner, mentions)
        elif m.group("poss"):
            inner = _resolve_pronoun(span, m.group("poss").lower(), mentions)
        else:
            inner = _unattributed_document(span, m.group("det"), act, mentions)
        return SourceReading(replace(inner.source, span=span), act, inner.generic)
    return _describe_phrase(text, span, mentions)


def _owned_by_group(
    span: Span, mentions: Sequence[Mention], groups: Sequence[Mention]
) -> SourceReading | None:
    """ "Their representatives" after "delegates from several island nations walked out".

    The unnamed members of an unnamed group are as vague as the group, which becomes the
    resolved name. Only when the nearest earlier group or named body is such a group
    (:func:`coreference.group_antecedent`); otherwise ``None`` (the phrase is read as usual:
    "Their spokesman", after a company, stays anonymous).
    """
    m = re.match(r"(\w+)\s+(?:[\w-]+\s+){0,2}([\w-]+)$", span.text)
    if m is None or m.group(1).lower() not in _plural_pronouns():
        return None
    lex = _lexicon()
    if m.group(2).lower() not in lex.anonymous_heads | lex.vague_heads:
        return None
    nearest = group_antecedent(span.start, mentions, groups)
    if nearest is None:
        return None
    source = Source(
        span=span, kind=SourceKind.VAGUE, name=nearest.span.text, antecedent=nearest.span
    )
    return SourceReading(source)


@cache
def _plural_pronouns() -> frozenset[str]:
    return frozenset(str(p) for p in load("sources")["plural_pronouns"])


def _outlet_at(text: str, start: int) -> Span | None:
    """A listed news outlet written at ``start`` (after an optional "the")."""
    lead = re.match(r"(?:the\s+)?", text[start:])
    at = start + (lead.end() if lead else 0)
    for m in re.finditer(r"[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*)*", text[at : at + 60]):
        if m.start() == 0 and is_outlet(m.group()):
            return Span(at, at + m.end(), m.group())
        break
    return None


def _unattributed_document(
    span: Span, determiner: str | None, act: Span, mentions: Sequence[Mention]
) -> SourceReading:
    """A document without an author: "the survey" refers back, "a study" is vague."""
    reference = _lexicon().generic.get(act.text.lower())
    if (
        determiner is not None
        and determiner.lower() in ("the", "this", "that")
        and (reference is not None)
    ):
        found = resolve(span.start, reference, None, mentions)
        if found is not None:
            return SourceReading(_resolved(span, found, mentions, None), generic=True)
    return SourceReading(Source(span=span, kind=SourceKind.VAGUE))


def _capitalised_in(text: str, start: int, end: int) -> Span | None:
    """The first run of capitalised words in ``text[start:end]``, skipping a first word."""
    for m in re.finditer(r"[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*", text[start:end]):
        if m.start() == 0 and " " not in m.group() and start > 0:
            continue  # "Recent" at the start of a sentence
        return Span(start + m.start(), start + m.end(), m.group())
    return None


def is_plural_pronoun(phrase: str) -> bool:
    """True for "they"/"their" alone or opening a document phrase ("their 2023 survey")."""
    words = phrase.strip().lower().split()
    return (
        bool(words)
        and words[0] in _plural_pronouns()
        and (len(words) == 1 or bool(_lexicon().document.match(phrase.strip())))
    )


def _plain_modifiers(mods: str) -> bool:
    """Modifiers before an act noun are adjectives or years, not a name ("Carter Center")."""
    words = mods.split()
    return all(
        w.islower() or w.isdigit() or (i == 0 and w[:1].isupper() and w[1:].islower())
        for i, w in enumerate(words)
    ) and not any(w[:1].isupper() for w in words[1:])


def _describe_phrase(text: str, span: Span, mentions: Sequence[Mention]) -> SourceReading:
    lex = _lexicon()
    word = span.text.strip().lower()
    if pronoun_kinds(word) is not None:
        return _resolve_pronoun(span, word, mentions)
    possessive = _POSSESSIVE_END.search(span.text)
    if possessive and len(span.text) > len(possessive.group()):
        # "Trump’s" (as in "Trump’s claim"): the possessor is the source.
        inner = Span(
            span.start, span.end - len(possessive.group()), span.text[: -len(possessive.group())]
        )
        reading = _describe_phrase(text, inner, mentions)
        return replace(reading, source=replace(reading.source, span=span))
    parsed = parse_phrase(text, span.start, span.end)
    if parsed.qualifier is None:
        parsed = replace(parsed, qualifier=_qualifier_before(text, span))
    if parsed.name is None:
        person = _person_at_end(span, parsed, mentions)
        if person is not None:
            # "9/11 widow Terry Strada": descriptors the reader does not know, then a name.
            parsed = replace(parsed, name=person, head=None)
    if parsed.name is not None and parsed.head is None:
        if _is_group_name(parsed.name.text):
            return SourceReading(
                Source(span=span, kind=SourceKind.VAGUE, jurisdiction=parsed.jurisdiction)
            )
        return SourceReading(_named(text, span, parsed, mentions))
    head = parsed.head.text.lower() if parsed.head is not None else ""
    affiliation = parsed.jurisdiction or parsed.affiliation
    base = Source(
        span=span,
        kind=SourceKind.UNKNOWN,
        title=parsed.title,
        jurisdiction=affiliation,
        qualifier=parsed.qualifier,
    )
    if lex.anonymous_phrases.search(span.text):
        return SourceReading(replace(base, kind=SourceKind.ANONYMOUS))
    reference = lex.generic.get(head)
    if reference is not None and reference.title is not None and parsed.title is not None:
        whole = title_words(parsed.title.text)
        if whole != title_words(head):
            # "the interior minister" refers to an interior minister, not to any minister.
            reference = replace(reference, title=whole)
    if (
        reference is not None
        and parsed.determiner in ("the", "this", "these", "those")
        and parsed.possessor is None
        # "the Vermont senator" still refers back; "the Mexican government" names a body.
        and (parsed.jurisdiction is None or reference.title is not None)
    ):
        found = resolve(span.start, reference, head, mentions)
        if found is not None:
            return SourceReading(_resolved(span, found, mentions, parsed), generic=True)
    if head in lex.partitive_heads and parsed.affiliation is not None:
        # "Small groups of protesters", "one of his advisers": the group after "of".
        reading = _describe_phrase(text, parsed.affiliation, mentions)
        return replace(reading, source=replace(reading.source, span=span))
    if (
        parsed.title is not None
        and parsed.name is None
        and parsed.head is not None
        # the head is the title or its listed part ("minister" of "interior minister")
        and parsed.title.contains(parsed.head)
    ):
        if parsed.determiner in ("a", "an", "one"):
            return SourceReading(replace(base, kind=SourceKind.ANONYMOUS))  # "a judge"
        if parsed.determiner in ("the", "this", "that"):
            return SourceReading(replace(base, kind=SourceKind.PERSON))  # "the mayor"
    if head in lex.group_heads:
        name_start = span.start + (len(span.text) - len(_strip_determiner(span.text)))
        return SourceReading(
            replace(
                base,
                kind=SourceKind.ORGANISATION,
                name=text[name_start : span.end],
                jurisdiction=parsed.jurisdiction,
            )
        )
    if head in lex.anonymous_heads:
        return SourceReading(replace(base, kind=SourceKind.ANONYMOUS))
    if head in lex.vague_heads:
        return SourceReading(replace(base, kind=SourceKind.VAGUE))
    return SourceReading(base)


def _person_at_end(span: Span, parsed: PhraseParse, mentions: Sequence[Mention]) -> Span | None:
    """A person's full name closing the phrase, outside any affiliation ("of Donald Trump").

    Only when it is the one person named in the phrase: "candidates Hillary Clinton and
    Donald Trump" are two.
    """
    near = in_order(by_position(mentions, "sources").reaching(span.start, span.end))
    people = [m for m in near if m.kind == PERSON and span.contains(m.span)]
    if len(people) != 1:
        return None
    name = people[0].span
    if (
        " " in name.text
        and span.start < name.start
        and name.end == span.end
        and (parsed.affiliation is None or not parsed.affiliation.overlaps(name))
    ):
        return name
    return None


def _is_group_name(name: str) -> bool:
    """ "Republicans", "Fellow Democrats", "Peruvians": a capitalised unspecified group."""
    last = name.split()[-1]
    return last.lower() in _lexicon().group_names or (last.endswith("s") and is_demonym(last[:-1]))


def _qualifier_before(text: str, span: Span) -> str | None:
    """A qualifier the span finder left out: "then" before "-Governor Ana Ruiz"."""
    m = re.search(r"(\w+)(?:-|\s+)$", text[max(0, span.start - 16) : span.start])
    if m is None and span.text.startswith("-"):
        m = re.search(r"(\w+)$", text[max(0, span.start - 16) : span.start])
    if m is not None and m.group(1).lower() in _qualifiers():
        return m.group(1).lower()
    return None


@cache
def _qualifiers() -> frozenset[str]:
    return frozenset(str(q).lower() for q in load("sources")["qualifiers"])


def _strip_determiner(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an|this|that|these|those)\s+", "", phrase, flags=re.IGNORECASE)


def _named(text: str, span: Span, parsed: PhraseParse, mentions: Sequence[Mention]) -> Source:
    """A source with a proper name: classify it and add an apposition's title."""
    assert parsed.name is not None
    name = parsed.name
    kind = _classify(name, parsed, mentions)
    title, jurisdiction, qualifier = parsed.title, parsed.jurisdiction, parsed.qualifier
    if kind is SourceKind.PERSON and title is None:
        apposition = _title_before(text, name) or _apposition(text, span, name)
        if apposition is not None:
            title = apposition.title
            jurisdiction = apposition.jurisdiction or jurisdiction
            qualifier = apposition.qualifier or qualifier
    antecedent: Span | None = None
    resolved = _outlet_name(text, name) if kind is SourceKind.ORGANISATION else name.text
    if kind is SourceKind.PERSON and " " not in name.text:
        mention = Mention(name, PERSON)
        fuller = full_name(mentions, mention)
        if fuller is not mention:
            resolved, antecedent = fuller.span.text, fuller.span
    return Source(
        span=span,
        kind=kind,
        name=resolved,
        antecedent=antecedent,
        title=title,
        jurisdiction=jurisdiction,
        qualifier=qualifier,
    )


def _outlet_name(text: str, name: Span) -> str:
    """An outlet's name as listed, with its "The" ("The Guardian", not "Guardian")."""
    written = text[max(0, name.start - 4) : name.start]
    if written.lower() == "the " and f"The {name.text}" in outlet_names():
        return f"The {name.text}"
    return name.text


_NAMES: tuple[object, frozenset[str]] | None = None


def _person_names(mentions: Sequence[Mention]) -> frozenset[str]:
    """Each named person's whole name and its last word ("Rosa Lagos", "Lagos"), worked
    out once per article's mentions."""
    global _NAMES
    if _NAMES is not None and _NAMES[0] is mentions:
        return _NAMES[1]
    names: set[str] = set()
    for m in mentions:
        if m.kind == PERSON:
            names.add(m.span.text)
            head, sep, last = m.span.text.rpartition(" ")
            if sep and head:
                names.add(last)
    found = frozenset(names)
    _NAMES = (mentions, found)
    return found


def _classify(name: Span, parsed: PhraseParse, mentions: Sequence[Mention]) -> SourceKind:
    if " " not in name.text and name.text in _person_names(mentions):
        return SourceKind.PERSON  # a surname of a named person ("Lagos" and "Rosa Lagos")
    for m in in_order(by_position(mentions, "sources").reaching(name.start, name.end)):
        if m.span.overlaps(name):
            if m.kind == PLACE:
                return SourceKind.ORGANISATION  # a country speaking: its government
            if m.kind == PERSON and not has_organisation_word(name.text):
                return SourceKind.PERSON
            if m.kind in (ORGANISATION, OUTLET):
                return SourceKind.ORGANISATION
    if (
        has_organisation_word(name.text)
        or is_outlet(name.text)
        or re.fullmatch(r"[A-Z]{2,8}|(?:[A-Z]\.){2,4}", name.text)
    ):
        return SourceKind.ORGANISATION
    if parsed.title is not None or parsed.honorific or len(name.text.split()) >= 2:
        return SourceKind.PERSON
    return SourceKind.UNKNOWN


_APPOSITION_AFTER = re.compile(r"\s*,\s*(?P<phrase>(?:(?:the|a|an)\s+)?[^,.;:“”\"]{2,80}?)\s*,")
_APPOSITION_INSIDE = re.compile(r"\s*,\s*(?P<phrase>(?:the|a|an)\s+[^,.;:“”\"]{2,80}?)\s*(?:,|$)")
_APPOSITION_BEFORE = re.compile(
    r"(?:^|[.;:!?”\"]\s+|\s)(?P<phrase>(?:the|The|a|A|an|An)\s+[^,.;:“”\"]{2,80}?)\s*,\s*$"
)


def _title_before(text: str, name: Span) -> PhraseParse | None:
    """The title written just before a name the span finder gave alone ("journalist [X]")."""
    before = text[max(0, name.start - 80) : name.start]
    before = re.split(r"[.;:!?,()“”\"]", before)[-1]
    origin = name.start - len(before)
    for word in re.finditer(r"\S+", before):
        parsed = parse_phrase(text, origin + word.start(), name.end)
        if parsed.title is not None and parsed.name == name:
            return parsed
    return None


def _apposition(text: str, span: Span, name: Span | None = None) -> PhraseParse | None:
    """The title in "Rosa Vidal, the league's secretary general, said" (or written before).

    The apposition may lie inside the span the finder gave ("Elez Biberaj, the director
    of …") when ``name`` ends before the span does.
    """
    candidates: list[tuple[int, int]] = []
    if name is not None and name.end < span.end:
        inside = _APPOSITION_INSIDE.match(text, name.end, span.end)
        if inside:
            candidates.append(inside.span("phrase"))
    after = _APPOSITION_AFTER.match(text, span.end, min(len(text), span.end + 100))
    if after:
        candidates.append(after.span("phrase"))
    before = _APPOSITION_BEFORE.search(text, max(0, span.start - 100), span.start)
    if before:
        candidates.append(before.span("phrase"))
    for start, end in candidates:
        parsed = parse_phrase(text, start, end)
        if parsed.title is not None and parsed.name is None:
            return parsed
    return None


def _resolve_pronoun(span: Span, pronoun: str, mentions: Sequence[Mention]) -> SourceReading:
    found = resolve_pronoun(span.start, pronoun, mentions)
    if found is None:
        return SourceReading(Source(span=span, kind=SourceKind.UNKNOWN))
    return SourceReading(_resolved(span, found, mentions, None))


def _resolved(
    span: Span, found: Mention, mentions: Sequence[Mention], parsed: PhraseParse | None
) -> Source:
    found = full_name(mentions, found)
    kind = SourceKind.PERSON if found.kind == PERSON else SourceKind.ORGANISATION
    return Source(
        span=span,
        kind=kind,
        name=found.span.text,
        antecedent=found.span,
        title=parsed.title if parsed is not None else None,
        jurisdiction=parsed.jurisdiction if parsed is not None else None,
        qualifier=parsed.qualifier if parsed is not None else None,
    )
