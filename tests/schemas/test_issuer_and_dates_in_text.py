"""A CCCD's issuer spelled as printed, and dates in free text taken back from OCR slips
(indgen dev seeds 82-92, marital-status papers)."""

import pytest

from schemas.identifiers import issuer_slips
from schemas.normalize import (
    address,
    date_slips,
    death_notice,
    id_document,
    residence_period,
    sentence,
)

QLHC = "Căn cước công dân số 022186328791, do Cục Cảnh sát QLHC về TTXH cấp ngày 17/01/2019"


@pytest.mark.parametrize("read", [
    "Căn cước công dân số 022186328791, do Cục Cảnh sát QLHC về TIXH cấp ngày 17/01/2019",
    "Căn cước công dân số 022186328791, do Cục Cảnh sát QLHC về TTIXH cấp ngày 17/01/2019",
    "Căn cước công dân số 022186328791, do Cục Cảnh sát. QLHC về TTXH cấp ngày 17/01/2019",
    "Căn cước công dân số 022186328791, do Cục Cảnh sát QLHC về TTXHcấp ngày 17/01/2019",
])
def test_a_cccd_issuer_a_slip_away_is_spelled_as_printed(read: str) -> None:
    assert id_document(read)[0] == QLHC


@pytest.mark.parametrize("value", [
    "Chứng minh nhân dân số 123456789 do Công an tỉnh Bình Định cấp ngày 01/01/2010",
    "Căn cước công dân số 036175664893 do Bộ Công an cấp ngày 07/11/2015",
    QLHC,
])
def test_other_issuers_and_right_ones_stay(value: str) -> None:
    assert issuer_slips(value) == value


def test_a_date_in_a_marital_status_is_taken_back_from_a_slip() -> None:
    value, problems = sentence("Đã ly hôn theo Bản án số 96/HNGĐ-ST ngày 25/09/2616 của Tòa án")
    assert value == "Đã ly hôn theo Bản án số 96/HNGĐ-ST ngày 25/09/2016 của Tòa án"
    assert problems  # the record is reviewed


def test_a_slash_read_as_strokes_is_a_slash_again() -> None:
    value, _ = address("xã Quảng Trường, huyện Quảng Xương, tỉnh Thanh Hóa, "
                       "từ ngày 27/02/2004 đến ngày 03/12!I2017")
    assert value is not None and value.endswith("đến ngày 03/12/2017")
    assert date_slips("từ 20I06/2009")[0] == "từ 20/06/2009"
    assert date_slips("số 12!34, 3I/02/2010")[0] == "số 12!34, 3I/02/2010"  # no date's shape


def test_a_death_notice_date_is_taken_back_from_a_slip() -> None:
    """indgen dev seed 29: ``cấp ngày 20/06/2617``."""
    value, problems = death_notice("532/GBT do Bệnh viện Đa khoa Hà Nội cấp ngày 20/06/2617")
    assert value == "532/GBT do Bệnh viện Đa khoa Hà Nội cấp ngày 20/06/2017"
    assert problems


def test_a_residence_read_to_start_after_it_ends_takes_the_slip_before_its_end() -> None:
    """indgen dev seed 94: a typewriter 0 read 9 (``23/08/2019`` to ``07/01/2014``), and
    a leader's bits (``_.``) inside the value."""
    value, problems = residence_period("xã Trung Tú, huyện Ứng Hòa, thành phố Hà Nội, _. "
                                       "từ ngày 23/08/2019 đến ngày 07/01/2014")
    assert value == ("xã Trung Tú, huyện Ứng Hòa, thành phố Hà Nội, "
                     "từ ngày 23/08/2010 đến ngày 07/01/2014")
    assert problems
    right = "xã Trung Tú, huyện Ứng Hòa, thành phố Hà Nội, từ ngày 23/08/2010 đến ngày 07/01/2014"
    assert residence_period(right) == (right, [])


@pytest.mark.parametrize(("read", "printed"), [
    ("theo Bản án số 194IHNGĐ-ST ngày 21/09/2015", "theo Bản án số 194/HNGĐ-ST ngày 21/09/2015"),
    ("theo Quyết định số 15l2019IQĐ-UBND", "theo Quyết định số 15/2019/QĐ-UBND"),
    ("theo Bản án số 62!HNGĐ-ST", "theo Bản án số 62/HNGĐ-ST"),
])
def test_a_document_number_slash_read_as_a_stroke_is_a_slash(read: str, printed: str) -> None:
    """indgen dev seeds 2 and 3: a judgment's ``194/HNGĐ-ST`` read ``194IHNGĐ-ST``."""
    assert sentence(read)[0] == printed
    assert sentence("Lớp 12I HN")[0] == "Lớp 12I HN"  # no code after it
