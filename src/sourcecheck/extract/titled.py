"""Titled mentions: every person named with a title anywhere in the article.

"then-Governor Ana Ruiz tried to close the legislature", "with German Chancellor
Friedrich Merz and French President Emmanuel Macron", "Rosa Vidal, the league's secretary
general, said": the checks verify these titles whether or not the person is the source of an
attribution. No model is run: a regex of the listed titles finds where a title is written,
the words before it that may belong to the phrase (qualifier, jurisdiction, rank,
portfolio) are taken back, and :func:`~sourcecheck.extract.titles.parse_phrase` reads the
phrase with the same vocabulary as the sources (``data/sources.yml``).

Left out: a title with no name ("the president said"), an honorific alone ("Dr. Jane
Smith"), a possessive title ("President’s Council"), a name after other words ("the
press secretary and reported…"), section labels (short or title-case lines) and names
that are bodies or places ("General Motors").
"""

from __future__ import annotations

import re
from functools import cache

from sourcecheck.extract.lexicon import load
from sourcecheck.extract.mentions import has_organisation_word
from sourcecheck.extract.titles import PhraseParse, parse_phrase
from sourcecheck.extract.vocabulary import (
    ACRONYM,
    Token,
    is_demonym,
    known_place,
    lexicon,
    tokens,
)
from sourcecheck.records import Article, PersonMention, Span

#: Where a phrase stops: clause punctuation, a line break, or a full stop (see _ends_sentence).
_STOP = re.compile(r"[;:!?()\[\]“”\"—–\n]|--|''|,|\.(?=\s|$)")
#: The word before a full stop.
_WORD_END = re.compile(r"[\w’'.-]*$")
#: How far (characters) the phrase may reach on either side of the title.
_REACH = 80
#: How many words before the title may belong to the phrase.
_BACK = 6
#: What may stand between a title and its name: spaces, a comma, a listed jurisdiction.
_BETWEEN = re.compile(r"[^\S\n]*,?[^\S\n]*")
#: A possessive closing a name ("Donald Trump’s campaign").
_POSSESSIVE_AFTER = re.compile(r"[^\S\n]+(?P<word>[A-Z][\w-]*)[’']s\b")
#: Where an affiliation in an apposition ends ("…, president of the NAACP, which …").
_CLAUSE_END = re.compile(r"[,;:)]|\b(?:who|which|that)\b")
#: The first word of a name and the spaces after it.
_FIRST_WORD = re.compile(r"(\S+)\s+")
#: What follows the title of an apposition ("…, the OAS secretary general, said").
_APPOSITION_END = re.compile(r"\s*(?:[,.;:)]|$|(?:who|which|that)\b)")
#: A section label: a short line without final punctuation ("The Unfolding Crisis"), or a
#: title-case line ("Hillary Asks Moderator To Check Trump").
_LABEL_WORDS = 14
_TITLE_CASE = 0.8


@cache
def _title_pattern() -> re.Pattern[str]:
    """Every listed title as written ("Gov.", "Secretary-General"), the longest first.

    A full stop (optional) only where the list writes one (so "secretary of state." at the
    end of a sentence is "secretary of state"); not after a word or "5 " ("5 PM"); not
    before a possessive ("President’s Council"). The titles are folded into a trie: one
    alternation per character instead of one per title (it runs over every article).
    """
    units: list[list[str]] = []
    for title in load("sources")["titles"]:
        seq: list[str] = []
        for k, part in enumerate(re.split(r"[\s-]+", str(title).lower())):
            if k:
                seq.append(r"[\s-]+")
            seq.extend(re.escape(c) for c in part.rstrip("."))
            if part.endswith("."):
                seq.append(r"\.?")
        units.append(seq)
    return re.compile(rf"(?<![\w’'.])(?<!\d )(?:{_trie(units)})(?![\w’'-])", re.IGNORECASE)


_END = ""
_Trie = dict[str, "_Trie"]


