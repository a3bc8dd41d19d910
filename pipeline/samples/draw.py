"""Drawing labelled pages: fonts with every Vietnamese glyph, text rows, signature and
seal, scanner-like damage, and saving in the formats offices scan to."""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 300
A4 = (2480, 3508)
A4_LANDSCAPE = (3508, 2480)
MARGIN = 230
FONT_DIRS = ["/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/noto",
             "/usr/share/fonts/truetype/dejavu"]
FONT_FILES = {"regular": ["LiberationSerif-Regular.ttf", "NotoSerif-Regular.ttf", "DejaVuSerif.ttf"],
              "bold": ["LiberationSerif-Bold.ttf", "NotoSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"],
              "italic": ["LiberationSerif-Italic.ttf", "NotoSerif-Italic.ttf",
                         "DejaVuSerif-Italic.ttf"]}
VIETNAMESE = ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
              "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")

# The first four are the classic set; the rest are what cleanup must undo (issue #3):
# a black scanner border around a slightly turned page, uneven light (a shadow across the
# page, as near a book's spine), a 150 dpi scan, values typed on the form's dotted leader
# lines (drawn by ``render``), and a certificate's printed ornamental frame with a faint
# emblem behind the text (``ornament``; register pages have none). The last two are
# scanned like ``scan``.
DEGRADATIONS = ("clean", "scan", "seal", "skew", "border", "shadow", "lowres", "leaders",
                "frame")
FORMATS = ("png", "jpg", "pdf", "tif")


@cache
def font(style: str, size: int) -> ImageFont.FreeTypeFont:
    """The first installed font that draws every Vietnamese letter (Liberation 1.x does not)."""
    for name in FONT_FILES[style]:
        for d in FONT_DIRS:
            path = Path(d) / name
            if path.exists():
                f = ImageFont.truetype(str(path), size)
                if _covers(f, VIETNAMESE):
                    return f
    raise RuntimeError("no Vietnamese-complete font: install fonts-liberation2 or fonts-noto-core")


def _glyph(f: ImageFont.FreeTypeFont, ch: str) -> bytes:
    img = Image.new("L", (64, 64))
    ImageDraw.Draw(img).text((8, 8), ch, font=f.font_variant(size=32), fill=255)
    return img.tobytes()


def _covers(f: ImageFont.FreeTypeFont, chars: str) -> bool:
    """Pillow silently draws the .notdef box for a missing glyph: compare against it."""
    notdef = _glyph(f, "\uffff")
    return all(_glyph(f, ch) != notdef for ch in chars)


@dataclass
class Row:
    """One visual line: text segments at x positions (None: centred in the column)."""

    segments: list[tuple[int | None, str]]
    style: str = "regular"
    size: int = 46
    column: tuple[int, int] = (MARGIN, A4[0] - MARGIN)
    gap: int = 26
    rule: bool = False  # a ruled separator line under the row (register books)

    @property
    def text(self) -> str:
        return " ".join(t for _, t in self.segments if t)


def render(rows: list[Row], rng: random.Random, seal: bool,
           page: Image.Image | None = None, sign_x: int = 1860,
           leaders: bool = False) -> tuple[Image.Image, list[str]]:
    """Draw rows top-down on ``page`` (a white A4 by default); returns it and the text lines.

    A row followed by a gap of 200+ px is the signer's title: the signature (and the seal,
    over the title) goes into that gap, centred on ``sign_x``. With ``leaders``, each
    ``label: value`` is typed on the form's dotted line, which runs from the label to the
    next segment (furniture: not in the text lines).
    """
    page = page or Image.new("RGB", A4, "white")
    draw = ImageDraw.Draw(page)
    y, lines, sign_top = MARGIN, [], 0
    for row in rows:
        f = font(row.style, row.size)
        if leaders:
            _leaders(draw, row, f, y)
        for x, text in row.segments:
            if not text:
                continue
            if x is None:
                width = draw.textlength(text, font=f)
                x = int((row.column[0] + row.column[1] - width) / 2)
            draw.text((x, y), text, font=f, fill=(20, 20, 20))
        if row.text:
            lines.append(row.text)
        if row.rule:
            ry = y + row.size + row.gap // 2
            draw.line([(MARGIN - 40, ry), (page.width - MARGIN + 40, ry)], fill=(40, 40, 40), width=3)
        if row.gap >= 200:
            sign_top = y + row.size
        y += row.size + row.gap
    if sign_top:  # a blue signature stroke and, optionally, a red seal over the title
        pts = [(sign_x - 150 + i * 12, sign_top + 120 + int(30 * np.sin(i / 2.5))) for i in range(25)]
        draw.line(pts, fill=(30, 40, 150), width=5)
        if seal:
            _seal(page, (sign_x - 260, sign_top - 40), rng)
    return page, lines


