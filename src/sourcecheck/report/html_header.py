"""The report page's header sections: article details, summary, legend, links, filters, notes.

Each renderer takes the shared :class:`~sourcecheck.report.html_view.ReportView` and
returns one escaped HTML fragment that :func:`sourcecheck.report.html.render_html` puts
into the page template above (or beside) the article text.
"""

from __future__ import annotations

from sourcecheck.records import Status
from sourcecheck.report.common import attribution_count_label, excerpt, hidden_count
from sourcecheck.report.html_markup import esc, link_html
from sourcecheck.report.html_view import GROUP_TITLES, SEVERITY, ReportView, status_class


def meta_html(view: ReportView) -> str:
    """The article's outlet, author, date (and where it came from), URL and file."""
    art = view.report.article
    items: list[str] = []
    if art.outlet:
        items.append(f"<li>Outlet: {esc(art.outlet)}</li>")
    if art.author:
        items.append(f"<li>Author: {esc(art.author)}</li>")
    if art.date:
        items.append(
            f'<li>Date: <time datetime="{art.date.isoformat()}">{art.date.isoformat()}'
            f"</time> ({esc(art.date_source.value)})</li>"
        )
    else:
        items.append("<li>Date: unknown (checks that need it are unverifiable)</li>")
    if art.url:
        items.append(f"<li>URL: {link_html(art.url)}</li>")
    if art.path:
        items.append(f"<li>File: {esc(art.path)}</li>")
    return '<ul class="meta">' + "".join(items) + "</ul>"


def summary_html(view: ReportView) -> str:
    """Counts of the listed attributions by verdict, mentions and article findings."""
    counts: dict[Status | None, int] = dict.fromkeys(SEVERITY, 0)
    for att in view.report.attributions:
        if view.keys[att.id] not in view.aside:
            counts[view.status[att.id]] += 1
    label = attribution_count_label(view.report, view.show_all, toggle="show all")
    items = [f"<li>{esc(label)}</li>"]
    for status, title in GROUP_TITLES.items():
        if counts[status]:
            items.append(
                f'<li class="{status_class(status)}">{counts[status]} {esc(title.lower())}</li>'
            )
    if view.mentions:
        items.append(f"<li>{len(view.mentions)} person mentions checked</li>")
    if view.article_findings:
        items.append(f"<li>{len(view.article_findings)} article-level findings</li>")
    return '<ul class="summary" aria-label="Summary">' + "".join(items) + "</ul>"


def legend_html(view: ReportView) -> str:
    """What the highlight styles and colours mean."""
    mention = '<li><span class="hl men st-none">person mention</span></li>' if view.mentions else ""
    return (
        '<ul class="legend" aria-label="Legend">'
        '<li><span class="hl src st-none">source</span></li>'
        '<li><span class="hl cue st-none">cue</span></li>'
        '<li><span class="hl cnt st-none">content</span></li>'
        f"{mention}"
        '<li><span class="hl cnt st-contradicted">contradicted</span></li>'
        '<li><span class="hl cnt st-unverifiable">unverifiable</span></li>'
        '<li><span class="hl cnt st-consistent">consistent</span></li>'
        '<li><span class="hl cnt st-none">not checked</span></li>'
        "</ul>"
    )


def links_html(view: ReportView) -> str:
    """The links the article itself holds (only safe URLs are linked)."""
    links = view.report.article.links
    if not links:
        return ""
    items = "".join(
        f"<li>{esc(excerpt(link.span.text, 80))}: {link_html(link.href)}</li>" for link in links
    )
    return f'<section class="links"><h3>Links in the article</h3><ul>{items}</ul></section>'


# Side panel --------------------------------------------------------------------------


def filters_html(view: ReportView) -> str:
    """The filter controls; hidden until the script shows them."""
    media = sorted({att.medium for att in view.report.attributions if att.medium})
    options = "".join(f'<option value="{esc(m)}">{esc(m)}</option>' for m in media)
    others = hidden_count(view.report)
    show_all = (
        f'<label><input type="checkbox" data-filter="all"{" checked" if view.show_all else ""}>'
        f" show all ({others} belief/other)</label>"
        if others
        else ""
    )
    # Hidden until the script shows it: without JS the controls would do nothing.
    return (
        '<div class="filters" id="filters" hidden role="group" aria-label="Filters">'
        '<label><input type="checkbox" data-filter="contradicted"> contradicted</label>'
        '<label><input type="checkbox" data-filter="unverifiable"> unverifiable</label>'
        '<label><input type="checkbox" data-filter="anonymous"> anonymous/vague source'
        "</label>"
        '<label>medium <select data-filter="medium"><option value="">any</option>'
        f"{options}</select></label>"
        f"{show_all}"
        '<span class="count" aria-live="polite"></span>'
        "</div>"
    )


def notes_html(view: ReportView) -> str:
    """The report's notes (a check skipped and how to run it), escaped."""
    if not view.report.notes:
        return ""
    items = "".join(f"<li>{esc(note)}</li>" for note in view.report.notes)
    return f'<section class="notes" aria-label="Notes"><ul>{items}</ul></section>'
