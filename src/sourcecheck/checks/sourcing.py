"""sourcing: can a reader trace who said it, and the document it was said in?"""

from __future__ import annotations

import re
from functools import cache

from sourcecheck.checks.context import data, passage_evidence, sentence_of, times_in
from sourcecheck.records import (
    Article,
    Attribution,
    Finding,
    SourceKind,
    Span,
    Status,
)

CHECK = "sourcing"


@cache
def _document_pattern() -> re.Pattern[str]:
    words = sorted(data()["documents"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


_QUOTED_TITLE = re.compile(r"[“\"‘][^”\"’]{3,120}[”\"’]")


@cache
def _identifier_pattern() -> re.Pattern[str]:
    words = sorted(data()["identifiers"], key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def is_html(article: Article) -> bool:
    """True when the article came from HTML (so its citations could carry links)."""
    path = (article.path or "").lower()
    return bool(article.links) or bool(article.url) or path.endswith((".html", ".htm"))


def _framing(article: Article, attribution: Attribution) -> tuple[Span, str]:
    """The attribution's sentence with the reported content blanked out."""
    anchor = attribution.cue or (attribution.source.span if attribution.source else None)
    sentence = sentence_of(article.text, anchor or attribution.content)
    text = sentence.text
    content = attribution.content
    if sentence.overlaps(content):
        a = max(content.start, sentence.start) - sentence.start
        b = min(content.end, sentence.end) - sentence.start
        text = text[:a] + " " * (b - a) + text[b:]
    return sentence, text


def _previous_sentence(article: Article, sentence: Span) -> Span | None:
    end = sentence.start - 1
    while end > 0 and article.text[end - 1].isspace():
        end -= 1
    if end <= 0:
        return None
    return sentence_of(article.text, Span(end - 1, end, article.text[end - 1 : end]))


def check_sourcing(article: Article, attributions: tuple[Attribution, ...]) -> list[Finding]:
    """Flag anonymous or vague sources and untraceable documents; confirm traceable ones."""
    findings: list[Finding] = []
    seen: set[tuple[int, int, tuple[str, ...], str]] = set()
    html = is_html(article)
    for attribution in attributions:
        source = attribution.source
        problems: list[str] = []
        if source is not None and source.kind in (SourceKind.ANONYMOUS, SourceKind.VAGUE):
            problems.append(
                f"the source “{source.span.text}” is {source.kind.value}: "
                "no name a reader could check"
            )
        sentence, framing = _framing(article, attribution)
        extra = " ".join(
            filter(
                None, [attribution.medium or "", attribution.via.text if attribution.via else ""]
            )
        )
        document = _document_pattern().search(framing)
        if document is None and (document := _document_pattern().search(extra)) is not None:
            # Named only by the extractor's medium ("The researchers found…"): the document
            # may be introduced in the sentence before; read that one too when it names it.
            before = _previous_sentence(article, sentence)
            if before is not None and document.group(1).lower() in before.text.lower():
                framing = before.text + " " + framing
        traced = ""
        if document is not None:
            kind = data()["documents"].get(document.group(1).lower(), document.group(1).lower())
            link = next((lk for lk in article.links if lk.span.overlaps(sentence)), None)
            years = [t for t in times_in(framing) if t.year is not None]
            identifier = _QUOTED_TITLE.search(framing) or _identifier_pattern().search(framing)
            if link is not None:
                traced = f"the {kind} is linked ({link.href})"
            elif years or identifier:
                detail = years[0].span.text if years else identifier.group(0)  # type: ignore[union-attr]
                traced = f"the {kind} is identified in the text ({detail})"
            else:
                how = "no link and " if html else ""
                problems.append(f"the cited {kind} has {how}no identifying detail (title, date)")
        evidence = (passage_evidence(sentence),)
        # Several attributions of one source in one sentence share one verdict.
        mark = (source.span.start if source else -1, sentence.start, tuple(problems), traced)
        if mark in seen:
            continue
        seen.add(mark)
        if problems:
            findings.append(
                Finding(
                    CHECK,
                    Status.UNVERIFIABLE,
                    "Untraceable: " + "; ".join(problems) + ".",
                    attribution.id,
                    evidence,
                )
            )
        elif traced:
            findings.append(
                Finding(CHECK, Status.CONSISTENT, f"Traceable: {traced}.", attribution.id, evidence)
            )
    return findings
