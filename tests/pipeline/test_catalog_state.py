"""A missing, emptied, garbage or truncated catalog is told apart from a new one, refused
with its message, and never written to; stale rebuild state is discarded; a repair that
would delete more than it adds is refused (no OCR: documents made in the test)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from index.base import SearchQuery
from index.embedded import EmbeddedIndex
from pipeline.catalog import Catalog
from pipeline.errors import CatalogDamaged, CatalogMissing, RepairRefused
from pipeline.reindex import check, index_document, rebuild, repair
from tests.pipeline.test_reindex import NAMES, doc


def stored_home(home: Path, names: list[str] = NAMES) -> tuple[Catalog, EmbeddedIndex]:
    """A SOHOA_HOME whose catalog and index hold one birth record per name."""
    home.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(f"sqlite:///{home / 'catalog.sqlite'}")
    index = EmbeddedIndex(home / "index")
    for i, name in enumerate(names):
        d = doc(i, name)
        catalog.save(d)
        index_document(d, index, catalog)
    return catalog, index


def settled(path: Path) -> Path:
    """Make ``path`` look as if written an hour ago: no other process is creating it."""
    past = time.time() - 3600
    os.utime(path, (past, past))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_reading_a_missing_catalog_says_so_and_creates_nothing(tmp_path):
    path = tmp_path / "home" / "catalog.sqlite"
    with pytest.raises(CatalogMissing, match="no catalog at .*digitise scans first"):
        Catalog(url(path), create=False)
    assert not path.exists() and not path.parent.exists()
    Catalog(url(path))  # the first digitize makes it
    assert path.stat().st_size > 0


def test_an_emptied_catalog_is_refused_and_left_empty(tmp_path):
    path = tmp_path / "catalog.sqlite"
    path.write_bytes(b"")
    settled(path)
    for create in (False, True):  # not even digitize may "repair" it into a new one
        with pytest.raises(CatalogDamaged, match=r"is damaged: the file is empty \(0 bytes\); "
                                                 "restore it from backup"):
            Catalog(url(path), create=create)
    assert path.stat().st_size == 0 and sorted(os.listdir(tmp_path)) == ["catalog.sqlite"]


def test_garbage_and_foreign_files_are_refused_untouched(tmp_path):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(bytes(range(256)) * 40)
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    for path, why in ((garbage, "file is not a database"), (foreign, "no documents table")):
        before = digest(settled(path))
        with pytest.raises(CatalogDamaged, match=why):
            Catalog(url(path))
        assert digest(path) == before


def test_a_truncated_catalog_is_refused(tmp_path):
    catalog, _ = stored_home(tmp_path / "home")
    path = tmp_path / "home" / "catalog.sqlite"
    catalog.engine.dispose()
    with sqlite3.connect(path) as db:  # everything into the main file, then cut it
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)
    settled(path)
    with pytest.raises(CatalogDamaged, match="malformed"):
        Catalog(url(path), create=False).quick_check()
    assert path.stat().st_size == size // 2


def test_quick_check_finds_a_damaged_page_the_opening_did_not_read(tmp_path):
    catalog, _ = stored_home(tmp_path / "home", [f"NGUYỄN VĂN {i}" for i in range(300)])
    catalog.quick_check()  # a sound catalog passes
    path = tmp_path / "home" / "catalog.sqlite"
    catalog.engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = db.execute("PRAGMA page_size").fetchone()[0]
        # a page of the pages table's text (read by no query that opening runs)
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'pages'").fetchone()[0]
    with path.open("r+b") as f:
        f.seek((root - 1) * page)
        f.write(b"\xff" * 64)
    settled(path)
    opened = Catalog(url(path), create=False)  # opening reads no page of that table
    with pytest.raises(CatalogDamaged, match=r"is damaged: Page \d+: .*restore it from backup"):
        opened.quick_check()


def test_repair_against_an_emptied_catalog_refuses_to_wipe_the_index(tmp_path):
    _, index = stored_home(tmp_path / "home")
    (tmp_path / "home" / "catalog.sqlite").unlink()  # replaced by an empty one
    empty = Catalog(url(tmp_path / "home" / "catalog.sqlite"))
    report = check(empty, index)
    assert len(report.orphans) == len(NAMES) and (report.adds, report.removes) == (0, 7)
    with pytest.raises(RepairRefused, match="delete 7 index entries and add 0"):
        repair(empty, index, report)
    assert index.count() == len(NAMES)  # the index, maybe the only copy left, is whole
    state = tmp_path / "home" / "index-rebuild.json"
    with pytest.raises(RepairRefused, match="catalog gives 0 index entries and the index "
                                            "holds 7"):
        rebuild(empty, index, state)  # nor may a rebuild swap in an empty generation
    assert index.count() == len(NAMES) and not state.exists()
    repair(empty, index, report, allow_loss=True)  # when told so, it is done
    assert index.count() == 0


def test_leftover_rebuild_state_is_discarded_and_the_rebuild_works(tmp_path):
    catalog, index = stored_home(tmp_path / "home")
    state = tmp_path / "home" / "index-rebuild.json"
    warnings: list[str] = []
    for leftover, why in (({"generation": "gen-20250101000000-000000001", "after": "",
                            "done": 0, "failed": []}, "is gone"),
                          ("{not json", "cannot be read"),
                          ({"generation": "../../etc"}, "cannot be read"),
                          ({"generation": "../../etc", "after": "", "done": 0, "failed": []},
                           "is gone")):
        state.write_text(leftover if isinstance(leftover, str) else json.dumps(leftover))
        index.clear()
        assert rebuild(catalog, index, state, warn=warnings.append) == len(NAMES)
        assert why in warnings[-1] and not state.exists()
        assert index.count() == len(NAMES)


def test_rebuild_state_older_than_the_catalogs_last_change_is_discarded(tmp_path, monkeypatch):
    catalog, index = stored_home(tmp_path / "home")
    state = tmp_path / "home" / "index-rebuild.json"
    calls = []

    def crash_on_second_batch(generation, records):
        calls.append(generation)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return EmbeddedIndex.add_to(index, generation, records)

    monkeypatch.setattr(index, "add_to", crash_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        rebuild(catalog, index, state, batch=3)
    monkeypatch.undo()
    half_built = json.loads(state.read_text())["generation"]
    catalog.save(doc(1, "TRẦN THỊ BÌNH ĐÃ SỬA"))  # changed after the state was saved
    warnings: list[str] = []
    assert rebuild(catalog, index, state, batch=3, warn=warnings.append) == len(NAMES)
    assert "the catalog changed since" in warnings[0]
    assert not (tmp_path / "home" / "index" / half_built).exists()
    assert len(index.document_counts()) == len(NAMES)
    assert [h.document_id for h in index.search(SearchQuery("bình đã sửa")).hits][:1] == [
        f"{1:016x}"]  # the change made after the crash is in the new generation
