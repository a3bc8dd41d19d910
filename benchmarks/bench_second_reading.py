"""What the second reading of doubtful values costs a page, against reading the page,
measured in the same run.

    .venv/bin/python benchmarks/bench_second_reading.py [--pages 6] [--degrade mixed]

Generates ``--pages`` labelled scans (sohoa's own generator, each kind in turn), reads
each as a worker does (cleanup, tesseract, post-correction: the baseline), then times
``pipeline.page.read_doubtful_again`` on it: extraction once to find the values in doubt,
and each read again from its crop. Prints seconds per page for both, the values read
again per page, and the ratio of the second reading to the page's reading.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ocr.read import read_page  # noqa: E402
from pipeline.ingest import load_page  # noqa: E402
from pipeline.models import PageTask  # noqa: E402
from pipeline.page import read_doubtful_again  # noqa: E402
from pipeline.samples import generate  # noqa: E402

KINDS = ("birth", "death", "marriage", "register-table", "register-blocks", "decision")


def main() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--degrade", default="mixed")
    args = ap.parse_args()
    task = PageTask(path=Path("."), kind="image", index=0, dpi=300, language="vie",
                    tessdata_dir=None, osd=True, deskew=True, jpeg_quality=50,
                    archive_image="auto", background_dpi=200, max_pixels=120_000_000,
                    timeout=300)
    rows: dict[str, list[float]] = {"page": [], "second": [], "values": []}
    with tempfile.TemporaryDirectory() as tmp:
        for scan in generate(Path(tmp), args.pages, seed=42, formats=("png",), kinds=KINDS,
                             degradation=args.degrade):
            rgb = np.asarray(load_page(scan, "image", 0, dpi=300, max_pixels=120_000_000))
            start = time.perf_counter()
            cleaned, page = read_page(rgb, dpi=300)
            rows["page"].append(time.perf_counter() - start)
            start = time.perf_counter()
            again = read_doubtful_again(page, cleaned.for_reading, task)
            rows["second"].append(time.perf_counter() - start)
            rows["values"].append(len(again.rereads))
    page, second = statistics.mean(rows["page"]), statistics.mean(rows["second"])
    print(f"pages: {args.pages} ({args.degrade})")
    print(f"reading a page (baseline): {page:.2f} s/page")
    print(f"second reading:            {second:.2f} s/page, "
          f"{statistics.mean(rows['values']):.1f} values read again a page")
    print(f"ratio second/page:         {second / page:.2f}")


if __name__ == "__main__":
    main()
