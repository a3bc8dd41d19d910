from datetime import date, timedelta

import pytest

from ocr.text import fold_lower
from schemas.dates import (
    correct_words,
    date_words,
    number_words,
    parse_digits,
    parse_number_words,
    parse_words,
)


@pytest.mark.parametrize("text,expected", [
    ("05/03/2019", date(2019, 3, 5)),
    ("5/3/2019", date(2019, 3, 5)),
    ("Ngày, tháng, năm sinh: 31.12.2000", date(2000, 12, 31)),
    ("01 - 04 - 2019", date(2019, 4, 1)),
])
def test_parse_digits(text, expected):
    assert parse_digits(text) == expected


@pytest.mark.parametrize("text", ["31/02/2019", "no date", "13/13/2019"])
def test_parse_digits_rejects_impossible_dates(text):
    assert parse_digits(text) is None


# Every variant the domain reference lists for the words form.
@pytest.mark.parametrize("text,expected", [
    ("Ngày năm, tháng ba, năm hai nghìn không trăm mười chín", date(2019, 3, 5)),
    ("Ngày năm, tháng ba, năm hai nghìn hai mươi", date(2020, 3, 5)),
    ("ngày mùng năm tháng ba năm hai nghìn không trăm hai mươi", date(2020, 3, 5)),
    ("ngày mồng một tháng giêng năm hai ngàn không trăm linh năm", date(2005, 1, 1)),
    ("Ngày hai mươi mốt, tháng tư, năm hai nghìn không trăm lẻ tám", date(2008, 4, 21)),
    ("ngày hai mươi một tháng bốn năm hai nghìn không trăm lẻ tám", date(2008, 4, 21)),
    ("NGÀY MƯỜI LĂM, THÁNG MƯỜI HAI, NĂM MỘT NGHÌN CHÍN TRĂM CHÍN MƯƠI", date(1990, 12, 15)),
    ("ngày hai mươi nhăm tháng chạp năm một nghìn chín trăm tám mươi tư", date(1984, 12, 25)),
    ("ngày hai mươi lăm tháng năm năm hai nghìn mười", date(2010, 5, 25)),
    ("ngày một mươi tháng mười năm hai nghìn", date(2000, 10, 10)),
    ("ngày ba mươi tháng sáu năm hai nghìn không trăm mười tư", date(2014, 6, 30)),
    ("ngày hai mươi năm tháng năm năm hai nghìn", date(2000, 5, 25)),  # năm: 5 and "year"
    ("ngày mười một tháng mười một năm hai ngàn không trăm mốt", date(2001, 11, 11)),
])
def test_parse_words_variants(text, expected):
    assert parse_words(text) == expected


@pytest.mark.parametrize("text", ["", "ngày tháng năm", "ngày ba mươi hai tháng một năm hai nghìn",
                                  "ngày hai hai tháng một năm hai nghìn"])
def test_parse_words_rejects_nonsense(text):
    assert parse_words(text) is None


def test_number_words_round_trip():
    for n in range(0, 2101):

        assert parse_number_words(fold_lower(number_words(n)).split()) == n, number_words(n)


def test_date_words_round_trip_over_years():
    d = date(1995, 1, 1)
    while d < date(2026, 1, 1):
        assert parse_words(date_words(d)) == d, date_words(d)
        d += timedelta(days=37)


def test_date_words_examples():
    assert date_words(date(2019, 3, 5)) == "Ngày năm, tháng ba, năm hai nghìn không trăm mười chín"
    assert number_words(21) == "hai mươi mốt"
    assert number_words(2005) == "hai nghìn không trăm lẻ năm"


@pytest.mark.parametrize("ocr,fixed", [
    ("Ngày ba mươi mốt, tháng năm, năm hai nghìn không trắm mười chín",
     "Ngày ba mươi mốt, tháng năm, năm hai nghìn không trăm mười chín"),
    ("Ngày hai mươi tám, tháng một, năm hai nghìn không trăm hai mươi từ",
     "Ngày hai mươi tám, tháng một, năm hai nghìn không trăm hai mươi tư"),
    ("ngày mùng năm tháng ba năm hai ngàn không trăm linh năm",  # variants kept as written
     "ngày mùng năm tháng ba năm hai ngàn không trăm linh năm"),
    ("Ngày hai muơi môt, tháng mưòi", "Ngày hai mươi mốt, tháng mười"),  # by position
])
def test_ocr_errors_in_date_words_are_undone(ocr, fixed):
    assert correct_words(ocr) == fixed


def test_every_generated_date_survives_correction_unchanged():
    d = date(1995, 1, 1)
    while d < date(2026, 1, 1):
        assert correct_words(date_words(d)) == date_words(d)
        d += timedelta(days=11)
