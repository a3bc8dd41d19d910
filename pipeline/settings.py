"""One typed settings object: env vars ``SOHOA_*``; CLI flags override by copying it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ocr.models import Binarize


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sohoa"


class Settings(BaseSettings):
    """Everything a run can be configured with. Immutable: use ``model_copy(update=...)``."""

    model_config = SettingsConfigDict(env_prefix="SOHOA_", frozen=True)

    home: Path = Field(default_factory=_default_home, description="catalog, archive and index")
    jobs: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    language: str = "vie"
    tessdata_dir: Path | None = None
    dpi: int = Field(300, ge=72, le=1200, description="rasterisation DPI for PDF input")
    max_pixels: int = Field(120_000_000, description="largest page image accepted, in pixels")
    max_pages: int = Field(2000, ge=1, description="largest document accepted, in pages")
    osd: bool = True
    correct: bool = True  # post-correct tone marks by lexicon and context (ocr/correct.py)
    cleanup: bool = True  # image cleanup before OCR (ocr/cleanup.py); off: measure its worth
    debug_images: Path | None = None  # write each cleanup step's image here (--debug-images)
    deskew: bool = True
    binarize: Binarize = "otsu"  # the OCR image's threshold (ocr.models.Binarize)
    jpeg_quality: int = Field(50, ge=10, le=95)
    archive_image: Literal["auto", "jpeg"] = "auto"  # auto: mixed raster (see archive_image)
    background_dpi: int = Field(200, ge=100, le=600, description="colour layer resolution")
    pdfa: Literal["1b", "2b", "2u"] = "2b"
    preflight: bool = True  # validate PDF/A-1b with PDFBox Preflight when Java is there
    split_entries: bool = False  # also one PDF/A per record (the Ministry's deliverable)
    force: bool = False  # digitise again scans that the catalog already holds
    review_confidence: float = Field(0.80, ge=0.0, le=1.0)
    # read a doubtful value again from the crop of its words (ocr.reread) before it may
    # pass review: about 0.1 s of tesseract per doubtful value
    second_reading: bool = True
    page_timeout: int = Field(300, ge=10, description="seconds one page's whole work may take")
    # 1536: every accepted page and normal ones (A3 600 dpi colour) fit with room; the
    # costliest accepted image peaked at 1,291 MiB (benchmarks/page_memory.py)
    page_memory_mb: int = Field(1536, ge=0, description="address-space cap of a page worker "
                                                        "process, MiB; 0: no cap")
    max_attempts: int = Field(2, ge=1, description="tries of a failing page in a batch")

    # The office's digital signature (pipeline/signing.py): a .p12/.pfx file, or `pkcs11`
    # for a token (module SOHOA_SIGN_PKCS11_LIB, token and key by label, PIN).
    sign: str | None = None
    sign_password: SecretStr | None = None  # the .p12's password (else a prompt)
    sign_pkcs11_lib: Path | None = None  # e.g. /usr/lib/softhsm/libsofthsm2.so
    sign_token: str | None = None  # the token's label
    sign_key: str | None = None  # the key's (and its certificate's) label on the token
    sign_pin: SecretStr | None = None  # the token's user PIN (else a prompt)
    sign_tsa: str | None = None  # RFC 3161 timestamp URL: PAdES B-T instead of B-B

    # Campaigns over several machines: catalog on PostgreSQL, page tasks on Celery + Redis.
    database_url: str | None = None  # e.g. postgresql+psycopg://sohoa@db/sohoa; default SQLite
    broker_url: str | None = None  # e.g. redis://broker:6379/0
    broker_visibility_timeout: int | None = Field(None, ge=1, description="seconds before an "
                                                  "unacknowledged page task is given to another "
                                                  "worker; default: 2 x page_timeout + 60")
    worker_wait: int = Field(30, ge=1, description="seconds batch run --celery waits for a "
                             "worker to take a page before saying none has (then every 10x)")

    # The web app (sohoa serve): the key that signs session cookies; default: a random key
    # kept in SOHOA_HOME/secret-key (0600). Set it when several app servers share a home.
    secret_key: SecretStr | None = None
    cookie_secure: bool = False  # send the session cookie over HTTPS only (behind TLS)

    search_backend: Literal["auto", "embedded", "elasticsearch"] = "auto"
    elasticsearch_url: str | None = None
    elasticsearch_index: str = "sohoa-records"  # an alias over versioned indices
    elasticsearch_username: str | None = None
    elasticsearch_password: SecretStr | None = None
    elasticsearch_api_key: SecretStr | None = None
    elasticsearch_ca_certs: Path | None = None
    elasticsearch_verify_certs: bool = True
    elasticsearch_timeout: float = 30.0

    @field_validator("home", mode="before")
    @classmethod
    def _home_given(cls, value: object) -> object:
        """An empty ``SOHOA_HOME`` would put catalog, archive and index in whatever folder
        the command runs from: refused, like a typo."""
        if isinstance(value, str) and not value.strip():
            raise ValueError("empty: set it to a folder, or unset it for the "
                             "default ~/.local/share/sohoa")
        return value

    @property
    def backend(self) -> str:
        """``auto``: Elasticsearch when a URL is configured, else the embedded index."""
        if self.search_backend == "auto":
            return "elasticsearch" if self.elasticsearch_url else "embedded"
        return self.search_backend

    @property
    def catalog_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'catalog.sqlite'}"

    @property
    def visibility_timeout(self) -> int:
        """Above the longest page, so a slow page is not handed to a second worker."""
        return self.broker_visibility_timeout or 2 * self.page_timeout + 60

    @property
    def work_dir(self) -> Path:
        """Finished pages of unfinished documents (batches): shared by every worker."""
        return self.home / "work"

    @property
    def archive_dir(self) -> Path:
        return self.home / "archive"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"
