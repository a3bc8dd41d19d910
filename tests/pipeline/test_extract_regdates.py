"""A register page's dates checked against each other (pipeline.extract.regdates): a
misread registration date or date of birth is taken back from the book's year, the
entries around it and its registration, at low confidence with a reason; dates read
whole and sound are never changed."""

from __future__ import annotations

import pytest

from pipeline.extract.anchor import Raw
from pipeline.extract.entries import Entry
from pipeline.extract.regdates import fit_dates


def _entries(rows: list[tuple[str, str]], book: str = "03/1998") -> list[Entry]:
    return [Entry({"book_number": Raw(book, 0.9), "registration_date": Raw(registered, 0.9),
                   "date_of_birth": Raw(born, 0.9)}, (0, 0, 1, 1)) for registered, born in rows]


@pytest.mark.parametrize("read, want", [
    ("041/⁄4141/1998", "01/11/1998"),  # a typewriter 1 read 41 (indgen dev seed 11)
    ("2060-09-11", None),  # a year of another century than the book's: see below
    ("94/04/1998", "04/04/1998"),  # 0 read 9
    ("45/04/1998", "15/04/1998"),  # 1 read 4
])
def test_a_misread_registration_date_is_taken_back(read, want):
    entries = _entries([("31/03/1998", "01/03/1998"), (read, "02/03/1998"),
                        ("21/11/1998", "03/03/1998")])
    fit_dates(entries)
    got = entries[1].raw["registration_date"]
    if want is None:  # "2060-09-11" is year-first: not day, month, year; left as read
        assert got.text == read and not entries[1].reasons
        return
    assert (got.text, got.confidence) == (want, 0.3)
    assert entries[1].reasons == [f"registration_date: read {read!r}; {want} fits the book's "
                                  "year and the entries around it"]


def test_a_registration_year_of_another_book_takes_the_book_year():
    entries = _entries([("11/09/2060", "02/09/1950"), ("19/09/2960", "02/01/1940")],
                       book="01/2000")
    fit_dates(entries)
    assert [e.raw["registration_date"].text for e in entries] == ["11/09/2000", "19/09/2000"]


@pytest.mark.parametrize("read, want", [
    ("416/05/1998", "16/05/1998"), ("09/40/1998", "09/10/1998"), ("25/97/1925", "25/07/1925"),
    ("12/02/2965", "12/02/1965"),
])
def test_a_misread_date_of_birth_comes_before_the_registration(read, want):
    entries = _entries([("20/11/1998", read)])
    fit_dates(entries)
    got = entries[0].raw["date_of_birth"]
    assert (got.text, got.confidence) == (want, 0.3)
    assert entries[0].reasons[0].startswith(f"date_of_birth: read {read!r}; {want}")


def test_a_date_of_birth_nothing_fits_is_left_as_read():
    entries = _entries([("20/06/1998", "12/02/2065")])  # 2005 and 2015 are after 1998
    fit_dates(entries)
    assert entries[0].raw["date_of_birth"].text == "12/02/2065" and not entries[0].reasons


def test_sound_dates_stand_even_out_of_order():
    # a spread whose right page goes back in time: each date read whole stays
    rows = [("28/06/2018", "16/06/2018"), ("03/09/2018", "08/07/2018"),
            ("09/06/2018", "07/05/2018")]
    entries = _entries(rows, book="02/2018")
    entries[2].region = (2000, 0, 3000, 1)  # the spread's right page: a table of its own
    fit_dates(entries)
    assert [(e.raw["registration_date"].text, e.raw["date_of_birth"].text)
            for e in entries] == rows
    assert not any(e.reasons for e in entries)


@pytest.mark.parametrize("at", [0, 1, 3])
def test_a_date_read_whole_out_of_its_tables_order_is_kept_and_flagged(at):
    # 10/03 read 10/05 (a 3 read 5: indgen dev seed 34): a real date of the book's year,
    # so not changed, but later than the dates registered after it
    rows = [("10/03/2002", "15/11/1942"), ("16/03/2002", "08/03/1943"),
            ("21/03/2002", "12/08/1963"), ("22/03/2002", "01/01/1950")]
    rows[at] = (rows[at][0].replace("/03/", "/05/") if at < 3 else "02/03/2002", rows[at][1])
    entries = _entries(rows, book="01/2002")
    fit_dates(entries)
    assert [e.raw["registration_date"].text for e in entries] == [r for r, _ in rows]
    assert [bool(e.reasons) for e in entries] == [i == at for i in range(4)]
    assert entries[at].raw["registration_date"].confidence <= 0.5


