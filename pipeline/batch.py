"""Batches: thousands of pages, each page's state in the catalog, resumable after anything.

``register`` records every page of every scan as pending; ``run`` processes what is not
done, here (a process pool) or on Celery workers (``pipeline.workers``), and finishes each
document (records, PDF/A, catalog, index) in this process as soon as all of its pages are.
Finished pages wait in the work store (``pipeline.workstore``), so after Ctrl-C, a crash or
kill -9 the next ``run`` redoes only the pages that were in flight. A document is stored
by its hash (``Catalog.save`` replaces), so finishing it twice cannot duplicate records.
"""

from __future__ import annotations

import hashlib
import os
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.base import SearchIndex
from pipeline import workstore
from pipeline.batchlog import BatchLog, PageRef
from pipeline.catalog import Catalog
from pipeline.edits import human_records
from pipeline.errors import SohoaError, WriteFailed, write_problem
from pipeline.ingest import Source, discover, open_source
from pipeline.models import DocumentResult, PageOutcome, PageTask
from pipeline.page import process_page, worker_init
from pipeline.run import (
    PagePool,
    Pending,
    already_done,
    finish_document,
    outcome_of,
    page_task,
    quietly,
    store,
    write_failure,
)
from pipeline.settings import Settings

ProgressFn = Callable[[str, int], None]
IdleFn = Callable[[int], None]  # called with the seconds no worker has taken a page


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _unreadable_key(path: Path) -> str:
    """A file that cannot be opened has no content hash: key it by its path."""
    return hashlib.sha256(f"path:{path.resolve()}".encode()).hexdigest()


def register(catalog: Catalog, settings: Settings, name: str, paths: list[Path]) -> int:
    """Create (or reopen) the batch ``name`` and record every page of the scans found.

    A file that cannot be opened is recorded as failed with the reason (page -1); a scan
    the catalog already holds is recorded as done.
    """
    log = BatchLog(catalog.engine)
    batch_id = log.create(name, [str(p) for p in paths])
    rows: list[dict] = []
    for f in discover(paths):
        try:
            src = open_source(f, max_pixels=settings.max_pixels, max_pages=settings.max_pages)
        except SohoaError as exc:
            rows.append({"sha256": _unreadable_key(f), "page": -1,
                         "source": catalog.stored_source(f),
                         "state": "failed", "error": str(exc)})
            continue
        state = "done" if already_done(catalog, src, settings) else "pending"
        rows += [{"sha256": src.sha256, "page": i, "source": catalog.stored_source(f),
                  "state": state,
                  "error": None} for i in range(src.page_count)]
    log.add_pages(batch_id, rows)
    return batch_id


def run_page(log: BatchLog, settings: Settings, batch_id: int, sha256: str, task: PageTask,
             worker: str) -> str:
    """One page, start to finish, where the work store and catalog are reachable (a Celery
    worker): claim it, process it, keep its outcome, record its state. Idempotent."""
    if not log.claim(batch_id, sha256, task.index, worker):
        return "already done"
    outcome = process_page(task)
    if outcome.error is None:
        workstore.save(settings.work_dir, sha256, outcome)
    log.finish(batch_id, sha256, task.index, error=outcome.error, seconds=outcome.seconds)
    return "failed" if outcome.error else "done"


@dataclass
class Summary:
    batch_id: int
    documents: list[DocumentResult] = field(default_factory=list)
    seconds: float = 0.0