def _trie(sequences: list[list[str]]) -> str:
    """A regex matching any of ``sequences`` (lists of regex units), longest first."""
    root: _Trie = {}
    for seq in sequences:
        node = root
        for unit in seq:
            node = node.setdefault(unit, {})
        node[_END] = {}

    def emit(node: _Trie) -> str:
        branches = [unit + emit(child) for unit, child in sorted(node.items()) if unit != _END]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 else branches[0]
        if _END in node:
            return f"(?:{body})?"  # greedy: the longer title is tried first
        return body

    return emit(root)


@cache
def _abbreviations() -> frozenset[str]:
    """Words whose full stop ends no sentence ("Gov.", "Dr.", "Jr.")."""
    data = load("sources")
    words = {str(w) for w in data["abbreviations"]} | {str(w) for w in data["honorifics"]}
    for title in data["titles"]:
        words.update(p.rstrip(".") for p in re.split(r"[\s-]+", str(title).lower()) if "." in p)
    return frozenset(words)


@cache
def _stops() -> frozenset[str]:
    """Lower-case words that end the walk back from a title (``title_phrase_stops``)."""
    timex = load("timex")
    words = [*load("sources")["title_phrase_stops"], *timex["months"], *timex["weekdays"]]
    return frozenset(str(w).lower() for w in words)


@cache
def _name_before() -> re.Pattern[str]:
    """A person's name closing the text before an apposition ("Rosa Vidal, ")."""
    particles = "|".join(re.escape(str(p)) for p in load("sources")["name_particles"])
    word = r"[A-Z][\w’'.-]*"
    gap = r"[^\S\n]+"
    return re.compile(
        rf"(?<![\w’'.-])(?P<name>{word}(?:{gap}(?:(?:{particles}){gap}){{0,3}}{word}){{1,4}})"
        r"[^\S\n]*,[^\S\n]*$"
    )


def titled_mentions(article: Article) -> tuple[PersonMention, ...]:
    """Every person named with a title in ``article.text``, in text order.

    Spans are offsets into ``article.text``; a mention's ``span`` runs from the qualifier or
    jurisdiction to the name (or, for an apposition, from the name to the title).
    """
    text = article.text
    labels = _label_lines(text)
    out: list[PersonMention] = []
    reached = 0
    for hit in _title_pattern().finditer(text):
        if hit.start() < reached or any(a <= hit.start() < b for a, b in labels):
            continue
        mention = _mention_at(text, hit.start(), hit.end())
        if mention is not None:
            out.append(mention)
            reached = max(mention.span.end, hit.end())
    return tuple(out)


def _label_lines(text: str) -> list[tuple[int, int]]:
    """Offsets of headline and section-label lines."""
    out: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        words = line.split()
        if words and (
            (line.rstrip()[-1] not in '.!?:;,"”’)' and len(words) <= _LABEL_WORDS)
            or (
                line.rstrip()[-1] not in ".!?"
                and len(words) >= 4
                and sum(w[:1].isupper() for w in words) >= _TITLE_CASE * len(words)
            )
        ):
            out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """A stop other than a full stop, or a full stop after a word that is no abbreviation.

    "Nixon.", "CFPB." end a sentence; "Gov.", "Jr.", "R.", "U.S." do not.
    """
    if m.group() != ".":
        return True
    before = _WORD_END.search(text, max(0, m.start() - 30), m.start())
    word = before.group() if before is not None else ""
    return len(word) >= 2 and "." not in word and word.lower() not in _abbreviations()


