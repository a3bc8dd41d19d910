"""Search parameters checked at the web's boundary (422 with a message, never a 500),
and a deleted index said as such (503), over a small home made in the test (no OCR)."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from app.service import Sohoa
from tests.conftest import make_settings
from tests.pipeline.test_catalog_state import stored_home
from tests.pipeline.test_reindex import NAMES
from web.app import create_app


@pytest.fixture()
def client(tmp_path):
    home = tmp_path / "home"
    stored_home(home)[0].engine.dispose()
    service = Sohoa(make_settings(home))
    service.add_user("minh", "viewer", "xem-ho-so-1")
    with TestClient(create_app(service)) as c:
        r = c.post("/api/login", json={"username": "minh", "password": "xem-ho-so-1"})
        assert r.status_code == 200, r.text
        c.home = home  # type: ignore[attr-defined]
        yield c


@pytest.mark.parametrize(("params", "message"), [
    ({"year": "9223372036854775808"}, "year must be between 1800 and 2200"),
    ({"born_to": "9999-12-31"}, "born to must be a date between 1800 and 2200"),
    ({"born_from": "2001-01-01", "born_to": "2000-01-01"}, "is after born to"),
    ({"born_from": "31/12/2000"}, "ngày không hợp lệ"),
])
def test_api_filters_out_of_range_are_422_with_a_message(client, params, message):
    r = client.get("/api/search", params={"q": "nguyen", **params})
    assert r.status_code == 422 and message in r.json()["detail"]
    page = client.get("/search", params={"q": "nguyen", **params})
    assert page.status_code == 422 and message in page.text


@pytest.mark.parametrize("params", [{"offset": "1000000000"}, {"offset": "-1"},
                                    {"limit": "100000"}, {"limit": "0"}])
def test_api_paging_out_of_range_is_422(client, params):
    r = client.get("/api/search", params={"q": "nguyen", **params})
    assert r.status_code == 422 and r.json()["detail"]
    assert client.get("/search", params={"q": "nguyen", **params}).status_code == 422


def test_a_deleted_index_is_503_not_an_empty_answer(client):
    assert client.get("/api/search", params={"q": "nguyen van an"}).json()["total"] == 1
    shutil.rmtree(client.home / "index")
    client.app.state.service._index = None  # the next search opens the index again
    r = client.get("/api/search", params={"q": "nguyen van an"})
    assert r.status_code == 503
    assert r.json()["detail"] == (f"the index holds 0 records but the catalog has {len(NAMES)} "
                                  "document(s): run `sohoa index rebuild`")
