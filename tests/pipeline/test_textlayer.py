"""The page text spells corrected values as the record does (marks and case only)."""

from __future__ import annotations

from ocr.models import Box, Line, OcrPage, Word
from pipeline.textlayer import align_pages
from schemas.records import FieldValue, Record, RecordType


def page(*lines: str) -> OcrPage:
    return OcrPage(2480, 3508, 300, tuple(
        Line(tuple(Word(t, 0.9, Box(60 * i, 80 * n, 50, 30)) for i, t in enumerate(text.split())))
        for n, text in enumerate(lines)))


def record(**fields: tuple[str, str | None]) -> Record:
    return Record(type=RecordType.birth, page=1, fields={
        k: FieldValue(value=v, confidence=0.9, raw=raw) for k, (v, raw) in fields.items()})


def test_corrected_names_and_ethnicity_are_written_over_their_reading():
    read = page("Họ, chữ đệm, tên: BỦI THỊ LAN", "Dân tộc: Tây. Quốc tịch: Việt Nam")
    rec = record(full_name=("BÙI THỊ LAN", "BỦI THỊ LAN"), ethnicity=("Tày", "Tây."))
    fixed = align_pages([read], [rec])[0]
    assert fixed.text == "Họ, chữ đệm, tên: BÙI THỊ LAN\nDân tộc: Tày. Quốc tịch: Việt Nam"
    word = fixed.lines[0].words[4]
    assert (word.text, word.raw, word.box) == ("BÙI", "BỦI", read.lines[0].words[4].box)
    assert fixed.raw_text == read.text  # tesseract's reading is kept


def test_only_marks_and_case_change_never_the_words():
    read = page("Ngày, tháng, năm sinh: 01/04/2019", "Nơi sinh: Bệnh viện Đa khoa tỉnh")
    rec = record(date_of_birth=("2019-04-01", "01/04/2019"),
                 place_of_birth=("Bệnh viện Đa khoa tỉnh Nam Định", "Bệnh viện Đa khoa tỉnh"))
    assert align_pages([read], [rec])[0] is read


def test_the_case_printed_is_kept():
    read = page("Dân tộc: KINH", "ông Nguyên Văn An")
    rec = record(ethnicity=("Kinh", "KINH"), father_full_name=("NGUYỄN VĂN AN", "Nguyên Văn An"))
    fixed = align_pages([read], [rec])[0]
    assert fixed.text == "Dân tộc: KINH\nông Nguyễn Văn An"


def test_a_record_on_another_page_changes_only_that_page():
    first, second = page("BỦI THỊ LAN"), page("BỦI THỊ LAN")
    rec = record(full_name=("BÙI THỊ LAN", "BỦI THỊ LAN"))
    rec.page = 2
    out = align_pages([first, second], [rec])
    assert out[0] is first and out[1].text == "BÙI THỊ LAN"
