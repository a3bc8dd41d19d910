"""The office's digital signature on archived PDFs: PAdES with pyHanko, and its check.

Every signature goes in an incremental update (the signed bytes stay as they are): PAdES
baseline B-B, or B-T when a timestamp authority is configured (``SOHOA_SIGN_TSA``). A
correction made later appends a new revision with the new XMP, signed again when a signer
is configured, so earlier signatures keep validating (``append_revision``).

PDF/A is kept: pyHanko would re-serialise the XMP (losing the form of sohoa's PDF/A
extension schema) and give the Info dictionary a Producer the XMP does not have, so the
writer here leaves both as sohoa wrote them (``_Revision``); the invisible signature
widget gets an empty appearance stream and the print flag, as PDF/A asks of annotations.

Keys: a PKCS#12 file (``SOHOA_SIGN=office.p12``, ``SOHOA_SIGN_PASSWORD``) or a PKCS#11
token (``SOHOA_SIGN=pkcs11``, ``SOHOA_SIGN_PKCS11_LIB``, ``SOHOA_SIGN_TOKEN``,
``SOHOA_SIGN_KEY``, ``SOHOA_SIGN_PIN``), the certificate on the token under the key's
label. Errors are ``SigningError`` with a sentence saying what to fix.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.atomic import replacing
from pipeline.errors import SigningError, WriteFailed, write_problem

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import Signer

    from pipeline.settings import Settings

PKCS11 = "pkcs11"


@dataclass(frozen=True)
class SignerConfig:
    """Where the key is; secrets as plain strings (kept in memory only, never logged)."""

    p12: Path | None = None
    password: str | None = None
    pkcs11_lib: Path | None = None
    token: str | None = None
    key: str | None = None
    pin: str | None = None
    tsa_url: str | None = None

    def __repr__(self) -> str:  # no password or PIN in a traceback or a log line
        where = self.p12 or f"pkcs11 token {self.token!r} key {self.key!r}"
        return f"SignerConfig({where}, tsa={self.tsa_url!r})"

    @classmethod
    def from_settings(cls, settings: Settings) -> SignerConfig | None:
        """None when no signature is asked for (``SOHOA_SIGN`` unset)."""
        if not settings.sign:
            return None

        def secret(value) -> str | None:  # a SecretStr; a str from model_copy(update=)
            return getattr(value, "get_secret_value", lambda: value)()

        if settings.sign.strip().lower() == PKCS11:
            return cls(pkcs11_lib=settings.sign_pkcs11_lib, token=settings.sign_token,
                       key=settings.sign_key, pin=secret(settings.sign_pin),
                       tsa_url=settings.sign_tsa)
        return cls(p12=Path(settings.sign).expanduser(),
                   password=secret(settings.sign_password), tsa_url=settings.sign_tsa)

    @property
    def needs_secret(self) -> bool:
        """True when the password (p12) or PIN (token) is still to be asked for."""
        return (self.password if self.p12 else self.pin) is None


def load_signer(config: SignerConfig) -> Signer:
    """The pyHanko signer for ``config``, opened once per process (a token's session stays
    open). Raises ``SigningError``: no such file, wrong password or PIN, no key."""
    return _load(config)


@cache
def _load(config: SignerConfig) -> Signer:
    if config.p12 is not None:
        return _load_p12(config)
    return _load_pkcs11(config)


def _load_p12(config: SignerConfig) -> Signer:
    from pyhanko.sign import signers

    assert config.p12 is not None
    if not config.p12.is_file():
        raise SigningError(f"signing key {config.p12}: no such file (SOHOA_SIGN / --sign)")
    from cryptography.hazmat.primitives.serialization import pkcs12

    password = config.password.encode() if config.password else None
    try:  # opened here first: pyHanko logs a traceback for a wrong password
        key, _, _ = pkcs12.load_key_and_certificates(config.p12.read_bytes(), password)
        signer = signers.SimpleSigner.load_pkcs12(str(config.p12), passphrase=password)
    except Exception:  # noqa: BLE001 - cryptography raises ValueError or TypeError
        raise SigningError(f"cannot open {config.p12}: wrong password, or not a .p12/.pfx "
                           "file (SOHOA_SIGN_PASSWORD)") from None
    if key is None or signer is None or signer.signing_cert is None:
        raise SigningError(f"cannot open {config.p12}: wrong password, or no key and "
                           "certificate in it (SOHOA_SIGN_PASSWORD)")
    return _kept_key(signer, key)


def _kept_key(signer, key) -> Signer:
    """``signer`` keeping its parsed key: pyHanko's SimpleSigner parses it again from DER
    for every signature, twice with the size estimate (cryptography checks an RSA key
    each time: ~50 ms of the ~0.14 s a signature took, benchmarks/bench_sign.py)."""
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class KeptKeySigner(SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            if isinstance(key, RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
                return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return super().sign_raw(data, digest_algorithm)  # other kinds: pyHanko's way

    return KeptKeySigner(signing_cert=signer.signing_cert, signing_key=signer.signing_key,
                         cert_registry=signer.cert_registry)


def _load_pkcs11(config: SignerConfig) -> Signer:
    from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session

    missing = [n for n, v in (("SOHOA_SIGN_PKCS11_LIB", config.pkcs11_lib),
                              ("SOHOA_SIGN_TOKEN", config.token),
                              ("SOHOA_SIGN_KEY", config.key)) if not v]
    if missing:
        raise SigningError(f"signing with a PKCS#11 token needs {', '.join(missing)}")
    try:
        session = open_pkcs11_session(str(config.pkcs11_lib),
                                      token_criteria=TokenCriteria(label=config.token),
                                      user_pin=config.pin)
        signer = PKCS11Signer(session, key_label=config.key, cert_label=config.key)
        signer.signing_cert  # noqa: B018 - fetched from the token now, not mid-batch
    except Exception as exc:  # noqa: BLE001 - python-pkcs11 errors name no file or label
        raise SigningError(f"PKCS#11 token {config.token!r} (module {config.pkcs11_lib}), "
                           f"key {config.key!r}: {type(exc).__name__} {exc}".strip()
                           + "; check the module path, labels and SOHOA_SIGN_PIN") from None
    return signer


def subject(cert: asn1_x509.Certificate) -> str:
    """RFC 4514 subject, e.g. ``CN=Văn phòng UBND,O=UBND xã Tân Lập,C=VN``."""
    from cryptography import x509

    return x509.load_der_x509_certificate(cert.dump()).subject.rfc4514_string()


def signer_subject(signer: Signer) -> str:
    assert signer.signing_cert is not None
    return subject(signer.signing_cert)


def _revision(data: bytes):
    """An incremental writer over ``data`` that leaves XMP and Info as sohoa wrote them."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class _Revision(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:  # pyHanko's own XMP/Info update: not for PDF/A
            return None

    return _Revision(io.BytesIO(data))


