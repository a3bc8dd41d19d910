"""Does a page worker's address-space cap (``SOHOA_PAGE_MEMORY_MB``) hold for every page
sohoa accepts? Each page of the bad-input corpus (``pipeline/samples/bad_inputs.py``)
and of normal and worst-case pages is read through the worker's whole path
(``pipeline.page.process_page``) in a fresh process, once with the cap (``--cap``) and
once without (the baseline), and the outcomes compared.

    .venv/bin/python benchmarks/page_memory.py [--cap 1536] [--out DIR]

Printed per page: status (ok / the error), the worker's peak address space (VmPeak, what
RLIMIT_AS limits), its peak resident memory and its tesseract's (ru_maxrss), seconds;
then the pages whose outcome differs with the cap (must be none) and the ratio of the
capped run's time to the baseline's. Extra pages: A4 300 dpi grey (a normal page),
A3 600 dpi colour as JPEG and as PNG (the largest normal scan), a 16-bit grey PNG and an
RGBA PNG at the pixel limit (the worst an accepted image can cost to decode).
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

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.run import WORKER_ENV  # noqa: E402
from pipeline.samples.bad_inputs import make_corpus, write_png  # noqa: E402
from pipeline.samples.prose import prose_page  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, **WORKER_ENV, "PYTHONPATH": str(ROOT)}  # as make_executor's workers
MAX_PIXELS = 120_000_000  # Settings.max_pixels' default

ONE_FILE = """
import json, resource, sys, time
from pathlib import Path
from pipeline.ingest import open_source
from pipeline.models import PageTask
from pipeline.page import process_page, worker_init

def vm_peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmPeak:"):
            return int(line.split()[1]) // 1024
path, cap = Path(sys.argv[1]), int(sys.argv[2])
worker_init(cap)
out = []
try:
    src = open_source(path, max_pixels=120_000_000, max_pages=2000)
except Exception as exc:
    print(json.dumps([{"page": 0, "error": f"not opened: {exc}"}]))
    raise SystemExit
for i in range(src.page_count):
    task = PageTask(path=path, kind=src.kind, index=i, dpi=300, language="vie",
                    tessdata_dir=None, osd=True, deskew=True, jpeg_quality=50,
                    archive_image="auto", background_dpi=200, max_pixels=120_000_000,
                    timeout=900)
    started = time.perf_counter()
    o = process_page(task)
    out.append({"page": i + 1, "error": o.error, "seconds": time.perf_counter() - started,
                "vm_peak": vm_peak(),
                "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                "tesseract_rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024})
print(json.dumps(out))
"""


def extra_pages(folder: Path) -> list[Path]:
    """Normal pages and the costliest accepted images, written into ``folder``."""
    a4, _ = prose_page(8.27, 11.69, dpi=300)
    a4.save(folder / "a4-300-grey.png", dpi=(300, 300))
    a3, _ = prose_page(11.69, 16.54, dpi=600)
    colour = np.stack([np.asarray(a3)] * 3, axis=-1)
    colour[..., 2] = np.minimum(colour[..., 2], 225)  # yellowed paper: a colour scan
    Image.fromarray(colour).save(folder / "a3-600-colour.jpg", quality=85, dpi=(600, 600))
    Image.fromarray(colour).save(folder / "a3-600-colour.png", dpi=(600, 600))
    del a3, colour
    side = int(MAX_PIXELS ** 0.5) - 1  # just under the limit
    _png16(folder / "limit-grey16.png", side)
    write_png(folder / "limit-rgb.png", side, side, lambda y: None)
    rgba = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    rgba.save(folder / "limit-rgba.png")
    del rgba
    return [folder / n for n in ("a4-300-grey.png", "a3-600-colour.jpg", "a3-600-colour.png",
                                 "limit-grey16.png", "limit-rgb.png", "limit-rgba.png")]


def _png16(path: Path, side: int) -> None:
    """A ``side``² 16-bit grey PNG, white, written row by row."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    packer = zlib.compressobj(9)
    row = b"\0" + b"\xff" * 2 * side
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 16, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))


def run(path: Path, cap: int) -> list[dict]:
    proc = subprocess.run([sys.executable, "-c", ONE_FILE, str(path), str(cap)], env=ENV,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return [{"page": 0, "error": f"process died (exit {proc.returncode}): "
                 f"{proc.stderr.strip()[-200:]}"}]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cap", type=int, default=1536, help="the cap tried, MiB")
    ap.add_argument("--out", type=Path, help="where the pages are written (default: temp)")
    args = ap.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="sohoa-page-memory-"))
    make_corpus(work / "corpus")
    files = sorted((work / "corpus").iterdir()) + extra_pages(work)
    differ, seconds = [], {0: 0.0, args.cap: 0.0}
    for path in files:
        pages = {}
        for cap in (0, args.cap):
            started = time.perf_counter()
            pages[cap] = run(path, cap)
            seconds[cap] += time.perf_counter() - started
        for base, capped in zip(pages[0], pages[args.cap], strict=False):
            status = (capped.get("error") or "ok")[:70]
            print(f"{path.name:24} p{capped['page']}  {status:70}  VmPeak "
                  f"{capped.get('vm_peak', 0):5} MiB (uncapped {base.get('vm_peak', 0):5}),"
                  f" RSS {capped.get('rss', 0):4}, tesseract {capped.get('tesseract_rss', 0):4}"
                  f" MiB, {capped.get('seconds', 0):5.1f} s", flush=True)
            if (base.get("error") or "ok") != (capped.get("error") or "ok"):
                differ.append(f"{path.name} p{capped['page']}: uncapped "
                              f"{base.get('error') or 'ok'} / capped {capped.get('error')}")
    print(f"\ncap {args.cap} MiB: {len(differ)} page(s) whose outcome differs from the "
          "uncapped run" + "".join(f"\n  {d}" for d in differ))
    print(f"time capped/uncapped: {seconds[args.cap]:.0f} s / {seconds[0]:.0f} s = "
          f"{seconds[args.cap] / max(seconds[0], 1e-9):.2f}")


if __name__ == "__main__":
    main()
