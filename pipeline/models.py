"""Values passed between the pipeline's stages and out to the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ocr.models import Binarize, OcrPage
from pipeline.archive_image import ArchiveImage
from pipeline.validate import Validation
from schemas.records import Record

READABLE = ("ok", "incomplete")  # document statuses that have pages, records and an archive


@dataclass(frozen=True)
class PageTask:
    """Everything a worker needs to process one page: a pure function of these inputs."""

    path: Path
    kind: str
    index: int  # 0-based
    dpi: int
    language: str
    tessdata_dir: str | None
    osd: bool
    deskew: bool
    jpeg_quality: int
    archive_image: str
    background_dpi: int
    max_pixels: int
    timeout: int
    correct: bool = True  # Vietnamese post-correction (ocr.correct)
    cleanup: bool = True  # image cleanup (ocr.cleanup); off only to measure what it gives
    debug_dir: str | None = None  # write each cleanup step's image here
    binarize: Binarize = "otsu"  # ocr.cleanup.local_threshold
    review_confidence: float = 0.8  # SOHOA_REVIEW_CONFIDENCE: which values are in doubt
    second_reading: bool = True  # read doubtful values again from their crop (ocr.reread)


@dataclass(frozen=True)
class PageOutcome:
    index: int
    ocr: OcrPage | None = None
    image: ArchiveImage | None = None
    error: str | None = None
    seconds: float = 0.0
    peak_mb: int = 0  # peak memory (RSS) of the process that read it and its tesseract, MiB


@dataclass
class DocumentResult:
    source: str  # the path as the user gave it
    sha256: str | None
    document_id: str | None
    status: str  # "ok" | "incomplete" (some pages could not be read: ``error``) | "failed"
    error: str | None = None
    pdf: Path | None = None
    pdfa: Validation | None = None  # the check of the written file; None: not written
    # --split-entries: each record's own PDF/A, in record order; None where a record has
    # none (keyed by a person, or where it lies on its page is not known)
    entries: list[tuple[Path, Validation] | None] = field(default_factory=list)
    pages: list[OcrPage] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    seconds: float = 0.0
    reused: bool = False  # taken from the catalog, not processed in this run ("skipped")
    signer: str | None = None  # subject of the certificate that signed its PDFs (--sign)
    # the scan's page (1-based) each archived page is, in archive order (empty: 1..n):
    # an incomplete document's archive leaves out the pages not read, listed in not_read
    source_pages: list[int] = field(default_factory=list)
    not_read: list[int] = field(default_factory=list)

    def source_page(self, number: int) -> int:
        """The scan's page number of archive page ``number`` (1-based)."""
        if 0 < number <= len(self.source_pages):
            return self.source_pages[number - 1]
        return number

    @property
    def readable(self) -> bool:
        """Has an archive, pages and records: ok, or incomplete (its good pages)."""
        return self.status in READABLE

    def as_json(self) -> dict:
        """The stable machine-readable shape documented in README (``--json``)."""
        return {
            "source": self.source, "sha256": self.sha256, "document_id": self.document_id,
            "status": self.status, "error": self.error, "skipped": self.reused,
            "pdf": str(self.pdf) if self.pdf else None,
            "pdfa": self.pdfa.as_json() if self.pdfa else None,
            "signer": self.signer,
            **({"entries": [{"record": n, "pdf": str(e[0]), "pdfa": e[1].as_json()}
                            for n, e in enumerate(self.entries) if e is not None]}
               if any(self.entries) else {}),
            "pages": [{"number": i, "source_page": self.source_page(i), "text": p.text,
                       "raw_text": p.raw_text,
                       "mean_confidence": round(p.mean_confidence, 3), "blank": p.blank}
                      for i, p in enumerate(self.pages, start=1)],
            "pages_not_read": self.not_read,
            "records": [{"record_id": r.id, "type": r.type.value, "page": r.page,
                         "source_page": self.source_page(r.page),
                         "entry": r.entry,
                         "layout": r.layout,
                         "fields": {k: v.as_json() for k, v in r.fields.items()},
                         "needs_review": r.needs_review, "review_reasons": r.review_reasons,
                         **({"origin": r.origin, "verified_by": r.verified_by,
                             "verified_at": r.verified_at} if r.human else {})}
                        for r in self.records],
        }
