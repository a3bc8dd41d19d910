"""The behaviour every search backend must have (see conftest for which backends run)."""

from datetime import date

import pytest

from index.base import IndexRecord, SearchQuery

PEOPLE = [
    ("d1", "NGUYỄN THỊ HỒNG NHUNG", "birth", "Ủy ban nhân dân xã Thanh Phong, huyện Như Xuân",
     "2019-03-05", "2019-04-01", "01/2019"),
    ("d2", "LƯU VĂN PHƯƠNG", "birth", "Ủy ban nhân dân xã Tân Lập, huyện Đan Phượng",
     "2017-01-20", "2017-02-01", "02/2017"),
    ("d3", "LƯU VĂN PHƯỢNG", "birth", "Ủy ban nhân dân xã Tân Lập, huyện Đan Phượng",
     "2018-06-30", "2018-07-15", "01/2018"),
    ("d4", "ĐẶNG ĐỨC ĐẠT", "death", "Ủy ban nhân dân xã Hòa Tiến, huyện Hòa Vang",
     "1950-01-01", "2019-05-05", "01/2019"),
    ("d5", "NGUYỄN VĂN NAM", "birth", "Ủy ban nhân dân xã Mỹ Đức, huyện Phù Mỹ",
     "2019-12-31", "2020-01-10", "01/2020"),
]


def rec(doc_id, name, kind="birth", place="x", born=None, registered=None, book=None, n=0):
    fields = {"full_name": name, "registration_place": place, "date_of_birth": born,
              "registration_date": registered, "book_number": book}
    return IndexRecord(f"{doc_id}:{n}", doc_id, f"{doc_id}.png", kind, 1, fields,
                       f"{name}\n{place}")


@pytest.fixture
def backend(empty_backend):
    empty_backend.upsert([rec(*p) for p in PEOPLE], document_ids=[p[0] for p in PEOPLE])
    return empty_backend


def ids(backend, text="", **kw):
    return [h.document_id for h in backend.search(SearchQuery(text, **kw)).hits]


def test_diacritic_free_lower_case_name_finds_the_record(backend):
    assert ids(backend, "nguyen thi hong nhung")[0] == "d1"


def test_d_bar_folds_to_d(backend):
    assert ids(backend, "dang duc dat") == ["d4"]


def test_one_typo_is_tolerated(backend):
    assert ids(backend, "nguyen thi hong nhnug")[0] == "d1"  # transposition
    assert ids(backend, "nguyen thi hong nhng")[0] == "d1"  # deletion
    assert ids(backend, "nguyen thi hong nhunh")[0] == "d1"  # substitution
    assert ids(backend, "nguyen thi hon nhung")[0] == "d1"  # 3-letter token


def test_exact_spelling_ranks_first(backend):
    assert ids(backend, "Lưu Văn Phượng")[:2] == ["d3", "d2"]
    assert ids(backend, "Lưu Văn Phương")[:2] == ["d2", "d3"]


def test_filters(backend):
    assert ids(backend, "nguyen", record_type="death") == []
    assert set(ids(backend, "nguyen", record_type="birth")) == {"d1", "d5"}
    assert set(ids(backend, "luu van", born_from=date(2018, 1, 1))) == {"d3"}
    assert set(ids(backend, "", born_from=date(2019, 1, 1), born_to=date(2019, 12, 31))) == {
        "d1", "d5"}
    assert set(ids(backend, "", registration_year=2019)) == {"d1", "d4"}
    assert set(ids(backend, "", commune="tan lap")) == {"d2", "d3"}
    assert set(ids(backend, "", commune="Tân Lập")) == {"d2", "d3"}
    assert set(ids(backend, "", book_number="01/2019")) == {"d1", "d4"}
    assert set(ids(backend, "nguyen", book_number="01/2019")) == {"d1"}


def test_place_words_are_searchable(backend):
    assert set(ids(backend, "thanh phong")) == {"d1"}


def test_quoted_words_must_appear_together_in_order(backend):
    assert set(ids(backend, '"tan lap"')) == {"d2", "d3"}
    assert ids(backend, '"lap tan"') == []
    assert ids(backend, 'luu "huyen dan phuong"')[:2] == ["d2", "d3"]
    assert ids(backend, 'nguyen "huyen nhu xuan"') == ["d1"]


def test_empty_query_without_filters_finds_nothing(backend):
    result = backend.search(SearchQuery("  ,, ", count=True))
    assert result.hits == [] and result.total == 0


