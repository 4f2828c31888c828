"""The Markdown report.

Everything that comes from the article or the knowledge base is made inert: HTML is
escaped (Markdown renderers pass raw HTML through), the characters that make links,
emphasis, code or table cells are backslash-escaped, control characters are dropped,
and links are only written for http(s) URLs.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from sourcecheck.records import Evidence, Finding, Report
from sourcecheck.report.common import (
    Origin,
    clean,
    covered,
    excerpt,
    hidden_count,
    http_url,
    is_shown,
    medium_label,
    mention_label,
    origin_of,
    sorted_findings,
    source_label,
    title_label,
)

#: Characters that start Markdown inline syntax (links, images, emphasis, code, strike,
#: table cells, escapes). ``<`` and ``&`` are handled by HTML-escaping. An underscore
#: inside a word (``title_at_date``) cannot open emphasis and is left alone.
_MD_SPECIAL = re.compile(r"[\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_])")
#: Kept as they are in a link destination; everything else is percent-encoded, so a URL
#: can close neither the link (``)``, ``>``, spaces) nor the table cell (``|``).
_URL_SAFE = "/:?#@!$&;=+,%-._~*"


def _text(value: str) -> str:
    """Article- or KB-derived text as inert Markdown on one line."""
    escaped = html.escape(" ".join(clean(value).split()), quote=False)
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(), escaped)


def _link(label: str, url: str | None) -> str:
    """``[label](url)`` for an http(s) URL; otherwise the label and the URL as text."""
    href = http_url(url)
    if href is None:
        return _text(label) if not url else f"{_text(label)} ({_text(url)})"
    return f"[{_text(label)}]({quote(href, safe=_URL_SAFE)})"


def md_diff(diff: tuple[tuple[str, str], ...]) -> str:
    """The word diff: dropped words ``~~struck~~``, added ones ``**bold**``."""
    marks = {"=": "", "-": "~~", "+": "**"}
    return " ".join(f"{marks.get(op, '')}{_text(words)}{marks.get(op, '')}" for op, words in diff)


def _origin(origin: Origin) -> str:
    line = f"{_text(origin.label)} {_text(origin.date)} · {_link(origin.outlet, origin.url)}"
    line += f" · credited to {_text(origin.speaker)}" if origin.speaker else " · no speaker"
    if origin.diff:
        line += f"; word diff: {md_diff(origin.diff)}"
    return line


def _evidence(ev: Evidence) -> str:
    origin = origin_of(ev)
    if origin is not None:
        return _origin(origin)
    details = _link(ev.source, ev.url)
    if ev.as_of:
        details += f", as of {ev.as_of.isoformat()}"
    return f"{_text(ev.description)} ({details})"


def _on(report: Report, finding: Finding, show_all: bool) -> str:
    if finding.attribution_id is not None:
        by_id = {att.id: att for att in report.attributions}
        labels = []
        for key in covered(finding):
            att = by_id.get(key)
            # A left-out attribution is named with its category: the table does not list it.
            hidden = att is not None and not is_shown(att, show_all)
            labels.append(_text(key) + (f" ({att.category.value})" if att and hidden else ""))
        return ", ".join(labels)
    if finding.span is not None:
        return _text(mention_label(finding.span))
    return "article"


def to_markdown(report: Report, *, show_all: bool = False) -> str:
    """The report as a Markdown document (findings first, then attributions).

    Speech and document attributions are listed; ``show_all`` lists belief and other
    ones too. Findings are listed whatever the attribution's category.
    """
    art = report.article
    lines = [f"# {_text(art.title or art.path or 'Untitled article')}", ""]
    date = art.date.isoformat() if art.date else "unknown"
    lines.append(f"- **Date:** {date} (from {art.date_source.value})")
    if art.outlet:
        lines.append(f"- **Outlet:** {_text(art.outlet)}")
    if art.url:
        href = http_url(art.url)
        # An autolink for http(s); anything else is inert text.
        shown = f"<{quote(href, safe=_URL_SAFE)}>" if href else _text(art.url)
        lines.append(f"- **URL:** {shown}")
    if art.path:
        lines.append(f"- **File:** {_text(art.path)}")
    count = str(len(report.attributions))
    if hidden := hidden_count(report, show_all):
        listed = len(report.attributions) - hidden
        count += f" ({listed} speech/document listed; {hidden} belief/other left out)"
    lines.append(f"- **Attributions:** {count}")
    lines.append("")
    if report.notes:
        lines.append("## Notes")
        lines.append("")
        lines.extend(f"- {_text(note)}" for note in report.notes)
        lines.append("")
    lines.append("## Findings")
    lines.append("")
    if report.findings:
        lines.append("| status | check | on | explanation | evidence |")
        lines.append("|---|---|---|---|---|")
        for f in sorted_findings(report):
            evidence = "; ".join(_evidence(ev) for ev in f.evidence)
            lines.append(
                f"| **{f.status.value}** | {_text(f.check)} | {_on(report, f, show_all)} | "
                f"{_text(f.explanation)} | {evidence} |"
            )
    else:
        lines.append("No findings.")
    lines.append("")
    lines.append("## Attributions")
    lines.append("")
    lines.append("| id | source | source kind | title | medium | kind | category | cue | content |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for att in report.attributions:
        if not is_shown(att, show_all):
            continue
        lines.append(
            "| "
            + " | ".join(
                _text(v)
                for v in (
                    att.id,
                    source_label(att),
                    att.source.kind.value if att.source else "",
                    title_label(att),
                    medium_label(att),
                    att.kind.value
                    + (f" (in {att.parent})" if att.parent else "")
                    + (f" (continues {att.continues})" if att.continues else ""),
                    att.category.value,
                    att.cue.text if att.cue else "",
                    excerpt(att.content.text, 120),
                )
            )
            + " |"
        )
    lines.append("")
    return "\n".join(lines)
