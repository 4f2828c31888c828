"""The terminal report: rich tables, contradicted findings first.

Every string from the article or the knowledge base goes into a :class:`~rich.text.Text`
(never parsed as console markup) after :func:`~sourcecheck.report.common.clean` has
dropped control characters (an ESC in an article must not reach the terminal).

Evidence URLs are numbered in the findings table and listed whole under it, one a line
and never cut: :func:`print_report` prints that list without hard wrapping, so a long
URL wraps in the terminal and still copies as one string; http(s) ones are also
terminal hyperlinks.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from sourcecheck.records import Evidence, Finding, Report, Status
from sourcecheck.report.common import (
    Origin,
    attribution_count_label,
    clean,
    covered,
    excerpt,
    http_url,
    is_shown,
    medium_label,
    mention_label,
    number_of,
    origin_line,
    origin_of,
    sorted_findings,
    source_label,
    title_label,
)

STATUS_STYLE = {
    Status.CONTRADICTED: "bold red",
    Status.UNVERIFIABLE: "yellow",
    Status.CONSISTENT: "green",
}
#: Longest mention text shown in the findings' "on" column.
MENTION_LIMIT = 40


def _url(url: str, style: str = "") -> Text:
    """The whole URL (control characters dropped); a hyperlink only when http(s)."""
    href = http_url(url)
    link = Style(link=href) if href else Style()
    return Text(clean(url), style=Style.parse(style) + link if style else link)


def _header(report: Report, show_all: bool) -> Panel:
    art = report.article
    lines = Text()
    lines.append(clean(art.title or art.path or "(untitled)"), style="bold")
    date = art.date.isoformat() if art.date else "unknown"
    lines.append(f"\ndate {date} (from {art.date_source.value})")
    if art.outlet:
        lines.append(f" · outlet {clean(art.outlet)}")
    if art.url:
        lines.append(" · url ")
        lines.append_text(_url(art.url))
    if art.path:
        lines.append(f" · file {clean(art.path)}")
    counts = {s: 0 for s in Status}
    for finding in report.findings:
        counts[finding.status] += 1
    lines.append(f"\n{attribution_count_label(report, show_all)} · ")
    lines.append(
        f"{counts[Status.CONTRADICTED]} contradicted", style=STATUS_STYLE[Status.CONTRADICTED]
    )
    lines.append(" · ")
    lines.append(
        f"{counts[Status.UNVERIFIABLE]} unverifiable", style=STATUS_STYLE[Status.UNVERIFIABLE]
    )
    lines.append(" · ")
    lines.append(f"{counts[Status.CONSISTENT]} consistent", style=STATUS_STYLE[Status.CONSISTENT])
    lines.overflow = "fold"
    return Panel(lines, title="sourcecheck", title_align="left", border_style="blue")


def _attributions(report: Report, show_all: bool) -> Table:
    table = Table(title="Attributions", box=box.SIMPLE_HEAVY, expand=True, title_justify="left")
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("source", ratio=3)
    table.add_column("kind · medium", ratio=2)
    table.add_column("cue", ratio=1)
    table.add_column("content", ratio=5)
    for number, att in enumerate(report.attributions, 1):
        # Numbers stay those of the whole list, so "#7" means the same with --all.
        if not is_shown(att, show_all):
            continue
        source = Text(clean(source_label(att)))
        details = ", ".join(
            part for part in (title_label(att), att.source.kind.value if att.source else "") if part
        )
        if details:
            source.append(f"\n{clean(details)}", style="dim")
        kind = Text(f"{att.kind.value} · {att.category.value}")
        if att.medium or att.via:
            kind.append(f"\n{clean(medium_label(att))}", style="cyan")
        if att.parent:
            kind.append(f"\n↳ inside #{_number(report, att.parent)}", style="dim")
        if att.continues:
            kind.append(f"\n↳ continues #{_number(report, att.continues)}", style="dim")
        table.add_row(
            str(number),
            source,
            kind,
            Text(clean(att.cue.text) if att.cue else ""),
            Text(excerpt(att.content.text, 160)),
        )
    return table


def _number(report: Report, attribution_id: str | None) -> str:
    """The attribution's number as the tables show it (``article`` when there is none)."""
    number = number_of(report, attribution_id)
    return "article" if number is None else str(number)


def _on(report: Report, finding: Finding, show_all: bool) -> Text:
    """What the finding is about: ``#2``, ``#2 +#3``, ``#5 (belief)``, ``mention “…”``…

    An attribution the table leaves out is named with its category, so the reader knows
    why it is not listed (``--all`` lists it).
    """
    if finding.attribution_id is not None:
        labels = []
        by_id = {att.id: att for att in report.attributions}
        for i, key in enumerate(covered(finding)):
            label = ("#" if i == 0 else "+#") + _number(report, key)
            att = by_id.get(key)
            if att is not None and not is_shown(att, show_all):
                label += f" ({att.category.value})"
            labels.append(label)
        return Text(" ".join(labels))
    if finding.span is not None:
        return Text(mention_label(finding.span, MENTION_LIMIT))
    return Text("article")