class _Finisher:
    """Finishes documents whose pages have all ended (done, or failed for good)."""

    def __init__(self, catalog: Catalog, index: SearchIndex, settings: Settings, batch_id: int):
        self.catalog, self.index, self.settings = catalog, index, settings
        self.log, self.batch_id = BatchLog(catalog.engine), batch_id
        self.sources: dict[str, Source] = {}
        self.run_id = catalog.start_run(f"batch {batch_id}")
        self.finished: set[str] = set()

    def source(self, ref: PageRef) -> Source:
        if ref.sha256 not in self.sources:
            self.sources[ref.sha256] = open_source(self.catalog.source_path(ref.source),
                                                   max_pixels=self.settings.max_pixels,
                                                   max_pages=self.settings.max_pages)
        return self.sources[ref.sha256]

    def ready(self, shas: set[str] | None = None) -> Iterator[DocumentResult]:
        """Documents of the batch (or only ``shas``) that can be finished now, each once."""
        if shas is None:
            states = self.log.pages(self.batch_id)
        else:
            states = [p for sha in sorted(shas) for p in self.log.pages(self.batch_id, sha)]
        by_doc: dict[str, list] = {}
        for p in states:
            if p.page >= 0 and p.sha256 not in self.finished:
                by_doc.setdefault(p.sha256, []).append(p)
        for sha, pages in by_doc.items():
            if all(s.state == "done" or (s.state == "failed" and s.attempts
                                         >= self.settings.max_attempts) for s in pages):
                result = self.finish(sha, pages)
                if result is not None:
                    yield result

    def finish(self, sha: str, states: list) -> DocumentResult | None:
        self.finished.add(sha)
        ref = PageRef(sha, 0, states[0].source)
        try:
            src = self.source(ref)
        except SohoaError as exc:
            return DocumentResult(source=ref.source, sha256=sha, document_id=None,
                                  status="failed", error=f"scan no longer readable: {exc}")
        if already_done(self.catalog, src, self.settings) is not None or self.log.stored_since(
                src.document_id, max(s.updated_at for s in states)):
            # finished before a crash, digitised before this batch, or finished by an
            # earlier run of it as incomplete or failed (its work files are gone)
            workstore.drop(self.settings.work_dir, sha)
            return None
        pending = Pending(0, self.catalog.source_path(ref.source), source=src)
        for s in states:
            outcome = (workstore.load(self.settings.work_dir, sha, s.page) if s.state == "done"
                       else PageOutcome(index=s.page, error=s.error or "failed"))
            if outcome is None:  # the work file is gone: redo the page
                self.finished.discard(sha)
                self.log.finish(self.batch_id, sha, s.page, error="work file missing",
                                seconds=0.0)
                return None
            pending.outcomes[s.page] = outcome
        kept = human_records(self.catalog, pending.source.document_id) if pending.source else []
        try:
            result = finish_document(pending, self.settings, kept)
            result.seconds = sum(s.seconds or 0.0 for s in states)
            store(result, self.catalog, self.index, self.run_id)
        except Exception as exc:  # disk full: its pages stay done for the next resume
            stop = write_failure(exc, pending, self.settings)
            if stop is None:
                raise
            raise stop from exc
        workstore.drop(self.settings.work_dir, sha)
        return result

    def close(self, ok: int, failed: int) -> None:
        self.catalog.finish_run(self.run_id, ok, failed)


