"""The JSON API (stable; documented in README "Web app"). Writes require
``Content-Type: application/json``: with the SameSite=strict session cookie, that keeps
other sites' forms from calling it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.accounts import User
from web.auth import allowed, log_in, service
from web.views import MAX_OFFSET, BadFilter, hit_json, plain, search_query


def json_only(request: Request) -> None:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "Content-Type must be application/json")


router = APIRouter(prefix="/api")
JsonBody = Depends(json_only)


class LoginBody(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class PatchBody(BaseModel):
    fields: dict[str, str | None] = Field(default_factory=dict)
    verified: bool = True


class KeyBody(BaseModel):
    type: str
    page: int = Field(1, ge=1)
    fields: dict[str, str | None] = Field(default_factory=dict)


@router.post("/login", dependencies=[JsonBody])
def api_login(request: Request, body: LoginBody) -> dict[str, str]:
    user = log_in(request, body.username, body.password)
    return {"user": user.name, "role": user.role}


@router.post("/logout", dependencies=[JsonBody])
def api_logout(request: Request) -> dict[str, str]:
    request.session.clear()
    return {"status": "ok"}


@router.get("/search")
def api_search(request: Request, _user: Annotated[User, Depends(allowed("search"))],
               limit: Annotated[int, Query(ge=1, le=100)] = 10,
               offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict[str, Any]:
    params = dict(request.query_params)
    if not params.get("q", "").strip() and not any(
            params.get(k) for k in ("type", "place", "year", "book", "born_from", "born_to")):
        raise HTTPException(422, "give q, a filter, or both")
    try:
        result = service(request).search(search_query(params, limit=limit, offset=offset))
    except BadFilter as exc:
        raise HTTPException(422, str(exc)) from None
    return {"total": result.total, "hits": [hit_json(h) for h in result.hits]}


@router.get("/records/{record_id}")
def api_record(request: Request, record_id: str,
               _user: Annotated[User, Depends(allowed("view"))]) -> dict[str, Any]:
    return service(request).record(record_id).as_json()


@router.patch("/records/{record_id}", dependencies=[JsonBody])
def api_correct(request: Request, record_id: str, body: PatchBody,
                user: Annotated[User, Depends(allowed("correct"))]) -> dict[str, Any]:
    svc = service(request)
    if not body.fields:
        view = svc.verify(user, record_id) if body.verified else svc.record(record_id)
    else:
        view = svc.correct(user, record_id, body.fields, verified=body.verified)
    return view.as_json()


@router.post("/documents/{document_id}/records", dependencies=[JsonBody], status_code=201)
def api_key(request: Request, document_id: str, body: KeyBody,
            user: Annotated[User, Depends(allowed("key"))]) -> JSONResponse:
    view = service(request).key_record(user, document_id, body.page, body.type, body.fields)
    return JSONResponse(view.as_json(), status_code=201)


@router.get("/review")
def api_review(request: Request, _user: Annotated[User, Depends(allowed("verify"))],
               type: str | None = None, book: str | None = None, batch: str | None = None,
               reason: str | None = None, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
    items = service(request).review_queue(record_type=type, book=book, batch=batch,
                                          reason=reason, limit=limit, offset=offset)
    return [plain(i) for i in items]


@router.get("/audit")
def api_audit(request: Request, _user: Annotated[User, Depends(allowed("audit"))],
              record_id: str | None = None, user: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 100,
              offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
    entries = service(request).audit(record_id=record_id, user_name=user, limit=limit,
                                     offset=offset)
    return [plain(e) for e in entries]
