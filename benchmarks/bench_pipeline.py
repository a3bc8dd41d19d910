"""Seconds per page and PDF size: sohoa against bare tesseract and OCRmyPDF, same run.

    .venv/bin/python benchmarks/bench_pipeline.py [--pages 6] [--out bench-out]

Generates labelled pages (mixed degradations), then times, one core each unless said:
  1. bare tesseract (vie, psm 3) on the page images: the floor every tool pays;
  2. sohoa's stages called directly: cleanup, OCR, PDF/A, per page;
  3. `sohoa digitize --jobs 1` and `--jobs 2` (whole pipeline incl. catalog and index);
  4. `ocrmypdf --output-type pdfa -l vie --jobs 1` when OCRmyPDF is installed
     (`pip install '.[bench]'`), on a PDF of each page.
Prints ratios against bare tesseract measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from ocr.cleanup import clean_page
from ocr.correct import correct_page
from ocr.lexicon import default_lexicon
from ocr.models import OcrPage
from ocr.recognize import ocr_page
from pipeline.archive_image import encode
from pipeline.pdfa import ArchiveInfo, ArchivePage, write_pdfa
from pipeline.samples import generate

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # read by every tesseract child process
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--out", type=Path, default=Path("bench-out"))
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    scans = generate(args.out / "scans", args.pages, seed=42, degradation="mixed",
                     formats=("png",))
    pngs = list(scans)
    n = len(pngs)
    rows: list[tuple[str, float, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        t = sum(timed(["tesseract", str(p), f"{tmp}/o", "-l", "vie", "--psm", "3", "txt"])
                for p in pngs)
        base = t / n
        rows.append(("bare tesseract vie (txt)", base, ""))

        stage = {"cleanup": [], "ocr": [], "post-correction": [], "pdfa": []}
        correct_page(OcrPage(1, 1, 300), default_lexicon())  # the lexicon loads once a worker
        sizes = []
        for i, p in enumerate(pngs):
            rgb = np.asarray(Image.open(p).convert("RGB"))
            s = time.perf_counter()
            c = clean_page(rgb)  # OSD runs only for pages not read upright
            stage["cleanup"].append(time.perf_counter() - s)
            s = time.perf_counter()
            page = ocr_page(c.for_ocr, dpi=300)
            stage["ocr"].append(time.perf_counter() - s)
            s = time.perf_counter()
            page = correct_page(page, default_lexicon())
            stage["post-correction"].append(time.perf_counter() - s)
            s = time.perf_counter()
            out = Path(tmp) / f"p{i}.pdf"
            image = encode(c.colour, c.binary, mode="auto", dpi=300, quality=50,
                           background_dpi=200)
            write_pdfa([ArchivePage(image, page)],
                       ArchiveInfo("bench", p.name, "0" * 64), out)
            stage["pdfa"].append(time.perf_counter() - s)
            sizes.append(out.stat().st_size)
        for k, v in stage.items():
            rows.append((f"sohoa stage: {k}", statistics.mean(v), ""))
        rows.append(("sohoa PDF/A size per page (kB, median)", statistics.median(sizes) / 1000, "size"))

        for jobs in (1, 2):
            home = Path(tmp) / f"home{jobs}"
            t = timed([str(BIN / "sohoa"), "digitize", str(args.out / "scans"), "--jobs", str(jobs)],
                      env={"SOHOA_HOME": str(home)})
            rows.append((f"sohoa digitize --jobs {jobs} (wall, per page)", t / n, ""))

        ocrmypdf = shutil.which("ocrmypdf") or (str(BIN / "ocrmypdf") if (BIN / "ocrmypdf").exists()
                                                else None)
        if ocrmypdf:
            t, osizes = 0.0, []
            for i, p in enumerate(pngs):
                src = Path(tmp) / f"in{i}.pdf"
                Image.open(p).convert("RGB").save(src, "PDF", resolution=300, quality=85)
                dst = Path(tmp) / f"ocrmypdf{i}.pdf"
                # no Ghostscript on the hot path for either tool: the internal PDF/A backend
                t += timed([ocrmypdf, "--output-type", "pdfa", "--pdfa-backend", "internal",
                            "--rasterizer", "pypdfium", "-l", "vie", "--jobs", "1",
                            "--rotate-pages", "--deskew", str(src), str(dst)])
                osizes.append(dst.stat().st_size)
            rows.append(("ocrmypdf --output-type pdfa --rotate-pages --deskew", t / n, ""))
            rows.append(("ocrmypdf PDF/A size per page (kB, median)", statistics.median(osizes) / 1000,
                         "size"))
        else:
            print("OCRmyPDF not installed: pip install '.[bench]' to compare", file=sys.stderr)

    print(f"{n} generated A4 pages at 300 dpi, {os.cpu_count()} cores, OMP_THREAD_LIMIT=1")
    print(f"{'measure':55} {'value':>9} {'x bare tesseract':>17}")
    ocr_time = next(v for name, v, _ in rows if name == "sohoa stage: ocr")
    cleanup_time = next(v for name, v, _ in rows if name == "sohoa stage: cleanup")
    rows.append(("cleanup / OCR time (ratio)", cleanup_time / ocr_time, "ratio"))
    for name, value, kind in rows:
        if kind == "ratio":
            print(f"{name:55} {value:8.2f}")
            continue
        ratio = "" if kind == "size" else f"{value / base:17.2f}"
        unit = "kB" if kind == "size" else "s"
        print(f"{name:55} {value:8.2f}{unit} {ratio}")


if __name__ == "__main__":
    main()
