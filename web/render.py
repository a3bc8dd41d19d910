"""Templates and the context every page gets (user, role checks, CSRF token)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from app.accounts import can
from web.security import csrf_token

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
_MARK = re.compile(r"«([^»]*)»")


def marks(text: str | None) -> Markup:
    """A highlighted value («matched») as HTML with <mark>, everything else escaped."""
    return Markup(_MARK.sub(r"<mark>\1</mark>", str(escape(text or ""))))


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f} %"


def qs(params: dict[str, str], **updates) -> str:
    """A query string: ``params`` with ``updates`` (None removes a key), empty values dropped."""
    merged = {**params, **updates}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def boxstyle(box: str | None) -> str:
    """Inline position of an overlay from "left top width height" percentages."""
    if not box:
        return "display:none"
    left, top, width, height = box.split()
    return f"left:{left}%;top:{top}%;width:{width}%;height:{height}%"


templates.env.globals["qs"] = qs
templates.env.filters["boxstyle"] = boxstyle
templates.env.filters["marks"] = marks
templates.env.filters["percent"] = percent


def render(request: Request, name: str, status: int = 200, user=None, **context):
    """A page; ``user`` defaults to the session's (none on the login and error pages of an
    anonymous visitor)."""
    if user is None and request.session.get("user"):
        from web.auth import LoginRequired, session_user
        try:
            user = session_user(request)
        except LoginRequired:
            user = None
    context.setdefault("threshold", request.app.state.service.settings.review_confidence)
    context.update(request=request, user=user, csrf=csrf_token(request.session),
                   can=lambda action: bool(user and can(user, action)))
    return templates.TemplateResponse(request, name, context, status_code=status)
