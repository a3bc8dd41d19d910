"""The machine-readable interface, through the installed ``sohoa`` console script."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ocr.text import fold_lower
from tests.conftest import truth_of

SOHOA = [str(Path(sys.executable).parent / "sohoa")]


def run(*args, home, check_code=None, cwd=None):
    env = {**os.environ, "SOHOA_HOME": str(home), "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run([*SOHOA, *map(str, args)], capture_output=True, text=True, env=env,
                          cwd=cwd)
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr
    return proc


@pytest.fixture(scope="module")
def cli_run(sample_dir, tmp_path_factory):
    home = tmp_path_factory.mktemp("cli-home")
    scan = sorted(sample_dir.glob("*.png"))[0]
    missing = home / "nope.png"
    proc = run("digitize", scan, missing, "--json", "--jobs", "2", home=home)
    return home, scan, proc


@pytest.mark.tesseract
def test_digitize_json_lines_and_exit_code(cli_run):
    home, scan, proc = cli_run
    assert proc.returncode == 1, proc.stderr  # one input failed, the other went through
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [x["status"] for x in lines] == ["ok", "failed"]
    ok, bad = lines
    assert set(ok) == {"source", "sha256", "document_id", "status", "error", "skipped", "pdf",
                       "pdfa", "signer", "pages", "pages_not_read", "records"}
    assert ok["pages_not_read"] == [] and ok["pages"][0]["source_page"] == 1
    assert ok["skipped"] is False and ok["signer"] is None  # not signed without --sign
    assert ok["pdfa"] == {"level": "2b", "validator": "structural", "valid": True,
                          "messages": []}
    assert ok["source"] == str(scan) and Path(ok["pdf"]).exists()
    assert ok["pages"][0]["number"] == 1 and ok["pages"][0]["text"]
    record = ok["records"][0]
    assert record["type"] == "birth"
    want = truth_of(scan)["records"][0]["fields"]
    assert record["fields"]["date_of_birth"]["value"] == want["date_of_birth"]
    assert set(record["fields"]["full_name"]) == {"value", "confidence", "raw"}
    assert isinstance(record["needs_review"], bool)
    assert "no such file" in bad["error"] and bad["document_id"] is None


@pytest.mark.tesseract
def test_search_and_show(cli_run):
    home, scan, proc = cli_run
    doc = json.loads(proc.stdout.splitlines()[0])
    name = doc["records"][0]["fields"]["full_name"]["value"]
    hits = run("search", fold_lower(name), "--json", "--type", "birth", home=home, check_code=0)
    first = json.loads(hits.stdout.splitlines()[0])
    assert first["document_id"] == doc["document_id"]
    assert set(first) == {"record_id", "document_id", "source", "record_type", "page", "entry",
                          "pdf", "score", "fields"}
    assert (first["page"], first["entry"]) == (1, "1") and first["pdf"] == doc["pdf"]
    assert first["record_id"].startswith(doc["document_id"])
    human = run("search", fold_lower(name), home=home, check_code=0).stdout
    assert doc["document_id"] in human and "[dim]" not in human  # markup rendered, not shown
    lines = human.splitlines()  # piped (captured): one line per hit, never cut at 80 columns
    assert len(lines) == 1 and len(lines[0]) > 80 and lines[0].rstrip().endswith(".pdf")
    shown = run("show", doc["document_id"], home=home, check_code=0)
    assert doc["document_id"] in shown.stdout and "date_of_birth" in shown.stdout


@pytest.mark.tesseract
def test_index_rebuild_restores_search_from_the_catalog(cli_run):
    home, scan, proc = cli_run
    doc = json.loads(proc.stdout.splitlines()[0])
    query = fold_lower(doc["records"][0]["fields"]["full_name"]["value"])
    shutil.rmtree(home / "index")  # lost or corrupted index: the catalog still has it all
    lost = run("search", query, "--json", home=home, check_code=5)  # no answer of 0 records
    assert lost.stdout == "" and "run `sohoa index rebuild`" in lost.stderr
    checked = run("index", "check", home=home, check_code=1)
    assert "missing: 1 document" in checked.stderr
    rebuilt = run("index", "rebuild", home=home, check_code=0)
    assert "indexed 1 document" in rebuilt.stderr
    hits = run("search", query, "--json", home=home, check_code=0).stdout.splitlines()
    assert json.loads(hits[0])["document_id"] == doc["document_id"]
    assert "agrees" in run("index", "check", home=home, check_code=0).stderr


@pytest.mark.tesseract
def test_search_filters_facets_and_highlights(cli_run):
    home, scan, proc = cli_run
    doc = json.loads(proc.stdout.splitlines()[0])
    fields = {k: v["value"] for k, v in doc["records"][0]["fields"].items()}
    year = fields["registration_date"][:4]
    out = run("search", "", "--year", year, "--born-from", fields["date_of_birth"], "--facets",
              "--json", "--highlight", home=home, check_code=0).stdout.splitlines()
    hit, summary = json.loads(out[0]), json.loads(out[-1])
    assert hit["document_id"] == doc["document_id"] and "highlights" in hit
    assert summary == {"total": 1, "facets": {"record_type": {"birth": 1},
                                              "registration_year": {year: 1},
                                              "commune": summary["facets"]["commune"]}}
    none = run("search", "", "--year", str(int(year) + 1), "--json", home=home, check_code=0)
    assert none.stdout == ""


@pytest.mark.tesseract
def test_export_spreadsheet_of_digitised_records(cli_run, tmp_path):
    home, scan, proc = cli_run
    doc = json.loads(proc.stdout.splitlines()[0])
    target = tmp_path / "khai-sinh.csv"
    done = run("export", target, "--type", "birth", home=home, check_code=0)
    assert "wrote 1 record" in done.stderr
    text = target.read_text(encoding="utf-8")
    assert doc["document_id"] in text and doc["records"][0]["fields"]["full_name"]["value"] in text


@pytest.mark.tesseract
def test_a_rerun_says_what_it_skipped(cli_run):
    home, scan, proc = cli_run
    again = run("digitize", scan, "--json", home=home, check_code=0)
    assert json.loads(again.stdout)["skipped"] is True
    human = run("digitize", scan, home=home, check_code=0)
    assert "0 of 1 document(s) digitised" in human.stderr
    assert "1 already in the catalog (skipped)" in human.stderr


def test_version_and_bare_command(tmp_path):
    shown = run("--version", home=tmp_path, check_code=0).stdout
    assert shown.startswith("sohoa ") and shown.split()[1][0].isdigit()
    bare = run(home=tmp_path)
    assert bare.returncode == 2 and "Usage: sohoa" in bare.stdout + bare.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("digitize", home=tmp_path).returncode == 2
    assert run("search", home=tmp_path).returncode == 2  # neither words nor filters
    assert run("search", "x", "--born-from", "05/03/2019", home=tmp_path).returncode == 2
    assert run("export", tmp_path / "x.docx", home=tmp_path).returncode == 2
    assert run("samples", tmp_path / "x", "--degrade", "bogus", home=tmp_path).returncode == 2


def test_help_teaches(tmp_path):
    text = run("digitize", "--help", home=tmp_path, check_code=0).stdout
    assert "--jobs" in text and "Exit code" in text


def test_show_unknown_document(tmp_path):
    proc = run("show", "deadbeef", home=tmp_path)
    assert proc.returncode == 3 and "no catalog at" in proc.stderr  # nothing digitised yet
    from pipeline.catalog import Catalog

    Catalog(f"sqlite:///{tmp_path / 'catalog.sqlite'}").engine.dispose()
    proc = run("show", "deadbeef", home=tmp_path)
    assert proc.returncode == 3 and "no document" in proc.stderr  # app.errors.NotFound


def test_schema_prints_the_json_schema_of_each_type(tmp_path):
    out = json.loads(run("schema", "marriage", home=tmp_path, check_code=0).stdout)
    assert out["title"] == "marriage"
    assert out["properties"]["wife_full_name"]["title"] == "Họ, chữ đệm, tên (vợ)"
    assert out["additionalProperties"] is False
    assert run("schema", "passport", home=tmp_path).returncode == 2
    assert run("samples", tmp_path / "x", "--kinds", "birth,bogus", home=tmp_path).returncode == 2


def test_campaign_commands_explain_what_is_missing(tmp_path):
    no_batch = run("batch", "status", home=tmp_path)  # no catalog yet: not made, exit 3
    assert no_batch.returncode == 3 and "digitise scans first" in no_batch.stderr
    assert not (tmp_path / "catalog.sqlite").exists()
    assert run("batch", "run", tmp_path / "nope", home=tmp_path).returncode == 2
    env_less = run("worker", home=tmp_path)
    assert env_less.returncode == 2 and "SOHOA_BROKER_URL" in env_less.stderr
    assert run("watch", tmp_path / "nope", home=tmp_path).returncode == 2


@pytest.mark.tesseract
def test_what_digitize_writes_is_readable_by_its_user_only(cli_run):
    home, _, proc = cli_run
    written = [p for p in home.rglob("*") if p.name != "nope.png"]
    assert any(p.suffix == ".pdf" for p in written) and (home / "catalog.sqlite").exists()
    loose = [f"{p.relative_to(home)} {oct(p.stat().st_mode & 0o777)}" for p in written
             if p.stat().st_mode & 0o077]
    assert not loose  # archive, catalog, index: personal data (Decree 13/2023)
