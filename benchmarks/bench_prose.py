"""Word F1 on Vietnamese book prose: bare tesseract against sohoa's raw and corrected text.

    .venv/bin/python benchmarks/bench_prose.py [--out prose-out] [--pages 1,2,...]

Renders ``prose_vi.txt`` (prose written for this benchmark) on A4 at 300 dpi in several
fonts (regular, bold, italic, mono; 9-12 pt): 1-bit G4 TIFFs (a soft edge, one
threshold) and grey PNGs (blur, noise), specks away from the text, one page turned 90
degrees. Each page is read by ``tesseract IMG - -l vie --psm 3`` and by
``ocr.read.read_page``; word F1 is over the order-free multiset of NFC words
(punctuation stripped at their ends). Issue #16: cleanup must not read worse than bare
tesseract. These are development pages: the held-out real scans are not for tuning.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr.read import read_page

HERE = Path(__file__).parent
FONTS = Path("/usr/share/fonts/truetype")
PAGES = [  # name, font file, points, kind, quarter turn
    ("p1-libserif-10", "liberation2/LiberationSerif-Regular.ttf", 10, "g4", 0),
    ("p2-notosans-bold-11", "noto/NotoSans-Bold.ttf", 11, "g4", 0),
    ("p3-libserif-italic-10", "liberation2/LiberationSerif-Italic.ttf", 10, "grey", 0),
    ("p4-libmono-9", "liberation2/LiberationMono-Regular.ttf", 9, "g4", 0),
    ("p5-notoserif-9", "noto/NotoSerif-Regular.ttf", 9, "grey", 0),
    ("p6-dejavusans-12-rot", "dejavu/DejaVuSans.ttf", 12, "g4", 90),
    ("p7-libsans-9-specks", "liberation2/LiberationSans-Regular.ttf", 9, "g4", 0),
    ("p8-notoserif-italic-11", "noto/NotoSerif-Italic.ttf", 11, "grey", 0),
    ("p9-libserif-bold-9", "liberation2/LiberationSerif-Bold.ttf", 9, "grey", 0),
    ("p10-dejavumono-10", "dejavu/DejaVuSansMono.ttf", 10, "g4", 0),
]
W, H, M = 2480, 3508, 240  # A4 at 300 dpi, margin


def typeset(words: list[str], font: ImageFont.FreeTypeFont, pt: int) -> tuple[np.ndarray, str]:
    """The words set in lines on a white page (float32, 15 ink, 255 paper) and the text."""
    img = Image.new("L", (W, H), 255)
    draw = ImageDraw.Draw(img)
    step, y, k, lines = round(pt * 300 / 72 * 1.5), M, 0, []
    while y + step < H - M and k < len(words):
        line: list[str] = []
        while k < len(words) and draw.textlength(" ".join([*line, words[k]]), font=font) < W - 2 * M:
            line.append(words[k])
            k += 1
        draw.text((M, y), " ".join(line), font=font, fill=15)
        lines.append(" ".join(line))
        y += step
    return np.asarray(img).astype(np.float32), "\n".join(lines) + "\n"


def speckle(page: np.ndarray, count: int, rng: random.Random) -> None:
    """Round specks of 1-13 px, each at least 40 px above or below and 25 px beside any ink."""
    ink = page < 128
    ys, xs = np.ogrid[-3:4, -3:4]
    for _ in range(count):
        x, y = rng.randrange(20, W - 20), rng.randrange(20, H - 20)
        if not ink[max(0, y - 40):y + 40, max(0, x - 25):x + 25].any():
            r = rng.choice([0.6, 1.0, 1.5, 2.0])
            page[y - 3:y + 4, x - 3:x + 4][xs * xs + ys * ys <= r * r] = 30


def render(out: Path, index: int, spec: tuple[str, str, int, str, int], words: list[str]) -> Path:
    """One page of ``PAGES`` saved in ``out`` with its text as ``<name>.gt.txt``."""
    name, font_file, pt, kind, turn = spec
    rng = random.Random(100 + index)
    start = rng.randrange(len(words))
    page, text = typeset(words[start:] + words[:start],
                         ImageFont.truetype(str(FONTS / font_file), round(pt * 300 / 72)), pt)
    speckle(page, 400 if "specks" in name else 120, rng)
    if kind == "g4":
        soft = np.asarray(Image.fromarray(page.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)))
        img = Image.fromarray(np.where(soft > 140, 255, 0).astype(np.uint8)).convert("1")
    else:
        soft = np.asarray(Image.fromarray(page.astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8)))
        noise = np.random.default_rng(index).normal(0, 6, (H, W))
        img = Image.fromarray(np.clip(soft * 0.85 + 30 + noise, 0, 255).astype(np.uint8))
    img = img.rotate(turn, expand=True) if turn else img
    path = out / f"{name}.{'tif' if kind == 'g4' else 'png'}"
    img.save(path, **({"compression": "group4"} if kind == "g4" else {}), dpi=(300, 300))
    (out / f"{name}.gt.txt").write_text(text, encoding="utf-8")
    return path


def words_of(text: str) -> Counter[str]:
    cut = ".,;:!?\"'()[]«»…-–—“”‘’"
    return Counter(w.strip(cut) for w in unicodedata.normalize("NFC", text).split() if w.strip(cut))


def found(truth: Counter[str], read: Counter[str]) -> int:
    return sum((truth & read).values())


def f1(right: int, read: int, truth: int) -> float:
    precision, recall = right / max(1, read), right / max(1, truth)
    return 2 * precision * recall / max(1e-9, precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("prose-out"))
    parser.add_argument("--pages", default="", help="page numbers, e.g. 1,5 (default all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    words = (HERE / "prose_vi.txt").read_text(encoding="utf-8").split()
    chosen = {int(p) for p in args.pages.split(",") if p} or set(range(1, len(PAGES) + 1))
    totals: Counter[str] = Counter()
    print(f"{'page':24s} {'bare':>13s} {'raw':>13s} {'corrected':>13s}   (F1 / words missed)")
    for i, spec in enumerate(PAGES, 1):
        if i not in chosen:
            continue
        path = render(args.out, i, spec, words)
        truth = words_of((args.out / f"{spec[0]}.gt.txt").read_text(encoding="utf-8"))
        bare = subprocess.run(["tesseract", str(path), "-", "-l", "vie", "--psm", "3"],
                              capture_output=True, text=True, check=True).stdout
        rgb = np.asarray(Image.open(path).convert("RGB"))
        _, page = read_page(rgb, dpi=300)
        cells = []
        for key, text in (("bare", bare), ("raw", page.raw_text or page.text), ("corrected", page.text)):
            read = words_of(text)
            right = found(truth, read)
            totals.update({key: right, key + " read": sum(read.values())})
            cells.append(f"{f1(right, sum(read.values()), sum(truth.values())):.3f}/"
                         f"{sum(truth.values()) - right:4d}")
        totals["truth"] += sum(truth.values())
        print(f"{spec[0]:24s} " + " ".join(f"{c:>13s}" for c in cells), flush=True)
    for key in ("bare", "raw", "corrected"):
        print(f"all {key:10s} F1 {f1(totals[key], totals[key + ' read'], totals['truth']):.4f}, "
              f"missed {totals['truth'] - totals[key]} of {totals['truth']} words")


if __name__ == "__main__":
    main()
