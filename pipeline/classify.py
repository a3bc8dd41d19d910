"""Which kind of document a page is, from its title (tolerant of OCR errors by folding)."""

from __future__ import annotations

import re

from ocr.models import OcrPage
from ocr.text import fold_lower
from schemas.records import RecordType

# Checked in order: the more specific titles first.
_TITLES: list[tuple[RecordType, re.Pattern[str]]] = [
    (RecordType.marital_status, re.compile(r"tinh trang hon nhan")),
    (RecordType.marriage, re.compile(r"chung nhan ket hon")),
    (RecordType.death, re.compile(r"(trich luc|giay chung nhan|to khai) khai tu|khai tu")),
    (RecordType.birth, re.compile(r"giay khai sinh|trich luc khai sinh")),
    (RecordType.decision, re.compile(r"quyet dinh")),
]


def classify(page: OcrPage, head_lines: int = 8) -> RecordType:
    """Title first (the top lines), then the whole page as a fallback."""
    lines = [fold_lower(line.text) for line in page.lines]
    for scope in ("\n".join(lines[:head_lines]), "\n".join(lines)):
        for kind, pattern in _TITLES:
            if pattern.search(scope):
                return kind
    return RecordType.unknown
