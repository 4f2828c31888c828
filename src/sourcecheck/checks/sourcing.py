"""sourcing: can a reader trace who said it, and the document it was said in?"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from sourcecheck.checks.context import data, passage_evidence, sentence_of, times_in
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
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


def _previous_sentence(article: Article, sentence: Span) -> Span | None:
    end = sentence.start - 1
    while end > 0 and article.text[end - 1].isspace():
        end -= 1
    if end <= 0:
        return None
    return sentence_of(article.text, Span(end - 1, end, article.text[end - 1 : end]))


# ------------------------------------------------------------------ statements


def _anchor_sentence(article: Article, attribution: Attribution) -> Span:
    """The sentence of the attribution's cue (else its source, else its content)."""
    anchor = attribution.cue or (attribution.source.span if attribution.source else None)
    return sentence_of(article.text, anchor or attribution.content)


def _extent(attribution: Attribution) -> tuple[int, int]:
    """Where the attribution's cue and content lie (its source may be shared, so not it)."""
    spans = [attribution.content, *([attribution.cue] if attribution.cue else [])]
    return min(s.start for s in spans), max(s.end for s in spans)


def _same_source(a: Attribution, b: Attribution) -> bool:
    if a.source is None or b.source is None:
        return False
    if a.source.span == b.source.span:
        return True
    # "Bárcena emphasized …, and she said …": two mentions resolved to one name
    return (
        a.source.name is not None
        and b.source.name is not None
        and a.source.name.casefold() == b.source.name.casefold()
    )


def _according_to(attribution: Attribution) -> bool:
    """An "according to" frame: the kind, or a statistic cued by "According to"."""
    cue = attribution.cue.text.casefold() if attribution.cue else ""
    return attribution.kind is AttributionKind.ACCORDING_TO or cue.startswith("according to")


@cache
def _joiner_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(str(w)) for w in data()["statement_joiners"])
    return re.compile(rf"(?:[\W_]|\b(?:{words})\b)*", re.IGNORECASE)


def _adjacent(text: str, a: Attribution, b: Attribution) -> bool:
    """True when nothing but punctuation, joiners and the source lies between the two."""
    (_, end), (start, _) = sorted([_extent(a), _extent(b)])
    if start <= end:
        return True  # touching or overlapping
    gap = list(text[end:start])
    for source in (a.source, b.source):
        if source is not None:
            for i in range(max(source.span.start, end), min(source.span.end, start)):
                gap[i - end] = " "
    return _joiner_pattern().fullmatch("".join(gap)) is not None


