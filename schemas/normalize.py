"""Field normalisers and validators: raw OCR value in, (normalised value, problems) out."""

from __future__ import annotations

import re

from ocr.text import clean_spaces, fold_lower, nfc
from schemas.dates import parse_digits
from schemas.identifiers import check_personal_id

Result = tuple[str | None, list[str]]


def text(value: str) -> Result:
    value = clean_spaces(nfc(value)).strip(" .,:;-_")
    return (value or None), []


def name(value: str) -> Result:
    value, _ = text(value)
    if value and not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)+", value):
        return value, [f"name {value!r} has characters that are not letters"]
    return value, []


def iso_date(value: str) -> Result:
    parsed = parse_digits(value)
    if parsed is None:
        raw, _ = text(value)
        return raw, [f"not a date: {raw!r}"] if raw else []
    return parsed.isoformat(), []


def year(value: str) -> Result:
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", value)
    if not m:
        raw, _ = text(value)
        return raw, [f"not a year: {raw!r}"] if raw else []
    return m.group(1), []


def sex(value: str) -> Result:
    folded = fold_lower(value).strip(" .:")
    if folded in ("nam",):
        return "Nam", []
    if folded in ("nu",):
        return "Nữ", []
    raw, _ = text(value)
    return raw, [f"sex must be Nam or Nữ, read {raw!r}"] if raw else []


def digits(value: str) -> Result:
    found = re.sub(r"\D", "", value)
    if not found:
        raw, _ = text(value)
        return raw, [f"no number in {raw!r}"] if raw else []
    return found, []


def personal_id(value: str) -> Result:
    value = re.sub(r"[\s.]", "", value)
    value, _ = text(value)
    if not value:
        return None, []
    return value, check_personal_id(value)


def book_number(value: str) -> Result:
    m = re.search(r"(\d{1,3})\s*/\s*(\d{4})", value)
    if not m:
        raw, _ = text(value)
        return raw, [f"book number not like 01/2019: {raw!r}"] if raw else []
    return f"{int(m.group(1)):02d}/{m.group(2)}", []
