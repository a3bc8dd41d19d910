"""Real services for tests, started on 127.0.0.1 in their own process group so that
stopping them also stops the children they spawn (noida-db's wrapper, Celery's pool)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], log: Path, ready: Callable[[], bool], timeout: float = 30,
          env: dict[str, str] | None = None, user: str | None = None) -> subprocess.Popen:
    """Start ``cmd`` (as ``user`` when given) and wait until ``ready()``; raise with its log."""
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    out = log.open("w")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                            env=env)
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(f"{cmd[0]} did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.2)
    return proc


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the whole process group, then make sure it is gone."""
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