def test_total_and_facets(backend):
    result = backend.search(SearchQuery("", record_type="birth", facets=True, limit=1))
    assert result.total == 4 and len(result.hits) == 1
    assert result.facets["record_type"] == {"birth": 4}
    assert result.facets["registration_year"] == {"2017": 1, "2018": 1, "2019": 1, "2020": 1}
    assert result.facets["commune"] == {"tan lap": 2, "thanh phong": 1, "my duc": 1}


def test_total_is_only_computed_when_asked(backend):
    assert backend.search(SearchQuery("nguyen")).total is None
    assert backend.search(SearchQuery("nguyen", count=True)).total == 2


def test_phrase_pass_does_not_change_the_page(empty_backend):
    """A page settled by the cheap name-phrase pass must equal the full ranking."""
    people = [rec(f"p{i}", "NGUYỄN VĂN AN") for i in range(12)]
    people += [rec("q0", "AN VĂN NGUYỄN"), rec("q1", "NGUYỄN VĂN ANH"), rec("q2", "NGUYỄN VĂN")]
    empty_backend.upsert(people, document_ids=[])
    top = ids(empty_backend, "nguyen van an", limit=10)
    assert set(top) <= {f"p{i}" for i in range(12)}
    rest = ids(empty_backend, "nguyen van an", limit=5, offset=10)
    assert set(rest[:2]) | set(top) == {f"p{i}" for i in range(12)}  # no perfect match lost
    assert rest[2:] == ["q0"]  # all words out of order next; "an" (2 letters) allows no typo
    assert ids(empty_backend, "nguyen van anh", limit=3)[0] == "q1"


def test_paging(backend):
    first = ids(backend, "luu van", limit=1)
    second = ids(backend, "luu van", limit=1, offset=1)
    assert len(first) == len(second) == 1 and first != second


def test_highlights_mark_matched_words(backend):
    hit = backend.search(SearchQuery("dang duc dat", highlight=True)).hits[0]
    assert hit.highlights["full_name"] == "«ĐẶNG» «ĐỨC» «ĐẠT»"
    assert backend.search(SearchQuery("dang duc dat")).hits[0].highlights == {}


def test_upsert_replaces_a_documents_records(backend):
    assert backend.upsert([rec("d1", "TRẦN THỊ MAI")], document_ids=["d1"]) == []
    assert "d1" not in ids(backend, "nguyen thi hong nhung")
    assert ids(backend, "tran thi mai") == ["d1"]
    assert backend.count() == len(PEOPLE)
    assert backend.document_counts() == {p[0]: 1 for p in PEOPLE}


def test_hits_carry_fields_and_source(backend):
    hit = backend.search(SearchQuery("dang duc dat")).hits[0]
    assert hit.fields["full_name"] == "ĐẶNG ĐỨC ĐẠT"
    assert hit.source == "d4.png" and hit.record_type == "death" and hit.score > 0


def test_clear(backend):
    backend.clear()
    assert backend.count() == 0


def test_rebuild_generation_is_invisible_until_committed(backend):
    generation = backend.begin_rebuild()
    assert backend.add_to(generation, [rec("n1", "PHẠM MINH QUÂN")]) == []
    assert ids(backend, "pham minh quan") == []  # old generation still serves
    assert ids(backend, "dang duc dat") == ["d4"]
    backend.commit_rebuild(generation)
    assert ids(backend, "pham minh quan") == ["n1"]
    assert ids(backend, "dang duc dat") == []
    assert backend.count() == 1


def test_aborted_rebuild_leaves_the_live_index(backend):
    generation = backend.begin_rebuild()
    backend.add_to(generation, [rec("n1", "PHẠM MINH QUÂN")])
    backend.abort_rebuild(generation)
    assert ids(backend, "dang duc dat") == ["d4"] and backend.count() == len(PEOPLE)


def test_typo_on_a_common_name_still_ranks_the_person_first(empty_backend):
    """Many people share tokens; the one-edit match on the whole name must win."""
    crowd = [rec(f"c{i}", f"NGUYỄN THỊ {given}")
             for i, given in enumerate(["GIA", "GIANG", "HÀ", "HẠNH", "HƯƠNG", "LAN", "LINH",
                                        "MAI", "NGA", "NHUNG", "THU", "TRANG", "VY", "YẾN"])]
    crowd.append(rec("target", "TRẦN THỊ HỒNG NHUNG"))
    empty_backend.upsert(crowd, document_ids=[])
    assert ids(empty_backend, "tran thi hong nhnug")[0] == "target"
    assert ids(empty_backend, "tran thi hon nhung")[0] == "target"


