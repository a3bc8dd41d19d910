"""One reader per layout: certificates, the two-column marriage certificate, Decree 30
documents, and register pages (labelled blocks, ruled tables) with several entries.

Each reader takes a page's visual lines and returns raw values per record; ``finish``
normalises and validates them.
"""

from __future__ import annotations

import re

from ocr.models import Line, OcrPage
from ocr.text import fold_lower
from pipeline.extract import labels as L
from pipeline.extract.anchor import Raw, column, read_labelled, span_confidence
from pipeline.extract.blocks import read_blocks
from pipeline.extract.entries import Entry
from pipeline.extract.signer import find_signer, read_signer
from pipeline.extract.tables import read_tables
from schemas.normalize import DOCUMENT_TYPES
from schemas.records import FIELDS, RecordType

CERTIFICATE_LABELS = {RecordType.birth: L.BIRTH, RecordType.death: L.DEATH,
                      RecordType.marital_status: L.MARITAL_STATUS}
_PLACE_DATE = re.compile(r"^(.*?),?\s*ngay\s*\d{1,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}")

_TYPE_NAMES = {fold_lower(t): t for t in DOCUMENT_TYPES.values()}


def _keys(kind: RecordType) -> set[str]:
    return set(FIELDS[kind])


def _title_index(lines: list[Line], pattern: str) -> int:
    return next((i for i, line in enumerate(lines) if re.search(pattern, fold_lower(line.text))), 0)


def read_certificate(page: OcrPage, kind: RecordType) -> dict[str, Raw]:
    """Label anchoring top to bottom, then the signer block. A two-column head (authority |
    motto, number | place and date) is split at the page centre first."""
    lines = list(page.lines)
    raw: dict[str, Raw] = {}
    if kind is RecordType.marital_status:
        title = _title_index(lines, r"tinh trang hon nhan")
        head, lines = lines[:title], lines[title:]
        raw |= _place_date(column(head, page.width / 2, "right"))
        raw |= read_labelled(column(head, page.width / 2, "left"), L.MARITAL_STATUS,
                             {"registration_number"}, stop=None)[0]
    found, signer_at = read_labelled(lines, CERTIFICATE_LABELS[kind], _keys(kind))
    raw |= _dated_by_place_line(found, lines[:signer_at + 1], _keys(kind))
    return raw | found | _signer(lines, signer_at, CERTIFICATE_LABELS[kind], page.width / 2)


def _dated_by_place_line(found: dict[str, Raw], lines: list[Line], keys: set[str]
                         ) -> dict[str, Raw]:
    """A form that prints no "Ngày, tháng, năm đăng ký" line dates itself above the signer
    ("Thanh Phong, ngày 05 tháng 3 năm 2024"). That date may be a copy's issue date, not
    the registration's, so it is taken with a review reason."""
    if "registration_date" not in keys or "registration_date" in found:
        return {}
    dated = _place_date(lines)
    if not dated:
        return {}
    return {"registration_date": dated["issue_date"],
            "!registration_date: read from the place-and-date line above the signer": Raw("", 0)}


def _signer(lines: list[Line], signer_at: int, labels: L.Labels, mid: float) -> dict[str, Raw]:
    """Under the "NGƯỜI KÝ ..." heading; without one, from the first title line under the
    last labelled line (TM./KT. blocks of pages that print no heading)."""
    if signer_at < len(lines):
        return read_signer(lines[signer_at + 1:])
    last = max((i for i, line in enumerate(lines)
                if L.find_labels(fold_lower(line.text), labels)), default=-1)
    return find_signer(lines, last + 1, mid)


def _place_date(lines: list[Line]) -> dict[str, Raw]:
    for line in lines:
        m = _PLACE_DATE.search(fold_lower(line.text))
        if m:
            place = line.text[:len(m.group(1))].strip(" ,")
            return {"issue_date": Raw(line.text, line.confidence),
                    "place": Raw(place, span_confidence(line, 0, len(place)))}
    return {}


