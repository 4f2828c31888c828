"""Span finder: cue, source and content of each attribution relation."""

from __future__ import annotations

from sourcecheck.extract.types import Paragraph, Relation


def find_relations(paragraphs: list[Paragraph]) -> list[Relation]:
    """All attribution relations in the parsed paragraphs, in text order."""
    raise NotImplementedError
