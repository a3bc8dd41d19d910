"""The use-cases over a real catalog, index and archive: two generated scans digitised
with real tesseract, then corrected, verified, keyed and searched as people would."""

from __future__ import annotations

import pikepdf
import pytest

from app.accounts import User
from app.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from app.service import Sohoa
from index import open_index
from index.base import SearchQuery
from ocr.text import fold_lower
from pipeline.catalog import Catalog
from pipeline.run import digitize
from pipeline.samples import generate
from pipeline.validate import validate
from tests.conftest import make_settings

pytestmark = pytest.mark.tesseract

OFFICER = User("lan", "officer")
VIEWER = User("minh", "viewer")


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Sohoa:
    scans = tmp_path_factory.mktemp("scans")
    generate(scans, 2, seed=21, kinds=("birth", "death"))
    settings = make_settings(tmp_path_factory.mktemp("home"))
    results = list(digitize([scans], settings, Catalog(settings.catalog_url),
                            open_index(settings)))
    assert all(r.status == "ok" for r in results)
    service = Sohoa(settings)
    service.scans = scans  # type: ignore[attr-defined]
    return service


def birth_record(app: Sohoa):
    hits = app.search(SearchQuery("", record_type="birth", limit=5)).hits
    assert hits, "the birth certificate is indexed"
    return app.record(hits[0].key)


def test_search_hits_carry_stable_record_ids(app):
    view = birth_record(app)
    assert view.record_id == f"{view.document_id}-1-1"
    assert view.as_json()["fields"]["full_name"]["label"] == "Họ, chữ đệm, tên"


def test_a_correction_is_normalised_audited_searchable_and_archived(app):
    view = birth_record(app)
    before = view.record.fields["full_name"].value
    after = app.correct(OFFICER, view.record_id, {"full_name": "PHAN THỊ ÁNH TUYẾT",
                                                  "date_of_birth": "07/08/2019"})
    name, born = after.record.fields["full_name"], after.record.fields["date_of_birth"]
    assert name.value == "PHAN THỊ ÁNH TUYẾT" and name.ocr_value == before
    assert name.edited_by == "lan" and name.confidence == 1.0
    assert born.value == "2019-08-07"  # typed as printed, stored as ISO
    assert after.record.verified_by == "lan" and not after.record.needs_review
    trail = app.audit(record_id=view.record_id)
    assert {(e.action, e.field) for e in trail} >= {("correct", "full_name"),
                                                    ("correct", "date_of_birth"),
                                                    ("verify", None)}
    assert next(e for e in trail if e.field == "full_name").old == before
    hits = app.search(SearchQuery(fold_lower("phan thi anh tuyet"), limit=5)).hits
    assert hits and hits[0].key == view.record_id
    pdf = app.pdf_file(view.document_id)
    with pikepdf.open(pdf) as doc, doc.open_metadata() as meta:
        xmp = str(meta)
    assert "PHAN THỊ ÁNH TUYẾT" in xmp and before not in xmp
    assert validate(pdf, app.settings.pdfa, use_preflight=False).valid


def test_an_impossible_date_is_refused_with_its_reason(app):
    view = birth_record(app)
    with pytest.raises(InvalidInput) as refused:
        app.correct(OFFICER, view.record_id, {"date_of_birth": "2019-02-30",
                                              "full_name": "NGUYỄN 2 AN"})
    assert set(refused.value.reasons) == {"date_of_birth", "full_name"}
    assert "not a date" in refused.value.reasons["date_of_birth"]
    assert app.record(view.record_id).record.fields["date_of_birth"].value != "2019-02-30"


def test_names_with_apostrophes_and_hyphens_are_taken_as_typed(app):
    view = birth_record(app)
    after = app.correct(OFFICER, view.record_id, {"father_full_name": "KSOR Y-BLIN H'ĐĂM"})
    assert after.record.fields["father_full_name"].value == "KSOR Y-BLIN H'ĐĂM"


def test_a_viewer_may_not_correct(app):
    view = birth_record(app)
    with pytest.raises(Forbidden):
        app.correct(VIEWER, view.record_id, {"sex": "Nam"})
    with pytest.raises(NotFound):
        app.record("nothing-1-1")


