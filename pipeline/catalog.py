"""The catalog, sohoa's system of record: documents, pages, records, fields and runs.

With ``pipeline.batchlog`` (the batch tables declared here), the only code that talks to
the database. SQLAlchemy Core keeps the same code for
SQLite (one machine, the default) and PostgreSQL (campaigns over several machines).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError

from ocr.models import Box, Line, OcrPage, Word
from pipeline.atomic import Digest, digest
from pipeline.errors import CatalogDamaged, CatalogMissing
from pipeline.models import READABLE, DocumentResult
from pipeline.validate import Validation
from schemas.records import FieldValue, Record, RecordType, record_uid

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(32), primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("pdf_path", Text),  # relative to SOHOA_HOME when under it (older rows: absolute)
    Column("pdfa", Text),  # JSON of pipeline.validate.Validation: level, validator, valid
    Column("signer", Text),  # subject of the certificate that signed its PDFs (PAdES)
    Column("pdf_sha256", String(64)),  # fixity of the archived file as sohoa wrote it
    Column("pdf_size", BigInteger),  # bytes (NULL: written before fixity was recorded)
    Column("page_count", Integer, nullable=False, default=0),
    Column("pages_not_read", Text),  # JSON list of the scan's pages not read (incomplete)
    Column("seconds", Float),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
pages = Table(
    "pages", metadata,
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("mean_confidence", Float, nullable=False),
    Column("width", Integer), Column("height", Integer), Column("dpi", Integer),
    Column("rotation", Integer), Column("skew", Float),
    Column("words", Text, nullable=False),  # JSON lines of [text, conf, l, t, w, h(, raw)]
    Column("raw_text", Text),  # tesseract's text before post-correction
    Column("blank", Boolean),  # no ink: not read (ocr.blank); NULL in older catalogs: no
    Column("source_page", Integer),  # the scan's page it is (NULL in older catalogs: number)
)
records = Table(
    "records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("page", Integer, nullable=False),
    Column("type", String(32), nullable=False, index=True),
    Column("needs_review", Boolean, nullable=False),
    Column("review_reasons", Text, nullable=False),
    Column("pdf_path", Text),  # the record's own PDF/A (--split-entries), like documents'
    Column("pdfa", Text),
    Column("pdf_sha256", String(64)),
    Column("pdf_size", BigInteger),
    Column("entry", Integer),  # 1-based entry on the page (register books)
    Column("layout", String(32)),
    Column("region", Text),  # JSON [left, top, right, bottom] of a register entry
    Column("uid", String(80), unique=True),  # stable record id (schemas.records.record_uid)
    Column("origin", String(8)),  # ocr | keyed (NULL in catalogs older than keying: ocr)
    Column("verified_by", String(64)),  # a checked record is kept as it is by re-runs
    Column("verified_at", String(32)),
)
fields = Table(
    "fields", metadata,
    Column("record_id", Integer, ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("value", Text),
    Column("confidence", Float, nullable=False),
    Column("raw", Text),  # the OCR reading when a normaliser corrected it
    Column("ocr_value", Text),  # what extraction gave, when a person changed the value
    Column("edited_by", String(64)),
    Column("edited_at", String(32)),
)
# People who use the web app, and what they did: every correction, check, keyed record
# and export is appended here (personal data law, Decree 13/2023), never updated.
users = Table(
    "users", metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),  # viewer | officer | admin
    Column("password_hash", Text, nullable=False),  # argon2id (app.accounts)
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)
audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False, index=True),
    Column("user", String(64), nullable=False, index=True),
    Column("action", String(16), nullable=False),  # correct verify key export user ...
    Column("record_id", String(80), index=True),
    Column("document_id", String(32)),
    Column("field", String(64)),
    Column("old", Text),
    Column("new", Text),
)
index_failures = Table(
    "index_failures", metadata,  # entries the search backend refused, kept for a retry
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("keys", Text, nullable=False),
    Column("at", String(32), nullable=False),
)
runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text, nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("ok", Integer, default=0),
    Column("failed", Integer, default=0),
)

# Batches (pipeline/batchlog.py): every page's state, so a batch resumes where it stopped.
batches = Table(
    "batches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("sources", Text, nullable=False),  # JSON list of the paths given
    Column("created_at", String(32), nullable=False),
    Column("finished_at", String(32)),
)
batch_pages = Table(
    "batch_pages", metadata,
    Column("batch_id", Integer, ForeignKey("batches.id", ondelete="CASCADE"), primary_key=True),
    Column("sha256", String(64), primary_key=True),  # the page is keyed by its scan's hash
    Column("page", Integer, primary_key=True),  # 0-based; -1: the file could not be opened
    Column("source", Text, nullable=False),
    Column("state", String(16), nullable=False, index=True),  # pending running done failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("seconds", Float),
    Column("worker", String(200)),
    Column("updated_at", String(32), nullable=False),
)


# A record a person checked or keyed: re-runs keep it (origin NULL: older catalogs, ocr).
HUMAN = or_(records.c.verified_by.is_not(None), func.coalesce(records.c.origin, "ocr") == "keyed")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _words_json(page: OcrPage) -> str:
    return json.dumps([[[w.text, w.confidence, w.box.left, w.box.top, w.box.width, w.box.height,
                         *([w.raw] if w.raw is not None else [])]
                        for w in line.words] for line in page.lines], ensure_ascii=False)


def _page_from_row(row) -> OcrPage:
    lines = tuple(Line(tuple(Word(t, c, Box(x, y, w, h), *raw) for t, c, x, y, w, h, *raw in ws))
                  for ws in json.loads(row.words))
    return OcrPage(width=row.width, height=row.height, dpi=row.dpi, lines=lines,
                   rotation=row.rotation, skew=row.skew, raw_text=row.raw_text,
                   blank=bool(row.blank))


@dataclass(frozen=True)
class ArchivedFile:
    """One file sohoa wrote into the archive, as the catalog knows it: ``path`` resolved
    against the current home, ``digest`` None for files written before fixity was kept,
    ``record_id`` None for a document's own PDF."""

    document_id: str
    path: Path
    digest: Digest | None
    record_id: str | None = None


