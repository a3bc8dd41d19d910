"""Fixity checks over a real catalog, a real embedded index and real files on disk.

Most tests register small synthetic documents (a tiny PDF/A-less PDF and a source file per
document: what the checks read is bytes, not OCR); the last ones digitise a generated scan
with real tesseract to see a rerun and a repair rewrite a damaged archive file.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import select, update

from index import open_index
from ocr.models import OcrPage
from pipeline.atomic import digest
from pipeline.catalog import Catalog, documents
from pipeline.fixity import intact, repair, scope_of, verify
from pipeline.models import DocumentResult
from pipeline.reindex import records_of
from pipeline.run import digitize
from pipeline.samples import generate
from pipeline.validate import Validation
from tests.conftest import make_settings


def archive_docs(settings, n: int, sources: Path) -> tuple[Catalog, object, list[str]]:
    """``n`` documents: a source file each, its archived PDF, catalog rows, index entries."""
    catalog, index = Catalog(settings.catalog_url, home=settings.home), open_index(settings)
    sources.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(n):
        src = sources / f"scan-{i}.png"
        src.write_bytes(f"scan {i} ".encode() * 200)
        sha = hashlib.sha256(src.read_bytes()).hexdigest()
        pdf_path = settings.archive_dir / f"{sha[:16]}.pdf"
        pdf_path.parent.mkdir(parents=True, exist_ok=True)
        with pikepdf.new() as pdf:
            pdf.add_blank_page()
            pdf.docinfo["/Title"] = f"document {i}"
            pdf.save(pdf_path)
        doc = DocumentResult(source=str(src), sha256=sha, document_id=sha[:16], status="ok",
                             pdf=pdf_path, pdfa=Validation("2b", "structural", True),
                             pages=[OcrPage(100, 100, 300)])
        index.upsert(records_of(doc), document_ids=[doc.document_id])
        catalog.save(doc)
        ids.append(sha[:16])
    return catalog, index, ids


@pytest.fixture
def archive(tmp_path):
    settings = make_settings(tmp_path / "home")
    catalog, index, ids = archive_docs(settings, 3, tmp_path / "scans")
    return settings, catalog, index, ids


def run(settings, catalog, index, **kw):
    return verify(scope_of(catalog, settings, index, **kw))


def kinds(report) -> list[tuple[str, str | None]]:
    return sorted(((p.kind, p.document_id) for p in report.problems), key=str)


def test_an_intact_archive_passes(archive):
    settings, catalog, index, ids = archive
    events = []
    report = verify(scope_of(catalog, settings, index), progress=lambda e, n: events.append((e, n)))
    assert report.ok and report.problems == []
    assert (report.documents, report.files, report.sources) == (3, 3, 3)
    # 3 files hashed, 3 sources hashed, 3 files looked at for signatures
    assert events[0] == ("pages", 9) and sum(n for e, n in events[1:]) == 9


def test_paths_are_stored_relative_to_the_home_with_their_digest(archive):
    settings, catalog, _, ids = archive
    with catalog.engine.connect() as c:
        row = c.execute(documents.select().where(documents.c.id == ids[0])).one()
    assert row.pdf_path == f"archive/{ids[0]}.pdf"
    assert (row.pdf_sha256, row.pdf_size) == tuple(vars(digest(settings.archive_dir
                                                                / f"{ids[0]}.pdf")).values())
    assert catalog.document(ids[0]).pdf == settings.archive_dir / f"{ids[0]}.pdf"


def test_a_flipped_byte_a_cut_and_a_missing_file_are_named(archive):
    settings, catalog, index, ids = archive
    files = [settings.archive_dir / f"{i}.pdf" for i in ids]
    data = bytearray(files[0].read_bytes())
    data[len(data) // 2] ^= 0x01
    files[0].write_bytes(data)
    files[1].write_bytes(files[1].read_bytes()[:100])
    files[2].unlink()
    report = run(settings, catalog, index)
    assert not report.ok
    assert kinds(report) == sorted([("changed", ids[0]), ("truncated", ids[1]),
                                    ("missing", ids[2])], key=str)
    changed = next(p for p in report.problems if p.kind == "changed")
    assert changed.path == files[0] and "same size" in changed.detail
    assert not intact(catalog.archived_files(ids[0])[0])


def test_orphans_are_reported_and_never_deleted(archive):
    settings, catalog, index, ids = archive
    stray = settings.archive_dir / "notes.pdf"
    stray.write_bytes(b"not ours")
    leftover = settings.archive_dir / f".{ids[0]}.pdf.x1y2.tmp"  # a crash's atomic temp
    leftover.write_bytes(b"half")
    report = run(settings, catalog, index)
    assert kinds(report) == sorted([("orphan", None), ("orphan", ids[0])], key=str)
    assert {p.path for p in report.problems} == {stray, leftover}
    repair(report, scope_of(catalog, settings, index))
    assert stray.read_bytes() == b"not ours" and leftover.exists()


def test_sources_changed_fail_and_sources_gone_only_warn(archive, tmp_path):
    settings, catalog, index, ids = archive
    (tmp_path / "scans" / "scan-0.png").write_bytes(b"another scan")
    (tmp_path / "scans" / "scan-1.png").unlink()
    report = run(settings, catalog, index)
    assert kinds(report) == sorted([("source_changed", ids[0]), ("source_missing", ids[1])],
                                   key=str)
    assert not report.ok
    (tmp_path / "scans" / "scan-0.png").unlink()
    assert run(settings, catalog, index).ok  # a missing source is a warning
    assert run(settings, catalog, index, check_sources=False).problems == []


def test_an_index_out_of_step_is_named_and_repaired(archive):
    settings, catalog, index, ids = archive
    index.upsert([], document_ids=[ids[1]])
    report = run(settings, catalog, index)
    assert kinds(report) == [("index", ids[1])]
    said = repair(report, scope_of(catalog, settings, index))
    assert said == ["re-indexed 1 document(s) from the catalog"]
    assert run(settings, catalog, index).ok


def test_old_rows_absolute_and_without_digest_still_work(archive):
    """A catalog from before fixity: absolute paths, no checksum. Read as before; verify
    warns (nothing to compare) and --repair records the checksum as the file is now."""
    settings, catalog, index, ids = archive
    absolute = str(settings.archive_dir / f"{ids[0]}.pdf")
    with catalog.engine.begin() as c:
        c.execute(update(documents).where(documents.c.id == ids[0]).values(
            pdf_path=absolute, pdf_sha256=None, pdf_size=None))
    assert catalog.document(ids[0]).pdf == Path(absolute)
    report = run(settings, catalog, index)
    assert kinds(report) == [("unrecorded", ids[0])] and report.ok
    assert intact(catalog.archived_files(ids[0])[0])  # a rerun keeps it
    repair(report, scope_of(catalog, settings, index))
    assert run(settings, catalog, index).problems == []


def test_a_moved_home_resolves_paths_against_the_new_home(archive, tmp_path):
    settings, catalog, index, ids = archive
    catalog.engine.dispose()
    moved = tmp_path / "elsewhere" / "home"
    moved.parent.mkdir()
    shutil.move(settings.home, moved)
    new = make_settings(moved)
    catalog, index = Catalog(new.catalog_url, create=False, home=moved), open_index(new)
    assert catalog.document(ids[0]).pdf == moved / "archive" / f"{ids[0]}.pdf"
    assert run(new, catalog, index).problems == []


@pytest.fixture(scope="module")
def digitised(tmp_path_factory):
    scans = tmp_path_factory.mktemp("fixity-scans")
    generate(scans, 1, seed=7, kinds=("birth",))
    settings = make_settings(tmp_path_factory.mktemp("fixity-home"))
    catalog, index = Catalog(settings.catalog_url, home=settings.home), open_index(settings)
    [result] = list(digitize([scans], settings, catalog, index))
    assert result.status == "ok", result.error
    return settings, catalog, index, scans, result


@pytest.mark.tesseract
def test_a_rerun_rewrites_a_damaged_archive_file(digitised):
    settings, catalog, index, scans, first = digitised
    [again] = list(digitize([scans], settings, catalog, index))
    assert again.reused  # intact: skipped
    data = bytearray(first.pdf.read_bytes())
    data[len(data) // 3] ^= 0xFF
    first.pdf.write_bytes(data)
    [rewritten] = list(digitize([scans], settings, catalog, index))
    assert rewritten.status == "ok" and not rewritten.reused
    assert run(settings, catalog, index).problems == []
    first.pdf.write_bytes(first.pdf.read_bytes()[:1000])  # cut: the same
    [rewritten] = list(digitize([scans], settings, catalog, index))
    assert not rewritten.reused and pikepdf.open(first.pdf).pages


@pytest.mark.tesseract
def test_repair_recreates_a_missing_file_from_its_source(digitised):
    settings, catalog, index, scans, first = digitised
    first.pdf.unlink()
    report = run(settings, catalog, index)
    assert kinds(report) == [("missing", first.document_id)]
    said = repair(report, scope_of(catalog, settings, index))
    assert said == [f"{first.document_id}: archive files re-created from "
                    f"{next(scans.glob('*.png'))}"]
    assert first.pdf.exists() and run(settings, catalog, index).ok


@pytest.mark.tesseract
def test_repair_without_the_source_says_so_and_writes_nothing(digitised, tmp_path):
    settings, catalog, index, scans, first = digitised
    scan = next(scans.glob("*.png"))
    kept = tmp_path / scan.name
    shutil.move(scan, kept)
    try:
        first.pdf.unlink()
        report = run(settings, catalog, index)
        said = repair(report, scope_of(catalog, settings, index))
        assert said == [f"{first.document_id}: cannot re-create its archive files: the "
                        f"source scan is gone ({scan})"]
        assert not first.pdf.exists()
    finally:
        shutil.move(kept, scan)
        list(digitize([scans], settings, catalog, index))
    assert run(settings, catalog, index).ok


def _stored_source(catalog: Catalog, document_id: str) -> str:
    with catalog.engine.connect() as c:
        return c.execute(select(documents.c.source).where(documents.c.id == document_id)
                         ).scalar_one()


def _doc_of(src: Path, settings) -> DocumentResult:
    sha = hashlib.sha256(src.read_bytes()).hexdigest()
    return DocumentResult(source=str(src), sha256=sha, document_id=sha[:16], status="ok",
                          pages=[OcrPage(100, 100, 300)])


def test_a_source_typed_relative_is_stored_absolute_and_verified_from_anywhere(
        archive, tmp_path, monkeypatch):
    """Issue #19: a path typed relative was stored as typed, so verify run from another
    folder could not find the scan and called it missing."""
    settings, catalog, index, _ = archive
    (tmp_path / "typed" / "in").mkdir(parents=True)
    scan = tmp_path / "typed" / "in" / "rel.png"
    scan.write_bytes(b"a relative scan " * 50)
    monkeypatch.chdir(tmp_path / "typed")
    doc = _doc_of(Path("in/rel.png"), settings)
    catalog.save(doc)
    assert _stored_source(catalog, doc.document_id) == str(scan.resolve())
    assert catalog.document(doc.document_id).source == str(scan.resolve())
    monkeypatch.chdir(tmp_path)  # another folder: the scan is still found, unchanged
    report = run(settings, catalog, index)
    assert report.sources == 4
    assert not [p for p in report.problems if p.kind.startswith("source")]


def test_a_source_inside_the_home_is_stored_relative_and_follows_a_move(archive, tmp_path):
    settings, catalog, index, _ = archive
    inbox = settings.home / "inbox"
    inbox.mkdir()
    (inbox / "in-home.png").write_bytes(b"a scan kept in the home " * 50)
    doc = _doc_of(inbox / "in-home.png", settings)
    catalog.save(doc)
    assert _stored_source(catalog, doc.document_id) == "inbox/in-home.png"
    catalog.engine.dispose()
    moved = tmp_path / "moved-home"
    shutil.move(settings.home, moved)
    catalog = Catalog(make_settings(moved).catalog_url, create=False, home=moved)
    assert catalog.document(doc.document_id).source == str(moved / "inbox" / "in-home.png")
    [row] = [s for s in scope_of(catalog, make_settings(moved), None).sources
             if s.document_id == doc.document_id]
    assert Path(row.source).read_bytes().startswith(b"a scan kept")


def test_an_old_row_with_a_path_as_typed_is_still_found_from_its_folder(
        archive, tmp_path, monkeypatch):
    settings, catalog, index, ids = archive
    monkeypatch.chdir(tmp_path)
    with catalog.engine.begin() as c:  # before sources were stored absolute
        c.execute(update(documents).where(documents.c.id == ids[0]).values(
            source="scans/scan-0.png"))
    assert catalog.document(ids[0]).source == str(tmp_path / "scans" / "scan-0.png")
    assert run(settings, catalog, index).problems == []


def test_an_incomplete_documents_source_is_checked_too(archive, tmp_path):
    """An incomplete document has an archive (its good pages): its source is counted and
    checked like an ok one's (verify looked at ok documents' sources only)."""
    settings, catalog, index, ids = archive
    with catalog.engine.begin() as c:
        c.execute(update(documents).where(documents.c.id == ids[1]).values(status="incomplete"))
    (tmp_path / "scans" / "scan-1.png").write_bytes(b"another scan")
    report = run(settings, catalog, index)
    assert report.documents == 3 and report.sources == 3
    assert ("source_changed", ids[1]) in kinds(report)


def test_the_index_gets_the_source_as_the_catalog_gives_it_back(archive, tmp_path,
                                                                 monkeypatch):
    """A path typed relative is indexed absolute, as a rebuild from the catalog indexes
    it (the index is a recording stand-in: what it is given is the point)."""
    from pipeline.run import store

    settings, catalog, _, _ = archive
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "rel.png").write_bytes(b"typed relative " * 40)
    monkeypatch.chdir(tmp_path)
    given: list = []

    class Recording:
        def upsert(self, entries, document_ids):
            given.extend(entries)
            return []
    doc = _doc_of(Path("in/rel.png"), settings)
    store(doc, catalog, Recording(), catalog.start_run("test"))
    assert given and {e.source for e in given} == {str(tmp_path / "in" / "rel.png")}
    assert doc.source == "in/rel.png"  # the report keeps what was typed
