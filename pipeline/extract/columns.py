"""A register table's column headers to field keys.

A header cell is read as folded words (its wrapped lines joined), and the first rule whose
words all occur in it, in order, names the column: "Ngày, tháng, năm sinh" holds
``ngay ... sinh``, "Họ, chữ đệm, tên người cha" holds ``cha``. Words of four letters or
more may be one OCR edit off; short ones must be exact, since ``cha`` is one edit from
the ``chu`` of "chữ đệm". Rules are ordered most specific first (the declarant's column
says "khai sinh", the registration date's column says "ngày"). A header whose first line
OCR lost still names its column by what is left ("năm đăng ký", "giờ chết").
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from ocr.text import fold_lower
from schemas.records import FIELDS, RecordType

PARENTS = "parents"  # both parents in one cell, "Cha: ..." / "Mẹ: ..."
# (words in order, key); "{who}" is "husband_"/"wife_" in a marriage book (from "chồng" /
# "vợ" in the header), "" otherwise; "{name}" is the subject's name key of the book.
RULES: list[tuple[tuple[str, ...], str]] = [
    (("ghi", "chu"), "notes"),
    # "Họ và tên người được khai sinh / đăng ký": the subject, not the declarant
    (("nguoi", "duoc", "khai"), "{name}"),
    (("nguoi", "duoc", "dang", "ky"), "{name}"),
    (("giay", "to", "nguoi", "khai"), "declarant_id_document"),
    (("nguoi", "khai"), "declarant_full_name"),
    (("nguoi", "dang", "ky"), "declarant_full_name"),
    (("nguoi", "yeu", "cau"), "declarant_full_name"),
    (("giay", "to", "khai"), "declarant_id_document"),
    (("dinh", "danh"), "personal_id"),
    (("giay", "to"), "{who}id_document"),
    (("ngay", "dang", "ky"), "registration_date"),
    (("so", "dang", "ky"), "registration_number"),
    # the header's first line lost ("Ngày, tháng," of a skewed header cell, dropped by OCR):
    # what is left still names the column
    (("nam", "dang", "ky"), "registration_date"),
    (("cha", "me"), PARENTS),
    (("cha",), "father_full_name"),
    (("me",), "mother_full_name"),
    (("ngay", "chet"), "death_datetime"),
    (("thoi", "gian", "chet"), "death_datetime"),
    (("chet", "luc"), "death_datetime"),
    (("gio", "chet"), "death_datetime"),  # "Ngày, giờ chết" without its first word
    (("noi", "chet"), "place_of_death"),
    (("nguyen", "nhan"), "cause_of_death"),
    (("ngay", "sinh"), "{who}date_of_birth"),
    (("nam", "sinh"), "{who}date_of_birth"),
    (("noi", "sinh"), "place_of_birth"),
    (("que", "quan"), "hometown"),
    (("gioi", "tinh"), "sex"),
    (("nam", "nu"), "sex"),
    (("dan", "toc"), "{who}ethnicity"),
    (("quoc", "tich"), "{who}nationality"),
    (("cu", "tru"), "{who}residence"),
    (("thuong", "tru"), "{who}residence"),
    (("dia", "chi"), "{who}residence"),
    (("ho", "ten"), "{name}"),
    (("ten",), "{name}"),
    (("so",), "registration_number"),
    (("stt",), "registration_number"),
]
SUBJECT = {RecordType.birth: "full_name", RecordType.death: "deceased_full_name"}
_TOKEN = re.compile(r"[a-z0-9]+")
_COLUMN_NUMBER = re.compile(r"\(\s*\d+\s*\)")  # "(1)", "(2)": column numbers in headers


def _same(token: str, word: str) -> bool:
    return token == word or (len(word) >= 4 and OSA.distance(token, word, score_cutoff=1) <= 1)


def _in_order(tokens: list[str], words: tuple[str, ...]) -> bool:
    i = 0
    for token in tokens:
        if i < len(words) and _same(token, words[i]):
            i += 1
    return i == len(words)


_LETTER_DIGITS = str.maketrans("10", "io")  # "G1ới tính", "Gh1 chú": i read 1, o read 0


def _letters(token: str) -> str:
    """A word read with digits for letters: each digit the letter it was misread for, and
    a letter then doubled once (``G1Iới1``: the i read as 1 and I both) written once."""
    if not re.search(r"\d", token):
        return token
    return re.sub(r"(.)\1+", r"\1", token.translate(_LETTER_DIGITS))


def header_tokens(text: str) -> list[str]:
    """A header's folded words; a digit inside a word is the letter it was misread for."""
    tokens = _TOKEN.findall(_COLUMN_NUMBER.sub(" ", fold_lower(text)))
    return [_letters(t) if re.search("[a-z]", t) else t for t in tokens]


def column_key(text: str, kind: RecordType, context: str = "") -> str | None:
    """The field key of a column headed ``text`` in a ``kind`` book, or None; ``context``
    (a group header above it) may say whose column it is (chồng, vợ)."""
    tokens = header_tokens(text)
    who = ""
    if kind is RecordType.marriage:
        around = tokens + header_tokens(context)
        who = "husband_" if "chong" in around else "wife_" if "vo" in around else ""
    name = SUBJECT.get(kind, f"{who}full_name" if who else "")
    for words, key in RULES:
        if _in_order(tokens, words):
            key = key.format(who=who, name=name)
            ok = key in (PARENTS, "notes") or key in FIELDS[kind]
            return key if ok and key else None
    return None


def column_keys(headers: dict[int, list[str]], kind: RecordType) -> dict[int, str]:
    """Column index -> key for each column whose header names a field: its lowest header
    row first (a sub-header "Cha" under a group "Họ tên cha, mẹ"), else all its header
    text; a key already given to a column on the left is not given again."""
    keys: dict[int, str] = {}
    for c in sorted(headers):
        texts = headers[c]
        whole = " ".join(texts)
        key = column_key(texts[-1], kind, whole) if len(texts) > 1 else None
        key = key or column_key(whole, kind)
        if key and key not in keys.values():
            keys[c] = key
    return keys
