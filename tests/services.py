"""Real services for tests, started on 127.0.0.1 in their own process group so that
stopping them also stops the children they spawn (noida-db's wrapper, Celery's pool)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# The system's temporary folder, taken before any sohoa code in this process points
# ``tempfile`` at its private 0700 folder (pipeline.tempdir), which other users (postgres)
# cannot enter.
SYSTEM_TMP = tempfile.gettempdir()


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


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    """A throw-away redis-server on 127.0.0.1 (Debian's redis-server)."""
    import shutil

    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed: run `make system`")
    port = free_port()
    proc = start([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                  "--appendonly", "no", "--dir", str(folder)], folder / "redis.log",
                 lambda: listening(port))
    return proc, f"redis://127.0.0.1:{port}/0"


def start_postgres() -> tuple[subprocess.Popen, str, Path]:
    """A throw-away PostgreSQL cluster on 127.0.0.1; returns (process, URL, its folder).

    PostgreSQL refuses to run as root: as root it runs as the postgres user, in a folder
    that user owns (pytest's own temporary folders are private to root)."""
    import glob
    import shutil
    import tempfile

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `make system`")
    bin_dir = Path(found[-1]).parent
    user = "postgres" if os.geteuid() == 0 else None
    data = Path(tempfile.mkdtemp(prefix="sohoa-pg-", dir=SYSTEM_TMP))
    if user:
        shutil.chown(data, user)
    as_user = ["runuser", "-u", user, "--"] if user else []
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data / "db"), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="sohoa-pg-log-", dir=SYSTEM_TMP)) / "postgres.log"
    proc = start([str(bin_dir / "postgres"), "-D", str(data / "db"), "-p", str(port),
                  "-k", str(data), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                 log, lambda: listening(port), user=user)
    time.sleep(0.5)  # accepting connections follows listening by a moment
    return proc, f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", data
