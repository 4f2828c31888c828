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
    number_of,
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
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("source", ratio=3)
    table.add_column("kind · medium", ratio=2)
    table.add_column("cue", ratio=1)
    table.add_column("content", ratio=5)
    for number, att in enumerate(report.attributions, 1):
        source = Text(source_label(att))
        details = ", ".join(
            part for part in (title_label(att), att.source.kind.value if att.source else "") if part
        )
        if details:
            source.append(f"\n{details}", style="dim")
        kind = Text(att.kind.value)
        if att.medium or att.via:
            kind.append(f"\n{medium_label(att)}", style="cyan")
        if att.parent:
            kind.append(f"\n↳ inside #{_number(report, att.parent)}", style="dim")
        table.add_row(
            str(number),
            source,
            kind,
            att.cue.text if att.cue else "",
            excerpt(att.content.text, 160),
        )
    return table


def _number(report: Report, attribution_id: str | None) -> str:
    """The attribution's number as the tables show it (``article`` when there is none)."""
    number = number_of(report, attribution_id)
    return "article" if number is None else str(number)


def _findings(report: Report) -> Table:
    table = Table(title="Findings", box=box.SIMPLE_HEAVY, expand=True, title_justify="left")
    table.add_column("status", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("on", no_wrap=True)
    table.add_column("explanation and evidence", ratio=1)
    for finding in sorted_findings(report):
        body = Text(finding.explanation)
        for ev in finding.evidence:
            as_of = f", as of {ev.as_of.isoformat()}" if ev.as_of else ""
            body.append(
                f"\n• {excerpt(ev.description, 140)} [{excerpt(ev.source, 60)}{as_of}]", style="dim"
            )
        table.add_row(
            Text(finding.status.value, style=STATUS_STYLE[finding.status]),
            finding.check,
            "#" + _number(report, finding.attribution_id) if finding.attribution_id else "article",
            body,
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
