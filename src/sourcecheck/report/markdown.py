"""The Markdown report."""

from __future__ import annotations

from sourcecheck.records import Report
from sourcecheck.report.common import (
    excerpt,
    medium_label,
    sorted_findings,
    source_label,
    title_label,
)


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """The report as a Markdown document (findings first, then attributions)."""
    art = report.article
    lines = [f"# {art.title or art.path or 'Untitled article'}", ""]
    date = art.date.isoformat() if art.date else "unknown"
    lines.append(f"- **Date:** {date} (from {art.date_source.value})")
    for label, value in (("Outlet", art.outlet), ("URL", art.url), ("File", art.path)):
        if value:
            lines.append(f"- **{label}:** {value}")
    lines.append(f"- **Attributions:** {len(report.attributions)}")
    lines.append("")
    lines.append("## Findings")
    lines.append("")
    if report.findings:
        lines.append("| status | check | on | explanation | evidence |")
        lines.append("|---|---|---|---|---|")
        for f in sorted_findings(report):
            evidence = "; ".join(f"{ev.description} ({ev.source})" for ev in f.evidence)
            lines.append(
                f"| **{f.status.value}** | {f.check} | {f.attribution_id or 'article'} | "
                f"{_cell(f.explanation)} | {_cell(evidence)} |"
            )
    else:
        lines.append("No findings.")
    lines.append("")
    lines.append("## Attributions")
    lines.append("")
    lines.append("| id | source | source kind | title | medium | kind | cue | content |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for att in report.attributions:
        lines.append(
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    att.id,
                    source_label(att),
                    att.source.kind.value if att.source else "",
                    title_label(att),
                    medium_label(att),
                    att.kind.value + (f" (in {att.parent})" if att.parent else ""),
                    att.cue.text if att.cue else "",
                    excerpt(att.content.text, 120),
                )
            )
            + " |"
        )
    lines.append("")
    return "\n".join(lines)
