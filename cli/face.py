"""The CLI's side of the application layer: open it, and turn its typed errors into a
message on stderr and the error's exit code (2 bad input, 3 not found, 4 not allowed,
5 catalog or index unavailable)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.markup import escape

from cli.output import err


@contextmanager
def service(home: Path | None = None, **overrides) -> Iterator:
    """``with service() as app:`` a ``app.service.Sohoa`` over SOHOA_* and the flags."""
    from app.errors import AppError
    from app.service import Sohoa
    from cli.main import _settings

    try:
        yield Sohoa(_settings(home, **overrides))
    except AppError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]", soft_wrap=True)  # one line, for scripts
        raise typer.Exit(exc.exit_code) from None
