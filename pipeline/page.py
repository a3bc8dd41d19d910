"""One page, start to finish inside a worker: load, clean up, recognise, encode for archive.

A pure function of its ``PageTask``: safe to run in any process or on any machine, and to
run again (results are keyed by the document's hash and the page number).
"""

from __future__ import annotations

import os
import time

import pytesseract

from ocr.read import read_page
from pipeline.archive_image import encode
from pipeline.errors import SohoaError
from pipeline.ingest import image_dpi, load_page
from pipeline.models import PageOutcome, PageTask


def worker_init() -> None:
    # tesseract's OpenMP threads multiply with page workers and slow everything down.
    os.environ["OMP_THREAD_LIMIT"] = "1"


def process_page(task: PageTask) -> PageOutcome:
    started = time.perf_counter()
    try:
        rgb = load_page(task.path, task.kind, task.index, dpi=task.dpi, max_pixels=task.max_pixels)
        dpi = task.dpi if task.kind == "pdf" else image_dpi(task.path, task.kind, task.dpi)
        cleaned, ocr = read_page(rgb, dpi=dpi, osd=task.osd, deskew=task.deskew,
                                 language=task.language, tessdata_dir=task.tessdata_dir,
                                 timeout=task.timeout)
        del rgb
        image = encode(cleaned.colour, cleaned.binary, mode=task.archive_image, dpi=dpi,
                       quality=task.jpeg_quality, background_dpi=task.background_dpi)
        return PageOutcome(index=task.index, ocr=ocr, image=image,
                           seconds=time.perf_counter() - started)
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
    return PageOutcome(index=task.index, error=f"page {task.index + 1}: {error}",
                       seconds=time.perf_counter() - started)
