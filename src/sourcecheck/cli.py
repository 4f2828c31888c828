"""Command-line interface (typer + rich): a thin layer over :func:`sourcecheck.audit`."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)


def main() -> None:
    """Console-script entry point."""
    app()
