"""A page that cannot be read fails alone: its document is incomplete, keeps its good pages
in the archive, the catalog and the index, and a batch resumed again and again leaves it so
(issue #18)."""

from __future__ import annotations

import pikepdf
import pytest

from index import open_index
from index.base import SearchQuery
from pipeline import batch
from pipeline.batchlog import BatchLog
from pipeline.catalog import Catalog
from pipeline.run import digitize
from pipeline.samples.bad_inputs import _tiff_with_corrupt_page
from tests.conftest import make_settings

pytestmark = pytest.mark.tesseract


def check_incomplete(result, catalog: Catalog, index) -> None:
    assert result.status == "incomplete"
    assert result.error.startswith("1 of 3 page(s) could not be read, the archive holds the "
                                   "other 2: page 2 cannot be read (its image data is corrupt")
    with pikepdf.open(result.pdf) as pdf:
        assert len(pdf.pages) == 2
    stored = catalog.document(result.document_id)
    assert (stored.status, stored.error, len(stored.pages)) == ("incomplete", result.error, 2)
    assert "NGUYỄN" in stored.pages[1].text.upper()  # the scan's page 3, read
    hits = index.search(SearchQuery(text="Tân Phú"))
    assert {h.document_id for h in hits.hits} == {result.document_id}


def test_digitize_keeps_the_good_pages_of_a_tiff_with_a_corrupt_page(tmp_path):
    scan = tmp_path / "book.tif"
    _tiff_with_corrupt_page(scan)
    settings = make_settings(tmp_path / "home")
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    [result] = list(digitize([scan], settings, catalog, index))
    check_incomplete(result, catalog, index)
    assert catalog.counts()["documents_incomplete"] == 1


def test_batch_resume_is_stable_on_an_incomplete_document(tmp_path):
    scan = tmp_path / "scans" / "book.tif"
    scan.parent.mkdir()
    _tiff_with_corrupt_page(scan)
    settings = make_settings(tmp_path / "home", jobs=1)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    batch_id = batch.register(catalog, settings, "book", [scan.parent])
    [result] = list(batch.run(catalog, index, settings, batch_id))
    check_incomplete(result, catalog, index)
    log = BatchLog(catalog.engine)
    first = [(p.page, p.state, p.attempts, p.error) for p in log.pages(batch_id)]
    assert [s[:3] for s in first] == [(0, "done", 1), (1, "failed", 2), (2, "done", 1)]
    for _ in range(3):  # it used to flip page 1 to "work file missing" every other run
        assert list(batch.run(catalog, index, settings, batch_id)) == []
        assert [(p.page, p.state, p.attempts, p.error) for p in log.pages(batch_id)] == first
        assert catalog.document(result.document_id).status == "incomplete"


def test_the_pages_kept_say_which_page_of_the_scan_they_are(tmp_path):
    """The archive holds the two good pages; the catalog, the JSON and the PDF's page
    labels say they are the scan's pages 1 and 3, and page 2 is named as not read; record
    ids use the scan's page, so they do not shift when page 2 is read on another run."""
    scan = tmp_path / "book.tif"
    _tiff_with_corrupt_page(scan)
    settings = make_settings(tmp_path / "home", jobs=1)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    [result] = list(digitize([scan], settings, catalog, index))
    assert (result.source_pages, result.not_read) == ([1, 3], [2]) and result.pdfa.valid
    out = result.as_json()
    assert [(p["number"], p["source_page"]) for p in out["pages"]] == [(1, 1), (2, 3)]
    assert out["pages_not_read"] == [2]
    assert all(r["source_page"] == result.source_page(r["page"]) for r in out["records"])
    stored = catalog.document(result.document_id)
    assert (stored.source_pages, stored.not_read) == ([1, 3], [2])
    assert [r.id for r in stored.records] == [r["record_id"] for r in out["records"]]
    with pikepdf.open(result.pdf) as pdf:
        assert [pikepdf.Page(p).label for p in pdf.pages] == ["1", "3"]


def test_record_ids_use_the_scans_page_not_the_archives():
    from pipeline.catalog import assign_ids
    from schemas.records import Record, RecordType

    recs = [Record(type=RecordType.birth, page=1), Record(type=RecordType.birth, page=2)]
    assert [r.id for r in assign_ids("d", recs, [1, 3])] == ["d-1-1", "d-3-1"]
    assert [r.id for r in assign_ids("d", recs)] == ["d-1-1", "d-2-1"]
