"""``sourcecheck serve``: the web app under uvicorn.

The main CLI mounts :func:`serve` as a command. FastAPI and uvicorn are imported only
when it runs, so the rest of the CLI works without the ``web`` extra.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from sourcecheck.errors import SourcecheckError

#: Environment variable holding the optional API token.
TOKEN_VARIABLE = "SOURCECHECK_API_TOKEN"


def default_db_path() -> Path:
    """``$XDG_DATA_HOME/sourcecheck/audits.sqlite`` (``~/.local/share/…`` by default)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sourcecheck" / "audits.sqlite"


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    db: Annotated[
        Path | None,
        typer.Option(
            help="SQLite file of past audits [default: ~/.local/share/sourcecheck/].",
            dir_okay=False,
        ),
    ] = None,
    max_body_mb: Annotated[
        float, typer.Option(help="Refuse request bodies over this many MB.", min=0.001)
    ] = 10.0,
    preload: Annotated[
        bool, typer.Option(help="Load the language model before accepting requests.")
    ] = True,
) -> None:
    """Start the web app and API (paste, upload or fetch an article; see /docs).

    The API asks for ``Authorization: Bearer <token>`` when SOURCECHECK_API_TOKEN is set.
    """
    try:
        import uvicorn

        from sourcecheck.web.app import WebSettings, create_app
    except ImportError as exc:  # the web extra is not installed
        typer.echo(
            f"sourcecheck serve needs the web extra ({exc.name} is missing); "
            "install it with: pip install 'sourcecheck[web]'",
            err=True,
        )
        raise typer.Exit(2) from exc
    settings = WebSettings(
        db_path=db or default_db_path(),
        max_body_bytes=int(max_body_mb * 1024 * 1024),
        api_token=os.environ.get(TOKEN_VARIABLE) or None,
    )
    try:
        app = create_app(settings)
    except SourcecheckError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if preload:
        # Load the language model now, not during the first visitor's request.
        from sourcecheck.extract import nlp

        try:
            nlp.load_model(settings.audit.model)
        except SourcecheckError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
    if host not in ("127.0.0.1", "localhost", "::1") and settings.api_token is None:
        typer.echo(
            f"warning: listening on {host} without an API token; set {TOKEN_VARIABLE} "
            "to protect the API",
            err=True,
        )
    typer.echo(f"sourcecheck: http://{host}:{port}/ (audits in {settings.db_path})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
