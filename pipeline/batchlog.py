"""The batch part of the catalog: a batch and the state of each of its pages.

Same database and engine as ``pipeline.catalog`` (its tables are declared there). Every
state change is one short transaction, so a batch killed at any instant leaves a state
that ``resume`` understands: ``running`` pages were interrupted and go back to pending.
Pages are keyed by (batch, scan hash, page number), so a page is never queued twice and
a task delivered twice (Celery is at-least-once) finds it done and does nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import Engine

from pipeline.catalog import _now, batch_pages, batches, documents

STATES = ("pending", "running", "done", "failed")


@dataclass(frozen=True)
class PageRef:
    sha256: str
    page: int
    source: str
    attempts: int = 0  # tries before this one


@dataclass(frozen=True)
class PageState:
    sha256: str
    page: int
    source: str
    state: str
    attempts: int
    error: str | None
    seconds: float | None
    worker: str | None
    updated_at: str


class BatchLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, name: str, sources: list[str]) -> int:
        """The batch called ``name``, created if new (so ``batch run`` twice is a resume)."""
        with self.engine.begin() as c:
            found = c.execute(select(batches.c.id).where(batches.c.name == name)).scalar()
            if found is not None:
                return found
            return c.execute(insert(batches).values(
                name=name, sources=json.dumps(sources, ensure_ascii=False),
                created_at=_now())).inserted_primary_key[0]

    def find(self, name: str | None) -> tuple[int, str] | None:
        """(id, name) of the batch called ``name``, or of the newest batch."""
        query = select(batches.c.id, batches.c.name)
        query = (query.where(batches.c.name == name) if name
                 else query.order_by(batches.c.id.desc()).limit(1))
        with self.engine.connect() as c:
            row = c.execute(query).first()
        return (row.id, row.name) if row else None

    def add_pages(self, batch_id: int, rows: list[dict]) -> int:
        """Register pages not yet in the batch; rows: sha256, page, source, state, error."""
        with self.engine.begin() as c:
            have = {tuple(r) for r in c.execute(select(batch_pages.c.sha256, batch_pages.c.page)
                                                   .where(batch_pages.c.batch_id == batch_id))}
            new = [{"batch_id": batch_id, "attempts": 0, "updated_at": _now(), **r}
                   for r in rows if (r["sha256"], r["page"]) not in have]
            if new:
                c.execute(insert(batch_pages), new)
        return len(new)

    def requeue_running(self, batch_id: int) -> int:
        """Pages left running by a crash, Ctrl-C or kill -9 go back to pending."""
        with self.engine.begin() as c:
            return c.execute(update(batch_pages).where(
                batch_pages.c.batch_id == batch_id, batch_pages.c.state == "running")
                .values(state="pending", updated_at=_now())).rowcount

    def todo(self, batch_id: int, max_attempts: int) -> list[PageRef]:
        """Pages to process: pending ones, and failed ones with tries left."""
        with self.engine.connect() as c:
            rows = c.execute(select(batch_pages.c.sha256, batch_pages.c.page, batch_pages.c.source,
                                    batch_pages.c.attempts)
                             .where(batch_pages.c.batch_id == batch_id, batch_pages.c.page >= 0,
                                    or_(batch_pages.c.state == "pending",
                                        and_(batch_pages.c.state == "failed",
                                             batch_pages.c.attempts < max_attempts)))
                             .order_by(batch_pages.c.source, batch_pages.c.page)).all()
        return [PageRef(r.sha256, r.page, r.source, r.attempts) for r in rows]

    def claim(self, batch_id: int, sha256: str, page: int, worker: str) -> bool:
        """Mark the page running for ``worker``; False when it is already done."""
        with self.engine.begin() as c:
            return c.execute(update(batch_pages).where(
                batch_pages.c.batch_id == batch_id, batch_pages.c.sha256 == sha256,
                batch_pages.c.page == page, batch_pages.c.state != "done")
                .values(state="running", attempts=batch_pages.c.attempts + 1, worker=worker,
                        error=None, updated_at=_now())).rowcount == 1

    def finish(self, batch_id: int, sha256: str, page: int, *, error: str | None,
               seconds: float) -> None:
        with self.engine.begin() as c:
            c.execute(update(batch_pages).where(
                batch_pages.c.batch_id == batch_id, batch_pages.c.sha256 == sha256,
                batch_pages.c.page == page)
                .values(state="failed" if error else "done", error=error, seconds=seconds,
                        updated_at=_now()))

    def pages(self, batch_id: int, sha256: str | None = None,
              since: str | None = None) -> list[PageState]:
        """The batch's pages (of one scan; or changed at or after ``since``)."""
        query = select(batch_pages).where(batch_pages.c.batch_id == batch_id)
        if sha256:
            query = query.where(batch_pages.c.sha256 == sha256)
        if since:
            query = query.where(batch_pages.c.updated_at >= since)
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(batch_pages.c.source, batch_pages.c.page)).all()
        return [PageState(r.sha256, r.page, r.source, r.state, r.attempts, r.error, r.seconds,
                          r.worker, r.updated_at) for r in rows]

    def counts(self, batch_id: int) -> dict[str, int]:
        with self.engine.connect() as c:
            found = dict(c.execute(select(batch_pages.c.state, func.count())
                                   .where(batch_pages.c.batch_id == batch_id)
                                   .group_by(batch_pages.c.state)).all())
        return {s: found.get(s, 0) for s in STATES}

    def stored_since(self, document_id: str, since: str) -> bool:
        """Whether the catalog saved the document at or after ``since`` (its pages' last
        change): then finishing it again would find its work files dropped. ``updated_at``
        stamps are to the second; a page changed later than the save makes it False."""
        with self.engine.connect() as c:
            at = c.execute(select(documents.c.updated_at)
                           .where(documents.c.id == document_id)).scalar()
        return at is not None and at >= since

    def mark_finished(self, batch_id: int) -> None:
        with self.engine.begin() as c:
            c.execute(update(batches).where(batches.c.id == batch_id)
                      .values(finished_at=_now()))
