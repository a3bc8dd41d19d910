"""Pages that change records: the review queue and screen, the correction form, keying."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import User
from app.errors import InvalidInput
from web.auth import allowed, safe_next, service
from web.render import render
from web.security import csrf_ok
from web.views import KEYABLE, RECORD_TYPES, field_rows, form_fields, type_fields, word_boxes

router = APIRouter()
QUEUE_FILTERS = ("type", "book", "batch", "reason")
QUEUE_PAGE = 50


def csrf_refusal(request: Request, user: User, form) -> Response | None:
    """A 403 page when a form came without this session's CSRF token, else None."""
    if csrf_ok(request.session, str(form.get("csrf", ""))):
        return None
    return render(request, "error.html", status=403, user=user, code=403,
                  message="Thiếu mã chống giả mạo (CSRF token missing or wrong).")


def _queue_filters(request: Request) -> dict[str, str]:
    return {k: v for k in QUEUE_FILTERS if (v := request.query_params.get(k, "").strip())}


def _queue(svc, filters: dict[str, str], *, limit: int, offset: int):
    return svc.review_queue(record_type=filters.get("type"), book=filters.get("book"),
                            batch=filters.get("batch"), reason=filters.get("reason"),
                            limit=limit, offset=offset)


@router.get("/review")
def queue_page(request: Request, user: Annotated[User, Depends(allowed("verify"))],
               offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    filters = _queue_filters(request)
    items = _queue(service(request), filters, limit=QUEUE_PAGE, offset=offset)
    return render(request, "queue.html", user=user, items=items, filters=filters,
                  query=urlencode(filters), offset=offset, size=QUEUE_PAGE, types=RECORD_TYPES)


@router.get("/review/item")
def review_item(request: Request, user: Annotated[User, Depends(allowed("verify"))],
                pos: Annotated[int, Query(ge=0)] = 0) -> Response:
    """The record at ``pos`` in the (filtered) queue. Accepting it takes it out of the
    queue, so the next one is then at the same position; skipping moves to ``pos + 1``."""
    filters = _queue_filters(request)
    svc = service(request)
    items = _queue(svc, filters, limit=1, offset=pos)
    if not items:
        return render(request, "review.html", user=user, view=None, filters=filters,
                      query=urlencode(filters), pos=pos)
    return _review_screen(request, user, svc.record(items[0].record_id), pos, filters)


def _review_screen(request: Request, user: User, view, pos: int, filters: dict[str, str],
                   status: int = 200, reasons: dict[str, str] | None = None,
                   posted: dict[str, str | None] | None = None) -> Response:
    svc = service(request)
    doc = svc.document(view.document_id)
    page = doc.pages[view.record.page - 1] if 0 < view.record.page <= len(doc.pages) else None
    rows = field_rows(svc, view, page, svc.settings.review_confidence)
    query = urlencode(filters)
    return render(request, "review.html", status=status, user=user, view=view, rows=rows,
                  page=page, words=word_boxes(page) if page else [], pos=pos, filters=filters,
                  query=query, reasons=reasons or {}, posted=posted or {},
                  accept_next=f"/review/item?{urlencode({**filters, 'pos': pos})}",
                  skip_next=f"/review/item?{urlencode({**filters, 'pos': pos + 1})}",
                  types=RECORD_TYPES)


@router.get("/records/{record_id}/edit")
def edit_page(request: Request, record_id: str,
              user: Annotated[User, Depends(allowed("correct"))]) -> Response:
    view = service(request).record(record_id)
    return _edit_form(request, user, view)


def _edit_form(request: Request, user: User, view, status: int = 200,
               reasons: dict[str, str] | None = None,
               posted: dict[str, str | None] | None = None) -> Response:
    svc = service(request)
    doc = svc.document(view.document_id)
    page = doc.pages[view.record.page - 1] if 0 < view.record.page <= len(doc.pages) else None
    return render(request, "edit.html", status=status, user=user, view=view,
                  rows=field_rows(svc, view, page, svc.settings.review_confidence),
                  page=page, words=word_boxes(page) if page else [], reasons=reasons or {},
                  posted=posted or {}, types=RECORD_TYPES)


@router.post("/records/{record_id}/edit")
async def edit_submit(request: Request, record_id: str,
                      user: Annotated[User, Depends(allowed("correct"))]) -> Response:
    form = await request.form()
    if refused := csrf_refusal(request, user, form):
        return refused
    svc = service(request)
    view = svc.record(record_id)
    posted = form_fields(form, [*view.labels, *view.record.fields])
    changed = {k: v for k, v in posted.items() if v != view.record.value(k)}
    pos = form.get("pos")
    try:
        if changed:
            svc.correct(user, record_id, changed, verified=True)
        else:
            svc.verify(user, record_id)
    except InvalidInput as exc:
        reasons = getattr(exc, "reasons", {}) or {"": str(exc)}
        if pos is not None:
            return _review_screen(request, user, view, int(pos), _queue_filters_of(form),
                                  status=422, reasons=reasons, posted=posted)
        return _edit_form(request, user, view, status=422, reasons=reasons, posted=posted)
    target = safe_next(str(form.get("next") or f"/documents/{view.document_id}"))
    if target.startswith("/documents/"):
        target += f"#record-{record_id}"
    return RedirectResponse(target, status_code=303)


def _queue_filters_of(form) -> dict[str, str]:
    return {k: v for k in QUEUE_FILTERS if (v := str(form.get(k, "")).strip())}


@router.get("/documents/{document_id}/key")
def key_page(request: Request, document_id: str,
             user: Annotated[User, Depends(allowed("key"))], type: str = "birth",
             page: Annotated[int, Query(ge=1)] = 1) -> Response:
    return _key_form(request, user, document_id, type, page)


def _key_form(request: Request, user: User, document_id: str, record_type: str, number: int,
              status: int = 200, reasons: dict[str, str] | None = None,
              posted: dict[str, str | None] | None = None) -> Response:
    if record_type not in KEYABLE:
        record_type = "birth"
    doc = service(request).document(document_id)
    number = min(max(number, 1), max(len(doc.pages), 1))
    page = doc.pages[number - 1] if doc.pages else None
    return render(request, "key.html", status=status, user=user, doc=doc,
                  record_type=record_type, number=number, labels=type_fields(record_type),
                  page=page, words=word_boxes(page) if page else [], reasons=reasons or {},
                  posted=posted or {}, types=RECORD_TYPES)


@router.post("/documents/{document_id}/key")
async def key_submit(request: Request, document_id: str,
                     user: Annotated[User, Depends(allowed("key"))]) -> Response:
    form = await request.form()
    if refused := csrf_refusal(request, user, form):
        return refused
    record_type = str(form.get("type", ""))
    number = int(page) if (page := str(form.get("page", "1"))).isdigit() else 1
    posted = form_fields(form, type_fields(record_type)) if record_type in KEYABLE else {}
    try:
        view = service(request).key_record(user, document_id, number, record_type, posted)
    except InvalidInput as exc:
        reasons = getattr(exc, "reasons", {}) or {"": str(exc)}
        return _key_form(request, user, document_id, record_type, number, status=422,
                         reasons=reasons, posted=posted)
    return RedirectResponse(f"/documents/{document_id}#record-{view.record_id}", status_code=303)
