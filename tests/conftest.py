"""Shared fixtures. Generated scans and one real digitisation run are made once per session
so the integration tests that read them do not each pay for tesseract."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from index import open_index
from pipeline.catalog import Catalog
from pipeline.run import digitize
from pipeline.samples import generate
from pipeline.settings import Settings

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def make_settings(home: Path, **kw) -> Settings:
    return Settings(home=home, **{"jobs": 2, **kw})


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """Four labelled birth certificates, one per degradation and file format."""
    out = tmp_path_factory.mktemp("samples")
    generate(out, 4, seed=3, degradation="mixed")
    return out


@pytest.fixture(scope="session")
def digitized(sample_dir, tmp_path_factory):
    """One real run over the samples plus bad inputs; returns (settings, results, inputs)."""
    home = tmp_path_factory.mktemp("home")
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.png").write_bytes(b"")
    good_tif = next(sample_dir.glob("*.tif")).read_bytes()
    (bad / "corrupt.tif").write_bytes(good_tif[: len(good_tif) // 3])
    make_encrypted_pdf(bad / "locked.pdf")
    inputs = [sample_dir, bad / "empty.png", bad / "corrupt.tif", bad / "locked.pdf"]
    settings = make_settings(home)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    results = list(digitize(inputs, settings, catalog, index))
    return settings, results, inputs


def make_encrypted_pdf(path: Path) -> None:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="secret", R=6))


def truth_of(scan: Path) -> dict:
    return json.loads(scan.with_suffix(".truth.json").read_text(encoding="utf-8"))


def requires(binary: str):
    return pytest.mark.skipif(shutil.which(binary) is None, reason=f"{binary} not installed")
