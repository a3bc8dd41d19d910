"""The web app over a real Sohoa, catalog and index: sessions, roles, the JSON API, CSRF."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from ocr.text import fold_lower
from tests.web.conftest import PASSWORDS, flag_for_review, login, seeded
from web.app import create_app

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def world(digitised_home, tmp_path_factory):
    seeded_world = seeded(digitised_home, tmp_path_factory)
    flag_for_review(seeded_world.settings, count=3)
    return seeded_world


@pytest.fixture()
def client(world):
    with TestClient(create_app(world.service)) as c:
        yield c


def as_role(world, role: str) -> TestClient:
    return login(TestClient(create_app(world.service)), role)


def a_birth(world) -> dict:
    """The generated birth certificate's truth (its child's name, date of birth)."""
    return next(t for t in world.truths if t["kind"] == "birth")["records"][0]["fields"]


def find_birth(client: TestClient, world) -> dict:
    name = fold_lower(a_birth(world)["full_name"])
    r = client.get("/api/search", params={"q": name, "type": "birth"})
    assert r.status_code == 200, r.text
    return r.json()["hits"][0]


def test_health_needs_no_login(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_anonymous_is_refused(client, world):
    assert client.get("/api/search", params={"q": "nguyen"}).status_code == 401
    assert client.get("/api/records/x:0").status_code == 401
    r = client.get("/search?q=nguyen", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=%2Fsearch")


def test_login_ok_and_wrong(client):
    r = client.post("/api/login", json={"username": "viewer", "password": "nope"})
    assert r.status_code == 401
    r = client.post("/api/login", json={"username": "viewer", "password": PASSWORDS["viewer"]})
    assert r.status_code == 200 and r.json() == {"user": "viewer", "role": "viewer"}
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/api/search", params={"q": "nguyen"}).status_code == 200
    assert client.post("/api/logout", json={}).status_code == 200
    assert client.get("/api/search", params={"q": "nguyen"}).status_code == 401


def test_login_rate_limit(client):
    for _ in range(5):
        r = client.post("/api/login", json={"username": "officer", "password": "bad"})
        assert r.status_code == 401
    r = client.post("/api/login", json={"username": "officer", "password": PASSWORDS["officer"]})
    assert r.status_code == 429


def test_json_writes_need_json(client):
    r = client.post("/api/login", data={"username": "viewer", "password": PASSWORDS["viewer"]})
    assert r.status_code == 415


def test_viewer_searches_and_views_but_cannot_change(world):
    viewer = as_role(world, "viewer")
    hit = find_birth(viewer, world)
    assert set(hit) >= {"record_id", "document_id", "type", "fields", "score", "source"}
    record = viewer.get(f"/api/records/{hit['record_id']}").json()
    assert record["record_id"] == hit["record_id"] and record["type"] == "birth"
    assert record["fields"]["full_name"]["label"]
    r = viewer.patch(f"/api/records/{hit['record_id']}", json={"fields": {"sex": "Nữ"}})
    assert r.status_code == 403
    assert viewer.get("/api/audit").status_code == 403
    page = viewer.get(f"/documents/{hit['document_id']}")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    png = viewer.get(f"/documents/{hit['document_id']}/pages/1.png?w=400")
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    pdf = viewer.get(f"/documents/{hit['document_id']}/pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_officer_corrects_a_field(world):
    officer = as_role(world, "officer")
    hit = find_birth(officer, world)
    rid = hit["record_id"]
    r = officer.patch(f"/api/records/{rid}", json={"fields": {"full_name": "HOÀNG THỊ XUYẾN"},
                                                  "verified": True})
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["fields"]["full_name"]["value"] == "HOÀNG THỊ XUYẾN"
    assert record["fields"]["full_name"]["edited_by"] == "officer"
    assert record["verified_by"] == "officer"
    found = officer.get("/api/search", params={"q": "hoang thi xuyen"}).json()["hits"]
    assert found and found[0]["record_id"] == rid
    admin = as_role(world, "admin")
    trail = admin.get("/api/audit", params={"record_id": rid}).json()
    change = next(e for e in trail if e["field"] == "full_name")
    assert change["user"] == "officer" and change["new"] == "HOÀNG THỊ XUYẾN"
    assert {"user", "at", "action", "record_id", "field", "old", "new"} <= set(change)
    page = admin.get("/audit", params={"record_id": rid})
    assert page.status_code == 200 and "HOÀNG THỊ XUYẾN" in page.text


def test_an_invalid_value_is_refused_with_its_reason(world):
    officer = as_role(world, "officer")
    rid = find_birth(officer, world)["record_id"]
    r = officer.patch(f"/api/records/{rid}", json={"fields": {"date_of_birth": "2019-02-30"}})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] and "date_of_birth" in body["reasons"]


def test_an_officer_keys_a_record(world):
    officer = as_role(world, "officer")
    doc = find_birth(officer, world)["document_id"]
    r = officer.post(f"/api/documents/{doc}/records", json={
        "type": "birth", "page": 1,
        "fields": {"full_name": "ĐINH VĂN KHOA", "date_of_birth": "2018-05-06", "sex": "Nam",
                   "registration_date": "2018-06-01"}})
    assert r.status_code == 201, r.text
    keyed = r.json()
    assert keyed["origin"] == "keyed" and keyed["document_id"] == doc
    assert officer.get(f"/api/records/{keyed['record_id']}").status_code == 200


def test_the_review_queue(world):
    officer = as_role(world, "officer")
    items = officer.get("/api/review", params={"limit": 10}).json()
    assert isinstance(items, list) and items
    assert items[0]["min_confidence"] == 0.61
    for item in items:
        assert {"record_id", "document_id", "type", "min_confidence", "reasons"} <= set(item)
    assert officer.get("/review").status_code == 200
    assert officer.get("/review/item?pos=0").status_code == 200


def test_a_form_post_without_csrf_is_refused(world):
    officer = as_role(world, "officer")
    rid = find_birth(officer, world)["record_id"]
    r = officer.post(f"/records/{rid}/edit", data={"f_sex": "Nữ"})
    assert r.status_code == 403
    page = officer.get(f"/records/{rid}/edit")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = officer.post(f"/records/{rid}/edit", data={"csrf": token, "f_date_of_birth": "2019-02-30"})
    assert r.status_code == 422 and "invalid" in r.text.lower()


def test_pages_render_for_each_role(world):
    admin = as_role(world, "admin")
    for path in ("/search", "/search?q=nguyen&facets=1", "/review", "/audit", "/users"):
        r = admin.get(path)
        assert r.status_code == 200, (path, r.text[:500])
    viewer = as_role(world, "viewer")
    assert viewer.get("/users").status_code == 403
    assert viewer.get("/audit").status_code == 403


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_keying_through_the_form(world):
    officer = as_role(world, "officer")
    doc = find_birth(officer, world)["document_id"]
    form = officer.get(f"/documents/{doc}/key", params={"type": "death", "page": 1})
    assert form.status_code == 200 and "f_deceased_full_name" in form.text
    r = officer.post(f"/documents/{doc}/key", follow_redirects=False, data={
        "csrf": csrf_of(form.text), "type": "death", "page": "1",
        "f_deceased_full_name": "LÊ VĂN TÁM", "f_death_datetime": "2021-03-04",
        "f_registration_date": "2021-03-10"})
    assert r.status_code == 303, r.text[:800]
    assert r.headers["location"].startswith(f"/documents/{doc}#record-")
    bad = officer.post(f"/documents/{doc}/key", data={
        "csrf": csrf_of(form.text), "type": "death", "page": "1",
        "f_deceased_full_name": "LÊ VĂN TÁM", "f_death_datetime": "2021-02-30"})
    assert bad.status_code == 422 and 'class="reason"' in bad.text


def test_the_document_page_outlines_fields_and_an_empty_search_lists_recent_records(world):
    viewer = as_role(world, "viewer")
    hit = find_birth(viewer, world)
    page = viewer.get(f"/documents/{hit['document_id']}").text
    assert re.search(r'data-key="full_name" data-box="[\d.]+ [\d.]+ [\d.]+ [\d.]+"', page)
    assert page.count('class="w') > 50  # the OCR words over the image
    recent = viewer.get("/search")
    assert recent.status_code == 200 and 'class="hit"' in recent.text


def test_errors_keep_their_status(world):
    viewer = as_role(world, "viewer")
    assert viewer.get("/api/records/nope").status_code == 404
    assert viewer.get("/documents/nope").status_code == 404
    assert viewer.get("/search", params={"year": "abc"}).status_code == 422


def test_unknown_pages_are_pages_and_unknown_api_calls_json(world):
    viewer = as_role(world, "viewer")
    page = viewer.get("/nowhere")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = viewer.get("/api/nowhere")
    assert api.status_code == 404 and api.json()["detail"]
    assert viewer.get("/search", params={"offset": -1}).status_code == 422


def test_a_disabled_account_is_logged_out_at_its_next_request(world):
    world.service.add_user("tam", "officer", "tam-mat-khau-9")
    client = TestClient(create_app(world.service))
    assert client.post("/api/login", json={"username": "tam", "password": "tam-mat-khau-9"}
                       ).status_code == 200
    assert client.get("/api/review").status_code == 200
    world.service.set_user("tam", disabled=True)
    assert client.get("/api/review").status_code == 401
    assert client.post("/api/login", json={"username": "tam", "password": "tam-mat-khau-9"}
                       ).status_code == 401
