"""One reader per layout: certificates, the two-column marriage certificate, Decree 30
documents, and register pages (labelled blocks, ruled tables) with several entries.

Each reader takes a page's visual lines and returns raw values per record; ``finish``
normalises and validates them.
"""

from __future__ import annotations

import re
from collections import Counter

from ocr.models import Line, OcrPage, Word
from ocr.text import fold_lower
from pipeline.extract import labels as L
from pipeline.extract.anchor import (
    PLACE_DATE,
    Raw,
    column,
    head_column,
    read_labelled,
    span_confidence,
    split_line,
)
from pipeline.extract.blocks import read_blocks
from pipeline.extract.entries import Entry
from pipeline.extract.signer import find_signer, read_signer
from pipeline.extract.tables import read_tables
from schemas.normalize import DOCUMENT_TYPES, recipient
from schemas.records import FIELDS, RecordType

CERTIFICATE_LABELS = {RecordType.birth: L.BIRTH, RecordType.death: L.DEATH,
                      RecordType.marital_status: L.MARITAL_STATUS}

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
        raw |= _place_date(head_column(head, page.width / 2, "right"))
        raw |= read_labelled(head_column(head, page.width / 2, "left"), L.MARITAL_STATUS,
                             {"registration_number"}, stop=None)[0]
    found, signer_at = read_labelled(lines, CERTIFICATE_LABELS[kind], _keys(kind))
    if kind is RecordType.marital_status and "issue_date" not in raw:
        # TT 04/2020 and TT 15/2015 date the paper above the signer, not in the head
        raw |= {k: v for k, v in _place_date(lines[:signer_at + 1]).items() if k == "issue_date"}
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
        heading = lines[signer_at]
        at = re.search(r"nguoi\s*ky", fold_lower(heading.text))
        if at is None or at.start() == 0:
            return read_signer(lines[signer_at + 1:])
        # A heading beside other signatures (the spouses'): its block is right of it.
        x = _word_at(heading, at.start()).box.left - 80
        return read_signer([r for line in lines[signer_at + 1:]
                            if (r := split_line(line, x)[1]) is not None])
    last = max((i for i, line in enumerate(lines)
                if L.find_labels(fold_lower(line.text), labels)), default=-1)
    return find_signer(lines, last + 1, mid)


def _word_at(line: Line, char: int) -> Word:
    """The word of ``line`` that holds character ``char`` of its text."""
    pos = 0
    for w in line.words:
        if pos + len(w.text) > char:
            return w
        pos += len(w.text) + 1
    return line.words[-1]


def _place_date(lines: list[Line]) -> dict[str, Raw]:
    for line in lines:
        m = PLACE_DATE.search(fold_lower(line.text))
        if m:
            place = line.text[:len(m.group(1))].strip(" ,")
            return {"issue_date": Raw(line.text, line.confidence),
                    "place": Raw(place, span_confidence(line, 0, len(place)))}
    return {}


def _spouse_split(lines: list[Line], rows: list[Line]) -> float | None:
    """The x between the husband's and the wife's columns, under a "Chồng  Vợ" header row
    (two words over their columns, left-aligned or centred), or None: where most of
    ``rows``' words start between the two headers' ends (every wife's value starts at her
    column's edge, the husband's words are spread)."""
    for line in lines:
        words = [w for w in line.words if re.search(r"\w", w.text)]
        if len(words) == 2 and fold_lower(words[0].text) == "chong":
            husband, wife = words
            starts = Counter(w.box.left // 12 for row in rows for w in row.words
                             if husband.box.right < w.box.left <= wife.box.right)
            if not starts:
                return None
            edge = max(starts, key=lambda b: starts[b] + starts[b - 1] + starts[b + 1])
            return (edge - 1) * 12
    return None


def _label_words(line: Line) -> tuple[Word, ...]:
    """The words of the label a line starts with (a ruled form's label column)."""
    hits = L.find_labels(fold_lower(line.text), L.MARRIAGE)
    if not hits or hits[0][0] > 2:
        return ()
    pos, out = 0, []
    for w in line.words:
        if pos < hits[0][1]:
            out.append(w)
        pos += len(w.text) + 1
    return tuple(out)


