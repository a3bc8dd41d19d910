"""Who is asking: the session's user, role checks, and login shared by pages and the API."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from app.accounts import User, can
from app.errors import Forbidden, NotFound, Unauthorized
from web.security import LoginLimiter, csrf_token


class LoginRequired(Exception):
    """No (valid) session: pages redirect to /login, the API answers 401."""


class TooManyAttempts(Exception):
    """The login rate limit is reached for this name or address: 429."""


def service(request: Request):
    return request.app.state.service


def session_user(request: Request) -> User:
    """The logged-in user, read again on every request so a disabled account stops at once."""
    name = request.session.get("user")
    if not name:
        raise LoginRequired
    try:
        user = service(request).get_user(name)
    except NotFound:
        user = None
    if user is None or user.disabled:
        request.session.clear()
        raise LoginRequired
    return user


def allowed(action: str) -> Callable[[Request], User]:
    """A dependency: the session's user, who must be allowed ``action`` (else 403)."""
    def dependency(request: Request) -> User:
        user = session_user(request)
        if not can(user, action):
            raise Forbidden(f"vai trò {user.role} không được phép: {action} "
                            f"(role {user.role} may not {action})")
        return user
    dependency.__name__ = f"allowed_{action}"
    return dependency


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def log_in(request: Request, username: str, password: str) -> User:
    """Check the password under the rate limit and start a fresh session (new CSRF token,
    so a token seen before login is worthless after it)."""
    limiter: LoginLimiter = request.app.state.limiter
    address = client_address(request)
    if limiter.blocked(username, address):
        raise TooManyAttempts
    try:
        user = service(request).authenticate(username, password)
    except Unauthorized:
        limiter.failed(username, address)
        raise
    limiter.succeeded(username)
    request.session.clear()
    request.session["user"] = user.name
    csrf_token(request.session)
    return user


def safe_next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme) is followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/search"
