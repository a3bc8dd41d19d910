"""Browsing the catalog and erasing a document (an erasure request, Decree 13/2023), over
a real catalog, index and archive: three generated scans digitised with real tesseract."""

from __future__ import annotations

import pytest

from app.accounts import User
from app.errors import NotFound
from app.service import Sohoa
from index import open_index
from index.base import SearchQuery
from ocr.text import fold_lower
from pipeline.catalog import Catalog
from pipeline.export import ExportFilter
from pipeline.run import digitize
from pipeline.samples import generate
from tests.conftest import make_settings

pytestmark = pytest.mark.tesseract


@pytest.fixture
def app(tmp_path) -> Sohoa:
    scans = tmp_path / "scans"
    generate(scans, 3, seed=33, kinds=("birth", "death", "birth"))
    settings = make_settings(tmp_path / "home", split_entries=True)
    results = list(digitize([scans], settings, Catalog(settings.catalog_url),
                            open_index(settings)))
    assert all(r.status == "ok" for r in results)
    service = Sohoa(settings)
    service.scans = scans  # type: ignore[attr-defined]
    return service


def test_documents_are_listed_newest_first_and_paged(app):
    first, total = app.documents(limit=2)
    rest, _ = app.documents(limit=2, offset=2)
    assert total == 3 and len(first) == 2 and len(rest) == 1
    assert {d.document_id for d in first + rest} == {
        d.document_id for d in app.documents(limit=10)[0]}
    assert all(d.status == "ok" and d.page_count == 1 and d.records == 1 for d in first + rest)
    assert app.documents(status="failed") == ([], 0)
    assert "fields" not in first[0].as_json()  # a document line holds no personal data


def test_records_are_listed_with_the_search_filters(app):
    births = app.record_rows(ExportFilter(record_type="birth"), limit=10)
    assert len(births) == 2 and all(r["record_type"] == "birth" for r in births)
    assert len(app.record_rows(ExportFilter(), limit=10)) == 3
    assert app.record_rows(ExportFilter(), limit=1, offset=1) == app.record_rows(
        ExportFilter(), limit=10)[1:2]


def test_delete_erases_records_index_and_files_but_never_the_source(app):
    row = app.record_rows(ExportFilter(record_type="death"), limit=1)[0]
    document_id, name = row["document_id"], row["deceased_full_name"]
    officer = User("lan", "officer")
    app.correct(officer, row["record_id"], {"deceased_full_name": name + " A"})
    assert app.search(SearchQuery(fold_lower(name), limit=5)).hits
    sources = sorted(p.read_bytes() for p in app.scans.iterdir())  # type: ignore[attr-defined]
    plan = app.deletion(document_id[:8])
    assert plan.document_id == document_id and plan.records == 1
    assert plan.files and all(p.exists() for p in plan.files)
    assert app.delete(plan, actor="cli:test") == len(plan.files)
    assert not any(p.exists() for p in plan.files)
    with pytest.raises(NotFound):
        app.document(document_id)
    assert not app.search(SearchQuery(fold_lower(name), limit=5)).hits
    assert app.documents()[1] == 2
    assert sorted(p.read_bytes() for p in app.scans.iterdir()) == sources  # type: ignore[attr-defined]
    trail = app.audit()
    assert trail[0].action == "delete" and trail[0].document_id == document_id
    corrected = [e for e in trail if e.action == "correct"]
    assert corrected and all(e.old is None and e.new is None for e in corrected)
    with pytest.raises(NotFound):
        app.deletion(document_id)


def test_delete_never_removes_a_file_outside_the_archive(app, tmp_path):
    doc = app.documents(limit=1)[0][0]
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(b"%PDF-1.7 not sohoa's")
    from sqlalchemy import update

    from pipeline.catalog import documents
    with app.catalog.engine.begin() as c:
        c.execute(update(documents).where(documents.c.id == doc.document_id)
                  .values(pdf_path=str(outside)))
    plan = app.deletion(doc.document_id)
    assert outside not in plan.files
    app.delete(plan, actor="cli:test")
    assert outside.exists()


def test_hits_say_where_the_record_is_and_facets_keep_their_marks(app):
    result = app.search(SearchQuery("", record_type="birth", facets=True, limit=5))
    assert result.hits
    for hit in result.hits:
        view = app.document(hit.document_id)
        assert (hit.page, hit.entry) == (1, "1") and hit.pdf == str(view.pdf)
    communes = list(result.facets["commune"])
    assert communes and all(c != c.lower() for c in communes)  # "Tân Lập", not "tan lap"
    assert any(not c.isascii() for c in communes)
