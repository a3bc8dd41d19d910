"""Field normalisers and validators: raw OCR value in, (normalised value, problems) out."""

from __future__ import annotations

import re

from ocr.text import clean_spaces, fold_lower, nfc
from schemas.dates import correct_words, parse_digits
from schemas.identifiers import check_personal_id
from schemas.lexicons import ETHNIC_GROUPS, SURNAMES
from schemas.places import correct_address


def _by_folded(words: list[str]) -> dict[str, str]:
    """folded -> spelling, for entries whose folded form is unambiguous in the list."""
    seen: dict[str, list[str]] = {}
    for w in words:
        seen.setdefault(fold_lower(w), []).append(w)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


_ETHNIC = _by_folded(ETHNIC_GROUPS)
_ETHNIC_SET = set(ETHNIC_GROUPS)
_SURNAME = _by_folded(SURNAMES)
_SURNAME_SET = {s.lower() for s in SURNAMES}


def _same_case(word: str, like: str) -> str:
    return word.upper() if like.isupper() else word
Result = tuple[str | None, list[str]]


def text(value: str) -> Result:
    value = clean_spaces(nfc(value)).strip(" .,:;-_")
    return (value or None), []


def name(value: str) -> Result:
    """A person's name. A surname that is not a known spelling but has the letters of one
    (OCR dropped or changed a mark: NGUYÊN, LỄ, TRÂN) takes the known spelling."""
    value, _ = text(value)
    if value and not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)+", value):
        return value, [f"name {value!r} has characters that are not letters"]
    if value:
        first, _, rest = value.partition(" ")
        known = _SURNAME.get(fold_lower(first))
        if known and first.lower() not in _SURNAME_SET:
            value = f"{_same_case(known, first)} {rest}"
    return value, []


def address(value: str) -> Result:
    """An address or a place with one: unit names spelled as in the gazetteer."""
    value, _ = text(value)
    return (correct_address(value) if value else value), []


def date_in_words(value: str) -> Result:
    """The words form of a date, with OCR mark errors on its number words undone."""
    value, _ = text(value)
    return (correct_words(value) if value else value), []


def ethnicity(value: str) -> Result:
    """One of the 54 recognised ethnic groups; OCR mark errors (Tây, Mõng) are undone."""
    value, _ = text(value)
    if not value or value in _ETHNIC_SET:
        return value, []
    known = _ETHNIC.get(fold_lower(value))
    if known:
        return known, []
    return value, [f"{value!r} is not one of the 54 ethnic groups"]


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
