"""A real catalog and index for the web tests: three generated scans (birth, death,
marriage) digitised once per session, copied into a fresh SOHOA_HOME per module, with a
viewer, an officer and an admin."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index import open_index
from pipeline.catalog import Catalog
from pipeline.run import digitize
from pipeline.samples import generate
from tests.conftest import make_settings

PASSWORDS = {"viewer": "xem-ho-so-1", "officer": "sua-ho-so-2", "admin": "quan-tri-3"}


@dataclass
class Seeded:
    home: Path
    scans: Path
    settings: object
    service: object
    truths: list[dict]


@pytest.fixture(scope="session")
def digitised_home(tmp_path_factory) -> tuple[Path, Path]:
    """(home, scans): the pipeline run once; modules copy the home."""
    scans = tmp_path_factory.mktemp("web-scans")
    generate(scans, 3, seed=21, degradation="clean", kinds=("birth", "death", "marriage"))
    home = tmp_path_factory.mktemp("web-home-template")
    settings = make_settings(home)
    catalog, index = Catalog(settings.catalog_url), open_index(settings)
    results = list(digitize([scans], settings, catalog, index))
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    index.close()
    catalog.engine.dispose()
    return home, scans


def seeded(digitised_home, tmp_path_factory) -> Seeded:
    from app.service import Sohoa

    template, scans = digitised_home
    home = tmp_path_factory.mktemp("web-home") / "home"
    shutil.copytree(template, home, symlinks=True)
    settings = make_settings(home)
    service = Sohoa(settings)
    for role, password in PASSWORDS.items():
        service.add_user(role, role, password)
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(scans.glob("*.truth.json"))]
    return Seeded(home, scans, settings, service, truths)


def flag_for_review(settings, count: int = 2) -> None:
    """Send the first ``count`` records to review as an OCR run would (a low-confidence
    name). Set here, in the catalog, so review tests do not depend on how well extraction
    reads the generated scans (better extraction left the queue empty)."""
    from sqlalchemy import select, update

    from pipeline.catalog import Catalog, fields, records

    catalog = Catalog(settings.catalog_url)
    with catalog.engine.begin() as c:
        ids = c.execute(select(records.c.id).order_by(records.c.id).limit(count)).scalars().all()
        for rid in ids:
            c.execute(update(records).where(records.c.id == rid).values(
                needs_review=True, review_reasons=json.dumps(["name: low OCR confidence 0.61"])))
            c.execute(update(fields).where(fields.c.record_id == rid,
                                           fields.c.key.like("%full_name"))
                      .values(confidence=0.61))
    catalog.engine.dispose()


def login(client: TestClient, role: str) -> TestClient:
    r = client.post("/api/login", json={"username": role, "password": PASSWORDS[role]})
    assert r.status_code == 200, r.text
    return client
