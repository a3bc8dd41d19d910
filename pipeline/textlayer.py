"""The page text agrees with the records: a value a normaliser corrected is written back
over the words it was read from, so the PDF/A's text layer and the page text in the index
hold ``Tày`` and ``BÙI`` where the record does, and a viewer's find or a full-text search
for the record's spelling finds the page.

Only marks and case are ever changed, word for word: a value whose words differ from the
reading in more than diacritics (a date written ``01/04/2019`` and stored ``2019-04-01``,
a name whose words were joined or split) leaves the page text as read. The reading stays
in ``Word.raw``.
"""

from __future__ import annotations

from dataclasses import replace

from ocr.models import Line, OcrPage, Word
from ocr.text import fold_lower, nfc
from schemas.records import Record

_PUNCT = "()[]{}.,;:!?\"'«»“”"
MAX_WORDS = 8  # longer values are sentences, not a name or a place: left as read


def _cased_like(value: str, read: str) -> str:
    """``value``'s letters and marks in the case of the word as printed."""
    if read.isupper():
        return value.upper()
    if read[:1].isupper():
        return value[:1].upper() + value[1:].lower()
    return value.lower()


def _respelled(word: Word, token: str) -> Word | None:
    """The word with ``token``'s marks, or None when they differ in more than marks."""
    lead = word.text[:len(word.text) - len(word.text.lstrip(_PUNCT))]
    core = word.text.strip(_PUNCT)
    tail = word.text[len(lead) + len(core):]
    if not core or fold_lower(core) != fold_lower(token):
        return None
    text = lead + _cased_like(nfc(token), core) + tail
    return word if text == word.text else replace(word, text=text, raw=word.raw or word.text)


def _align_line(line: Line, read: list[str], value: list[str]) -> Line | None:
    """The line with the run of words reading ``read`` respelled as ``value``."""
    words = list(line.words)
    cores = [w.text.strip(_PUNCT) for w in words]
    for start in range(len(words) - len(read) + 1):
        if cores[start:start + len(read)] != read:
            continue
        fresh = [_respelled(w, t) for w, t in zip(words[start:start + len(read)], value,
                                                  strict=True)]
        if any(w is None for w in fresh):
            return None
        words[start:start + len(read)] = fresh  # type: ignore[assignment]
        return Line(tuple(words))
    return None


def align_pages(pages: list[OcrPage], records: list[Record]) -> list[OcrPage]:
    """``pages`` with every corrected value written over its reading (record by record,
    on the record's page); pages no record changed are returned as they were."""
    out = list(pages)
    for rec in records:
        if not 1 <= rec.page <= len(out):
            continue
        page = out[rec.page - 1]
        lines = list(page.lines)
        for field in rec.fields.values():
            read = (field.raw or "").split()
            value = (field.value or "").split()
            if not read or len(read) != len(value) or len(read) > MAX_WORDS or read == value:
                continue
            for n, line in enumerate(lines):
                aligned = _align_line(line, [t.strip(_PUNCT) for t in read], value)
                if aligned is not None:
                    lines[n] = aligned
                    break
        if tuple(lines) != page.lines:
            out[rec.page - 1] = replace(page, lines=tuple(lines),
                                        raw_text=page.raw_text or page.text)
    return out
