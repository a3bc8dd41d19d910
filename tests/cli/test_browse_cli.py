"""`sohoa list` and `sohoa delete` through the installed console script."""

import json

import pytest

from tests.cli.test_cli import run


@pytest.mark.tesseract
def test_list_then_delete_with_confirmation(sample_dir, tmp_path):
    home = tmp_path / "home"
    scan = sorted(sample_dir.glob("*.png"))[0]
    doc = json.loads(run("digitize", scan, "--json", home=home, check_code=0).stdout)
    listed = run("list", home=home, check_code=0)
    assert listed.stdout.startswith(doc["document_id"]) and "1 record(s)" in listed.stdout
    assert "1 document(s)" in listed.stderr
    rows = [json.loads(x) for x in run("list", "--records", "--type", "birth", "--json",
                                       home=home, check_code=0).stdout.splitlines()]
    assert [r["record_id"] for r in rows] == [doc["records"][0]["record_id"]]
    assert run("list", "--records", "--type", "death", "--json", home=home,
               check_code=0).stdout == ""
    refused = run("delete", doc["document_id"], home=home)  # stdin is not a terminal
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert run("show", doc["document_id"], home=home).returncode == 0
    gone = run("delete", doc["document_id"][:6], "--yes", home=home, check_code=0)
    assert f"deleted document {doc['document_id']}: 1 record(s), 1 file(s)" in gone.stderr
    assert scan.exists()
    assert run("show", doc["document_id"], home=home).returncode == 3
    assert run("delete", doc["document_id"], "--yes", home=home).returncode == 3
    assert "0 document(s)" in run("list", home=home, check_code=0).stderr
