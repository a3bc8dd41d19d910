"""A corpus of bad inputs, each a kind of file a long campaign meets (issue #18): pages too
big in pixels or inches, corrupt or truncated data, empty, encrypted or mislabelled files.

``make_corpus(folder)`` writes them and returns what each must give: ``ok`` (read), or
``incomplete`` / ``failed`` with a word the reason must contain. Used by
``benchmarks/bad_inputs.py`` (peak memory per worker) and the tests of digitize and batch.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pikepdf
from PIL import Image, ImageDraw

from pipeline.samples.draw import font

LINES = ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
         "Họ và tên: NGUYỄN VĂN AN", "Nơi sinh: xã Tân Phú, huyện Châu Thành"]


@dataclass(frozen=True)
class Expected:
    """What a bad file must give: its status and a word (lower case) its reason holds."""

    status: str  # ok | incomplete | failed
    reason: str = ""


def text_page(width: int = 1240, height: int = 700, dpi: int = 150) -> Image.Image:
    """A small page of printed Vietnamese text (greyscale) at ``dpi``."""
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    face = font("regular", max(12, dpi * 14 // 72))
    for n, line in enumerate(LINES):
        draw.text((dpi // 2, dpi // 2 + n * dpi * 28 // 72), line, fill=0, font=face)
    page.info["dpi"] = (dpi, dpi)
    return page


def _pdf(path: Path, pages: list[tuple[float, float] | Image.Image]) -> None:
    """A PDF of image pages (at 150 dpi) and blank pages of the given size in points."""
    pdf = pikepdf.new()
    for page in pages:
        if isinstance(page, Image.Image):
            buffer = io.BytesIO()
            page.convert("RGB").save(buffer, "PDF", resolution=150)
            with pikepdf.open(io.BytesIO(buffer.getvalue())) as one:
                pdf.pages.extend(one.pages)
        else:
            pdf.add_blank_page(page_size=page)
    pdf.save(path)


def _tiff_with_corrupt_page(path: Path) -> None:
    """Three LZW pages, the second one's strip data overwritten with junk."""
    pages = [text_page(), text_page(), text_page()]
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_lzw",
                  dpi=(150, 150))
    data = bytearray(path.read_bytes())
    with Image.open(path) as img:
        img.seek(1)
        offset = img.tag_v2[273][0]  # StripOffsets of page 2
        count = img.tag_v2[279][0]
    data[offset:offset + count] = bytes([0xFF, 0x00, 0xAA, 0x55] * (count // 4 + 1))[:count]
    path.write_bytes(bytes(data))


def _huge_png(path: Path, side: int) -> None:
    """A ``side`` x ``side`` white RGB PNG with ruled lines: tens of kB on disk, ``side``²
    pixels decoded (the 10,900² file of issue #18)."""
    width = max(1, side // 2000)
    ruled = {y + d for y in range(side // 10, side, side // 10) for d in range(width)}
    line = bytearray(b"\xff" * 3 * side)
    line[3 * (side // 10):3 * (side * 9 // 10)] = bytes(3 * (side * 9 // 10 - side // 10))
    write_png(path, side, side, lambda y: bytes(line) if y in ruled else None)


def write_png(path: Path, width: int, height: int, row, mode: str = "RGB") -> None:
    """An 8-bit PNG written row by row (``row(y)``: the row's bytes, or None for white), so
    a huge test image costs no memory to make."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    channels, colour = {"L": (1, 0), "RGB": (3, 2)}[mode]
    white = b"\xff" * channels * width
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(b"\0" + (row(y) or white)) for y in range(height))
    data += packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))


def _huge_tiff_frame(path: Path) -> None:
    """A two-page G4 TIFF whose second page is 12,000 x 12,000 pixels (144 Mpx)."""
    big = Image.new("1", (12_000, 12_000), 1)
    text_page().convert("1").save(path, save_all=True, append_images=[big],
                                  compression="group4", dpi=(150, 150))


def make_corpus(folder: Path, huge_side: int = 10_900) -> dict[str, Expected]:
    """Write the bad files into ``folder``; returns file name -> what it must give."""
    folder.mkdir(parents=True, exist_ok=True)
    good = text_page()
    expected: dict[str, Expected] = {}

    def put(name: str, outcome: Expected) -> Path:
        expected[name] = outcome
        return folder / name

    big_pt = (7200.0, 7200.0)  # 100 x 100 in: rendered in full at 300 dpi, 2.7 GB
    _pdf(put("huge-page-2.pdf", Expected("incomplete", "larger than any sheet")), [good, big_pt])
    _pdf(put("huge-page-1.pdf", Expected("incomplete", "larger than any sheet")), [big_pt, good])
    _huge_png(put("huge-10900.png", Expected("ok")), huge_side)
    _tiff_with_corrupt_page(put("corrupt-page-2.tif", Expected("incomplete", "corrupt")))
    _huge_tiff_frame(put("huge-frame-2.tif", Expected("incomplete", "above the limit")))
    buffer = io.BytesIO()
    good.save(buffer, "JPEG", quality=80)
    put("truncated.jpg", Expected("failed", "truncated")).write_bytes(
        buffer.getvalue()[:len(buffer.getvalue()) // 2])
    put("empty.png", Expected("failed", "empty")).write_bytes(b"")
    Image.new("L", (1, 1), 255).save(put("one-pixel.png", Expected("failed", "")))
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(put("encrypted.pdf", Expected("failed", "encrypted")),
             encryption=pikepdf.Encryption(owner="o", user="secret", R=6))
    grey16 = (np.asarray(good, dtype=np.uint16) * 257).astype(np.uint16)
    Image.fromarray(grey16).save(put("grey-16bit.png", Expected("ok")), dpi=(150, 150))
    put("text-named.png", Expected("failed", "cannot read")).write_text(
        "Họ và tên: this is a text file, not a scan\n", encoding="utf-8")
    put("broken.pdf", Expected("failed", "not a readable pdf")).write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF garbage")
    _header_only_png(put("over-limit.png", Expected("failed", "above the limit")), 20_000, 20_000)
    return expected


def _header_only_png(path: Path, width: int, height: int) -> None:
    """A PNG that declares its size but holds no pixels (refused before decoding)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))
