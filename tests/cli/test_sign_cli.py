"""``--sign`` end to end: the installed ``sohoa`` console script digitises a register page
with real tesseract and signs every archived PDF with a throw-away office certificate;
``show`` names the signer; a correction in the application layer (what the web app
calls) adds a signed revision and the first signature still validates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.accounts import User
from app.service import Sohoa
from pipeline.samples import generate
from pipeline.signing import check_signatures, signature_failures
from pipeline.validate import validate
from tests.conftest import make_settings
from tests.pipeline.certs import OFFICE, PASSWORD, make_pki

SOHOA = [str(Path(sys.executable).parent / "sohoa")]
pytestmark = pytest.mark.tesseract


def run(*args, home: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "SOHOA_HOME": str(home), "OMP_THREAD_LIMIT": "1", **env}
    full.pop("SOHOA_SIGN_PASSWORD", None) if "SOHOA_SIGN_PASSWORD" not in env else None
    return subprocess.run([*SOHOA, *map(str, args)], capture_output=True, text=True, env=full,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def signed(tmp_path_factory, pki):
    """A register page (several entries) digitised with --split-entries --sign."""
    [scan] = generate(tmp_path_factory.mktemp("in"), 1, seed=43, formats=("png",),
                      kinds=("register-blocks",))
    home = tmp_path_factory.mktemp("home")
    proc = run("digitize", scan, "--split-entries", "--sign", pki.p12, "--json", "--jobs", "2",
               home=home, SOHOA_SIGN_PASSWORD=PASSWORD)
    assert proc.returncode == 0, proc.stderr
    return home, json.loads(proc.stdout), proc.stderr


def test_digitize_sign_signs_the_document_and_every_entry_pdf(signed, pki):
    _, doc, stderr = signed
    assert f"signing as {OFFICE}" in stderr
    assert doc["signer"] == OFFICE and doc["pdfa"]["valid"]
    files = [Path(doc["pdf"]), *(Path(e["pdf"]) for e in doc["entries"])]
    assert len(files) > 2
    for pdf in files:
        assert signature_failures(pdf, trust=pki.ca, require=True) == [], pdf
        assert validate(pdf, "2b").valid


def test_show_names_the_signer(signed):
    home, doc, _ = signed
    proc = run("show", doc["document_id"], home=home)
    assert proc.returncode == 0, proc.stderr
    assert f"signed by: {OFFICE}" in proc.stdout
    shown = json.loads(run("show", doc["document_id"], "--json", home=home).stdout)
    assert shown["signer"] == OFFICE


def test_a_correction_keeps_the_first_signature_and_signs_a_new_revision(signed, pki):
    home, doc, _ = signed
    record, entry = doc["records"][0], Path(doc["entries"][0]["pdf"])
    before = entry.read_bytes()
    app = Sohoa(make_settings(home, sign=str(pki.p12), sign_password=PASSWORD))
    app.correct(User("lan", "officer"), record["record_id"], {"full_name": "ĐINH THỊ AN"})
    assert entry.read_bytes().startswith(before)  # appended to, not rewritten
    checks = check_signatures(entry, [pki.ca])
    assert [c.problems for c in checks] == [(), ()] and checks[-1].covers_file
    assert validate(entry, "2b").valid


def test_batch_run_sign(tmp_path, pki):
    [scan] = generate(tmp_path / "in", 1, seed=5, formats=("png",))
    proc = run("batch", "run", scan, "--name", "signed", "--sign", pki.p12, "--jobs", "1",
               home=tmp_path / "home", SOHOA_SIGN_PASSWORD=PASSWORD)
    assert proc.returncode == 0, proc.stderr
    [pdf] = (tmp_path / "home" / "archive").glob("*.pdf")
    assert signature_failures(pdf, trust=pki.ca, require=True) == []


def test_no_password_or_a_wrong_one_stops_before_any_page(tmp_path, pki):
    [scan] = generate(tmp_path / "in", 1, seed=5, formats=("png",))
    home = tmp_path / "home"
    proc = run("digitize", scan, "--sign", pki.p12, home=home)
    assert proc.returncode == 2 and "set SOHOA_SIGN_PASSWORD" in proc.stderr
    proc = run("digitize", scan, "--sign", pki.p12, home=home, SOHOA_SIGN_PASSWORD="wrong")
    assert proc.returncode == 2 and "--sign: cannot open" in proc.stderr
    assert "Traceback" not in proc.stderr and not (home / "archive").exists()
    proc = run("digitize", scan, "--sign", tmp_path / "typo.p12", home=home)  # no password
    assert proc.returncode == 2 and f"--sign: no key file {tmp_path / 'typo.p12'}" in (
        proc.stderr)  # said first: asking for the password of a file not there misleads


def test_verify_checks_signatures_and_the_checksums_taken_after_signing(signed, pki,
                                                                          tmp_path):
    home, doc, _ = signed
    proc = run("verify", "--trust", pki.ca, "--require-signature", home=home)
    assert proc.returncode == 0, proc.stderr  # sha256 recorded after signing/corrections
    other_ca = make_pki(tmp_path / "other", ca_name="Another CA").ca
    out = json.loads(run("verify", "--trust", other_ca, "--json", home=home).stdout)
    files = {doc["pdf"], *(e["pdf"] for e in doc["entries"])}
    assert out["ok"] is False and set(out["counts"]) == {"signature"}
    assert {p["path"] for p in out["problems"]} == files  # each signature of each file
    assert "does not chain to the trusted certificate" in out["problems"][0]["detail"]
    missing = run("verify", "--trust", tmp_path / "nope.pem", home=home)
    assert missing.returncode == 2 and "no trust certificate file" in missing.stderr


def test_verify_names_a_broken_signature(signed, tmp_path):
    home, doc, _ = signed
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    entry = copy / "archive" / Path(doc["entries"][1]["pdf"]).name
    data = bytearray(entry.read_bytes())
    data[data.index(b"stream", data.index(b"/DCTDecode")) + 300] ^= 0x01
    entry.write_bytes(bytes(data))
    proc = run("verify", home=copy)
    assert proc.returncode == 1
    assert f"changed {doc['records'][1]['record_id']} {entry}" in proc.stderr
    assert (f"signature {doc['records'][1]['record_id']} {entry}: signature Signature1 "
            f"({OFFICE}): broken") in proc.stderr