class Catalog:
    def __init__(self, url: str, create: bool = True, home: Path | None = None) -> None:
        """Open the catalog at ``url``; a missing one is made only when ``create`` (the
        commands that digitise). Raises ``CatalogMissing`` (no catalog, ``create`` false)
        or ``CatalogDamaged`` (an empty or non-SQLite file, no ``documents`` table, a
        driver error while opening): such a file is never written to.

        ``home`` (SOHOA_HOME): archive paths under it are stored relative to it and
        resolved against it when read, so a home can be moved or restored elsewhere;
        default: a SQLite catalog's folder (where SOHOA_HOME keeps it), else none (paths
        stored as given)."""
        path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
        self.home = home if home is not None else (path.parent if path is not None else None)
        existed = path is None or path.exists()
        if path is not None and not existed:
            if not create:
                raise CatalogMissing(f"no catalog at {path}: digitise scans first "
                                     "(sohoa digitize or sohoa batch run)")
            path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            if existed:
                self._require_documents(path, create)
            self._create_tables()
            self._add_missing_columns()
        except OperationalError:  # cannot connect, locked: not the catalog's content
            self.engine.dispose()
            raise
        except DatabaseError as exc:
            self.engine.dispose()
            raise CatalogDamaged(damaged(path or url, str(exc.orig or exc))) from None

    def _require_documents(self, path: Path | None, create: bool) -> None:
        """An existing catalog must hold its documents table. A SQLite file is looked at
        read-only first (nothing is written to a file that is not a catalog); one another
        process is creating right now (younger than ``NEW_FILE_GRACE`` s) gets that long."""
        if path is None:  # PostgreSQL: an empty database is a new catalog
            if create or "documents" in inspect(self.engine).get_table_names():
                return
            raise CatalogMissing(f"no catalog in {self.engine.url.render_as_string()}: "
                                 "digitise scans first")
        deadline = time.monotonic() + NEW_FILE_GRACE
        while (problem := _sqlite_problem(path)) is not None:
            young = time.time() - path.stat().st_mtime < NEW_FILE_GRACE
            if not young or time.monotonic() > deadline:
                self.engine.dispose()
                raise CatalogDamaged(damaged(path, problem))
            time.sleep(0.05)

    def quick_check(self) -> None:
        """SQLite's ``PRAGMA quick_check`` over the whole file (~10 ms a MB, measured);
        raises ``CatalogDamaged`` with its first finding. Run before whole-catalog work
        (index check, repair, rebuild); nothing to do on PostgreSQL."""
        if self.engine.dialect.name != "sqlite":
            return
        try:
            with self.engine.connect() as c:
                found = c.execute(text("PRAGMA quick_check(1)")).scalar()
        except DatabaseError as exc:
            found = str(exc.orig or exc)
        if found != "ok":  # its first finding, without the "*** in database main ***" line
            why = " ".join(x for x in str(found).splitlines() if not x.startswith("***"))
            raise CatalogDamaged(damaged(self.engine.url.database or "", why))

    def _create_tables(self, tries: int = 5) -> None:
        """Create missing tables. Several processes may start on a new catalog at once (a
        batch and its observer, Celery workers on PostgreSQL): a table another one just
        created makes ``create_all`` fail, and the next try finds it there."""
        for attempt in range(tries):
            try:
                metadata.create_all(self.engine)
                return
            except DBAPIError as exc:
                if "exist" not in str(exc).lower() or attempt == tries - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))

    def _add_missing_columns(self) -> None:
        """Additive migration: columns added since a catalog was created (all nullable)."""
        existing = inspect(self.engine)
        with self.engine.begin() as c:
            for table in metadata.sorted_tables:
                have = {col["name"] for col in existing.get_columns(table.name)}
                for col in table.columns:
                    if col.name not in have and col.nullable:
                        kind = col.type.compile(dialect=self.engine.dialect)
                        c.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{col.name}" {kind}'))
            # Records stored before stable ids: the id an extracted record gets today.
            c.execute(update(records).where(records.c.uid.is_(None)).values(
                uid=records.c.document_id + "-" + cast(records.c.page, String) + "-"
                + cast(func.coalesce(records.c.entry, 1), String), origin="ocr"))

    def start_run(self, command: str) -> int:
        with self.engine.begin() as c:
            return c.execute(insert(runs).values(command=command, started_at=_now())
                             ).inserted_primary_key[0]

    def finish_run(self, run_id: int, ok: int, failed: int) -> None:
        with self.engine.begin() as c:
            c.execute(update(runs).where(runs.c.id == run_id)
                      .values(finished_at=_now(), ok=ok, failed=failed))

    def save(self, result: DocumentResult, run_id: int | None = None) -> None:
        """Replace what extraction wrote for the document in one transaction (idempotent).

        Records a person checked or keyed (``Record.human``) are kept as they are: a rerun,
        ``--force``, a batch finishing or a rebuild never overwrites a human value. Callers
        merge them into ``result.records`` first (``pipeline.edits.merge_human``) so the
        archive and the index carry them too; here they are simply not rewritten.
        """
        if not result.document_id or not result.sha256:
            return  # nothing to key it on: the file could not even be read
        doc_id, now = result.document_id, _now()
        with self.engine.begin() as c:
            created = c.execute(select(documents.c.created_at)
                                .where(documents.c.id == doc_id)).scalar()
            kept = set(c.execute(select(records.c.uid).where(
                records.c.document_id == doc_id, HUMAN)).scalars())
            stale = select(records.c.id).where(records.c.document_id == doc_id, ~HUMAN)
            c.execute(delete(fields).where(fields.c.record_id.in_(stale)))
            c.execute(delete(records).where(records.c.id.in_(stale)))
            c.execute(delete(pages).where(pages.c.document_id == doc_id))
            row = dict(sha256=result.sha256, source=self.stored_source(result.source),
                       status=result.status,
                       error=result.error, **self.file_columns(result.pdf),
                       page_count=len(result.pages),
                       pages_not_read=json.dumps(result.not_read) if result.not_read else None,
                       pdfa=json.dumps(result.pdfa.as_json()) if result.pdfa else None,
                       seconds=result.seconds, run_id=run_id, updated_at=now,
                       signer=result.signer)
            if created:  # updated in place: deleting it would cascade to the kept records
                c.execute(update(documents).where(documents.c.id == doc_id).values(**row))
            else:
                c.execute(insert(documents).values(id=doc_id, created_at=now, **row))
            for number, page in enumerate(result.pages, start=1):
                c.execute(insert(pages).values(
                    document_id=doc_id, number=number, text=page.text,
                    mean_confidence=page.mean_confidence, width=page.width, height=page.height,
                    dpi=page.dpi, rotation=page.rotation, skew=page.skew,
                    words=_words_json(page), raw_text=page.raw_text, blank=page.blank,
                    source_page=result.source_page(number)))
            for ordinal, rec in enumerate(assign_ids(doc_id, result.records)):
                if rec.id in kept:
                    continue
                entry = result.entries[ordinal] if ordinal < len(result.entries) else None
                insert_record(c, doc_id, ordinal, rec, entry,
                              self.file_columns(entry[0]) if entry else None)

    def document(self, document_id: str) -> DocumentResult | None:
        """A stored document with its pages and records; accepts a unique id prefix."""
        with self.engine.connect() as c:
            rows = c.execute(select(documents).where(
                documents.c.id.like(f"{document_id}%")).limit(2)).all()
            if len(rows) != 1:
                return None
            doc = rows[0]
            page_rows = c.execute(select(pages).where(pages.c.document_id == doc.id)
                                  .order_by(pages.c.number)).all()
            # one per record, in record order: None where the record has no PDF of its own
            entries = [(self.resolve(r.pdf_path), Validation(**json.loads(r.pdfa)))
                       if r.pdf_path else None
                       for r in c.execute(select(records.c.pdf_path, records.c.pdfa).where(
                           records.c.document_id == doc.id).order_by(records.c.ordinal))]
            entries = entries if any(entries) else []
            return DocumentResult(
                entries=entries,
                source=str(self.source_path(doc.source)), sha256=doc.sha256,
                document_id=doc.id, status=doc.status,
                error=doc.error, pdf=self.resolve(doc.pdf_path) if doc.pdf_path else None,
                pdfa=Validation(**json.loads(doc.pdfa)) if doc.pdfa else None,
                pages=[_page_from_row(r) for r in page_rows],
                records=self._records(c, doc.id), seconds=doc.seconds or 0.0,
                signer=doc.signer,
                source_pages=[r.source_page or r.number for r in page_rows],
                not_read=json.loads(doc.pages_not_read) if doc.pages_not_read else [])

    # -- archive paths and fixity ------------------------------------------------------
    def stored_path(self, path: Path) -> str:
        """How ``path`` is written in the catalog: relative to the home when under it."""
        if self.home is not None:
            try:
                return path.absolute().relative_to(self.home.absolute()).as_posix()
            except ValueError:
                pass
        return str(path)

    def stored_source(self, source: str | Path) -> str:
        """How a scan's path is written in the catalog: relative to the home when under
        it, else absolute with links resolved, so ``verify`` and ``verify --repair`` find
        it from any folder (before, a path typed relative was stored as typed)."""
        path = Path(source).resolve()
        if self.home is not None:
            try:
                return path.relative_to(self.home.resolve()).as_posix()
            except ValueError:
                pass
        return str(path)

    def source_path(self, stored: str) -> Path:
        """A stored scan path as a file: an absolute one as it is; a relative one joined
        to the home, or (catalogs older than absolute sources, which stored the path as
        typed) taken from the current folder when only it has the file there."""
        path = Path(stored)
        if path.is_absolute():
            return path
        in_home = (self.home or Path.cwd()) / path
        return path.absolute() if not in_home.exists() and path.exists() else in_home

    def resolve(self, stored: str) -> Path:
        """A stored archive path as a file under the current home. A relative one is
        joined to the home; an absolute one (catalogs older than relative paths) is taken
        as it is, or, when it no longer exists (the home was moved), as the file of that
        name in the home's ``archive/``."""
        path = Path(stored)
        if not path.is_absolute():
            return (self.home or Path.cwd()) / path
        if self.home is not None and path.parent.name == "archive" and not path.exists():
            moved = self.home / "archive" / path.name
            if moved.exists():
                return moved
        return path

    def file_columns(self, path: Path | None) -> dict:
        """``pdf_path``, ``pdf_sha256`` and ``pdf_size`` of a file sohoa just wrote."""
        if path is None:
            return {"pdf_path": None, "pdf_sha256": None, "pdf_size": None}
        try:
            d: Digest | None = digest(path)
        except OSError:
            d = None
        return {"pdf_path": self.stored_path(path), "pdf_sha256": d.sha256 if d else None,
                "pdf_size": d.size if d else None}

    def record_written(self, path: Path) -> None:
        """After sohoa rewrote an archived file in place (a correction's XMP, a signature):
        its new digest in the rows that name it."""
        cols = self.file_columns(path)
        with self.engine.begin() as c:
            for table in (documents, records):
                c.execute(update(table).where(table.c.pdf_path.in_(
                    {cols["pdf_path"], str(path)})).values(**cols))

    def archived_files(self, document_id: str | None = None) -> list[ArchivedFile]:
        """Every file the catalog says sohoa archived (or those of one document): each
        document's PDF, then its records' own PDFs, in document id order."""
        where_d = [documents.c.pdf_path.is_not(None)]
        where_r = [records.c.pdf_path.is_not(None)]
        if document_id is not None:
            where_d.append(documents.c.id == document_id)
            where_r.append(records.c.document_id == document_id)
        with self.engine.connect() as c:
            docs = c.execute(select(documents.c.id, documents.c.pdf_path, documents.c.pdf_sha256,
                                    documents.c.pdf_size).where(*where_d)).all()
            recs = c.execute(select(records.c.document_id, records.c.pdf_path,
                                    records.c.pdf_sha256, records.c.pdf_size, records.c.uid)
                             .where(*where_r).order_by(records.c.ordinal)).all()
        found = [ArchivedFile(r[0], self.resolve(r[1]), _digest(r[2], r[3]),
                              r[4] if len(r) > 4 else None) for r in [*docs, *recs]]
        return sorted(found, key=lambda f: (f.document_id, f.record_id is not None))

    def _records(self, c, document_id: str) -> list[Record]:
        return records_where(c, records.c.document_id == document_id)

    def iter_documents(self, statuses: tuple[str, ...] = READABLE, after: str = "",
                       page: int = 500) -> Iterator[DocumentResult]:
        """Stored documents with one of ``statuses`` (default: those with records, ok and
        incomplete) in id order, after ``after``; memory holds one page of ids."""
        while True:
            with self.engine.connect() as c:
                ids = c.execute(select(documents.c.id).where(
                    documents.c.status.in_(statuses), documents.c.id > after)
                    .order_by(documents.c.id).limit(page)).scalars().all()
            for document_id in ids:
                doc = self.document(document_id)
                if doc:
                    yield doc
            if len(ids) < page:
                return
            after = ids[-1]

    def index_entry_counts(self) -> dict[str, int]:
        """Entries each ok or incomplete document should have in the index: its records,
        else its pages."""
        with self.engine.connect() as c:
            recs = dict(c.execute(select(records.c.document_id, func.count())
                                  .group_by(records.c.document_id)).all())
            docs = c.execute(select(documents.c.id, documents.c.page_count)
                             .where(documents.c.status.in_(READABLE))).all()
        return {d.id: recs.get(d.id) or d.page_count for d in docs}

    def set_signer(self, document_id: str, signer: str) -> None:
        """The subject of the certificate that signed the document's files last."""
        with self.engine.begin() as c:
            c.execute(update(documents).where(documents.c.id == document_id)
                      .values(signer=signer))

    def set_index_failures(self, document_id: str, keys: list[str]) -> None:
        with self.engine.begin() as c:
            c.execute(delete(index_failures).where(index_failures.c.document_id == document_id))
            if keys:
                c.execute(insert(index_failures).values(document_id=document_id,
                                                        keys=json.dumps(keys), at=_now()))

    def index_failures(self) -> list[str]:
        with self.engine.connect() as c:
            return list(c.execute(select(index_failures.c.document_id)).scalars())

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as c:
            by_status = dict(c.execute(select(documents.c.status, func.count())
                                       .group_by(documents.c.status)).all())
            n_records = c.execute(select(func.count()).select_from(records)).scalar() or 0
        return {"documents_ok": by_status.get("ok", 0), "documents_failed":
                by_status.get("failed", 0), "documents_incomplete":
                by_status.get("incomplete", 0), "records": n_records}

    def last_change(self) -> str:
        """A stamp that changes when a document is saved or a record edited: documents and
        their last update (to the second), the newest record row (a save writes its
        records anew) and audit row (every edit). A saved rebuild state whose stamp differs
        is stale. Not seen: a save, in the second of the last one, of the document holding
        the newest record row (SQLite may give its new row the same id)."""
        with self.engine.connect() as c:
            n, at = c.execute(select(func.count(), func.max(documents.c.updated_at))).one()
            row = c.execute(select(func.max(records.c.id))).scalar()
            edit = c.execute(select(func.max(audit.c.id))).scalar()
        return f"{n}/{at}/{row}/{edit}"


