"""Which kind of document a page is, and how it is laid out, from its title (tolerant of
OCR errors by folding) and, for register books, from the ruled grid cleanup found."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ocr.models import OcrPage
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
    for scope in (head, "\n".join(lines)):
        for kind, pattern in _TITLES:
            if pattern.search(scope):
                return PageKind(kind, "certificate")
        code = _CODE.search(scope)
        if (code and code.group(1) in _CODES) or _TYPE_NAMES.search(scope):
            return PageKind(RecordType.decision, "document")
    return PageKind(RecordType.unknown, "unknown")
