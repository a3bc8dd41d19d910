"""What a batch did: counts, every failure with its reason, records to review, timings.

``status`` is a small dict (for ``sohoa batch status`` and ``--json``); ``write_csv``
writes one row per page; ``write_html`` a one-page report for the office. Neither prints
record values (Decree 13/2023): records are named by document id, page and reason.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import socket
from datetime import datetime
from pathlib import Path

from pipeline.atomic import replacing
from pipeline.batchlog import STATES, BatchLog, PageState
from pipeline.catalog import Catalog


def _active_minutes(states: list[PageState]) -> float:
    """Minutes the batch was working: the gaps between pages finishing, without the idle
    ones (a batch stopped in the evening and resumed the next day). A gap is idle when it
    is over a minute and ten times the median gap."""
    stamps = sorted(datetime.fromisoformat(s.updated_at) for s in states if s.state == "done")
    gaps = [(b - a).total_seconds() for a, b in zip(stamps, stamps[1:], strict=False)]
    if not gaps:
        return 0.0
    usual = sorted(gaps)[len(gaps) // 2]
    return sum(g for g in gaps if g <= max(60.0, 10 * usual)) / 60


def _alive(worker: str | None) -> bool | None:
    """Whether the process that claimed a page still runs: None when it is on another
    machine (a Celery worker there) and cannot be told from here."""
    host, _, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def status(catalog: Catalog, batch_id: int) -> dict:
    """Counts of pages (files that could not be opened are counted apart, never as pages),
    pages left running by a process that is gone (``interrupted``: ``resume`` redoes them),
    pages per minute of working time, and every failure with its reason."""
    states = BatchLog(catalog.engine).pages(batch_id)
    pages = [s for s in states if s.page >= 0]
    counts = {k: sum(s.state == k for s in pages) for k in STATES}
    running = [s for s in pages if s.state == "running"]
    interrupted = sum(_alive(s.worker) is False for s in running)
    done = [s for s in pages if s.state == "done"]
    minutes = _active_minutes(pages)
    return {
        "batch": batch_id, "pages": len(pages), **counts,
        "running": len(running) - interrupted, "interrupted": interrupted,
        "unreadable_files": sum(s.page < 0 for s in states),
        "documents": len({s.sha256 for s in pages}),
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
                            "type": r.type.value,
                            "reasons": [redact(x) for x in r.review_reasons]})
    return out


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:]+)?|\d{1,2}/\d{1,2}/\d{4}")
_NUMBER = re.compile(r"\d{3,}")
_SAYS = re.compile(r"(says(?: sex| birth year)?) [^,;]+")


def redact(reason: str) -> str:
    """A review reason without the values it quotes ("date_of_birth: digits 2019-04-01 and
    words 2019-04-02 disagree" -> "date_of_birth: digits … and words … disagree"): the
    report names the field and the kind of doubt; the values are in the web app."""
    reason = _QUOTED.sub("…", reason)
    reason = _DATE.sub("…", reason)
    reason = _SAYS.sub(r"\1 …", reason)
    return _NUMBER.sub("…", reason)


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


# The report is for the office: Vietnamese headings, a label for every count.
COUNT_LABELS_VI = {
    "documents": "Tài liệu", "pages": "Trang", "done": "Trang đã xong",
    "failed": "Trang lỗi", "pending": "Trang đang chờ", "running": "Trang đang xử lý",
    "interrupted": "Trang bị ngắt (chạy lại bằng batch resume)",
    "unreadable_files": "Tệp không mở được", "pages_per_minute": "Trang mỗi phút",
    "seconds_per_page": "Giây mỗi trang"}
TYPE_LABELS_VI = {"birth": "Khai sinh", "death": "Khai tử", "marriage": "Kết hôn",
                  "marital_status": "Xác nhận tình trạng hôn nhân", "decision": "Quyết định",
                  "unknown": "Chưa rõ"}


def write_html(catalog: Catalog, batch_id: int, name: str, target: Path) -> None:
    """A one-page report in Vietnamese: counts, failures with reasons, records to review
    (document, page, entry, type and the kind of doubt, never a record's values)."""
    st = status(catalog, batch_id)
    review = needing_review(catalog, batch_id)
    e = html.escape

    def rows(items: list[list]) -> str:
        return "".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in r) + "</tr>"
                       for r in items)

    counts = [[label, "-" if st[k] is None else st[k]] for k, label in COUNT_LABELS_VI.items()]
    failures = [[f["source"], f["page"] or "(cả tệp)", f["attempts"], f["error"]]
                for f in st["failures"]]
    to_check = [[r["document_id"], r["source"], r["page"], r["entry"] or "",
                 TYPE_LABELS_VI.get(r["type"], r["type"]), "; ".join(r["reasons"])]
                for r in review]
    _atomic_write(target, f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo lô {e(name)} (sohoa)</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}}</style></head>
<body><h1>Báo cáo lô {e(name)}</h1>
<h2>Số lượng và thời gian</h2><table>{rows(counts)}</table>
<h2>Lỗi ({len(failures)})</h2>
<table><tr><th>Tệp quét</th><th>Trang</th><th>Số lần thử</th><th>Lý do</th></tr>{rows(failures)}
</table>
<h2>Hồ sơ cần kiểm tra ({len(to_check)})</h2>
<table><tr><th>Tài liệu</th><th>Tệp quét</th><th>Trang</th><th>Số thứ tự</th><th>Loại</th>
<th>Lý do (trường và loại nghi vấn; giá trị xem trong ứng dụng web)</th></tr>{rows(to_check)}
</table>
</body></html>
""")
