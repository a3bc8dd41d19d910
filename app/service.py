"""The application: the use-cases the CLI and the web app share.

``Sohoa(settings)`` opens only what a use needs (the catalog for a record, the index for
a search), lazily, and raises the typed errors of ``app.errors``, which each face maps
to what it speaks: exit codes for the CLI, HTTP statuses for the web. Nothing here prints
or knows of HTTP.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app import accounts
from app.accounts import User
from app.errors import Forbidden, InvalidInput, NotFound, Unavailable
from app.records import check_values, edited_record, keyed_record
from index.base import SearchIndex, SearchQuery, SearchResult
from ocr.models import Box, OcrPage
from pipeline import browse, edits
from pipeline.browse import DocumentSummary
from pipeline.catalog import Catalog
from pipeline.edits import AuditEntry, QueueItem
from pipeline.errors import CatalogDamaged, CatalogMissing
from pipeline.export import ExportFilter
from pipeline.fixity import Report as FixityReport
from pipeline.models import DocumentResult
from pipeline.settings import Settings
from pipeline.sign_archive import SignOutcome
from pipeline.signing import SignerConfig
from schemas.records import FIELDS, Record


@dataclass
class RecordView:
    """A record with where it lives: what the record page and the API show."""

    record: Record
    document_id: str
    source: str

    @property
    def record_id(self) -> str:
        assert self.record.id
        return self.record.id

    @property
    def labels(self) -> dict[str, str]:
        """Key -> the form's printed label, in form order (keyed extras last)."""
        printed = FIELDS.get(self.record.type, {})
        return printed | {k: k for k in self.record.fields if k not in printed}

    def as_json(self) -> dict:
        r = self.record
        labels = self.labels
        return {"record_id": self.record_id, "document_id": self.document_id,
                "source": self.source, "type": r.type.value, "page": r.page, "entry": r.entry,
                "layout": r.layout, "origin": r.origin, "needs_review": r.needs_review,
                "review_reasons": r.review_reasons, "verified_by": r.verified_by,
                "verified_at": r.verified_at,
                "fields": {k: {**r.fields[k].model_dump(), "label": labels[k]}
                           for k in labels if k in r.fields}}


@dataclass
class DocumentView:
    document_id: str
    source: str
    status: str
    pages: list[OcrPage]
    records: list[RecordView]
    pdf: Path | None
    result: DocumentResult  # the stored document as the pipeline returns it (--json shape)
    entry_pdfs: dict[str, Path] = field(default_factory=dict)  # record id -> its own PDF/A


@dataclass(frozen=True)
class Deletion:
    """A document's erasure, planned: what goes (the source scan stays where it is)."""

    document_id: str
    source: str
    records: int
    files: list[Path]


