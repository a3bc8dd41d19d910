"""tesseract's close second guesses: read from its hOCR (real tesseract on a generated
line), and the spelling they allow that the language favours (``ocr.choose``)."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.choices import parse_hocr, spellings, sure
from ocr.choose import choose_page, choose_words
from ocr.correct import CORRECTED_CONFIDENCE, correct_words
from ocr.frequency import log_frequency
from ocr.lexicon import default_lexicon
from ocr.models import Box, Line, OcrPage, Word
from ocr.recognize import recognize

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"


def line_image(text: str, pt: int = 12) -> np.ndarray:
    font = ImageFont.truetype(FONT, round(pt * 300 / 72))
    img = Image.new("L", (1400, 160), 255)
    ImageDraw.Draw(img).text((40, 40), text, font=font, fill=0)
    return np.asarray(img)


def word(text: str, doubts: dict[int, list[tuple[str, float]]] | None = None,
         confidence: float = 0.9, at: int = 0) -> Word:
    """A word as tesseract gives it: every letter sure (95, nothing else weighed) except
    those in ``doubts`` (letter index -> other letters and their x_confs)."""
    doubts = doubts or {}
    choices = tuple(((ch, 95.0), *doubts.get(i, [])) for i, ch in enumerate(text))
    return Word(text, confidence, Box(60 * at, 0, 50, 30), choices=choices)


def test_recognize_reads_the_letters_second_guesses_from_real_tesseract():
    image = line_image("Tôi thấy mấy quyển sách mới")
    words = recognize(image, dpi=300, psm=7)
    assert " ".join(w.text for w in words) == "Tôi thấy mấy quyển sách mới"
    for w in words:
        assert len(w.choices) == len(w.text)  # one entry per letter, the letter written first
        assert "".join(c[0][0] for c in w.choices) == w.text
        assert all(0 <= s <= 100 for c in w.choices for _, s in c)
        assert w.box.left > 0 and w.box.right < 1400 and 30 <= w.box.top < w.box.bottom <= 160
    assert all(sure(w) for w in words)  # a clean 12 pt line: no letter in doubt


def test_parse_hocr_matches_letters_and_alternatives():
    hocr = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body>
<span class='ocrx_word' id='word_1_1' title='bbox 10 20 110 60; x_wconf 71'>
 <span class='ocrx_cinfo' title='x_bboxes 10 20 40 60; x_conf 99'>m</span>
 <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
  <span class='ocrx_cinfo' id='c1' title='x_confs 96'>m</span></span>
 <span class='ocrx_cinfo' title='x_bboxes 40 20 80 60; x_conf 70'>â</span>
 <span class='ocrx_cinfo' id='lstm_choices_1_1_2'>
  <span class='ocrx_cinfo' id='c2' title='x_confs 80'>â</span>
  <span class='ocrx_cinfo' id='c3' title='x_confs 62'>ấ</span>
  <span class='ocrx_cinfo' id='c4' title='x_confs 0'>ầ</span></span>
 <span class='ocrx_cinfo' title='x_bboxes 80 20 110 60; x_conf 99'>y</span>
</span></body></html>"""
    (w,) = parse_hocr(hocr, offset=(100, 200), scale=2.0)
    assert w.text == "mây" and w.confidence == 0.71
    assert w.box == Box(105, 210, 50, 20)
    assert w.choices[1] == (("â", 80.0), ("ấ", 62.0), ("ầ", 0.0))
    assert w.choices[2] == (("y", 100.0),)  # no list given: only the letter written
    assert not sure(w)
    assert [s for s, _ in spellings(w)] == ["mây", "mấy"]  # ầ at 0 is no choice


def test_spellings_change_at_most_two_letters_and_keep_case():
    w = word("đặn", {0: [("d", 70.0), ("Đ", 80.0)], 1: [("ậ", 75.0)], 2: [("p", 60.0)]})
    texts = dict(spellings(w))
    assert texts["đặn"] == 0.0
    assert texts["đập"] == pytest.approx(0.20 + 0.35)
    assert "dập" not in texts  # three letters changed
    assert not any(t.startswith("Đ") for t in texts)  # a lower-case letter stays lower case


@pytest.mark.parametrize("read, doubts, printed", [
    # the tone tesseract hesitated over: the frequent syllable wins
    ("Tôi thây nó", {1: {2: [("ấ", 60.0)]}}, "Tôi thấy nó"),
    # a spelling that is no known syllable gives way to one that is
    ("ở đưới gốc cây", {1: {0: [("d", 50.0)]}}, "ở dưới gốc cây"),
    ("buôi sáng", {0: {2: [("ổ", 52.0)]}}, "buổi sáng"),
])
def test_the_spelling_the_language_favours_is_chosen(read, doubts, printed):
    words = [word(t, doubts.get(i), at=i) for i, t in enumerate(read.split())]
    chosen = choose_words(words, default_lexicon())
    assert " ".join(w.text for w in chosen) == printed
    changed = [w for w in chosen if w.raw is not None]
    assert len(changed) == 1 and changed[0].confidence <= CORRECTED_CONFIDENCE


