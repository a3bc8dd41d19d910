"""Typed errors with messages that tell the user what is wrong and what to do."""

from __future__ import annotations


class SohoaError(Exception):
    """Base of every error sohoa reports for one input; the batch carries on."""


class InputError(SohoaError):
    """The input file cannot be read as a scan (missing, empty, corrupt, encrypted, too big)."""


class OcrError(SohoaError):
    """tesseract failed or timed out on a page."""


class ArchiveError(SohoaError):
    """The PDF/A could not be written."""


class BrokerUnavailable(SohoaError):
    """The Celery broker (``SOHOA_BROKER_URL``) cannot be reached or refuses the login."""
