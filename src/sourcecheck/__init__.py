"""sourcecheck: who is said to have said what, through which channel, and could that be true?

The public API is :func:`audit`; it returns a :class:`~sourcecheck.records.Report`.
"""

from __future__ import annotations

from sourcecheck.audit import audit
from sourcecheck.errors import (
    ConfigError,
    EvaluationError,
    InputError,
    KnowledgeBaseError,
    ModelNotFoundError,
    SourcecheckError,
)
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Evidence,
    Finding,
    Report,
    Source,
    SourceKind,
    Span,
    Status,
)
from sourcecheck.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Attribution",
    "AttributionKind",
    "ConfigError",
    "EvaluationError",
    "Evidence",
    "Finding",
    "InputError",
    "KnowledgeBaseError",
    "ModelNotFoundError",
    "Report",
    "Settings",
    "Source",
    "SourceKind",
    "SourcecheckError",
    "Span",
    "Status",
    "__version__",
    "audit",
]
