"""The whole flow on one screen: sources -> page tasks (workers) -> extract, PDF/A, catalog,
index (parent). Workers return small results; only the parent writes files and the catalog.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.base import SearchIndex
from pipeline.catalog import Catalog, assign_ids
from pipeline.edits import human_records, merge_human
from pipeline.entry_pages import entry_pages
from pipeline.errors import SohoaError, WriteFailed, write_problem
from pipeline.extract import extract
from pipeline.fixity import intact
from pipeline.ingest import Source, discover, open_source
from pipeline.models import DocumentResult, PageOutcome, PageTask
from pipeline.page import process_page, worker_init
from pipeline.pdfa import ArchiveInfo, ArchivePage, write_pdfa
from pipeline.reindex import records_of
from pipeline.settings import Settings
from pipeline.signing import SignerConfig, sign_pdf, signer_of
from pipeline.tempdir import private_tmp
from pipeline.textlayer import align_pages
from pipeline.validate import Validation, validate
from schemas.records import Record

log = logging.getLogger(__name__)
ProgressFn = Callable[[str, int], None]  # (event, amount): "pages", "page_done", "document"


@dataclass
class Pending:
    position: int
    given: Path
    source: Source | None = None
    error: str | None = None
    done: DocumentResult | None = None  # already in the catalog: nothing to redo
    outcomes: dict[int, PageOutcome] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    @property
    def complete(self) -> bool:
        return self.error is not None or self.done is not None or (
            self.source is not None and len(self.outcomes) == self.source.page_count)


class _InlineExecutor(Executor):
    """--jobs 1: run pages in this process (simpler to debug, no worker start-up)."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[override]
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed back through the future
            fut.set_exception(exc)
        return fut


