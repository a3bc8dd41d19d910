"""The bad-input corpus (issue #18) through `sohoa digitize` and `sohoa batch run`, and the
memory of a page worker on the 10,900 x 10,900 PNG read reduced against read in full.

    .venv/bin/python benchmarks/bad_inputs.py [--no-baseline]

Makes the corpus (pipeline/samples/bad_inputs.py: 13 files), runs both commands with two
workers into fresh homes and prints each file's line and their closing notes (which give
the highest peak memory a page worker reported). Then reads the huge PNG's page in a fresh
process twice, as the worker does now (reduced to ~300 dpi) and as it did before (decoded
in full, the baseline), and prints peak RSS (ru_maxrss of the process and its tesseract)
and seconds of each, and their ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.samples.bad_inputs import make_corpus  # noqa: E402

SOHOA = str(Path(sys.executable).parent / "sohoa")
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}

ONE_PAGE = """
import json, sys, time
from pathlib import Path
from pipeline.page import peak_mb, process_page, worker_init
from pipeline.ingest import load_page, load_page_reduced, open_source
from pipeline.models import PageTask
worker_init(0)
path, full = Path(sys.argv[1]), sys.argv[2] == "full"
if full:  # the baseline: the page decoded in full, as before issue #18
    import pipeline.page as page
    page.load_page_reduced = lambda p, k, i, dpi, max_pixels: (
        load_page(p, k, i, dpi=dpi, max_pixels=max_pixels),
        __import__("pipeline.ingest").ingest.image_dpi(p, k, dpi))
task = PageTask(path=path, kind="image", index=0, dpi=300, language="vie", tessdata_dir=None,
                osd=True, deskew=True, jpeg_quality=50, archive_image="auto",
                background_dpi=200, max_pixels=120_000_000, timeout=600)
started = time.perf_counter()
outcome = process_page(task)
print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_mb(),
                  "error": outcome.error,
                  "size": [outcome.ocr.width, outcome.ocr.height] if outcome.ocr else None}))
"""


def command(*args: str, home: Path) -> str:
    started = time.perf_counter()
    proc = subprocess.run([SOHOA, *args], env={**ENV, "SOHOA_HOME": str(home)},
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    tracebacks = proc.stderr.count("Traceback")
    return (f"$ sohoa {' '.join(args[:2])} ... (exit {proc.returncode}, {seconds:.1f} s, "
            f"{tracebacks} traceback(s))\n{proc.stderr.strip()}")


def one_page(png: Path, mode: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", ONE_PAGE, str(png), mode], env={
        **ENV, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip reading the huge page in full (50 s, 3.4 GiB)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sohoa-bad-inputs-"))
    corpus = work / "corpus"
    expected = make_corpus(corpus)
    print(f"corpus: {len(expected)} files in {corpus}")
    print(command("digitize", str(corpus), "--jobs", "2", home=work / "home-digitize"))
    print(command("batch", "run", str(corpus), "--name", "bad", "--jobs", "2",
                  home=work / "home-batch"))
    huge = corpus / "huge-10900.png"
    now = one_page(huge, "reduced")
    print(f"10,900² PNG read reduced: {now['peak_mb']} MiB peak, {now['seconds']:.1f} s, "
          f"page {now['size']} px, error {now['error']}")
    if not args.no_baseline:
        before = one_page(huge, "full")
        print(f"10,900² PNG read in full (baseline): {before['peak_mb']} MiB peak, "
              f"{before['seconds']:.1f} s, page {before['size']} px, error {before['error']}")
        print(f"ratio reduced/full: memory {now['peak_mb'] / before['peak_mb']:.2f}, "
              f"time {now['seconds'] / before['seconds']:.2f}")


if __name__ == "__main__":
    main()