def assign_ids(document_id: str, recs: list[Record],
               source_pages: list[int] | None = None) -> list[Record]:
    """Records with their stable ids: ``<document>-<page>-<entry>``, a suffix on a clash;
    ``<page>`` the scan's page (``source_pages[archive page - 1]``, default the archive
    page), so an id stays the same when an earlier page is read on one run, not another."""
    seen: set[str] = set()
    out = []
    pages = source_pages or []
    for rec in recs:
        page = pages[rec.page - 1] if 0 < rec.page <= len(pages) else rec.page
        uid = rec.id or record_uid(document_id, page, rec.entry)
        base, n = uid, 1
        while uid in seen:
            n += 1
            uid = f"{base}.{n}"
        seen.add(uid)
        out.append(rec if uid == rec.id else rec.model_copy(update={"id": uid}))
    return out


def _digest(sha256: str | None, size: int | None) -> Digest | None:
    return Digest(sha256, size) if sha256 and size is not None else None


def insert_record(c, document_id: str, ordinal: int, rec: Record,
                  entry: tuple[Path, Validation] | None = None,
                  file: dict | None = None) -> int:
    """One record row and its fields; returns the row id. ``file``: the entry PDF's
    columns (``Catalog.file_columns``), else its path is stored as given."""
    rid = c.execute(insert(records).values(
        document_id=document_id, ordinal=ordinal, page=rec.page, uid=rec.id,
        type=rec.type.value, needs_review=rec.needs_review, entry=rec.entry,
        layout=rec.layout, region=json.dumps(rec.region) if rec.region else None,
        review_reasons=json.dumps(rec.review_reasons, ensure_ascii=False),
        **(file or {"pdf_path": str(entry[0]) if entry else None}),
        pdfa=json.dumps(entry[1].as_json()) if entry else None,
        origin=rec.origin, verified_by=rec.verified_by, verified_at=rec.verified_at,
    )).inserted_primary_key[0]
    if rec.fields:
        c.execute(insert(fields), [
            {"record_id": rid, "key": k, **v.model_dump()} for k, v in rec.fields.items()])
    return rid


