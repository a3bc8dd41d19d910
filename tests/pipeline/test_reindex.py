"""Rebuild, check and repair of the index from the catalog (embedded backend, no OCR)."""

import json

import pytest

from index.base import SearchQuery
from index.embedded import EmbeddedIndex
from ocr.models import Box, Line, OcrPage, Word
from pipeline.catalog import Catalog
from pipeline.errors import RepairRefused
from pipeline.models import DocumentResult
from pipeline.reindex import check, index_document, rebuild, records_of, repair
from schemas.records import FieldValue, Record, RecordType

NAMES = ["NGUYỄN VĂN AN", "TRẦN THỊ BÌNH", "LÊ VĂN CƯỜNG", "PHẠM THỊ DUNG", "HOÀNG VĂN EM",
         "ĐẶNG THỊ GIANG", "BÙI VĂN HẢI"]


def doc(i: int, name: str) -> DocumentResult:
    page = OcrPage(2480, 3508, 300, (Line((Word("GIẤY", 0.9, Box(0, 0, 9, 9)),
                                           Word("KHAI", 0.9, Box(20, 0, 9, 9)))),))
    record = Record(type=RecordType.birth, page=1,
                    fields={"full_name": FieldValue(value=name, confidence=0.9)})
    return DocumentResult(source=f"s{i}.png", sha256=f"{i:064x}", document_id=f"{i:016x}",
                          status="ok", pages=[page], records=[record])


@pytest.fixture
def store(tmp_path):
    catalog = Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}")
    index = EmbeddedIndex(tmp_path / "index")
    for i, name in enumerate(NAMES):
        catalog.save(doc(i, name))
    return catalog, index, tmp_path / "state.json"


def found(index, name):
    return [h.document_id for h in index.search(SearchQuery(name)).hits]


def test_rebuild_indexes_every_catalog_document(store):
    catalog, index, state = store
    assert rebuild(catalog, index, state, batch=3) == len(NAMES)
    assert index.count() == len(NAMES) and not state.exists()
    assert found(index, "dang thi giang") == [f"{5:016x}"]


def test_interrupted_rebuild_resumes_without_redoing_or_duplicating(store, monkeypatch):
    catalog, index, state = store
    index_document(doc(99, "CŨ VĂN CŨ"), index, catalog)  # live, but not in the catalog
    calls, crashed = [], []
    real = index.add_to

    def crash_on_second_batch(generation, records):
        calls.append([r.document_id for r in records])
        if len(calls) == 2 and not crashed:
            crashed.append(True)
            raise KeyboardInterrupt  # Ctrl-C, or a crash, in the middle of the rebuild
        return real(generation, records)

    monkeypatch.setattr(index, "add_to", crash_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        rebuild(catalog, index, state, batch=3)
    saved = json.loads(state.read_text())
    assert saved["done"] == 3
    assert found(index, "cu van cu")  # the old generation still serves searches
    first_batch = set(calls[0])
    calls.clear()
    assert rebuild(catalog, index, state, batch=3) == len(NAMES)
    assert not first_batch & {d for batch in calls for d in batch}  # not redone
    assert index.document_counts() == {d.document_id: 1 for d in catalog.iter_documents()}
    assert found(index, "cu van cu") == []  # the rebuilt index mirrors the catalog


def test_check_finds_and_repair_fixes_every_kind_of_drift(store):
    catalog, index, state = store
    rebuild(catalog, index, state)
    assert check(catalog, index).ok
    a, b = f"{0:016x}", f"{1:016x}"
    index.upsert([], document_ids=[a])  # lost from the index
    extra = records_of(doc(1, "TRẦN THỊ BÌNH"))[0]
    index.upsert([extra, extra.__class__(**{**extra.__dict__, "key": f"{b}:9"})],
                 document_ids=[b])  # one entry too many
    index.upsert(records_of(doc(77, "MA VĂN MA")), document_ids=[])  # not in the catalog
    report = check(catalog, index)
    assert (report.missing, report.stale, report.orphans) == ([a], [b], [f"{77:016x}"])
    assert (report.adds, report.removes) == (1, 2)  # a's entry in; b's extra and 77's out
    with pytest.raises(RepairRefused, match="delete 2 index entries and add 1"):
        repair(catalog, index, report)  # deletes more than it adds: only when told so
    assert found(index, "ma van ma") == [f"{77:016x}"]  # nothing was touched
    repair(catalog, index, report, allow_loss=True)
    assert check(catalog, index).ok
    assert found(index, "ma van ma") == []


def test_refused_entries_are_kept_in_the_catalog_for_retry(store, monkeypatch):
    catalog, index, _ = store
    d = doc(3, "PHẠM THỊ DUNG")
    monkeypatch.setattr(index, "upsert", lambda records, document_ids: [f"{d.document_id}:0"])
    assert index_document(d, index, catalog) == [f"{d.document_id}:0"]
    assert catalog.index_failures() == [d.document_id]
    monkeypatch.undo()
    report = check(catalog, index)
    assert report.failed == [d.document_id] and not report.ok
    repair(catalog, index, report)
    assert catalog.index_failures() == [] and found(index, "pham thi dung") == [d.document_id]