def _bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the phrase around the title ``text[start:end]`` may begin and end."""
    lo = max(0, start - _REACH)
    left = lo
    for m in _STOP.finditer(text, lo, start):
        if _ends_sentence(text, m):
            left = m.end()
    hi = min(len(text), end + _REACH)
    right = hi
    commas = 0
    for m in _STOP.finditer(text, end, hi):
        if m.group() == ",":
            commas += 1  # "chief executive, Tim Cook," : the name may follow one comma
            if commas < 2:
                continue
        if _ends_sentence(text, m):
            right = m.start()
            break
    return left, right


def _mention_at(text: str, start: int, end: int) -> PersonMention | None:
    """The titled person whose title includes the title written at ``text[start:end]``."""
    left, right = _bounds(text, start, end)
    starts = [w.start for w in _words_back(tokens(text, left, start))] + [start]
    for first in starts:
        parsed = parse_phrase(text, first, right)
        if parsed.title is None and parsed.possessor is not None:
            # "the late Senator John McCain’s widow": the possessor is the titled phrase.
            parsed = parse_phrase(text, first, parsed.possessor.end)
        title = parsed.title
        if title is None or not (title.start <= start and end <= title.end):
            continue
        if parsed.name is not None:
            name = _person_name(text, parsed)
            if name is not None and _jurisdiction_ok(text, parsed):
                return _mention(text, first, parsed, name)
            continue
        if first == starts[0]:
            return _apposition(text, first, parsed)
    return None


def _words_back(words: list[Token]) -> list[Token]:
    """The words right before a title that may open its phrase (at most :data:`_BACK`)."""
    lex = lexicon()
    stops = _stops()
    kept = 0
    for w in reversed(words[-_BACK:]):
        key = w.key.rstrip("-")  # "then-" of "then-President"
        if (
            key in stops
            or w.text[:1].isdigit()
            or not (
                w.capitalised
                or key in lex.qualifiers
                or key in lex.prefixes
                or key in lex.modifiers
                or key in lex.departments_by_first
                or key in lex.determiners
            )
        ):
            break
        kept += 1
        if key in lex.determiners:
            break  # "the late Senator …": nothing before the determiner
    return words[len(words) - kept :]


def _person_name(text: str, parsed: PhraseParse) -> Span | None:
    """The name of a titled phrase when it names a person written right after the title."""
    assert parsed.title is not None and parsed.name is not None
    name = parsed.name
    words = name.text.split()
    while len(words) > 1 and words[-1][:1].isdigit():
        words.pop()  # "Jill Stein 3" in a table
    name = Span(name.start, name.start + len(" ".join(words)), " ".join(words))
    if name.text != text[name.start : name.end]:
        name = parsed.name
    after = parsed.title.end
    if parsed.jurisdiction is not None and parsed.title.end <= parsed.jurisdiction.start:
        after = parsed.jurisdiction.end  # "President of Peru Dina Boluarte"
    gap = text[after : name.start]
    if _BETWEEN.fullmatch(gap) is None and not _honorific_gap(gap):
        return None  # "the press secretary and reported her presence on Twitter"
    if "," in gap and " " not in name.text:
        return None  # "Governor, I …"
    connectors = lexicon().connectors
    cut = next((k for k, w in enumerate(words) if k and w in connectors), len(words))
    if cut < len(words):
        # "host Alex Marlow on Thursday": a person's name has no connector.
        words = words[:cut]
        end = name.start + len(" ".join(words))
        name = Span(name.start, end, text[name.start : end])
    if words[0].lower() in _stops() or words[0] == "I" or not _is_person(name.text):
        return None
    if len(words) == 1 and re.search(rf"\b{re.escape(words[0].lower())}\b", text):
        return None  # "Queen City", "King Now": a common word, no surname
    if parse_phrase(text, name.start, name.end).title is not None:
        return None  # "nominee Gov. Mike Pence": read at its own title
    possessive = _POSSESSIVE_AFTER.match(text, name.end)
    if possessive is not None:
        # "Donald Trump’s campaign": the possessive word ends the name.
        end = possessive.end("word")
        name = Span(name.start, end, text[name.start : end])
    return name


def _honorific_gap(gap: str) -> bool:
    """ "Prime Minister Sir Keir Starmer": an honorific between the title and the name."""
    words = gap.split()
    return len(words) == 1 and words[0].lower().rstrip(".") in lexicon().honorifics


def _jurisdiction_ok(text: str, parsed: PhraseParse) -> bool:
    """A jurisdiction read from a plain capitalised word must name a place or a body.

    "Monday President Joe Biden", "Yesterday Prime Minister …": the word before the title
    is no jurisdiction (the phrase is read again from the title).
    """
    j = parsed.jurisdiction
    if j is None or " " in j.text:
        return True
    if text[j.end : j.end + 1] in ("’", "'"):
        return True  # "Mexico’s"
    return bool(
        is_demonym(j.text)
        or known_place(j)
        or ACRONYM.match(j.text)
        or has_organisation_word(j.text)
    )


def _is_person(name: str) -> bool:
    """A name that is no body or place ("General Motors", "Premier League", "Texas")."""
    if has_organisation_word(name) or ACRONYM.match(name) or is_demonym(name):
        return False
    return name not in lexicon().places and name not in lexicon().demonyms.values()


def _mention(text: str, first: int, parsed: PhraseParse, name: Span) -> PersonMention:
    assert parsed.title is not None
    parts = (parsed.title, parsed.jurisdiction, name)
    qualifier = _qualifier_span(text, first, parsed)
    start = min(s.start for s in (*parts, qualifier) if s is not None)
    end = max(s.end for s in parts if s is not None)
    return PersonMention(
        span=Span(start, end, text[start:end]),
        name=name.text,
        title=parsed.title,
        jurisdiction=parsed.jurisdiction,
        qualifier=parsed.qualifier,
    )


def _qualifier_span(text: str, first: int, parsed: PhraseParse) -> Span | None:
    """Where the qualifier is written ("former", "then" of "then-President")."""
    if parsed.qualifier is None or parsed.title is None:
        return None
    for w in tokens(text, first, parsed.title.end):
        if w.key == parsed.qualifier:
            return Span(w.start, w.end, w.text)
    return None


def _apposition(text: str, first: int, parsed: PhraseParse) -> PersonMention | None:
    """ "Rosa Vidal, the league's secretary general," — the name before a title without one."""
    assert parsed.title is not None
    if parsed.determiner not in (None, "the", "a", "an") or parsed.possessor is not None:
        return None
    m = _name_before().search(text, max(0, first - _REACH), first)
    if m is None:
        return None
    # "Phil Smith, a spokesman for the miners' union, said": through the affiliation.
    last = max(s.end for s in (parsed.title, parsed.jurisdiction) if s is not None)
    if parsed.affiliation is not None:
        close = _CLAUSE_END.search(text, last, parsed.affiliation.end)
        last = close.start() if close is not None else parsed.affiliation.end
        last -= len(text[last - 5 : last]) - len(text[last - 5 : last].rstrip())
    if not _APPOSITION_END.match(text, last):
        return None  # "Ana Ruiz, the minister and her aides …"
    start = m.start("name")
    for stop in _STOP.finditer(text, start, m.end("name")):
        if _ends_sentence(text, stop):
            start = stop.end() + 1  # "… in Sri Lanka. Ban Ki-moon, the …"
    first_word = _FIRST_WORD.match(text, start, m.end("name"))
    if first_word is not None and first_word.group(1).lower() in _stops():
        start = first_word.end()  # "When Ildefonso Guajardo, the …"
    before = parse_phrase(text, start, m.end("name"))
    name = before.name
    if before.title is not None or name is None or " " not in name.text:
        return None  # "President Rosa Vidal, the …": read at its own title
    if not _is_person(name.text):
        return None
    return PersonMention(
        span=Span(name.start, last, text[name.start : last]),
        name=name.text,
        title=parsed.title,
        jurisdiction=parsed.jurisdiction,
        qualifier=parsed.qualifier,
    )


__all__ = ["titled_mentions"]
