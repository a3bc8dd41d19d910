"""Integration: real tesseract over generated scans in every format plus bad inputs."""

import json
import subprocess
import unicodedata

import pikepdf
import pytest

from index import open_index
from index.base import SearchQuery
from pipeline.catalog import Catalog
from pipeline.evaluate import cer
from pipeline.ingest import sha256_of
from pipeline.run import digitize
from tests.conftest import make_settings, requires, truth_of

pytestmark = pytest.mark.tesseract


def by_name(results):
    return {r.source.rsplit("/", 1)[-1]: r for r in results}


def test_good_scans_in_every_format_come_back_ok(digitized, sample_dir):
    _, results, _ = digitized
    found = by_name(results)
    for scan in sorted(sample_dir.glob("birth-*.*")):
        if scan.name.endswith(".truth.json"):
            continue
        r = found[scan.name]
        assert r.status == "ok", r.error
        assert r.pdf and r.pdf.exists()
        assert len(r.pages) == 1 and r.records and r.records[0].type.value == "birth"


def test_bad_inputs_fail_alone_with_clear_messages(digitized):
    _, results, _ = digitized
    found = by_name(results)
    assert found["empty.png"].status == "failed" and "empty" in found["empty.png"].error
    assert found["locked.pdf"].status == "failed" and "encrypted" in found["locked.pdf"].error
    assert found["corrupt.tif"].status == "failed" and found["corrupt.tif"].error
    assert sum(r.status == "ok" for r in results) == 4


def test_ocr_is_accurate_on_generated_pages(digitized, sample_dir):
    _, results, _ = digitized
    for r in results:
        if r.status != "ok":
            continue
        truth = truth_of(sample_dir / r.source.rsplit("/", 1)[-1])
        edits, chars = cer("\n".join(truth["pages"][0]["lines"]), r.pages[0].text)
        assert edits / chars < 0.03, (r.source, truth["degradation"], edits / chars)


def test_names_and_dates_are_extracted(digitized, sample_dir):
    _, results, _ = digitized
    for r in results:
        if r.status != "ok":
            continue
        want = truth_of(sample_dir / r.source.rsplit("/", 1)[-1])["records"][0]["fields"]
        rec = r.records[0]
        for key in ("date_of_birth", "registration_date", "sex", "personal_id"):
            assert rec.value(key) == want[key], (r.source, key)