def _new_field(writer) -> str:
    """An invisible signature field with a free name (Signature1, Signature2, ...), whose
    widget has the print flag (pyHanko's default) and an empty appearance (PDF/A)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign import fields

    taken = {name for name, _, _ in fields.enumerate_sig_fields(writer, filled_status=None)}
    name = next(f"Signature{n}" for n in range(1, len(taken) + 2)
                if f"Signature{n}" not in taken)
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=name))
    for found, _, ref in fields.enumerate_sig_fields(writer, filled_status=False):
        if found == name:
            empty = generic.StreamObject({
                generic.NameObject("/Type"): generic.NameObject("/XObject"),
                generic.NameObject("/Subtype"): generic.NameObject("/Form"),
                generic.NameObject("/BBox"): generic.ArrayObject([generic.NumberObject(0)] * 4),
            }, stream_data=b"")
            ref.get_object()[generic.NameObject("/AP")] = generic.DictionaryObject(
                {generic.NameObject("/N"): writer.add_object(empty)})
            writer.mark_update(ref)
    return name


def _signed(writer, signer: Signer, tsa_url: str | None) -> bytes:
    """Sign ``writer``'s new revision: PAdES B-B, B-T with a timestamp authority."""
    from pyhanko.sign import fields, signers, timestamps

    meta = signers.PdfSignatureMetadata(field_name=_new_field(writer), md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    stamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
    try:
        out = signers.PdfSigner(meta, signer=signer, timestamper=stamper).sign_pdf(writer)
    except Exception as exc:  # noqa: BLE001 - token, TSA or pyHanko errors
        raise SigningError(f"signing failed: {type(exc).__name__} {exc}".strip()) from None
    return out.getvalue()


def sign_pdf(path: Path, config: SignerConfig) -> str:
    """Sign the PDF at ``path`` in place (incremental update, written atomically); returns
    the signer's subject. Raises ``SigningError``, or ``WriteFailed`` when the disk is
    full (the run stops)."""
    signer = load_signer(config)
    try:
        data = path.read_bytes()
        signed = _signed(_revision(data), signer, config.tsa_url)
    except OSError as exc:
        raise SigningError(f"cannot sign {path}: {exc.strerror or exc}") from None
    _write(path, signed)
    return signer_subject(signer)


def append_revision(path: Path, xmp: bytes, info: dict[str, str],
                    config: SignerConfig | None) -> str | None:
    """A new revision of ``path`` with metadata ``xmp`` (the whole packet) and Info
    entries ``info`` (``Title``: text), signed when ``config`` is given: the signatures
    already there keep validating. Returns the new signature's subject, or None."""
    from pyhanko.pdf_utils import generic

    writer = _revision(path.read_bytes())
    stream = generic.StreamObject({
        generic.NameObject("/Type"): generic.NameObject("/Metadata"),
        generic.NameObject("/Subtype"): generic.NameObject("/XML")}, stream_data=xmp)
    writer.root[generic.NameObject("/Metadata")] = writer.add_object(stream)
    writer.update_root()
    info_ref = writer.trailer.raw_get("/Info")
    entries = info_ref.get_object()
    for key, value in info.items():
        entries[generic.NameObject(f"/{key}")] = generic.TextStringObject(value)
    writer.mark_update(info_ref)
    if config is None:
        out = io.BytesIO()
        writer.write(out)
        _write(path, out.getvalue())
        return None
    signer = load_signer(config)
    _write(path, _signed(writer, signer, config.tsa_url))
    return signer_subject(signer)


def _write(path: Path, data: bytes) -> None:
    try:
        with replacing(path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        if (why := write_problem(exc)) is not None:  # disk full: stops the run (exit 6)
            raise WriteFailed(f"cannot write {path}: {why}") from exc
        raise SigningError(f"cannot write {path}: {exc.strerror or exc}") from None


def is_signed(path: Path) -> bool:
    """Whether the PDF holds a signature dictionary (a cheap byte test, no parsing)."""
    try:
        return b"/ByteRange" in path.read_bytes()
    except OSError:
        return False


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a file, as validated: ``problems`` empty when it holds."""

    field: str
    signer: str | None  # RFC 4514 subject of the signing certificate
    signed_at: str | None  # ISO time: the timestamp's (B-T), else the signer's claim
    covers_file: bool  # False: later revisions follow it
    level: str  # "B-B", or "B-T" with a timestamp token
    problems: tuple[str, ...]


def check_signatures(pdf: Path, trust: list[Path] | None = None) -> list[SignatureCheck]:
    """Validate every signature in ``pdf`` (pyHanko): the signed bytes intact, the
    cryptographic signature valid, no change after it beyond what signatures allow (new
    revisions of metadata and signatures), and, with ``trust`` (PEM or DER certificates),
    a chain to one of them. Raises ``SigningError`` when the file cannot be parsed."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    context = _context(trust)
    try:
        reader = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - any parse error: the file is not readable
        raise SigningError(f"{pdf}: not readable as a PDF ({type(exc).__name__})") from None
    return [_check(sig, context, trust is not None) for sig in embedded]


def _context(trust: list[Path] | None):
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko_certvalidator import ValidationContext

    if not trust:
        return ValidationContext(trust_roots=[], allow_fetching=False)
    try:
        roots = list(load_certs_from_pemder([str(p) for p in trust]))
    except Exception as exc:  # noqa: BLE001 - missing file, not a certificate
        names = ", ".join(map(str, trust))
        raise SigningError(f"trust certificate {names}: cannot read it ({exc})") from None
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _check(sig, context, want_trust: bool) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cert = sig.signer_cert
    who = subject(cert) if cert is not None else None
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception as exc:  # noqa: BLE001 - a malformed signature is a finding
        return SignatureCheck(sig.field_name, who, None, False, "?",
                              (f"cannot be validated: {type(exc).__name__} {exc}".strip(),))
    problems = []
    if not status.intact:
        problems.append("broken: the signed bytes were changed")
    elif not status.valid:
        problems.append("the signature does not verify with its certificate")
    if status.modification_level == ModificationLevel.OTHER or not status.docmdp_ok:
        problems.append("the file was changed after signing beyond new signatures/metadata")
    if want_trust and not status.trusted:
        problems.append("its certificate does not chain to the trusted certificate")
    stamped = status.timestamp_validity
    if stamped is not None and not (stamped.intact and stamped.valid):
        problems.append("its timestamp token does not verify")
    stamp = stamped.timestamp if stamped else None
    when = stamp or status.signer_reported_dt
    return SignatureCheck(sig.field_name, who, when.isoformat() if when else None,
                          status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                          "B-T" if stamp else "B-B", tuple(problems))


def signature_failures(pdf: Path, trust: list[Path] | Path | None = None,
                       require: bool = False) -> list[str]:
    """What is wrong with ``pdf``'s signatures, one sentence each naming the signature and
    its signer; empty when every signature holds. ``require``: the file must be signed
    and its last revision covered by a signature (a correction saved without a signer
    leaves it unsigned). ``trust``: certificate file(s) the signer must chain to."""
    roots = [trust] if isinstance(trust, Path) else trust
    try:
        checks = check_signatures(pdf, roots)
    except SigningError as exc:
        return [str(exc)]
    out = [f"signature {c.field} ({c.signer or 'no certificate'}): {p}"
           for c in checks for p in c.problems]
    if require and not checks:
        out.append("not signed")
    elif require and not any(c.covers_file for c in checks):
        out.append("changed after its last signature (the last revision is not signed)")
    return out


def signer_of(settings: Settings) -> str | None:
    """The subject of the configured signer's certificate, None when nothing is signed."""
    config = SignerConfig.from_settings(settings)
    return signer_subject(load_signer(config)) if config else None
