"""Typed errors with messages that tell the user what is wrong and what to do."""

from __future__ import annotations

import errno
import os


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


class WriteFailed(StateError):
    """A file of sohoa's (archive, catalog, index, work store) could not be written: disk
    full, quota, read-only or failing disk. The document being written fails and the run
    stops cleanly, since every later document would fail the same way; what was done is
    kept and reported, and a rerun after freeing space goes on from there."""

    document: object = None  # the DocumentResult that failed, when there is one


DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}
DISK_MESSAGES = ("no space left on device", "database or disk is full", "disk i/o error",
                 "disk quota exceeded", "file too large", "read-only file system")


def write_problem(exc: BaseException) -> str | None:
    """The reason when ``exc`` (or an exception it was raised from) is a failed write of a
    file to disk, else None: an ``OSError`` with ENOSPC, EDQUOT, EFBIG, EIO or EROFS, or a
    library's message saying so (SQLite's "database or disk is full", tantivy's and
    qpdf's wrapped OS errors)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for link in chain:
        if isinstance(link, OSError) and link.errno in DISK_ERRNOS:
            return os.strerror(link.errno)
    for link in chain:
        text = str(link)
        for message in DISK_MESSAGES:
            if (at := text.lower().find(message)) >= 0:
                return text[at:at + len(message)]
    return None
