"""The web app: FastAPI over the application layer (``app.service.Sohoa``) only.

Server-rendered Jinja2 pages (``web.pages``, ``web.review``) and a JSON API (``web.api``).
Sessions are itsdangerous-signed cookies (Starlette's ``SessionMiddleware``: HttpOnly,
SameSite=strict); forms carry a per-session CSRF token; the API additionally requires
``Content-Type: application/json`` on writes, which a cross-site form cannot send.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from app.errors import AppError, InvalidInput, Unauthorized
from index.base import SearchQuery
from web.auth import LoginRequired, TooManyAttempts
from web.render import render
from web.security import LoginLimiter, secret_key

HERE = Path(__file__).parent
SESSION_HOURS = 8  # one working day
log = logging.getLogger("sohoa.web")


def create_app(service, *, https_only: bool = False) -> FastAPI:
    """The app over ``service`` (a ``Sohoa``). ``https_only``: session cookie marked Secure
    (set it behind a TLS proxy)."""
    from web import api, pages, review

    app = FastAPI(title="sohoa", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=_warm_up)
    app.state.service = service
    app.state.limiter = LoginLimiter()
    app.add_middleware(SessionMiddleware, secret_key=secret_key(service.settings),
                       session_cookie="sohoa_session", max_age=SESSION_HOURS * 3600,
                       same_site="strict", https_only=https_only)
    app.middleware("http")(_headers_and_log)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in (pages.router, review.router, api.router):
        app.include_router(router)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(TooManyAttempts, _too_many)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _http_error)
    return app


@asynccontextmanager
async def _warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Open the catalog and the index before the first requests: ``Sohoa`` opens them
    lazily, and twenty first requests opening them at once raced (503s under load)."""
    try:
        await run_in_threadpool(_open_everything, app.state.service)
    except AppError as exc:  # the pages will say so (503); the server still starts
        log.warning("not ready: %s", exc)
    yield


def _open_everything(service) -> None:
    service.list_users()
    service.search(SearchQuery(record_type="birth", limit=1))


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _headers_and_log(request: Request, call_next) -> Response:
    """No page or API answer is cached (they hold personal data); the log line has the
    path only, never the query string (search words are personal data)."""
    started = time.perf_counter()
    response = await call_next(request)
    if not request.url.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
    log.info("%s %s %d %.0f ms", request.method, request.url.path, response.status_code,
             (time.perf_counter() - started) * 1000)
    return response


def _app_error(request: Request, exc: AppError) -> Response:
    """Every application error as its own HTTP status: JSON for the API, a page otherwise."""
    status = getattr(exc, "http_status", 400)
    if is_api(request):
        body: dict = {"detail": str(exc)}
        if isinstance(exc, InvalidInput):
            body["reasons"] = getattr(exc, "reasons", {})
        return JSONResponse(body, status_code=status)
    if isinstance(exc, Unauthorized):
        return _login_required(request, LoginRequired())
    return render(request, "error.html", status=status, message=str(exc), code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and malformed parameters: FastAPI's JSON for the API, a page else."""
    if isinstance(exc, RequestValidationError):
        if is_api(request):
            return await request_validation_exception_handler(request, exc)
        return render(request, "error.html", status=422, code=422,
                      message="Tham số không hợp lệ (invalid parameters).")
    if is_api(request) or not isinstance(exc, StarletteHTTPException):
        return await http_exception_handler(request, exc)
    return render(request, "error.html", status=exc.status_code, code=exc.status_code,
                  message="Không tìm thấy trang (page not found)." if exc.status_code == 404
                  else str(exc.detail))


def _login_required(request: Request, _exc: LoginRequired) -> Response:
    if is_api(request):
        return JSONResponse({"detail": "đăng nhập trước (login required)"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _too_many(request: Request, _exc: TooManyAttempts) -> Response:
    message = "Quá nhiều lần đăng nhập sai; thử lại sau 5 phút (too many failed logins)."
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=429)
    return render(request, "login.html", status=429, error=message,
                  next=request.query_params.get("next", ""))
