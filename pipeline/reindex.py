"""Index maintenance from the catalog (the system of record): records of a document,
resumable rebuilds, and a catalog-against-index check."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.base import IndexRecord, SearchIndex, batched
from pipeline.catalog import Catalog, assign_ids
from pipeline.errors import RepairRefused
from pipeline.models import DocumentResult

log = logging.getLogger(__name__)


def records_of(doc: DocumentResult) -> list[IndexRecord]:
    """What the index holds for a document: its records, or its pages if it has none."""
    assert doc.document_id
    texts = {i: p.text for i, p in enumerate(doc.pages, start=1)}
    if doc.records:
        return [IndexRecord(r.id, doc.document_id, doc.source, r.type.value,
                            r.page, {k: v.value for k, v in r.fields.items()},
                            texts.get(r.page, ""))
                for r in assign_ids(doc.document_id, doc.records)]
    return [IndexRecord(f"{doc.document_id}:p{i}", doc.document_id, doc.source, "page", i, {}, t)
            for i, t in texts.items()]


def index_document(doc: DocumentResult, index: SearchIndex, catalog: Catalog) -> list[str]:
    """Replace the document's entries; keys the backend refused are kept in the catalog."""
    assert doc.document_id
    failed = index.upsert(records_of(doc) if doc.readable else [],
                          document_ids=[doc.document_id])
    catalog.set_index_failures(doc.document_id, failed)
    return failed


def _save_state(path: Path, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state))
    os.replace(tmp, path)


def rebuild(catalog: Catalog, index: SearchIndex, state_path: Path, batch: int = 200,
            progress: Callable[[int], None] | None = None,
            warn: Callable[[str], None] = log.warning, allow_loss: bool = False) -> int:
    """Rebuild into a new generation, ``batch`` documents at a time, then swap it in.

    Memory holds one batch. Progress is saved after every batch in ``state_path``: after a
    crash or Ctrl-C the next call resumes where it stopped, while the old generation keeps
    serving searches until the swap. A saved state that cannot be resumed (unreadable, its
    generation gone, the catalog changed since) is discarded with a ``warn``-ing and the
    rebuild starts afresh. Raises ``CatalogDamaged`` before touching the index, and
    ``RepairRefused`` when the catalog gives fewer entries than the live index holds (a
    replaced or emptied catalog would swap in a poorer index) unless ``allow_loss``.
    """
    catalog.quick_check()
    stamp = catalog.last_change()
    state = _resumable(state_path, index, stamp, warn)
    if not state and not allow_loss:
        expected, live = sum(catalog.index_entry_counts().values()), index.count()
        if expected < live:
            raise RepairRefused(
                f"rebuild refused: the catalog gives {expected} index entries and the index "
                f"holds {live}; check the catalog is the right one, then run "
                "`sohoa index rebuild --yes`")
    if not state:
        state = {"generation": index.begin_rebuild(), "after": "", "done": 0, "failed": [],
                 "catalog": stamp}
        _save_state(state_path, state)
    generation = state["generation"]
    for docs in batched(catalog.iter_documents(after=state["after"]), batch):
        records = [r for d in docs for r in records_of(d)]
        failed = set(index.add_to(generation, records))
        state["failed"] = sorted(set(state["failed"])
                                 | {r.document_id for r in records if r.key in failed})
        state["after"] = docs[-1].document_id
        state["done"] += len(docs)
        _save_state(state_path, state)
        if progress:
            progress(len(docs))
    index.commit_rebuild(generation)
    for doc_id in state["failed"]:
        catalog.set_index_failures(doc_id, [f"{doc_id}:*"])
    state_path.unlink(missing_ok=True)
    return state["done"]


def _resumable(state_path: Path, index: SearchIndex, stamp: str,
               warn: Callable[[str], None]) -> dict:
    """The saved state of an interrupted rebuild if it can go on, else {} (and the stale
    file and its generation dropped)."""
    if not state_path.exists():
        return {}
    try:
        state = json.loads(state_path.read_text())
        keys_ok = {"generation", "after", "done", "failed"} <= set(state)
    except (OSError, ValueError, TypeError):
        state, keys_ok = {}, False
    if not keys_ok:
        why = "it cannot be read"
    elif not index.has_generation(state["generation"]):
        why = f"its index generation {state['generation']} is gone"
    elif state.get("catalog") != stamp:
        why = "the catalog changed since"
    else:
        return state
    warn(f"discarding the saved state of an interrupted rebuild ({state_path.name}): {why}; "
         "rebuilding from the start")
    if why == "the catalog changed since":  # a generation of ours: drop it
        index.abort_rebuild(state["generation"])
    state_path.unlink(missing_ok=True)
    return {}


@dataclass
class CheckReport:
    documents: int = 0
    missing: list[str] = field(default_factory=list)  # in the catalog, not in the index
    stale: list[str] = field(default_factory=list)  # entry counts differ
    orphans: list[str] = field(default_factory=list)  # in the index, not in the catalog
    failed: list[str] = field(default_factory=list)  # refused by the backend earlier
    adds: int = 0  # index entries a repair would write beyond what the index holds
    removes: int = 0  # index entries a repair would delete beyond what it writes back

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphans or self.failed)


def check(catalog: Catalog, index: SearchIndex) -> CheckReport:
    """Catalog against index, document by document. Raises ``CatalogDamaged`` first if
    the catalog fails SQLite's quick check (its word would not be worth comparing)."""
    catalog.quick_check()
    expected = catalog.index_entry_counts()
    actual = index.document_counts()
    report = CheckReport(documents=len(expected))
    report.missing = sorted(d for d in expected if d not in actual)
    report.stale = sorted(d for d, n in expected.items() if d in actual and actual[d] != n)
    report.orphans = sorted(d for d in actual if d not in expected)
    report.failed = sorted(catalog.index_failures())
    report.adds = sum(expected[d] for d in report.missing) + sum(
        max(expected[d] - actual[d], 0) for d in report.stale)
    report.removes = sum(actual[d] for d in report.orphans) + sum(
        max(actual[d] - expected[d], 0) for d in report.stale)
    return report


def repair(catalog: Catalog, index: SearchIndex, report: CheckReport,
           allow_loss: bool = False) -> int:
    """Re-index what the check found wrong; returns how many documents were written.

    A repair that would delete more index entries than it adds (an emptied or replaced
    catalog makes every entry an orphan) raises ``RepairRefused`` with both counts
    unless ``allow_loss``: the index may then be the only copy left of the records.
    """
    if report.removes > report.adds and not allow_loss:
        raise RepairRefused(
            f"repair refused: it would delete {report.removes} index entries and add "
            f"{report.adds} ({len(report.orphans)} document(s) are in the index but not in "
            "the catalog); check the catalog is the right one, then run "
            "`sohoa index check --repair --yes`")
    for doc_id in report.orphans:
        index.upsert([], document_ids=[doc_id])
    todo = sorted(set(report.missing) | set(report.stale) | set(report.failed))
    for doc_id in todo:
        doc = catalog.document(doc_id)
        if doc is not None:
            index_document(doc, index, catalog)
    return len(todo) + len(report.orphans)