def test_dates_in_order_are_not_flagged():
    entries = _entries([("10/03/2002", "15/11/1942"), ("10/03/2002", "08/03/1943"),
                        ("21/03/2002", "12/08/1963")], book="01/2002")
    fit_dates(entries)
    assert not any(e.reasons for e in entries)


def test_an_ambiguous_reading_is_left_alone():
    entries = _entries([("31/10/1998", "01/10/1998"), ("71/11/1998", "02/10/1998")])
    fit_dates(entries)  # 71 -> 11 (7/1 confusion) or 21, 01 (...): 11 is the cheapest
    assert entries[1].raw["registration_date"].text == "11/11/1998"
    entries = _entries([("31/10/1998", "01/10/1998"), ("55/11/1998", "02/10/1998")])
    fit_dates(entries)  # 55 -> 05 / 15 / 25 (one changed digit each): no one answer
    assert entries[1].raw["registration_date"].text == "55/11/1998"


def test_in_a_birth_book_a_birth_near_its_registration_is_preferred():
    # "2996": 2006 (two 9/0 slips) and 1996 (2 read 9) cost the same; a birth is
    # registered within 60 days, so 2006 (indgen dev seed 13)
    entries = _entries([("20/03/2006", "21/01/2996")], book="03/2006")
    fit_dates(entries)
    assert entries[0].raw["date_of_birth"].text == "21/01/2006"
    # in a death book no such preference: the two readings tie, nothing is taken
    entries = _entries([("20/03/2006", "21/01/2996")], book="03/2006")
    entries[0].raw["deceased_full_name"] = Raw("LÊ VĂN AN", 0.9)
    fit_dates(entries)
    assert entries[0].raw["date_of_birth"].text == "21/01/2996"


def test_a_misread_book_year_takes_the_year_of_the_page_dates():
    # "03/2063" over dates of 2003 (indgen dev seed 15): the book's year is the misread
    # one; the dates are not pulled into 2063 (a future year is never taken)
    entries = _entries([("28/01/2003", "01/01/1950"), ("29/01/2003", "01/01/1950"),
                        ("06/02/2963", "01/01/1950")], book="03/2063")
    fit_dates(entries)
    assert [e.raw["book_number"].text for e in entries] == ["03/2003"] * 3
    assert [e.raw["registration_date"].text for e in entries] == [
        "28/01/2003", "29/01/2003", "06/02/2003"]
    assert entries[0].raw["book_number"].confidence == 0.3
    assert "the year 2003 of the page's registration dates" in entries[0].reasons[0]


@pytest.mark.parametrize("book, dates, want", [
    # the typewriter's 0 read 6 in the book and in the dates alike (indgen dev seed 31):
    # the dates cannot outvote the book, but a year to come is no book's year
    ("02/2064", ["16/09/2064", "18/09/2064", "20/09/2964"], "02/2004"),
    ("01/2808", ["05/04/2008", "13/04/2008"], "01/2008"),  # seed 21: no 19../20.. year
    ("61/2012", ["08/06/2012", "13/06/2012"], "01/2012"),  # a book numbered 61 in a year
    ("92/2098", ["01/06/2098", "05/06/2098"], "02/2008"),
])
def test_a_book_number_of_a_year_to_come_or_numbered_high_is_taken_back(book, dates, want):
    entries = _entries([(d, "01/01/1950") for d in dates], book=book)
    fit_dates(entries)
    assert [e.raw["book_number"].text for e in entries] == [want] * len(dates)
    assert entries[0].raw["book_number"].confidence == 0.3
    assert all(e.raw["registration_date"].text[-4:] == want[-4:] for e in entries)


def test_a_sound_book_number_is_kept():
    entries = _entries([("05/04/2008", "01/01/1950"), ("13/04/2008", "01/01/1950")],
                       book="12/2008")
    fit_dates(entries)
    assert entries[0].raw["book_number"].text == "12/2008" and not entries[0].reasons


