"""``sohoa sign``: sign what is already archived, in place, without reading the scans again.

An office that gets its certificate after digitising (or a campaign run without
``--sign``) signs its archive here: each document's PDF/A and its entry PDFs get a PAdES
signature in an incremental update (``signing.sign_pdf``: the PDF/A declaration and the
pages are untouched), the catalog records their new checksums and the signer. Before,
the only way was ``digitize --sign`` on the sources, which reads every page again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.catalog import Catalog
from pipeline.errors import SigningError
from pipeline.fixity import intact
from pipeline.models import DocumentResult
from pipeline.signing import SignerConfig, sign_pdf


@dataclass(frozen=True)
class SignOutcome:
    """One document: ``signed`` (its files signed now), ``skipped`` (signed before; not
    signed again unless asked) or ``failed`` with ``error``; ``files``: how many."""

    document_id: str
    status: str
    files: int = 0
    error: str | None = None
    signer: str | None = None

    def as_json(self) -> dict:
        return {"document_id": self.document_id, "status": self.status, "files": self.files,
                "error": self.error, "signer": self.signer}


def sign_archive(catalog: Catalog, config: SignerConfig, document_ids: list[str] | None = None,
                 again: bool = False) -> Iterator[SignOutcome]:
    """Sign the archived files of ``document_ids`` (unique id prefixes; default: every
    document with an archive, ok or incomplete), one outcome each, in id order.

    A document already signed is skipped unless ``again`` (then a further signature is
    added). A damaged or missing archive file is never signed (the signature would vouch
    for what sohoa did not write): the document fails, ``sohoa verify --repair`` first.
    A key that cannot sign fails the document (``SigningError``); a full disk raises
    ``WriteFailed`` (the caller stops)."""
    pairs: Iterator[tuple[str, DocumentResult | None]] = (
        ((d, catalog.document(d)) for d in document_ids) if document_ids
        else ((d.document_id or "", d) for d in catalog.iter_documents()))
    for given, doc in pairs:
        if doc is None or doc.document_id is None:
            yield SignOutcome(given, "failed", error="no such document in the catalog")
            continue
        yield _sign_one(catalog, config, doc.document_id, doc.signer, again)


def _sign_one(catalog: Catalog, config: SignerConfig, document_id: str,
              signer: str | None, again: bool) -> SignOutcome:
    files = catalog.archived_files(document_id)
    if not files:
        return SignOutcome(document_id, "failed", error="it has no archived file (failed "
                                                        "document)")
    if signer and not again:
        return SignOutcome(document_id, "skipped", len(files), signer=signer)
    damaged = [f.path.name for f in files if not intact(f)]
    if damaged:
        return SignOutcome(document_id, "failed", error=f"archive file {damaged[0]} is damaged "
                           "or missing, not signed: run sohoa verify --repair first")
    try:
        for f in files:
            subject = sign_pdf(f.path, config)
            catalog.record_written(f.path)  # its new checksum: verify must not call it changed
    except SigningError as exc:
        return SignOutcome(document_id, "failed", error=str(exc))
    catalog.set_signer(document_id, subject)
    return SignOutcome(document_id, "signed", len(files), signer=subject)
