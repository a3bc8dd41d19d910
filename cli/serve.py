"""`sohoa serve`: the web app (search, review, correction, keying) on uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.output import err

HomeOpt = Annotated[Path | None, typer.Option("--home", help="state folder (env SOHOA_HOME)",
                                              show_default=False)]


def serve(
    host: Annotated[str, typer.Option(help="address to listen on; keep 127.0.0.1 behind a "
                                           "reverse proxy that terminates TLS")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port to listen on")] = 8000,
    secure_cookies: Annotated[bool, typer.Option(
        "--secure-cookies", help="mark the session cookie Secure (HTTPS only); env "
                                 "SOHOA_COOKIE_SECURE")] = False,
    home: HomeOpt = None,
) -> None:
    """Serve the web app: search, documents, review queue, corrections, keying, audit.

    Create the first account with [bold]sohoa user add admin --role admin[/bold]. No
    query strings are logged (search words are personal data).

    Example: [bold]sohoa serve --port 8000[/bold]
    """
    import uvicorn

    from cli.face import service
    from web.app import create_app

    with service(home) as sohoa:
        application = create_app(sohoa, https_only=secure_cookies or sohoa.settings.cookie_secure)
        shown = f"[{host}]" if ":" in host else host
        err.print(f"sohoa web app on http://{shown}:{port}/  (Ctrl-C stops it)")
        # no access log: its lines would carry search words (query strings)
        uvicorn.run(application, host=host, port=port, access_log=False, log_level="warning",
                    server_header=False)