def statement_groups(
    article: Article, attributions: tuple[Attribution, ...]
) -> list[tuple[Attribution, ...]]:
    """The attributions grouped into the statements a reader sees, in text order.

    Two attributions are one statement when

    * one ``continues`` the other (a quote with no cue of its own);
    * one is nested (``parent``) in the other and the other is an "according to" frame
      (kind ``according_to``, or a statistic cued by it): "According to a report by
      Reuters, her lawyers argue …";
    * they have the same source, lie in one sentence and nothing but punctuation, the
      source and a joiner word (``statement_joiners`` in checks.yml) lies between their
      cue-and-content stretches (the indirect and direct halves of "X emphasized …,
      stating, “…”", or "X described …, warning that …").

    The relation is closed transitively. Each group keeps the input order; groups are
    ordered by their first member.
    """
    index = {a.id: i for i, a in enumerate(attributions)}
    root = list(range(len(attributions)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            root[max(a, b)] = min(a, b)

    for i, att in enumerate(attributions):
        if att.continues is not None and att.continues in index:
            union(i, index[att.continues])
        if att.parent in index and _according_to(attributions[index[att.parent]]):
            union(i, index[att.parent])
    by_sentence: dict[int, list[int]] = {}
    for i, att in enumerate(attributions):
        if att.source is not None:
            by_sentence.setdefault(_anchor_sentence(article, att).start, []).append(i)
    for members in by_sentence.values():
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                a, b = attributions[i], attributions[j]
                if _same_source(a, b) and _adjacent(article.text, a, b):
                    union(i, j)
    groups: dict[int, list[Attribution]] = {}
    for i, att in enumerate(attributions):
        groups.setdefault(find(i), []).append(att)
    return [tuple(groups[key]) for key in sorted(groups)]


def _framing(article: Article, group: tuple[Attribution, ...]) -> tuple[list[Span], str]:
    """The group's sentences, joined, with every member's reported content blanked out.

    Blanking all of them matters: the quoted half of a statement is no quoted *title* of
    the document its indirect half cites.
    """
    sentences = sorted(
        {_anchor_sentence(article, a) for a in group}, key=lambda s: (s.start, s.end)
    )
    parts = []
    for sentence in sentences:
        text = sentence.text
        for att in group:
            content = att.content
            if sentence.overlaps(content):
                a = max(content.start, sentence.start) - sentence.start
                b = min(content.end, sentence.end) - sentence.start
                text = text[:a] + " " * (b - a) + text[b:]
        parts.append(text)
    return sentences, " ".join(parts)


def _verdict(
    article: Article, group: tuple[Attribution, ...], *, html: bool
) -> tuple[list[str], str, list[Span]]:
    """The problems, the trace (``""``: none) and the sentences of one statement."""
    problems: list[str] = []
    named: set[Span] = set()
    for attribution in group:
        source = attribution.source
        if (
            source is not None
            and source.kind in (SourceKind.ANONYMOUS, SourceKind.VAGUE)
            and source.span not in named
        ):
            named.add(source.span)
            problems.append(
                f"the source “{source.span.text}” is {source.kind.value}: "
                "no name a reader could check"
            )
    sentences, framing = _framing(article, group)
    extra = " ".join(
        part
        for att in group
        for part in (att.medium or "", att.via.text if att.via else "")
        if part
    )
    document = _document_pattern().search(framing)
    if document is None and (document := _document_pattern().search(extra)) is not None:
        # Named only by the extractor's medium ("The researchers found…"): the document
        # may be introduced in the sentence before; read that one too when it names it.
        before = _previous_sentence(article, sentences[0])
        if before is not None and document.group(1).lower() in before.text.lower():
            framing = before.text + " " + framing
    traced = ""
    if document is not None:
        kind = data()["documents"].get(document.group(1).lower(), document.group(1).lower())
        link = next(
            (lk for lk in article.links if any(lk.span.overlaps(s) for s in sentences)), None
        )
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
    return problems, traced, sentences


def check_sourcing(article: Article, attributions: tuple[Attribution, ...]) -> list[Finding]:
    """Flag anonymous or vague sources and untraceable documents; confirm traceable ones.

    One finding per statement (:func:`statement_groups`), never one per half, so a
    statement cannot be both traceable and untraceable. Its ``attribution_id`` is the
    statement's first attribution and ``covers`` lists all of them when there are several.
    """
    findings: list[Finding] = []
    seen: dict[tuple[int, int, tuple[str, ...], str], int] = {}
    html = is_html(article)
    for group in statement_groups(article, attributions):
        problems, traced, sentences = _verdict(article, group, html=html)
        if not problems and not traced:
            continue
        ids = tuple(a.id for a in group)
        source = next((a.source for a in group if a.source is not None), None)
        # Statements of one source in one sentence with the same verdict share one finding
        # ("X said A. … X also said B" split by the extractor in one sentence).
        mark = (source.span.start if source else -1, sentences[0].start, tuple(problems), traced)
        if mark in seen:
            k = seen[mark]
            merged = (*(findings[k].covers or (findings[k].attribution_id or "",)), *ids)
            findings[k] = dataclasses.replace(findings[k], covers=merged)
            continue
        seen[mark] = len(findings)
        if problems:
            status, explanation = Status.UNVERIFIABLE, "Untraceable: " + "; ".join(problems) + "."
        else:
            status, explanation = Status.CONSISTENT, f"Traceable: {traced}."
        findings.append(
            Finding(
                CHECK,
                status,
                explanation,
                ids[0],
                tuple(passage_evidence(s) for s in sentences),
                covers=ids if len(ids) > 1 else (),
            )
        )
    return findings
