"""The hot folder with real files: only settled files are taken, sources are moved, never
deleted, and a restart after a crash does not digitise a file twice."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from index import open_index
from pipeline.catalog import Catalog, records
from pipeline.run import digitize
from pipeline.watch import watch_folder
from tests.conftest import make_settings

pytestmark = pytest.mark.tesseract


def test_settled_files_are_taken_and_moved_growing_ones_wait(sample_dir, tmp_path):
    hot = tmp_path / "hot"
    hot.mkdir()
    scan = sorted(sample_dir.glob("*.png"))[0]
    shutil.copy(scan, hot / "a.png")
    (hot / "broken.png").write_bytes(b"not a png")
    (hot / "SCAN0001.BMP").write_bytes(b"BM" + b"\0" * 60)  # a type sohoa does not read
    (hot / ".~scan.png").write_bytes(b"partial")  # a copy's temporary name: left alone
    growing = hot / "b.png"
    data = scan.read_bytes()
    growing.write_bytes(data[:1000])  # a scanner still writing
    looks = []

    def sleep(_seconds):  # between looks the scanner writes the rest, once
        looks.append(1)
        if len(looks) == 1:
            growing.write_bytes(data)

    settings = make_settings(tmp_path / "home", jobs=1)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    taken = list(watch_folder(hot, settings, catalog, index, once=True, sleep=sleep))
    names = [(r.status, moved.parent.name, moved.name) for r, moved in taken]
    assert ("ok", "done", "a.png") in names and ("failed", "failed", "broken.png") in names
    # b.png changed between the first two looks, so it was taken only on a later look
    assert names.index(("ok", "done", "b.png")) > names.index(("ok", "done", "a.png"))
    assert (hot / "done" / "b.png").read_bytes() == data  # moved whole, not copied or cut
    bmp = next(r for r, moved in taken if moved.name == "SCAN0001.BMP")
    assert bmp.status == "failed" and "unsupported file type .BMP" in bmp.error
    assert (hot / "failed" / "SCAN0001.BMP").exists()
    assert sorted(p.name for p in hot.iterdir()) == [".~scan.png", "done", "failed"]


def test_restart_after_a_crash_takes_the_file_again_without_redoing_it(sample_dir, tmp_path):
    hot = tmp_path / "hot"
    hot.mkdir()
    shutil.copy(sorted(sample_dir.glob("*.png"))[0], hot / "a.png")
    (hot / "done").mkdir()
    shutil.copy(hot / "a.png", hot / "done" / "a.png")  # a name already in done/
    settings = make_settings(tmp_path / "home", jobs=1)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    list(digitize([hot / "a.png"], settings, catalog, index))  # then the watcher died
    taken = list(watch_folder(hot, settings, catalog, index, once=True, sleep=lambda s: None))
    assert len(taken) == 1 and taken[0][0].reused  # from the catalog, not digitised again
    assert taken[0][1].name == "a.1.png"  # the earlier a.png in done/ is not overwritten
    with catalog.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(records)).scalar() == 1


def test_a_document_archived_without_a_corrupt_page_goes_to_incomplete(tmp_path):
    """Its good pages were archived: neither done/ (a page is missing) nor failed/ (the
    archive holds something): incomplete/, with the failed page named."""
    from pipeline.samples.bad_inputs import _tiff_with_corrupt_page

    hot = tmp_path / "hot"
    hot.mkdir()
    _tiff_with_corrupt_page(hot / "book.tif")
    data = (hot / "book.tif").read_bytes()
    settings = make_settings(tmp_path / "home", jobs=1)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    [(result, moved)] = list(watch_folder(hot, settings, catalog, index, once=True,
                                          sleep=lambda s: None))
    assert result.status == "incomplete" and "page 2" in result.error
    assert moved == hot / "incomplete" / "book.tif" and moved.read_bytes() == data
    assert result.pdf is not None and result.pdf.exists()


def test_burst_of_450_files_with_digitize_stubbed_for_speed(tmp_path, monkeypatch):
    """The hot folder's bookkeeping under a burst: every file taken once, in bounded chunks,
    moved out, none lost. digitize is stubbed (real OCR of 450 pages would take ~10 min);
    the real path is covered by the two tests above."""
    from pipeline import watch
    from pipeline.models import DocumentResult

    hot = tmp_path / "hot"
    hot.mkdir()
    for i in range(450):
        (hot / f"scan-{i:04d}.png").write_bytes(b"x" * (i + 1))
    calls: list[int] = []

    def fake_digitize(paths, *_args, **_kw):
        calls.append(len(paths))
        for p in paths:
            yield DocumentResult(source=str(p), sha256=None, document_id=None,
                                 status="ok" if p.stat().st_size % 7 else "failed")

    monkeypatch.setattr(watch, "digitize", fake_digitize)
    taken = list(watch.watch_folder(hot, make_settings(tmp_path / "home"), None, None,
                                    once=True, sleep=lambda s: None))
    assert sorted(calls, reverse=True) == [200, 200, 50] and len(taken) == 450
    assert len({moved for _, moved in taken}) == 450
    done, failed = len(list((hot / "done").iterdir())), len(list((hot / "failed").iterdir()))
    assert done + failed == 450 and failed == sum(1 for i in range(450) if (i + 1) % 7 == 0)
    assert [p.name for p in hot.iterdir() if p.is_file()] == []
