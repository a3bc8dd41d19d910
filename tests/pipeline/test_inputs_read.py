"""Input formats read through a worker's whole path (pipeline.page.process_page, real
tesseract) like their plain 8-bit twins (issue #18): 16-bit PNG and TIFF, transparent
paper, a slip, a mis-tagged resolution; a blank page reported blank without reading;
a page too small to be a scan refused with sohoa's own message."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import pipeline.page as page_module
from index import open_index
from pipeline.catalog import Catalog
from pipeline.evaluate import cer
from pipeline.models import PageTask
from pipeline.page import process_page
from pipeline.run import digitize
from pipeline.samples.prose import prose_page
from tests.conftest import make_settings


def task(path: Path) -> PageTask:
    return PageTask(path=path, kind="image", index=0, dpi=300, language="vie",
                    tessdata_dir=None, osd=True, deskew=True, jpeg_quality=75,
                    archive_image="mrc", background_dpi=150, max_pixels=120_000_000,
                    timeout=120)


def cer_percent(path: Path, truth: list[str]) -> float:
    outcome = process_page(task(path))
    assert outcome.error is None and outcome.ocr is not None
    edits, length = cer("\n".join(truth), outcome.ocr.text)
    return 100 * edits / length


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """A 3-inch band of prose at 300 dpi, 11 pt, and its twin's CER."""
    folder = tmp_path_factory.mktemp("inputs")
    img, truth = prose_page(8.27, 3, 300, 11, lines=4)
    img.save(folder / "twin.png", dpi=(300, 300))
    return folder, img, truth, cer_percent(folder / "twin.png", truth)


@pytest.mark.tesseract
@pytest.mark.parametrize("name", ["page16.png", "page16.tif", "alpha.png"])
def test_wide_and_transparent_pages_read_like_their_8_bit_twin(sheet, name):
    folder, img, truth, twin = sheet
    grey = np.asarray(img)
    if name == "alpha.png":  # black pixels, transparent paper, opaque ink
        Image.fromarray(np.dstack([np.zeros_like(grey)] * 3 + [255 - grey])).save(
            folder / name, dpi=(300, 300))
    else:
        Image.fromarray(grey.astype(np.uint16) * 257).save(folder / name, dpi=(300, 300))
    assert cer_percent(folder / name, truth) <= twin + 2  # before: 100 % (white or black)


@pytest.mark.tesseract
def test_a_slip_reads_like_the_same_pixels_on_an_a4_sheet(tmp_path):
    strip, truth = prose_page(8.27, 773 / 300, 300, 11)
    strip.save(tmp_path / "slip.png", dpi=(300, 300))
    sheet = Image.new("L", (strip.width, 3508), 255)
    sheet.paste(strip, (0, 0))
    sheet.save(tmp_path / "on-a4.png", dpi=(300, 300))
    assert cer_percent(tmp_path / "slip.png", truth) <= cer_percent(tmp_path / "on-a4.png",
                                                                    truth) + 2


@pytest.mark.tesseract
def test_a_150_dpi_scan_tagged_600_reads_like_its_true_twin(tmp_path):
    img, truth = prose_page(8.27, 3, 150, 11, lines=4)
    img.save(tmp_path / "as600.png", dpi=(600, 600))
    img.save(tmp_path / "as150.png", dpi=(150, 150))
    outcome = process_page(task(tmp_path / "as600.png"))
    assert outcome.ocr is not None and outcome.ocr.dpi == 300  # taken as 150, enlarged 2x
    assert cer_percent(tmp_path / "as600.png", truth) <= cer_percent(tmp_path / "as150.png",
                                                                     truth) + 2


def back_of_duplex(path: Path) -> None:
    rng = np.random.default_rng(5)
    page = np.clip(rng.normal(235, 6, (3508, 2480)), 0, 255).astype(np.uint8)
    for y, x in rng.integers(100, 2400, (12, 2)):
        page[y:y + 3, x:x + 3] = 60
    Image.fromarray(page).save(path, dpi=(300, 300))


def test_a_blank_page_is_reported_blank_without_reading_it(tmp_path, monkeypatch):
    def no_reading(*_a, **_k):
        raise AssertionError("tesseract ran on a blank page")
    monkeypatch.setattr(page_module, "read_page", no_reading)
    back_of_duplex(tmp_path / "back.png")
    outcome = process_page(task(tmp_path / "back.png"))
    assert outcome.error is None and outcome.image is not None
    assert outcome.ocr is not None and outcome.ocr.blank and outcome.ocr.words == []


@pytest.mark.tesseract
def test_a_duplex_document_keeps_its_blank_back_as_blank(tmp_path, capsys):
    from cli.output import document_line, document_view

    front, _ = prose_page(8.27, 11.69, 300, 11, lines=3)
    back_of_duplex(tmp_path / "back.png")
    with Image.open(tmp_path / "back.png") as back:
        front.save(tmp_path / "duplex.tif", save_all=True, append_images=[back],
                   dpi=(300, 300))
    settings = make_settings(tmp_path / "home", jobs=1)
    catalog = Catalog(settings.catalog_url)
    [result] = digitize([tmp_path / "duplex.tif"], settings, catalog, open_index(settings))
    assert result.status == "ok" and result.error is None
    assert [p.blank for p in result.pages] == [False, True]
    assert result.pages[1].text == "" and result.records == []
    assert [p["blank"] for p in result.as_json()["pages"]] == [False, True]
    stored = catalog.document(result.document_id)
    assert [p.blank for p in stored.pages] == [False, True]
    document_view(stored)
    assert "page 2: blank" in capsys.readouterr().out
    assert "1 blank page(s)" in document_line(result)


@pytest.mark.parametrize("size", [(1, 1), (5, 5)])
def test_a_tiny_image_gets_sohoas_own_message(tmp_path, size):
    Image.new("RGB", size, "white").save(tmp_path / "tiny.png")
    outcome = process_page(task(tmp_path / "tiny.png"))
    assert outcome.ocr is None
    assert "too small to be a scanned page" in outcome.error
    assert "OpenCV" not in outcome.error
