"""Small helpers shared by the report formats."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from sourcecheck.records import (
    STATUS_ORDER,
    Attribution,
    Category,
    Evidence,
    Finding,
    Report,
    Span,
)
from sourcecheck.terminal import UNSAFE_CHARS

#: C0/C1 controls (tab and newline included: report lines are single lines) and the
#: bidirectional overrides that can make displayed text differ from the stored text.
#: Sentence ends for :func:`sentence_around` (a full stop, ! or ? then a space, or a newline).
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n")


#: Categories the reports list by default; ``--all`` (or the page's toggle) shows the rest.
SHOWN_BY_DEFAULT = frozenset({Category.SPEECH, Category.DOCUMENT})


def is_shown(att: Attribution, show_all: bool = False) -> bool:
    """True when a report lists ``att``: speech and document always, the rest with ``--all``."""
    return show_all or att.category in SHOWN_BY_DEFAULT


def hidden_count(report: Report, show_all: bool = False) -> int:
    """How many attributions the report leaves out (0 with ``show_all``)."""
    return sum(not is_shown(att, show_all) for att in report.attributions)


def attribution_count_label(report: Report, show_all: bool = False, toggle: str = "--all") -> str:
    """``25 attributions (18 speech/document shown; --all for 7 more)`` or ``4 attributions``.

    ``toggle`` names what shows the rest (the option, or a page's control).
    """
    total = len(report.attributions)
    others = hidden_count(report)
    if not others:
        return f"{total} attributions"
    main = total - others
    if show_all:
        return f"{total} attributions ({main} speech/document, {others} belief/other)"
    return f"{total} attributions ({main} speech/document shown; {toggle} for {others} more)"


def covered(finding: Finding) -> tuple[str, ...]:
    """Every attribution id the finding covers (``covers``, else just ``attribution_id``)."""
    if finding.covers:
        return finding.covers
    return (finding.attribution_id,) if finding.attribution_id is not None else ()


def number_of(report: Report, attribution_id: str | None) -> int | None:
    """The 1-based position of an attribution, as every report format numbers them."""
    for number, att in enumerate(report.attributions, 1):
        if att.id == attribution_id:
            return number
    return None


def clean(text: str) -> str:
    """``text`` without control characters: line breaks and tabs become spaces."""
    return UNSAFE_CHARS.sub(
        lambda m: " " if m.group() in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else "", text
    )


def excerpt(text: str, limit: int = 90) -> str:
    """One line of at most ``limit`` characters, without control characters."""
    line = " ".join(clean(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def http_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http or https URL that is safe to emit as a link.

    Anything else (``javascript:``, ``data:``, relative or protocol-relative URLs, URLs
    with spaces or control characters) is ``None``: the formats then print it as text.
    """
    if not url or url != url.strip():
        return None
    if any(ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F for ch in url):
        return None
    if any(unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cf") for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def is_mention(finding: Finding) -> bool:
    """True for a finding about a titled person mention rather than an attribution."""
    return finding.attribution_id is None and finding.span is not None


def mention_keys(report: Report) -> dict[tuple[int, int], str]:
    """A key (``m1``, ``m2``…) per distinct mention span, in text order.

    Every format that points at a mention (the HTML page's anchors, ClaimReview URLs)
    uses these keys, so they never depend on the input text.
    """
    spans = sorted(
        {(f.span.start, f.span.end) for f in report.findings if f.span and is_mention(f)}
    )
    return {span: f"m{i}" for i, span in enumerate(spans, 1)}


def mention_label(span: Span, limit: int = 48) -> str:
    """How a table names a mention finding: ``mention “then-Governor Ana Ruiz”``.

    A long mention is cut at a word boundary when there is one in its second half.
    """
    line = " ".join(clean(span.text).split())
    if len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        line = (line[:cut] if cut > limit // 2 else line[: limit - 1]).rstrip() + "…"
    return f"mention “{line}”"


def sentence_around(text: str, span: Span) -> str:
    """The sentence of ``text`` that holds ``span`` (a plain punctuation heuristic)."""
    start = max(0, min(span.start, len(text)))
    end = max(start, min(span.end, len(text)))
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    finish = after.start() if after else len(text)
    return text[begin:finish].strip() or span.text


def source_label(att: Attribution) -> str:
    """The source as a reader wants it: the resolved name, or the span as written."""
    if att.source is None:
        return "—"
    name = att.source.name or att.source.span.text
    if att.source.name and att.source.span.text != att.source.name:
        return f"{name} (“{excerpt(att.source.span.text, 40)}”)"
    return name


def title_label(att: Attribution) -> str:
    """Stated title with qualifier and jurisdiction, e.g. ``former Prime Minister (Peru)``."""
    src = att.source
    if src is None or src.title is None:
        return ""
    parts = [src.qualifier, src.title.text] if src.qualifier else [src.title.text]
    label = " ".join(parts)
    if src.jurisdiction is not None:
        label += f" ({src.jurisdiction.text})"
    return label


def medium_label(att: Attribution) -> str:
    """Medium and channel, e.g. ``interview via BBC News``."""
    label = att.medium or ""
    if att.via is not None:
        label = f"{label} via {att.via.text}".strip()
    return label


def sorted_findings(report: Report) -> list[Finding]:
    """Findings with the contradicted ones first, then by position in the article.

    Within a status: article-level findings, then attribution and mention findings in
    the order they appear in the text.
    """
    start = [att.content.start for att in report.attributions]
    position = {att.id: i for i, att in enumerate(report.attributions)}

    def key(f: Finding) -> tuple[int, int, str]:
        if f.attribution_id in position:
            return (STATUS_ORDER[f.status], 2 * position[f.attribution_id or ""] + 1, f.check)
        if f.span is not None and is_mention(f):
            # Just before the first attribution that starts after the mention.
            return (STATUS_ORDER[f.status], 2 * sum(s <= f.span.start for s in start), f.check)
        return (STATUS_ORDER[f.status], -1, f.check)

    return sorted(report.findings, key=key)


#: Evidence kind of a quote's appearance in a reference corpus (``quote_origin``).
ORIGIN_KIND = "quote_origin"
#: How an origin line opens, by the evidence's role.
_ORIGIN_ROLES = {
    "earliest": "first seen",
    "found": "seen",
    "misattributed": "first seen",
    "altered": "first seen",
    "close": "close match",
    "later": "seen only later",
}


@dataclass(frozen=True, slots=True)
class Origin:
    """A quote's appearance in the reference corpus, as the formats show it.

    Attributes:
        label: ``first seen``, ``close match``… (from the evidence's role).
        date: When it appeared (ISO), or ``undated``.
        outlet: Where it appeared (the outlet, else the corpus).
        url: Its link as recorded (formats link it only when http(s)).
        speaker: Who it was credited to there.
        diff: The word diff from it to this article's quote (empty: same words).
    """

    label: str
    date: str
    outlet: str
    url: str | None
    speaker: str | None
    diff: tuple[tuple[str, str], ...]


def origin_of(ev: Evidence) -> Origin | None:
    """The appearance a ``quote_origin`` evidence records; ``None`` for other evidence."""
    if ev.kind != ORIGIN_KIND:
        return None
    from sourcecheck.checks.quotematch import diff_from_json

    data = dict(ev.data)
    return Origin(
        label=_ORIGIN_ROLES.get(data.get("role", ""), "seen"),
        date=data.get("date") or "undated",
        outlet=data.get("outlet") or data.get("corpus") or ev.source,
        url=ev.url or data.get("url"),
        speaker=data.get("speaker"),
        diff=diff_from_json(data["diff"]) if "diff" in data else (),
    )


def origin_line(origin: Origin) -> str:
    """``first seen 2019-03-02 · The Harbour Post · credited to Ada Quill`` (plain text)."""
    parts = [f"{origin.label} {origin.date}", origin.outlet]
    parts.append(f"credited to {origin.speaker}" if origin.speaker else "no speaker recorded")
    return " · ".join(parts)
