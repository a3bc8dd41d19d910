"""Issue #16, field exact on the weakest types: kinds of failure found on the independent
generator's development seeds, each on a small page built from rows (no tesseract)."""

import random
from dataclasses import replace
from datetime import date

from pipeline.extract import extract
from pipeline.extract.signer import is_title
from pipeline.samples.certificates import (
    SIGN_COLUMN,
    marital_status_fields,
    marital_status_rows,
    signer_rows,
)
from pipeline.samples.draw import Row
from pipeline.samples.people import admin_date
from schemas import normalize as norm
from tests.pipeline.pages import page_from_rows

LEFT = 260


def only(rows: list[Row]):
    (record,) = extract([page_from_rows(rows)], 0.8)
    return record


def marital_with_date_at_the_foot(purpose_label: str, boilerplate: bool):
    """A TT 04/2020 (or TT 15/2015) marital-status paper: no date in the head, the
    validity sentence on its own line, the purpose under its own label, then the
    place-and-date line over the signer."""
    fields = marital_status_fields(random.Random(3))
    commune = fields.pop("_commune")
    fields["marital_status"] = "Chưa đăng ký kết hôn với ai."
    rows = marital_status_rows(fields, commune)
    head = next(i for i, r in enumerate(rows) if r.text.startswith("Số:"))
    rows[head] = Row([(LEFT, f"Số: {fields['registration_number']}")])
    body_end = next(i for i, r in enumerate(rows) if r.text.startswith("Giấy này"))
    foot = [Row([(LEFT, "Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp,")])
            ] if boilerplate else []
    foot += [Row([(LEFT, f"{purpose_label}: {fields['purpose']}")]),
             Row([(None, admin_date(commune, date.fromisoformat(fields["issue_date"])))],
                 column=SIGN_COLUMN)]
    rows = rows[:body_end] + foot + signer_rows("NGƯỜI KÝ GIẤY XÁC NHẬN",
                                                fields["signer_title"],
                                                fields["signer_full_name"])
    return fields, rows


def test_marital_status_dated_over_the_signer_and_a_validity_sentence_between_values():
    fields, rows = marital_with_date_at_the_foot("được sử dụng để", boilerplate=True)
    record = only(rows)
    assert record.value("issue_date") == fields["issue_date"]
    assert record.value("marital_status") == "Chưa đăng ký kết hôn với ai."  # its full stop
    assert record.value("purpose") == fields["purpose"]  # not the place-and-date line


def test_tt15_marital_status_purpose_label():
    fields, rows = marital_with_date_at_the_foot("Giấy này được cấp để", boilerplate=False)
    record = only(rows)
    assert record.value("purpose") == fields["purpose"]
    assert not any("unknown label" in r for r in record.review_reasons), record.review_reasons


