"""--split-entries: a register entry's own PDF holds exactly its entry, on any layout and at
any scan resolution (issues #19, #20), and never a whole page of other people."""

import random
import re
import subprocess
import unicodedata

import numpy as np
import pikepdf
import pytest

from app.service import Sohoa
from index import open_index
from ocr.cleanup import CleanPage
from pipeline.archive_image import encode
from pipeline.catalog import Catalog
from pipeline.edits import entry_pdfs
from pipeline.ingest import open_source
from pipeline.models import PageOutcome
from pipeline.run import Pending, digitize, finish_document
from pipeline.samples import generate
from pipeline.samples.draw import render
from pipeline.samples.register import block_rows, columns_of, register_page
from schemas.records import PRIMARY_NAMES, Record, RecordType
from tests.conftest import make_settings, requires, truth_of
from tests.pipeline.pages import page_from_rows


def _pdf_text(path) -> str:
    return unicodedata.normalize("NFC", subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def _syllables(fields: dict, keys) -> set[str]:
    return {s for k in keys if fields.get(k) for s in _tokens(str(fields[k]))}


def _check_entries(result, want: list[dict], width_share: float) -> list[str]:
    """Each entry file is a valid band holding its own person's name and no syllable of
    another entry's person's name (in capitals, as printed) that its own entry does not
    also have; returns the texts."""
    with pikepdf.open(result.pdf) as pdf:
        page_w, page_h = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert len(result.entries) == len(want)
    texts = []
    for n, entry in enumerate(result.entries):
        assert entry is not None, result.records[n].review_reasons
        path, check = entry
        assert check.valid, check.messages
        with pikepdf.open(path) as pdf:
            w, h = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert h < page_h / 3 and w <= page_w * width_share + 2  # a band of its own page
        text = _pdf_text(path)
        words = _tokens(text)
        own = want[n]["fields"]
        name = _syllables(own, PRIMARY_NAMES)
        assert len(name & words) >= 2, (name, text)  # its own person
        mine = _syllables(own, own.keys())
        for m, other in enumerate(want):
            if m != n:
                theirs = _syllables(other["fields"], PRIMARY_NAMES) - mine
                assert not theirs & words, (n, m, theirs & words)  # nobody else's data
        texts.append(text)
    return texts


@pytest.mark.tesseract
@requires("pdftotext")
@pytest.mark.parametrize("kind, damage, share", [
    ("register-blocks", "lowres", 1.0),  # 150 dpi: enlarged before reading (issue #19)
    ("register-spread", "scan", 0.5),  # two pages: one page's band only (issue #20)
    ("register-spread", "lowres", 0.5),
])
def test_each_entry_pdf_is_a_band_with_its_own_person_only(tmp_path, kind, damage, share):
    [scan] = generate(tmp_path / "in", 1, seed=43, degradation=damage, formats=("png",),
                      kinds=(kind,))
    want = truth_of(scan)["records"]
    settings = make_settings(tmp_path / "home", split_entries=True)
    [result] = digitize([scan], settings, Catalog(settings.catalog_url), open_index(settings))
    assert result.status == "ok", result.error
    assert result.pages[0].dpi == 300  # a 150 dpi scan was read enlarged
    _check_entries(result, want, share)


@pytest.mark.tesseract
@requires("pdftotext")
@pytest.mark.parametrize("kind, damage, share", [
    ("register-table", "lowres", 1.0),
    ("register-table-spread", "scan", 0.5),  # a table on each page: its own page's titles
])
def test_a_table_entry_pdf_carries_the_column_titles_over_its_row(tmp_path, kind, damage,
                                                                  share):
    [scan] = generate(tmp_path / "in", 1, seed=44, degradation=damage, formats=("png",),
                      kinds=(kind,))
    want = truth_of(scan)["records"]
    settings = make_settings(tmp_path / "home", split_entries=True)
    [result] = digitize([scan], settings, Catalog(settings.catalog_url), open_index(settings))
    assert result.status == "ok", result.error
    columns = columns_of(want[0]["type"], wide=kind == "register-table-spread")
    titles = _tokens(" ".join(t for t, _, _ in columns))
    for text in _check_entries(result, want, share):
        assert len(titles & _tokens(text)) >= 0.8 * len(titles), text  # headed columns


def _register_document(tmp_path):
    """A register page's scan and its OCR reading (the drawn rows: no tesseract)."""
    rng = random.Random(5)
    header, people = register_page(rng, "birth", "blocks", 4)
    rows = block_rows("birth", header, people)
    img, _ = render(rows, rng, seal=False)
    scan = tmp_path / "book.png"
    img.save(scan, dpi=(300, 300))
    page = page_from_rows(rows, width=img.width, height=img.height)
    blank = np.full((page.height, page.width, 3), 255, np.uint8)
    image = encode(blank, blank[:, :, 0], mode="bitonal", dpi=300, quality=80,
                   background_dpi=200)
    source = open_source(scan, max_pixels=10**9, max_pages=10)
    pending = Pending(0, scan, source=source,
                      outcomes={0: PageOutcome(index=0, ocr=page, image=image)})
    return pending, page


def test_simulated_geometry_mismatch_writes_no_whole_page_entry_file(tmp_path, monkeypatch):
    pending, page = _register_document(tmp_path)

    def simulate_geometry_mismatch(rgb, **_kw):  # the page read again came out taller
        bigger = np.full((page.height + 8, page.width), 255, np.uint8)
        return CleanPage(colour=np.dstack([bigger] * 3), binary=bigger, rotation=0,
                         skew=0.0), 300

    monkeypatch.setattr("pipeline.entry_pages.page_image", simulate_geometry_mismatch)
    settings = make_settings(tmp_path / "home", split_entries=True)
    settings.archive_dir.mkdir(parents=True, exist_ok=True)
    earlier = settings.archive_dir / f"{pending.source.document_id}-1.pdf"
    earlier.write_bytes(b"%PDF- an earlier run's whole page")
    result = finish_document(pending, settings)
    assert result.status == "ok" and len(result.records) == 4
    assert result.entries == [None] * 4
    # no entry file, and none left from an earlier run
    assert sorted(p.name for p in settings.archive_dir.iterdir()) == [result.pdf.name]
    for record in result.records:  # each says why it has no file of its own
        assert record.needs_review
        assert any("entry PDF not written" in r and "px" in r for r in record.review_reasons)
    assert "entries" not in result.as_json()


def test_a_keyed_record_gets_no_entry_pdf_and_the_entries_keep_their_bands(tmp_path,
                                                                          monkeypatch):
    pending, page = _register_document(tmp_path)

    def faithful_read_again(rgb, **_kw):  # the geometry the words were read on
        white = np.full((page.height, page.width), 255, np.uint8)
        return CleanPage(colour=np.dstack([white] * 3), binary=white, rotation=0,
                         skew=0.0), 300

    monkeypatch.setattr("pipeline.entry_pages.page_image", faithful_read_again)
    keyed = Record(id=f"{pending.source.document_id}-1-k1", type=RecordType.birth, page=1,
                   layout="keyed", origin="keyed", verified_by="clerk")
    settings = make_settings(tmp_path / "home", split_entries=True)
    result = finish_document(pending, settings, kept=[keyed])
    assert result.status == "ok" and result.records[-1].id == keyed.id
    assert result.entries[-1] is None and not result.records[-1].review_reasons
    bands = [e for e in result.entries[:-1] if e is not None]
    assert len(bands) == 4
    for path, check in bands:
        assert check.valid, check.messages
        with pikepdf.open(path) as pdf:
            assert float(pdf.pages[0].mediabox[3]) < 842 / 3
    assert [e["record"] for e in result.as_json()["entries"]] == [0, 1, 2, 3]
    catalog = Catalog(settings.catalog_url)
    catalog.save(result, catalog.start_run("test"))
    own = entry_pdfs(catalog, pending.source.document_id)  # what the web app offers
    assert own == {r.id: e[0] for r, e in zip(result.records[:4], bands, strict=True)}
    assert catalog.document(pending.source.document_id).entries == result.entries
    plan = Sohoa(settings).deletion(pending.source.document_id)  # erasure finds every file
    assert sorted(plan.files) == sorted([result.pdf, *own.values()])