@pytest.mark.parametrize("read, doubts", [
    ("Tôi thấy nó", {1: {2: [("â", 60.0)]}}),  # the rare spelling is not taken
    ("Tôi thây nó", {1: {2: [("ấ", 20.0)]}}),  # an alternative far below is no choice
    ("Tôi thây nó", {}),  # no doubt at all
    ("ông Lâm", {1: {1: [("ắ", 70.0)]}}),  # a name's valid syllable is kept
])
def test_sure_or_unfavoured_readings_stay(read, doubts):
    words = [word(t, doubts.get(i), at=i) for i, t in enumerate(read.split())]
    assert " ".join(w.text for w in choose_words(words, default_lexicon())) == read


def test_post_correction_leaves_a_known_word_tesseract_was_sure_of():
    """``để`` is a known word; with no choice weighed, the phrase rules may not turn it
    into ``đề`` (on generated prose 40 of 48 such changes were wrong)."""
    lexicon = default_lexicon()
    text = "cây số để đến lớp, ngày ông còn trẻ"
    unknown = [Word(w.text, w.confidence, w.box) for w in (word(t) for t in text.split())]
    assert " ".join(w.text for w in correct_words(unknown, lexicon)) != text  # the old slip
    sure_words = [word(t, at=i) for i, t in enumerate(text.split())]
    assert " ".join(w.text for w in correct_words(sure_words, lexicon)) == text


def test_choose_page_keeps_the_reading_before():
    page = OcrPage(width=400, height=40, dpi=300,
                   lines=(Line((word("thây", {2: [("ấ", 60.0)]}),)),))
    chosen = choose_page(page, default_lexicon())
    assert chosen.text == "thấy" and chosen.raw_text == "thây"


def test_frequency_orders_syllables_either_tone_placement():
    assert log_frequency("thấy") > log_frequency("thây") > log_frequency("thẩy") - 10
    assert log_frequency("hòa") == log_frequency("hoà") == log_frequency("HOÀ")
    assert log_frequency("xyz") == -8.0


def test_a_reading_with_more_doubted_letters_than_a_spelling_may_change_is_junk():
    """A seal or a page read as junk: every letter in doubt; no spelling is chosen."""
    doubts = {0: [("l", 70.0)], 1: [("h", 70.0)], 2: [("ấ", 70.0)]}
    assert choose_words([word("tbây", doubts)], default_lexicon())[0].text == "tbây"
    del doubts[0]  # two letters in doubt: a slip, re-decided
    assert choose_words([word("tbây", doubts)], default_lexicon())[0].text == "thấy"


def test_a_change_the_second_look_does_not_see_is_undone():
    """The frequency prior alone turns a rarer right word into a commoner one (on the real
    pages ``bé dại`` -> ``bé đại``, ``mỏi`` -> ``mới``): with a second look that read the
    word as printed, the two readings' mean doubt keeps it; one that saw the change too
    lets it through."""
    lexicon = default_lexicon()
    read = "con bé dại"
    words = [word(t, {0: [("đ", 74.0)]} if t == "dại" else None, at=i)
             for i, t in enumerate(read.split())]
    assert choose_words(words, lexicon)[2].text == "đại"  # the prior alone
    box = words[2].box
    assert choose_words(words, lexicon, {box: {"dại": 0.0}})[2].text == "dại"
    assert choose_words(words, lexicon, {box: {"đại": 0.0, "dại": 0.3}})[2].text == "đại"


def test_choose_page_looks_again_at_the_words_it_would_change():
    """A real tesseract second look at a clean ``dại``: the change its first reading's
    doubt (put in here) allowed is undone; without the image it is made."""
    image = line_image("Tôi nhớ một thằng con bé dại")
    words = recognize(image, dpi=300, psm=7)
    assert words[-1].text == "dại"
    doubt = ((("d", 95.0), ("đ", 74.0)), *words[-1].choices[1:])
    words[-1] = Word("dại", words[-1].confidence, words[-1].box, choices=doubt)
    page = OcrPage(width=image.shape[1], height=image.shape[0], dpi=300,
                   lines=(Line(tuple(words)),))
    assert choose_page(page, default_lexicon()).text.endswith("bé đại")
    assert choose_page(page, default_lexicon(), image).text.endswith("bé dại")
