"""Fixity: is the archive still what sohoa wrote, and does the catalog still say so?

The catalog keeps the SHA-256 and size of every file sohoa archives (document PDFs and
entry PDFs), taken when the file is written or rewritten (``Catalog.file_columns``,
``Catalog.record_written``). ``verify`` runs a list of checks (``CHECKS``); each yields
``Problem``s naming the document, the file and what is wrong:

- ``changed``: the archived file's bytes differ from what was written (same or larger size)
- ``truncated``: it is shorter than what was written (a cut copy, a full disk)
- ``missing``: the catalog names a file that is not there
- ``unrecorded``: written before checksums were kept: nothing to compare (a warning)
- ``orphan``: a file in the archive folder that the catalog does not name (never deleted)
- ``source_missing``: the scan a document came from is gone (a warning: sources are the
  user's; only the ones still present are checked)
- ``source_changed``: the file at the source's path is no longer that scan
- ``index``: the search index is out of step with the catalog (``pipeline.reindex.check``)
- ``signature``: a signature of an archived file is broken, does not verify, or does not
  chain to the ``--trust`` certificate; with ``--require-signature`` also a file not
  signed, or changed after its last signature (``pipeline.signing.signature_failures``)

Another check is one more ``Check`` in ``CHECKS`` (or passed to ``verify``): a name, a
function of the ``Scope`` yielding problems and calling ``scope.advance(n)`` as it
works, and how many units of work it will report, for the progress bar.

``repair`` re-creates what can be re-created: a document whose archive files are damaged
is digitised again from its source when the source is still there and still the same scan
(records people checked are kept, as on any rerun); the index is repaired from the
catalog; checksums are recorded for files written before they were kept. It never deletes
a file it did not write: orphans are only reported.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from index.base import SearchIndex
from pipeline.atomic import Digest, digest
from pipeline.catalog import ArchivedFile, Catalog, documents
from pipeline.models import READABLE
from pipeline.settings import Settings
from pipeline.signing import is_signed, signature_failures

WARNINGS = frozenset({"unrecorded", "source_missing"})  # reported; verify still passes
ARCHIVE_DAMAGE = frozenset({"changed", "truncated", "missing"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong: ``kind`` (module docstring), the document it belongs to (None for
    an orphan), the file, and a sentence for a person (no personal data)."""

    kind: str
    document_id: str | None
    path: Path | None
    detail: str
    record_id: str | None = None

    @property
    def serious(self) -> bool:
        """False for warnings, which do not make verify fail."""
        return self.kind not in WARNINGS

    def as_json(self) -> dict:
        return {"kind": self.kind, "document_id": self.document_id, "record_id": self.record_id,
                "path": str(self.path) if self.path else None, "detail": self.detail,
                "severity": "error" if self.serious else "warning"}


@dataclass(frozen=True)
class SourceRow:
    document_id: str
    source: str
    sha256: str


@dataclass
class Scope:
    """What one verify run looks at, read from the catalog once."""

    catalog: Catalog
    settings: Settings
    index: SearchIndex | None
    files: list[ArchivedFile]
    sources: list[SourceRow]
    check_sources: bool = True
    advance: Callable[[int], None] = lambda n: None
    threads: int = 2
    trust: list[Path] | None = None  # certificates a signer must chain to (--trust)
    require_signature: bool = False  # every archived file signed, last revision too


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[Scope], Iterator[Problem]]
    work: Callable[[Scope], int] = lambda scope: 0  # progress units it will advance


@dataclass
class Report:
    """A verify run: what was looked at, what is wrong, and what a repair did."""

    documents: int = 0
    files: int = 0
    sources: int = 0
    problems: list[Problem] = field(default_factory=list)
    found: list[Problem] = field(default_factory=list)  # before a repair (--repair only)
    repaired: list[str] = field(default_factory=list)  # sentences, one per thing repaired
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(p.serious for p in self.problems)

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for p in self.problems:
            found[p.kind] = found.get(p.kind, 0) + 1
        return found

    def as_json(self) -> dict:
        return {"ok": self.ok, "documents": self.documents, "files": self.files,
                "sources": self.sources, "seconds": round(self.seconds, 3),
                "counts": self.counts(), "problems": [p.as_json() for p in self.problems],
                "found_before_repair": [p.as_json() for p in self.found],
                "repaired": self.repaired}


def intact(f: ArchivedFile) -> bool:
    """True when the archived file is there with the size and SHA-256 it was written with
    (only there and not empty, for a file written before checksums were kept)."""
    problem = _archive_problem(f, _read(f.path))
    return problem is None or problem.kind == "unrecorded"


def _read(path: Path) -> Digest | None:
    try:
        return digest(path)
    except OSError:
        return None


