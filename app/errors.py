"""Typed errors of the use-cases. Each carries what its faces need: the CLI's exit code
and the web's HTTP status; ``str(exc)`` is a message for a person."""

from __future__ import annotations


class AppError(Exception):
    """Base of every error a use-case reports."""

    exit_code = 1
    http_status = 400


class InvalidInput(AppError):
    """A value or an argument that cannot be taken; ``reasons`` maps field keys to why."""

    exit_code = 2
    http_status = 422

    def __init__(self, message: str, reasons: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.reasons = reasons or {}


class NotFound(AppError):
    exit_code = 3
    http_status = 404


class Unauthorized(AppError):
    """Unknown user, wrong password or disabled account (one message for all three)."""

    exit_code = 4
    http_status = 401


class Forbidden(AppError):
    """The user's role does not allow the action."""

    exit_code = 4
    http_status = 403


class Unavailable(AppError):
    """The catalog or the search index cannot be opened or answered."""

    exit_code = 5
    http_status = 503
