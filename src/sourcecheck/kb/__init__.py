"""Knowledge base of dated offices and events: who held which office when, with sources.

Build it with :func:`build` (the default one is built on first use into the cache, see
:func:`default_kb_path`) and query it with :class:`KnowledgeBase`.
"""

from __future__ import annotations

from sourcecheck.kb.build import build, cache_dir, data_hash, default_kb_path, update_files
from sourcecheck.kb.dates import Overlap, PartialDate, Precision, Window
from sourcecheck.kb.store import KnowledgeBase, resolve_place, split_title
from sourcecheck.kb.types import Event, Position, Term

__all__ = [
    "Event",
    "KnowledgeBase",
    "Overlap",
    "PartialDate",
    "Position",
    "Precision",
    "Term",
    "Window",
    "build",
    "cache_dir",
    "data_hash",
    "default_kb_path",
    "resolve_place",
    "split_title",
    "update_files",
]
