"""Which kind of document a page is, and how it is laid out, from its title (tolerant of
OCR errors by folding) and, for register books, from the ruled grid cleanup found."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from ocr.models import Line, OcrPage
from ocr.text import fold_lower
from schemas.normalize import DOCUMENT_TYPES
from schemas.records import RecordType

_REGISTER = re.compile(r"so dang ky (khai sinh|khai tu|ket hon)")
_BOOKS = {"khai sinh": RecordType.birth, "khai tu": RecordType.death,
          "ket hon": RecordType.marriage}
# Checked in order: the more specific titles first.
_TITLES: list[tuple[RecordType, re.Pattern[str]]] = [
    (RecordType.marital_status, re.compile(r"tinh trang hon nhan")),
    (RecordType.marriage, re.compile(r"chung nhan ket hon")),
    (RecordType.death, re.compile(r"(trich luc|giay chung nhan|to khai) khai tu|khai tu")),
    (RecordType.birth, re.compile(r"giay khai sinh|trich luc khai sinh")),
]
# A Decree 30 document: its number carries a type code ("Số: 05/QĐ-UBND"), or its title
# line is a type name.
_CODE = re.compile(r"^so\s*:?\s*\d+\s*/\s*([a-z]+)\s*-", re.MULTILINE)
_NAMES = "|".join(fold_lower(t) for t in DOCUMENT_TYPES.values())
_TYPE_NAMES = re.compile(rf"^({_NAMES})$", re.MULTILINE)
_CODES = {fold_lower(k) for k in DOCUMENT_TYPES}
# A birth certificate's title line alone ("GIẤY KHAI SINH"), its first word misread:
# "GLAYV", "GLAY", "QIẤY" (an I read L, a Y read YV): a short word starting g or q (the
# g stays; "Ngày khai sinh" is no title) before "khai sinh" and nothing else on the line
# (a label "Nơi đăng ký khai sinh:" goes on with its value).
_BIRTH_TITLE = re.compile(r"^[\W_]*([gq][a-z]{2,5})\s+khai\s+sinh[\W_]*$", re.MULTILINE)


# A title line read with its words broken ("GIA Y CHỨNG NHẬN KẾ T HỒN") or a letter
# doubled ("KẾT HÒÓN"): its characters without spaces, within two OCR edits of a long
# title (16 letters or more), the same as a short one. A title stands alone on its line.
_TITLE_LINES: list[tuple[RecordType, str]] = [
    (RecordType.marital_status, "giayxacnhantinhtranghonnhan"),
    (RecordType.marriage, "giaychungnhankethon"),
    (RecordType.death, "trichluckhaitu"),
    (RecordType.birth, "trichluckhaisinh"),
    (RecordType.birth, "giaykhaisinh"),
]


# "Số: 185", the head of a register entry; OCR may misread the word ("Sấ: 292") but then
# the colon and the number still mark it; or the number ("Số: H19"), when the line goes
# on with the entry's registration date. "Số đăng ký: 185" and "STT: 185" head too, and
# "Số: 185" after the date on a line that gives the registration date.
_ENTRY = re.compile(r"^[\W_]*(?:(?:so|stt)(?:\s*(?:dang\s*ky|thu\s*tu|tt))?\s*[:.;]?|s\w\s*[:.;])"
                    r"\s*(\d+)")
# (a speck or the gutter's shadow may be read as a short token before it: "1 SỐ: 202 ...")
_DATED_ENTRY = re.compile(r"^(?:\S{1,2}\s+)?[\W_]*s\w?\s*[:.;]\s*(\S*\d\S*)\s.*ngay.*dang\s*ky")
_LATE_ENTRY = re.compile(r"dang\s*ky.*(?<!quyen )\bso\s*[:.;]\s*(\d{1,6})(?!\d)")
# What a page's words say of its book when the page has no title (a book's later pages).
_BOOK_WORDS = [(RecordType.death, re.compile(r"\bchet\b|khai tu")),
               (RecordType.marriage, re.compile(r"ket hon|\bchong\b"))]


def entry_head(line: Line) -> re.Match[str] | None:
    """The match whose group 1 is the entry's number, if ``line`` heads a register entry."""
    folded = fold_lower(line.text)
    return _ENTRY.match(folded) or _DATED_ENTRY.match(folded) or _LATE_ENTRY.search(folded)


@dataclass(frozen=True)
class PageKind:
    type: RecordType
    layout: str  # certificate | register-blocks | register-table | document | unknown


def classify(page: OcrPage, head_lines: int = 8) -> PageKind:
    """Title first (the top lines), then the whole page as a fallback."""
    lines = [fold_lower(line.text) for line in page.lines]
    head = "\n".join(lines[:head_lines])
    book = _REGISTER.search(head)
    if book:
        return PageKind(_BOOKS[book.group(1)],
                        "register-table" if page.grid else "register-blocks")
    if _untitled_register_page(page, head, "\n".join(lines)):
        return _untitled_register(page, "\n".join(lines))
    for scope in (head, "\n".join(lines)):
        for kind, pattern in _TITLES:
            if pattern.search(scope):
                return PageKind(kind, "certificate")
        code = _CODE.search(scope)
        if (code and code.group(1) in _CODES) or _TYPE_NAMES.search(scope):
            return PageKind(RecordType.decision, "document")
        broken = _broken_title(lines[:head_lines])
        if broken is not None:
            return PageKind(broken, "certificate")
    if _misread_birth_title(head):
        return PageKind(RecordType.birth, "certificate")
    return PageKind(RecordType.unknown, "unknown")


def _broken_title(lines: list[str]) -> RecordType | None:
    """The kind whose title one of the folded ``lines`` is, read with its words broken or
    a letter slipped (``_TITLE_LINES``); None if none is."""
    for line in lines:
        letters = re.sub(r"[\s\W_]+", "", line)
        for kind, title in _TITLE_LINES:
            slips = 2 if len(title) >= 16 else 0
            if OSA.distance(letters, title, score_cutoff=slips) <= slips:
                return kind
    return None


def _misread_birth_title(head: str) -> bool:
    """The head holds "GIẤY KHAI SINH" on a line of its own with "giấy" misread (two OCR
    edits at most: ``glayv``, ``qiay``), when no title was read whole."""
    return any(OSA.distance(m.group(1), "giay", score_cutoff=2) <= 2
               for m in _BIRTH_TITLE.finditer(head))


def _untitled_register_page(page: OcrPage, head: str, text: str) -> bool:
    """No title of any kind at the top, and several "Số: N" entries, or a ruled table with
    a register's words (a book's later pages carry no title)."""
    if any(p.search(head) for _, p in _TITLES) or _CODE.search(head) or _TYPE_NAMES.search(head) \
            or _broken_title(head.split("\n")) is not None:
        return False
    if page.grid is not None:
        return bool(re.search(r"dang ky|quyen so|ho.{0,12}ten", text))
    return sum(bool(entry_head(line)) for line in page.lines) >= 2


def _untitled_register(page: OcrPage, text: str) -> PageKind:
    """A register page without its book's title (a later page of the book): several
    entries, or a ruled table; the book from the words its entries use."""
    book = next((kind for kind, words in _BOOK_WORDS if words.search(text)), RecordType.birth)
    return PageKind(book, "register-table" if page.grid else "register-blocks")
