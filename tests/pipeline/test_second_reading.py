"""Issue #16: a doubtful value's second reading raises its confidence when it agrees, and
caps it under the review threshold with a reason when it does not."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr.models import Reread
from ocr.recognize import ocr_page
from pipeline.extract.anchor import Raw
from pipeline.extract.finish import make_record
from pipeline.extract.second import MARGIN, Second, Wanted, differences
from pipeline.models import PageTask
from pipeline.page import read_doubtful_again
from pipeline.samples import font
from schemas.records import RecordType

T = 0.8


def about(record, key: str) -> list[str]:
    """The record's review reasons about ``key`` (a bare test record misses required
    fields, whose reasons are not the point here)."""
    return [r for r in record.review_reasons if r.split(":")[0] == key]


def birth(second=None, **values: tuple[str, float]):
    raw = {k: Raw(text, conf) for k, (text, conf) in values.items()}
    return make_record(RecordType.birth, raw, page=1, review_confidence=T, second=second)


def test_only_doubtful_values_of_the_kinds_misreadings_hide_in_are_wanted():
    wanted = Wanted()
    birth(wanted, full_name=("TRẦN VĂN QUẦN", 0.91), father_full_name=("LÊ VĂN AN", 0.97),
          mother_full_name=("ĐUNH THỊ HOA", 0.97), notes=("ghi chú", 0.5))
    # under threshold + margin; doubted by the name lists; not: sure, or free text
    assert wanted.texts == ["TRẦN VĂN QUẦN", "ĐUNH THỊ HOA"]
    assert T + MARGIN > 0.91


def test_agreement_raises_a_name_and_disagreement_caps_it_with_a_reason():
    second = Second((Reread("TRẦN VĂN AN", "TRẦN VĂN AN", 0.93),
                     Reread("TRẦN VĂN TIÊN", "TRẦN VĂN TIẾN", 0.9)))
    agreed = birth(second, full_name=("TRẦN VĂN AN", 0.7))
    assert agreed.fields["full_name"].confidence == 0.93
    assert about(agreed, "full_name") == []
    differs = birth(second, full_name=("TRẦN VĂN TIÊN", 0.91))
    assert differs.fields["full_name"].value == "TRẦN VĂN TIÊN"
    assert differs.fields["full_name"].confidence < T
    assert about(differs, "full_name") == ["full_name: a second reading of its crop word 3 of 3 "
                                      "differs by its marks"]
    assert "TIẾN" not in about(differs, "full_name")[0]  # reasons reach logs: no values


def test_a_doubted_reading_gives_way_to_a_clean_second_one_still_for_review():
    second = Second((Reread("ĐUNH VĂN AN", "ĐINH VĂN AN", 0.9),))
    record = birth(second, full_name=("ĐUNH VĂN AN", 0.95))
    field = record.fields["full_name"]
    assert (field.value, field.raw) == ("ĐINH VĂN AN", "ĐUNH VĂN AN")
    assert field.confidence < T and about(record, "full_name")


def test_a_clipped_or_unsure_second_reading_gives_no_opinion():
    second = Second((Reread("1997", "199", 0.97), Reread("1985", "1965", 0.3)))
    record = birth(second, mother_birth_year=("1997", 0.9), father_birth_year=("1985", 0.9))
    assert record.fields["mother_birth_year"].confidence == 0.9
    assert record.fields["father_birth_year"].confidence == 0.9
    assert about(record, "mother_birth_year") == about(record, "father_birth_year") == []


def test_words_glued_or_split_by_the_second_reading_give_no_opinion():
    second = Second((Reread("KSOR H'BLIN", "KSORHBLIN", 0.9),))
    record = birth(second, full_name=("KSOR H'BLIN", 0.85))
    assert record.fields["full_name"].confidence == 0.85
    assert about(record, "full_name") == []


def test_a_long_value_read_the_same_twice_is_not_raised():
    place = "xã Tân Lập, huyện Đan Phượng, thành phố Hà Nội"
    record = birth(Second((Reread(place, place, 0.95),)), place_of_birth=(place, 0.7))
    assert record.fields["place_of_birth"].confidence == 0.7  # may still be cut short


def test_differences_name_words_not_values():
    assert differences("TRẦN VĂN AN", "TRẦN VĂN") == "reads 2 words, not 3"
    assert differences("1997", "1991") == "word 1 of 1 differs"
    assert differences("AN", "") == "reads nothing there"


@pytest.mark.tesseract
def test_the_page_worker_reads_a_doubtful_name_again_from_real_pixels():
    img = Image.new("L", (1800, 260), 255)
    draw = ImageDraw.Draw(img)
    draw.text((40, 40), "GIẤY KHAI SINH", font=font("bold", 48), fill=0)
    draw.text((40, 140), "Họ, chữ đệm, tên: TRẦN VĂN ĐỊNH", font=font("regular", 44), fill=0)
    pixels = np.asarray(img)
    page = ocr_page(pixels, dpi=300)
    task = PageTask(path=None, kind="image", index=0, dpi=300, language="vie",  # type: ignore[arg-type]
                    tessdata_dir=None, osd=False, deskew=False, jpeg_quality=50,
                    archive_image="jpeg", background_dpi=200, max_pixels=10**8, timeout=0,
                    review_confidence=1.0)  # every name in doubt: read again
    again = read_doubtful_again(page, pixels, task)
    assert [r.first for r in again.rereads] == ["TRẦN VĂN ĐỊNH"]
    assert again.rereads[0].second.strip(" .:") == "TRẦN VĂN ĐỊNH"


def test_a_second_reading_that_lost_an_apostrophe_or_hyphen_has_no_opinion_on_that_word():
    second = Second((Reread("KSOR H'BLIN", "KSORHPBLIN", 0.9),
                     Reread("Y-MOAN ÊBAN", "YIMOAN ÊBAN", 0.9),
                     Reread("KSOR H'BLAN", "KSDR HBLAN", 0.9)))
    for name in ("KSOR H'BLIN", "Y-MOAN ÊBAN"):
        record = birth(second, full_name=(name, 0.95))
        assert record.fields["full_name"].value == name
        assert about(record, "full_name") == []
    # a difference outside the word with the apostrophe still counts
    doubted = birth(second, full_name=("KSOR H'BLAN", 0.95))
    assert doubted.fields["full_name"].confidence < T
    assert about(doubted, "full_name") == ["full_name: a second reading of its crop "
                                           "word 1, 2 of 2 differs"]
