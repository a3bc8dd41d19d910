"""Signed archives in the web app: the document page names the signer, and a correction
made through the JSON API appends a signed revision that leaves the first signature
valid. The birth certificate's archived PDF is signed here with a throw-away office
certificate (tests/pipeline/certs.py), as `digitize --sign` would have signed it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.service import Sohoa
from pipeline.catalog import Catalog, documents
from pipeline.signing import SignerConfig, check_signatures, sign_pdf
from tests.pipeline.certs import OFFICE, PASSWORD, make_pki
from tests.web.conftest import login, seeded
from tests.web.test_api import find_birth
from web.app import create_app

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def signed_world(digitised_home, tmp_path_factory):
    """The web world with the birth certificate's PDF signed, the app's SOHOA_SIGN set."""
    world = seeded(digitised_home, tmp_path_factory)
    pki = make_pki(tmp_path_factory.mktemp("pki"))
    world.settings = world.settings.model_copy(update={"sign": str(pki.p12),
                                                       "sign_password": PASSWORD})
    world.service = Sohoa(world.settings)
    hit = find_birth(login(TestClient(create_app(world.service)), "viewer"), world)
    pdf = world.service.document(hit["document_id"]).pdf
    signer = sign_pdf(pdf, SignerConfig(p12=pki.p12, password=PASSWORD))
    catalog = Catalog(world.settings.catalog_url)
    with catalog.engine.begin() as c:
        c.execute(update(documents).where(documents.c.id == hit["document_id"])
                  .values(signer=signer))
    catalog.engine.dispose()
    return world, pki, hit, pdf


def test_the_document_page_names_the_signer(signed_world):
    world, _, hit, _ = signed_world
    viewer = login(TestClient(create_app(world.service)), "viewer")
    page = viewer.get(f"/documents/{hit['document_id']}").text
    assert f"Ký số bởi: {OFFICE}" in page
    others = [d for d in world.service.documents(None, 10, 0)[0]
              if d.document_id != hit["document_id"]]
    assert "Ký số bởi" not in viewer.get(f"/documents/{others[0].document_id}").text


def test_a_correction_through_the_api_keeps_the_first_signature(signed_world):
    world, pki, hit, pdf = signed_world
    before = pdf.read_bytes()
    officer = login(TestClient(create_app(world.service)), "officer")
    r = officer.patch(f"/api/records/{hit['record_id']}",
                      json={"fields": {"full_name": "HOÀNG THỊ XUYẾN"}, "verified": True})
    assert r.status_code == 200, r.text
    assert pdf.read_bytes().startswith(before)
    checks = check_signatures(pdf, [pki.ca])
    assert [(c.signer, c.problems) for c in checks] == [(OFFICE, ()), (OFFICE, ())]
    assert checks[-1].covers_file


def test_a_signed_correction_of_an_unsigned_document_records_its_signer(signed_world):
    world, pki, hit, _ = signed_world
    others = [d.document_id for d in world.service.documents(None, 10, 0)[0]
              if d.document_id != hit["document_id"]]
    doc = next(world.service.document(d) for d in others
               if len(world.service.document(d).records) == 1)
    assert doc.result.signer is None
    officer = login(TestClient(create_app(world.service)), "officer")
    r = officer.patch(f"/api/records/{doc.records[0].record_id}", json={"verified": True})
    assert r.status_code == 200, r.text
    assert world.service.document(doc.document_id).result.signer == OFFICE
    assert [c.problems for c in check_signatures(doc.pdf, [pki.ca])] == [()]
