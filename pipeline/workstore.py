"""Finished pages of documents not yet finished: one file per page under ``work/``.

A batch keeps each page's outcome (words, archive image) here until every page of its
document is done, so a crash loses at most the pages in flight. Files are written to a
temporary name and renamed, keyed by the scan's hash and page number: writing the same
page twice (a task delivered twice) writes the same file. With several machines the
folder is on the shared archive path.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from pipeline.atomic import replacing
from pipeline.models import PageOutcome


def page_path(work: Path, sha256: str, page: int) -> Path:
    return work / sha256 / f"{page}.pickle"


def save(work: Path, sha256: str, outcome: PageOutcome) -> Path:
    target = page_path(work, sha256, outcome.index)
    with replacing(target) as tmp:
        tmp.write_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    return target


def load(work: Path, sha256: str, page: int) -> PageOutcome | None:
    """The stored outcome, or None when it is missing (then the page must be redone)."""
    try:
        with page_path(work, sha256, page).open("rb") as f:
            return pickle.load(f)  # noqa: S301 - sohoa's own files, written above
    except FileNotFoundError:
        return None


def drop(work: Path, sha256: str) -> None:
    shutil.rmtree(work / sha256, ignore_errors=True)
