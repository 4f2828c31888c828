"""The vocabulary of source phrases: words, and the titles, portfolios and places they name.

Tokens of a phrase (:func:`tokens`), the longest title at a word (:func:`title_parts`:
"Florida Gov.", "Deputy Foreign Minister", "environment minister", "Minister for Health"),
demonyms and places. Read by :mod:`titles` (phrases) and :mod:`titled` (titled mentions of
the whole article). Word lists live in ``data/sources.yml``; demonyms and places in the
vocabulary shared with the knowledge base, ``sourcecheck/data/en/places.yml`` (an entry's
``adjectives`` are demonyms of its name; its name, other ``names`` and the ``regions`` are
places).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from sourcecheck import places as shared_places
from sourcecheck.extract.lexicon import load
from sourcecheck.records import Span

_TOKEN = re.compile(r"\([^()]{1,60}\)|[\w][\w’'&.-]*|,")
POSSESSIVE = re.compile(r"[’']s?$")
PAREN_ACRONYM = re.compile(r"^\([A-Z][A-Z.&]{1,10}\)$")
ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|(?:[A-Z]\.){2,4})$")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the phrase with absolute offsets."""

    start: int
    end: int
    text: str
    #: Set for a capitalised common word at the start of a sentence ("Political analysts").
    lowered: bool = False

    @property
    def key(self) -> str:
        """Lower case, without a trailing full stop (for list look-ups)."""
        return self.text.lower().rstrip(".")

    @property
    def capitalised(self) -> bool:
        """True for names ("Bárcena", "OAS", "(LAPOP)")."""
        if self.lowered:
            return False
        first = self.text.lstrip("(")[:1]
        return first.isupper() or first.isdigit() or _joined_particle(self.text)

    @property
    def common(self) -> bool:
        """True for a lower-case (or lowered) alphabetic word."""
        return not self.capitalised and self.text.replace("-", "").isalpha()


