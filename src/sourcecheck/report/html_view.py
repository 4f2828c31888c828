"""The per-report view the HTML renderers share: keys, worst statuses, grouped findings.

:class:`ReportView` numbers the attributions (``a1``…) and the person mentions with
findings (``m1``…), works out each one's worst verdict, extent and label, which
attributions are only listed with "show all", and which findings belong to an
attribution, a mention or the article. It also holds the verdict order, the fragment
ids other formats link to (:func:`panel_anchor`, :func:`mention_anchor`) and the role
spans of an attribution.
"""

from __future__ import annotations

from collections.abc import Iterable

from sourcecheck.records import STATUS_ORDER, Attribution, Finding, Report, Span, Status
from sourcecheck.report.common import (
    covered,
    excerpt,
    is_mention,
    is_shown,
    mention_keys,
    number_of,
    source_label,
)

#: Verdict order, worst first; ``None`` is an attribution no check looked at.
SEVERITY: dict[Status | None, int] = {**dict(STATUS_ORDER.items()), None: len(STATUS_ORDER)}
#: The panel's groups of attributions, worst first.
GROUP_TITLES: dict[Status | None, str] = {
    Status.CONTRADICTED: "Contradicted",
    Status.UNVERIFIABLE: "Unverifiable",
    Status.CONSISTENT: "Consistent",
    None: "Not checked",
}


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
            if key in worst and SEVERITY[finding.status] < SEVERITY[worst[key]]:
                worst[key] = finding.status
    return worst


def role_spans(att: Attribution) -> Iterable[tuple[str, Span]]:
    """The attribution's role spans: ``src`` (source), ``cue`` and ``cnt`` (content)."""
    if att.source is not None:
        yield "src", att.source.span
    if att.cue is not None:
        yield "cue", att.cue
    yield "cnt", att.content


def extent(att: Attribution) -> tuple[int, int]:
    """Where the attribution starts and ends in the text (over all its role spans)."""
    spans = [span for _, span in role_spans(att)]
    return min(s.start for s in spans), max(s.end for s in spans)


class ReportView:
    """What the renderers of one report share; keys are ``a1``, ``a2``… so ids never
    depend on input text."""

    def __init__(self, report: Report, show_all: bool = False) -> None:
        self.report = report
        self.show_all = show_all
        self.text = report.article.text
        # Keep in step with panel_anchor().
        self.keys = {att.id: f"a{i}" for i, att in enumerate(report.attributions, 1)}
        self.status = attribution_status(report)
        self.size = {
            self.keys[att.id]: (lambda ext: ext[1] - ext[0])(extent(att))
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
            self.key_status[key] = min((f.status for f in found), key=SEVERITY.__getitem__)
            self.size[key] = span.end - span.start
            self.labels[key] = f"“{excerpt(span.text, 60)}”"


def status_class(status: Status | None) -> str:
    """The CSS class of a verdict (``st-contradicted``…, ``st-none`` when not checked)."""
    return f"st-{status.value}" if status is not None else "st-none"