class Sohoa:
    """One per process (the web app shares it between requests: it is thread-safe)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._catalog: Catalog | None = None
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()  # one writer of records, archive and index at a time
        self._opening = threading.Lock()  # one opening of the catalog and of the index

    # -- what a use opens -------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """The catalog, which must exist: ``NotFound`` when there is none yet (reading
        never makes an empty one), ``Unavailable`` when it is damaged or cannot open."""
        return self._open_catalog(create=False)

    def _open_catalog(self, create: bool) -> Catalog:
        if self._catalog is None:
            with self._opening:  # the web's first requests come on several threads at once
                if self._catalog is None:
                    try:
                        self._catalog = Catalog(self.settings.catalog_url, create=create,
                                                home=self.settings.home)
                    except CatalogMissing as exc:
                        raise NotFound(str(exc)) from None
                    except CatalogDamaged as exc:
                        raise Unavailable(str(exc)) from None
                    except Exception as exc:  # noqa: BLE001 - any driver error: say what, where
                        raise Unavailable(f"cannot open the catalog ({_shown(self.settings)}): "
                                          f"{_first_line(exc)}") from exc
        return self._catalog

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            from index import open_index

            with self._opening:
                if self._index is None:
                    try:
                        self._index = open_index(self.settings)
                    except Exception as exc:  # noqa: BLE001
                        raise Unavailable(f"cannot open the search index: {exc}") from exc
        return self._index

    # -- accounts ---------------------------------------------------------------------
    def authenticate(self, name: str, password: str) -> User:
        return accounts.authenticate(self.catalog, name, password)

    def add_user(self, name: str, role: str, password: str) -> User:
        """The first user may come before any scan: this makes the catalog if need be."""
        user = accounts.add_user(self._open_catalog(create=True), name, role, password)
        edits.append_audit(self.catalog, [AuditEntry(user="cli", at=edits.now(), action="user",
                                                     field="add", new=f"{name} ({role})")])
        return user

    def list_users(self) -> list[User]:
        return accounts.list_users(self.catalog)

    def get_user(self, name: str) -> User:
        return accounts.get_user(self.catalog, name)

    def set_user(self, name: str, *, password: str | None = None, disabled: bool | None = None,
                 role: str | None = None) -> User:
        user = accounts.set_user(self.catalog, name, password=password, disabled=disabled,
                                 role=role)
        what = ", ".join(k for k, v in (("password", password), ("disabled", disabled),
                                        ("role", role)) if v is not None)
        edits.append_audit(self.catalog, [AuditEntry(user="cli", at=edits.now(), action="user",
                                                     field=what, new=name)])
        return user

    # -- reading ----------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        """Hits of ``query``. No hits from an index that holds nothing while the catalog
        has documents (a deleted or emptied index) is no answer: ``Unavailable``, saying to
        rebuild it. No catalog: ``NotFound``; a damaged one: ``Unavailable``."""
        from index.elastic import BackendError

        catalog = self.catalog  # a missing or damaged catalog is said first, whatever the index
        try:
            result = self.index.search(query)
            empty = not result.hits and not self.index.count()
        except BackendError as exc:
            raise Unavailable(str(exc)) from exc
        counts = catalog.counts() if empty else {}
        held = counts.get("documents_ok", 0) + counts.get("documents_incomplete", 0)
        if held:
            raise Unavailable(f"the index holds 0 records but the catalog has {held} "
                              "document(s): run `sohoa index rebuild`")
        return self._for_people(result)

    def _for_people(self, result: SearchResult) -> SearchResult:
        """Each hit with the PDF that holds it (its own entry PDF, else its document's) and
        commune facets spelled with their marks (the index keeps them folded)."""
        from dataclasses import replace

        from schemas.places import commune_display

        files: dict[str, tuple[dict[str, Path], Path | None]] = {}
        hits = []
        for h in result.hits:
            if h.document_id not in files:
                files[h.document_id] = (edits.entry_pdfs(self.catalog, h.document_id),
                                        edits.document_pdf(self.catalog, h.document_id))
            own, whole = files[h.document_id]
            pdf = own.get(h.key) or whole
            hits.append(replace(h, pdf=str(pdf) if pdf else None))
        facets = dict(result.facets)
        if "commune" in facets:
            facets["commune"] = {commune_display(k): n for k, n in facets["commune"].items()}
        return replace(result, hits=hits, facets=facets)

    def document(self, document_id: str) -> DocumentView:
        doc = self.catalog.document(document_id)
        if doc is None or doc.document_id is None:
            raise NotFound(f"no document {document_id!r} (a document id or a unique prefix)")
        return DocumentView(
            document_id=doc.document_id, source=doc.source, status=doc.status, pages=doc.pages,
            records=[RecordView(r, doc.document_id, doc.source) for r in doc.records],
            pdf=doc.pdf, result=doc, entry_pdfs=edits.entry_pdfs(self.catalog, doc.document_id))

    def record(self, record_id: str) -> RecordView:
        found = edits.find_record(self.catalog, record_id)
        if found is None:
            raise NotFound(f"no record {record_id!r}")
        document_id, record = found
        return RecordView(record, document_id, edits.document_source(self.catalog, document_id))

    def pdf_file(self, document_id: str, record_id: str | None = None) -> Path:
        view = self.document(document_id)
        path = view.entry_pdfs.get(record_id) if record_id else view.pdf
        if path is None or not path.exists():
            raise NotFound("no archived PDF for " + (record_id or document_id))
        return path

    def page_png(self, document_id: str, page: int, width: int = 1200) -> bytes:
        """Page ``page`` (1-based) of the archived PDF/A as PNG, ``width`` pixels wide
        (200-3000), rendered by poppler and cached under SOHOA_HOME/cache (0600)."""
        from app.pages import render_page

        return render_page(self.pdf_file(document_id), page, width,
                           self.settings.home / "cache" / "pages", document_id)

    def field_box(self, view: RecordView, key: str, page: OcrPage) -> Box | None:
        """Where the field's value is printed on its page, if it can be found there."""
        from app.boxes import locate

        value = view.record.fields.get(key)
        text = value and (value.ocr_value or value.raw or value.value)
        return locate(text, page, view.record.region) if text else None

    def review_queue(self, *, record_type: str | None = None, book: str | None = None,
                     batch: str | None = None, reason: str | None = None, limit: int = 50,
                     offset: int = 0) -> list[QueueItem]:
        return edits.review_queue(self.catalog, record_type=record_type, book=book, batch=batch,
                                  reason=reason, limit=limit, offset=offset)

    def audit(self, *, record_id: str | None = None, user_name: str | None = None,
              limit: int = 100, offset: int = 0) -> list[AuditEntry]:
        return edits.audit_entries(self.catalog, record_id=record_id, user=user_name,
                                   limit=limit, offset=offset)

    # -- changes (each audited) --------------------------------------------------------
    def correct(self, user: User, record_id: str, values: dict[str, str | None],
                verified: bool = True) -> RecordView:
        """Set field values by hand (normalised and validated as extraction does; an
        invalid value raises ``InvalidInput`` with the reasons), keep the OCR values
        beside them, mark the record checked by ``user`` (unless ``verified`` is false),
        and bring the index and the archived file's XMP up to date."""
        _require(user, "verify" if not values else "correct")
        with self._lock:
            view = self.record(record_id)
            record, trail = edited_record(view.record, values, user.name, verified)
            if trail:
                trail = [AuditEntry(**{**t.as_json(), "document_id": view.document_id})
                         for t in trail]
                edits.save_record(self.catalog, view.document_id, record, trail)
                self._publish(view.document_id)
            return self.record(record_id)

    def verify(self, user: User, record_id: str) -> RecordView:
        return self.correct(user, record_id, {}, verified=True)

    def key_record(self, user: User, document_id: str, page: int, record_type: str,
                   values: dict[str, str | None], entry: int | None = None) -> RecordView:
        """A record keyed by a person while looking at the page (handwritten books,
        layouts extraction missed): validated like a correction, checked by ``user``."""
        _require(user, "key")
        with self._lock:
            view = self.document(document_id)
            if not 1 <= page <= len(view.pages):
                raise NotFound(f"document {document_id} has no page {page}")
            check_values(record_type, values)
            record_id = edits.next_keyed_id(self.catalog, view.document_id, page)
            record, trail = keyed_record(record_id, record_type, page, entry, values, user.name)
            trail = [AuditEntry(**{**t.as_json(), "document_id": view.document_id})
                     for t in trail]
            edits.save_record(self.catalog, view.document_id, record, trail)
            self._publish(view.document_id)
            return self.record(record_id)

    def export(self, target: Path, fmt: str, keep: ExportFilter | None = None,
               labels: str = "keys", *, actor: str) -> int:
        """One row per kept record into ``target`` (csv, xlsx, jsonl), headers as keys or
        Vietnamese labels; audited as an export."""
        from pipeline.export import export

        count = export(self.catalog, target, fmt, keep, labels)
        edits.append_audit(self.catalog, [AuditEntry(
            user=actor, at=edits.now(), action="export", field=fmt,
            new=f"{count} records to {target.name}")])
        return count

    def documents(self, status: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[list[DocumentSummary], int]:
        """Catalogued documents, newest first, and their number (``sohoa list``)."""
        return browse.document_summaries(self.catalog, status, limit, offset)

    def record_rows(self, keep: ExportFilter, limit: int = 50, offset: int = 0) -> list[dict]:
        """Records as export rows, filtered like search and export (``sohoa list --records``)."""
        from itertools import islice

        from pipeline.export import rows

        return list(islice(rows(self.catalog, keep), offset, offset + limit))

    def deletion(self, document_id: str) -> Deletion:
        """What ``delete`` would remove: nothing is touched yet (shown before confirming)."""
        doc = self.catalog.document(document_id)
        if doc is None or doc.document_id is None:
            raise NotFound(f"no document {document_id!r} (a document id or a unique prefix)")
        archive = self.settings.archive_dir.resolve()
        written = [p for p in [doc.pdf, *(e[0] for e in doc.entries if e)] if p is not None]
        cache = self.settings.home / "cache" / "pages"
        files = [p for p in written if p.resolve().is_relative_to(archive)]
        files += sorted(cache.glob(f"{doc.document_id}-*.png")) if cache.is_dir() else []
        return Deletion(doc.document_id, doc.source, len(doc.records), files)

    def delete(self, plan: Deletion, *, actor: str) -> int:
        """Erase a document: index entries first (a busy index refuses and nothing is lost),
        then its catalog rows with an audit line, then the files sohoa wrote for it (archive
        PDF/A, entry PDFs, rendered pages). The source scan is never touched. Returns the
        number of files removed."""
        from index.elastic import BackendError

        try:
            failed = self.index.upsert([], document_ids=[plan.document_id])
        except (BackendError, ValueError, OSError) as exc:
            raise Unavailable(f"the index refused the deletion: {exc}") from exc
        if failed:
            raise Unavailable(f"the index refused the deletion of {len(failed)} entries")
        records = browse.delete_document(self.catalog, plan.document_id)
        edits.append_audit(self.catalog, [AuditEntry(
            user=actor, at=edits.now(), action="delete", document_id=plan.document_id,
            new=f"{records} records, {len(plan.files)} files")])
        removed = 0
        for path in plan.files:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
        return removed

    # -- fixity -------------------------------------------------------------------------
    def check_fixity(self, *, repair: bool = False, sources: bool = True,
                     progress: Callable[[str, int], None] | None = None,
                     trust: list[Path] | None = None,
                     require_signature: bool = False) -> FixityReport:
        """Archive files, sources still present and the index against the catalog
        (``pipeline.fixity``). With ``repair``: what can be re-created is (damaged archive
        files digitised again from their unchanged source, the index re-indexed), then
        everything is checked again; the report's ``found`` holds what was found first.
        Signatures are validated (``trust``: certificate files a signer must chain to;
        ``require_signature``: every file signed). ``NotFound`` with no catalog,
        ``Unavailable`` with a damaged one, ``InvalidInput`` for a trust file that is not
        there."""
        from pipeline import fixity

        missing = [str(p) for p in trust or [] if not p.is_file()]
        if missing:
            raise InvalidInput(f"no trust certificate file {', '.join(missing)}")

        def scope() -> fixity.Scope:
            return fixity.scope_of(self.catalog, self.settings, self._index_or_none(),
                                   check_sources=sources, trust=trust,
                                   require_signature=require_signature)

        with self._lock:
            try:
                report = fixity.verify(scope(), progress=progress)
                if not repair or not report.problems:
                    return report
                done = fixity.repair(report, scope())
                after = fixity.verify(scope(), progress=progress)
            except CatalogDamaged as exc:
                raise Unavailable(str(exc)) from None
            after.found, after.repaired = report.problems, done
            return after

    def sign_archive(self, document_ids: list[str] | None = None, *, again: bool = False
                     ) -> Iterator[SignOutcome]:
        """Sign what is already archived with the configured key (``SOHOA_SIGN`` /
        ``--sign``), without reading the scans again (``pipeline.sign_archive``): one
        outcome per document. ``InvalidInput`` when no key is configured, ``NotFound``
        with no catalog; a full disk raises ``WriteFailed`` (the caller stops)."""
        from pipeline.sign_archive import sign_archive

        config = SignerConfig.from_settings(self.settings)
        if config is None:
            raise InvalidInput("no key to sign with: give --sign office.p12 (or pkcs11 for "
                               "a token), or set SOHOA_SIGN")
        catalog = self.catalog
        with self._lock:
            yield from sign_archive(catalog, config, document_ids, again=again)

    def _index_or_none(self) -> SearchIndex | None:
        """The index, or None when it cannot be opened (verify then says so)."""
        try:
            return self.index
        except Unavailable:
            return None

    def _publish(self, document_id: str) -> None:
        """After a change: the index entries and the archived files' XMP from the catalog."""
        from app.records import publish

        doc = self.catalog.document(document_id)
        if doc is not None:
            publish(doc, self.catalog, self.index, self.settings.pdfa,
                    SignerConfig.from_settings(self.settings))


def _shown(settings: Settings) -> str:
    """The catalog's URL for a message: no password."""
    from sqlalchemy.engine import make_url

    return make_url(settings.catalog_url).render_as_string(hide_password=True)


def _first_line(exc: Exception) -> str:
    """A driver error's own first line (not SQLAlchemy's wrapper and background link)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _require(user: User, action: str) -> None:
    if not accounts.can(user, action):
        raise Forbidden(f"{user.name} ({user.role}) may not {action} records")