def run(catalog: Catalog, index: SearchIndex, settings: Settings, batch_id: int,
        progress: ProgressFn | None = None, submit: Callable[[PageRef, PageTask], None]
        | None = None, poll: float = 1.0, idle: IdleFn | None = None
        ) -> Iterator[DocumentResult]:
    """Process the batch's remaining pages; yields each document as it is finished.

    Without ``submit`` pages run in a local process pool; with it (Celery) pages are sent
    to workers that record their own state, and this loop polls the catalog, calling
    ``idle(seconds)`` when no worker has taken a page for ``settings.worker_wait`` s (then
    every 10 × that) while it keeps waiting: the pages stay queued in the broker.
    """
    notify = progress or (lambda event, n: None)
    log = BatchLog(catalog.engine)
    if submit is None:
        log.requeue_running(batch_id)  # nothing runs elsewhere: these were interrupted
    finisher = _Finisher(catalog, index, settings, batch_id)
    states = [p for p in log.pages(batch_id) if p.page >= 0]
    notify("pages", len(states))
    notify("page_done", sum(p.state == "done" for p in states))
    ok = failed = 0

    def emit(results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        nonlocal ok, failed
        try:
            for r in results:
                ok, failed = ok + (r.status == "ok"), failed + (r.status != "ok")
                yield r
        except WriteFailed as exc:  # disk full: the document it hit, then stop
            if isinstance(exc.document, DocumentResult):
                failed += 1
                yield exc.document
            raise

    try:
        yield from emit(finisher.ready())  # documents whose pages all ended before a crash
        if submit is None:
            yield from emit(_run_local(log, finisher, settings, batch_id, notify))
        else:
            yield from emit(_run_remote(log, finisher, settings, batch_id, notify, submit, poll,
                                        _IdleWatch(settings.worker_wait, idle)))
        log.mark_finished(batch_id)
    finally:
        quietly(lambda: finisher.close(ok, failed))


def _task_for(finisher: _Finisher, ref: PageRef) -> PageTask | str:
    try:
        return page_task(finisher.settings, finisher.source(ref), ref.page)
    except SohoaError as exc:
        return f"page {ref.page + 1}: scan no longer readable: {exc}"


def _run_local(log: BatchLog, finisher: _Finisher, settings: Settings, batch_id: int,
               notify: ProgressFn) -> Iterator[DocumentResult]:
    pool = PagePool(settings)
    worker_init()
    me = worker_name()
    queue = list(log.todo(batch_id, settings.max_attempts))
    in_flight: dict[Future, PageRef] = {}
    window = settings.jobs * 2
    try:
        while queue or in_flight:
            while queue and len(in_flight) < window:
                ref = queue.pop(0)
                task = _task_for(finisher, ref)
                if not log.claim(batch_id, ref.sha256, ref.page, me):
                    continue
                if isinstance(task, str):
                    log.finish(batch_id, ref.sha256, ref.page, error=task, seconds=0.0)
                    continue
                in_flight[pool.submit(task)] = ref
            if not in_flight:
                yield from finisher.ready()
                continue
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            touched = set()
            for fut in done:
                ref = in_flight.pop(fut)
                outcome: PageOutcome = outcome_of(fut, ref.page)  # its worker died: failed
                notify("peak_mb", outcome.peak_mb)
                if outcome.error is None:
                    _keep(settings, ref, outcome)
                    notify("page_done", 1)
                log.finish(batch_id, ref.sha256, ref.page, error=outcome.error,
                           seconds=outcome.seconds)
                tried = replace(ref, attempts=ref.attempts + 1)
                if outcome.error and tried.attempts < settings.max_attempts:
                    queue.append(tried)  # one more try (a timeout may not recur)
                elif outcome.error:
                    notify("page_done", 1)
                touched.add(ref.sha256)
            yield from finisher.ready(touched)  # only their documents: no batch-wide scan
    finally:
        pool.shutdown()


def _keep(settings: Settings, ref: PageRef, outcome: PageOutcome) -> None:
    """The page's outcome into the work store; a failed write (disk full) stops the run,
    the page staying ``running`` (requeued by the next resume)."""
    try:
        workstore.save(settings.work_dir, ref.sha256, outcome)
    except OSError as exc:
        if (why := write_problem(exc)) is None:
            raise
        raise WriteFailed(f"a write failed ({why}): free space in {settings.home}, then "
                          "sohoa batch resume; pages done so far are kept") from exc


class _IdleWatch:
    """Says when the page counts (running, done, failed) have not moved for ``wait`` s
    with no page running: no worker is taking the queued pages."""

    def __init__(self, wait: int, idle: IdleFn | None) -> None:
        self.wait, self.idle = wait, idle
        self.seen: tuple[int, ...] = ()
        self.since = self.warned = time.monotonic()

    def look(self, counts: dict[str, int]) -> None:
        now, moved = time.monotonic(), (counts["running"], counts["done"], counts["failed"])
        if counts["running"] or moved != self.seen:
            self.seen, self.since, self.warned = moved, now, now
            return
        quiet = now - self.since
        due = self.wait if self.warned == self.since else 10 * self.wait
        if self.idle and quiet >= self.wait and now - self.warned >= due:
            self.warned = now
            self.idle(int(quiet))


def _run_remote(log: BatchLog, finisher: _Finisher, settings: Settings, batch_id: int,
                notify: ProgressFn, submit: Callable[[PageRef, PageTask], None],
                poll: float, watch: _IdleWatch) -> Iterator[DocumentResult]:
    sent: dict[tuple[str, int], int] = {}  # page -> attempts when last sent

    def send_due() -> None:
        for ref in log.todo(batch_id, settings.max_attempts):
            key = (ref.sha256, ref.page)
            if sent.get(key) == ref.attempts:
                continue  # already queued for this attempt
            task = _task_for(finisher, ref)
            if isinstance(task, str):
                log.claim(batch_id, ref.sha256, ref.page, worker_name())
                log.finish(batch_id, ref.sha256, ref.page, error=task, seconds=0.0)
                continue
            submit(ref, task)
            sent[key] = ref.attempts

    done_before = log.counts(batch_id)["done"]
    documents = {p.sha256 for p in log.pages(batch_id) if p.page >= 0}
    since, looks = "", 0
    while True:
        send_due()
        # Only what moved since the last look; every 30th look everything, since workers'
        # clocks (which stamp their pages) may lag this machine's.
        changed = log.pages(batch_id, since=since if looks % 30 else None)
        looks += 1
        if changed:
            since = max(since, max(p.updated_at for p in changed))  # >=: seen again, harmless
        yield from finisher.ready({p.sha256 for p in changed if p.page >= 0})
        counts = log.counts(batch_id)
        watch.look(counts)
        if counts["done"] > done_before:
            notify("page_done", counts["done"] - done_before)
            done_before = counts["done"]
        if documents <= finisher.finished:
            return
        time.sleep(poll)