def test_totals_are_exact_beyond_ten_thousand(empty_backend):
    empty_backend.upsert((rec(f"m{i}", "NGUYỄN VĂN AN", born="2000-01-01")
                          for i in range(10_050)), document_ids=[])
    result = empty_backend.search(SearchQuery("nguyen van an", limit=3, count=True))
    assert result.total == 10_050 and len(result.hits) == 3
    assert len(empty_backend.document_counts()) == 10_050


def test_a_misread_date_out_of_range_does_not_stop_indexing(empty_backend):
    """OCR read a birth in 2625: the record is indexed and found by name, its date is
    not filterable (tantivy's dates end in 2262), and nothing is refused."""
    odd = rec("d9", "Hà Thị Thu", born="2625-03-01", registered="1066-01-01")
    assert empty_backend.upsert([odd], document_ids=["d9"]) == []
    assert ids(empty_backend, "ha thi thu") == ["d9"]
    assert ids(empty_backend, "", born_from=date(2000, 1, 1)) == []


def test_the_widest_allowed_query_runs(backend):
    """The bounds SearchQuery lets through are within what every engine takes (dates to
    2200, the deepest page): no backend error, no huge allocation."""
    from index.base import MAX_LIMIT, RESULT_WINDOW

    wide = SearchQuery("nguyen", born_from=date(1800, 1, 1), born_to=date(2200, 12, 31),
                       registration_year=2200, limit=MAX_LIMIT, offset=RESULT_WINDOW - MAX_LIMIT,
                       count=True)
    assert backend.search(wide).hits == []
    assert len(backend.search(SearchQuery("nguyen", born_from=date(1800, 1, 1),
                                          born_to=date(2200, 12, 31), limit=MAX_LIMIT)).hits) == 2


def test_a_generation_is_known_while_it_exists(backend):
    generation = backend.begin_rebuild()
    backend.add_to(generation, [rec(*PEOPLE[0])])
    assert backend.has_generation(generation)
    assert not backend.has_generation(generation + "0") and not backend.has_generation("../x")
    backend.abort_rebuild(generation)
    assert not backend.has_generation(generation)


HIGHLAND = [("h1", "KSOR H'BLIN"), ("h2", "RƠ MAH H'YÊN"), ("h3", "KSOR BLIN")]


@pytest.mark.parametrize("typed", ["ksor hblin", "ksor h'blin", "Ksor H’Blin", "KSOR HBLIN"])
def test_a_name_with_an_apostrophe_is_found_typed_with_or_without_it(empty_backend, typed):
    """H'BLIN is one syllable to the people who bear it: typed `hblin` (no apostrophe on a
    phone keyboard), `h'blin` or with a typographic apostrophe, it finds the person first,
    ahead of a KSOR BLIN who has no H."""
    empty_backend.upsert([rec(i, n) for i, n in HIGHLAND], document_ids=[i for i, _ in HIGHLAND])
    assert ids(empty_backend, typed)[0] == "h1"


def test_a_name_with_an_apostrophe_is_found_by_a_typo(empty_backend):
    empty_backend.upsert([rec(i, n) for i, n in HIGHLAND], document_ids=[i for i, _ in HIGHLAND])
    assert ids(empty_backend, "ro mah hyen")[0] == "h2"
    assert ids(empty_backend, "ro mah hien")[0] == "h2"  # y typed i


def test_a_three_letter_syllable_typed_with_a_letter_lost_is_found(empty_backend):
    """"bi" is no name syllable here: it is taken as "bui" missing its u (one edit), while a
    2-letter syllable that exists ("le") is still taken as typed."""
    empty_backend.upsert([rec("b1", "BÙI THỊ LỆ THU"), rec("b2", "BÙI THỊ LAN THU"),
                          rec("b3", "LÊ THỊ LỆ THU")], document_ids=[])
    assert ids(empty_backend, "bi thi le thu")[0] == "b1"
    assert ids(empty_backend, "le thi le thu")[0] == "b3"


