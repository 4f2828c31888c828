"""The versioned JSON form of a report (schema: ``docs/report.schema.json``).

:func:`report_to_dict` and :func:`report_from_dict` round-trip exactly. Version 2.0
added ``url`` to evidence and ``span``/``selector`` to findings (person-mention
findings); later 2.0 documents added ``category`` and ``continues`` to attributions and
``covers`` to findings. Version 2.1 added the report's ``notes`` (a check skipped and
how to run it). :func:`report_from_dict` still reads 1.x and 2.0 documents (category
``speech``, ``continues`` null, ``covers`` and ``notes`` empty when absent) and upgrades
them to 2.1.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Category,
    DateSource,
    Evidence,
    Finding,
    Link,
    NumberMention,
    Report,
    Source,
    SourceKind,
    Span,
    Status,
    TimeExpression,
)

SCHEMA_VERSION = "2.1"
#: Characters of context kept on each side in a W3C TextQuoteSelector.
SELECTOR_CONTEXT = 32

JSONDict = dict[str, Any]


def _span(span: Span | None) -> JSONDict | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def _unspan(data: JSONDict | None) -> Span | None:
    if data is None:
        return None
    return Span(int(data["start"]), int(data["end"]), str(data["text"]))


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _undate(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def text_quote_selector(text: str, span: Span) -> JSONDict:
    """A W3C Web Annotation TextQuoteSelector for ``span`` in ``text``."""
    return {
        "type": "TextQuoteSelector",
        "exact": text[span.start : span.end],
        "prefix": text[max(0, span.start - SELECTOR_CONTEXT) : span.start],
        "suffix": text[span.end : span.end + SELECTOR_CONTEXT],
    }


def _article(article: Article) -> JSONDict:
    return {
        "path": article.path,
        "title": article.title,
        "date": _date(article.date),
        "date_source": article.date_source.value,
        "outlet": article.outlet,
        "url": article.url,
        "author": article.author,
        "language": article.language,
        "format": article.format,
        "sha256": article.sha256,
        "length": len(article.text),
        "links": [{**(_span(link.span) or {}), "href": link.href} for link in article.links],
    }


def _source(source: Source | None) -> JSONDict | None:
    if source is None:
        return None
    return {
        **(_span(source.span) or {}),
        "kind": source.kind.value,
        "name": source.name,
        "antecedent": _span(source.antecedent),
        "title": _span(source.title),
        "jurisdiction": _span(source.jurisdiction),
        "qualifier": source.qualifier,
    }


def _attribution(text: str, att: Attribution) -> JSONDict:
    return {
        "id": att.id,
        "kind": att.kind.value,
        "source": _source(att.source),
        "cue": _span(att.cue),
        "content": _span(att.content),
        "medium": att.medium,
        "via": _span(att.via),
        "parent": att.parent,
        "category": att.category.value,
        "continues": att.continues,
        "numbers": [
            {**(_span(n.span) or {}), "value": n.value, "unit": n.unit} for n in att.numbers
        ],
        "time_expressions": [
            {
                **(_span(t.span) or {}),
                "kind": t.kind,
                "year": t.year,
                "month": t.month,
                "day": t.day,
            }
            for t in att.time_expressions
        ],
        "selector": text_quote_selector(text, att.content),
    }


def _evidence(ev: Evidence) -> JSONDict:
    return {
        "kind": ev.kind,
        "description": ev.description,
        "source": ev.source,
        "url": ev.url,
        "as_of": _date(ev.as_of),
        "data": dict(ev.data),
    }


def _finding(text: str, finding: Finding) -> JSONDict:
    return {
        "check": finding.check,
        "status": finding.status.value,
        "attribution_id": finding.attribution_id,
        "covers": list(finding.covers),
        "span": _span(finding.span),
        # Like an attribution's: lets annotation tools anchor the mention in the page.
        "selector": text_quote_selector(text, finding.span) if finding.span else None,
        "explanation": finding.explanation,
        "evidence": [_evidence(ev) for ev in finding.evidence],
    }


def _summary(report: Report) -> JSONDict:
    by_kind: dict[str, int] = {}
    by_category = {category.value: 0 for category in Category}
    for att in report.attributions:
        by_kind[att.kind.value] = by_kind.get(att.kind.value, 0) + 1
        by_category[att.category.value] += 1
    by_status = {status.value: 0 for status in Status}
    for finding in report.findings:
        by_status[finding.status.value] += 1
    return {
        "attributions": len(report.attributions),
        "by_kind": by_kind,
        "by_category": by_category,
        "findings": by_status,
    }


def report_to_dict(report: Report) -> JSONDict:
    """The report as plain JSON-ready data (schema version :data:`SCHEMA_VERSION`)."""
    from sourcecheck import __version__

    text = report.article.text
    return {
        "schema_version": report.schema_version,
        "generator": {"name": "sourcecheck", "version": __version__},
        "article": _article(report.article),
        "attributions": [_attribution(text, att) for att in report.attributions],
        "findings": [_finding(text, f) for f in report.findings],
        "notes": list(report.notes),
        "summary": _summary(report),
        "text": text,
    }


def to_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as a JSON document."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def _unsource(data: JSONDict | None) -> Source | None:
    if data is None:
        return None
    span = _unspan(data)
    assert span is not None
    return Source(
        span=span,
        kind=SourceKind(data["kind"]),
        name=data["name"],
        antecedent=_unspan(data["antecedent"]),
        title=_unspan(data["title"]),
        jurisdiction=_unspan(data["jurisdiction"]),
        qualifier=data["qualifier"],
    )


def _unattribution(data: JSONDict) -> Attribution:
    content = _unspan(data["content"])
    assert content is not None
    return Attribution(
        id=data["id"],
        kind=AttributionKind(data["kind"]),
        content=content,
        cue=_unspan(data["cue"]),
        source=_unsource(data["source"]),
        medium=data["medium"],
        via=_unspan(data["via"]),
        parent=data["parent"],
        # Older documents have neither: every attribution was listed as a statement.
        category=Category(data.get("category", Category.SPEECH.value)),
        continues=data.get("continues"),
        numbers=tuple(
            NumberMention(n["value"], n["unit"], Span(n["start"], n["end"], n["text"]))
            for n in data["numbers"]
        ),
        time_expressions=tuple(
            TimeExpression(
                Span(t["start"], t["end"], t["text"]), t["kind"], t["year"], t["month"], t["day"]
            )
            for t in data["time_expressions"]
        ),
    )


def report_from_dict(data: JSONDict) -> Report:
    """Rebuild a :class:`Report` from :func:`report_to_dict` output."""
    art = data["article"]
    article = Article(
        text=data["text"],
        path=art["path"],
        title=art["title"],
        date=_undate(art["date"]),
        date_source=DateSource(art["date_source"]),
        outlet=art["outlet"],
        url=art["url"],
        author=art["author"],
        language=art["language"],
        # Reports of schema 2.0 before the field: "text" is what Article assumes.
        format=art.get("format", "text"),
        sha256=art["sha256"],
        links=tuple(
            Link(Span(lk["start"], lk["end"], lk["text"]), lk["href"]) for lk in art["links"]
        ),
    )
    findings = tuple(
        Finding(
            check=f["check"],
            status=Status(f["status"]),
            explanation=f["explanation"],
            attribution_id=f["attribution_id"],
            evidence=tuple(
                Evidence(
                    kind=e["kind"],
                    description=e["description"],
                    source=e["source"],
                    as_of=_undate(e["as_of"]),
                    data=tuple(e["data"].items()),
                    # 1.x documents (e.g. audits stored before 2.0) have no URL.
                    url=e.get("url"),
                )
                for e in f["evidence"]
            ),
            span=_unspan(f.get("span")),
            covers=tuple(str(key) for key in f.get("covers", ())),
        )
        for f in data["findings"]
    )
    version = str(data["schema_version"])
    return Report(
        article=article,
        attributions=tuple(_unattribution(a) for a in data["attributions"]),
        findings=findings,
        # Re-serialised, an upgraded 1.x or 2.0 report has the 2.1 fields, so it is 2.1.
        schema_version=SCHEMA_VERSION if version.startswith("1.") or version == "2.0" else version,
        notes=tuple(str(note) for note in data.get("notes") or ()),
    )
