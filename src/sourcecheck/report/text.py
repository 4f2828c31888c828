"""The terminal report: rich tables, contradicted findings first."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sourcecheck.records import Report, Status
from sourcecheck.report.common import (
    excerpt,
    medium_label,
    sorted_findings,
    source_label,
    title_label,
)

STATUS_STYLE = {
    Status.CONTRADICTED: "bold red",
    Status.UNVERIFIABLE: "yellow",
    Status.CONSISTENT: "green",
}


def _header(report: Report) -> Panel:
    art = report.article
    lines = Text()
    lines.append(art.title or art.path or "(untitled)", style="bold")
    date = art.date.isoformat() if art.date else "unknown"
    lines.append(f"\ndate {date} (from {art.date_source.value})")
    for label, value in (("outlet", art.outlet), ("url", art.url), ("file", art.path)):
        if value:
            lines.append(f" · {label} {value}")
    counts = {s: 0 for s in Status}
    for finding in report.findings:
        counts[finding.status] += 1
    lines.append(f"\n{len(report.attributions)} attributions · ")
    lines.append(
        f"{counts[Status.CONTRADICTED]} contradicted", style=STATUS_STYLE[Status.CONTRADICTED]
    )
    lines.append(" · ")
    lines.append(
        f"{counts[Status.UNVERIFIABLE]} unverifiable", style=STATUS_STYLE[Status.UNVERIFIABLE]
    )
    lines.append(" · ")
    lines.append(f"{counts[Status.CONSISTENT]} consistent", style=STATUS_STYLE[Status.CONSISTENT])
    return Panel(lines, title="sourcecheck", title_align="left", border_style="blue")


def _attributions(report: Report) -> Table:
    table = Table(title="Attributions", box=box.SIMPLE_HEAVY, expand=True, title_justify="left")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("source", ratio=3)
    table.add_column("kind of source", ratio=1)
    table.add_column("title", ratio=2)
    table.add_column("medium", ratio=2)
    table.add_column("attribution", ratio=1)
    table.add_column("cue", ratio=1)
    table.add_column("content", ratio=5)
    for att in report.attributions:
        parent = f"\n↳ in {att.parent}" if att.parent else ""
        table.add_row(
            att.id,
            source_label(att),
            att.source.kind.value if att.source else "",
            title_label(att),
            medium_label(att),
            att.kind.value + parent,
            att.cue.text if att.cue else "",
            excerpt(att.content.text),
        )
    return table


def _findings(report: Report) -> Table:
    table = Table(title="Findings", box=box.SIMPLE_HEAVY, expand=True, title_justify="left")
    table.add_column("status", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("on", style="dim", no_wrap=True)
    table.add_column("explanation", ratio=4)
    table.add_column("evidence", ratio=3)
    for finding in sorted_findings(report):
        evidence = "\n".join(
            f"{ev.description} [{ev.source}{', as of ' + ev.as_of.isoformat() if ev.as_of else ''}]"
            for ev in finding.evidence
        )
        table.add_row(
            Text(finding.status.value, style=STATUS_STYLE[finding.status]),
            finding.check,
            finding.attribution_id or "article",
            finding.explanation,
            evidence,
        )
    return table


def render(report: Report) -> RenderableType:
    """The whole terminal report as one rich renderable."""
    parts: list[RenderableType] = [_header(report)]
    if report.findings:
        parts.append(_findings(report))
    parts.append(_attributions(report) if report.attributions else Text("No attributions found."))
    return Group(*parts)


def print_report(report: Report, console: Console | None = None) -> None:
    """Print the report to the terminal (colour when the terminal supports it)."""
    (console or Console()).print(render(report))
