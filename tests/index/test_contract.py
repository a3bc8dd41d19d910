"""The behaviour every search backend must have. Backends: embedded tantivy (always)."""

import pytest

from index.base import IndexRecord
from index.embedded import EmbeddedIndex

PEOPLE = [
    ("d1", "NGUYỄN THỊ HỒNG NHUNG", "birth", "xã Thanh Phong, huyện Như Xuân, tỉnh Thanh Hóa"),
    ("d2", "LƯU VĂN PHƯƠNG", "birth", "xã Tân Lập, huyện Đan Phượng, tỉnh Hà Nội"),
    ("d3", "LƯU VĂN PHƯỢNG", "birth", "xã Tân Lập, huyện Đan Phượng, tỉnh Hà Nội"),
    ("d4", "ĐẶNG ĐỨC ĐẠT", "death", "xã Hòa Tiến, huyện Hòa Vang, TP Đà Nẵng"),
    ("d5", "NGUYỄN VĂN NAM", "birth", "xã Mỹ Đức, huyện Phù Mỹ, tỉnh Bình Định"),
]


def rec(doc_id, name, kind, place, n=0):
    return IndexRecord(f"{doc_id}:{n}", doc_id, f"{doc_id}.png", kind, 1,
                       {"full_name": name, "registration_place": place}, f"{name}\n{place}")


@pytest.fixture(params=["embedded"])
def backend(request, tmp_path):
    idx = EmbeddedIndex(tmp_path / "index")
    idx.upsert([rec(*p) for p in PEOPLE], document_ids=[p[0] for p in PEOPLE])
    yield idx
    idx.close()


def ids(hits):
    return [h.document_id for h in hits]


def test_diacritic_free_lower_case_name_finds_the_record(backend):
    assert ids(backend.search("nguyen thi hong nhung"))[0] == "d1"


def test_d_bar_folds_to_d(backend):
    assert ids(backend.search("dang duc dat")) == ["d4"]


def test_one_typo_is_tolerated(backend):
    assert ids(backend.search("nguyen thi hong nhnug"))[0] == "d1"  # transposition
    assert ids(backend.search("nguyen thi hong nhng"))[0] == "d1"  # deletion
    assert ids(backend.search("nguyen thi hong nhunh"))[0] == "d1"  # substitution


def test_exact_spelling_ranks_first(backend):
    assert ids(backend.search("Lưu Văn Phượng"))[:2] == ["d3", "d2"]
    assert ids(backend.search("Lưu Văn Phương"))[:2] == ["d2", "d3"]


def test_type_filter(backend):
    assert ids(backend.search("nguyen", record_type="death")) == []
    assert set(ids(backend.search("nguyen", record_type="birth"))) == {"d1", "d5"}


def test_place_words_are_searchable(backend):
    assert set(ids(backend.search("thanh phong"))) == {"d1"}


def test_upsert_replaces_a_documents_records(backend):
    backend.upsert([rec("d1", "TRẦN THỊ MAI", "birth", "x")], document_ids=["d1"])
    assert ids(backend.search("nguyen thi hong nhung")) != ["d1"]
    assert ids(backend.search("tran thi mai")) == ["d1"]
    assert backend.count() == len(PEOPLE)


def test_hits_carry_fields_and_source(backend):
    hit = backend.search("dang duc dat")[0]
    assert hit.fields["full_name"] == "ĐẶNG ĐỨC ĐẠT"
    assert hit.source == "d4.png" and hit.record_type == "death" and hit.score > 0


def test_empty_query_and_clear(backend):
    assert backend.search("  ,, ") == []
    backend.clear()
    assert backend.count() == 0


def test_index_folder_stays_bounded_over_many_commits(tmp_path):
    idx = EmbeddedIndex(tmp_path / "i")
    for n in range(30):
        idx.upsert([rec("d1", f"NGUYỄN VĂN {n}", "birth", "x")], document_ids=["d1"])
    files = list((tmp_path / "i").iterdir())
    assert idx.count() == 1
    assert len(files) < 40, files  # obsolete segments are garbage-collected


def test_typo_on_a_common_name_still_ranks_the_person_first(tmp_path):
    """Many people share tokens; the one-edit match on the whole name must win."""
    idx = EmbeddedIndex(tmp_path / "crowd")
    crowd = [rec(f"c{i}", f"NGUYỄN THỊ {given}", "birth", "x")
             for i, given in enumerate(["GIA", "GIANG", "HÀ", "HẠNH", "HƯƠNG", "LAN", "LINH",
                                        "MAI", "NGA", "NHUNG", "THU", "TRANG", "VY", "YẾN"])]
    crowd.append(rec("target", "TRẦN THỊ HỒNG NHUNG", "birth", "x"))
    idx.upsert(crowd, document_ids=[])
    assert ids(idx.search("tran thi hong nhnug"))[0] == "target"
    assert ids(idx.search("tran thi hon nhung"))[0] == "target"  # 3-letter token, one edit
