import pytest

from ocr.syllables import Syllable, parse, variants


@pytest.mark.parametrize("word, onset, rhyme, tone", [
    ("Nguyễn", "ng", "uyên", 4), ("quyển", "qu", "yên", 3), ("giêng", "gi", "êng", 0),
    ("gì", "gi", "", 2), ("khuya", "kh", "uya", 0), ("ĐẶNG", "đ", "ăng", 5),
    ("nghiêng", "ngh", "iêng", 0), ("ước", "", "ươc", 1),
])
def test_parse_splits_onset_rhyme_and_tone(word, onset, rhyme, tone):
    assert parse(word) == Syllable(onset, rhyme, tone)


def test_old_and_new_tone_placement_are_the_same_syllable():
    assert parse("thủy").key == parse("thuỷ").key == "thuy3"
    assert parse("hòa").key == parse("hoà").key


@pytest.mark.parametrize("word", ["Vịêt", "hòang", "qủa", "ngòai", "nguỳên", "Thụân"])
def test_a_tone_mark_on_the_wrong_vowel_is_no_spelling(word):
    # OCR variants of ``Viêt`` put the nặng under i as well as under ê: were both
    # accepted, ``Viêt Nam`` would tie between two spellings of one word and stay wrong.
    assert parse(word) is None


@pytest.mark.parametrize("word", [
    "HUYÊỀN",  # two hatted vowels: tesseract stacked a second reading
    "tàc", "bảt", "mãch",  # a stop coda takes only sắc or nặng
    "ke" + "\u0301" + "\u0300",  # two tone marks
    "kan", "ghà", "ngi",  # k/gh/ngh before i e ê y only, c/g/ng elsewhere
    "QĐ", "UBND", "xyz", "tr", "12", "",
])
def test_impossible_syllables_are_rejected(word):
    assert parse(word) is None


def test_variants_change_marks_and_the_d_stroke_only():
    found = dict(variants("SỐ"))
    assert {"SỔ", "SÔ", "SỘ", "SỚ"} <= set(found)
    assert all(v[0] == "S" and len(v) == 2 for v in found)
    assert "dấu" in dict(variants("đấu"))
    assert all(v.startswith(("k", "K")) for v, _ in variants("kế", max_changes=2, max_cost=2))


def test_likely_variants_follow_tesseracts_direction_of_error():
    likely = dict(variants("SỐ", likely=True))
    assert likely["SỔ"] == min(likely.values())  # printed hỏi, read sắc: the commonest slip
    assert "SỌ" not in likely  # never seen: sắc read for nặng
    assert "tịnh" not in dict(variants("tỉnh", likely=True))