@pytest.mark.parametrize("book", ["02/2064", "01/2808", "03/2063", "02/2613", "04/1704", "02/2104"])
def test_a_register_page_and_the_normaliser_take_a_book_year_back_alike(book):
    # one rule (schemas.dates.year_slip) for a book year that has not come, on a register
    # page with no date to outvote it and in schemas.normalize.book_number
    from schemas.normalize import book_number
    entries = _entries([("", "")], book=book)
    fit_dates(entries)
    assert entries[0].raw["book_number"].text == book_number(book)[0]


def _deaths(died: str) -> list[Entry]:
    return [Entry({"book_number": Raw("01/2006", 0.9), "registration_date": Raw("30/05/2006", 0.9),
                   "death_datetime": Raw(died, 0.9), "date_of_birth": Raw("23/12/1963", 0.9)},
                  (0, 0, 1, 1))]


def test_a_misread_year_of_death_takes_the_reading_just_before_the_registration():
    # "28/05/2006" read "28/05/2966" (indgen dev seed 74): 2006 and 1966 are as cheap
    # (two usual slips each); the death is registered within days, so 2006
    entries = _deaths("17 giờ 45 phút, ngày 28/05/2966")
    fit_dates(entries)
    got = entries[0].raw["death_datetime"]
    assert (got.text, got.confidence) == ("17 giờ 45 phút, ngày 28/05/2006", 0.3)
    assert entries[0].reasons and entries[0].reasons[0].startswith("death_datetime: read")


def test_a_date_of_death_read_whole_before_its_registration_stays():
    entries = _deaths("17 giờ 45 phút, ngày 28/05/1966")  # a late registration: as read
    fit_dates(entries)
    assert entries[0].raw["death_datetime"].text == "17 giờ 45 phút, ngày 28/05/1966"
    assert not entries[0].reasons


@pytest.mark.parametrize("read, want", [
    # the date taken back from a 0 read 9 or 6: the time's 06 is that zero misread too
    # (indgen dev seeds 51, 59)
    ("16 giờ 06 phút, ngày 28/05/2906", "16 giờ 00 phút, ngày 28/05/2006"),
    ("06 giờ 10 phút, ngày 28/65/2006", "00 giờ 10 phút, ngày 28/05/2006"),
    # no zero slip in the date (a 1 read 4): the time stays as read
    ("16 giờ 06 phút, ngày 28/05/2046", "16 giờ 06 phút, ngày 28/05/2006"),
    # the date read whole: nothing says the 6 is a zero
    ("16 giờ 06 phút, ngày 28/05/2006", "16 giờ 06 phút, ngày 28/05/2006"),
])
def test_a_time_of_death_takes_back_the_zero_its_date_misread(read, want):
    entries = _deaths(read)
    fit_dates(entries)
    assert entries[0].raw["death_datetime"].text == want


def test_dates_whose_zeros_read_6_do_not_outvote_the_books_year():
    # a typewriter's 0 read 6 in every row (2000 read 2006), the printed book 02/2000 read
    # right: the book stands and the dates are taken back to its year
    rows = [("30/07/2006", "06/05/1950"), ("05/08/2006", "13/11/1927"),
            ("13/08/2006", "01/01/1940")]
    entries = _entries(rows, book="02/2000")
    fit_dates(entries)
    assert {e.raw["book_number"].text for e in entries} == {"02/2000"}
    assert [e.raw["registration_date"].text for e in entries] == [
        "30/07/2000", "05/08/2000", "13/08/2000"]
    # a book year misread otherwise still takes the dates' year
    entries = _entries(rows, book="02/2063")
    fit_dates(entries)
    assert entries[0].raw["book_number"].text == "02/2006"


def test_a_book_year_misread_two_ways_as_cheap_takes_the_pages_registration_year():
    # "02/2002" read "02/2962": 1962 and 2002 as cheap; the page's dates, read 2092 and
    # taken back alike, say 2002 (indgen check seed 93)
    rows = [("09/03/2092", "01/01/1950"), ("15/03/2092", "01/01/1940"),
            ("20/03/2002", "01/01/1930")]
    entries = _entries(rows, book="02/2962")
    fit_dates(entries)
    assert {e.raw["book_number"].text for e in entries} == {"02/2002"}
    entries = _entries(rows[:1], book="02/2962")  # one date: no page year, left as read
    fit_dates(entries)
    assert entries[0].raw["book_number"].text == "02/2962"
