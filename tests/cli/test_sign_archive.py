"""``sohoa sign``: an archive digitised without a signature is signed in place through
the console script, without reading the scans again; the catalog follows (checksums,
signer), pyHanko validates each signature, a damaged file is not signed. The archive is
``tests.pipeline.test_fixity.archive_docs``' (real PDFs, catalog and index; no OCR)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from pipeline.signing import signature_failures
from tests.cli.test_cli import SOHOA
from tests.conftest import make_settings
from tests.pipeline.certs import PASSWORD, make_pki
from tests.pipeline.test_fixity import archive_docs


def sohoa(*args, home, **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_SIGN")}
    return subprocess.run([*SOHOA, *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL,
                          env={**full, "SOHOA_HOME": str(home), **env})


@pytest.fixture
def unsigned(tmp_path):
    settings = make_settings(tmp_path / "home")
    catalog, _, ids = archive_docs(settings, 2, tmp_path / "scans")
    catalog.engine.dispose()
    return settings.home, ids, make_pki(tmp_path / "pki")


def test_sign_signs_the_archive_in_place_and_the_catalog_follows(unsigned):
    home, ids, pki = unsigned
    proc = sohoa("sign", "--sign", pki.p12, "--json", home=home, SOHOA_SIGN_PASSWORD=PASSWORD)
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [(o["document_id"], o["status"], o["files"]) for o in out] == [
        (i, "signed", 1) for i in sorted(ids)]
    assert "2 document(s) signed, 0 signed before (skipped), 0 could not be signed" in proc.stderr
    for i in ids:
        pdf = home / "archive" / f"{i}.pdf"
        assert signature_failures(pdf, pki.ca, require=True) == []
    assert sohoa("verify", "--no-sources", home=home).returncode == 0  # new checksums kept
    shown = json.loads(sohoa("show", ids[0], "--json", home=home).stdout)
    assert "UBND xã Tân Lập" in shown["signer"]
    again = sohoa("sign", "--sign", pki.p12, ids[0][:8], home=home,
                  SOHOA_SIGN_PASSWORD=PASSWORD)
    assert again.returncode == 0 and f"skipped (signed before) {ids[0]}" in again.stderr


def test_a_damaged_file_is_not_signed_and_without_a_key_it_says_how(unsigned):
    home, ids, pki = unsigned
    pdf = home / "archive" / f"{ids[0]}.pdf"
    pdf.write_bytes(pdf.read_bytes()[:-100])
    before = pdf.read_bytes()
    proc = sohoa("sign", "--sign", pki.p12, home=home, SOHOA_SIGN_PASSWORD=PASSWORD)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert (f"failed {ids[0]}: archive file {ids[0]}.pdf is damaged or missing, not signed: "
            "run sohoa verify --repair first") in proc.stderr
    assert pdf.read_bytes() == before
    assert "1 document(s) signed" in proc.stderr
    nokey = sohoa("sign", home=home)
    assert nokey.returncode == 2 and "no key to sign with: give --sign office.p12" in nokey.stderr
    assert sohoa("sign", "--sign", pki.p12, "feedbeef", home=home,
                 SOHOA_SIGN_PASSWORD=PASSWORD).returncode == 1
