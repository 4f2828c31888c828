"""The annotated HTML report: one self-contained page, safe to open from anywhere.

The page holds the article with every attribution highlighted (source, cue and
content in distinct styles, coloured by the attribution's worst finding) and a
side panel listing the attributions grouped by status with their evidence. Titled
person mentions that have findings of their own (``then-Governor Ana Ruiz`` in a
sentence that is no attribution) are highlighted too and listed under "Person mentions".

Safety rules the renderer keeps (tests check them with a real HTML parser):

- every string that comes from the article or the report is escaped;
- links are only emitted for ``http``/``https``/``mailto`` URLs (evidence links: only
  ``http``/``https``);
- the page carries a strict Content-Security-Policy: ``default-src 'none'``, the one
  inline ``<script>`` and ``<style>`` allowed by their SHA-256 hashes, no event-handler
  attributes anywhere, nothing loaded from the network.

It reads without JavaScript (anchors and ``:target`` do the click-to-scroll); the script
only adds filters and smooth scrolling.

Speech and document attributions are listed and highlighted; belief and other ones are
in the page but hidden (``show_all`` lists them; the script adds a "show all" box).
Findings on hidden attributions are listed under "Findings on attributions not listed".

This module assembles the page (template, style, script, CSP, toolbar); the shared
per-report view is :mod:`~sourcecheck.report.html_view`, the highlighted text
:mod:`~sourcecheck.report.html_text`, the header sections
:mod:`~sourcecheck.report.html_header`, the side panel
:mod:`~sourcecheck.report.html_panel` and its findings
:mod:`~sourcecheck.report.html_findings`; escaping and links are in
:mod:`~sourcecheck.report.html_markup`.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from string import Template

from sourcecheck.records import Report
from sourcecheck.report.html_findings import diff_html
from sourcecheck.report.html_header import (
    filters_html,
    legend_html,
    links_html,
    meta_html,
    notes_html,
    summary_html,
)
from sourcecheck.report.html_markup import esc, is_local, safe_href
from sourcecheck.report.html_panel import panel_html
from sourcecheck.report.html_text import Mark, Segment, article_html, build_segments
from sourcecheck.report.html_view import (
    ReportView,
    attribution_status,
    mention_anchor,
    panel_anchor,
)

__all__ = [
    "Mark",
    "Segment",
    "ToolbarLink",
    "attribution_status",
    "build_segments",
    "diff_html",
    "mention_anchor",
    "panel_anchor",
    "render_html",
    "report_csp",
    "safe_href",
]


@dataclass(frozen=True, slots=True)
class ToolbarLink:
    """A link shown in a bar above the report (the web app's downloads)."""

    label: str
    href: str


@dataclass(frozen=True, slots=True)
class _Assets:
    template: Template
    style: str
    script: str


@lru_cache(maxsize=1)
def _assets() -> _Assets:
    root = resources.files("sourcecheck.report")
    return _Assets(
        template=Template((root / "templates" / "report.html").read_text("utf-8")),
        style=(root / "static" / "report.css").read_text("utf-8"),
        script=(root / "static" / "report.js").read_text("utf-8"),
    )


def _sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report_csp() -> str:
    """The Content-Security-Policy of the report page (the web app also sends it as a header)."""
    assets = _assets()
    return (
        "default-src 'none'; "
        f"script-src {_sha256_source(assets.script)}; "
        f"style-src {_sha256_source(assets.style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def render_html(
    report: Report, *, toolbar: Sequence[ToolbarLink] = (), show_all: bool = False
) -> str:
    """The report as one self-contained HTML page.

    Args:
        report: The report to show.
        toolbar: Links shown above the report (e.g. downloads in the web app); only
            relative or http(s) URLs are kept.
        show_all: List belief and other attributions too (by default they are in the
            page but hidden until the reader ticks "show all").

    Returns:
        The page, with the article text escaped and a strict Content-Security-Policy.
    """
    from sourcecheck import __version__

    assets = _assets()
    view = ReportView(report, show_all)
    article = report.article
    heading = article.title or article.path or "Untitled article"
    bar = ""
    kept = [t for t in toolbar if is_local(t.href) or safe_href(t.href)]
    if kept:
        bar = (
            '<nav class="toolbar" aria-label="Actions">'
            + "".join(f'<a href="{esc(t.href)}">{esc(t.label)}</a>' for t in kept)
            + "</nav>\n"
        )
    return assets.template.substitute(
        csp=esc(report_csp()),
        version=esc(__version__),
        page_title=esc(f"{heading} — sourcecheck"),
        heading=esc(heading),
        style=assets.style,
        script=assets.script,
        toolbar=bar,
        meta=meta_html(view),
        summary=summary_html(view),
        notes=notes_html(view),
        legend=legend_html(view),
        article=article_html(view),
        links=links_html(view),
        filters=filters_html(view),
        panel=panel_html(view),
        schema_version=esc(report.schema_version),
        sha256=esc(article.sha256 or "—"),
    )