@dataclass(frozen=True, slots=True)
class Lexicon:
    qualifiers: frozenset[str]
    titles: tuple[tuple[str, ...], ...]
    #: The titles by their first part, longest first (the order of ``titles``).
    titles_by_first: dict[str, tuple[tuple[str, ...], ...]]
    #: Parts of the longest title: no title spans more words than this.
    longest_title: int
    demonyms: dict[str, str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    head_stops: frozenset[str]
    honorifics: frozenset[str]
    modifiers: frozenset[str]
    common_words: frozenset[str]
    particles: frozenset[str]
    connectors: frozenset[str]
    conjunctions: frozenset[str]
    organisation_words: frozenset[str]
    prefixes: frozenset[str]
    departments_by_first: dict[str, tuple[tuple[str, ...], ...]]
    portfolio_titles: frozenset[tuple[str, ...]]
    abbreviations: dict[str, str]
    places: frozenset[str]


def _parts(entry: object) -> tuple[str, ...]:
    """A listed title or portfolio as look-up parts ("Lt. Gov." → "lt", "gov")."""
    return tuple(part.rstrip(".") for part in re.split(r"[\s-]+", str(entry).lower()))


def _by_first(entries: list[object]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Entries as parts, grouped by their first part, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for parts in sorted({_parts(e) for e in entries}, key=len, reverse=True):
        by_first.setdefault(parts[0], []).append(parts)
    return {first: tuple(group) for first, group in by_first.items()}


def _places() -> tuple[dict[str, str], frozenset[str]]:
    """Demonym → the name it stands for ("Albanian" → "Albania"), and every place name
    (countries, their other names, regions) of the vocabulary shared with the knowledge
    base (:mod:`sourcecheck.places`)."""
    shared = shared_places.vocabulary()
    demonyms: dict[str, str] = {}
    places = set(shared.regions)
    for place in shared.entries:
        for adjective in place.adjectives:
            demonyms.setdefault(adjective, place.name)
        if place.kind == "country":
            places.update([place.name, *place.names])
    return demonyms, frozenset(places)


@cache
def lexicon() -> Lexicon:
    data = load("sources")
    demonyms, places = _places()
    titles = tuple(sorted({_parts(t) for t in data["titles"]}, key=len, reverse=True))
    return Lexicon(
        qualifiers=frozenset(str(q).lower() for q in data["qualifiers"]),
        titles=titles,
        titles_by_first=_by_first(data["titles"]),
        longest_title=max((len(t) for t in titles), default=0),
        demonyms=demonyms,
        determiners=frozenset(str(d) for d in data["determiners"]),
        prepositions=frozenset(str(p) for p in data["affiliation_prepositions"]),
        head_stops=frozenset(str(w) for w in data["head_stops"]),
        honorifics=frozenset(str(w).rstrip(".") for w in data["honorifics"]),
        modifiers=frozenset(str(w).lower() for w in data["title_modifiers"]),
        common_words=frozenset(
            str(w).lower()
            for key in ("vague_heads", "anonymous_heads", "group_heads", "determiners")
            for w in data[key]
        ),
        particles=frozenset(str(w).lower() for w in data["name_particles"]),
        connectors=frozenset(str(w).lower() for w in data["name_connectors"]),
        conjunctions=frozenset(str(w).lower() for w in data["conjunctions"]),
        organisation_words=frozenset(str(w).lower() for w in data["organisation_words"]),
        prefixes=frozenset(str(w).lower() for w in data["title_prefixes"]),
        departments_by_first=_by_first(data["departments"]),
        portfolio_titles=frozenset(_parts(t) for t in data["portfolio_titles"]),
        abbreviations={str(k): str(v) for k, v in data["title_abbreviations"].items()},
        places=places,
    )


def _joined_particle(word: str) -> bool:
    """True for a name joined to a particle by a hyphen ("al-Assad", "el-Sisi")."""
    head, dash, rest = word.partition("-")
    return bool(dash) and head.lower() in lexicon().particles and rest[:1].isupper()


def tokens(text: str, start: int, end: int) -> list[Token]:
    """Words of ``text[start:end]``; a qualifier prefix ("then-", "ex-") is its own word."""
    qualifiers = lexicon().qualifiers
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        head, dash, rest = word.partition("-")
        if dash and rest and head.lower() in qualifiers:
            out.append(Token(m.start(), m.start() + len(head), head))
            out.append(Token(m.start() + len(head) + 1, m.end(), rest))
        else:
            out.append(Token(m.start(), m.end(), word))
    return out


@lru_cache(maxsize=8192)
def _key_parts(key: str) -> tuple[str, ...]:
    """A word's look-up key split as titles are ("vice-president" → "vice", "president")."""
    return tuple(re.split(r"[\s-]+", key))


def _listed(words: list[Token], i: int, by_first: dict[str, tuple[tuple[str, ...], ...]]) -> int:
    """Number of words of the longest entry of ``by_first`` starting at ``words[i]`` (0: none)."""
    if i >= len(words) or _key_parts(words[i].key)[0] not in by_first:
        return 0  # most words start no entry
    # An entry has at least one part per word, so none reaches past this many words;
    # cutting at a word keeps the word-boundary test below exact.
    flat: list[str] = []
    ends: list[int] = []
    for n, word in enumerate(words[i : i + lexicon().longest_title], start=1):
        parts = _key_parts(word.key)
        flat.extend(parts)
        ends.extend([n] * len(parts))
    for entry in by_first[flat[0]]:
        if tuple(flat[: len(entry)]) == entry and (
            len(entry) == len(flat) or ends[len(entry) - 1] != ends[len(entry)]
        ):
            return ends[len(entry) - 1]
    return 0


def title_parts(words: list[Token], i: int) -> tuple[int, int, int]:
    """The longest title at ``words[i]``: (its words, index and words of the listed title).

    ``[prefix] [portfolio] TITLE [of|for [the] portfolio]``: "Deputy Foreign Minister",
    "environment minister", "Minister for Health" are whole titles whose listed title is
    "Minister" (a head noun for "the minister"); (0, i, 0) when no title starts there.
    """
    lex = lexicon()
    n = _listed(words, i, lex.titles_by_first)
    best = (n, i, n)
    k = i + 1 if i < len(words) and words[i].key in lex.prefixes else i
    d = _listed(words, k, lex.departments_by_first)
    core = _listed(words, k + d, lex.titles_by_first)
    if d and not (core and _portfolio(words, k + d, core)):
        d, core = 0, _listed(words, k, lex.titles_by_first)
    if not core:
        return best
    tail = 0
    at = k + d + core
    if not d and _portfolio(words, k, core) and at < len(words) and words[at].key in ("of", "for"):
        the = 1 if at + 1 < len(words) and words[at + 1].key == "the" else 0
        if e := _listed(words, at + 1 + the, lex.departments_by_first):
            tail = 1 + the + e
    total = (k - i) + d + core + tail
    # A listed "Health Minister" still has the head noun "minister".
    return (total, k + d, core) if total > n or (d and total == n) else best


def _portfolio(words: list[Token], k: int, n: int) -> bool:
    parts = tuple(p for w in words[k : k + n] for p in _key_parts(w.key))
    return parts in lexicon().portfolio_titles


def match_title(words: list[Token], i: int) -> int:
    """Number of words of the longest title starting at ``words[i]`` (0: none)."""
    return title_parts(words, i)[0]


def title_words(title: str) -> str:
    """A title as plain lower-case words, abbreviations spelt out ("Lt. Gov." → "lieutenant
    governor", "Secretary-General" → "secretary general"), for matching titles."""
    abbreviations = lexicon().abbreviations
    words = [w.rstrip(".") for w in re.split(r"[\s-]+", title.lower().replace("’", "'")) if w]
    whole = " ".join(words)
    if whole in abbreviations:
        return abbreviations[whole]
    return " ".join(abbreviations.get(w, w) for w in words)


def is_demonym(word: str) -> bool:
    """True for a country adjective or acronym of the shared places ("Albanian", "U.S.")."""
    return word in lexicon().demonyms


def jurisdiction_name(span: Span) -> str:
    """The country or body a jurisdiction span names ("Peruvian" → "Peru", "Mexico" → "Mexico")."""
    return lexicon().demonyms.get(span.text, span.text)


def known_place(span: Span) -> bool:
    """True for a listed country or place ("Peru", "Massachusetts", "Scotland")."""
    return span.text in lexicon().places or span.text in lexicon().demonyms.values()
