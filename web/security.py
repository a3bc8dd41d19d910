"""What guards the web app: the session-signing key, CSRF tokens and the login rate limit."""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the service's settings are only read here
    from pipeline.settings import Settings

KEY_FILE = "secret-key"
MAX_FAILURES = 5
WINDOW_SECONDS = 300.0


def secret_key(settings: Settings) -> str:
    """``SOHOA_SECRET_KEY`` when set, else a random key kept in ``SOHOA_HOME/secret-key``
    (created once, mode 0600), so sessions survive a restart and every worker agrees."""
    configured = getattr(settings, "secret_key", None)
    if configured is not None:
        return configured.get_secret_value()
    path = Path(settings.home) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: read theirs
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and start again")
    return key


def csrf_token(session: dict) -> str:
    """The session's CSRF token, created on first use; every form carries it."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok(session: dict, sent: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and sent and secrets.compare_digest(expected, sent))


class LoginLimiter:
    """Failed logins per user name and per client address; after ``MAX_FAILURES`` within
    ``WINDOW_SECONDS`` either one is refused until its oldest failure leaves the window.
    In memory: one server process (uvicorn without --workers), forgotten at restart."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS,
                 clock=time.monotonic) -> None:
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    @staticmethod
    def _keys(username: str, client: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()}", f"ip:{client}"

    def blocked(self, username: str, client: str) -> bool:
        now = self.clock()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.max_failures
                       for k in self._keys(username, client))

    def failed(self, username: str, client: str) -> None:
        now = self.clock()
        with self._lock:
            for k in self._keys(username, client):
                self._recent(k, now).append(now)

    def succeeded(self, username: str) -> None:
        """A right password clears the name's failures (not the address's)."""
        with self._lock:
            self._failures.pop(self._keys(username, "")[0], None)
