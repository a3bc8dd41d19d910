"""What a batch did: counts, every failure with its reason, records to review, timings.

``status`` is a small dict (for ``sohoa batch status`` and ``--json``); ``write_csv``
writes one row per page; ``write_html`` a one-page report for the office. Neither prints
record values (Decree 13/2023): records are named by document id, page and reason.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import datetime
from pathlib import Path

from pipeline.atomic import replacing
from pipeline.batchlog import BatchLog, PageState
from pipeline.catalog import Catalog


def _minutes(states: list[PageState]) -> float:
    stamps = [datetime.fromisoformat(s.updated_at) for s in states if s.state == "done"]
    if len(stamps) < 2:
        return 0.0
    return (max(stamps) - min(stamps)).total_seconds() / 60


def status(catalog: Catalog, batch_id: int) -> dict:
    log = BatchLog(catalog.engine)
    states = log.pages(batch_id)
    pages = [s for s in states if s.page >= 0]
    done = [s for s in pages if s.state == "done"]
    minutes = _minutes(pages)
    documents = {s.sha256 for s in pages}
    return {
        "batch": batch_id,
        "pages": len(pages), **log.counts(batch_id),
        "unreadable_files": sum(s.page < 0 for s in states),
        "documents": len(documents),
        "pages_per_minute": round((len(done) - 1) / minutes, 1) if minutes else None,
        "seconds_per_page": round(sum(s.seconds or 0 for s in done) / len(done), 2)
        if done else None,
        "failures": [{"source": s.source, "page": s.page + 1 if s.page >= 0 else None,
                      "attempts": s.attempts, "error": s.error}
                     for s in states if s.state == "failed"],
    }


def needing_review(catalog: Catalog, batch_id: int) -> list[dict]:
    """Records of the batch's documents that an officer must check, with the reasons."""
    out = []
    for sha in sorted({s.sha256 for s in BatchLog(catalog.engine).pages(batch_id) if s.page >= 0}):
        doc = catalog.document(sha[:16])
        if doc is None:
            continue
        for n, r in enumerate(doc.records):
            if r.needs_review:
                out.append({"document_id": doc.document_id, "source": doc.source,
                            "record": n, "page": r.page, "entry": r.entry,
                            "type": r.type.value, "reasons": r.review_reasons})
    return out


def _atomic_write(target: Path, text: str) -> None:
    with replacing(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="")


def write_csv(catalog: Catalog, batch_id: int, target: Path) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["source", "page", "state", "attempts", "seconds", "worker", "error"])
    for s in BatchLog(catalog.engine).pages(batch_id):
        w.writerow([s.source, s.page + 1 if s.page >= 0 else "", s.state, s.attempts,
                    f"{s.seconds:.2f}" if s.seconds is not None else "", s.worker or "",
                    s.error or ""])
    _atomic_write(target, buf.getvalue())


def write_html(catalog: Catalog, batch_id: int, name: str, target: Path) -> None:
    st = status(catalog, batch_id)
    review = needing_review(catalog, batch_id)
    e = html.escape

    def rows(items: list[list]) -> str:
        return "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>"
                       for r in items)

    counts = [[k, st[k]] for k in ("documents", "pages", "done", "failed", "pending", "running",
                                   "unreadable_files", "pages_per_minute", "seconds_per_page")]
    failures = [[f["source"], f["page"] or "(file)", f["attempts"], f["error"]]
                for f in st["failures"]]
    to_check = [[r["document_id"], r["source"], r["page"], r["entry"], r["type"],
                 "; ".join(r["reasons"])] for r in review]
    _atomic_write(target, f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>sohoa batch {e(name)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}}</style></head>
<body><h1>Batch {e(name)}</h1>
<h2>Counts and timings</h2><table>{rows(counts)}</table>
<h2>Failures ({len(failures)})</h2>
<table><tr><th>source</th><th>page</th><th>attempts</th><th>reason</th></tr>{rows(failures)}</table>
<h2>Records to review ({len(to_check)})</h2>
<table><tr><th>document</th><th>source</th><th>page</th><th>entry</th><th>type</th>
<th>reasons</th></tr>{rows(to_check)}</table>
</body></html>
""")
