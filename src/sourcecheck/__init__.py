"""sourcecheck: who is said to have said what, through which channel, and could that be true?

The public API: :func:`audit` (article text, a :class:`~pathlib.Path` or an
:class:`~sourcecheck.records.Article`), :func:`audit_file` (a path, ``-`` for stdin) and
:func:`audit_many` (many inputs, in order, optionally in several processes); each report
is a :class:`~sourcecheck.records.Report` (``to_dict()``, ``to_json()``).
"""

from __future__ import annotations

from sourcecheck.audit import AuditError, audit, audit_file, audit_many
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
    "AuditError",
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
    "audit_file",
    "audit_many",
]