def records_where(c, *where) -> list[Record]:
    """Records matching ``where`` (SQLAlchemy clauses on ``records``), in ordinal order."""
    rows = c.execute(select(records).where(*where)
                     .order_by(records.c.document_id, records.c.ordinal)).all()
    if not rows:
        return []
    by_row: dict[int, dict[str, FieldValue]] = {r.id: {} for r in rows}
    for f in c.execute(select(fields).where(fields.c.record_id.in_(list(by_row)))).all():
        by_row[f.record_id][f.key] = FieldValue(
            value=f.value, confidence=f.confidence, raw=f.raw, ocr_value=f.ocr_value,
            edited_by=f.edited_by, edited_at=f.edited_at)
    return [Record(id=r.uid or record_uid(r.document_id, r.page, r.entry or 1),
                   type=RecordType(r.type), page=r.page, fields=by_row[r.id],
                   entry=r.entry or 1, layout=r.layout or "certificate",
                   region=tuple(json.loads(r.region)) if r.region else None,
                   needs_review=r.needs_review, review_reasons=json.loads(r.review_reasons),
                   origin=r.origin or "ocr", verified_by=r.verified_by,
                   verified_at=r.verified_at)
            for r in rows]


def _sqlite_problem(path: Path) -> str | None:
    """What keeps the SQLite file at ``path`` from being a catalog, or None; read-only."""
    if path.stat().st_size == 0:
        return "the file is empty (0 bytes)"
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            names = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if "documents" in names else "it has no documents table"


def damaged(where: Path | str, why: str) -> str:
    """The one message for a damaged catalog: where, what was found, what to do."""
    why = why.strip().splitlines()[0] if why.strip() else "unreadable"
    what = f"catalog {where}" if str(where) else "the catalog"
    return f"{what} is damaged: {why}; restore it from backup (sohoa leaves it as it is)"


NEW_FILE_GRACE = 3.0  # seconds a new catalog file may lack its tables (another process)
WAL_TRIES = 40  # 50 ms apart: two seconds for the processes opening a new catalog


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # Wait for a writer for up to 30 s, not sqlite3's 5: on a loaded machine a process
    # holding the lock may not run for seconds ('database is locked' in CI).
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL (readers such as search do not block a batch) stays set in the file. Switching
    # takes an exclusive lock, and SQLite refuses at once, without waiting, when other
    # connections opening the new file hold a shared one: several processes starting on
    # a new catalog together failed so ('database is locked'); the loser tries again.
    for attempt in range(WAL_TRIES):
        try:
            if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.05)
    cur.close()
