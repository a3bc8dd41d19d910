"""Limits per page before decoding, pages read reduced, and the page timeout (issue #18)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytesseract
import pytest
from PIL import Image

from pipeline.errors import InputError
from pipeline.ingest import load_page, load_page_reduced, open_source, page_size, reduction
from pipeline.page import PageTimeout, deadline, process_page
from pipeline.run import page_task
from pipeline.samples.bad_inputs import _huge_png, _pdf, text_page
from pipeline.samples.prose import prose_page
from tests.conftest import make_settings

LIMIT = 120_000_000
BIG = (7200.0, 7200.0)  # a 100 x 100 in PDF page: 2.7 GB if rendered at 300 dpi


@pytest.mark.parametrize("order", ["huge second", "huge first"])
def test_every_pdf_page_is_checked_before_it_is_rendered(tmp_path, order):
    pages = [text_page(), BIG] if order == "huge second" else [BIG, text_page()]
    path = tmp_path / "two.pdf"
    _pdf(path, pages)
    huge, normal = (1, 0) if order == "huge second" else (0, 1)
    with pytest.raises(InputError, match=f"page {huge + 1} is 100 x 100 in .* larger than any "
                                         "sheet"):
        load_page_reduced(path, "pdf", huge, dpi=300, max_pixels=LIMIT)
    rgb, dpi = load_page_reduced(path, "pdf", normal, dpi=300, max_pixels=LIMIT)
    assert dpi == 300 and rgb.shape == (1400, 2480, 3)  # the 150 dpi page at 300 dpi


def test_a_pdf_page_with_a_user_unit_is_measured_with_it(tmp_path):
    import pikepdf

    path = tmp_path / "unit.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    pdf.pages[0].obj["/UserUnit"] = 10  # 85 x 110 in
    pdf.save(path)
    assert page_size(path, "pdf", 0, dpi=300).inches == pytest.approx((85.0, 110.0))
    with pytest.raises(InputError, match="larger than any sheet"):
        load_page_reduced(path, "pdf", 0, dpi=300, max_pixels=LIMIT)


def test_each_tiff_page_is_checked_and_fails_alone(tmp_path):
    path = tmp_path / "book.tif"
    big = Image.new("1", (12_000, 12_000), 1)  # 144 Mpx, 1 kB as G4
    text_page().convert("1").save(path, save_all=True, append_images=[big, text_page().convert("1")],
                                  compression="group4", dpi=(150, 150))
    source = open_source(path, max_pixels=LIMIT, max_pages=10)  # pages are checked one by one
    assert source.page_count == 3
    with pytest.raises(InputError, match="page 2 is 12000x12000 pixels, above the limit"):
        load_page_reduced(path, "image", 1, dpi=300, max_pixels=LIMIT)
    for good in (0, 2):
        assert load_page_reduced(path, "image", good, dpi=300, max_pixels=LIMIT)[0].shape == (
            700, 1240, 3)


def test_a_large_png_is_read_reduced_to_what_ocr_needs(tmp_path):
    path = tmp_path / "huge.png"
    _huge_png(path, 10_900)  # no dpi: taken for an A4 sheet, 932 dpi
    size = page_size(path, "image", 0, dpi=300)
    assert size.pixels == 10_900 ** 2 and reduction(size, 300, 36_000_000) == 3
    rgb, dpi = load_page_reduced(path, "image", 0, dpi=300, max_pixels=LIMIT)
    assert rgb.shape == (3634, 3634, 3) and dpi == 311  # 932 / 3: ~300 dpi, A4 still
    assert rgb[:, :, 0].min() == 0  # its ruled lines survive the box filter


def test_a_large_jpeg_is_decoded_at_a_fraction(tmp_path):
    path = tmp_path / "600dpi.jpg"
    page = text_page(width=4960, height=7016, dpi=600)  # A4 at 600 dpi
    page.save(path, quality=70, dpi=(600, 600))
    rgb, dpi = load_page_reduced(path, "image", 0, dpi=300, max_pixels=LIMIT)
    assert rgb.shape == (3508, 2480, 3) and dpi == 300
    full = load_page(path, "image", 0, dpi=300, max_pixels=LIMIT)  # evaluation: own pixels
    assert full.shape == (7016, 4960, 3)


def test_pixel_budget_reduces_a_page_whose_dpi_is_already_low(tmp_path):
    path = tmp_path / "spread.png"
    Image.new("L", (7200, 5100), 255).save(path, dpi=(300, 300))  # 24 x 17 in at 300 dpi
    rgb, dpi = load_page_reduced(path, "image", 0, dpi=300, max_pixels=LIMIT,
                                 work_pixels=20_000_000)  # 37 Mpx: halved
    assert rgb.shape == (2550, 3600, 3) and dpi == 150


def test_the_page_timeout_bounds_reading_the_page_not_only_tesseract(tmp_path):
    path = tmp_path / "huge.png"
    _huge_png(path, 10_900)  # decoding and reducing it alone takes more than a second
    source = open_source(path, max_pixels=LIMIT, max_pages=10)
    task = page_task(make_settings(tmp_path / "home"), source, 0)
    outcome = process_page(task.__class__(**{**task.__dict__, "timeout": 1}))
    assert outcome.ocr is None
    assert outcome.error == "page 1: the page took longer than 1 s (SOHOA_PAGE_TIMEOUT)"
    assert outcome.seconds < 5


def _children(name: str) -> list[tuple[int, str]]:
    """This process's children called ``name`` and their state (R, S, Z...), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        if text[text.find("(") + 1:text.rfind(")")] == name and int(fields[1]) == os.getpid():
            found.append((int(stat.parent.name), fields[0]))
    return found


