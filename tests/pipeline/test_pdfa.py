import io
import subprocess

import numpy as np
import pikepdf
import pytest
from PIL import Image

from ocr.models import Box, Line, OcrPage, Word
from pipeline.pdfa import ArchiveInfo, ArchivePage, write_pdfa
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


def jpeg(size=(1240, 1754), colour=(250, 250, 245)) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((size[1], size[0], 3), colour, np.uint8)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def pdf_path(tmp_path):
    info = ArchiveInfo(title="Giấy khai sinh", source_name="scan.png", sha256="ab" * 32,
                       record_type="birth")
    return write_pdfa([ArchivePage(jpeg(), True, page()), ArchivePage(jpeg(), True, page())], info,
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
