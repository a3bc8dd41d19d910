"""A hot folder: scanners drop files in, sohoa takes each once it has stopped growing.

A file is taken when two looks ``interval`` apart see the same size and modification
time (a scanner or a copy still writing changes one of them). After digitisation it is
moved inside the folder (never deleted; a name already there gets a numeric suffix) to
``done/`` (archived whole), ``incomplete/`` (archived without the pages that could not be
read: the document's error names them; rescan those pages) or ``failed/`` (nothing
archived). State is the folder itself plus the catalog: after a restart the
files still in the folder are taken again, and a scan the catalog already holds is not
processed twice, so a burst of thousands of files or a crash loses nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from index.base import SearchIndex
from pipeline.catalog import Catalog
from pipeline.ingest import SUFFIXES
from pipeline.models import DocumentResult
from pipeline.run import digitize
from pipeline.settings import Settings

OUTBOXES = ("done", "incomplete", "failed")
BOX = {"ok": "done", "incomplete": "incomplete"}  # a document's status -> its source's folder
CHUNK = 200  # files per digitize call: memory and latency stay bounded in a burst


def candidates(folder: Path) -> dict[Path, tuple[int, int]]:
    """Files directly in ``folder`` (not in its outboxes, not hidden: a scanner's or a
    copy's temporary name) and their (size, mtime); unsupported types too, so they are
    reported and moved to failed/ rather than left without a word."""
    found = {}
    for entry in os.scandir(folder):
        if entry.is_file() and not entry.name.startswith("."):
            st = entry.stat()
            found[Path(entry.path)] = (st.st_size, st.st_mtime_ns)
    return found


def move_out(path: Path, box: str) -> Path:
    """Move ``path`` into ``box``/ beside it without overwriting anything there."""
    target_dir = path.parent / box
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    n = 1
    while target.exists():
        target = target_dir / f"{path.stem}.{n}{path.suffix}"
        n += 1
    os.replace(path, target)  # same file system: atomic, and the source is never copied
    return target


def unsupported(path: Path) -> DocumentResult:
    kinds = ", ".join(sorted(s.lstrip(".").upper() for s in SUFFIXES))
    return DocumentResult(source=str(path), sha256=None, document_id=None, status="failed",
                          error=f"unsupported file type {path.suffix or '(none)'}: sohoa "
                                f"reads {kinds}")


def watch_folder(folder: Path, settings: Settings, catalog: Catalog, index: SearchIndex, *,
                 interval: float = 5.0, once: bool = False,
                 sleep: Callable[[float], None] = time.sleep,
                 ) -> Iterator[tuple[DocumentResult, Path]]:
    """Yield (result, where the source went) for each file taken; ``once``: stop when the
    folder holds no stable file."""
    seen: dict[Path, tuple[int, int]] = {}
    while True:
        now = candidates(folder)
        stable = sorted(p for p, sig in now.items() if seen.get(p) == sig)
        seen = {p: sig for p, sig in now.items() if p not in stable}
        for path in (p for p in stable if p.suffix.lower() not in SUFFIXES):
            yield unsupported(path), move_out(path, "failed")
        scans = [p for p in stable if p.suffix.lower() in SUFFIXES]
        for start in range(0, len(scans), CHUNK):
            chunk = scans[start:start + CHUNK]
            for result in digitize(chunk, settings, catalog, index, command="watch"):
                source = Path(result.source)
                box = BOX.get(result.status, "failed")
                yield result, move_out(source, box) if source.exists() else source
        if once and not stable and not seen:
            return
        sleep(interval)
