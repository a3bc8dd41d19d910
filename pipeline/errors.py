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


class StateError(Exception):
    """sohoa's own state (catalog, index, rebuild state) cannot be used as it is. Not a
    ``SohoaError``: it is no fault of one input, and no batch may carry on past it."""


class CatalogMissing(StateError):
    """No catalog at the configured place, and the command only reads one."""


class CatalogDamaged(StateError):
    """A catalog file that is empty, not SQLite, lacks sohoa's tables or fails its check.
    It is never overwritten: the message says to restore it from backup."""


class IndexOutOfStep(StateError):
    """The index holds nothing (deleted, emptied) while the catalog has documents, or a
    repair would delete more index entries than it adds."""


class RepairRefused(StateError):
    """An index repair would delete more entries than it adds (the catalog may be the
    damaged side); it is done only when asked again with ``--yes``."""


class BrokerUnavailable(SohoaError):
    """The Celery broker (``SOHOA_BROKER_URL``) cannot be reached or refuses the login."""


class SigningError(SohoaError):
    """A PDF could not be signed (key file, password, token, timestamp authority), or its
    signatures could not be read."""
