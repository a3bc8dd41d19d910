"""Atomic file writes: a temporary file beside the target, renamed over it when complete."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def private_umask() -> None:
    """Make every file and folder this process creates readable by its user only (0600 /
    0700), keeping any stricter umask: archives, catalog, index and exports hold personal
    data (Decree 13/2023). Called once by each entry point (CLI, web app, workers)."""
    os.umask(os.umask(0) | 0o077)


def _umask() -> int:
    """The process umask, read without changing it (threads may be creating files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o077  # cannot tell: assume the strict one


@contextmanager
def replacing(target: Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes ``target`` (mode ``mode``, by
    default what the process umask allows: 0600 under sohoa's), on any error it is
    removed. A reader never sees a half-written file, and a crash leaves at most a hidden
    ``.tmp`` beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)  # mkstemp makes 0600
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Digest:
    """What a written file was: its SHA-256 (hex) and size in bytes."""

    sha256: str
    size: int


def digest(path: Path) -> Digest:
    """SHA-256 and size of ``path``, read in 1 MiB blocks (hashlib releases the GIL, so
    threads hash files in parallel). Raises ``OSError`` when it cannot be read."""
    with open(path, "rb") as f:
        h = hashlib.file_digest(f, "sha256")
        return Digest(h.hexdigest(), f.tell())
