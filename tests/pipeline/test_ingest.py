import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import InputError
from pipeline.ingest import discover, image_dpi, load_page, open_source
from tests.conftest import make_encrypted_pdf

LIMITS = {"max_pixels": 120_000_000, "max_pages": 2000}


def png_header_only(path, width, height):
    """A PNG that declares its size but holds no pixels: cheap stand-in for a huge scan."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))


def test_discover_recurses_and_keeps_only_scans(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ["a/one.PNG", "a/b/two.pdf", "a/notes.txt", "three.tiff"]:
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a/b/two.pdf", "a/one.PNG", "three.tiff"]


@pytest.mark.parametrize("make,message", [
    (lambda p: p, "no such file"),
    (lambda p: (p.write_bytes(b""), p)[1], "empty"),
    (lambda p: (p.write_bytes(b"not an image at all"), p)[1], "cannot read the image"),
])
def test_bad_inputs_have_clear_errors(tmp_path, make, message):
    path = make(tmp_path / "scan.png")
    with pytest.raises(InputError, match=message):
        open_source(path, **LIMITS)


def test_unsupported_type(tmp_path):
    (tmp_path / "scan.docx").write_bytes(b"PK")
    with pytest.raises(InputError, match="unsupported file type .docx"):
        open_source(tmp_path / "scan.docx", **LIMITS)


def test_truncated_tiff_is_reported_not_crashed(tmp_path):
    good = tmp_path / "good.tif"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (600, 400, 3), np.uint8)).save(good)
    bad = tmp_path / "bad.tif"
    bad.write_bytes(good.read_bytes()[:5000])
    with pytest.raises(InputError):
        open_source(bad, **LIMITS)
        load_page(bad, "image", 0, dpi=300, max_pixels=LIMITS["max_pixels"])


def test_huge_image_is_refused_before_decoding(tmp_path):
    path = tmp_path / "huge.png"
    png_header_only(path, 20000, 20000)
    with pytest.raises(InputError, match="20000x20000 pixels"):
        open_source(path, **LIMITS)


def test_encrypted_pdf(tmp_path):
    make_encrypted_pdf(tmp_path / "locked.pdf")
    with pytest.raises(InputError, match="encrypted"):
        open_source(tmp_path / "locked.pdf", **LIMITS)


def test_broken_pdf(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(InputError, match="not a readable PDF") as raised:
        open_source(tmp_path / "broken.pdf", **LIMITS)
    assert str(tmp_path) not in str(raised.value)  # the report's line names the file once


def test_a_text_file_named_png_is_said_not_to_be_an_image(tmp_path):
    (tmp_path / "scan.png").write_text("Họ và tên: a note, not a scan\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        open_source(tmp_path / "scan.png", **LIMITS)
    assert str(raised.value) == ("cannot read the image: its content is not PNG, JPEG or "
                                 "TIFF, whatever its name says; the file may be corrupt or "
                                 "not a scan")


def test_multipage_tiff_pages_load_in_order(tmp_path):
    frames = [Image.new("RGB", (200, 100), (v, v, v)) for v in (10, 120, 240)]
    path = tmp_path / "book.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    source = open_source(path, **LIMITS)
    assert source.page_count == 3 and source.kind == "image"
    assert [int(load_page(path, "image", i, dpi=300, max_pixels=10**8)[0, 0, 0])
            for i in range(3)] == [10, 120, 240]


def test_pdf_pages_are_rasterised_at_requested_dpi(tmp_path):
    path = tmp_path / "scan.pdf"
    Image.new("RGB", (850, 1100), "white").save(path, "PDF", resolution=100)
    source = open_source(path, **LIMITS)
    assert source.page_count == 1 and source.kind == "pdf"
    rgb = load_page(path, "pdf", 0, dpi=150, max_pixels=10**8)
    assert rgb.shape == (1650, 1275, 3)


def test_same_content_same_document_id(tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "copy.png"
    Image.new("RGB", (50, 50), "white").save(a)
    b.write_bytes(a.read_bytes())
    assert open_source(a, **LIMITS).document_id == open_source(b, **LIMITS).document_id


def test_a_resolution_that_makes_the_page_bigger_than_a3_is_not_believed(tmp_path):
    a4 = Image.new("RGB", (2480, 3508), "white")
    a4.save(tmp_path / "says72.png", dpi=(72, 72))  # what many scanners write
    a4.save(tmp_path / "says300.png", dpi=(300, 300))
    a4.resize((1240, 1754)).save(tmp_path / "says150.png", dpi=(150, 150))
    assert image_dpi(tmp_path / "says72.png", "image", 300) == 300
    assert image_dpi(tmp_path / "says300.png", "image", 300) == 300
    assert image_dpi(tmp_path / "says150.png", "image", 300) == 150  # a real low-res scan


def test_a_spread_with_the_scanner_bed_around_it_keeps_its_resolution(tmp_path):
    spread = Image.new("RGB", (5276, 3760), "white")  # two A4 pages and a border, 300 dpi
    spread.save(tmp_path / "says300.png", dpi=(300, 300))
    spread.save(tmp_path / "says72.png", dpi=(72, 72))
    assert image_dpi(tmp_path / "says300.png", "image", 300) == 300
    assert image_dpi(tmp_path / "says72.png", "image", 300) != 72
