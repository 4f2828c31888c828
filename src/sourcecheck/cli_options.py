"""Options the ``check`` and ``batch`` commands share, declared once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class DatesFrom(StrEnum):
    """Where ``--dates-from`` takes a date from when nothing else gives one."""

    FILENAME = "filename"
    URL = "url"


DatesFromOption = Annotated[
    DatesFrom | None,
    typer.Option(
        "--dates-from",
        help="When an input gives no date, take it from the file name (2016-09-12) or "
        "the URL path (/2016/09/12/).",
        show_default=False,
    ),
]
DelayOption = Annotated[
    float,
    typer.Option("--delay", min=0.0, help="Seconds between two requests to one host."),
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this.")
]
ChecksOption = Annotated[
    bool, typer.Option("--checks/--no-checks", help="Run the knowledge-base checks.")
]
ModelOption = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline to use (default: en_core_web_sm).")
]
KbOption = Annotated[
    Path | None,
    typer.Option("--kb", help="Knowledge base SQLite file (default: the shipped one)."),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log debug details.")]

__all__ = [
    "ChecksOption",
    "DatesFrom",
    "DatesFromOption",
    "DelayOption",
    "KbOption",
    "MaxBytesOption",
    "ModelOption",
    "VerboseOption",
]

#: The store used when --store is not given.
DEFAULT_STORE_URL = "sqlite:///sourcecheck.db"

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        help="Where reports are kept: a file path, sqlite:///PATH or postgresql://USER@HOST/DB.",
    ),
]
