"""A page's resolution believed both ways (pipeline/resolution.py, ingest.image_dpi): the
sheet it implies must not be too large, and the letters it implies must be print-sized."""

import numpy as np
import pytest

from ocr.letters import letter_height
from pipeline.ingest import image_dpi
from pipeline.resolution import believed_dpi, implied_points, page_letter_height
from pipeline.samples.prose import prose_page


@pytest.mark.parametrize("dpi,pt", [(150, 9), (300, 11), (300, 14), (600, 11)])
def test_letter_height_follows_type_size_and_resolution(dpi, pt):
    img, _ = prose_page(8.27, 4, dpi, pt)
    letters = page_letter_height(np.asarray(img))
    assert letters is not None
    assert pt * 0.8 <= implied_points(letters, dpi) <= pt * 1.2


def test_no_letters_on_a_blank_or_a_black_page():
    assert letter_height(np.full((800, 600), 255, np.uint8)) is None
    assert letter_height(np.zeros((800, 600), np.uint8)) is None


@pytest.mark.parametrize("recorded,long_side,letters,want", [
    (600, 1754, 11.0, 150),   # a 150 dpi scan tagged 600: its letters would be 2.5 pt
    (150, 7016, 45.0, 600),   # a 600 dpi scan tagged 150: 44 pt letters
    (72, 3508, 22.0, 300),    # what scanners write: a sheet of 48 in
    (72, 3508, None, 300),    # ...and without letters, the page taken for A4
    (300, 3508, 22.0, 300),   # right: believed
    (300, 3508, 15.0, 300),   # 7.6 pt print: small but print; believed
    (150, 1754, 11.0, 150),   # a true 150 dpi scan stays 150 (it is enlarged later)
    (None, 3508, 22.0, 300),  # no tag: the default, checked like a tag
    (300, 773, 22.0, 300),    # a short slip is no reason to doubt its resolution
])
def test_a_resolution_is_believed_only_when_page_and_letters_are_plausible(
        recorded, long_side, letters, want):
    assert believed_dpi(recorded, long_side, letters, default=300) == want


def test_mis_tagged_file_gets_its_true_resolution(tmp_path):
    img, _ = prose_page(8.27, 11.69, 150, 11, lines=8)
    img.save(tmp_path / "as600.png", dpi=(600, 600))
    img.save(tmp_path / "as150.png", dpi=(150, 150))
    rgb = np.asarray(img.convert("RGB"))
    assert image_dpi(tmp_path / "as600.png", "image", 300) == 600  # pixels not given
    assert image_dpi(tmp_path / "as600.png", "image", 300, rgb) == 150
    assert image_dpi(tmp_path / "as150.png", "image", 300, rgb) == 150
