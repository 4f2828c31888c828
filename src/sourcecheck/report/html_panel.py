"""The report page's side panel: every attribution grouped by verdict, with its evidence.

:func:`panel_html` lists article-level findings first, then the attribution groups worst
first (contradicted, unverifiable, consistent, not checked) with the person mentions
placed among them by their worst verdict, then the findings on attributions that are
only listed with "show all". Each entry links back to its highlight in the text; the
findings themselves are written by :mod:`sourcecheck.report.html_findings`.
"""

from __future__ import annotations

from sourcecheck.records import Attribution, SourceKind
from sourcecheck.report.common import (
    excerpt,
    medium_label,
    sentence_around,
    source_label,
    title_label,
)
from sourcecheck.report.html_findings import finding_html
from sourcecheck.report.html_markup import esc
from sourcecheck.report.html_view import GROUP_TITLES, SEVERITY, ReportView, status_class

#: Unnamed sources, for the "anonymous" filter.
_UNNAMED = {SourceKind.ANONYMOUS, SourceKind.VAGUE}


def panel_html(view: ReportView) -> str:
    """The side panel: article findings, attributions by verdict, mentions, the rest."""
    parts: list[str] = []
    if view.article_findings:
        items = "".join(finding_html(view, f) for f in view.article_findings)
        parts.append(
            '<section class="group article-findings"><h3>About the article</h3>'
            f'<ul class="findings">{items}</ul></section>'
        )
    mentions = mentions_html(view)
    # Worst first across the panel: the mentions go before the attribution groups
    # that are no worse than the worst mention.
    worst = min((SEVERITY[view.key_status[k]] for k in view.mentions), default=None)
    if not view.report.attributions:
        parts.append('<p class="empty">No attributions were found in this article.</p>')
    for status, title in GROUP_TITLES.items():
        atts = [a for a in view.report.attributions if view.status[a.id] == status]
        if not atts:
            continue
        if mentions and worst is not None and SEVERITY[status] >= worst:
            parts.append(mentions)
            mentions = ""
        items = "".join(_item_html(view, att) for att in atts)
        listed = sum(view.keys[a.id] not in view.aside for a in atts)
        # A group of hidden attributions only is hidden too (the script shows it).
        hidden = "" if listed else " hidden"
        parts.append(
            f'<section class="group {status_class(status)}" '
            f'data-status="{status.value if status else "none"}"{hidden}>'
            f'<h3>{esc(title)} (<span class="n">{listed}</span>)</h3>'
            f'<ol class="atts">{items}</ol></section>'
        )
    parts.append(mentions)
    parts.append(aside_findings_html(view))
    return "".join(parts)


def aside_findings_html(view: ReportView) -> str:
    """Findings on attributions not listed: checks run on all, so none may be lost."""
    atts = [
        a
        for a in view.report.attributions
        if view.keys[a.id] in view.aside and view.findings.get(a.id)
    ]
    if not atts:
        return ""
    items: list[str] = []
    for att in atts:
        key = view.keys[att.id]
        heading = f"{source_label(att)} — {att.cue.text}" if att.cue else source_label(att)
        found = "".join(
            finding_html(view, f)
            for f in sorted(view.findings[att.id], key=lambda f: SEVERITY[f.status])
        )
        items.append(
            f'<li class="aside-att" data-key="{key}">'
            f'<a href="#p-{key}">{esc(key)}</a> ({esc(att.category.value)}) '
            f"{esc(excerpt(heading, 120))}"
            f'<ul class="findings">{found}</ul></li>'
        )
    return (
        '<section class="aside-findings" aria-label="Findings on attributions not listed">'
        f"<h3>Findings on attributions not listed ({len(atts)})</h3>"
        f'<ol class="atts">{"".join(items)}</ol></section>'
    )


def mentions_html(view: ReportView) -> str:
    """The checked person mentions, worst first (``""`` when there are none)."""
    if not view.mentions:
        return ""
    items = "".join(_mention_html(view, key) for key in _mentions_worst_first(view))
    return (
        '<section class="mentions" aria-label="Person mentions">'
        f"<h3>Person mentions ({len(view.mentions)})</h3>"
        f'<ol class="mentions">{items}</ol></section>'
    )