# Page workers' environment, set before their forkserver starts: one BLAS thread and two
# malloc arenas, so a worker's address space (what SOHOA_PAGE_MEMORY_MB caps) does not
# grow with the machine's cores (each thread's arena reserves 64 MiB: an idle worker's
# VmPeak was 774 MiB with 2 threads, 1,741 MiB with 16; 594 / 643 MiB so).
WORKER_ENV = {"OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}


def make_executor(settings: Settings) -> Executor:
    """Page workers: processes (forkserver: no inherited state), or inline for --jobs 1;
    their temporary files in this process's private folder (``pipeline.tempdir``), their
    environment ``WORKER_ENV`` (where not set by the user)."""
    tmp = private_tmp()
    if settings.jobs == 1:
        return _InlineExecutor()
    for name, value in WORKER_ENV.items():
        os.environ.setdefault(name, value)
    return ProcessPoolExecutor(settings.jobs, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=worker_init,
                               initargs=(settings.page_memory_mb, str(tmp)))


WORKER_LOST = ("the worker process reading it stopped (killed, or out of memory) while it "
               "was in flight; run the same command again to read it")


class PagePool:
    """The page workers (``make_executor``), started again when one of them dies (kill -9,
    the kernel's out-of-memory killer): every page then in flight fails with
    ``WORKER_LOST`` (``outcome_of``) and the next page goes to a fresh pool, so the run
    goes on and its report is complete."""

    def __init__(self, settings: Settings) -> None:
        self.settings, self.executor, self.renewed = settings, make_executor(settings), 0

    def submit(self, task: PageTask) -> Future:
        try:
            return self.executor.submit(process_page, task)
        except BrokenProcessPool:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor, self.renewed = make_executor(self.settings), self.renewed + 1
            log.warning("a page worker died: page workers started again")
            return self.executor.submit(process_page, task)

    def shutdown(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def outcome_of(future: Future, index: int) -> PageOutcome:
    """The page's outcome, or, when its worker died (the pool broke), a failed outcome
    saying so (the page may be innocent: every page in flight is lost together)."""
    try:
        return future.result()
    except BrokenProcessPool:
        return PageOutcome(index=index, error=f"page {index + 1}: {WORKER_LOST}")


def page_task(settings: Settings, source: Source, index: int) -> PageTask:
    return PageTask(path=source.path, kind=source.kind, index=index, dpi=settings.dpi,
                    language=settings.language,
                    tessdata_dir=str(settings.tessdata_dir) if settings.tessdata_dir else None,
                    osd=settings.osd, deskew=settings.deskew, jpeg_quality=settings.jpeg_quality,
                    archive_image=settings.archive_image, background_dpi=settings.background_dpi,
                    max_pixels=settings.max_pixels, timeout=settings.page_timeout,
                    correct=settings.correct, cleanup=settings.cleanup,
                    debug_dir=str(settings.debug_images) if settings.debug_images else None,
                    binarize=settings.binarize, review_confidence=settings.review_confidence,
                    second_reading=settings.second_reading)


def already_done(catalog: Catalog, source: Source, settings: Settings) -> DocumentResult | None:
    """The stored result when this scan was digitised before with the same archive settings
    and its files are still there (a rerun after a crash or Ctrl-C goes on from here)."""
    if settings.force:
        return None
    doc = catalog.document(source.document_id)
    if (doc is None or doc.status != "ok" or doc.pdf is None or not doc.pdf.exists()
            or doc.pdfa is None or doc.pdfa.level != settings.pdfa
            or (settings.sign and not doc.signer)  # asked to sign what was not signed
            or (settings.split_entries and len(doc.records) > 1 and not any(doc.entries))):
        return None
    damaged = [f for f in catalog.archived_files(doc.document_id) if not intact(f)]
    if damaged:  # a flipped byte, a cut or a lost file: written again, never "skipped"
        log.warning("document %s: archive file %s is damaged or missing; digitising again",
                    doc.document_id, damaged[0].path.name)
        return None
    return doc


def finish_document(p: Pending, settings: Settings,
                    kept: list[Record] | None = None) -> DocumentResult:
    """Parent-side stage: records, PDF/A; nothing here is slow compared with OCR.

    A page that could not be read fails alone: the document is ``incomplete``, its error
    names each such page and why, and its archive, pages and records are the pages that
    were read (numbered as in the archive; ``source_pages`` gives each one's page in the
    scan, record ids and the PDF's page labels use it, ``not_read`` lists the others).
    No page read: ``failed``.
    ``kept``: the document's records that people checked or keyed (from the catalog);
    they take the place of what extraction gives now, in the archive and the index too.
    """
    if p.done is not None:
        p.done.source, p.done.reused = str(p.given), True
        return p.done
    src = p.source
    result = DocumentResult(source=str(p.given), sha256=src.sha256 if src else None,
                            document_id=src.document_id if src else None, status="failed",
                            error=p.error)
    if p.error or src is None:
        return result
    outcomes = [p.outcomes[i] for i in range(src.page_count)]
    errors = [o.error or f"page {o.index + 1}: not read" for o in outcomes if not o.ocr]
    if errors:
        result.error = "; ".join(errors)
        if len(errors) == len(outcomes):
            return result
        result.error = (f"{len(errors)} of {len(outcomes)} page(s) could not be read, the "
                        f"archive holds the other {len(outcomes) - len(errors)}: {result.error}")
    read = [o.ocr for o in outcomes if o.ocr]
    result.source_pages = [o.index + 1 for o in outcomes if o.ocr]
    result.not_read = [o.index + 1 for o in outcomes if not o.ocr]
    result.records = merge_human(assign_ids(src.document_id, extract(
        read, settings.review_confidence), result.source_pages), kept or [])
    result.pages = align_pages(read, result.records)  # the text layer spells as the records
    aligned = {id(old): new for old, new in zip(read, result.pages, strict=True)}
    pages = [ArchivePage(o.image, aligned[id(o.ocr)]) for o in outcomes if o.ocr and o.image]
    try:
        result.pdf, result.pdfa = _archive(pages, result.records, src, settings, src.document_id,
                                           result.source_pages)
        if settings.split_entries and len(result.records) > 1:
            # One file per record with the page (or, for a register entry, the part of the
            # page) it was read from, and its fields; none where that part is not known.
            crops, result.records = entry_pages(src, pages, result.records, settings)
            result.entries = _entry_files(crops, result.records, src, settings)
    except SohoaError as exc:
        result.error = "; ".join(filter(None, [str(exc), result.error]))
        return result
    result.status, result.signer = "incomplete" if errors else "ok", signer_of(settings)
    return result


def _entry_files(crops: list[ArchivePage | None], records: list[Record], src: Source,
                 settings: Settings) -> list[tuple[Path, Validation] | None]:
    """Each record's own PDF/A (``<document>-<n>.pdf``) where it has a page; where it has
    none, a file an earlier run left under its name is removed (before issue #19 it could
    be the whole page, every other person on it)."""
    files: list[tuple[Path, Validation] | None] = []
    for n, (crop, record) in enumerate(zip(crops, records, strict=True)):
        name = f"{src.document_id}-{n + 1}"
        if crop is None:
            (settings.archive_dir / f"{name}.pdf").unlink(missing_ok=True)
            files.append(None)
        else:
            files.append(_archive([crop], [record], src, settings, name))
    return files


def archive_info(records: list[Record], source: Path, sha256: str) -> ArchiveInfo:
    """What an archived file says of itself; a single record's fields go into its XMP."""
    kind = records[0].type.value if records else None
    single = records[0] if len(records) == 1 else None
    return ArchiveInfo(title=f"{kind} {source.stem}" if kind else source.stem,
                       source_name=source.name, sha256=sha256, record_type=kind,
                       fields={k: v.value for k, v in single.fields.items() if v.value}
                       if single else None)


def _archive(pages: list[ArchivePage], records: list, src: Source, settings: Settings,
             name: str, labels: list[int] | None = None) -> tuple[Path, Validation]:
    """Write, sign (when a signer is configured) and check one PDF/A; ``labels``: the
    scan's page number of each page (its page labels when some were left out)."""
    info = archive_info(records, src.path, src.sha256)
    path = write_pdfa(pages, info, settings.archive_dir / f"{name}.pdf", level=settings.pdfa,
                      labels=labels)
    if (signer := SignerConfig.from_settings(settings)) is not None:
        sign_pdf(path, signer)  # an incremental update: the PDF/A written above, signed
    return path, validate(path, settings.pdfa, use_preflight=settings.preflight)


def digitize(paths: list[Path], settings: Settings, catalog: Catalog, index: SearchIndex,
             progress: ProgressFn | None = None,
             command: str = "digitize") -> Iterator[DocumentResult]:
    """Process every input; yields one result per document, in input order."""
    notify = progress or (lambda event, n: None)
    files = discover(paths)
    run_id = catalog.start_run(command)
    pending = [Pending(i, f) for i, f in enumerate(files)]
    pool = PagePool(settings)
    worker_init()  # also for the parent's own OSD/inline calls (no memory cap here)
    in_flight: dict[Future, tuple[Pending, int]] = {}
    window = settings.jobs * 2  # bounded: pages wait on disk, not in memory
    next_emit, ok, failed = 0, 0, 0

    def tasks() -> Iterator[tuple[Pending, PageTask]]:
        for p in pending:
            try:
                p.source = open_source(p.given, max_pixels=settings.max_pixels,
                                       max_pages=settings.max_pages)
            except SohoaError as exc:
                p.error = str(exc)
                continue
            p.done = already_done(catalog, p.source, settings)
            if p.done is not None:
                continue
            p.started = time.perf_counter()  # its seconds count from here, not from the queue
            notify("pages", p.source.page_count)
            for i in range(p.source.page_count):
                yield p, page_task(settings, p.source, i)

    feed, exhausted = tasks(), False
    try:
        while True:
            while not exhausted and len(in_flight) < window:
                item = next(feed, None)
                if item is None:
                    exhausted = True
                    break
                p, task = item
                in_flight[pool.submit(task)] = (p, task.index)
            while next_emit < len(pending) and pending[next_emit].complete:
                try:
                    result = _finish_and_store(pending[next_emit], settings, catalog, index,
                                               run_id)
                except WriteFailed as exc:  # disk full: say which document, then stop
                    failed += 1
                    yield exc.document or DocumentResult(
                        str(pending[next_emit].given), None, None, "failed", str(exc))
                    raise
                pending[next_emit].outcomes.clear()  # free the page images
                ok, failed = ok + (result.status == "ok"), failed + (result.status != "ok")
                notify("document", 1)
                next_emit += 1
                yield result
            if next_emit == len(pending):
                break
            if not in_flight:
                if exhausted:  # cannot happen: every opened source submits all its pages
                    raise RuntimeError("pipeline stalled with documents incomplete")
                continue  # sources that failed to open complete without pages
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for fut in done:
                p, page = in_flight.pop(fut)
                outcome = outcome_of(fut, page)
                p.outcomes[outcome.index] = outcome
                notify("page_done", 1)
                notify("peak_mb", outcome.peak_mb)
    finally:
        pool.shutdown()
        quietly(lambda: catalog.finish_run(run_id, ok, failed))


def quietly(write: Callable[[], None]) -> None:
    """A last bookkeeping write, skipped when the disk is full (the run is stopping)."""
    try:
        write()
    except Exception as exc:
        if write_problem(exc) is None:
            raise


def _finish_and_store(p: Pending, settings: Settings, catalog: Catalog, index: SearchIndex,
                      run_id: int) -> DocumentResult:
    """``finish_document`` and ``store`` for a document whose pages have all ended. A
    write error (disk full) raises ``WriteFailed`` whose ``document`` is this document,
    failed with the reason; its row is written if the catalog still can be."""
    cached = p.done is not None
    try:
        result = finish_document(p, settings, human_records(catalog, p.source.document_id)
                                 if p.source and not cached else None)
        if not cached:
            result.seconds = time.perf_counter() - p.started
            store(result, catalog, index, run_id)
        return result
    except Exception as exc:
        stop = write_failure(exc, p, settings)
        if stop is None:
            raise
        quietly(lambda: catalog.save(stop.document, run_id))
        raise stop from exc


def write_failure(exc: BaseException, p: Pending, settings: Settings) -> WriteFailed | None:
    """The ``WriteFailed`` that stops a run when ``exc`` is a failed write (disk full),
    its ``document`` the one being written, failed with the reason; None otherwise."""
    why = write_problem(exc)
    if why is None:
        return None
    src, what = p.source, str(exc) if isinstance(exc, WriteFailed) else why
    stop = WriteFailed(f"a write failed ({why}): free space in {settings.home}, then run "
                       "the same command again; what was done so far is kept")
    stop.document = DocumentResult(str(p.given), src.sha256 if src else None,
                                   src.document_id if src else None, "failed",
                                   f"not saved, the run stopped: {what}")
    return stop


def store(result: DocumentResult, catalog: Catalog, index: SearchIndex, run_id: int) -> None:
    """Index first, catalog last: the catalog is what says a document is done, so a crash
    or kill -9 between the two leaves it not done, and the rerun writes both again (an
    index upsert replaces the document's entries)."""
    if not result.document_id:
        catalog.save(result, run_id)
        return
    # the source as the catalog gives it back (absolute), as a rebuild from it indexes it
    where = str(catalog.source_path(catalog.stored_source(result.source)))
    refused = index.upsert(records_of(replace(result, source=where)) if result.readable else [],
                           document_ids=[result.document_id])
    catalog.save(result, run_id)
    catalog.set_index_failures(result.document_id, refused)
