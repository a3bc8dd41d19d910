"""The batch report's arithmetic and discretion, on batch rows written directly."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from pipeline.batch_report import redact, status
from pipeline.catalog import Catalog, batch_pages, batches

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def catalog(tmp_path) -> Catalog:
    c = Catalog(f"sqlite:///{tmp_path / 'c.sqlite'}")
    with c.engine.begin() as conn:
        conn.execute(insert(batches).values(id=1, name="b", sources="[]",
                                            created_at=T0.isoformat()))
    return c


def pages(catalog: Catalog, rows: list[dict]) -> None:
    base = {"batch_id": 1, "source": "book.tif", "attempts": 1, "updated_at": T0.isoformat(),
            "worker": None, "error": None, "seconds": None}
    with catalog.engine.begin() as conn:
        conn.execute(insert(batch_pages), [base | r for r in rows])


def test_the_idle_night_between_run_and_resume_is_not_working_time(catalog):
    stamps = [T0 + timedelta(seconds=30 * i) for i in range(10)]  # 10 pages, 2 a minute
    stamps += [T0 + timedelta(hours=14, seconds=30 * i) for i in range(10)]  # next morning
    pages(catalog, [{"sha256": "a" * 64, "page": i, "state": "done", "seconds": 30.0,
                     "updated_at": t.isoformat()} for i, t in enumerate(stamps)])
    st = status(catalog, 1)
    assert st["pages"] == 20 and st["done"] == 20
    assert 1.8 <= st["pages_per_minute"] <= 2.2  # not 20 pages over 14 hours


def test_pages_claimed_by_a_process_that_is_gone_are_interrupted(catalog):
    host = socket.gethostname()
    pages(catalog, [
        {"sha256": "a" * 64, "page": 0, "state": "running", "worker": f"{host}:{os.getpid()}"},
        {"sha256": "a" * 64, "page": 1, "state": "running", "worker": f"{host}:999999999"},
        {"sha256": "a" * 64, "page": 2, "state": "running", "worker": "other-host:12"},
        {"sha256": "b" * 64, "page": -1, "state": "failed", "error": "not an image"},
    ])
    st = status(catalog, 1)
    assert (st["running"], st["interrupted"]) == (2, 1)  # this process, and the other host
    assert (st["pages"], st["failed"], st["unreadable_files"]) == (3, 0, 1)


@pytest.mark.parametrize(("reason", "kept", "gone"), [
    ("date_of_birth: digits 2019-04-01 and words 2019-04-02 disagree",
     "date_of_birth: digits … and words … disagree", ["2019", "04-01"]),
    ("personal_id: id says sex Nam, record says Nữ", "personal_id: id says sex …, record says …",
     ["Nam", "Nữ"]),
    ("personal_id: id says birth year 1985, record says 1990", "personal_id:", ["1985", "1990"]),
    ("ethnicity: 'Kinhh' is not one of the 54 ethnic groups", "ethnicity: … is not", ["Kinhh"]),
    ("full_name: low OCR confidence 0.61", "full_name: low OCR confidence 0.61", []),
    ("personal_id: identity number 00108600123 has 11 digits, not 9 or 12",
     "personal_id: identity number … has", ["00108600123"]),
])
def test_review_reasons_lose_their_values(reason, kept, gone):
    shown = redact(reason)
    assert shown.startswith(kept) and not [g for g in gone if g in shown]