def _value_edge(lines: list[Line]) -> float | None:
    """Where a ruled form's value columns start: the median left edge of the first word
    after each row's label."""
    starts = []
    for line in lines:
        label = _label_words(line)
        rest = [w for w in line.words if w not in label]
        if label and rest:
            starts.append(min(w.box.left for w in rest))
    return sorted(starts)[len(starts) // 2] if starts else None


def _table_columns(lines: list[Line], split: float) -> tuple[list[Line], list[Line]]:
    """A TP/HT-2010 ruled form: a label column, then the husband's and the wife's values
    on the same rows. The husband's lines are the row's label and the words left of
    ``split``; the wife's the label and the words right of it. A label wrapped inside
    its column ("Nơi thường trú/tạm" over "trú", "Số Giấy CMND/Hộ" over "chiếu") leaves
    words left of the values' edge (``_value_edge``): they are no one's value."""
    husband, wife = [], []
    edge = _value_edge(lines)
    for line in lines:
        label = _label_words(line)
        values = tuple(w for w in line.words if w not in label and (
            edge is None or w.box.right > edge - w.box.height))
        left, right = split_line(Line(values), split) if values else (None, None)
        if left is not None or label:
            husband.append(Line(label + (left.words if left is not None else ())))
        if right is not None:
            wife.append(Line(label + right.words))
    return husband, wife


def _spouse_columns(lines: list[Line], folded: list[str], bottom: int, mid: float
                    ) -> tuple[int, list[Line], list[Line]] | None:
    """(first row, husband's lines, wife's lines) of the spouses' part, or None when the
    page prints one spouse's block after the other. Two name labels on a row: columns
    parted at ``mid``; one, under a "Chồng  Vợ" header: a ruled form with a label column."""
    top = next((i for i, f in enumerate(folded)
                if sum(k == "{who}full_name" for _, _, k in L.find_labels(f, L.MARRIAGE)) >= 2),
               None)
    if top is not None:
        middle = lines[top:bottom]
        return top, column(middle, mid, "left"), column(middle, mid, "right")
    first = next((i for i, f in enumerate(folded[:bottom])
                  if any(k.endswith("full_name") for _, _, k in L.find_labels(f, L.MARRIAGE))),
                 None)
    split = _spouse_split(lines[:first], lines[first:bottom]) if first is not None else None
    if first is None or split is None:
        return None
    return first, *_table_columns(lines[first:bottom], split)


def read_marriage(page: OcrPage) -> dict[str, Raw]:
    """Head and foot read across the page; between the spouses' first row and the place
    of registration each spouse is read on its own (``_spouse_columns``: two columns
    husband left, wife right, or a ruled form's label column and two value columns); a
    page that prints one spouse's block after the other is read down as one column, its
    name labels ("... chồng:", "... vợ:") telling whose lines follow. The CHỒNG | VỢ
    headers are not relied on to find the columns: OCR misreads them ("CHỒNG lá")."""
    lines = list(page.lines)
    folded = [fold_lower(line.text) for line in lines]
    bottom = next((i for i, f in enumerate(folded) if "noi dang ky ket hon" in f), len(lines))
    keys = _keys(RecordType.marriage)
    spouses = _spouse_columns(lines, folded, bottom, page.width / 2)
    if spouses is None:  # one spouse's block after the other
        raw, signer_at = read_labelled(lines, L.MARRIAGE, keys, who="husband_")
        return raw | _signer(lines, signer_at, L.MARRIAGE, page.width / 2)
    top, husband, wife = spouses
    head = [line for line, f in zip(lines[:top], folded[:top], strict=True)
            if not re.match(r"^\W*chong\b", f)]  # the column headers
    raw = read_labelled(head, L.MARRIAGE, keys, stop=None)[0]
    for side, who in ((husband, "husband_"), (wife, "wife_")):
        raw |= read_labelled(side, L.MARRIAGE, keys, who=who, stop=None)[0]
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
    for left in head_column(head, mid, "left"):
        if re.match(r"^so\b", fold_lower(left.text)):
            raw |= read_labelled([left], L.DECISION, {"document_number"}, stop=None)[0]
            break
        authority.append(left)
    if authority:
        raw["issuing_authority"] = Raw(_committee_first(" ".join(a.text for a in authority)),
                                       min(a.confidence for a in authority))
    raw |= _place_date(head_column(head, mid, "right"))
    if "place" in raw and "issuing_authority" in raw:
        raw["place"] = _place_as_unit(raw["place"], raw["issuing_authority"].text)
    if title is None:
        return raw
    raw["document_type"] = Raw(lines[title].text, lines[title].confidence)
    summary = []
    for line in lines[title + 1:]:
        text = fold_lower(line.text)
        capitals = line.text.upper() == line.text and re.search(r"[^\W\d_]", line.text)
        if capitals or re.match(r"^(can cu|xet|dieu|thuc hien)\b", text):  # "2021" wraps on
            break
        summary.append(line)
    if summary:
        raw["summary"] = Raw(" ".join(s.text for s in summary), min(s.confidence for s in summary))
    start = next((i for i, line in enumerate(lines) if re.match(r"^noi nhan\b",
                                                                 fold_lower(line.text))), None)
    if start is not None:
        left = column(lines[start:], mid, "left")
        items = [recipient(re.sub(r"^[-–•.\s]+|[;.\s]+$", "", x.text)) for x in left[1:]]
        items = [x for x in items if x]
        kept = next((i for i, x in enumerate(items) if x.startswith("Lưu:")), None)
        items = items if kept is None else items[:kept + 1]  # the archive copy comes last
        if items:
            raw["recipients"] = Raw("\n".join(items), min(x.confidence for x in left[1:]))
    body_end = max((i for i, line in enumerate(lines) if re.match(r"^dieu\s*\d", fold_lower(
        line.text))), default=title)
    return raw | find_signer(lines, max(body_end + 1, (start or 0) - 2), mid)


def _committee_first(authority: str) -> str:
    """A people's committee's name from "ỦY BAN NHÂN DÂN" on: what a scanner's edge or a
    speck left before it ("an, ỦY BAN ...", three letters at most) is no part of it."""
    words = authority.split()
    at = next((i for i in range(len(words) - 1) if fold_lower(words[i]) == "uy"
               and fold_lower(words[i + 1]) == "ban"), 0)
    return " ".join(words[at:]) if sum(c.isalpha() for c in "".join(words[:at])) <= 3 \
        else authority


def _place_as_unit(place: Raw, authority: str) -> Raw:
    """The place name (địa danh, Decree 30) is the issuing unit's name: read in small
    letters with an I and an l slipped ("la Đai" for "Ia Đal", the unit read "XÃ IA ĐAL"
    in capitals, where I and l do not meet) it is the unit's name, capitalised word by
    word."""
    words = place.text.split()
    unit = authority.split()[-len(words):] if words else []

    def same(text: str) -> str:
        return fold_lower(text).replace("l", "i")
    if len(unit) != len(words) or fold_lower(" ".join(unit)) == fold_lower(place.text) \
            or same(" ".join(unit)) != same(place.text) or not authority.isupper():
        return place
    return Raw(" ".join(w[:1] + w[1:].lower() for w in unit), place.confidence)


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
