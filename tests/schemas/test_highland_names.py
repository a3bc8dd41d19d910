"""Issue #18, names: apostrophes and hyphens are name characters (Central Highlands names
such as KSOR H'BLIN, Y-MOAN ÊBAN), their syllables are not held against them, and a
reading that seems to have lost an apostrophe or hyphen is doubted, never mended."""

import pytest

from app.records import check_values, normalise_value
from ocr.syllables import is_highland_word
from pipeline.extract.anchor import Raw
from pipeline.extract.finish import make_record, read_field
from schemas import normalize as norm
from schemas.evidence import doubts, lost_mark
from schemas.records import RecordType

HIGHLAND = ["KSOR H'BLIN", "RƠ MAH H'YÊN", "H'HEN NIÊ", "Y-NGHỊ NIÊ KDĂM", "Y BLIM ÊBAN",
            "Y-Moan Êban", "SIU H'MAI", "H'LUÊ ADRƠNG", "Y-KHU NIÊ KDĂM", "HĐƠK H'RIM"]


@pytest.mark.parametrize("printed", HIGHLAND)
def test_highland_names_are_valid_kept_and_not_doubted(printed):
    assert norm.name(printed) == (printed, [])
    assert doubts("full_name", printed, printed) == []
    assert norm.is_highland_name(printed)


@pytest.mark.parametrize(("read", "value"), [
    ("KSOR H’BLIN", "KSOR H'BLIN"),  # a typographic apostrophe, as OCR often gives it
    ("KSOR Hʼ BLIN", "KSOR H'BLIN"),  # and a space after it
    ("Y–Moan Êban", "Y-Moan Êban"), ("Y - Moan Êban", "Y-Moan Êban"),  # no free hyphen
])
def test_other_apostrophes_and_dashes_become_the_plain_ones(read, value):
    assert norm.name(read) == (value, [])


@pytest.mark.parametrize(("read", "doubt"), [
    ("HHEN NIÊ", "'HHEN': apostrophe may be missing (H'HEN?)"),
    ("KSOR HBLIN", "'HBLIN': apostrophe may be missing (H'BLIN?)"),
    ("YBLIM ÊBAN", "'YBLIM': hyphen may be missing (Y-BLIM?)"),
])
def test_a_reading_that_lost_its_apostrophe_is_doubted_not_mended(read, doubt):
    value, problems = norm.name(read)
    assert value == read and problems == []  # no apostrophe invented
    assert doubt in doubts("full_name", value, read)


@pytest.mark.parametrize("word", ["HMOK", "HĐƠK", "HWING", "HOA", "HƯƠNG", "YẾN", "Y", "HÀ"])
def test_clan_names_and_kinh_syllables_are_no_lost_apostrophe(word):
    assert lost_mark(word) is None


def test_the_highland_grammar_takes_clusters_and_refuses_what_no_name_has():
    assert all(map(is_highland_word, ["Ksor", "Niê", "Êban", "Adrơng", "Kdăm", "Bkrông",
                                      "Mlô", "Hđơk", "Blin", "Ayun"]))
    assert not any(map(is_highland_word, ["XQZW", "Bl1n", "kkkk", "Ngu9"]))


def test_kinh_names_keep_their_rules():
    assert norm.name("NGUYÊN VĂN QUẦN")[0] == "NGUYỄN VĂN QUÂN"  # mark slips still undone
    assert "'XQZW' is not a syllable Vietnamese names use" in doubts(
        "full_name", "NGUYỄN XQZW", "NGUYỄN XQZW")
    assert "'XQZW' is not spelled like a name" in doubts("full_name", "H'HEN XQZW", "")
    assert norm.name("KSOR H'BL1N")[1]  # a digit is still no name character


def _raw(text: str, confidence: float = 0.93) -> Raw:
    return Raw(text, confidence)


def test_extraction_keeps_a_highland_name_out_of_review_and_flags_a_lost_apostrophe():
    field, reasons = read_field("full_name", _raw("KSOR H’BLIN"), review_confidence=0.8)
    assert field.value == "KSOR H'BLIN" and field.confidence == 0.93 and reasons == []
    lost, reasons = read_field("mother_full_name", _raw("HHEN NIÊ"), review_confidence=0.8)
    assert lost.value == "HHEN NIÊ" and lost.confidence < 0.8  # under review, not invalid
    assert lost.confidence > 0.3
    assert reasons == ["mother_full_name: 'HHEN': apostrophe may be missing (H'HEN?)"]
    record = make_record(RecordType.birth, {"full_name": _raw("Y-MOAN ÊBAN")}, page=1,
                         review_confidence=0.8)
    assert not any(r.startswith("full_name") for r in record.review_reasons)


def test_a_person_typing_a_highland_name_is_accepted():
    assert normalise_value("full_name", "KSOR H'BLIN") == ("KSOR H'BLIN", None)
    assert check_values("birth", {"mother_full_name": "H'Hen Niê",
                                  "father_full_name": "Y-Moan Êban"}) == {
        "mother_full_name": "H'Hen Niê", "father_full_name": "Y-Moan Êban"}


@pytest.mark.parametrize(("read", "printed"), [
    ("H'HEN NTÊ", "H'HEN NIÊ"),  # a serifed I read T in the clan name (indgen dev seed 40)
    ("KSOT H'BLIN", "KSOT H'BLIN"),  # no I slip makes a clan name: kept
    ("Y-MOAN ÊBAN", "Y-MOAN ÊBAN"),
])
def test_a_clan_name_with_its_i_read_t_is_the_clan_name(read, printed):
    assert norm.name(read)[0] == printed
