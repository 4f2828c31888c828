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
#: Environment variable holding the optional key of sign-in cookies and form tokens.
SESSION_KEY_VARIABLE = "SOURCECHECK_SESSION_KEY"


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
    store: Annotated[
        str | None,
        typer.Option(
            help="Report store to search (/store) and write each audit into: "
            "sqlite:///PATH or postgresql://USER@HOST/DB [default: the --db file].",
            show_default=False,
        ),
    ] = None,
    max_body_mb: Annotated[
        float, typer.Option(help="Refuse request bodies over this many MB.", min=0.001)
    ] = 10.0,
    preload: Annotated[
        bool, typer.Option(help="Load the language model before accepting requests.")
    ] = True,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="The server's public origin, e.g. https://audit.example.org: absolute "
            "links (ClaimReview url) are built from it and form posts must come from it."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Audits run at once.", min=1, max=64)] = 2,
    queue_length: Annotated[
        int, typer.Option(help="Audits that may wait for a worker; more get 503.", min=0)
    ] = 8,
    session_hours: Annotated[
        float, typer.Option(help="How long a browser sign-in lasts.", min=0.01, max=8784)
    ] = 12.0,
) -> None:
    """Start the web app and API (paste, upload or fetch an article; see /docs).

    With SOURCECHECK_API_TOKEN set, every route but /healthz and /static wants the token:
    the API as ``Authorization: Bearer <token>``, the pages through a sign-in form.
    SOURCECHECK_SESSION_KEY sets the key of sign-in cookies (else one is generated
    beside the store).
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
    try:
        settings = WebSettings(
            db_path=db or default_db_path(),
            store_url=store,
            max_body_bytes=int(max_body_mb * 1024 * 1024),
            api_token=os.environ.get(TOKEN_VARIABLE) or None,
            base_url=base_url,
            session_key=os.environ.get(SESSION_KEY_VARIABLE) or None,
            session_hours=session_hours,
            workers=workers,
            queue_length=queue_length,
        )
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
            f"warning: listening on {host} without an API token: anyone who reaches the port "
            f"reads every audit and can make the server fetch URLs; set {TOKEN_VARIABLE} "
            "to protect the app",
            err=True,
        )
    where = f"audits in {settings.db_path}"
    if store:
        from sourcecheck.store.postgres import redact

        where += f", reports in {redact(store)}"
    typer.echo(f"sourcecheck: http://{host}:{port}/ ({where})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
