"""Named mentions of the article (people, organisations, outlets), for resolving references.

Candidate paragraphs are parsed, so their named entities come from the model; every
paragraph (parsed or not) is also scanned with cheap patterns: capitalised names holding an
organisation word ("Brookings Institution"), known news outlets ("Reuters") and titled
people ("Foreign Minister Lena Ortiz").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sourcecheck.extract.lexicon import load
from sourcecheck.extract.titles import parse_phrase, title_words
from sourcecheck.extract.types import Paragraph
from sourcecheck.records import Span

#: Kinds of mention.
PERSON = "person"
ORGANISATION = "organisation"
OUTLET = "outlet"
PLACE = "place"
#: An unnamed group written as a plural subject ("delegates from several island nations").
GROUP = "group"

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


@dataclass(frozen=True, slots=True)
class Mention:
    """A named mention.

    Attributes:
        span: The name as written, without a leading "the" or a trailing possessive.
        kind: ``person``, ``organisation``, ``outlet`` or ``place``.
        title: The title written before a person's name, as plain lower-case words
            (:func:`~sourcecheck.extract.titles.title_words`: "foreign minister", "senator"
            for "Sen."), so that "the senator" finds "Sen. Ana Ruiz".
    """

    span: Span
    kind: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    organisation_words: frozenset[str]
    outlets: re.Pattern[str]
    outlet_names: frozenset[str]
    capitalised_run: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    outlets = [str(o) for o in load("media")["outlets"]]
    sources = load("sources")
    particles = _alt([str(w) for w in sources["name_particles"]])
    connectors = _alt([*(str(w) for w in sources["name_connectors"]), "and"])
    # A capitalised word ("Leyen", "al-Assad", "(LAPOP)"), then more, each perhaps after one
    # connector ("Ministry of Foreign Affairs") or up to three particles ("von der Leyen").
    word = rf"(?:(?:{particles})-)?[A-Z][\w’'.&-]*|\([A-Z]{{2,10}}\)"
    gap = r"[^\S\n]+"  # a name does not run across a line break
    link = rf"(?:(?:{connectors}){gap}|(?:(?:{particles}){gap}){{1,3}})?"
    return _Lexicon(
        organisation_words=frozenset(str(w) for w in sources["organisation_words"]),
        outlets=re.compile(rf"(?<![\w-])(?:{_alt(outlets)})(?![\w-])"),
        outlet_names=frozenset(outlets),
        capitalised_run=re.compile(rf"(?:{word})(?:{gap}{link}(?:{word}))*"),
    )


def is_outlet(name: str) -> bool:
    """True for a news outlet listed in ``media.yml`` ("Reuters", "BBC News")."""
    return _LEADING_THE.sub("", name) in _lexicon().outlet_names or name in _lexicon().outlet_names


def outlet_names() -> frozenset[str]:
    """The news outlets listed in ``media.yml``, as written there ("The Guardian")."""
    return _lexicon().outlet_names


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
    for m in lex.capitalised_run.finditer(text):
        span = _clean(text, m.start(), m.end())
        if span is None:
            continue
        titled = _titled_person(text, span)
        if titled:
            # "European Commission President Ursula von der Leyen": a person, and the body
            # before the title.
            found.extend(titled)
        elif has_organisation_word(span.text) and " " in span.text:
            found.append(Mention(span, ORGANISATION))
    return [_with_title(text, m) for m in _longest(found)]


def find_groups(text: str, paragraphs: Sequence[Paragraph]) -> list[Mention]:
    """Unnamed groups written as the plural subject of a clause, in text order.

    "delegates from several island nations walked out": what a following "their" may refer
    to ("Their representatives argue…"). The span is the plural noun with its modifiers and
    a prepositional phrase right after it, without a leading determiner, a relative clause or
    an apposition; subjects owned by a possessive ("Their representatives") are left out.
    """
    out: list[Mention] = []
    for p in paragraphs:
        doc = p.doc
        for tok in doc:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ != "NNS":
                continue
            if any(c.dep_ == "poss" for c in tok.children):
                continue
            first = tok.left_edge.i
            while first < tok.i and (doc[first].dep_ in ("det", "predet") or doc[first].is_punct):
                first += 1
            last = tok.i
            for child in tok.rights:
                if child.dep_ != "prep" or child.i != last + 1:
                    break
                last = child.right_edge.i
            start = p.start + doc[first].idx
            end = p.start + doc[last].idx + len(doc[last].text)
            out.append(Mention(Span(start, end, text[start:end]), GROUP))
    return out


def _titled_person(text: str, span: Span) -> list[Mention]:
    """A titled person named in a capitalised run ("Foreign Minister Ana Ruiz"), if any.

    Also finds them in paragraphs the model did not see. The person comes first, then a
    named body written before the title ("European Commission"), when there is one.
    """
    for word in re.finditer(r"\S+", span.text):
        parsed = parse_phrase(text, span.start + word.start(), span.end)
        if parsed.title is None or parsed.name is None:
            continue
        if " " not in parsed.name.text:
            return []
        out = [Mention(parsed.name, PERSON, title_words(parsed.title.text))]
        body = parsed.jurisdiction
        if body is not None and " " in body.text and has_organisation_word(body.text):
            out.append(Mention(body, ORGANISATION))
        return out
    return []


def _with_title(text: str, mention: Mention) -> Mention:
    """Add the title written just before a person's name ("journalist Marta Quiroga")."""
    if mention.kind != PERSON or mention.title:
        return mention
    before = text[max(0, mention.span.start - 80) : mention.span.start]
    before = re.split(r"[.;:!?,()“”\"]", before)[-1]
    origin = mention.span.start - len(before)
    for word in re.finditer(r"\S+", before):
        parsed = parse_phrase(text, origin + word.start(), mention.span.end)
        if parsed.title is not None and parsed.name == mention.span:
            return Mention(mention.span, PERSON, title_words(parsed.title.text))
    return mention


def _longest(found: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions; carry a person's title over."""
    titles = {m.span.start: m.title for m in found if m.title}
    kept: list[Mention] = []
    priority = {OUTLET: 0, ORGANISATION: 1, PERSON: 2, PLACE: 3}
    ordered = sorted(found, key=lambda m: (m.span.start - m.span.end, priority[m.kind]))
    # Kept spans never overlap: sorted by start, one binary search finds the neighbours
    # a new span could overlap (a scan of all kept ones was quadratic).
    starts: list[int] = []
    ends: list[int] = []
    for m in ordered:
        at = bisect.bisect_left(starts, m.span.start)
        if (at < len(starts) and starts[at] < m.span.end) or (
            at > 0 and ends[at - 1] > m.span.start
        ):
            continue
        starts.insert(at, m.span.start)
        ends.insert(at, m.span.end)
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