def _item_html(view: ReportView, att: Attribution) -> str:
    key = view.keys[att.id]
    status = view.status[att.id]
    anonymous = att.source is None or att.source.kind in _UNNAMED
    heading = source_label(att)
    if att.cue is not None:
        heading += f" — {att.cue.text}"
    rows: list[tuple[str, str]] = [
        ("Kind", att.kind.value.replace("_", " ")),
        ("Category", att.category.value),
    ]
    if att.source is not None:
        rows.append(("Source", f"{source_label(att)} ({att.source.kind.value})"))
    else:
        rows.append(("Source", "none stated"))
    if title_label(att):
        rows.append(("Title", title_label(att)))
    if medium_label(att):
        rows.append(("Medium", medium_label(att)))
    if att.time_expressions:
        rows.append(("Time", ", ".join(t.span.text for t in att.time_expressions)))
    if att.numbers:
        rows.append(("Figures", ", ".join(n.span.text for n in att.numbers)))
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    if att.parent is not None and att.parent in view.keys:
        parent = view.keys[att.parent]
        dl += f'<dt>Inside</dt><dd><a href="#p-{parent}">{esc(parent)}</a></dd>'
    if att.continues is not None and att.continues in view.keys:
        before = view.keys[att.continues]
        dl += f'<dt>Continues</dt><dd><a href="#p-{before}">{esc(before)}</a></dd>'
    findings = view.findings.get(att.id, [])
    findings.sort(key=lambda f: SEVERITY[f.status])
    found = "".join(finding_html(view, f) for f in findings)
    # Judged together with another attribution: point there rather than repeat it.
    for finding in view.covered_by.get(att.id, []):
        first = view.keys[finding.attribution_id or ""]
        found += (
            f'<li class="finding {status_class(finding.status)}">'
            f'<span class="badge {status_class(finding.status)}">'
            f"{esc(finding.status.value)}</span> <strong>{esc(finding.check)}</strong>: "
            f'judged with <a href="#p-{first}">{esc(first)}</a></li>'
        )
    found = found or '<li class="finding st-none">No check applied to this attribution.</li>'
    # Not listed by default: in the page for "show all", hidden without the script too.
    aside = ' data-aside="true" hidden' if key in view.aside else ""
    return (
        f'<li class="att {status_class(status)}" id="p-{key}" data-key="{key}" '
        f'data-status="{status.value if status else "none"}" '
        f'data-medium="{esc(att.medium or "")}" '
        f'data-anonymous="{"true" if anonymous else "false"}" '
        f'data-category="{esc(att.category.value)}"{aside}>'
        f'<a class="jump" href="#t-{key}">{esc(heading)}</a>'
        f"<blockquote>{esc(excerpt(att.content.text, 300))}</blockquote>"
        f"<dl>{dl}</dl>"
        f'<ul class="findings">{found}</ul></li>'
    )


def _mentions_worst_first(view: ReportView) -> list[str]:
    return sorted(
        view.mentions,
        key=lambda k: (SEVERITY[view.key_status[k]], view.mentions[k].start),
    )


def _mention_html(view: ReportView, key: str) -> str:
    span = view.mentions[key]
    status = view.key_status[key]
    findings = sorted(view.mention_findings[key], key=lambda f: SEVERITY[f.status])
    found = "".join(finding_html(view, f) for f in findings)
    # Same shape as an attribution entry (jump link, quote, findings) so the script
    # links it both ways; it is no li.att, so the attribution filters do not count it.
    return (
        f'<li class="mention {status_class(status)}" id="p-{key}" data-key="{key}" '
        f'data-status="{status.value if status else "none"}">'
        f'<a class="jump" href="#t-{key}"><span class="on">mention</span> '
        f"{esc(view.labels[key])}</a>"
        f"<blockquote>{esc(excerpt(sentence_around(view.text, span), 300))}</blockquote>"
        f'<ul class="findings">{found}</ul></li>'
    )
