"""Runs the stages: article → attributions → findings → report."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sourcecheck.checks import run_checks
from sourcecheck.errors import InputError
from sourcecheck.extract import extract_attributions, titled_mentions
from sourcecheck.extract.nlp import load_model
from sourcecheck.ingest import article_from_html, article_from_text, read_article
from sourcecheck.records import Article, DateSource, Finding, Report
from sourcecheck.settings import Settings


def _looks_like_path(value: str) -> bool:
    return "\n" not in value and len(value) < 4096 and (value == "-" or Path(value).exists())


def load_article(text_or_path: str | Path | Article, settings: Settings) -> Article:
    """Turn what the caller gave into an :class:`Article`."""
    if isinstance(text_or_path, Article):
        return text_or_path
    if isinstance(text_or_path, Path) or _looks_like_path(text_or_path):
        return read_article(text_or_path, max_bytes=settings.max_bytes)
    if len(text_or_path.encode("utf-8")) > settings.max_bytes:
        raise InputError("<text>", f"text is larger than the limit of {settings.max_bytes} bytes")
    if text_or_path.lstrip().startswith("<"):
        return article_from_html(text_or_path)
    return article_from_text(text_or_path)


def parse_date(value: str) -> dt.date:
    """Parse a ``YYYY-MM-DD`` date given by the caller.

    Raises:
        InputError: When ``value`` is not such a date.
    """
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(
            "--date", f"{value!r} is not a date; give it as YYYY-MM-DD, e.g. 2025-11-04"
        ) from exc


def with_date(article: Article, date: dt.date | str | None) -> Article:
    """Override the article's date (the report says it came from the caller)."""
    if date is None:
        return article
    if isinstance(date, str):
        date = parse_date(date)
    return dataclasses.replace(article, date=date, date_source=DateSource.CLI)


def audit_article(article: Article, settings: Settings | None = None) -> Report:
    """Run extraction and checks on an already ingested article."""
    settings = settings or Settings()
    nlp = load_model(settings.model)
    attributions = extract_attributions(article, nlp)
    findings: tuple[Finding, ...] = ()
    if settings.run_checks:
        findings = run_checks(
            article,
            attributions,
            kb_path=settings.kb_path,
            mentions=titled_mentions(article),
        )
    return Report(article=article, attributions=attributions, findings=findings)


def audit(
    text_or_path: str | Path | Article,
    *,
    date: dt.date | str | None = None,
    settings: Settings | None = None,
) -> Report:
    """Audit one article: who is said to have said what, and could it be true?

    Args:
        text_or_path: Article text, a path to a .txt/.html file, ``-`` for stdin,
            or an :class:`Article`.
        date: The article's date (overrides the one found in the input).
        settings: Run-time settings; defaults ship with the package.

    Raises:
        InputError: The input cannot be read or holds no text.
        ModelNotFoundError: No spaCy English model is installed.
    """
    settings = settings or Settings()
    article = with_date(load_article(text_or_path, settings), date)
    return audit_article(article, settings)
