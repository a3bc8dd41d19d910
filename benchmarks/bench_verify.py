"""`sohoa verify` on a large archive, against plain hashing of the same files, in one run.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_verify.py [--documents 10000]
                        [--kb 100] [--home DIR]

Builds a throw-away SOHOA_HOME quickly: ``--documents`` small PDFs (one page holding a
random image stream of about ``--kb`` KB: real archive files of one page are 90-140 KB)
and a source file of the same size each, registered in a real SQLite catalog (bulk
inserts: relative paths, SHA-256 and size as ``Catalog.file_columns`` writes them) and a
real embedded index (one page entry each). Then times, on the same files:

- plain: ``hashlib.sha256`` over every archive file and source, one after the other
- verify: ``Sohoa.check_fixity()`` (archive, orphans, sources, index)
- verify --no-sources, against plain hashing of the archive files alone

and prints seconds and the ratios. The files were just written, so both read them from
the page cache; on a cold disk both are bound by the disk alike.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from sqlalchemy import insert

from app.service import Sohoa
from index.base import IndexRecord
from index.embedded import EmbeddedIndex
from pipeline.catalog import Catalog, documents
from pipeline.settings import Settings


def make_files(home: Path, n: int, kb: int) -> list[dict]:
    """``n`` archive PDFs and sources; returns the documents' catalog rows."""
    archive, sources = home / "archive", home.parent / "sources"
    archive.mkdir(parents=True, exist_ok=True)
    sources.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(Settings(home=home).catalog_url, home=home)
    now = datetime.now(UTC).isoformat()
    rows = []
    for i in range(n):
        src = sources / f"scan-{i:05d}.png"
        src.write_bytes(os.urandom(kb * 1024))
        sha = hashlib.sha256(src.read_bytes()).hexdigest()
        pdf_path = archive / f"{sha[:16]}.pdf"
        with pikepdf.new() as pdf:
            pdf.add_blank_page()
            pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(
                Im0=pikepdf.Stream(pdf, os.urandom(kb * 1024))))
            pdf.save(pdf_path)
        rows.append({"id": sha[:16], "sha256": sha, "source": str(src), "status": "ok",
                     "page_count": 1, "created_at": now, "updated_at": now,
                     "pdfa": '{"level": "2b", "validator": "structural", "valid": true}',
                     **catalog.file_columns(pdf_path)})
    with catalog.engine.begin() as c:
        c.execute(insert(documents), rows)
    catalog.engine.dispose()
    return rows


def fill_index(home: Path, rows: list[dict]) -> None:
    index = EmbeddedIndex(Settings(home=home).index_dir)
    index.upsert([IndexRecord(f"{r['id']}:p1", r["id"], r["source"], "page", 1, {}, "")
                  for r in rows], document_ids=[])
    index.close()


def plain(paths: list[Path]) -> float:
    started = time.perf_counter()
    for p in paths:
        with open(p, "rb") as f:
            hashlib.file_digest(f, "sha256")
    return time.perf_counter() - started


def timed_verify(home: Path, sources: bool) -> tuple[float, int]:
    started = time.perf_counter()
    report = Sohoa(Settings(home=home)).check_fixity(sources=sources)
    assert report.ok, report.counts()
    return time.perf_counter() - started, report.files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--kb", type=int, default=100)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="bench-verify-")) / "home"
    started = time.perf_counter()
    rows = make_files(home, args.documents, args.kb)
    fill_index(home, rows)
    print(f"built {len(rows)} documents of ~{args.kb} KB (+ sources) in "
          f"{time.perf_counter() - started:.1f} s under {home}")
    pdfs = [home / r["pdf_path"] for r in rows]
    both = pdfs + [Path(r["source"]) for r in rows]
    plain(both)  # warm the page cache for both sides alike
    base_all, base_pdfs = plain(both), plain(pdfs)
    full, files = timed_verify(home, sources=True)
    quick, _ = timed_verify(home, sources=False)
    print(f"plain sha256, {len(both)} files: {base_all:.2f} s; verify: {full:.2f} s "
          f"(ratio {full / base_all:.2f})")
    print(f"plain sha256, {files} archive files: {base_pdfs:.2f} s; verify --no-sources: "
          f"{quick:.2f} s (ratio {quick / base_pdfs:.2f})")


if __name__ == "__main__":
    main()
