"""`sohoa verify` through the console script: exit codes, problem lines, JSON, --repair;
and a home moved to another folder after digitising still searches, shows and verifies."""

from __future__ import annotations

import json
import shutil

import pytest

from app.service import Sohoa
from tests.cli.test_cli import run
from tests.conftest import make_settings
from tests.pipeline.test_fixity import archive_docs


@pytest.fixture
def home(tmp_path):
    settings = make_settings(tmp_path / "home")
    catalog, _, ids = archive_docs(settings, 2, tmp_path / "scans")
    catalog.engine.dispose()
    return settings.home, ids


def test_an_intact_archive_exits_0_with_a_summary(home):
    path, _ = home
    proc = run("verify", home=path, check_code=0)
    assert "archive intact: 2 document(s), 2 archived file(s), 2 source(s)" in proc.stderr


def test_a_damaged_archive_exits_1_naming_each_file(home):
    path, ids = home
    pdf = path / "archive" / f"{ids[0]}.pdf"
    data = bytearray(pdf.read_bytes())
    data[200] ^= 0x10
    pdf.write_bytes(data)
    (path / "archive" / f"{ids[1]}.pdf").unlink()
    (path / "archive" / "stray.pdf").write_bytes(b"?")
    proc = run("verify", home=path, check_code=1)
    assert f"changed {ids[0]} {pdf}" in proc.stderr
    assert f"missing {ids[1]}" in proc.stderr and "orphan - " in proc.stderr
    assert "archive NOT intact: 1 changed, 1 missing, 1 orphan" in proc.stderr
    out = json.loads(run("verify", "--json", home=path, check_code=1).stdout)
    assert out["ok"] is False and out["counts"] == {"changed": 1, "missing": 1, "orphan": 1}
    assert {p["kind"]: p["document_id"] for p in out["problems"]} == {
        "changed": ids[0], "missing": ids[1], "orphan": None}
    assert all(p["severity"] == "error" for p in out["problems"])


def test_repair_reindexes_and_leaves_orphans(home):
    path, ids = home
    shutil.rmtree(path / "index")
    (path / "archive" / "stray.pdf").write_bytes(b"?")
    out = json.loads(run("verify", "--repair", "--json", home=path, check_code=1).stdout)
    assert {p["kind"] for p in out["found_before_repair"]} == {"index", "orphan"}
    assert out["repaired"] == ["re-indexed 2 document(s) from the catalog"]
    assert [p["kind"] for p in out["problems"]] == ["orphan"]
    assert (path / "archive" / "stray.pdf").exists()


def test_no_catalog_exits_3(tmp_path):
    proc = run("verify", home=tmp_path / "none", check_code=3)
    assert "no catalog" in proc.stderr


@pytest.mark.tesseract
def test_a_moved_home_still_searches_shows_verifies_and_downloads(sample_dir, tmp_path):
    old = tmp_path / "old-home"
    scan = sorted(sample_dir.glob("*.png"))[0]
    doc = json.loads(run("digitize", scan, "--json", "--jobs", "1", home=old,
                         check_code=0).stdout)
    new = tmp_path / "moved" / "home"
    new.parent.mkdir()
    shutil.move(old, new)
    shown = json.loads(run("show", doc["document_id"], "--json", home=new, check_code=0).stdout)
    assert shown["pdf"] == str(new / "archive" / f"{doc['document_id']}.pdf")
    name = doc["records"][0]["fields"]["full_name"]["value"]
    hits = [json.loads(x) for x in run("search", name, "--json", home=new,
                                       check_code=0).stdout.splitlines()]
    assert hits and all(h["pdf"].startswith(str(new)) for h in hits)
    run("verify", home=new, check_code=0)
    sohoa = Sohoa(make_settings(new))
    assert sohoa.pdf_file(doc["document_id"]).read_bytes()[:5] == b"%PDF-"
