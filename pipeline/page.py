"""One page, start to finish inside a worker: load, clean up, recognise, encode for archive.

A pure function of its ``PageTask``: safe to run in any process or on any machine, and to
run again (results are keyed by the document's hash and the page number).
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import cv2
import pytesseract

from ocr.read import read_page
from pipeline.archive_image import encode
from pipeline.errors import SohoaError
from pipeline.ingest import image_dpi, load_page
from pipeline.models import PageOutcome, PageTask


def worker_init(memory_mb: int = 0) -> None:
    """Set up a page worker process: one tesseract thread, and an address-space cap so a
    monstrous page fails alone with MemoryError instead of taking the machine down."""
    # tesseract's OpenMP threads multiply with page workers and slow everything down.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


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


def process_page(task: PageTask) -> PageOutcome:
    started = time.perf_counter()
    try:
        rgb = load_page(task.path, task.kind, task.index, dpi=task.dpi, max_pixels=task.max_pixels)
        dpi = task.dpi if task.kind == "pdf" else image_dpi(task.path, task.kind, task.dpi)
        cleaned, ocr = read_page(rgb, dpi=dpi, osd=task.osd, deskew=task.deskew,
                                 language=task.language, tessdata_dir=task.tessdata_dir,
                                 timeout=task.timeout, correct=task.correct,
                                 cleanup=task.cleanup, binarize=task.binarize,
                                 debug=_debug_writer(task))
        del rgb
        # ocr.dpi, not dpi: a low-resolution scan was enlarged before cleanup
        image = encode(cleaned.colour, cleaned.binary, mode=task.archive_image, dpi=ocr.dpi,
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
