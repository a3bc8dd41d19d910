"""Every page mode to 8-bit RGB (pipeline/pixels.py): paper white, ink dark, never clipped
or blacked out; and pages too small to be scans refused with sohoa's own message."""

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import InputError
from pipeline.ingest import load_page
from pipeline.pixels import require_page_size, scale_to_8bit, to_rgb8

# a 40 x 60 page: paper 230 (of 255), an ink bar 30 across the middle rows
GREY = np.full((40, 60), 230, np.uint8)
GREY[15:25, 10:50] = 30


def paper_and_ink(img: Image.Image) -> tuple[int, int]:
    rgb = np.asarray(to_rgb8(img))
    assert rgb.dtype == np.uint8 and rgb.shape == (40, 60, 3)
    return int(rgb[2, 2].mean()), int(rgb[20, 30].mean())


@pytest.mark.parametrize("scale,mode", [(257, "I;16"), (257, "I;16B"), (16, "I;16")])
def test_16_bit_grey_is_scaled_by_its_depth_not_clipped(scale, mode):
    # 257: a true 16-bit scan; 16: a 12-bit scan stored in 16 bits (white 4095)
    values = GREY.astype(np.uint16) * scale
    wide = Image.frombytes(mode, (60, 40), values.astype(">u2" if mode.endswith("B")
                                                         else "<u2").tobytes())
    paper, ink = paper_and_ink(wide)
    assert abs(paper - (230 if scale == 257 else 230 * 16 * 255 // 4095)) <= 2
    assert ink < 40


def test_32_bit_integer_and_float_grey():
    assert paper_and_ink(Image.fromarray(GREY.astype(np.int32) * 257, "I")) == (230, 30)
    paper, ink = paper_and_ink(Image.fromarray(GREY.astype(np.float32) / 255, "F"))
    assert abs(paper - 230) <= 1 and abs(ink - 30) <= 1
    stretched = scale_to_8bit(np.array([[-5.0, 5.0]], np.float32), "F")
    assert stretched.tolist() == [[0, 255]]


def test_16_bit_png_and_tiff_files_load_like_their_8_bit_twin(tmp_path):
    for name in ("page16.png", "page16.tif"):
        Image.fromarray(GREY.astype(np.uint16) * 257).save(tmp_path / name)
        with Image.open(tmp_path / name) as img:
            assert img.mode.startswith("I")  # really stored 16-bit
        rgb = load_page(tmp_path / name, "image", 0, dpi=300, max_pixels=10**8)
        assert np.abs(rgb[:, :, 0].astype(int) - GREY).max() <= 1


def test_transparent_paper_over_black_pixels_is_white_paper(tmp_path):
    rgba = np.zeros((40, 60, 4), np.uint8)  # every pixel black...
    rgba[..., 3] = 255 - GREY  # ...the paper transparent, the ink opaque
    Image.fromarray(rgba).save(tmp_path / "alpha.png")
    rgb = load_page(tmp_path / "alpha.png", "image", 0, dpi=300, max_pixels=10**8)
    assert rgb[2, 2].min() >= 225 and rgb[20, 30].max() <= 35
    la = Image.fromarray(np.dstack([np.zeros_like(GREY), 255 - GREY])).convert("LA")
    assert paper_and_ink(la)[0] >= 225


def test_palette_and_colour_key_transparency_are_paper():
    pal = Image.fromarray(np.where(GREY > 128, 1, 0).astype(np.uint8)).convert("P")
    pal.putpalette([0, 0, 0, 0, 0, 0] + [0] * 762)  # index 1 (the paper) black too...
    pal.info["transparency"] = 1  # ...and transparent
    assert paper_and_ink(pal) == (255, 0)
    key = Image.fromarray(np.dstack([np.where(GREY > 128, 0, 30).astype(np.uint8)] * 3))
    key.info["transparency"] = (0, 0, 0)  # an RGB PNG's colour key
    assert paper_and_ink(key) == (255, 30)


def test_cmyk_and_one_bit_pages():
    cmyk = Image.fromarray(GREY).convert("CMYK")
    paper, ink = paper_and_ink(cmyk)
    assert paper >= 225 and ink <= 35
    assert paper_and_ink(Image.fromarray(GREY).convert("1")) == (255, 0)


@pytest.mark.parametrize("size", [(1, 1), (5, 5), (400, 20)])
def test_a_page_too_small_to_be_a_scan_is_refused_clearly(tmp_path, size):
    with pytest.raises(InputError, match="too small to be a scanned page"):
        require_page_size(np.zeros((size[1], size[0], 3), np.uint8))
    require_page_size(np.zeros((40, 40, 3), np.uint8))  # a small slip is fine
