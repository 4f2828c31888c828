"""The annotated HTML report: one self-contained page, safe to open from anywhere.

The page holds the article with every attribution highlighted (source, cue and
content in distinct styles, coloured by the attribution's worst finding) and a
side panel listing the attributions grouped by status with their evidence. Titled
person mentions that have findings of their own (``then-President Pedro Castillo`` in a
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
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from string import Template
from urllib.parse import urlsplit

from sourcecheck.records import (
    STATUS_ORDER,
    Attribution,
    Evidence,
    Finding,
    Report,
    SourceKind,
    Span,
    Status,
)
from sourcecheck.report.common import (
    attribution_count_label,
    covered,
    excerpt,
    hidden_count,
    http_url,
    is_mention,
    is_shown,
    medium_label,
    mention_keys,
    number_of,
    sentence_around,
    source_label,
    title_label,
)

#: Verdict order, worst first; ``None`` is an attribution no check looked at.
_SEVERITY: dict[Status | None, int] = {**dict(STATUS_ORDER.items()), None: len(STATUS_ORDER)}
_GROUP_TITLES: dict[Status | None, str] = {
    Status.CONTRADICTED: "Contradicted",
    Status.UNVERIFIABLE: "Unverifiable",
    Status.CONSISTENT: "Consistent",
    None: "Not checked",
}
_ROLE_NAMES = {"src": "source", "cue": "cue", "cnt": "content", "men": "person mention"}
#: Unnamed sources, for the "anonymous" filter.
_UNNAMED = {SourceKind.ANONYMOUS, SourceKind.VAGUE}
_SAFE_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True, slots=True)
class ToolbarLink:
    """A link shown in a bar above the report (the web app's downloads)."""

    label: str
    href: str


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


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http/https/mailto URL without control characters."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url


def _is_local(href: str) -> bool:
    """A same-site path (``/audits/…``), not a protocol-relative ``//host`` URL."""
    return href.startswith("/") and not href.startswith("//") and "\\" not in href


def _link(url: str | None, label: str | None = None) -> str:
    """An ``<a>`` for a safe URL, otherwise the escaped text."""
    href = safe_href(url)
    text = _e(label if label is not None else (url or ""))
    if href is None:
        return text
    return f'<a href="{_e(href)}" rel="noopener noreferrer nofollow">{text}</a>'


def panel_anchor(report: Report, attribution_id: str) -> str | None:
    """The fragment id of an attribution's panel entry (``p-a3``), to link into the page."""
    number = number_of(report, attribution_id)
    return None if number is None else f"p-a{number}"


def mention_anchor(report: Report, span: Span) -> str | None:
    """The fragment id of a person mention's panel entry (``p-m1``)."""
    key = mention_keys(report).get((span.start, span.end))
    return None if key is None else f"p-{key}"


def attribution_status(report: Report) -> dict[str, Status | None]:
    """Each attribution's worst finding status (``None`` when no check looked at it).

    A finding counts for every attribution it covers (the halves of one statement).
    """
    worst: dict[str, Status | None] = {att.id: None for att in report.attributions}
    for finding in report.findings:
        for key in covered(finding):
            if key in worst and _SEVERITY[finding.status] < _SEVERITY[worst[key]]:
                worst[key] = finding.status
    return worst


def _role_spans(att: Attribution) -> Iterable[tuple[str, Span]]:
    if att.source is not None:
        yield "src", att.source.span
    if att.cue is not None:
        yield "cue", att.cue
    yield "cnt", att.content


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


def _extent(att: Attribution) -> tuple[int, int]:
    spans = [span for _, span in _role_spans(att)]
    return min(s.start for s in spans), max(s.end for s in spans)


class _Renderer:
    """Renders one report; keys are ``a1``, ``a2``… so ids never depend on input text."""

    def __init__(self, report: Report, show_all: bool = False) -> None:
        self.report = report
        self.show_all = show_all
        self.text = report.article.text
        # Keep in step with panel_anchor().
        self.keys = {att.id: f"a{i}" for i, att in enumerate(report.attributions, 1)}
        self.status = attribution_status(report)
        self.size = {
            self.keys[att.id]: (lambda ext: ext[1] - ext[0])(_extent(att))
            for att in report.attributions
        }
        #: Keys of the attributions listed only with "show all".
        self.aside = {
            self.keys[att.id] for att in report.attributions if not is_shown(att, show_all)
        }
        self.findings: dict[str, list[Finding]] = {}
        #: Findings whose first attribution is another one they cover: id → those findings.
        self.covered_by: dict[str, list[Finding]] = {}
        self.article_findings: list[Finding] = []
        # Person mentions with findings: one key (m1, m2…) and one highlight per span.
        self.mention_keys = mention_keys(report)
        self.mentions: dict[str, Span] = {}
        self.mention_findings: dict[str, list[Finding]] = {}
        for finding in report.findings:
            if finding.attribution_id in self.keys:
                self.findings.setdefault(finding.attribution_id, []).append(finding)
                for other in covered(finding)[1:]:
                    self.covered_by.setdefault(other, []).append(finding)
            elif finding.span is not None and is_mention(finding):
                key = self.mention_keys[(finding.span.start, finding.span.end)]
                self.mentions.setdefault(key, finding.span)
                self.mention_findings.setdefault(key, []).append(finding)
            else:
                self.article_findings.append(finding)
        # What the highlights of each key need: worst status, extent and a label.
        self.key_status: dict[str, Status | None] = {
            self.keys[att.id]: self.status[att.id] for att in report.attributions
        }
        self.labels = {self.keys[att.id]: source_label(att) for att in report.attributions}
        for key, span in self.mentions.items():
            found = self.mention_findings[key]
            self.key_status[key] = min((f.status for f in found), key=_SEVERITY.__getitem__)
            self.size[key] = span.end - span.start
            self.labels[key] = f"“{excerpt(span.text, 60)}”"

    def status_class(self, status: Status | None) -> str:
        return f"st-{status.value}" if status is not None else "st-none"

    # The article text -----------------------------------------------------------------

    def article_html(self) -> str:
        marks = [
            Mark(self.keys[att.id], role, span.start, span.end)
            for att in self.report.attributions
            for role, span in _role_spans(att)
        ]
        marks.extend(Mark(key, "men", s.start, s.end) for key, s in self.mentions.items())
        first_at: dict[int, list[str]] = {}
        for att in self.report.attributions:
            start = max(0, min(_extent(att)[0], len(self.text)))
            first_at.setdefault(start, []).append(self.keys[att.id])
        for key, span in self.mentions.items():
            first_at.setdefault(max(0, min(span.start, len(self.text))), []).append(key)
        out: list[str] = []
        for seg in build_segments(self.text, marks):
            for key in first_at.pop(seg.start, ()):
                out.append(f'<span class="anchor" id="t-{key}"></span>')
            chunk = _e(self.text[seg.start : seg.end])
            if not seg.marks:
                out.append(chunk)
                continue
            out.append(self._segment_html(seg, chunk))
        for keys in first_at.values():  # attributions starting at the very end
            out.extend(f'<span class="anchor" id="t-{key}"></span>' for key in keys)
        return "".join(out)

    def _segment_html(self, seg: Segment, chunk: str) -> str:
        keys = list(dict.fromkeys(m.key for m in seg.marks))
        # The innermost listed attribution or mention (smallest extent) owns the colour
        # and the link; on a tie the later attribution, and a mention before an attribution.
        inner = min(keys, key=lambda k: (k in self.aside, self.size[k], k[0] != "m", -int(k[1:])))
        roles = sorted({m.role for m in seg.marks}, key=list(_ROLE_NAMES).index)
        status = self.key_status[inner]
        label = "; ".join(
            _ROLE_NAMES[m.role] + ("" if m.role == "men" else " of") + f" {self.labels[m.key]}"
            for m in seg.marks
        )
        verdict = status.value if status is not None else "not checked"
        # Only attributions not listed: plain text until "show all" (the script) shows them.
        aside = ["aside"] if all(k in self.aside for k in keys) else []
        classes = " ".join(["hl", *roles, self.status_class(status), *aside])
        return (
            f'<a class="{classes}" href="#p-{inner}" data-key="{inner}" '
            f'data-att="{" ".join(keys)}" title="{_e(label)} ({verdict})">{chunk}</a>'
        )

    # Header ------------------------------------------------------------------------------

    def meta_html(self) -> str:
        art = self.report.article
        items: list[str] = []
        if art.outlet:
            items.append(f"<li>Outlet: {_e(art.outlet)}</li>")
        if art.author:
            items.append(f"<li>Author: {_e(art.author)}</li>")
        if art.date:
            items.append(
                f'<li>Date: <time datetime="{art.date.isoformat()}">{art.date.isoformat()}'
                f"</time> ({_e(art.date_source.value)})</li>"
            )
        else:
            items.append("<li>Date: unknown (checks that need it are unverifiable)</li>")
        if art.url:
            items.append(f"<li>URL: {_link(art.url)}</li>")
        if art.path:
            items.append(f"<li>File: {_e(art.path)}</li>")
        return '<ul class="meta">' + "".join(items) + "</ul>"

    def summary_html(self) -> str:
        counts: dict[Status | None, int] = dict.fromkeys(_SEVERITY, 0)
        for att in self.report.attributions:
            if self.keys[att.id] not in self.aside:
                counts[self.status[att.id]] += 1
        label = attribution_count_label(self.report, self.show_all)
        if not self.show_all:
            label = label.replace("--all", "show all")
        items = [f"<li>{_e(label)}</li>"]
        for status, title in _GROUP_TITLES.items():
            if counts[status]:
                items.append(
                    f'<li class="{self.status_class(status)}">{counts[status]} '
                    f"{_e(title.lower())}</li>"
                )
        if self.mentions:
            items.append(f"<li>{len(self.mentions)} person mentions checked</li>")
        if self.article_findings:
            items.append(f"<li>{len(self.article_findings)} article-level findings</li>")
        return '<ul class="summary" aria-label="Summary">' + "".join(items) + "</ul>"

    def legend_html(self) -> str:
        mention = (
            '<li><span class="hl men st-none">person mention</span></li>' if self.mentions else ""
        )
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

    def links_html(self) -> str:
        links = self.report.article.links
        if not links:
            return ""
        items = "".join(
            f"<li>{_e(excerpt(link.span.text, 80))}: {_link(link.href)}</li>" for link in links
        )
        return f'<section class="links"><h3>Links in the article</h3><ul>{items}</ul></section>'

    # Side panel --------------------------------------------------------------------------

    def filters_html(self) -> str:
        media = sorted({att.medium for att in self.report.attributions if att.medium})
        options = "".join(f'<option value="{_e(m)}">{_e(m)}</option>' for m in media)
        others = hidden_count(self.report)
        show_all = (
            f'<label><input type="checkbox" data-filter="all"{" checked" if self.show_all else ""}>'
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

    def panel_html(self) -> str:
        parts: list[str] = []
        if self.article_findings:
            items = "".join(self._finding_html(f) for f in self.article_findings)
            parts.append(
                '<section class="group article-findings"><h3>About the article</h3>'
                f'<ul class="findings">{items}</ul></section>'
            )
        mentions = self.mentions_html()
        # Worst first across the panel: the mentions go before the attribution groups
        # that are no worse than the worst mention.
        worst = min((_SEVERITY[self.key_status[k]] for k in self.mentions), default=None)
        if not self.report.attributions:
            parts.append('<p class="empty">No attributions were found in this article.</p>')
        for status, title in _GROUP_TITLES.items():
            atts = [a for a in self.report.attributions if self.status[a.id] == status]
            if not atts:
                continue
            if mentions and worst is not None and _SEVERITY[status] >= worst:
                parts.append(mentions)
                mentions = ""
            items = "".join(self._item_html(att) for att in atts)
            listed = sum(self.keys[a.id] not in self.aside for a in atts)
            # A group of hidden attributions only is hidden too (the script shows it).
            hidden = "" if listed else " hidden"
            parts.append(
                f'<section class="group {self.status_class(status)}" '
                f'data-status="{status.value if status else "none"}"{hidden}>'
                f'<h3>{_e(title)} (<span class="n">{listed}</span>)</h3>'
                f'<ol class="atts">{items}</ol></section>'
            )
        parts.append(mentions)
        parts.append(self.aside_findings_html())
        return "".join(parts)

    def aside_findings_html(self) -> str:
        """Findings on attributions not listed: checks run on all, so none may be lost."""
        atts = [
            a
            for a in self.report.attributions
            if self.keys[a.id] in self.aside and self.findings.get(a.id)
        ]
        if not atts:
            return ""
        items: list[str] = []
        for att in atts:
            key = self.keys[att.id]
            heading = f"{source_label(att)} — {att.cue.text}" if att.cue else source_label(att)
            found = "".join(
                self._finding_html(f)
                for f in sorted(self.findings[att.id], key=lambda f: _SEVERITY[f.status])
            )
            items.append(
                f'<li class="aside-att" data-key="{key}">'
                f'<a href="#p-{key}">{_e(key)}</a> ({_e(att.category.value)}) '
                f"{_e(excerpt(heading, 120))}"
                f'<ul class="findings">{found}</ul></li>'
            )
        return (
            '<section class="aside-findings" aria-label="Findings on attributions not listed">'
            f"<h3>Findings on attributions not listed ({len(atts)})</h3>"
            f'<ol class="atts">{"".join(items)}</ol></section>'
        )

    def mentions_html(self) -> str:
        if not self.mentions:
            return ""
        items = "".join(self._mention_html(key) for key in self._mentions_worst_first())
        return (
            '<section class="mentions" aria-label="Person mentions">'
            f"<h3>Person mentions ({len(self.mentions)})</h3>"
            f'<ol class="mentions">{items}</ol></section>'
        )

    def _item_html(self, att: Attribution) -> str:
        key = self.keys[att.id]
        status = self.status[att.id]
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
        dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
        if att.parent is not None and att.parent in self.keys:
            parent = self.keys[att.parent]
            dl += f'<dt>Inside</dt><dd><a href="#p-{parent}">{_e(parent)}</a></dd>'
        if att.continues is not None and att.continues in self.keys:
            before = self.keys[att.continues]
            dl += f'<dt>Continues</dt><dd><a href="#p-{before}">{_e(before)}</a></dd>'
        findings = self.findings.get(att.id, [])
        findings.sort(key=lambda f: _SEVERITY[f.status])
        found = "".join(self._finding_html(f) for f in findings)
        # Judged together with another attribution: point there rather than repeat it.
        for finding in self.covered_by.get(att.id, []):
            first = self.keys[finding.attribution_id or ""]
            found += (
                f'<li class="finding {self.status_class(finding.status)}">'
                f'<span class="badge {self.status_class(finding.status)}">'
                f"{_e(finding.status.value)}</span> <strong>{_e(finding.check)}</strong>: "
                f'judged with <a href="#p-{first}">{_e(first)}</a></li>'
            )
        found = found or '<li class="finding st-none">No check applied to this attribution.</li>'
        # Not listed by default: in the page for "show all", hidden without the script too.
        aside = ' data-aside="true" hidden' if key in self.aside else ""
        return (
            f'<li class="att {self.status_class(status)}" id="p-{key}" data-key="{key}" '
            f'data-status="{status.value if status else "none"}" '
            f'data-medium="{_e(att.medium or "")}" '
            f'data-anonymous="{"true" if anonymous else "false"}" '
            f'data-category="{_e(att.category.value)}"{aside}>'
            f'<a class="jump" href="#t-{key}">{_e(heading)}</a>'
            f"<blockquote>{_e(excerpt(att.content.text, 300))}</blockquote>"
            f"<dl>{dl}</dl>"
            f'<ul class="findings">{found}</ul></li>'
        )

    def _mentions_worst_first(self) -> list[str]:
        return sorted(
            self.mentions,
            key=lambda k: (_SEVERITY[self.key_status[k]], self.mentions[k].start),
        )

    def _mention_html(self, key: str) -> str:
        span = self.mentions[key]
        status = self.key_status[key]
        findings = sorted(self.mention_findings[key], key=lambda f: _SEVERITY[f.status])
        found = "".join(self._finding_html(f) for f in findings)
        # Same shape as an attribution entry (jump link, quote, findings) so the script
        # links it both ways; it is no li.att, so the attribution filters do not count it.
        return (
            f'<li class="mention {self.status_class(status)}" id="p-{key}" data-key="{key}" '
            f'data-status="{status.value if status else "none"}">'
            f'<a class="jump" href="#t-{key}"><span class="on">mention</span> '
            f"{_e(self.labels[key])}</a>"
            f"<blockquote>{_e(excerpt(sentence_around(self.text, span), 300))}</blockquote>"
            f'<ul class="findings">{found}</ul></li>'
        )

    def _finding_html(self, finding: Finding) -> str:
        status = self.status_class(finding.status)
        evidence = "".join(self._evidence_html(ev) for ev in finding.evidence)
        if evidence:
            evidence = f'<ul class="evidence">{evidence}</ul>'
        keys = [self.keys[k] for k in covered(finding) if k in self.keys]
        covers = ""
        if len(keys) > 1:
            links = ", ".join(f'<a href="#p-{k}">{_e(k)}</a>' for k in keys)
            covers = f' <span class="covers">(covers {links})</span>'
        return (
            f'<li class="finding {status}">'
            f'<span class="badge {status}">{_e(finding.status.value)}</span> '
            f"<strong>{_e(finding.check)}</strong>: {_e(finding.explanation)}{covers}"
            f"{evidence}</li>"
        )

    def _evidence_html(self, ev: Evidence) -> str:
        details = [f"source: {_evidence_source(ev)}"]
        if ev.as_of:
            day = ev.as_of.isoformat()
            details.append(f'as of <time datetime="{day}">{day}</time>')
        if ev.url and http_url(ev.url) is None:
            # Shown, never linked: a reader may still want to know what it was.
            details.append(f'<span class="url">{_e(ev.url)}</span>')
        return f'<li>{_e(ev.description)} <span class="kb">({", ".join(details)})</span></li>'


def _evidence_source(ev: Evidence) -> str:
    """The evidence's source, linked to its URL when that is http(s)."""
    href = http_url(ev.url)
    if href is None:
        # Older KBs put a URL in ``source`` itself; link it on the same terms.
        href = http_url(ev.source)
        if href is None:
            return _e(ev.source)
    return f'<a class="ev-link" href="{_e(href)}" rel="noopener noreferrer">{_e(ev.source)}</a>'


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
    renderer = _Renderer(report, show_all)
    article = report.article
    heading = article.title or article.path or "Untitled article"
    bar = ""
    kept = [t for t in toolbar if _is_local(t.href) or safe_href(t.href)]
    if kept:
        bar = (
            '<nav class="toolbar" aria-label="Actions">'
            + "".join(f'<a href="{_e(t.href)}">{_e(t.label)}</a>' for t in kept)
            + "</nav>\n"
        )
    return assets.template.substitute(
        csp=_e(report_csp()),
        version=_e(__version__),
        page_title=_e(f"{heading} — sourcecheck"),
        heading=_e(heading),
        style=assets.style,
        script=assets.script,
        toolbar=bar,
        meta=renderer.meta_html(),
        summary=renderer.summary_html(),
        legend=renderer.legend_html(),
        article=renderer.article_html(),
        links=renderer.links_html(),
        filters=renderer.filters_html(),
        panel=renderer.panel_html(),
        schema_version=_e(report.schema_version),
        sha256=_e(article.sha256 or "—"),
    )