def _archive_problem(f: ArchivedFile, found: Digest | None) -> Problem | None:
    def problem(kind: str, detail: str) -> Problem:
        return Problem(kind, f.document_id, f.path, detail, f.record_id)

    if found is None:
        return problem("missing", "the archived file is not there (or cannot be read)")
    if f.digest is None:
        return problem("unrecorded", "written before checksums were kept: cannot tell")\
            if found.size else problem("truncated", "the archived file is empty")
    if found.size < f.digest.size:
        return problem("truncated", f"{found.size} bytes of the {f.digest.size} written")
    if found.sha256 != f.digest.sha256:
        return problem("changed", "its SHA-256 differs from the one recorded when written"
                       + (f" (size {found.size}, written {f.digest.size})"
                          if found.size != f.digest.size else " (same size)"))
    return None


def check_archive(scope: Scope) -> Iterator[Problem]:
    """Every archived file the catalog names, hashed (threads: hashlib frees the GIL)."""
    with ThreadPoolExecutor(scope.threads) as pool:
        for f, found in zip(scope.files, pool.map(lambda f: _read(f.path), scope.files),
                            strict=True):
            scope.advance(1)
            problem = _archive_problem(f, found)
            if problem is not None:
                yield problem


def check_orphans(scope: Scope) -> Iterator[Problem]:
    """Files in the archive folder that the catalog does not name (a crash's hidden
    ``.tmp``, a deleted document's copy put back, a stray file). Reported, never deleted."""
    folder = scope.settings.archive_dir
    if not folder.is_dir():
        return
    named = {os.path.abspath(f.path) for f in scope.files}
    real: set[str] | None = None  # resolved through symbolic links, only when needed
    for path in sorted(folder.rglob("*")):
        if os.path.abspath(path) in named or not path.is_file():
            continue
        real = real if real is not None else {os.path.realpath(p) for p in named}
        if os.path.realpath(path) not in real:
            yield Problem("orphan", _owner(path.name), path,
                          "in the archive folder but not in the catalog (left as it is)")


def _owner(name: str) -> str | None:
    """The document id a file name starts with (``<id>.pdf``, ``<id>-2.pdf``), if any."""
    head = name.lstrip(".")[:16]
    return head if len(head) == 16 and all(c in "0123456789abcdef" for c in head) else None


def check_sources(scope: Scope) -> Iterator[Problem]:
    """Each document's source scan, where it still is: still the scan it was made from."""
    if not scope.check_sources:
        return
    with ThreadPoolExecutor(scope.threads) as pool:
        found = pool.map(lambda s: _read(Path(s.source)), scope.sources)
        for s, d in zip(scope.sources, found, strict=True):
            scope.advance(1)
            if d is None:
                yield Problem("source_missing", s.document_id, Path(s.source),
                              "the source scan is not there any more (only its archive copy "
                              "remains; it cannot be re-created from it)")
            elif d.sha256 != s.sha256:
                yield Problem("source_changed", s.document_id, Path(s.source),
                              "the file at the source's path is no longer the scan this "
                              "document was made from")


def check_index(scope: Scope) -> Iterator[Problem]:
    """The search index against the catalog, document by document."""
    from pipeline.reindex import check

    if scope.index is None:
        yield Problem("index", None, None, "the search index cannot be opened")
        return
    try:
        report = check(scope.catalog, scope.index)
    except Exception as exc:  # noqa: BLE001 - an index that cannot answer is a finding
        yield Problem("index", None, None, f"the index cannot be checked: {exc}")
        return
    why = {"missing": "not in the search index", "stale": "its index entries differ from "
           "the catalog", "orphans": "in the search index but not in the catalog",
           "failed": "the index refused some of its entries earlier"}
    for name, sentence in why.items():
        for doc_id in getattr(report, name):
            yield Problem("index", doc_id, None, sentence)


def check_signatures(scope: Scope) -> Iterator[Problem]:
    """Every signature of every archived file that is there (pipeline.signing): intact,
    valid, chained to ``scope.trust`` when given; with ``require_signature`` also unsigned
    files and unsigned last revisions. Unsigned files are skipped cheaply otherwise."""
    for f in scope.files:
        scope.advance(1)
        if not f.path.is_file() or not (scope.require_signature or is_signed(f.path)):
            continue
        for why in signature_failures(f.path, scope.trust, scope.require_signature):
            yield Problem("signature", f.document_id, f.path, why, f.record_id)


CHECKS: list[Check] = [
    Check("archive", check_archive, lambda scope: len(scope.files)),
    Check("orphans", check_orphans),
    Check("sources", check_sources,
          lambda scope: len(scope.sources) if scope.check_sources else 0),
    Check("index", check_index),
    Check("signatures", check_signatures, lambda scope: len(scope.files)),
]


