"""An incomplete document (a page that could not be read, issue #18) says so on its page in
the web app, with the pages missing and why."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from pipeline.catalog import Catalog, documents, pages
from tests.web.conftest import login, seeded
from web.app import create_app

pytestmark = pytest.mark.tesseract
REASON = ("1 of 2 page(s) could not be read, the archive holds the other 1: page 2 cannot be "
          "read (its image data is corrupt or truncated: decoder error -2)")


def test_the_document_page_says_which_pages_are_missing(digitised_home, tmp_path_factory):
    world = seeded(digitised_home, tmp_path_factory)
    docs = world.service.documents(None, 10, 0)[0]
    marked, other = docs[0].document_id, docs[1].document_id
    catalog = Catalog(world.settings.catalog_url)
    with catalog.engine.begin() as c:  # as finish_document stores such a document
        c.execute(update(documents).where(documents.c.id == marked)
                  .values(status="incomplete", error=REASON))
        c.execute(update(pages).where(pages.c.document_id == marked, pages.c.number == 1)
                  .values(source_page=3))  # the archive's page 1 is the scan's page 3
    catalog.engine.dispose()
    viewer = login(TestClient(create_app(world.service)), "viewer")
    shown = viewer.get(f"/documents/{marked}").text
    assert f"Thiếu trang (incomplete): {REASON}" in shown
    assert "Trang 1 (trang 3 của bản quét: scan's page 3)" in shown
    assert "Thiếu trang" not in viewer.get(f"/documents/{other}").text