def test_a_two_letter_syllable_that_exists_may_still_be_a_typo(empty_backend):
    """"mi" is a syllable (LÒ THỊ MI) but no name is "mi duc tu": once the strict step finds
    nothing, it may be "mai" with a letter lost."""
    empty_backend.upsert([rec("m1", "MAI ĐỨC TÚ"), rec("m2", "LÒ THỊ MI"),
                          rec("m3", "NGUYỄN ĐỨC TÚ")], document_ids=[])
    assert ids(empty_backend, "mi duc tu")[0] == "m1"
    assert ids(empty_backend, "lo thi mi")[0] == "m2"


@pytest.mark.parametrize("key", ["deceased_full_name", "husband_full_name", "wife_full_name"])
def test_every_persons_name_is_a_name_on_every_backend(empty_backend, key):
    """The deceased, husband and wife are names like a newborn's: found with a typo."""
    record = IndexRecord(f"e1:{key}", "e1", "e1.png", "death", 1,
                         {key: "TRỊNH VĂN KHÁNH"}, "")
    empty_backend.upsert([record, rec("e2", "TRỊNH VĂN KHANG")], document_ids=[])
    assert ids(empty_backend, "trinh van khnah")[0] == "e1"


def test_two_syllables_read_as_one_word_are_found_typed_apart(empty_backend):
    """OCR lost the space in a name ("ANHTUYẾT", "QUANGAN"): typed as two words, with or
    without a typo, the person comes first, ahead of namesakes with part of the name."""
    empty_backend.upsert([rec("j1", "NGUYỄN ANHTUYẾT"), rec("j2", "ĐẶNG QUANGAN"),
                          rec("j3", "NGUYỄN ANH TUẤN"), rec("j4", "ĐẶNG QUANG ANH"),
                          rec("j5", "NGUYỄN TUYẾT ANH")], document_ids=[])
    assert ids(empty_backend, "nguyen anh tuyet")[0] == "j1"
    assert ids(empty_backend, "nguen anh tuyet")[0] == "j1"
    assert ids(empty_backend, "nguyen anh tuyt")[0] == "j1"  # the typo inside the joined word
    assert ids(empty_backend, "dang quag an")[0] == "j2"
    assert ids(empty_backend, "dang quang anh")[0] == "j4"  # a real name still wins


def test_an_entry_whose_name_was_not_extracted_is_found_by_a_typo_in_its_text(empty_backend):
    """A register row whose name column extraction could not read: its page text holds the
    name, OCR-damaged (HOÀl). Typed with a typo it is still found, among namesakes whose
    names were read (who rank first only when they match better)."""
    page = "Sổ đăng ký khai sinh\n1 TRẦN HOÀl QUYÊN 12/03/2019 Nữ Kinh\n2 LÊ VĂN AN 01/01/2019"
    nameless = IndexRecord("r1-1-1", "r1", "r1.png", "birth", 1, {"date_of_birth": None}, page)
    crowd = [rec(f"n{i}", name) for i, name in enumerate(
        ["TRẦN HOÀI NAM", "TRẦN QUYÊN", "HOÀNG QUYÊN", "TRẦN ĐỨC QUÂN", "LÊ HOÀI QUYÊN"])]
    empty_backend.upsert([nameless, *crowd], document_ids=[])
    assert "r1" in ids(empty_backend, "tran hoai quyn", limit=5)
    assert "r1" in ids(empty_backend, "tran hoai quyen", limit=5)
    assert ids(empty_backend, "le hoai quyen")[0] == "n4"  # a name that is there wins
    assert "r1" not in ids(empty_backend, "pham hoai quyen")  # every word must be there


def test_a_name_wrapped_in_a_table_cell_ranks_above_the_same_words_in_boilerplate(
        empty_backend):
    """Register rows whose names were not read: the name's lines are apart in the page text
    (other columns between them). It ranks above a page holding the same words scattered
    and not in capitals (thị trấn ... chính quyền)."""
    register = ("345 17/07/2006 TRẦN HOÀI 22/05/2006 Nữ Thái Việt Nam Xóm 8, xã Pa Vây\n"
                "QUYÊN Sử, huyện Phong Thổ")
    decision = ("Ủy ban nhân dân thị trấn Phú Hòa\nCăn cứ Luật Tổ chức chính quyền địa "
                "phương ngày 19 tháng 6 năm 2015")
    empty_backend.upsert([
        IndexRecord("w1-1-1", "w1", "w1.png", "birth", 1, {}, register),
        IndexRecord("w2-1-1", "w2", "w2.png", "decision", 1, {}, decision)], document_ids=[])
    assert ids(empty_backend, "tran hoai quyn")[:2] == ["w1", "w2"]
