"""Other tools on the same pages, for comparison in one run: bare tesseract (no
preprocessing, ``--psm 3``) and OCRmyPDF (``--rotate-pages --deskew``, its text layer read
back with ``pdftotext``). Used by ``sohoa eval`` on real pages and by
``benchmarks/bench_real.py``. OCRmyPDF is optional (``pip install '.[bench]'``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def run(cmd: list[str], env: dict | None = None) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env={**os.environ, **(env or {})})
    return done, time.perf_counter() - start


def tesseract(image: Path, tmp: Path) -> tuple[str | None, float, str]:
    done, secs = run(["tesseract", str(image), "-", "-l", "vie", "--psm", "3"])
    if done.returncode:
        return None, secs, done.stderr.decode(errors="replace")[-300:]
    return done.stdout.decode(), secs, ""


def ocrmypdf(image: Path, tmp: Path) -> tuple[str | None, float, str]:
    exe = shutil.which("ocrmypdf", path=str(Path(sys.executable).parent)) or shutil.which("ocrmypdf")
    if exe is None:
        return None, 0.0, "ocrmypdf is not installed (pip install '.[bench]')"
    out = tmp / f"{image.stem}.ocrmypdf.pdf"
    done, secs = run([exe, "--rotate-pages", "--deskew", "-l", "vie", "--jobs", "1",
                      str(image), str(out)])
    if done.returncode or not out.exists():
        last = (done.stderr.decode(errors="replace").strip().splitlines() or [""])[-1]
        return None, secs, f"exit {done.returncode}: {last[-300:]}"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True)
    return text.stdout.decode(), secs, ""
