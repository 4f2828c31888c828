"""Named mentions of the article (people, organisations, outlets), for resolving references.

Candidate paragraphs are parsed, so their named entities come from the model; every
paragraph (parsed or not) is also scanned with cheap patterns: capitalised names holding an
organisation word ("Brookings Institution"), known news outlets ("Reuters") and titled
people ("Foreign Minister Alicia Bárcena").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.lexicon import load
from sourcecheck.extract.titles import parse_phrase
from sourcecheck.extract.types import Paragraph
from sourcecheck.records import Span

#: Kinds of mention.
PERSON = "person"
ORGANISATION = "organisation"
OUTLET = "outlet"
PLACE = "place"

_LABELS = {
    "PERSON": PERSON,
    "ORG": ORGANISATION,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    "NORP": PLACE,
}
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_TRAILING_POSSESSIVE = re.compile(r"[’']s?$")
_ACRONYM_AFTER = re.compile(r"\s*\([A-Z][A-Za-z.&]{1,10}\)")
_CAPITALISED_RUN = re.compile(
    r"(?:[A-Z][\w’'.&-]*|\([A-Z]{2,10}\))(?:\s+(?:(?:of|for|de|and|on|the)\s+)?"
    r"(?:[A-Z][\w’'.&-]*|\([A-Z]{2,10}\)))*"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A named mention.

    Attributes:
        span: The name as written, without a leading "the" or a trailing possessive.
        kind: ``person``, ``organisation``, ``outlet`` or ``place``.
        title: The title written before a person's name, in lower case ("foreign minister").
    """

    span: Span
    kind: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    organisation_words: frozenset[str]
    outlets: re.Pattern[str]
    outlet_names: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    outlets = [str(o) for o in load("media")["outlets"]]
    alternatives = "|".join(re.escape(o) for o in sorted(outlets, key=len, reverse=True))
    return _Lexicon(
        organisation_words=frozenset(str(w) for w in load("sources")["organisation_words"]),
        outlets=re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"),
        outlet_names=frozenset(outlets),
    )


def is_outlet(name: str) -> bool:
    """True for a news outlet listed in ``media.yml`` ("Reuters", "BBC News")."""
    return _LEADING_THE.sub("", name) in _lexicon().outlet_names or name in _lexicon().outlet_names


def has_organisation_word(name: str) -> bool:
    """True when a word of ``name`` marks an organisation ("Institution", "Ministry")."""
    words = re.findall(r"[\w.]+", name.lower())
    return any(w in _lexicon().organisation_words for w in words)


def _clean(text: str, start: int, end: int) -> Span | None:
    """Trim a leading "the", a trailing possessive and spaces; extend by "(ACRONYM)"."""
    chunk = text[start:end]
    lead = _LEADING_THE.match(chunk)
    if lead:
        start += lead.end()
    chunk = text[start:end]
    tail = _TRAILING_POSSESSIVE.search(chunk)
    if tail and len(chunk) > len(tail.group()):
        end -= len(tail.group())
    acronym = _ACRONYM_AFTER.match(text, end)
    if acronym:
        end = acronym.end()
    if end <= start:
        return None
    return Span(start, end, text[start:end])


def find_mentions(text: str, paragraphs: Sequence[Paragraph]) -> list[Mention]:
    """Named mentions of ``text``, in text order; overlapping ones keep the longest."""
    found: list[Mention] = []
    lex = _lexicon()
    for p in paragraphs:
        for ent in p.doc.ents:
            kind = _LABELS.get(ent.label_)
            if kind is None:
                continue
            span = _clean(text, p.start + ent.start_char, p.start + ent.end_char)
            if span is None:
                continue
            if is_outlet(span.text):
                kind = OUTLET
            elif (
                kind in (PLACE, PERSON) and ent.label_ != "GPE" and has_organisation_word(span.text)
            ):
                kind = ORGANISATION  # "the Wilson Center" is often tagged FAC
            found.append(Mention(span, kind))
    for m in lex.outlets.finditer(text):
        found.append(Mention(Span(m.start(), m.end(), m.group()), OUTLET))
    for m in _CAPITALISED_RUN.finditer(text):
        span = _clean(text, m.start(), m.end())
        if span is None:
            continue
        if has_organisation_word(span.text) and " " in span.text:
            found.append(Mention(span, ORGANISATION))
            continue
        # Titled people in paragraphs the model did not see ("Foreign Minister Ana Ruiz").
        for word in re.finditer(r"\S+", span.text):
            parsed = parse_phrase(text, span.start + word.start(), span.end)
            if parsed.title is not None and parsed.name is not None:
                if " " in parsed.name.text:
                    found.append(Mention(parsed.name, PERSON, parsed.title.text.lower()))
                break
    return [_with_title(text, m) for m in _longest(found)]


def _with_title(text: str, mention: Mention) -> Mention:
    """Add the title written just before a person's name ("journalist Gustavo Gorriti")."""
    if mention.kind != PERSON or mention.title:
        return mention
    before = text[max(0, mention.span.start - 80) : mention.span.start]
    before = re.split(r"[.;:!?,()“”\"]", before)[-1]
    origin = mention.span.start - len(before)
    for word in re.finditer(r"\S+", before):
        parsed = parse_phrase(text, origin + word.start(), mention.span.end)
        if parsed.title is not None and parsed.name == mention.span:
            return Mention(mention.span, PERSON, parsed.title.text.lower())
    return mention


def _longest(found: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions; carry a person's title over."""
    titles = {m.span.start: m.title for m in found if m.title}
    kept: list[Mention] = []
    priority = {OUTLET: 0, ORGANISATION: 1, PERSON: 2, PLACE: 3}
    ordered = sorted(found, key=lambda m: (m.span.start - m.span.end, priority[m.kind]))
    for m in ordered:
        if any(m.span.overlaps(k.span) for k in kept):
            continue
        title = m.title or titles.get(m.span.start)
        kept.append(Mention(m.span, m.kind, title) if title != m.title else m)
    return sorted(kept, key=lambda m: m.span.start)


def full_name(mentions: Sequence[Mention], mention: Mention) -> Mention:
    """The earliest fuller mention of the same person ("Betssy Chavez" for "Chavez")."""
    if mention.kind != PERSON or " " in mention.span.text:
        return mention
    surname = mention.span.text
    for m in mentions:
        if m.span.start >= mention.span.start:
            break
        if m.kind == PERSON and m.span.text.endswith(" " + surname):
            return m
    return mention
