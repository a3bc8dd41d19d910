"""`sohoa serve` starts the web app on the address asked and prints its URL."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_localhost(tmp_path):
    port = free_port()
    env = {**os.environ, "SOHOA_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("SOHOA_SECRET_KEY", None)
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], cwd=ROOT,
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert health.json() == {"status": "ok"}
        page = httpx.get(f"http://127.0.0.1:{port}/search?q=x")
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        assert (tmp_path / "secret-key").stat().st_mode & 0o777 == 0o600
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in stderr
    assert "/search" not in stderr  # no access log
