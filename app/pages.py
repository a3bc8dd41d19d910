"""Archived pages rendered for the screen (poppler through pdf2image), kept in a cache.

The cache holds personal data (the page images): files are created 0600 in a 0700
folder, named by document, page, width and the archive file's change time, so a page
digitised again is rendered again.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from pdf2image import convert_from_path

from app.errors import InvalidInput, NotFound
from pipeline.atomic import replacing

WIDTHS = (200, 3000)


def render_page(pdf: Path, page: int, width: int, cache: Path, document_id: str) -> bytes:
    """PNG bytes of ``page`` (1-based) of ``pdf``, ``width`` pixels wide."""
    if not WIDTHS[0] <= width <= WIDTHS[1]:
        raise InvalidInput(f"width must be {WIDTHS[0]}-{WIDTHS[1]} pixels")
    with pikepdf.open(pdf) as doc:
        count = len(doc.pages)
    if not 1 <= page <= count:
        raise NotFound(f"the archived file has pages 1-{count}, not {page}")
    target = cache / f"{document_id}-{page}-{width}-{pdf.stat().st_mtime_ns}.png"
    if target.exists():
        return target.read_bytes()
    image = convert_from_path(str(pdf), first_page=page, last_page=page, size=(width, None))[0]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    data = buffer.getvalue()
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    with replacing(target, mode=0o600) as tmp:
        tmp.write_bytes(data)
    return data
