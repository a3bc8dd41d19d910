"""Input formats people really scan to: each case read through a worker's whole path
(``pipeline.page.process_page``) beside its plain twin, CER and seconds.

    .venv/bin/python benchmarks/bench_inputs.py [--out inputs-out] [--lines 12]

Cases (issue #18), each with its twin (an 8-bit greyscale PNG of the same text, tagged
with its true resolution): 16-bit greyscale PNG and TIFF, a PNG whose paper is
transparent over black pixels, a palette PNG with a transparent index, CMYK TIFF, a
1-bit TIFF, a slip (2480 x 773 px at 300 dpi) against the same pixels on an A4 sheet, a
150 dpi scan tagged 600 dpi, a 600 dpi scan tagged 150 dpi; and a blank page (paper grain
and a few specks), with the seconds it takes (``--baseline``: against reading it with
tesseract as sohoa did before the ink check). Pages are ``pipeline.samples.prose``.

Measured (2 shared cores, 12 lines of 11 pt), CER before -> after this work: 16-bit PNG
and TIFF 100 -> 0.1 %, transparent paper 100 -> 0.1 %, palette with transparent paper
83 -> 0.1 %, the strip 14.5 -> 0.1 % (its A4 twin 0.1 %), 150 dpi tagged 600
98.5 -> 0.4 % (its twin 0.4 %); CMYK, 1-bit, 600 tagged 150 unchanged (0.1-0.6 %);
the blank page 94 s (0 characters, OSD and reading in four orientations) -> 1.6 s.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from ocr.blank import ink
from ocr.read import read_page
from pipeline.evaluate import cer
from pipeline.models import PageTask
from pipeline.page import process_page
from pipeline.samples.prose import prose_page

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def task(path: Path) -> PageTask:
    return PageTask(path=path, kind="image", index=0, dpi=300, language="vie",
                    tessdata_dir=None, osd=True, deskew=True, jpeg_quality=75,
                    archive_image="mrc", background_dpi=150, max_pixels=120_000_000,
                    timeout=120)


def save(img: Image.Image, path: Path, dpi: float) -> Path:
    img.save(path, dpi=(dpi, dpi))
    return path


def sixteen(grey: Image.Image) -> Image.Image:
    return Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)


def transparent(grey: Image.Image) -> Image.Image:
    """Black pixels everywhere; the ink opaque and the paper fully transparent."""
    a = np.asarray(grey)
    rgba = np.zeros((*a.shape, 4), np.uint8)
    rgba[..., 3] = 255 - a
    return Image.fromarray(rgba)


def palette(grey: Image.Image) -> Image.Image:
    """Index 0 the transparent paper (its colour black), the rest greys."""
    p = grey.convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    a = np.asarray(p).copy()
    white = int(np.asarray(p)[0, 0])
    a[a == white], a[a == 0] = 255, white  # the paper's index moved to 255...
    out = Image.fromarray(a).convert("P")
    pal = p.getpalette()[:768] + [0] * (768 - len(p.getpalette()[:768]))
    pal[white * 3:white * 3 + 3] = pal[0:3]
    pal[255 * 3:255 * 3 + 3] = [0, 0, 0]  # ...whose colour is black, and transparent
    out.putpalette(pal)
    out.info["transparency"] = 255
    return out


def on_a4(strip: Image.Image) -> Image.Image:
    sheet = Image.new("L", (2480, 3508), 255)
    sheet.paste(strip, (0, 0))
    return sheet


def blank(dpi: int = 300) -> Image.Image:
    """Paper grain (grey 235 +- 6) and a handful of specks: the back of a duplex scan."""
    rng = np.random.default_rng(5)
    a = np.clip(rng.normal(235, 6, (round(11.69 * dpi), round(8.27 * dpi))), 0, 255)
    for y, x in rng.integers(100, 2400, (12, 2)):
        a[y:y + 3, x:x + 3] = 60
    return Image.fromarray(a.astype(np.uint8))


def read(path: Path) -> tuple[str, float, str | None]:
    started = time.perf_counter()
    outcome = process_page(task(path))
    seconds = time.perf_counter() - started
    text = outcome.ocr.text if outcome.ocr else ""
    return text, seconds, outcome.error


def cases(out: Path, lines: int) -> list[tuple[str, Path, Path | None, list[str]]]:
    """(name, file, twin file, truth lines)."""
    a4, truth = prose_page(8.27, 11.69, 300, 11, lines=lines)
    twin = save(a4, out / "twin.png", 300)
    strip, strip_truth = prose_page(8.27, 773 / 300, 300, 11)
    low, low_truth = prose_page(8.27, 11.69, 150, 11, lines=lines)
    high, high_truth = prose_page(8.27, 11.69, 600, 11, lines=min(lines, 6))
    made: list[tuple[str, Callable[[], Path], Path | None, list[str]]] = [
        ("16-bit PNG", lambda: save(sixteen(a4), out / "grey16.png", 300), twin, truth),
        ("16-bit TIFF", lambda: save(sixteen(a4), out / "grey16.tif", 300), twin, truth),
        ("transparent paper PNG", lambda: save(transparent(a4), out / "alpha.png", 300),
         twin, truth),
        ("palette PNG, transparent paper", lambda: save(palette(a4), out / "pal.png", 300),
         twin, truth),
        ("CMYK TIFF", lambda: save(a4.convert("CMYK"), out / "cmyk.tif", 300), twin, truth),
        ("1-bit TIFF", lambda: save(a4.point(lambda v: 255 if v > 128 else 0).convert("1"),
                                    out / "bw.tif", 300), twin, truth),
        ("strip 2480x773", lambda: save(strip, out / "strip.png", 300),
         save(on_a4(strip), out / "strip-on-a4.png", 300), strip_truth),
        ("150 dpi tagged 600", lambda: save(low, out / "low-as-600.png", 600),
         save(low, out / "low-as-150.png", 150), low_truth),
        ("600 dpi tagged 150", lambda: save(high, out / "high-as-150.png", 150),
         save(high, out / "high-as-600.png", 600), high_truth),
    ]
    return [(name, make(), twin_path, lines_) for name, make, twin_path, lines_ in made]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("inputs-out"))
    parser.add_argument("--lines", type=int, default=12)
    parser.add_argument("--only", default="", help="comma-separated case names' start")
    parser.add_argument("--baseline", action="store_true",
                        help="also read the blank page as before (tesseract; minutes)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    twins: dict[Path, float] = {}
    print(f"{'case':32} {'CER %':>7} {'twin %':>7} {'s':>6}")
    for name, path, twin, truth in cases(args.out, args.lines):
        if args.only and not any(name.startswith(o) for o in args.only.split(",")):
            continue
        text, seconds, error = read(path)
        edits, length = cer("\n".join(truth), text)
        if twin is not None and twin not in twins:
            twin_text, _, _ = read(twin)
            e2, n2 = cer("\n".join(truth), twin_text)
            twins[twin] = 100 * e2 / n2
        print(f"{name:32} {100 * edits / length:7.1f} {twins.get(twin, 0):7.1f} "
              f"{seconds:6.1f}{'  ' + error if error else ''}")
    save(blank(), args.out / "blank.png", 300)
    text, seconds, error = read(args.out / "blank.png")
    rgb = np.asarray(blank().convert("RGB"))
    started = time.perf_counter()
    found = ink(rgb, 300)
    check = time.perf_counter() - started
    print(f"{'blank page':32} {len(text):4d} characters, blank={found.blank}, {seconds:5.1f} s "
          f"the page, {1000 * check:.0f} ms the ink check{'  ' + error if error else ''}")
    if args.baseline:  # what reading it cost before the ink check: tesseract, OSD and all
        started = time.perf_counter()
        _, page = read_page(rgb, dpi=300, timeout=120)
        before = time.perf_counter() - started
        print(f"{'blank page read (baseline)':32} {len(page.text):4d} characters, "
              f"{before:5.1f} s; the ink check's page is {seconds / before:.3f} of it")


if __name__ == "__main__":
    main()