def read_marriage(page: OcrPage) -> dict[str, Raw]:
    """Head and foot read across the page; from the first row that holds a name label in
    both columns down to the place of registration, each column is read on its own
    (husband left, wife right). The CHỒNG | VỢ headers are not relied on: OCR misreads
    them ("CHỒNG lá")."""
    lines = list(page.lines)
    folded = [fold_lower(line.text) for line in lines]
    top = next((i for i, f in enumerate(folded)
                if sum(k == "{who}full_name" for _, _, k in L.find_labels(f, L.MARRIAGE)) >= 2),
               None)
    bottom = next((i for i, f in enumerate(folded) if "noi dang ky ket hon" in f), len(lines))
    keys = _keys(RecordType.marriage)
    if top is None:  # no two columns found: read the page as one column
        raw, signer_at = read_labelled(lines, L.MARRIAGE, keys, who="husband_")
        return raw | _signer(lines, signer_at, L.MARRIAGE, page.width / 2)
    head = [line for line, f in zip(lines[:top], folded[:top], strict=True)
            if not re.match(r"^\W*chong\b", f)]  # the column headers
    raw = read_labelled(head, L.MARRIAGE, keys, stop=None)[0]
    middle = lines[top:bottom]
    for side, who in (("left", "husband_"), ("right", "wife_")):
        raw |= read_labelled(column(middle, page.width / 2, side), L.MARRIAGE, keys, who=who,
                             stop=None)[0]
    foot, signer_at = read_labelled(lines[bottom:], L.MARRIAGE, keys)
    raw |= _dated_by_place_line(raw | foot, lines[bottom:bottom + signer_at + 1], keys)
    return raw | foot | _signer(lines[bottom:], signer_at, L.MARRIAGE, page.width / 2)


def read_decision(page: OcrPage) -> dict[str, Raw]:
    """Decree 30 layout: authority and number top left, place and date top right, the type
    name and summary centred, recipients bottom left and the signer bottom right."""
    lines = list(page.lines)
    mid = page.width / 2
    title = next((i for i, line in enumerate(lines) if fold_lower(line.text) in _TYPE_NAMES), None)
    head = lines[:title] if title is not None else lines[:4]
    raw: dict[str, Raw] = {}
    authority: list[Line] = []
    for left in column(head, mid, "left"):
        if re.match(r"^so\b", fold_lower(left.text)):
            raw |= read_labelled([left], L.DECISION, {"document_number"}, stop=None)[0]
            break
        authority.append(left)
    if authority:
        raw["issuing_authority"] = Raw(" ".join(a.text for a in authority),
                                       min(a.confidence for a in authority))
    raw |= _place_date(column(head, mid, "right"))
    if title is None:
        return raw
    raw["document_type"] = Raw(lines[title].text, lines[title].confidence)
    summary = []
    for line in lines[title + 1:]:
        text = fold_lower(line.text)
        if line.text.upper() == line.text or re.match(r"^(can cu|xet|dieu|thuc hien)\b", text):
            break
        summary.append(line)
    if summary:
        raw["summary"] = Raw(" ".join(s.text for s in summary), min(s.confidence for s in summary))
    start = next((i for i, line in enumerate(lines) if re.match(r"^noi nhan\b",
                                                                 fold_lower(line.text))), None)
    if start is not None:
        left = column(lines[start:], mid, "left")
        items = [re.sub(r"^[-–•.\s]+|[;.\s]+$", "", x.text) for x in left[1:]]
        items = [x for x in items if x]
        if items:
            raw["recipients"] = Raw("\n".join(items), min(x.confidence for x in left[1:]))
    body_end = max((i for i, line in enumerate(lines) if re.match(r"^dieu\s*\d", fold_lower(
        line.text))), default=title)
    return raw | find_signer(lines, max(body_end + 1, (start or 0) - 2), mid)


def read_register_blocks(page: OcrPage, kind: RecordType) -> list[Entry]:
    """Labelled entries, one per "Số: ..." head (``pipeline.extract.blocks``)."""
    return read_blocks(page, kind)


def read_register_table(page: OcrPage, kind: RecordType) -> list[Entry]:
    """Ruled tables, one entry per numbered row (``pipeline.extract.tables``)."""
    return read_tables(page, kind)


def read_register(page: OcrPage, kind: RecordType, layout: str) -> tuple[str, list[Entry]]:
    """(layout, entries) of a register page. A page with a grid is read as a table, but
    if its "Số: N" heads read more values it is labelled blocks in ruled boxes (a box
    with a column for the number made the boxes a grid)."""
    blocks = read_register_blocks(page, kind)
    if layout != "register-table":
        return layout, blocks
    table = read_register_table(page, kind)
    if sum(len(e.raw) for e in blocks) > sum(len(e.raw) for e in table):
        return "register-blocks", blocks
    return layout, table