def test_human_values_survive_digitize_force_and_a_rebuild(app):
    from pipeline.reindex import rebuild

    view = birth_record(app)
    app.correct(OFFICER, view.record_id, {"hometown": "xã Kim Sơn, huyện Kim Sơn, tỉnh Ninh Bình"})
    settings = app.settings.model_copy(update={"force": True})
    list(digitize([app.scans], settings, app.catalog, app.index))  # type: ignore[attr-defined]
    again = app.record(view.record_id)
    assert again.record.fields["hometown"].value == "xã Kim Sơn, huyện Kim Sơn, tỉnh Ninh Bình"
    assert again.record.fields["full_name"].value == "PHAN THỊ ÁNH TUYẾT"
    rebuild(app.catalog, app.index, app.settings.home / "rebuild.json")
    hits = app.search(SearchQuery("phan thi anh tuyet", limit=3)).hits
    assert hits and hits[0].key == view.record_id
    assert hits[0].fields["hometown"] == "xã Kim Sơn, huyện Kim Sơn, tỉnh Ninh Bình"


def test_a_keyed_record_is_validated_audited_and_kept(app):
    death = app.search(SearchQuery("", record_type="death", limit=1)).hits[0]
    keyed = app.key_record(OFFICER, death.document_id, 1, "birth",
                           {"full_name": "LÒ VĂN PÁO", "date_of_birth": "2001-12-03",
                            "sex": "Nam"})
    assert keyed.record.origin == "keyed" and keyed.record_id.endswith("-1-k1")
    assert keyed.record.verified_by == "lan"
    assert [e.action for e in app.audit(record_id=keyed.record_id)] == ["key"] * 3
    assert app.search(SearchQuery("lo van pao", limit=3)).hits[0].key == keyed.record_id
    with pytest.raises(InvalidInput):
        app.key_record(OFFICER, death.document_id, 1, "birth", {"colour": "red"})
    settings = app.settings.model_copy(update={"force": True})
    list(digitize([app.scans], settings, app.catalog, app.index))  # type: ignore[attr-defined]
    assert app.record(keyed.record_id).record.fields["full_name"].value == "LÒ VĂN PÁO"


def test_accounts(app):
    app.add_user("hoa", "viewer", "mật khẩu dài")
    assert app.authenticate("hoa", "mật khẩu dài") == User("hoa", "viewer")
    with pytest.raises(Unauthorized):
        app.authenticate("hoa", "wrong password")
    app.set_user("hoa", disabled=True)
    with pytest.raises(Unauthorized):
        app.authenticate("hoa", "mật khẩu dài")
    with pytest.raises(InvalidInput):
        app.add_user("hoa", "viewer", "another password")
    with pytest.raises(InvalidInput):
        app.add_user("x y", "boss", "short")


def test_review_queue_lists_unchecked_records_lowest_confidence_first(app):
    queue = app.review_queue(limit=50)
    confidences = [q.min_confidence for q in queue]
    assert confidences == sorted(confidences)
    checked = birth_record(app).record_id
    assert checked not in {q.record_id for q in queue}


def test_first_uses_on_many_threads_open_one_catalog_and_one_index(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.settings import Settings

    Catalog(Settings(home=tmp_path).catalog_url).engine.dispose()  # as the first digitize
    fresh = Sohoa(Settings(home=tmp_path))
    with ThreadPoolExecutor(8) as pool:
        opened = list(pool.map(lambda _: (fresh.catalog, fresh.index), range(16)))
    assert len({id(c) for c, _ in opened}) == 1 and len({id(i) for _, i in opened}) == 1
    assert opened[0][1].count() == 0


def test_a_correction_is_kept_when_the_index_is_busy(app, monkeypatch):
    """Another process holding the index writer must not lose a person's work: the catalog
    has it, and the document is marked for `index check --repair`."""
    from pipeline.reindex import check

    view = birth_record(app)

    def busy(*_args, **_kw):
        raise ValueError("Failed to acquire Lockfile")

    monkeypatch.setattr(app.index, "upsert", busy)
    after = app.correct(OFFICER, view.record_id, {"ethnicity": "Tày"})
    assert after.record.fields["ethnicity"].value == "Tày"
    monkeypatch.undo()
    assert view.document_id in check(app.catalog, app.index).failed


def test_human_values_survive_a_batch_finishing_the_document_again(app):
    from pipeline import batch

    view = birth_record(app)
    app.correct(OFFICER, view.record_id, {"declarant_full_name": "ĐINH CÔNG BẢO"})
    settings = app.settings.model_copy(update={"force": True})
    batch_id = batch.register(app.catalog, settings, "again", [app.scans])  # type: ignore[attr-defined]
    results = list(batch.run(app.catalog, app.index, settings, batch_id))
    assert results and all(r.status == "ok" for r in results)
    kept = app.record(view.record_id).record
    assert kept.fields["declarant_full_name"].value == "ĐINH CÔNG BẢO"
    assert kept.verified_by == "lan"
    hits = app.search(SearchQuery("dinh cong bao", limit=3)).hits
    assert hits and hits[0].key == view.record_id
