"""Findings and their evidence in the HTML report: badges, sources, quote origins, diffs.

:func:`finding_html` writes one finding of the side panel (its verdict, check and
explanation, the attributions it covers, its evidence); :func:`evidence_html` writes
one piece of evidence, a quote's appearance (when, where, credited to whom, and the word
diff of :func:`diff_html`) or a knowledge-base fact with its source, linked only when
its URL is http(s).
"""

from __future__ import annotations

from sourcecheck.records import Evidence, Finding
from sourcecheck.report.common import Origin, covered, http_url, origin_of
from sourcecheck.report.html_markup import esc
from sourcecheck.report.html_view import ReportView, status_class


def finding_html(view: ReportView, finding: Finding) -> str:
    """One finding: its verdict badge, check, explanation, what it covers, evidence."""
    status = status_class(finding.status)
    evidence = "".join(evidence_html(ev) for ev in finding.evidence)
    if evidence:
        evidence = f'<ul class="evidence">{evidence}</ul>'
    keys = [view.keys[k] for k in covered(finding) if k in view.keys]
    covers = ""
    if len(keys) > 1:
        links = ", ".join(f'<a href="#p-{k}">{esc(k)}</a>' for k in keys)
        covers = f' <span class="covers">(covers {links})</span>'
    return (
        f'<li class="finding {status}">'
        f'<span class="badge {status}">{esc(finding.status.value)}</span> '
        f"<strong>{esc(finding.check)}</strong>: {esc(finding.explanation)}{covers}"
        f"{evidence}</li>"
    )


def evidence_html(ev: Evidence) -> str:
    """One piece of evidence: a quote's appearance, or a description and its source."""
    origin = origin_of(ev)
    if origin is not None:
        return _origin_html(origin)
    details = [f"source: {_evidence_source(ev)}"]
    if ev.as_of:
        day = ev.as_of.isoformat()
        details.append(f'as of <time datetime="{day}">{day}</time>')
    if ev.url and http_url(ev.url) is None:
        # Shown, never linked: a reader may still want to know what it was.
        details.append(f'<span class="url">{esc(ev.url)}</span>')
    return f'<li>{esc(ev.description)} <span class="kb">({", ".join(details)})</span></li>'


def diff_html(diff: tuple[tuple[str, str], ...]) -> str:
    """The word diff with ``<del>`` for dropped and ``<ins>`` for added words, escaped."""
    tags = {"-": "del", "+": "ins"}
    parts = []
    for op, words in diff:
        tag = tags.get(op)
        parts.append(f"<{tag}>{esc(words)}</{tag}>" if tag else esc(words))
    return " ".join(parts)


def _origin_html(origin: Origin) -> str:
    """A quote's appearance: when (a ``<time>`` when dated), where (linked when http(s)),
    who it was credited to, and the word diff."""
    when = esc(origin.date)
    if origin.date != "undated":
        when = f'<time datetime="{esc(origin.date)}">{when}</time>'
    href = http_url(origin.url)
    where = (
        f'<a class="ev-link" href="{esc(href)}" rel="noopener noreferrer nofollow">'
        f"{esc(origin.outlet)}</a>"
        if href
        else esc(origin.outlet)
    )
    who = f"credited to {esc(origin.speaker)}" if origin.speaker else "no speaker recorded"
    diff = f'<div class="diff">word diff: {diff_html(origin.diff)}</div>' if origin.diff else ""
    return f'<li class="origin">{esc(origin.label)} {when} · {where} · {who}{diff}</li>'


def _evidence_source(ev: Evidence) -> str:
    """The evidence's source, linked to its URL when that is http(s)."""
    href = http_url(ev.url)
    if href is None:
        # Older KBs put a URL in ``source`` itself; link it on the same terms.
        href = http_url(ev.source)
        if href is None:
            return esc(ev.source)
    return f'<a class="ev-link" href="{esc(href)}" rel="noopener noreferrer">{esc(ev.source)}</a>'