@pytest.mark.tesseract
def test_a_page_deadline_kills_the_tesseract_it_interrupts(tmp_path):
    """Real tesseract on a full A4 page (many seconds) under a 2 s deadline: when the
    deadline fires, tesseract is running (seen by a watcher thread), and afterwards no
    tesseract child of this process is left, running or zombie."""
    page, _ = prose_page(8.27, 11.69, dpi=300)
    path = tmp_path / "a4.png"
    page.save(path, dpi=(300, 300))
    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.extend(pid for pid, _ in _children("tesseract"))
            time.sleep(0.02)
    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    try:
        with pytest.raises(PageTimeout), deadline(2):
            pytesseract.image_to_string(str(path), lang="vie")  # the file itself: no copy
    finally:
        stop.set()
        watcher.join()
    assert seen, "tesseract had not started when the deadline fired"
    assert _children("tesseract") == []
    assert time.perf_counter() - started < 10


THREADS = """
import sys, threading
from pipeline.page import worker_init
worker_init(int(sys.argv[1]))
together = threading.Barrier(16)
def work():
    for _ in range(20):
        keep = [bytes(1000) for _ in range(100)], bytearray(200_000)
    together.wait()  # all 16 alive at once: a finished thread's arena is not reused
threads = [threading.Thread(target=work) for _ in range(16)]
[t.start() for t in threads]
[t.join() for t in threads]
print(next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmPeak")))
"""


def test_a_capped_worker_does_not_reserve_an_arena_per_thread():
    """The cap counts address space; glibc gives each thread a 64 MiB arena, so a worker
    on a many-core machine failed pages a small machine read. Capped workers keep two."""
    import subprocess
    import sys

    def vm_peak_kib(cap: int) -> int:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        env.pop("MALLOC_ARENA_MAX", None)
        return int(subprocess.run([sys.executable, "-c", THREADS, str(cap)], env=env,
                                  capture_output=True, text=True, check=True).stdout)
    assert vm_peak_kib(0) - vm_peak_kib(1536) > 32 * 1024


def test_libtiffs_own_complaint_about_a_corrupt_page_is_not_printed(tmp_path, capfd):
    """libtiff printed 'tempfile.tif: Using code not yet in table.' on stderr beside
    sohoa's message for the page (a file name the user never had): now in the log."""
    from pipeline.samples.bad_inputs import _tiff_with_corrupt_page

    path = tmp_path / "book.tif"
    _tiff_with_corrupt_page(path)
    with pytest.raises(InputError, match="page 2 cannot be read"):
        load_page_reduced(path, "image", 1, dpi=300, max_pixels=LIMIT)
    assert load_page_reduced(path, "image", 2, dpi=300, max_pixels=LIMIT)[0].size
    assert "Using code" not in capfd.readouterr().err
