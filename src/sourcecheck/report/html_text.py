"""Span highlighting for the annotated HTML report: the article text with its marks.

Each attribution's source, cue and content spans and each checked person mention
become :class:`Mark` s; :func:`build_segments` cuts the text at every mark boundary into
gap-free segments (so nested and overlapping spans never need overlapping elements),
and :func:`article_html` writes each segment as escaped text or as one ``<a>`` linking
to the panel entry of its innermost attribution, coloured by that one's worst verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from sourcecheck.report.html_markup import esc
from sourcecheck.report.html_view import ReportView, extent, role_spans, status_class

#: The role marks, in the order a segment's classes list them.
_ROLE_NAMES = {"src": "source", "cue": "cue", "cnt": "content", "men": "person mention"}


@dataclass(frozen=True, slots=True)
class Mark:
    """One role span of one attribution, as laid on the text."""

    key: str
    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text covered by the same set of marks (none for plain text)."""

    start: int
    end: int
    marks: tuple[Mark, ...]


def build_segments(text: str, marks: Sequence[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary into non-overlapping, gap-free segments.

    Overlapping and nested marks are handled by giving each segment the set of marks
    that cover it whole, so the page never needs overlapping elements.
    """
    length = len(text)
    clipped = [m for m in marks if 0 <= m.start < m.end <= length]
    cuts = sorted({0, length, *(m.start for m in clipped), *(m.end for m in clipped)})
    starts: dict[int, list[Mark]] = {}
    for m in clipped:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    segments: list[Segment] = []
    # A sweep over the cut points keeps this linear in segments × overlap depth.
    for begin, end in pairwise(cuts):
        active = [m for m in active if m.end > begin]
        active.extend(starts.get(begin, ()))
        segments.append(Segment(begin, end, tuple(active)))
    return segments


def article_html(view: ReportView) -> str:
    """The article text with every attribution and person mention highlighted, escaped."""
    marks = [
        Mark(view.keys[att.id], role, span.start, span.end)
        for att in view.report.attributions
        for role, span in role_spans(att)
    ]
    marks.extend(Mark(key, "men", s.start, s.end) for key, s in view.mentions.items())
    first_at: dict[int, list[str]] = {}
    for att in view.report.attributions:
        start = max(0, min(extent(att)[0], len(view.text)))
        first_at.setdefault(start, []).append(view.keys[att.id])
    for key, span in view.mentions.items():
        first_at.setdefault(max(0, min(span.start, len(view.text))), []).append(key)
    out: list[str] = []
    for seg in build_segments(view.text, marks):
        for key in first_at.pop(seg.start, ()):
            out.append(f'<span class="anchor" id="t-{key}"></span>')
        chunk = esc(view.text[seg.start : seg.end])
        if not seg.marks:
            out.append(chunk)
            continue
        out.append(_segment_html(view, seg, chunk))
    for keys in first_at.values():  # attributions starting at the very end
        out.extend(f'<span class="anchor" id="t-{key}"></span>' for key in keys)
    return "".join(out)


def _segment_html(view: ReportView, seg: Segment, chunk: str) -> str:
    keys = list(dict.fromkeys(m.key for m in seg.marks))
    # The innermost listed attribution or mention (smallest extent) owns the colour
    # and the link; on a tie the later attribution, and a mention before an attribution.
    inner = min(keys, key=lambda k: (k in view.aside, view.size[k], k[0] != "m", -int(k[1:])))
    roles = sorted({m.role for m in seg.marks}, key=list(_ROLE_NAMES).index)
    status = view.key_status[inner]
    label = "; ".join(
        _ROLE_NAMES[m.role] + ("" if m.role == "men" else " of") + f" {view.labels[m.key]}"
        for m in seg.marks
    )
    verdict = status.value if status is not None else "not checked"
    # Only attributions not listed: plain text until "show all" (the script) shows them.
    aside = ["aside"] if all(k in view.aside for k in keys) else []
    classes = " ".join(["hl", *roles, status_class(status), *aside])
    return (
        f'<a class="{classes}" href="#p-{inner}" data-key="{inner}" '
        f'data-att="{" ".join(keys)}" title="{esc(label)} ({verdict})">{chunk}</a>'
    )
