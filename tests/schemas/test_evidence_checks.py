"""Issue #16: checks of text, decisions' authorities and dates that flag a value."""

from datetime import date

from pipeline.extract.anchor import Raw
from pipeline.extract.finish import make_record
from schemas.evidence import (
    authority_doubts,
    date_doubts,
    doubts,
    text_doubts,
    title_doubts,
    twin_doubts,
)
from schemas.records import RecordType


def test_a_letter_read_as_a_digit_and_a_date_line_run_into_a_value_are_doubted():
    assert text_doubts("cause_of_death", "Ta1 nạn giao thông")
    assert not text_doubts("cause_of_death", "Tai nạn giao thông")
    assert not text_doubts("residence", "Tổ 5, phường 12A, quận 3")
    assert text_doubts("purpose", "Làm thủ tục đăng ký kết hôn Phú Văn, ngày 25 tháng 01 năm 2021")
    assert not text_doubts("issue_date", "Phú Văn, ngày 25 tháng 01 năm 2021")
    assert doubts("cause_of_death", "Ta1 nạn giao thông", "Ta1 nạn giao thông")
    assert text_doubts("declarant_id_document", "CMND số 145947740 cấp ngày 05/05/1995 NGƯỜI "
                       "THỰC HIỆN TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Trần Thế Nhân")
    assert not text_doubts("signer_title", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")


def test_a_decisions_place_is_its_authoritys_unit_name():
    assert authority_doubts("ỦY BAN NHÂN DÂN XÃ QUỲNH VĂN", "Quỳnh Văn") == []
    assert authority_doubts("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Hà Nội") == []
    assert authority_doubts("ỦY BAN NHÂN DÂN XÃ QUỲNH VĂN", "Văn") == [
        "place: not the name of the issuing authority's unit"]
    assert authority_doubts("ỦY BAN NHÂN DÂN CỘNG HUYỆN ĐÔ LƯƠNG", "Đô Lương") == [
        "issuing_authority: words between the committee and its unit"]
    assert authority_doubts("SỞ TƯ PHÁP", "Huế") == []  # other bodies: no rule known


def test_dates_must_agree_with_each_other_and_the_calendar():
    today = "2026-01-01"
    assert date_doubts({"registration_date": "2062-01-01"}, today) == [
        "registration_date: after today"]
    assert date_doubts({"date_of_birth": "2019-03-05", "mother_birth_year": "2015"}, today) == [
        "mother_birth_year: 4 years old at the child's birth"]
    assert date_doubts({"date_of_birth": "2019-03-05", "father_birth_year": "1990"}, today) == []
    assert date_doubts({"wife_date_of_birth": "1996-01-02",
                        "wife_id_document": "CMND số 172354689, cấp ngày 03/04/1995"}, today)
    assert date_doubts({"date_of_birth": "05I03I2019", "mother_birth_year": "1990"}, today) == []


def test_a_failing_date_check_flags_the_field_in_the_record():
    record = make_record(RecordType.birth, {
        "full_name": Raw("TRẦN VĂN AN", 0.95), "date_of_birth": Raw("05/03/2019", 0.95),
        "father_birth_year": Raw("2011", 0.95)}, page=1, review_confidence=0.8)
    assert "father_birth_year: 8 years old at the child's birth" in record.review_reasons
    assert date.today().year > 2011


def test_a_real_syllable_changed_into_a_name_syllable_is_a_guess_to_check():
    record = make_record(RecordType.birth, {"full_name": Raw("TRẦN VĂN QUẦN", 0.95)}, page=1,
                         review_confidence=0.8)
    assert record.fields["full_name"].value == "TRẦN VĂN QUÂN"  # QUẦN is a word, no name
    assert record.fields["full_name"].confidence < 0.8
    assert doubts("full_name", "TRẦN VĂN QUÂN", "TRẦN VĂN QUẦN")
    assert not doubts("full_name", "NGUYỄN VĂN AN", "NGUYÊN VĂN AN")  # a surname's known spelling


def test_a_birth_declared_by_the_newborn_is_flagged():
    record = make_record(RecordType.birth, {
        "full_name": Raw("PHAN VĂN DŨNG", 0.95), "declarant_full_name": Raw("PHAN VĂN DŨNG", 0.95)},
        page=1, review_confidence=0.8)
    assert "declarant_full_name: the same name as the record's subject" in record.review_reasons


def test_two_names_run_together_are_doubted():
    assert doubts("husband_full_name", "NGUYỄN HOÀNG LÂM NGUYỄN KIM ÁNH", "")
    assert not doubts("full_name", "NGUYỄN THỊ MINH KHAI", "")


def test_a_signer_title_that_ends_signing_on_behalf_misses_the_position_under_it():
    for cut in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"):
        assert title_doubts(cut), cut
        assert doubts("signer_title", cut, cut)
    for whole in ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "CHỦ TỊCH",
                  "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "TRƯỞNG PHÒNG TƯ PHÁP"):
        assert title_doubts(whole) == [], whole
    raw = {"signer_title": Raw("TM. ỦY BAN NHÂN DÂN", 0.95)}
    record = make_record(RecordType.decision, raw, page=1, review_confidence=0.8)
    assert record.fields["signer_title"].confidence < 0.8
    assert any(r.startswith("signer_title: ends on a line signing on behalf")
               for r in record.review_reasons)


def test_one_person_or_unit_named_twice_with_other_marks_doubts_both_readings():
    v = {"father_full_name": "NGUYỄN TIẾN THỊNH", "declarant_full_name": "NGUYỄN TIÊN THỊNH",
         "mother_full_name": "LÊ THỊ HOA", "place_of_birth": "xã Phú Xuân, huyện Phú Tân",
         "registration_place": "Ủy ban nhân dân xã Phú Xuân, huyện Phú Tân"}
    assert twin_doubts(v) == [
        "declarant_full_name: names what father_full_name names, with other marks",
        "father_full_name: names what declarant_full_name names, with other marks"]
    v["registration_place"] = "Ủy ban nhân dân xã Phú Xuân, huyện Phú Tấn"
    assert "registration_place: names what place_of_birth names, with other marks" \
        in twin_doubts(v)
    same = {"father_full_name": "NGUYỄN TIẾN THỊNH", "declarant_full_name": "Nguyễn Tiến Thịnh",
            "full_name": "NGUYỄN TIẾN", "hometown": "xã Phú Xuân, huyện Phú Tân",
            "place_of_birth": "xã Phú Xuân, huyện Phú Tân"}
    assert twin_doubts(same) == []  # the same spelling, or another name: no doubt
    raw = {k: Raw(t, 0.95) for k, t in v.items()}
    record = make_record(RecordType.birth, raw, page=1, review_confidence=0.8)
    assert {r.split(":")[0] for r in record.review_reasons} >= {
        "father_full_name", "declarant_full_name", "place_of_birth", "registration_place"}
