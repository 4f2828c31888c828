"""Small helpers shared by the report formats."""

from __future__ import annotations

from sourcecheck.records import STATUS_ORDER, Attribution, Finding, Report


def number_of(report: Report, attribution_id: str | None) -> int | None:
    """The 1-based position of an attribution, as every report format numbers them."""
    for number, att in enumerate(report.attributions, 1):
        if att.id == attribution_id:
            return number
    return None


def excerpt(text: str, limit: int = 90) -> str:
    """One line of at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


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
    """Findings with the contradicted ones first, then by position of their attribution."""
    position = {att.id: i for i, att in enumerate(report.attributions)}
    return sorted(
        report.findings,
        key=lambda f: (STATUS_ORDER[f.status], position.get(f.attribution_id or "", -1), f.check),
    )