@requires("pdftotext")
def test_pdf_text_layer_matches_ocr_text(digitized):
    _, results, _ = digitized
    for r in (r for r in results if r.status == "ok"):
        text = subprocess.run(["pdftotext", str(r.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        edits, chars = cer(r.pages[0].text, text)
        assert edits / chars < 0.01, (r.source, edits, chars)
        with pikepdf.open(r.pdf) as pdf:
            meta = pdf.open_metadata()
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")


def test_rerun_skips_what_is_done_and_returns_the_stored_result(digitized, monkeypatch):
    settings, results, inputs = digitized
    import pipeline.run as run_module

    def no_work(task):
        raise AssertionError(f"page {task.index} of {task.path} processed again")
    monkeypatch.setattr(run_module, "process_page", no_work)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    again = list(digitize(inputs, settings.model_copy(update={"jobs": 1}), catalog, index))
    assert [r.as_json() | {"skipped": False} for r in again if r.status == "ok"] == [
        r.as_json() for r in results if r.status == "ok"]
    assert all(r.as_json()["skipped"] for r in again if r.status == "ok")
    assert [r.error for r in again if r.status != "ok"] == [
        r.error for r in results if r.status != "ok"]  # failures are retried, and fail again


def test_forced_rerun_is_idempotent_and_sources_untouched(digitized, sample_dir):
    settings, results, inputs = digitized
    scan = next(p for p in sample_dir.glob("*.png"))
    before = sha256_of(scan)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    counts = catalog.counts()
    entries = index.count()
    again = list(digitize([scan], settings.model_copy(update={"jobs": 1, "force": True}),
                          catalog, index))
    assert again[0].document_id == by_name(results)[scan.name].document_id
    assert catalog.counts() == counts
    assert index.count() == entries
    assert sha256_of(scan) == before


def test_catalog_round_trips_a_document(digitized):
    settings, results, _ = digitized
    ok = next(r for r in results if r.status == "ok")
    stored = Catalog(settings.catalog_url).document(ok.document_id[:8])
    assert stored.as_json() == ok.as_json()


def test_search_finds_each_digitised_person_without_diacritics(digitized):
    settings, results, _ = digitized
    from ocr.text import fold_lower

    index = open_index(settings)
    for r in (r for r in results if r.status == "ok"):
        name = r.records[0].value("full_name")
        hits = index.search(SearchQuery(fold_lower(name), limit=5)).hits
        assert r.document_id in [h.document_id for h in hits]


def test_empty_page_is_ok_with_no_records(tmp_path):
    from PIL import Image

    Image.new("RGB", (2480, 3508), "white").save(tmp_path / "blank.png", dpi=(300, 300))
    settings = make_settings(tmp_path / "home", jobs=1)
    [result] = digitize([tmp_path / "blank.png"], settings, Catalog(settings.catalog_url),
                        open_index(settings))
    assert result.status == "ok" and result.records == [] and result.pages[0].text == ""


def test_multipage_tiff_is_one_document_with_pages_in_order(sample_dir, tmp_path):
    from PIL import Image

    scans = sorted(p for p in sample_dir.glob("birth-*.*") if not p.name.endswith(".json"))[:2]
    frames = []
    for p in scans:
        if p.suffix == ".pdf":
            from pipeline.ingest import load_page
            frames.append(Image.fromarray(load_page(p, "pdf", 0, dpi=300, max_pixels=10**8)))
        else:
            frames.append(Image.open(p).convert("RGB"))
    book = tmp_path / "book.tif"
    frames[0].save(book, save_all=True, append_images=frames[1:], compression="tiff_lzw",
                   dpi=(300, 300))
    settings = make_settings(tmp_path / "home", split_entries=True)
    catalog = Catalog(settings.catalog_url)
    [result] = digitize([book], settings, catalog, open_index(settings))
    assert result.status == "ok", result.error
    assert len(result.pages) == 2 and [r.page for r in result.records] == [1, 2]
    names = [truth_of(p)["records"][0]["fields"]["full_name"] for p in scans]
    assert [r.value("full_name") for r in result.records] == names
    with pikepdf.open(result.pdf) as pdf:
        assert len(pdf.pages) == 2
    # --split-entries: one PDF/A per record, its page and its fields, kept in the catalog
    assert len(result.entries) == 2
    for (path, check), name in zip(result.entries, names, strict=True):
        assert check.valid, check.messages
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == 1
            assert pdf.open_metadata()["{https://sohoa.vn/ns/record/1.0/}full_name"] == name
    assert catalog.document(result.document_id).entries == result.entries


@requires("pdftotext")
def test_preflight_accepts_pdfa_1b_from_every_input_format(sample_dir, tmp_path):
    from pipeline.validate import preflight_available

    assert preflight_available(), "PDFBox Preflight missing: run `make system`"
    settings = make_settings(tmp_path / "home", pdfa="1b")
    results = list(digitize([sample_dir], settings, Catalog(settings.catalog_url),
                            open_index(settings)))
    assert {r.source.rsplit(".", 1)[-1] for r in results} == {"png", "jpg", "pdf", "tif"}
    for r in results:
        assert r.status == "ok", r.error
        assert (r.pdfa.validator, r.pdfa.valid) == ("preflight", True), r.pdfa.messages
        text = subprocess.run(["pdftotext", str(r.pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert unicodedata.is_normalized("NFC", text) and "GIẤY KHAI SINH" in text


@requires("pdftotext")
@pytest.mark.parametrize("layout", ["register-blocks", "register-table"])
def test_each_register_entry_gets_a_pdf_of_its_own_part_of_the_page(tmp_path, layout):
    from pipeline.samples import generate

    [scan] = generate(tmp_path / "book", 1, seed=41, degradation="scan", formats=("png",),
                      kinds=(layout,))
    want = truth_of(scan)["records"]
    settings = make_settings(tmp_path / "home", split_entries=True)
    catalog = Catalog(settings.catalog_url)
    [result] = digitize([scan], settings, catalog, open_index(settings))
    assert result.status == "ok" and len(result.entries) == len(want) >= 4
    with pikepdf.open(result.pdf) as pdf:
        full_height = float(pdf.pages[0].mediabox[3])
    names = [r["fields"].get("full_name") or r["fields"]["deceased_full_name"] for r in want]
    for n, (path, check) in enumerate(result.entries):
        assert check.valid, check.messages
        with pikepdf.open(path) as pdf:
            assert float(pdf.pages[0].mediabox[3]) < full_height / 3  # a band, not the page
        text = unicodedata.normalize("NFC", subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
        others = [name for m, name in enumerate(names) if m != n]
        assert sum(part in text for part in names[n].split()) >= 2  # its own person
        assert not any(other in text for other in others)  # nobody else's data
    stored = catalog.document(result.document_id)
    assert [r.region for r in stored.records] == [r.region for r in result.records]


def test_a_crash_between_index_and_catalog_is_healed_by_the_rerun(sample_dir, tmp_path,
                                                                  monkeypatch):
    from pipeline.reindex import check

    scan = sorted(sample_dir.glob("*.png"))[0]
    settings = make_settings(tmp_path / "home", jobs=1)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)

    def killed(*_a, **_k):
        raise SystemExit("killed")  # the process dies after the index write

    with monkeypatch.context() as m:
        m.setattr(Catalog, "save", killed)
        with pytest.raises(SystemExit):
            list(digitize([scan], settings, catalog, index))
    assert catalog.counts()["documents_ok"] == 0  # not done: the catalog says so
    [again] = digitize([scan], settings, catalog, index)
    assert again.status == "ok" and not again.reused
    assert check(catalog, index).ok  # index and catalog agree, one entry each
    assert index.count() == 1


@requires("tesseract")
def test_debug_images_show_each_cleanup_step_and_a_low_res_scan_keeps_its_size(tmp_path):
    from pipeline.samples import generate

    [scan] = generate(tmp_path / "in", 1, seed=77, degradation="border", formats=("png",))
    settings = make_settings(tmp_path / "home", jobs=1, debug_images=tmp_path / "dbg")
    [result] = digitize([scan], settings, Catalog(settings.catalog_url), open_index(settings))
    assert result.status == "ok"
    steps = sorted(p.name.split("-p1-")[1] for p in (tmp_path / "dbg").iterdir())
    # what cleanup measured and decided; a step the page did not need leaves no image
    decisions = json.loads(next((tmp_path / "dbg").glob("*-decisions.json")).read_text())
    assert not decisions["bilevel"] and decisions["threshold"] == "otsu"
    ran = ["scan.jpg", "cropped.jpg", *(["flattened.png"] if decisions["flatten"] else []),
           "binary.png", *(["deskewed.png"] if decisions["deskew"] else []),
           "for-ocr.png", "grey-for-ocr.png"]
    # numbered in the order the steps ran, with no gaps
    assert steps == [f"{n:02d}-{name}" for n, name in enumerate(ran, 1)] + ["decisions.json"]
    scan_file = next((tmp_path / "dbg").glob("*-01-scan.jpg"))
    assert scan_file.stat().st_size < 4_000_000  # not a 25 MB PNG of the colour scan
    [low] = generate(tmp_path / "low", 1, seed=78, degradation="lowres", formats=("png",))
    settings = make_settings(tmp_path / "home2", jobs=1)
    [result] = digitize([low], settings, Catalog(settings.catalog_url), open_index(settings))
    with pikepdf.open(result.pdf) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
    assert abs(box[2] - 595) < 3 and abs(box[3] - 842) < 3  # still A4 in points
    assert result.pages[0].dpi == 300
