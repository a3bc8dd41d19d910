"""Server-rendered pages for reading: login, search, documents, audit, users."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from app.accounts import User
from app.errors import Unauthorized
from web.auth import allowed, log_in, safe_next, service
from web.render import render
from web.security import csrf_ok
from web.views import (
    FILTERS,
    KEYABLE,
    MAX_OFFSET,
    RECORD_TYPES,
    BadFilter,
    field_rows,
    has_filter,
    hit_view,
    search_query,
    word_boxes,
)

router = APIRouter()
PAGE_SIZE = 20
RECENT_YEARS = 5  # an empty search lists the records registered in the latest of these


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/search", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "") -> Response:
    return render(request, "login.html", next=next)


@router.post("/login")
def login_form(request: Request, username: Annotated[str, Form()],
               password: Annotated[str, Form()], csrf: Annotated[str, Form()] = "",
               next: Annotated[str, Form()] = "") -> Response:
    if not csrf_ok(request.session, csrf):
        return render(request, "login.html", status=403, next=next,
                      error="Phiên đã hết hạn, hãy thử lại (session expired, try again).")
    try:
        log_in(request, username, password)
    except Unauthorized:
        return render(request, "login.html", status=401, next=next, username=username,
                      error="Sai tên đăng nhập hoặc mật khẩu (wrong user name or password).")
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout_form(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    if csrf_ok(request.session, csrf):
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


def _recent(svc, params: dict[str, str]):
    """An empty search: the records registered in the most recent year that has some."""
    this_year = date.today().year
    for year in range(this_year, this_year - RECENT_YEARS, -1):
        result = svc.search(search_query({**params, "year": str(year)}, limit=PAGE_SIZE,
                                         ui=True))
        if result.hits:
            return result, year
    return None, None


@router.get("/search")
def search_page(request: Request, user: Annotated[User, Depends(allowed("search"))],
                offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
                limit: Annotated[int, Query(ge=5, le=100)] = PAGE_SIZE) -> Response:
    params = {k: v.strip() for k, v in request.query_params.items() if k in (*FILTERS, "q")}
    if limit != PAGE_SIZE:
        params["limit"] = str(limit)  # kept in the pager's and facets' links
    context = {"params": params, "types": RECORD_TYPES, "offset": offset, "size": limit,
               "max_offset": MAX_OFFSET,
               "result": None, "hits": [], "recent_year": None, "error": None}
    try:
        if params.get("q") or has_filter(params):
            result = service(request).search(search_query(params, limit=limit,
                                                           offset=offset, ui=True))
        else:
            result, context["recent_year"] = _recent(service(request), params)
    except BadFilter as exc:
        context["error"] = str(exc)
        return render(request, "search.html", status=422, user=user, **context)
    if result is not None:
        context.update(result=result, hits=[hit_view(h) for h in result.hits])
    return render(request, "search.html", user=user, **context)


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str,
                  user: Annotated[User, Depends(allowed("view"))]) -> Response:
    svc = service(request)
    doc = svc.document(document_id)
    threshold = svc.settings.review_confidence
    pages = [{"number": n, "width": p.width, "height": p.height, "words": word_boxes(p),
              "source_page": doc.result.source_page(n)}  # the scan's page (incomplete)
             for n, p in enumerate(doc.pages, start=1)]
    records = [{"view": v, "rows": field_rows(svc, v, _page_of(doc, v.record.page), threshold)}
               for v in doc.records]
    return render(request, "document.html", user=user, doc=doc, pages=pages, records=records,
                  types=RECORD_TYPES, keyable=KEYABLE, threshold=threshold)


def _page_of(doc, number: int):
    return doc.pages[number - 1] if 0 < number <= len(doc.pages) else None


@router.get("/documents/{document_id}/pages/{number:int}.png")
def page_image(request: Request, document_id: str, number: int,
               _user: Annotated[User, Depends(allowed("view"))],
               w: Annotated[int, Query(ge=200, le=3000)] = 1200) -> Response:
    png = service(request).page_png(document_id, number, width=w)
    return Response(png, media_type="image/png")


@router.get("/documents/{document_id}/pdf")
def document_pdf(request: Request, document_id: str,
                 _user: Annotated[User, Depends(allowed("view"))]) -> FileResponse:
    path = service(request).pdf_file(document_id)
    return FileResponse(path, media_type="application/pdf", filename=f"{document_id}.pdf")


@router.get("/records/{record_id}/pdf")
def record_pdf(request: Request, record_id: str,
               _user: Annotated[User, Depends(allowed("view"))]) -> FileResponse:
    svc = service(request)
    view = svc.record(record_id)
    path = svc.pdf_file(view.document_id, record_id)
    name = record_id.replace(":", "-")
    return FileResponse(path, media_type="application/pdf", filename=f"{name}.pdf")


@router.get("/records/{record_id}")
def record_page(request: Request, record_id: str,
                _user: Annotated[User, Depends(allowed("view"))]) -> RedirectResponse:
    view = service(request).record(record_id)
    return RedirectResponse(f"/documents/{view.document_id}#record-{record_id}", status_code=303)


@router.get("/audit")
def audit_page(request: Request, user: Annotated[User, Depends(allowed("audit"))],
               offset: Annotated[int, Query(ge=0)] = 0, user_name: str = "",
               record_id: str = "") -> Response:
    entries = service(request).audit(record_id=record_id or None, user_name=user_name or None,
                                     limit=PAGE_SIZE * 5, offset=offset)
    return render(request, "audit.html", user=user, entries=entries, offset=offset,
                  size=PAGE_SIZE * 5, filters={"user_name": user_name, "record_id": record_id})


@router.get("/users")
def users_page(request: Request, user: Annotated[User, Depends(allowed("users"))]) -> Response:
    return render(request, "users.html", user=user, users=service(request).list_users())
