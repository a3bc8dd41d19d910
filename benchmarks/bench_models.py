"""Which tesseract model reads Vietnamese forms best: CER (raw and post-corrected) and time.

    .venv/bin/python benchmarks/bench_models.py [--scans 14] [--seed 909] [--best-int DIR]

Generates a labelled set (every kind, mixed degradations) and reads every page with each
model available here, through sohoa's own cleanup and reading (``ocr.read.read_page``),
one page at a time on one core:
  - ``vie``: Debian ``tesseract-ocr-vie`` (the default, installed by ``make system``);
  - ``Vietnamese``: Debian ``tesseract-ocr-script-viet``, when installed;
  - ``vie+eng``: Vietnamese and English together;
  - ``best_int``: the npm package ``@tesseract.js-data/vie`` (``--best-int DIR``: a tessdata
    folder made by ``scripts/fetch-best-int.sh DIR``).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from ocr.read import read_page
from pipeline.evaluate import load_truth, text_errors
from pipeline.ingest import discover, image_dpi, load_page, open_source
from pipeline.samples import generate

TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


def models(best_int: Path | None) -> list[tuple[str, str, str | None]]:
    found = [("vie", "vie", None)]
    if (TESSDATA / "Vietnamese.traineddata").exists():
        found.append(("Vietnamese (script)", "Vietnamese", None))
    if (TESSDATA / "eng.traineddata").exists():
        found.append(("vie+eng", "vie+eng", None))
    if best_int:
        found.append(("best_int (npm)", "vie", str(best_int)))
    return found


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("--scans", type=int, default=14)
    ap.add_argument("--seed", type=int, default=909)
    ap.add_argument("--best-int", type=Path, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sohoa-models-") as tmp:
        generate(Path(tmp), args.scans, seed=args.seed, degradation="mixed")
        pages = []
        for scan in discover([Path(tmp)]):
            truth, source = load_truth(scan), open_source(scan, max_pixels=10**9, max_pages=50)
            for i in range(source.page_count):
                rgb = load_page(scan, source.kind, i, dpi=300, max_pixels=10**9)
                dpi = 300 if source.kind == "pdf" else image_dpi(scan, source.kind, 300)
                pages.append((rgb, dpi, "\n".join(truth["pages"][i]["lines"])))
        print(f"{len(pages)} pages; CER raw -> post-corrected, seconds per page (one core)")
        for name, language, tessdata in models(args.best_int):
            raw, fixed, started = [], [], time.perf_counter()
            for rgb, dpi, truth in pages:
                _, page = read_page(rgb, dpi=dpi, language=language, tessdata_dir=tessdata)
                raw.append(text_errors(truth, page.raw_text or page.text))
                fixed.append(text_errors(truth, page.text))
            seconds = (time.perf_counter() - started) / len(pages)

            def rate(counts: list) -> float:
                return sum(c["char_edits"] for c in counts) / sum(c["chars"] for c in counts)
            print(f"  {name:22} CER {rate(raw):.2%} -> {rate(fixed):.2%}   {seconds:.2f} s/page")


if __name__ == "__main__":
    main()