def test_decision_head_parts_at_its_gap_not_at_the_page_centre():
    """The motto's first word ("CỘNG") and the place's first word ("Đa") stand left of the
    page centre when the right block is wide: the head parts in the gap between blocks."""
    rows = [Row([(470, "ỦY BAN NHÂN DÂN"), (1180, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
            Row([(590, "XÃ ĐA MI"), (1380, "Độc lập - Tự do - Hạnh phúc")]),
            Row([(470, "Số: 271/QĐ-UBND"), (1150, "Đa Mi, ngày 28 tháng 9 năm 2023")]),
            Row([(1110, "QUYẾT ĐỊNH")]),
            Row([(760, "Về việc cho phép thay đổi, cải chính hộ tịch")]),
            Row([(800, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐA MI")]),
            Row([(300, "Điều 1. Cho phép ông Nguyễn Văn An thay đổi họ")])]
    record = only(rows)
    assert record.value("issuing_authority") == "ỦY BAN NHÂN DÂN XÃ ĐA MI"
    assert record.value("place") == "Đa Mi"
    assert record.value("issue_date") == "2023-09-28"
    assert record.value("document_number") == "271/QĐ-UBND"


def test_decision_head_parts_before_the_motto_when_the_gap_is_narrow():
    """Seed 20 (indgen): "CỘNG" a little over a word's height after "DÂN" and left of the
    centre went to the authority ("ỦY BAN NHÂN DÂN CỘNG XÃ ..."): the motto's first words
    start the right block wherever they stand."""
    rows = [Row([(440, "ỦY BAN NHÂN DÂN"), (840, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
            Row([(510, "XÃ VĨNH XÁ"), (820, "Độc lập - Tự do - Hạnh phúc")]),
            Row([(440, "Số: 227/QĐ-UBND"), (1300, "Vĩnh Xá, ngày 20 tháng 8 năm 2024")]),
            Row([(1060, "QUYẾT ĐỊNH")]),
            Row([(560, "Về việc công nhận tổ dân phố văn hóa năm 2024")]),
            Row([(670, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ VĨNH XÁ")]),
            Row([(300, "Điều 1. Công nhận tổ dân phố văn hóa")])]
    record = only(rows)
    assert record.value("issuing_authority") == "ỦY BAN NHÂN DÂN XÃ VĨNH XÁ"
    assert record.value("place") == "Vĩnh Xá"


def test_a_values_small_marks_as_ocr_reads_them():
    paper = "Căn cước công dân số 001083170147 do Bộ Công an cấp ngày17I03I2016"
    assert norm.id_document(paper)[0] == (
        "Căn cước công dân số 001083170147 do Bộ Công an cấp ngày 17/03/2016")
    assert norm.text("do Cục Cảnh sát quản lý hành . chính về")[0] == (
        "do Cục Cảnh sát quản lý hành chính về")
    assert norm.text("TP. Huế")[0] == "TP. Huế"  # an abbreviation's dot stays
    assert norm.sentence("Chưa đăng ký kết hôn với ai.")[0] == "Chưa đăng ký kết hôn với ai."
    assert norm.sentence("Làm thủ tục đăng ký kết hôn ...")[0] == "Làm thủ tục đăng ký kết hôn"
    assert norm.name("'Đặng Ngọc Toàn")[0] == "Đặng Ngọc Toàn"  # a signature's speck
    assert norm.name("KSOR H'BLIN")[0] == "KSOR H'BLIN"


def test_a_sentence_goes_on_after_a_dotted_gap_even_with_a_code_in_it():
    value = ("Đã đăng ký kết hôn, nhưng đã ly hôn theo Bản án... số 183/HNGĐ-ST ngày "
             "10/09/2019 của Tòa án nhân dân huyện")
    assert norm.strip_leaders(value) == (
        "Đã đăng ký kết hôn, nhưng đã ly hôn theo Bản án số 183/HNGĐ-ST ngày 10/09/2019 "
        "của Tòa án nhân dân huyện", "")
    assert norm.strip_leaders("Ung tHÍW ØaTn…… 5. G5 G9 59")[0] == "Ung tHÍW ØaTn"


TITLE = Row([(700, "GIẤY CHỨNG NHẬN KẾT HÔN")])


def marriage_foot() -> list[Row]:
    """Registration, then the spouses' signature headings beside the signer's heading."""
    return [Row([(240, "Nơi đăng ký kết hôn: Ủy ban nhân dân xã Long An, huyện Long Hồ, "
                       "tỉnh Vĩnh Long")]),
            Row([(240, "Ngày, tháng, năm đăng ký: 04/03/2008")]),
            Row([(400, "Chồng"), (900, "Vợ"), (1300, "NGƯỜI KÝ GIẤY CHỨNG NHẬN")]),
            Row([(320, "(Ký, ghi rõ họ tên)"), (760, "(Ký, ghi rõ họ tên)"), (1500, "KẾT HÔN")]),
            Row([(1450, "TM. ỦY BAN NHÂN DÂN")]),
            Row([(1560, "CHỦ TỊCH")]),
            Row([(320, "Nguyễn Văn An"), (760, "Trần Thị Bình")]),
            Row([(1500, "Lê Văn Minh")])]


def test_marriage_printed_one_spouse_after_the_other():
    rows = [TITLE, Row([(240, "Số: 44"), (1200, "Quyển số: 01/2016")]),
            Row([(240, "Họ, chữ đệm, tên chồng: NGUYỄN VĂN AN")]),
            Row([(240, "Ngày, tháng, năm sinh: 15/12/1989")]),
            Row([(240, "Dân tộc: Kinh")]),
            Row([(240, "Họ, chữ đệm, tên vợ: TRẦN THỊ BÌNH")]),
            Row([(240, "Ngày, tháng, năm sinh: 09/08/1994")]),
            Row([(240, "Dân tộc: Tày")]),
            *marriage_foot()]
    record = only(rows)
    assert record.value("husband_full_name") == "NGUYỄN VĂN AN"
    assert (record.value("husband_date_of_birth"), record.value("husband_ethnicity")) == (
        "1989-12-15", "Kinh")
    assert record.value("wife_full_name") == "TRẦN THỊ BÌNH"
    assert (record.value("wife_date_of_birth"), record.value("wife_ethnicity")) == (
        "1994-08-09", "Tày")
    assert record.value("registration_date") == "2008-03-04"
    # the signer's block is right of its heading: not the spouses' names
    assert record.value("signer_title") == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    assert record.value("signer_full_name") == "Lê Văn Minh"


def test_ruled_2010_marriage_form_with_a_label_column():
    """TP/HT-2010: labels left (no colon), the husband's and the wife's values in two
    columns under "Chồng" and "Vợ"; a husband's value wraps onto a row of its own."""
    label, husband, wife = 255, 864, 1575
    rows = [TITLE, Row([(240, "Số: 81"), (1200, "Quyển số: 01/2008")]),
            Row([(husband, "Chồng"), (wife, "Vợ")]),
            Row([(label, "Họ và tên"), (husband, "NGUYỄN NHẬT ĐỨC"), (wife, "LÊ NGỌC NHUNG")]),
            Row([(label, "Ngày, tháng, năm sinh"), (husband, "09/07/1982"), (wife, "25/11/1985")]),
            Row([(label, "Dân tộc"), (husband, "Kinh"), (wife, "Khmer")]),
            Row([(label, "Nơi thường trú/tạm trú"), (husband, "xã Long An, huyện"),
                 (wife, "xã Long An,")]),
            Row([(husband, "Long Hồ"), (wife, "huyện Long Hồ")]),
            Row([(label, "Số Giấy CMND/Hộ chiếu"), (husband, "Giấy CMND số 255574886"),
                 (wife, "Giấy CMND số 289999856")]),
            *marriage_foot()]
    record = only(rows)
    assert record.value("husband_full_name") == "NGUYỄN NHẬT ĐỨC"
    assert record.value("wife_full_name") == "LÊ NGỌC NHUNG"
    assert (record.value("husband_date_of_birth"), record.value("wife_date_of_birth")) == (
        "1982-07-09", "1985-11-25")
    assert (record.value("husband_ethnicity"), record.value("wife_ethnicity")) == ("Kinh", "Khmer")
    assert record.value("husband_residence") == "xã Long An, huyện Long Hồ"
    assert record.value("wife_residence") == "xã Long An, huyện Long Hồ"
    assert record.value("husband_id_document") == "Giấy CMND số 255574886"
    assert record.value("wife_id_document") == "Giấy CMND số 289999856"
    assert record.value("book_number") == "01/2008"


def test_ruled_2010_marriage_form_whose_labels_wrap_inside_their_column():
    """indgen seeds 22, 23: "Nơi thường trú/tạm" over "trú", "Số Giấy CMND/Hộ" over
    "chiếu" in the label column; "/tạm", "trú" and "/Hộ" went into the values (one
    identity paper read as "/Hộ" alone)."""
    label, husband, wife = 255, 864, 1575
    rows = [TITLE, Row([(240, "Số: 125"), (1200, "Quyển số: 02/2015")]),
            Row([(husband, "Chồng"), (wife, "Vợ")]),
            Row([(label, "Họ và tên"), (husband, "ĐẶNG DUY VƯỢNG"), (wife, "NGUYỄN BẢO VY")]),
            Row([(label, "Dân tộc"), (husband, "Kinh"), (wife, "Kinh")]),
            Row([(label, "Nơi thường trú/tạm"), (husband, "xã Cao Phong, huyện Sông"),
                 (wife, "xã Ea Ral, huyện Ea")]),
            Row([(label, "trú"), (husband, "Lô, tỉnh Vĩnh Phúc"), (wife, "H'leo, tỉnh Đắk Lắk")]),
            Row([(label, "Số Giấy CMND/Hộ"), (husband, "Giấy CMND số 179538822"),
                 (wife, "Giấy CMND số 178548063")]),
            Row([(label, "chiếu"), (husband, "do Công an tỉnh Vĩnh"), (wife, "do Công an tỉnh")]),
            Row([(husband, "Phúc"), (wife, "Đắk Lắk")]),
            *marriage_foot()]
    record = only(rows)
    assert record.value("husband_residence") == "xã Cao Phong, huyện Sông Lô, tỉnh Vĩnh Phúc"
    assert record.value("wife_residence") == "xã Ea Ral, huyện Ea H'leo, tỉnh Đắk Lắk"
    assert record.value("husband_id_document") == \
        "Giấy CMND số 179538822 do Công an tỉnh Vĩnh Phúc"
    assert record.value("wife_id_document") == "Giấy CMND số 178548063 do Công an tỉnh Đắk Lắk"


def test_ruled_2010_marriage_form_whose_birth_date_label_wraps_before_sinh():
    """indgen dev seeds 51, 53-55: "Ngày, tháng, năm" over "sinh" in the label column
    matched no label, so both dates of birth were read as the end of the names above
    ("NGUYỄN VĂN TOÀN 16/06/1976") and the dates were lost."""
    label, husband, wife = 255, 864, 1575
    rows = [TITLE, Row([(240, "Số: 39"), (1200, "Quyển số: 01/2007")]),
            Row([(husband, "Chồng"), (wife, "Vợ")]),
            Row([(label, "Họ và tên"), (husband, "NGUYỄN VĂN TOÀN"), (wife, "NGUYỄN THỊ HÒA")]),
            Row([(label, "Ngày, tháng, năm"), (husband, "16/06/1976"), (wife, "05/02/1978")]),
            Row([(label, "sinh")]),
            Row([(label, "Dân tộc"), (husband, "Kinh"), (wife, "Kinh")]),
            *marriage_foot()]
    record = only(rows)
    assert (record.value("husband_full_name"), record.value("wife_full_name")) == (
        "NGUYỄN VĂN TOÀN", "NGUYỄN THỊ HÒA")
    assert (record.value("husband_date_of_birth"), record.value("wife_date_of_birth")) == (
        "1976-06-16", "1978-02-05")
    assert record.value("registration_date") == "2008-03-04"


def test_signer_titles_read_small_or_under_seal_noise_stay_titles():
    """indgen dev seeds 52, 53: "CHỦ Tịch" (two letters read small) and "lạ CHỦ TỊCH"
    (KT. read as a seal speck) were taken for names, so the title stopped at "TM. ỦY BAN
    NHÂN DÂN"; a line of seal noise between two titles ended the titles too."""
    from pipeline.extract.signer import read_signer
    from tests.pipeline.pages import page_from_rows

    def signer(*texts):
        lines = page_from_rows([Row([(1450, t)]) for t in texts]).lines
        return {k: v.text for k, v in read_signer(list(lines)).items()}
    got = signer("TM. ỦY BAN NHÂN DÂN", "CHỦ Tịch", "Võ Phương Liên")
    assert got == {"signer_title": "TM. ỦY BAN NHÂN DÂN\nCHỦ Tịch",
                   "signer_full_name": "Võ Phương Liên"}
    got = signer("TM. ỦY BAN NHÂN DÂN", "lạ CHỦ TỊCH", "X5» NN v4", "PHÓ CHỦ TỊCH", "Lê Thị Hạnh")
    assert got["signer_title"] == "TM. ỦY BAN NHÂN DÂN\nlạ CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert got["signer_full_name"] == "Lê Thị Hạnh"
    assert signer("CHỦ TỊCH", "Chủ Tịch Văn An")["signer_full_name"] == "Chủ Tịch Văn An"


def test_register_table_subject_column_is_not_the_declarants():
    from pipeline.extract.columns import column_keys
    from schemas.records import RecordType
    headers = {0: ["Số thứ tự"], 1: ["Họ và tên người được khai sinh"],
               2: ["Họ và tên người đi khai sinh"]}
    assert column_keys(headers, RecordType.birth) == {
        0: "registration_number", 1: "full_name", 2: "declarant_full_name"}


def test_spread_of_labelled_entries_whose_fold_was_not_found():
    """Both pages read across as one (no gutter shadow): each page's entries apart, each
    with the registry of its page header ("Cơ quan đăng ký:")."""
    right = 2800
    registry = "Cơ quan đăng ký: Ủy ban nhân dân xã Nghĩa An, huyện Nghĩa Đàn, tỉnh Nghệ An"
    entries = [(("265", "23/08/2018", "TRẦN BẢO GIANG", "Nữ"),
                ("267", "26/08/2018", "ĐỖ HOÀNG NHÂN", "Nam")),
               (("266", "25/08/2018", "HUỲNH QUANG TUẤN", "Nam"),
                ("268", "27/08/2018", "NGUYỄN MAI HÒA", "Nữ"))]
    rows = [Row([(200, "SỔ ĐĂNG KÝ KHAI SINH"), (right, "SỔ ĐĂNG KÝ KHAI SINH")]),
            Row([(200, registry), (right, registry)]),
            Row([(200, "Quyển số: 01/2018"), (right, "Quyển số: 01/2018")])]
    for pair in entries:
        rows += [Row([(x, f"Số: {n} Ngày, tháng, năm đăng ký: {d}") for x, (n, d, _, _)
                      in zip((200, right), pair, strict=True)]),
                 Row([(x, f"Họ, chữ đệm, tên: {name} Giới tính: {sex}") for x, (_, _, name, sex)
                      in zip((200, right), pair, strict=True)])]
    records = extract([page_from_rows(rows, width=5258, height=2949)], 0.8)
    got = [(r.value("registration_number"), r.value("full_name"), r.value("sex"),
            r.value("registration_place")) for r in records]
    place = "Ủy ban nhân dân xã Nghĩa An, huyện Nghĩa Đàn, tỉnh Nghệ An"
    assert got == [("265", "TRẦN BẢO GIANG", "Nữ", place), ("266", "HUỲNH QUANG TUẤN", "Nam", place),
                   ("267", "ĐỖ HOÀNG NHÂN", "Nam", place), ("268", "NGUYỄN MAI HÒA", "Nữ", place)]


def test_specks_beside_a_value_and_a_lost_date_slash():
    assert norm.text("Bệnh viện Đa khoa Nghệ An, tỉnh Nghệ An _ _ ¬")[0] == (
        "Bệnh viện Đa khoa Nghệ An, tỉnh Nghệ An")
    assert norm.text("'Khmer")[0] == "Khmer"
    assert norm.text("UBND huyện (b/c)")[0] == "UBND huyện (b/c)"
    assert norm.iso_date("07/042021")[0] == "2021-04-07"
    assert norm.iso_date("9\u204403\u20442015")[0] == "2015-03-09"  # fraction slashes
    assert norm.name("PHAN 'THU NHI")[0] == "PHAN THU NHI"


def test_a_long_label_with_one_short_word_misread_still_anchors():
    from ocr.text import fold_lower
    from pipeline.extract import labels as L
    hits = L.find_labels(fold_lower("Họ, chữ đệm, tên người ãi khai sinh: NGUYỄN HỒNG THOA"),
                         L.BIRTH)
    assert [k for _, _, k in hits] == ["@declarant:declarant_full_name"]
    # without its colon a misread label is not taken: the value may be a word like it
    assert L.find_labels(fold_lower("Họ, chữ đệm, tên người ãi khai sinh NGUYỄN"),
                         L.BIRTH)[0][2] != "@declarant:declarant_full_name"


def test_a_case_blind_first_letter_is_a_capital_in_sentences_and_papers():
    assert norm.id_document("căn cước công dân số 048086443986")[0] == (
        "Căn cước công dân số 048086443986")
    assert norm.sentence("chưa đăng ký kết hôn")[0] == "Chưa đăng ký kết hôn"
    assert norm.sentence("đang có vợ")[0] == "đang có vợ"  # đ has its own capital shape


def test_a_spouse_name_label_read_without_its_colon():
    rows = [TITLE, Row([(240, "Số: 3"), (1200, "Quyển số: 01/2022")]),
            Row([(240, "Họ, chữ đệm, tên chồng NGUYỄN GIA CHIẾN")]),
            Row([(240, "Dân tộc: Khmer")]),
            Row([(240, "Họ, chữ đệm, tên vợ NGUYỄN MAI HÒA")]),
            Row([(240, "Dân tộc: Kinh")]),
            *marriage_foot()]
    record = only(rows)
    assert (record.value("husband_full_name"), record.value("husband_ethnicity")) == (
        "NGUYỄN GIA CHIẾN", "Khmer")
    assert (record.value("wife_full_name"), record.value("wife_ethnicity")) == (
        "NGUYỄN MAI HÒA", "Kinh")


def test_an_identity_paper_named_by_its_own_label_wording_stays_whole():
    from pipeline.extract.anchor import read_labelled
    from pipeline.extract.labels import DEATH
    from tests.pipeline.pages import page_from_rows as page
    lines = list(page([Row([(260, "Số Giấy CMND: 293844720")]),
                       Row([(260, "Họ và tên người đi khai tử: TRẦN QUANG BẢO TÚ")]),
                       Row([(260, "Giấy tờ tùy thân: Giấy CMND số 031608480 do Công an tỉnh "
                                  "Quảng Ngãi cấp ngày 03/02/1999")])]).lines)
    raw, _ = read_labelled(lines, DEATH, {"declarant_id_document", "declarant_full_name"})
    assert raw["declarant_id_document"].text == (
        "Giấy CMND số 031608480 do Công an tỉnh Quảng Ngãi cấp ngày 03/02/1999")


def test_a_residence_period_label_with_a_word_misread_still_anchors():
    # "Trong thời gian cư trú tạ xã Ia Ka, ..." (indgen dev seed 40): printed without a
    # colon, so a misread word left the period inside the residence above it
    fields = marital_status_fields(random.Random(5))
    commune = fields.pop("_commune")
    assert fields.get("residence_period")
    (record,) = extract([page_from_rows(marital_status_rows(fields, commune),
                                        typo={"tại": "tạ"})], 0.8)
    assert record.value("residence_period") == fields["residence_period"]
    assert record.value("residence") == fields["residence"]


def test_decision_place_starts_after_the_number_when_the_gap_is_narrow():
    """indgen seeds 28, 36: "Hoằng" of "Hoằng Thanh, ngày 23 ..." a little over two word
    heights after the number and left of the centre went to the left block (place
    "Thanh"): the place is the digit-free words before "ngày", back to the number."""
    rows = [Row([(440, "ỦY BAN NHÂN DÂN"), (1300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
            Row([(440, "XÃ HOẰNG THANH"), (1380, "Độc lập - Tự do - Hạnh phúc")]),
            Row([(440, "Số: 334/QĐ-UBND"), (820, "Hoằng Thanh, ngày 23 tháng 6 năm 2024")]),
            Row([(1060, "QUYẾT ĐỊNH")]),
            Row([(560, "Về việc cho phép thay đổi, cải chính hộ tịch")]),
            Row([(670, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HOẰNG THANH")]),
            Row([(300, "Điều 1. Cho phép ông Nguyễn Văn An thay đổi họ")])]
    record = only(rows)
    assert record.value("place") == "Hoằng Thanh"
    assert record.value("document_number") == "334/QĐ-UBND"
    assert record.value("issue_date") == "2024-06-23"


def test_decision_recipients_read_with_ocr_slips():
    """indgen seeds 20, 22: the last recipient "- Lưu: VT, TP." read "- Lưu: VI TP.", a
    purpose "(b/c)" read "(bí/c)"."""
    rows = [Row([(440, "ỦY BAN NHÂN DÂN"), (1300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]),
            Row([(510, "HUYỆN ĐA MI"), (1380, "Độc lập - Tự do - Hạnh phúc")]),
            Row([(440, "Số: 27/QĐ-UBND"), (1300, "Đa Mi, ngày 28 tháng 9 năm 2023")]),
            Row([(1060, "QUYẾT ĐỊNH")]),
            Row([(560, "Về việc công nhận tổ dân phố văn hóa năm 2024")]),
            Row([(670, "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐA MI")]),
            Row([(300, "Điều 1. Công nhận tổ dân phố văn hóa")]),
            Row([(260, "Nơi nhận:"), (1500, "CHỦ TỊCH")]),
            Row([(260, "- Như Điều 1;")]),
            Row([(260, "- UBND huyện (bí/c);")]),
            Row([(260, "- Lưu: VI TP.")]),
            Row([(1500, "Nguyễn Văn An")])]
    record = only(rows)
    assert record.value("recipients") == "Như Điều 1\nUBND huyện (b/c)\nLưu: VT, TP"


def test_an_identity_paper_wrapped_after_a_leader_keeps_its_second_line():
    """indgen dev seeds 63, 67, 70: the paper's first line ends in what OCR made of its
    leader ("... do Cục Cảnh sát...", "cấp ngày ____."); the wrapped rest under it was
    cut off with the leader as junk. A leader ends its line, not the value."""
    fields = marital_status_fields(random.Random(5))
    commune = fields.pop("_commune")
    rows = marital_status_rows(fields, commune)
    at = next(i for i, r in enumerate(rows) if r.text.startswith("Giấy tờ tùy thân"))
    for first, rest in (("Căn cước công dân số 038094159774 do Cục Cảnh sát...",
                         "QLHC về TTXH cấp ngày 13/11/2018"),
                        ("Căn cước công dân số 083071674340 do Bộ Công an cấp ngày ____.",
                         "01/10/2020________..__.._._......")):
        wrapped = [Row([(LEFT, f"Giấy tờ tùy thân: {first}")]), Row([(LEFT, rest)])]
        record = only(rows[:at] + wrapped + rows[at + 1:])
        want = f"{first.rstrip(' ._')} {norm.strip_leaders(rest)[0]}"
        assert record.value("id_document") == want
        assert record.value("residence") == fields["residence"]


def test_junk_under_a_value_ending_in_a_leader_stays_cut_off():
    from pipeline.extract.anchor import wrapped
    value = wrapped("hiện tại chưa đăng ký kết hôn với ai............", "- ò")
    assert norm.strip_leaders(value)[0].rstrip() == "hiện tại chưa đăng ký kết hôn với ai"
    value = wrapped("do Cục Cảnh sát quản lý hành chính về ___",
                    "I8x:UÊn0‹ 8:10) N9)0isr-0291")
    assert norm.strip_leaders(value)[0].rstrip() == "do Cục Cảnh sát quản lý hành chính về"


def test_a_place_and_date_line_with_a_digit_misread_as_a_sign_ends_the_purpose():
    """``tháng 0§`` (an 8 read §): the line over the signer is still the place-and-date
    line, not a wrapped part of the purpose above it (indgen dev seed 92)."""
    fields, rows = marital_with_date_at_the_foot("Giấy này được cấp để", boilerplate=False)
    month = f"{date.fromisoformat(fields['issue_date']).month:02d}"
    (record,) = extract([page_from_rows(rows, typo={month: month[0] + "§"})], 0.8)
    assert record.value("purpose") == fields["purpose"]


def test_a_signer_named_truong_in_capitals_is_no_title_line():
    """indgen dev seed 9: TRƯƠNG folds to the title word trưởng; the name under the seal
    was taken into the title and the signer had no name."""
    fields = marital_status_fields(random.Random(3))
    commune = fields.pop("_commune")
    rows = marital_status_rows(fields, commune)
    sign = next(i for i, r in enumerate(rows) if r.text.startswith("NGƯỜI KÝ"))
    rows = rows[:sign] + signer_rows("NGƯỜI KÝ GIẤY XÁC NHẬN", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
                                     "TRƯƠNG MINH HỒNG NHI")
    record = only(rows)
    assert record.value("signer_title") == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    assert record.value("signer_full_name") == "TRƯƠNG MINH HỒNG NHI"
    page = [Row([(None, "KT. BỘ TRƯỞNG")], "bold", 44, SIGN_COLUMN),
            Row([(None, "THỨ TRƯỞNG")], "bold", 44, SIGN_COLUMN),
            Row([(None, "TRƯỞNG PHÒNG TƯ PHÁP")], "bold", 44, SIGN_COLUMN)]
    assert all(is_title(r.text) for r in page)


def test_a_place_word_wrapped_alone_after_a_leader_is_kept():
    """indgen dev seed 10: "... tỉnh Bắc...." over "G1ang" (an i read 1): one capitalised
    syllable under a value ending in a leader is its rest, not a stain's junk."""
    from pipeline.extract.anchor import wrapped
    value = wrapped("xã Hương Vĩ, huyện Yên Thế, tỉnh Bắc....", "G1ang")
    assert norm.address(value)[0] == "xã Hương Vĩ, huyện Yên Thế, tỉnh Bắc Giang"
    for junk in ("Ai", "I8x:", "xã", "- ò", "G1x"):
        value = wrapped("hiện tại chưa đăng ký kết hôn với ai............", junk)
        assert norm.strip_leaders(value)[0].rstrip() == "hiện tại chưa đăng ký kết hôn với ai"


def test_a_validity_sentence_after_a_speck_read_as_a_word_still_ends_the_status():
    """indgen dev seed 5: the page's edge read "số." before "Giấy này có giá trị ...";
    the validity sentence was taken as the status's wrapped rest."""
    fields, rows = marital_with_date_at_the_foot("được sử dụng để", boilerplate=True)
    at = next(i for i, r in enumerate(rows) if r.text.startswith("Giấy này có"))
    rows[at] = Row([(20, "số."), (LEFT, rows[at].text)])
    record = only(rows)
    assert record.value("marital_status") == "Chưa đăng ký kết hôn với ai."


def test_a_judgment_date_read_after_the_papers_own_date_takes_its_slip_before_it():
    """indgen dev seed 5: ``ngày 09/09/2026`` (a 0 read 6) on a paper issued in 2021:
    the judgment came before the paper; a date no later than today went unfixed."""
    fields, rows = marital_with_date_at_the_foot("được sử dụng để", boilerplate=True)
    assert fields["issue_date"] == "2022-02-07"  # the paper is of 2022
    status = "Đã ly hôn theo Bản án số 183/HNGĐ-ST ngày 09/09/{} của Tòa án nhân dân huyện."
    at = next(i for i, r in enumerate(rows) if r.text.startswith("Tình trạng hôn nhân"))
    rows[at] = Row([(LEFT, "Tình trạng hôn nhân: " + status.format(2026))])
    record = only(rows)
    assert record.value("marital_status") == status.format(2020)
    assert any(r.startswith("marital_status:") for r in record.review_reasons)
    rows[at] = Row([(LEFT, "Tình trạng hôn nhân: " + status.format(2021))])
    assert only(rows).value("marital_status") == status.format(2021)  # before it: kept


def test_a_residence_period_label_with_two_words_run_together_still_anchors():
    """indgen dev seed 6: "Trong thời gian cưtrú tại" (no colon printed, two words run
    together) was left inside the residence above it."""
    fields = marital_status_fields(random.Random(5))
    commune = fields.pop("_commune")
    rows = marital_status_rows(fields, commune)
    at = next(i for i, r in enumerate(rows) if r.text.startswith("Trong thời gian"))
    rows[at] = replace(rows[at], segments=[(x, t.replace("cư trú tại", "cưtrú tại"))
                                           for x, t in rows[at].segments])
    assert "cưtrú" in rows[at].text
    record = only(rows)
    assert record.value("residence_period") == fields["residence_period"]
    assert record.value("residence") == fields["residence"]


def test_a_label_word_ending_in_an_i_read_1_still_anchors():
    """indgen dev seed 2 (1-bit 2015 paper): "G1Iớ1 tính: Nam": the last i read 1 made a
    token of its own and the sex had no label."""
    fields = marital_status_fields(random.Random(5))
    commune = fields.pop("_commune")
    (record,) = extract([page_from_rows(marital_status_rows(fields, commune),
                                        typo={"Giới": "G1Iớ1"})], 0.8)
    assert record.value("sex") == fields["sex"]
