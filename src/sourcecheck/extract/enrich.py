"""Enrichment: relations → full :class:`~sourcecheck.records.Attribution` records."""

from __future__ import annotations

from sourcecheck.extract.types import Paragraph, Relation
from sourcecheck.records import Article, Attribution


def enrich(
    article: Article, paragraphs: list[Paragraph], relations: list[Relation]
) -> tuple[Attribution, ...]:
    """Turn raw relations into attributions with source kind, title, medium, nesting…"""
    raise NotImplementedError