def scope_of(catalog: Catalog, settings: Settings, index: SearchIndex | None,
             check_sources: bool = True, trust: list[Path] | None = None,
             require_signature: bool = False) -> Scope:
    """Read what verify looks at: the archived files and the sources of the documents
    that have an archive (ok, and incomplete: its good pages archived)."""
    with catalog.engine.connect() as c:
        rows = c.execute(select(documents.c.id, documents.c.source, documents.c.sha256)
                         .where(documents.c.status.in_(READABLE))
                         .order_by(documents.c.id)).all()
    return Scope(catalog, settings, index, catalog.archived_files(),
                 [SourceRow(r.id, str(catalog.source_path(r.source)), r.sha256) for r in rows],
                 check_sources,
                 threads=max(2, min(settings.jobs, 8)), trust=trust,
                 require_signature=require_signature)


def verify(scope: Scope, checks: list[Check] | None = None,
           progress: Callable[[str, int], None] | None = None) -> Report:
    """Run ``checks`` (default ``CHECKS``) over ``scope``. ``progress(event, n)`` gets
    ``("pages", total)`` once, then ``("page_done", n)`` as work is done (the CLI's
    progress bar speaks that). Raises ``CatalogDamaged`` if the catalog fails its check."""
    started = time.perf_counter()
    checks = CHECKS if checks is None else checks
    notify = progress or (lambda event, n: None)
    scope.catalog.quick_check()
    notify("pages", sum(c.work(scope) for c in checks))
    scope.advance = lambda n: notify("page_done", n)
    problems = [p for c in checks for p in c.run(scope)]
    return Report(documents=len(scope.sources), files=len(scope.files),
                  sources=len(scope.sources) if scope.check_sources else 0,
                  problems=problems, seconds=time.perf_counter() - started)


def repair(report: Report, scope: Scope) -> list[str]:
    """Re-create what ``report`` found that can be re-created; returns one sentence per
    thing done or refused. Deletes nothing sohoa did not write (orphans stay)."""
    done = [_record(p, scope.catalog) for p in report.problems if p.kind == "unrecorded"]
    done += _redigitise(report, scope)
    if scope.index is not None:
        done += _reindex(scope)
    return done


def _record(p: Problem, catalog: Catalog) -> str:
    assert p.path is not None
    catalog.record_written(p.path)
    return f"{p.document_id}: recorded the checksum of {p.path.name} (kept as it is now)"


def _redigitise(report: Report, scope: Scope) -> list[str]:
    """Documents with a damaged archive file, digitised again from their source, each
    with the PDF/A level and entry files it had (records people checked are kept)."""
    from pipeline.run import digitize

    damaged = sorted({p.document_id for p in report.problems
                      if p.kind in ARCHIVE_DAMAGE and p.document_id})
    sources = {s.document_id: s for s in scope.sources}
    groups: dict[tuple[str, bool], list[Path]] = {}
    said: list[str] = []
    for doc_id in damaged:
        doc, row = scope.catalog.document(doc_id), sources.get(doc_id)
        if doc is None or row is None:
            continue
        found = _read(Path(row.source))
        if found is None or found.sha256 != row.sha256:
            said.append(f"{doc_id}: cannot re-create its archive files: the source scan "
                        f"{'is gone' if found is None else 'has changed'} ({row.source})")
            continue
        level = doc.pdfa.level if doc.pdfa else scope.settings.pdfa
        groups.setdefault((level, any(doc.entries)), []).append(Path(row.source))
    for (level, split), paths in groups.items():
        settings = scope.settings.model_copy(update={"force": True, "pdfa": level,
                                                     "split_entries": split})
        assert scope.index is not None
        for r in digitize(paths, settings, scope.catalog, scope.index, command="verify --repair"):
            said.append(f"{r.document_id}: archive files re-created from {r.source}"
                        + (f" (incomplete: the scan's page(s) {', '.join(map(str, r.not_read))} "
                           "still not read)" if r.not_read else "")
                        if r.readable else
                        f"{r.document_id}: could not re-create from {r.source}: {r.error}")
    return said


def _reindex(scope: Scope) -> list[str]:
    from pipeline.errors import RepairRefused
    from pipeline.reindex import check
    from pipeline.reindex import repair as reindex

    assert scope.index is not None
    found = check(scope.catalog, scope.index)
    if found.ok:
        return []
    try:
        n = reindex(scope.catalog, scope.index, found)
    except RepairRefused as exc:
        return [f"index not repaired: {exc}"]
    return [f"re-indexed {n} document(s) from the catalog"]
