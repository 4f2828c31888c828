"""Paragraph splitting, the cheap pre-filter, and parsing of candidate paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sourcecheck.extract.lexicon import prefilter_pattern, prefilter_words
from sourcecheck.extract.types import Paragraph

if TYPE_CHECKING:
    from spacy.language import Language


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


def parse_paragraphs(text: str, nlp: Language, *, batch_size: int = 64) -> list[Paragraph]:
    """Parse the candidate paragraphs of ``text``; the others are never parsed."""
    chunks = [(start, chunk) for start, chunk in split_paragraphs(text) if is_candidate(chunk)]
    docs = nlp.pipe((chunk for _, chunk in chunks), batch_size=batch_size)
    return [
        Paragraph(index=i, start=start, doc=doc)
        for i, ((start, _), doc) in enumerate(zip(chunks, docs, strict=True))
    ]
