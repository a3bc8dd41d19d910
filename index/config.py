"""What opening an index needs to know, as a protocol: the index package reads these
attributes and knows nothing of where they come from (``pipeline.settings.Settings``
has them all; a test or a script may pass any object that does)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import SecretStr


class IndexSettings(Protocol):
    @property
    def backend(self) -> str: ...  # "embedded" or "elasticsearch"
    @property
    def index_dir(self) -> Path: ...  # the embedded index's folder
    elasticsearch_url: str | None
    elasticsearch_index: str  # an alias over versioned indices
    elasticsearch_username: str | None
    elasticsearch_password: SecretStr | None
    elasticsearch_api_key: SecretStr | None
    elasticsearch_ca_certs: Path | None
    elasticsearch_verify_certs: bool
    elasticsearch_timeout: float
