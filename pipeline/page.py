"""One page, start to finish inside a worker: load, clean up, recognise, encode for archive.

A pure function of its ``PageTask``: safe to run in any process or on any machine, and to
run again (results are keyed by the document's hash and the page number).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytesseract

from ocr.blank import is_blank
from ocr.models import OcrPage, Reread
from ocr.read import read_page
from ocr.reread import reread_all
from pipeline.archive_image import encode
from pipeline.errors import OcrError, SohoaError
from pipeline.extract import extract_page
from pipeline.extract.second import Wanted
from pipeline.ingest import load_page_reduced
from pipeline.models import PageOutcome, PageTask
from pipeline.pixels import require_page_size
from pipeline.resolution import believed_dpi, page_letter_height

MAX_REREADS = 40  # values a page may read again (one tesseract call for them all)


def worker_init(memory_mb: int = 0, tmp: str | None = None) -> None:
    """Set up a page worker process: one tesseract thread, an address-space cap so a
    monstrous page fails alone with MemoryError instead of taking the machine down, and
    its temporary files (pytesseract's page images) in a private folder: its own inside
    ``tmp`` (the parent's, ``pipeline.tempdir``), else one of its own."""
    from pipeline.tempdir import private_tmp, worker_tmp

    # tesseract's OpenMP threads multiply with page workers and slow everything down.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if tmp is not None:
        worker_tmp(tmp)
    else:
        private_tmp()
    if memory_mb:
        _few_arenas()
        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _few_arenas() -> None:
    """glibc's malloc arenas capped at 2 (``mallopt(M_ARENA_MAX)``): each thread's arena
    reserves 64 MiB of address space, which the cap counts, so a worker's address space
    grew with the machine's cores. ``run.WORKER_ENV`` does the same for the pool's
    workers from their start; this covers workers started otherwise (Celery)."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to cap
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX


def _debug_writer(task: PageTask):
    """``--debug-images DIR``: each cleanup step of each page, numbered in the order the
    steps ran, as DIR/<scan>-p<N>-<NN>-<step>.png (a colour image as .jpg: a 300 dpi A4
    scan is 25 MB as PNG, 1-2 MB as JPEG), and what cleanup measured and decided
    (``ocr.cleanup.Steps``) as DIR/<scan>-p<N>-decisions.json."""
    if not task.debug_dir:
        return None
    folder = Path(task.debug_dir)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 100))

    def write(step: str, image) -> None:
        stem = f"{task.path.stem}-p{task.index + 1}"
        if isinstance(image, dict):
            path = folder / f"{stem}-{step}.json"
            path.write_text(json.dumps(image, indent=1) + "\n", encoding="utf-8")
            return
        name = f"{stem}-{next(counter):02d}-{step}"
        if image.ndim == 3:
            cv2.imwrite(str(folder / f"{name}.jpg"), cv2.cvtColor(image, cv2.COLOR_RGB2BGR),
                        [cv2.IMWRITE_JPEG_QUALITY, 85])
        else:
            cv2.imwrite(str(folder / f"{name}.png"), image)
    return write


def page_pixels(path: Path, kind: str, index: int, *, dpi: int,
                max_pixels: int) -> tuple[np.ndarray, int]:
    """Page ``index`` (0-based) of a source as RGB uint8 (height, width, 3) and the dpi it
    is at (a PDF rendered at ``dpi``; an image's recorded dpi when believable, else
    ``dpi``; a page above what OCR needs read reduced, its dpi lowered to match:
    ``ingest.load_page_reduced``): the first step of the one path from a scan to the
    page's geometry, which ``ocr.read.page_image`` continues (for the worker and for entry
    PDFs alike).
    An image's dpi is then checked against its letters (``ingest.image_dpi``): a 150 dpi
    scan tagged 600 is taken at 150 (and read again unreduced if it had been reduced as
    a 600 dpi page). Raises ``SohoaError`` for an unreadable, oversized or too small page."""
    rgb, at = load_page_reduced(path, kind, index, dpi=dpi, max_pixels=max_pixels)
    require_page_size(rgb, index)
    if kind == "pdf":
        return rgb, at
    true_at = believed_dpi(at, max(rgb.shape[:2]), page_letter_height(rgb), default=at)
    if true_at < at * 0.75 and at <= dpi:  # reduced for a resolution it does not have
        rgb, at = load_page_reduced(path, kind, index, dpi=dpi, max_pixels=max_pixels,
                                    trust_dpi=False)
        true_at = believed_dpi(at, max(rgb.shape[:2]), page_letter_height(rgb), default=at)
    return rgb, true_at


class PageTimeout(OcrError):
    """The page's work (reading, cleanup, OCR, encoding) took longer than its timeout."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise ``PageTimeout`` in this thread once ``seconds`` have passed (SIGALRM), so the
    page timeout bounds the whole page, not only each tesseract call. A long C call
    (a decoder, an OpenCV pass) is interrupted when it returns to Python. Only the main
    thread receives signals: elsewhere (a web server's thread) this does nothing."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise PageTimeout(f"the page took longer than {seconds} s (SOHOA_PAGE_TIMEOUT)")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except PageTimeout:
        kill_helpers()  # pytesseract and pdf2image leave their child running
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


HELPERS = ("tesseract", "pdftoppm")  # the programs a page's work starts


def kill_helpers() -> list[int]:
    """Kill (SIGKILL) and reap this process's ``HELPERS`` children; returns their pids.
    Called when a page's deadline interrupts Python while tesseract or pdftoppm runs:
    pytesseract and pdf2image close their pipes but do not stop the child, which went on
    (orphaned) for as long as its page took. Reads ``/proc`` (Linux)."""
    me, killed = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name, after = text[text.find("(") + 1:text.rfind(")")], text[text.rfind(")") + 2:]
        if name in HELPERS and int(after.split()[1]) == me:
            pid = int(stat.parent.name)
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            killed.append(pid)
    return killed


def read_doubtful_again(page: OcrPage, image: np.ndarray, task: PageTask) -> OcrPage:
    """``page`` with a second reading (``ocr.reread.reread_all``) of each value extraction finds in
    doubt on it (``pipeline.extract.second.Wanted``), from ``image`` (the pixels its
    words were read on), at most ``MAX_REREADS``; the coordinator's extraction judges
    the values against them."""
    collector = Wanted()
    extract_page(page, 1, task.review_confidence, second=collector)
    options = {"language": task.language, "tessdata_dir": task.tessdata_dir,
               "timeout": task.timeout}
    texts = collector.texts[:MAX_REREADS]
    rereads = [Reread(text, *found)
               for text, found in zip(texts, reread_all(texts, page, image, **options),
                                      strict=True) if found is not None]
    return replace(page, rereads=tuple(rereads))


def process_page(task: PageTask) -> PageOutcome:
    """One page read, cleaned, recognised and encoded for the archive, within
    ``task.timeout`` seconds in all; never raises: a failure is the outcome's ``error``
    ("page N: reason")."""
    started = time.perf_counter()
    try:
        with deadline(task.timeout):
            return replace(_process(task, started), peak_mb=peak_mb())
    except SohoaError as exc:
        error = str(exc)
    except pytesseract.TesseractNotFoundError:
        error = "tesseract is not installed: run `make system` (apt install tesseract-ocr)"
    except pytesseract.TesseractError as exc:
        error = f"tesseract failed: {exc.message or exc}"
    except RuntimeError as exc:  # pytesseract reports its timeout this way
        error = (f"tesseract took longer than {task.timeout} s (SOHOA_PAGE_TIMEOUT)"
                 if "timeout" in str(exc).lower() else f"{type(exc).__name__}: {exc}")
    except MemoryError:
        error = "out of memory on this page; scan at a lower resolution"
    except Exception as exc:  # one page must never take down the batch
        error = f"unexpected {type(exc).__name__}: {exc}"
    prefix = f"page {task.index + 1}"
    return PageOutcome(index=task.index, error=error if error.startswith(prefix + " ")
                       else f"{prefix}: {error}", seconds=time.perf_counter() - started,
                       peak_mb=peak_mb())


def peak_mb() -> int:
    """This process's peak resident memory, or its children's (tesseract) if higher, MiB
    (Linux's ``ru_maxrss`` is in kB)."""
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024


def blank_page(task: PageTask, rgb: np.ndarray, dpi: int, started: float) -> PageOutcome:
    """A page with no ink (``ocr.blank``): archived as scanned, not read: no words, so no
    text layer, nothing indexed and no record; ``OcrPage.blank`` says so."""
    height, width = rgb.shape[:2]
    image = encode(rgb, np.full((height, width), 255, np.uint8), mode=task.archive_image,
                   dpi=dpi, quality=task.jpeg_quality, background_dpi=task.background_dpi)
    return PageOutcome(index=task.index, image=image,
                       ocr=OcrPage(width=width, height=height, dpi=dpi, raw_text="", blank=True),
                       seconds=time.perf_counter() - started)


def _process(task: PageTask, started: float) -> PageOutcome:
    rgb, dpi = page_pixels(task.path, task.kind, task.index, dpi=task.dpi,
                           max_pixels=task.max_pixels)
    if is_blank(rgb, dpi):
        return blank_page(task, rgb, dpi, started)
    cleaned, ocr = read_page(rgb, dpi=dpi, osd=task.osd, deskew=task.deskew,
                             language=task.language, tessdata_dir=task.tessdata_dir,
                             timeout=task.timeout, correct=task.correct,
                             cleanup=task.cleanup, binarize=task.binarize,
                             debug=_debug_writer(task))
    del rgb
    if task.second_reading and task.correct and task.cleanup:
        ocr = read_doubtful_again(ocr, cleaned.for_reading, task)
    # ocr.dpi, not dpi: a low-resolution scan was enlarged before cleanup
    image = encode(cleaned.colour, cleaned.binary, mode=task.archive_image, dpi=ocr.dpi,
                   quality=task.jpeg_quality, background_dpi=task.background_dpi)
    return PageOutcome(index=task.index, ocr=ocr, image=image,
                       seconds=time.perf_counter() - started)
