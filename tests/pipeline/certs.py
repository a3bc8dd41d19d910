"""Throw-away certificates for the signature tests: a CA and an office certificate it
issued, as the files an office has (.p12 with its password, the CA in PEM), made with the
cryptography library. Never a real key."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "mật khẩu thử"
OFFICE = "CN=UBND xã Tân Lập,O=UBND huyện Thanh Sơn,C=VN"


@dataclass(frozen=True)
class Pki:
    ca: Path  # the CA certificate, PEM: the trust root
    p12: Path  # the office's key and certificate (and the CA), PASSWORD
    key_pem: Path  # the office's key alone, PKCS#8 PEM unencrypted (for a token import)
    cert_der: bytes  # the office's certificate, DER
    tsa_cert: Path  # a timestamp authority's certificate (PEM), issued by the same CA
    tsa_key: Path  # its key, PKCS#8 PEM


def _name(cn: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(subject: x509.Name, issuer: x509.Name, public_key, signing_key, serial: int,
          ca: bool, timestamping: bool = False) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    usage = (x509.KeyUsage(digital_signature=ca is False, content_commitment=not ca,
                           key_encipherment=False, data_encipherment=False,
                           key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                           encipher_only=False, decipher_only=False))
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(public_key).serial_number(serial)
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(usage, critical=True))
    if timestamping:  # RFC 3161: the only purpose, marked critical
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


def _pem_key(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_pki(folder: Path, ca_name: str = "Test CA sohoa") -> Pki:
    """A CA and the office certificate it issued, written to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_subject = _name(ca_name, "sohoa tests")
    ca = _cert(ca_subject, ca_subject, ca_key.public_key(), ca_key, 1, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    office = _cert(_name("UBND xã Tân Lập", "UBND huyện Thanh Sơn"), ca_subject,
                   key.public_key(), ca_key, 2, ca=False)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = _cert(_name("Test TSA", "sohoa tests"), ca_subject, tsa_key.public_key(), ca_key, 3,
                ca=False, timestamping=True)
    pki = Pki(ca=folder / "ca.pem", p12=folder / "office.p12",
              key_pem=folder / "office-key.pem",
              cert_der=office.public_bytes(serialization.Encoding.DER),
              tsa_cert=folder / "tsa.pem", tsa_key=folder / "tsa-key.pem")
    pki.tsa_cert.write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    pki.tsa_key.write_bytes(_pem_key(tsa_key))
    pki.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"office", key, office, [ca],
        serialization.BestAvailableEncryption(PASSWORD.encode())))
    pki.key_pem.write_bytes(_pem_key(key))
    return pki