def _leaders(draw: ImageDraw.ImageDraw, row: Row, f: ImageFont.FreeTypeFont, y: int) -> None:
    """Dots on the baseline after each label, to the next segment or the column's end."""
    starts = [x for x, _ in row.segments] + [row.column[1]]
    for (x, text), end in zip(row.segments, starts[1:], strict=False):
        if x is None or ":" not in text or end is None:
            continue
        label = text[:text.index(":") + 1]
        dot_y = y + int(row.size * 0.95)
        for dx in range(int(x + draw.textlength(label + " ", font=f)), end - 30, 12):
            draw.ellipse((dx, dot_y, dx + 4, dot_y + 4), fill=(40, 40, 40))


def _seal(page: Image.Image, centre: tuple[int, int], rng: random.Random) -> None:
    """A translucent red round seal, multiplied over the page like real ink."""
    r = 210
    layer = Image.new("RGB", page.size, "white")
    d = ImageDraw.Draw(layer)
    cx, cy = centre
    red = (210 + rng.randrange(-20, 20), 40, 50)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=12)
    d.ellipse((cx - r + 40, cy - r + 40, cx + r - 40, cy + r - 40), outline=red, width=5)
    d.regular_polygon((cx, cy, 50), 5, fill=red)
    f = font("bold", 34)
    d.text((cx - 170, cy + 60), "ỦY BAN NHÂN DÂN", font=f, fill=red)
    arr = np.asarray(page, dtype=np.float32) * np.asarray(layer, dtype=np.float32) / 255.0
    page.paste(Image.fromarray(arr.astype(np.uint8)))


