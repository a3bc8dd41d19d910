"""Labelled-block register pages: one entry per "Số: ..." head, however many a page holds.

Books since 2016 repeat the certificate's labelled fields for each entry, headed "Số: ...
Ngày, tháng, năm đăng ký: ..." and closed by a "Ghi chú:" line (later corrections), under
a page header that names the registry and the book. A two-page spread (``OcrPage.gutter``)
is read page by page, left first, each entry's band confined to its own page; a page
without a header of its own takes the other's.
"""

from __future__ import annotations

import re

from ocr.models import Line, OcrPage
from ocr.text import fold_lower
from pipeline.classify import entry_head
from pipeline.extract.anchor import Raw, read_labelled, split_line
from pipeline.extract.entries import (
    REGISTER_LABELS,
    Entry,
    band,
    book_header,
    note_reasons,
    with_headers,
)
from schemas.records import FIELDS, RecordType

_NOTE = re.compile(r"^[\W_]*ghi\s*chu\s*[:.;]?\s*")
# The registration date's label, folded: in a labelled-block book it is printed only on
# an entry's head line, beside "Số:" (its first words may be lost: "Số: năm đăng ký:").
_REGISTERED = re.compile(r"\bngay\W*thang\W*nam\W*dang\s*ky\b|\bnam\W*dang\s*ky\s*[:.;]")


def _note(lines: list[Line]) -> tuple[list[Line], Raw | None]:
    """An entry's lines without its "Ghi chú:" tail, and what the note says (if anything)."""
    at = next((i for i, ln in enumerate(lines) if _NOTE.match(fold_lower(ln.text))), None)
    if at is None:
        return lines, None
    first = lines[at]
    cut = _NOTE.match(fold_lower(first.text))
    texts = [first.text[cut.end():] if cut else "", *(ln.text for ln in lines[at + 1:])]
    text = " ".join(t.strip() for t in texts if t.strip())
    conf = min(ln.confidence for ln in lines[at:])
    return lines[:at], (Raw(text, conf) if text else None)


def _unfound_fold(page: OcrPage) -> float | None:
    """The fold of a spread that cleanup did not find (no gutter shadow): where, on two
    lines or more, a second "Số" label starts in the middle of the page (both pages'
    entries side by side: "Số: 265 ... Số: 268 ...", "Số định danh ... Số định danh")."""
    xs = []
    for line in page.lines:
        heads = [w for w in line.words if re.match(r"so\b", fold_lower(w.text))]
        if len(heads) >= 2 and heads[0] is line.words[0]:
            xs += [w.box.left for w in heads[1:]
                   if 0.35 * page.width < w.box.left < 0.65 * page.width]
    if len(xs) < 2:
        return None
    return sorted(xs)[len(xs) // 2] - 10


def _halves(page: OcrPage) -> list[tuple[list[Line], tuple[int, int]]]:
    """The page's lines with the span they lie in: a spread's two pages, or the page."""
    lines = list(page.lines)
    if page.gutter is not None:
        left = [ln for ln in lines if ln.words[0].box.left < page.gutter]
        right = [ln for ln in lines if ln.words[0].box.left >= page.gutter]
        return [(left, (0, page.gutter)), (right, (page.gutter, page.width))]
    fold = _unfound_fold(page)
    if fold is None:
        return [(lines, (0, page.width))]
    parts = [split_line(ln, fold) for ln in lines]  # lines read across both pages
    return [([a for a, _ in parts if a is not None], (0, int(fold))),
            ([b for _, b in parts if b is not None], (int(fold), page.width))]


def _starts(lines: list[Line]) -> list[int]:
    """Where entries start: a "Số: ..." head, or a line with the registration date's label
    whose "Số" and number were not read ("Số: Ngày, tháng, năm đăng ký:" with both blanks
    faded, "bo... Ngày, tháng, năm đăng ký: 26/03/2024"); not that label on the line just
    under a head that has no date (a head read as two lines)."""
    starts: list[int] = []
    for i, line in enumerate(lines):
        under_head = bool(starts) and starts[-1] == i - 1 and not _REGISTERED.search(
            fold_lower(lines[i - 1].text))
        if entry_head(line) or (_REGISTERED.search(fold_lower(line.text)) and not under_head):
            starts.append(i)
    return starts


def _entries(lines: list[Line], page: OcrPage, kind: RecordType,
             span: tuple[int, int]) -> tuple[dict[str, Raw], list[Entry]]:
    """(the header above the first entry, the entries) of one page's lines."""
    starts = _starts(lines)
    if not starts:
        return {}, []
    header = book_header(lines[:starts[0]], kind)
    entries = []
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        body, note = _note(lines[a:b])
        raw = read_labelled(body, REGISTER_LABELS[kind], set(FIELDS[kind]), stop=None)[0]
        if "registration_number" not in raw:  # the misread "Số" did not anchor as a label
            number = entry_head(lines[a])
            if number is not None:  # none on a head whose number was not read
                raw["registration_number"] = Raw(number.group(1), min(lines[a].confidence, 0.5))
        if note is not None:
            raw["notes"] = note
        next_top = min(w.box.top for w in lines[b].words) if b < len(lines) else None
        entries.append(Entry(raw, band(lines[a:b], page, bottom=next_top, span=span),
                             note_reasons(note.text if note else None)))
    return header, entries


def read_blocks(page: OcrPage, kind: RecordType) -> list[Entry]:
    """Every labelled entry of the page (or of both pages of a spread, left first), with
    the page header's book number and registry, numbers checked for gaps."""
    if kind not in REGISTER_LABELS:
        return []
    return with_headers([_entries(lines, page, kind, span) for lines, span in _halves(page)])
