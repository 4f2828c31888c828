"""Character ranges of tokens and subtrees, and the finders' common record.

Every finder works in paragraph-relative character offsets: this module turns tokens and
dependency subtrees into ``(start, end)`` ranges, trims their edges, and holds
:class:`Found`, the offsets of one relation before :mod:`.finder` converts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcecheck.records import AttributionKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_EDGE = " \t,;:.—–-"
#: Key of the cached paragraph text in ``Doc.user_data``.
_TEXT_KEY = "sourcecheck.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (spaCy joins every token on each access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def token_range(tokens: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(tokens)
    if not toks:
        return None
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def subtree_range(token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """Contiguous range of ``token``'s subtree, minus whole excluded subtrees at its edges."""
    excluded: set[int] = set()
    for ex in exclude:
        excluded.update(t.i for t in ex.subtree)
    toks = [t for t in token.subtree if t.i not in excluded]
    rng = token_range(toks)
    assert rng is not None
    return rng


_TRAILING_WORDS = (" and", " but", " or")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation and spaces, and a dangling final conjunction."""
    while True:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        word = next((w for w in _TRAILING_WORDS if text[start:end].endswith(w)), None)
        if word is None:
            return start, end
        end -= len(word)


@dataclass(frozen=True, slots=True)
class Found:
    """Paragraph-relative offsets of one relation, before conversion."""

    content: tuple[int, int]
    kind: AttributionKind
    cue: tuple[int, int] | None
    source: tuple[int, int] | None


def overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]
