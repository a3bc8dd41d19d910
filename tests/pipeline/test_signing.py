"""PAdES signatures on archived PDF/A files (pipeline/signing.py), with throw-away
certificates made here (tests/pipeline/certs.py), a real pyHanko, real PDF/A files and,
for tokens, a real SoftHSM PKCS#11 module."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from pipeline.errors import SigningError
from pipeline.pdfa import ArchiveInfo, ArchivePage, rewrite_metadata, write_pdfa
from pipeline.signing import (
    SignerConfig,
    check_signatures,
    is_signed,
    sign_pdf,
    signature_failures,
)
from pipeline.validate import preflight_available, validate
from pipeline.xmp import SOHOA_NS
from tests.pipeline.certs import OFFICE, PASSWORD, Pki, make_pki
from tests.pipeline.test_pdfa import image, page

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def other_ca(tmp_path_factory) -> Path:
    return make_pki(tmp_path_factory.mktemp("other"), ca_name="Another CA").ca


@pytest.fixture
def office(pki) -> SignerConfig:
    return SignerConfig(p12=pki.p12, password=PASSWORD)


def archived(folder: Path, level: str = "2b", name: str = "doc.pdf") -> Path:
    info = ArchiveInfo(title="birth scan", source_name="scan.png", sha256="ab" * 32,
                       record_type="birth", fields={"full_name": "NGUYỄN THỊ HOA"})
    return write_pdfa([ArchivePage(image(), page())], info, folder / name, level=level)


def corrected_info(name: str) -> ArchiveInfo:
    return ArchiveInfo(title="birth scan", source_name="scan.png", sha256="ab" * 32,
                       record_type="birth", fields={"full_name": name})


@pytest.mark.parametrize("level", ["2b", "2u", "1b"])
def test_signed_pdfa_validates_and_still_declares_pdfa(tmp_path, pki, office, level):
    pdf = archived(tmp_path, level)
    unsigned = pdf.read_bytes()
    assert sign_pdf(pdf, office) == OFFICE
    signed = pdf.read_bytes()
    assert signed.startswith(unsigned)  # an incremental update: the PDF/A bytes untouched
    [check] = check_signatures(pdf, [pki.ca])
    assert check.problems == () and check.signer == OFFICE and check.covers_file
    assert check.level == "B-B"
    assert signature_failures(pdf, trust=pki.ca, require=True) == []
    with pikepdf.open(pdf) as doc:
        meta = doc.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == (
            level[0], level[1].upper())
        assert meta.get(f"{{{SOHOA_NS}}}full_name") == "NGUYỄN THỊ HOA"
        sig = doc.Root.AcroForm.Fields[0]
        assert sig.V.SubFilter == "/ETSI.CAdES.detached"  # PAdES baseline
        assert int(sig.F) & 4 and "/AP" in sig  # printable, with an appearance: PDF/A
    checked = validate(pdf, level)
    assert checked.valid, checked.messages
    if level == "1b" and preflight_available():  # PDFBox Preflight, the real validator
        assert checked.validator == "preflight"


def test_a_correction_adds_a_signed_revision_and_keeps_the_first_signature(
        tmp_path, pki, office):
    pdf = archived(tmp_path, "1b")
    sign_pdf(pdf, office)
    first = pdf.read_bytes()
    assert rewrite_metadata(pdf, corrected_info("NGUYỄN THỊ HOÀ"), "1b", office) == OFFICE
    assert pdf.read_bytes().startswith(first)
    checks = check_signatures(pdf, [pki.ca])
    assert [c.field for c in checks] == ["Signature1", "Signature2"]
    assert all(c.problems == () for c in checks), checks
    assert not checks[0].covers_file and checks[1].covers_file
    with pikepdf.open(pdf) as doc:
        assert doc.open_metadata().get(f"{{{SOHOA_NS}}}full_name") == "NGUYỄN THỊ HOÀ"
        assert str(doc.trailer.Info.Producer) == doc.open_metadata().get("pdf:Producer")
    assert validate(pdf, "1b").valid


def test_a_correction_without_a_signer_keeps_the_signature_but_is_unsigned(
        tmp_path, pki, office):
    pdf = archived(tmp_path)
    sign_pdf(pdf, office)
    assert rewrite_metadata(pdf, corrected_info("LÊ VĂN AN"), "2b", None) is None
    assert signature_failures(pdf, trust=pki.ca) == []  # the first signature holds
    assert signature_failures(pdf, trust=pki.ca, require=True) == [
        "changed after its last signature (the last revision is not signed)"]
    assert validate(pdf, "2b").valid


def test_a_flipped_byte_breaks_the_signature_and_is_named(tmp_path, office):
    pdf = archived(tmp_path)
    sign_pdf(pdf, office)
    data = bytearray(pdf.read_bytes())
    at = data.index(b"/DCTDecode")  # inside the page image's stream: signed bytes
    at = data.index(b"stream", at) + 400
    data[at] ^= 0x01
    pdf.write_bytes(bytes(data))
    failures = signature_failures(pdf)
    assert failures and failures[0].startswith(f"signature Signature1 ({OFFICE}): broken")


def test_trust_root_is_checked(tmp_path, office, other_ca):
    pdf = archived(tmp_path)
    sign_pdf(pdf, office)
    assert signature_failures(pdf) == []  # intact and valid; no trust asked
    assert signature_failures(pdf, trust=other_ca) == [
        f"signature Signature1 ({OFFICE}): its certificate does not chain to the "
        "trusted certificate"]


def test_unsigned_file_fails_only_when_a_signature_is_required(tmp_path):
    pdf = archived(tmp_path)
    assert not is_signed(pdf)
    assert signature_failures(pdf) == []
    assert signature_failures(pdf, require=True) == ["not signed"]
    pdf.write_bytes(b"%PDF-1.7\nnot a pdf")
    assert "not readable" in signature_failures(pdf)[0]


def test_bad_keys_say_what_to_fix(tmp_path, pki):
    pdf = archived(tmp_path)
    before = pdf.read_bytes()
    with pytest.raises(SigningError, match="no such file"):
        sign_pdf(pdf, SignerConfig(p12=tmp_path / "missing.p12", password="x"))
    with pytest.raises(SigningError, match="SOHOA_SIGN_PASSWORD"):
        sign_pdf(pdf, SignerConfig(p12=pki.p12, password="wrong"))
    with pytest.raises(SigningError, match="SOHOA_SIGN_PKCS11_LIB, SOHOA_SIGN_TOKEN"):
        sign_pdf(pdf, SignerConfig(key="office"))
    assert pdf.read_bytes() == before  # nothing written
    assert "wrong" not in repr(SignerConfig(p12=pki.p12, password="wrong"))


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory) -> SignerConfig:
    """A SoftHSM token holding the office key and certificate, in a private store.
    SOFTHSM2_CONF is read once per process (the module stays loaded), so it is set for
    the rest of the session."""
    if not SOFTHSM.exists() or shutil.which("softhsm2-util") is None:
        pytest.fail("softhsm2 is not installed (scripts/install-system.sh installs it)")
    store = tmp_path_factory.mktemp("softhsm")
    (store / "tokens").mkdir()
    conf = store / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {store / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    util = ["softhsm2-util", "--pin", "5678"]
    subprocess.run([*util, "--init-token", "--free", "--label", "office-token",
                    "--so-pin", "1234"], check=True, capture_output=True)
    subprocess.run([*util, "--import", str(pki.key_pem), "--token", "office-token",
                    "--label", "office", "--id", "01"], check=True, capture_output=True)
    _store_certificate(pki.cert_der)
    return SignerConfig(pkcs11_lib=SOFTHSM, token="office-token", key="office", pin="5678")


def _store_certificate(der: bytes) -> None:
    """The certificate beside its key, as an office's token holds it (softhsm2-util
    imports keys only)."""
    import pkcs11
    from cryptography import x509
    from pkcs11 import Attribute, CertificateType, ObjectClass

    cert = x509.load_der_x509_certificate(der)
    tok = pkcs11.lib(str(SOFTHSM)).get_token(token_label="office-token")
    with tok.open(rw=True, user_pin="5678") as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509, Attribute.TOKEN: True,
            Attribute.LABEL: "office", Attribute.ID: b"\x01", Attribute.VALUE: der,
            Attribute.SUBJECT: cert.subject.public_bytes()})


def test_pkcs11_token_signs_like_a_p12(tmp_path, pki, token):
    pdf = archived(tmp_path, "1b")
    assert sign_pdf(pdf, token) == OFFICE
    assert signature_failures(pdf, trust=pki.ca, require=True) == []
    assert validate(pdf, "1b").valid


def test_pkcs11_wrong_pin_is_a_signing_error(tmp_path, token):
    wrong = SignerConfig(pkcs11_lib=SOFTHSM, token="office-token", key="office", pin="0000")
    with pytest.raises(SigningError, match="office-token"):
        sign_pdf(archived(tmp_path), wrong)


@pytest.fixture(scope="module")
def tsa(pki) -> Iterator[str]:
    """A timestamp authority on 127.0.0.1 answering RFC 3161 requests over HTTP (pyHanko's
    DummyTimeStamper signs them with a TSA certificate from the test CA)."""
    import asyncio
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asn1crypto import tsp
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(load_cert_from_pemder(str(pki.tsa_cert)),
                               load_private_key_from_pemder(str(pki.tsa_key), None))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            req = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = asyncio.run(stamper.async_request_tsa_response(req)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_timestamp_authority_makes_it_b_t(tmp_path, pki, tsa):
    pdf = archived(tmp_path, "1b")
    sign_pdf(pdf, SignerConfig(p12=pki.p12, password=PASSWORD, tsa_url=tsa))
    [check] = check_signatures(pdf, [pki.ca])
    assert check.level == "B-T" and check.problems == ()
    assert check.signed_at is not None
    assert validate(pdf, "1b").valid


def test_fixity_check_requires_signatures_only_when_asked(tmp_path, office, pki):
    from pipeline import fixity
    from tests.conftest import make_settings
    from tests.pipeline.test_fixity import archive_docs

    settings = make_settings(tmp_path / "home")
    catalog, index, ids = archive_docs(settings, 2, tmp_path / "scans")
    signed = settings.archive_dir / f"{ids[0]}.pdf"
    sign_pdf(signed, office)
    catalog.record_written(signed)
    only = [c for c in fixity.CHECKS if c.name in ("archive", "signatures")]
    lenient = fixity.verify(fixity.scope_of(catalog, settings, index, trust=[pki.ca]), only)
    assert lenient.ok and lenient.problems == []  # checksums taken after signing
    strict = fixity.verify(fixity.scope_of(catalog, settings, index, trust=[pki.ca],
                                           require_signature=True), only)
    assert [(p.kind, p.document_id, p.detail) for p in strict.problems] == [
        ("signature", ids[1], "not signed")]