def _link_numbers(report: Report) -> dict[str, int]:
    """A number per distinct evidence URL, in the order the findings table shows them."""
    numbers: dict[str, int] = {}
    for finding in sorted_findings(report):
        for ev in finding.evidence:
            if ev.url and ev.url not in numbers:
                numbers[ev.url] = len(numbers) + 1
    return numbers


#: How the terminal shows the word diff of an altered quote.
DIFF_STYLE = {"=": "dim", "-": "red strike", "+": "bold green"}


def diff_text(diff: tuple[tuple[str, str], ...]) -> Text:
    """The word diff: dropped words struck out in red, added ones in green.

    Marked with ``[-…-]``/``{+…+}`` too, so it reads without colour.
    """
    text = Text()
    for op, words in diff:
        if text:
            text.append(" ")
        shown = clean(words)
        if op == "-":
            shown = f"[-{shown}-]"
        elif op == "+":
            shown = f"{{+{shown}+}}"
        text.append(shown, style=DIFF_STYLE.get(op, ""))
    return text


def _origin(origin: Origin, ev: Evidence, links: dict[str, int]) -> Text:
    line = Text(f"\n• {excerpt(origin_line(origin), 140)}", style="dim")
    if ev.url:
        line.append(f" [{links[ev.url]}]", style="cyan")
    if origin.diff:
        line.append("\n  word diff: ", style="dim")
        line.append_text(diff_text(origin.diff))
    return line


def _evidence(ev: Evidence, links: dict[str, int]) -> Text:
    origin = origin_of(ev)
    if origin is not None:
        return _origin(origin, ev, links)
    line = Text(f"\n• {excerpt(ev.description, 140)} [{excerpt(ev.source, 60)}", style="dim")
    if ev.as_of:
        line.append(f", as of {ev.as_of.isoformat()}")
    line.append("]")
    if ev.url:
        line.append(f" [{links[ev.url]}]", style="cyan")
    return line


def _links(report: Report) -> Text | None:
    """The evidence URLs, whole: ``[1] https://…`` one a line (the table cites the number)."""
    numbers = _link_numbers(report)
    if not numbers:
        return None
    text = Text()
    text.append("Evidence links", style="italic")
    for url, number in numbers.items():
        text.append(f"\n  [{number}] ", style="cyan")
        text.append_text(_url(url, "underline" if http_url(url) else ""))
    text.append("\n")
    # Folded if something wraps it anyway; never cut with an ellipsis.
    text.overflow = "fold"
    return text


def _findings(report: Report, show_all: bool) -> Table:
    table = Table(title="Findings", box=box.SIMPLE_HEAVY, expand=True, title_justify="left")
    table.add_column("status", no_wrap=True)
    table.add_column("check", no_wrap=True)
    # A long mention wraps here (on a narrow terminal) rather than squeezing the findings.
    table.add_column("on", ratio=1, min_width=7, overflow="fold")
    table.add_column("explanation and evidence", ratio=3)
    links = _link_numbers(report)
    for finding in sorted_findings(report):
        body = Text(clean(finding.explanation))
        for ev in finding.evidence:
            body.append_text(_evidence(ev, links))
        table.add_row(
            Text(finding.status.value, style=STATUS_STYLE[finding.status]),
            Text(excerpt(finding.check, 40)),
            _on(report, finding, show_all),
            body,
        )
    return table


def _notes(report: Report) -> Text:
    text = Text()
    text.append("Notes", style="italic")
    for note in report.notes:
        text.append(f"\n  • {excerpt(note, 400)}", style="yellow")
    text.append("\n")
    return text


def _parts(report: Report, show_all: bool) -> list[RenderableType]:
    parts: list[RenderableType] = [_header(report, show_all)]
    if report.notes:
        parts.append(_notes(report))
    if report.findings:
        parts.append(_findings(report, show_all))
        links = _links(report)
        if links is not None:
            parts.append(links)
    if any(is_shown(att, show_all) for att in report.attributions):
        parts.append(_attributions(report, show_all))
    elif report.attributions:
        parts.append(Text("No speech or document attributions found (--all lists the rest)."))
    else:
        parts.append(Text("No attributions found."))
    return parts


def render(report: Report, *, show_all: bool = False) -> RenderableType:
    """The whole terminal report as one rich renderable.

    Args:
        report: The report.
        show_all: List belief and other attributions too (``check --all``).
    """
    return Group(*_parts(report, show_all))


def print_report(report: Report, console: Console | None = None, *, show_all: bool = False) -> None:
    """Print the report to the terminal (colour when the terminal supports it).

    Speech and document attributions are listed; ``show_all`` lists the rest too.
    Findings are listed whatever the attribution's category.
    """
    console = console or Console()
    for part in _parts(report, show_all):
        # The link list is soft-wrapped: the terminal wraps a long URL itself, so it is
        # neither cut nor broken by inserted newlines when copied.
        console.print(part, soft_wrap=isinstance(part, Text))