def ornament(page: Image.Image, rng: random.Random) -> None:
    """A certificate's printed decoration, in one ink (blue, brown or near-black): a thick
    outer rule, a thin inner one, a chain of motifs between them, corner pieces, and a
    faint emblem (a rayed circle) behind the text."""
    ink = rng.choice([(30, 50, 125), (115, 62, 30), (40, 40, 40)])
    w, h = page.size
    emblem = Image.new("RGB", page.size, "white")
    e = ImageDraw.Draw(emblem)
    cx, cy, r = w // 2, h // 2 - 200, rng.randrange(520, 700)
    faint = rng.choice([(245, 215, 170), (190, 205, 230), (215, 225, 200)])
    e.ellipse((cx - r, cy - r, cx + r, cy + r), outline=faint, width=14)
    for k in range(36):
        a = k * np.pi / 18
        e.line([(cx + 0.3 * r * np.cos(a), cy + 0.3 * r * np.sin(a)),
                (cx + 0.9 * r * np.cos(a), cy + 0.9 * r * np.sin(a))], fill=faint, width=9)
    arr = np.asarray(page, dtype=np.float32) * np.asarray(emblem, dtype=np.float32) / 255.0
    page.paste(Image.fromarray(arr.astype(np.uint8)))
    d = ImageDraw.Draw(page)
    outer, band = rng.randrange(70, 100), rng.randrange(52, 66)
    inner, mid = outer + band, outer + band // 2
    d.rectangle((outer, outer, w - outer, h - outer), outline=ink, width=rng.randrange(5, 9))
    d.rectangle((inner, inner, w - inner, h - inner), outline=ink, width=2)
    pitch, size = rng.choice([34, 40, 46]), band // 2 - 8
    shape = rng.choice(["diamond", "ring", "flower"])

    def motif(x: int, y: int) -> None:
        if shape == "diamond":
            d.polygon([(x, y - size), (x + size, y), (x, y + size), (x - size, y)], fill=ink)
        elif shape == "ring":
            d.ellipse((x - size, y - size, x + size, y + size), outline=ink, width=4)
        else:
            for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0)):
                px, py = x + dx * size // 2, y + dy * size // 2
                d.ellipse((px - size // 2, py - size // 2, px + size // 2, py + size // 2), fill=ink)
    for x in range(inner + pitch // 2, w - inner, pitch):
        motif(x, mid)
        motif(x, h - mid)
    for y in range(inner + pitch // 2, h - inner, pitch):
        motif(mid, y)
        motif(w - mid, y)
    for x, y in ((mid, mid), (w - mid, mid), (mid, h - mid), (w - mid, h - mid)):
        d.rectangle((x - band // 2, y - band // 2, x + band // 2, y + band // 2), fill=ink)
        d.ellipse((x - size, y - size, x + size, y + size), fill="white")


def degrade(page: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    """Scanner-like damage: tint, skew, blur, noise, JPEG, and the kinds of DEGRADATIONS;
    ``clean`` leaves the page as drawn. A ``lowres`` page carries its 150 dpi in
    ``img.info["dpi"]``."""
    if kind == "clean":
        return page
    arr = np.asarray(page, dtype=np.float32)
    arr = arr * np.array([0.97, 0.95, 0.86])  # yellowed paper
    if kind == "shadow":
        arr = arr * _shadow(page.width, page.height, rng)[:, :, None]
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if kind in ("scan", "skew", "border", "shadow", "lowres", "leaders", "frame"):
        angle = rng.uniform(1.0, 3.0) * rng.choice([-1, 1]) if kind == "skew" else rng.uniform(
            -0.8, 0.8)
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(245, 242, 225))
    if kind == "border":
        img = _on_scanner_bed(img, rng)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    if kind == "lowres":
        img = img.resize((img.width // 2, img.height // 2), Image.Resampling.LANCZOS)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 9, (img.height, img.width, 1))
    arr = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "JPEG", quality=70)
    out = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    out.info["dpi"] = (DPI // 2, DPI // 2) if kind == "lowres" else (DPI, DPI)
    return out


def _shadow(width: int, height: int, rng: random.Random) -> np.ndarray:
    """Light falling off towards one side (to 55-70 %), as near a book's spine."""
    ramp = np.linspace(0.0, 1.0, width, dtype=np.float32) ** 2
    if rng.random() < 0.5:
        ramp = ramp[::-1]
    depth = rng.uniform(0.30, 0.45)
    return np.tile(1.0 - depth * ramp, (height, 1))


def _on_scanner_bed(img: Image.Image, rng: random.Random) -> Image.Image:
    """The page on a dark scanner lid, off centre, turned a little more."""
    pad_x, pad_y = rng.randrange(60, 160), rng.randrange(60, 160)
    bed = Image.new("RGB", (img.width + 2 * pad_x, img.height + 2 * pad_y), (28, 28, 30))
    turned = img.rotate(rng.uniform(-0.7, 0.7), resample=Image.Resampling.BICUBIC, expand=True,
                        fillcolor=(28, 28, 30))
    bed.paste(turned, (pad_x + rng.randrange(-40, 40) - (turned.width - img.width) // 2,
                       pad_y + rng.randrange(-40, 40) - (turned.height - img.height) // 2))
    return bed


def spread(left: Image.Image, right: Image.Image, curl: float = 0.0) -> Image.Image:
    """Two pages side by side as a book lies open on the scanner: the gutter's shadow
    between them and, with ``curl`` (px), lines sinking as they near the spine."""
    page = Image.new("RGB", (left.width + right.width, max(left.height, right.height)), "white")
    page.paste(left, (0, 0))
    page.paste(right, (left.width, 0))
    arr = np.asarray(page, dtype=np.float32)
    x = np.arange(page.width, dtype=np.float32) - left.width
    shade = 1.0 - 0.45 * np.exp(-(x / 90.0) ** 2)  # darkest at the fold
    arr = np.clip(arr * shade[None, :, None], 0, 255).astype(np.uint8)
    if curl:
        import cv2

        sink = (curl * np.exp(-(x / 420.0) ** 2)).astype(np.float32)
        map_x = np.tile(np.arange(page.width, dtype=np.float32), (page.height, 1))
        map_y = np.arange(page.height, dtype=np.float32)[:, None] - sink[None, :]
        arr = cv2.remap(arr, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return Image.fromarray(arr)


SAMPLE_DATE = time.gmtime(1_577_836_800)  # 2020-01-01, as Pillow's PDF writer takes it


def save_scan(img: Image.Image, path: Path) -> None:
    fmt = {"png": "PNG", "jpg": "JPEG", "pdf": "PDF", "tif": "TIFF"}[path.suffix[1:]]
    extra = {"quality": 85} if fmt in ("JPEG", "PDF") else {}
    if fmt == "TIFF":
        extra = {"compression": "tiff_lzw"}
    if fmt == "PDF":  # fixed dates: one seed, the same bytes, the same document id
        extra |= {"creationDate": SAMPLE_DATE, "modDate": SAMPLE_DATE}
    dpi = img.info.get("dpi", (DPI, DPI))
    img.save(path, fmt, dpi=dpi, resolution=float(dpi[0]), **extra)


