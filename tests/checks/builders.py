"""Hand-built attributions located in a test's own text."""

from __future__ import annotations

from sourcecheck.records import Attribution, AttributionKind, Source, SourceKind, Span


def span(text: str, needle: str, start: int = 0) -> Span:
    i = text.index(needle, start)
    return Span(i, i + len(needle), needle)


def titled(
    text: str,
    aid: str,
    source: str,
    name: str | None,
    title: str | None,
    content: str,
    *,
    jurisdiction: str | None = None,
    qualifier: str | None = None,
    kind: SourceKind = SourceKind.PERSON,
    cue: str | None = None,
    medium: str | None = None,
) -> Attribution:
    """An attribution whose source span is ``source`` and whose title lies inside it."""
    s = span(text, source)
    return Attribution(
        id=aid,
        kind=AttributionKind.INDIRECT,
        content=span(text, content, s.start),
        cue=span(text, cue, max(0, s.start - 80)) if cue else None,
        source=Source(
            s,
            kind,
            name,
            None,
            span(text, title, s.start) if title else None,
            span(text, jurisdiction, s.start) if jurisdiction else None,
            qualifier,
        ),
        medium=medium,
    )
