"""Quotes as a reference corpus: the records and the interface the store and the check share.

The store (:mod:`sourcecheck.store.quotes`) keeps every stored article's quotes, and any
imported corpus (Quotebank), in an index; the ``quote_origin`` check
(:mod:`sourcecheck.checks.origin`) asks it for candidates and judges them. Both sides
normalise quote text with :func:`normalise`, so a lookup finds what was indexed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sourcecheck.records import Attribution

# Quote marks, dashes and apostrophes of every script fold to nothing or to a space:
# a quote's wording, not its typography, is what is traced.
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4']")
_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """``text`` as the index keeps it: lower case, accents kept, words split by one space.

    Quote marks, punctuation and whitespace fold away; apostrophes inside words are
    dropped ("don't" → "dont"), so typographic and straight ones match.

    >>> normalise("“We will NOT  back down,” — she said.")
    'we will not back down she said'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def word_count(normalised: str) -> int:
    """How many words a normalised quote has."""
    return len(normalised.split()) if normalised else 0


#: Double quote marks (curly, low, guillemets, straight).
QUOTE_MARKS = '\u201c\u201d\u201e\u00ab\u00bb"'
#: One stretch between an opening and a closing quote mark (group 1: the words).
QUOTED = re.compile(r"[\u201c\u201e\u00ab\"]([^\u201c\u201d\u00bb\"]+)[\u201d\u00bb\"]")
_EDGE_MARKS = QUOTE_MARKS + "' \t\n"


def _stretches(text: str) -> tuple[str, ...]:
    return tuple(m.group(1).strip() for m in QUOTED.finditer(text) if m.group(1).strip())


def quoted_parts(attribution: Attribution) -> tuple[str, ...]:
    """The words an attribution puts in quote marks, as written.

    A ``direct`` attribution's content is its quote (the marks around it dropped); one
    broken by narration (“We are close,” she said, “but …”) gives its quoted halves, not
    the narration. A ``mixed`` one gives the quoted stretches inside its content. Other
    kinds quote nothing and give ``()``.
    """
    kind = attribution.kind.value
    text = attribution.content.text
    if kind == "direct":
        inner = text.strip(_EDGE_MARKS).rstrip(",")
        if any(mark in inner for mark in QUOTE_MARKS):
            return _stretches(f"\u201c{inner}\u201d")
        return (inner,) if inner.strip() else ()
    if kind == "mixed":
        return _stretches(text)
    return ()


def traceable_quote(attribution: Attribution) -> str:
    """The attribution's quoted words as one string ("" when it quotes nothing)."""
    return " … ".join(quoted_parts(attribution))


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One appearance of a quote in the reference corpus.

    Attributes:
        text: The quote as it appeared (its own wording and punctuation).
        normalised: :func:`normalise` of ``text``.
        speaker: Who it was attributed to there (the resolved name), ``None`` when
            nobody (Quotebank's ``"None"``).
        speaker_ids: The speaker's ids: KB ids or Wikidata QIDs (``Q22686``).
        date: When it appeared (the article's date), if known.
        outlet: Where it appeared, if known.
        url: A link to where it appeared, if known.
        article_id: The stored article's id (sha256) for the store's own quotes.
        corpus: ``store`` for quotes of stored articles, else the imported corpus's name
            (``quotebank``).
        record_id: The quote's id in its corpus (``a3`` in an article, Quotebank's
            ``quoteID``).
        occurrences: How many times the corpus saw it (Quotebank's ``numOccurrences``).
        speaker_probability: How sure the corpus is of ``speaker`` (Quotebank's
            ``probas``), if it says.
    """

    text: str
    normalised: str
    speaker: str | None
    speaker_ids: tuple[str, ...] = ()
    date: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    article_id: str | None = None
    corpus: str = "store"
    record_id: str | None = None
    occurrences: int = 1
    speaker_probability: float | None = None


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    """What a reference corpus holds, for "not found in …" explanations.

    Attributes:
        name: How to name it ("the store sqlite:///runs.db").
        quotes: How many quotes it indexes.
        articles: How many articles they come from (stored articles; imported corpora
            count their distinct URLs or 0 when unknown).
        first_date: The earliest dated quote, if any.
        last_date: The latest dated quote, if any.
    """

    name: str
    quotes: int
    articles: int
    first_date: dt.date | None
    last_date: dt.date | None


class QuoteCorpus(Protocol):
    """A reference corpus of quotes the ``quote_origin`` check can search."""

    def candidates(self, normalised: str, *, limit: int = 50) -> Sequence[QuoteRecord]:
        """Indexed quotes that may be the same quote as ``normalised`` (at most ``limit``).

        A full-text search: records sharing enough of its words, best first; the caller
        scores them. Never raises for an odd query (punctuation, one word, empty): it
        returns fewer or no records.
        """
        ...

    def info(self) -> CorpusInfo:
        """What the corpus holds."""
        ...
