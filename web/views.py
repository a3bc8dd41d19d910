"""Plain data for templates and API answers, built from the application layer's views."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from index.base import InvalidQuery, SearchQuery
from schemas.records import FIELDS, PRIMARY_NAMES, RecordType

SUMMARY_KEYS = ("date_of_birth", "death_datetime", "registration_date", "registration_place",
                "book_number")
FILTERS = ("type", "place", "year", "book", "born_from", "born_to")
RECORD_TYPES = {"birth": "Khai sinh", "death": "Khai tử", "marriage": "Kết hôn",
                "marital_status": "Tình trạng hôn nhân", "decision": "Quyết định",
                "unknown": "Không rõ"}
KEYABLE = [t.value for t in FIELDS]
# Deeper pages re-rank 3 x (offset + limit) candidates (1.5 s at 4,000 on 100,000 records):
# past this, narrow the query with filters instead.
MAX_OFFSET = 1000


class BadFilter(ValueError):
    """A filter value that cannot be read (a year that is not a number, a bad date)."""


def _date(value: str | None, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"{label}: ngày không hợp lệ {value!r} (YYYY-MM-DD)") from None


def search_query(params: dict[str, str], *, limit: int = 20, offset: int = 0,
                 ui: bool = False) -> SearchQuery:
    """The same query rules as ``sohoa search``; ``ui`` adds facets, totals and highlights."""
    year = params.get("year") or None
    if year and not year.isdigit():
        raise BadFilter(f"năm đăng ký phải là số (year must be a number): {year!r}")
    record_type = params.get("type") or None
    if record_type and record_type not in RECORD_TYPES:
        raise BadFilter(f"loại hồ sơ không rõ (unknown type): {record_type!r}")
    try:  # the query's own ranges (dates and years the index can filter on, paging)
        return SearchQuery(
            text=params.get("q", ""), record_type=record_type,
            born_from=_date(params.get("born_from"), "sinh từ"),
            born_to=_date(params.get("born_to"), "sinh đến"),
            registration_year=int(year) if year else None, commune=params.get("place") or None,
            book_number=params.get("book") or None, limit=limit, offset=offset,
            facets=ui, count=True, highlight=ui)
    except InvalidQuery as exc:
        raise BadFilter(str(exc)) from None


def has_filter(params: dict[str, str]) -> bool:
    return any(params.get(k) for k in FILTERS)


def hit_view(hit) -> dict[str, Any]:
    """One search hit for the results page: who, then dates and registry, highlighted."""
    def shown(keys) -> list[str]:
        return [hit.highlights.get(k) or v for k in keys if (v := hit.fields.get(k))]
    return {"record_id": hit.key, "document_id": hit.document_id, "type": hit.record_type,
            "type_label": RECORD_TYPES.get(hit.record_type, hit.record_type),
            "who": " & ".join(shown(PRIMARY_NAMES)) or "—", "details": shown(SUMMARY_KEYS),
            "source": hit.source, "score": hit.score}


def hit_json(hit) -> dict[str, Any]:
    return {"record_id": hit.key, "document_id": hit.document_id, "type": hit.record_type,
            "page": hit.page, "entry": hit.entry, "fields": hit.fields,
            "score": round(hit.score, 4), "source": hit.source}


def plain(item: Any) -> Any:
    """A dataclass (queue item, audit entry) as JSON-ready data."""
    if hasattr(item, "as_json"):
        return item.as_json()
    if dataclasses.is_dataclass(item):
        return dataclasses.asdict(item)
    return dict(vars(item))


def box_percent(box, page) -> str | None:
    """A pixel box as "left top width height" in percent of the page, so overlays scale with
    the image at every zoom."""
    if box is None or not page or not page.width or not page.height:
        return None
    return " ".join(f"{v:.3f}" for v in (100 * box.left / page.width, 100 * box.top / page.height,
                                         100 * box.width / page.width,
                                         100 * box.height / page.height))


def field_rows(service, view, page, threshold: float) -> list[dict[str, Any]]:
    """A record's fields in form order with label, value, confidence, OCR value beside a
    human one, and the box of the value on its page (for the outline on click)."""
    fields = view.record.fields
    keys = list(view.labels) + [k for k in fields if k not in view.labels]
    rows = []
    for key in keys:
        fv = fields.get(key)
        value = fv.value if fv else None
        box = service.field_box(view, key, page) if (value and page is not None) else None
        confidence = fv.confidence if fv else None
        rows.append({
            "key": key, "label": view.labels.get(key, key), "value": value,
            "confidence": confidence,
            "low": confidence is not None and value is not None and confidence < threshold,
            "ocr_value": getattr(fv, "ocr_value", None) if fv else None,
            "edited_by": getattr(fv, "edited_by", None) if fv else None,
            "raw": fv.raw if fv else None, "box": box_percent(box, page)})
    return rows


def word_boxes(page) -> list[dict[str, Any]]:
    """Every OCR word of a page, positioned in percent, for the transparent overlay."""
    return [{"text": w.text, "conf": w.confidence, "box": box_percent(w.box, page)}
            for w in page.words]


def type_fields(record_type: str) -> dict[str, str]:
    """key -> Vietnamese label, in form order, of a type that can be keyed."""
    return FIELDS[RecordType(record_type)]


def form_fields(form, keys) -> dict[str, str | None]:
    """Values posted as ``f_<key>``; an empty box means no value. Text areas post CRLF
    line ends: back to LF, as stored."""
    return {k: str(form.get(f"f_{k}") or "").replace("\r\n", "\n").strip() or None
            for k in keys if f"f_{k}" in form}
