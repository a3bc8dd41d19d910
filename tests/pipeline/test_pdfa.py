import subprocess

import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw

from ocr.cleanup import binarize
from ocr.models import Box, Line, OcrPage, Word
from pipeline.archive_image import encode
from pipeline.pdfa import ArchiveInfo, ArchivePage, write_pdfa
from pipeline.samples import font
from tests.conftest import requires

WORDS = ["Họ,", "chữ", "đệm,", "tên:", "ĐẶNG", "THỊ", "HUỲNH", "NGUYỄN"]


def line(words: list[str], top: int) -> Line:
    """Words laid out like 12 pt text at 150 dpi: 20 px per letter, 12 px between words."""
    out, x = [], 200
    for t in words:
        out.append(Word(t, 0.9, Box(x, top, 20 * len(t), 34)))
        x += 20 * len(t) + 12
    return Line(tuple(out))


def page() -> OcrPage:
    lines = (line(WORDS, 300), line(["Quốc", "tịch:"], 400))
    return OcrPage(width=1240, height=1754, dpi=150, lines=lines)


def scan(size=(1240, 1754)) -> tuple[np.ndarray, np.ndarray]:
    """A yellowish page with black text lines and a red disc (a seal), and its binarisation."""
    rgb = np.full((size[1], size[0], 3), (250, 245, 225), np.uint8)
    img = Image.fromarray(rgb)
    draw = ImageDraw.Draw(img)
    for y in range(200, 1500, 60):
        draw.text((120, y), "Họ, chữ đệm, tên: NGUYỄN THỊ HỒNG NHUNG 0123456789",
                  font=font("regular", 34), fill=(15, 15, 15))
    draw.ellipse((800, 1300, 1100, 1600), fill=(210, 40, 50))
    rgb = np.asarray(img)
    return rgb, binarize(rgb)


def image(mode="auto"):
    rgb, binary = scan()
    return encode(rgb, binary, mode=mode, dpi=150, quality=60, background_dpi=100)


@pytest.fixture
def pdf_path(tmp_path):
    info = ArchiveInfo(title="Giấy khai sinh", source_name="scan.png", sha256="ab" * 32,
                       record_type="birth")
    return write_pdfa([ArchivePage(image(), page()), ArchivePage(image("jpeg"), page())], info,
                      tmp_path / "out" / "doc.pdf")


def test_pdf_declares_pdfa_2b_with_output_intent(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == "Giấy khai sinh"
        assert meta["dc:identifier"] == "sha256:" + "ab" * 32
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1"
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # a real ICC profile
        assert len(pdf.pages) == 2
        assert pdf.trailer.ID  # PDF/A requires a file identifier
        assert not pdf.is_encrypted


def test_page_size_follows_image_resolution(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box == pytest.approx([0, 0, 1240 * 72 / 150, 1754 * 72 / 150])


@requires("pdftotext")
def test_text_layer_returns_exact_vietnamese_in_nfc(pdf_path):
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf_path), "-"],
                          capture_output=True, text=True, check=True).stdout
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == " ".join(WORDS)
    assert lines[1] == "Quốc tịch:"


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path, pdf_path):
    assert sorted(p.name for p in pdf_path.parent.iterdir()) == ["doc.pdf"]


@requires("pdftoppm")
@pytest.mark.parametrize("page_number", [1, 2])
def test_rendered_page_looks_like_the_scan(pdf_path, tmp_path, page_number):
    """Mixed raster (page 1) and plain JPEG (page 2) must both render back to the scan:
    text black where it was, the seal red, the paper light (catches mask polarity)."""
    out = tmp_path / "render"
    subprocess.run(["pdftoppm", "-r", "150", "-f", str(page_number), "-l", str(page_number),
                    "-png", str(pdf_path), str(out)], check=True)
    rendered = np.asarray(Image.open(next(tmp_path.glob("render*.png"))).convert("RGB"))
    rgb, binary = scan()
    assert rendered.shape == rgb.shape
    ink = binary == 0
    # A stencil mask has hard edges where the scan had anti-aliasing: compare the page away
    # from glyph edges (3 px), where paper, seal and background must come back as they were.
    import cv2

    edges = cv2.dilate(ink.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    diff = np.abs(rendered.astype(int) - rgb.astype(int))[~edges].mean()
    assert diff < 4, diff
    assert rendered[ink & (rgb.max(axis=2) < 60)].mean() < 90  # text stays dark
    assert rendered[1450, 950].tolist() == pytest.approx([210, 40, 50], abs=25)  # seal red


def test_mixed_raster_is_much_smaller_than_one_jpeg():
    mrc, whole = image(), image("jpeg")
    assert mrc.kind == "mrc" and whole.kind == "jpeg"
    assert len(mrc.jpeg) + len(mrc.mask) < 0.6 * len(whole.jpeg)
