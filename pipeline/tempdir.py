"""Private temporary files: scans in transit are personal data.

pytesseract writes each page image it hands tesseract to a temporary file (and tesseract
its output beside it); other libraries use ``tempfile`` too. Left in a shared ``/tmp``
after a kill, those pages were readable by every local user. So each sohoa process that
reads pages puts every temporary file in a folder of its own, made by ``mkdtemp`` (0700,
only this user may enter it), named ``sohoa-<uid>-<host>-<pid>-*`` in the system's
temporary folder, with ``tempfile.tempdir`` and ``TMPDIR`` (for child programs) pointing
at it. Page workers make theirs inside the parent's (``worker_tmp``).

Removed on every exit path: normal exit and exceptions (multiprocessing's exit
finalizers, run by ``atexit``), SIGTERM (turned into
``SystemExit`` when nothing else handles it), a worker's own at its exit. A kill -9 cannot
be caught: what it leaves stays closed (0700), and the next sohoa process on this machine
and account removes every such folder whose process is gone (``remove_stale``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)
_lock = threading.Lock()
_mine: dict[int, Path] = {}  # pid -> its folder (a forked child must not reuse its parent's)


def _prefix() -> str:
    host = socket.gethostname().replace("-", "_") or "host"
    return f"sohoa-{os.getuid()}-{host}-"


def private_tmp() -> Path:
    """This process's private temporary folder (made on first use, then reused), with
    ``tempfile`` and ``TMPDIR`` pointing at it. Removes stale ones first."""
    from multiprocessing import util

    with _lock:
        mine = _mine.get(os.getpid())
        if mine is not None and mine.is_dir():
            return mine
        base = Path(tempfile.gettempdir())
        remove_stale(base)
        # multiprocessing's own folder (the forkserver's socket, no page data) stays where
        # it was: a socket path under a deep TMPDIR passes AF_UNIX's 108-byte limit.
        util.get_temp_dir()
        mine = Path(tempfile.mkdtemp(prefix=f"{_prefix()}{os.getpid()}-", dir=base))
        _mine[os.getpid()] = mine
        _use(mine)
        # After multiprocessing's own exit work, which removes its pymp-* folder in here.
        util.Finalize(None, _remove, args=(mine, os.getpid()), exitpriority=-200)
        _on_sigterm()
        return mine


def worker_tmp(parent: str) -> Path:
    """A page worker's own folder inside its parent's private one; removed when the worker
    exits (and with the parent's folder in any case)."""
    from multiprocessing import util

    mine = Path(tempfile.mkdtemp(prefix=f"w{os.getpid()}-", dir=parent))
    _use(mine)
    util.Finalize(None, _remove, args=(mine, os.getpid()), exitpriority=1)
    return mine


def _use(folder: Path) -> None:
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)


def _remove(folder: Path, pid: int) -> None:
    if os.getpid() == pid:  # not in a forked child, which shares the registration
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale(base: Path) -> list[Path]:
    """Folders in ``base`` that sohoa processes of this user and machine left behind when
    killed (their process is gone); returns the ones removed."""
    removed = []
    for folder in base.glob(f"{_prefix()}*"):
        pid = folder.name[len(_prefix()):].split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if removed:
        log.info("removed %d temporary folder(s) left by killed sohoa processes", len(removed))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _on_sigterm() -> None:
    """SIGTERM ends the process through ``SystemExit`` (so ``finally`` blocks and
    ``atexit`` run) unless someone (uvicorn, Celery) already handles it."""
    def stop(signum: int, _frame) -> None:
        raise SystemExit(128 + signum)

    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, stop)
