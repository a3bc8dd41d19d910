"""Field extraction by label anchoring on visual lines.

Labels are matched on folded text (no diacritics, lower case, flexible punctuation), so
an OCR error in a label's accents still anchors. A line may carry several ``label: value``
pairs; a line with no label continues the previous value (wrapped addresses).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from ocr.models import Line, OcrPage
from ocr.text import fold_lower
from pipeline.classify import classify
from schemas import normalize as norm
from schemas.dates import parse_words
from schemas.identifiers import check_personal_id
from schemas.records import FIELDS, REQUIRED, FieldValue, Record, RecordType

# (label words, key); "@who:key" sets the section, "{who}" takes it (child, mother,
# father). Longer labels first: their words are taken, so "năm sinh" inside
# "ngày, tháng, năm sinh" is not read twice. "^" anchors a label at the line start.
BIRTH_LABELS: list[tuple[str, str]] = [
    ("ho chu dem ten nguoi di khai sinh", "@declarant:declarant_full_name"),
    ("ho chu dem ten nguoi me", "@mother:mother_full_name"),
    ("ho chu dem ten nguoi cha", "@father:father_full_name"),
    ("ho chu dem ten", "@child:full_name"),
    ("ngay thang nam dang ky", "registration_date"),
    ("ngay thang nam sinh", "date_of_birth"),
    ("ghi bang chu", "date_of_birth_words"),
    ("so dinh danh ca nhan", "personal_id"),
    ("noi dang ky khai sinh", "registration_place"),
    ("giay to tuy than", "declarant_id_document"),
    ("gioi tinh", "sex"),
    ("dan toc", "{who}ethnicity"),
    ("quoc tich", "{who}nationality"),
    ("noi sinh", "place_of_birth"),
    ("que quan", "hometown"),
    ("nam sinh", "{who}birth_year"),
    ("noi cu tru", "{who}residence"),
    ("quyen so", "book_number"),
    ("^so", "registration_number"),
]
_TOKEN = re.compile(r"[a-z0-9]+")


def _close(token: str, word: str) -> bool:
    """A label word read by OCR: exact, or one edit away from 3 letters ("daan", "tac")."""
    return token == word or (len(word) >= 3 and OSA.distance(token, word, score_cutoff=1) <= 1)


def find_labels(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each label on a folded line, tolerating one OCR error a word."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)]
    taken = [False] * len(tokens)
    hits = []
    for label, key in BIRTH_LABELS:
        words = label.lstrip("^").split()
        n = len(words)
        starts = [0] if label.startswith("^") else range(len(tokens) - n + 1)
        for i in starts:
            if i + n > len(tokens) or any(taken[i:i + n]):
                continue
            run = [tokens[i + j][2] for j in range(n)]
            if not all(_close(t, w) for t, w in zip(run, words, strict=True)):
                continue
            end = tokens[i + n - 1][1]
            # A misread label still carries its colon; a value word one letter off a label
            # ("Quế Quang" ~ "Quê quán") does not.
            if run != words and ":" not in folded[end:end + 2]:
                continue
            hits.append((tokens[i][0], end, key))
            taken[i:i + n] = [True] * n
    return sorted(hits)


SIGNER_BLOCK = re.compile(r"\bnguoi\s*ky\s*giay\s*khai\s*sinh\b")
TITLE_WORDS = re.compile(r"^(kt|tm|q|tl|tuq)\b|chu tich|uy ban nhan dan|giam doc|truong|can bo")

Normaliser = Callable[[str], norm.Result]
# Fields whose normal form is a format change, not a correction (05/03/2019 -> 2019-03-05).
DERIVED = {"date_of_birth", "registration_date", "registration_number", "book_number",
           "mother_birth_year", "father_birth_year", "sex", "personal_id"}
BIRTH_NORMALISERS: dict[str, Normaliser] = {
    "registration_number": norm.digits, "book_number": norm.book_number,
    "full_name": norm.name, "mother_full_name": norm.name, "father_full_name": norm.name,
    "declarant_full_name": norm.name, "signer_full_name": norm.name,
    "date_of_birth": norm.iso_date, "registration_date": norm.iso_date,
    "mother_birth_year": norm.year, "father_birth_year": norm.year,
    "sex": norm.sex, "personal_id": norm.personal_id,
    "date_of_birth_words": norm.date_in_words,
    "place_of_birth": norm.address, "hometown": norm.address, "registration_place": norm.address,
    "mother_residence": norm.address, "father_residence": norm.address,
    "ethnicity": norm.ethnicity, "mother_ethnicity": norm.ethnicity,
    "father_ethnicity": norm.ethnicity,
}


@dataclass
class _Raw:
    text: str
    confidence: float


def _word_confidence(line: Line, start: int, end: int) -> float:
    """Lowest confidence among the words that the character span [start, end) touches."""
    pos, confs = 0, []
    for w in line.words:
        if pos < end and pos + len(w.text) > start:
            confs.append(w.confidence)
        pos += len(w.text) + 1
    return min(confs, default=0.0)


def _read_labelled(lines: tuple[Line, ...]) -> tuple[dict[str, _Raw], int]:
    """Label-anchored raw values, and the index of the signer block's first line."""
    found: dict[str, _Raw] = {}
    who, last_key = "", None
    for i, line in enumerate(lines):
        folded = fold_lower(line.text)
        if SIGNER_BLOCK.search(folded):
            return found, i
        hits = find_labels(folded)
        if not hits:
            if last_key and found.get(last_key) and re.search(r"\w", line.text):
                prev = found[last_key]
                prev.text = f"{prev.text} {line.text}"
                prev.confidence = min(prev.confidence, line.confidence)
            continue
        for n, (_start, end, key) in enumerate(hits):
            if key.startswith("@"):
                who = {"@child": "", "@mother": "mother_", "@father": "father_",
                       "@declarant": "declarant_"}[key.split(":")[0]]
                key = key.split(":")[1]
            key = key.format(who=who)
            stop = hits[n + 1][0] if n + 1 < len(hits) else len(folded)
            value_start = end
            while value_start < stop and line.text[value_start] in " :.;":
                value_start += 1
            value = line.text[value_start:stop].strip()
            if key in FIELDS[RecordType.birth] and key not in found:
                conf = _word_confidence(line, value_start, stop) if value else 0.0
                found[key] = _Raw(value, conf)
                last_key = key
    return found, len(lines)


def _read_signer(lines: tuple[Line, ...]) -> dict[str, _Raw]:
    titles: list[Line] = []
    names: list[Line] = []
    for line in lines[1:]:
        text = line.text.strip()
        if text.startswith("(") or len(re.findall(r"[^\W\d_]", text)) < 3:
            continue  # the "(Ký, ghi rõ ...)" hint, or seal and signature noise
        if TITLE_WORDS.search(fold_lower(text)) and text.upper() == text:
            titles.append(line)
        else:
            names.append(line)
    out = {}
    if titles:
        out["signer_title"] = _Raw("\n".join(t.text for t in titles),
                                   min(t.confidence for t in titles))
    if names:
        out["signer_full_name"] = _Raw(names[-1].text, names[-1].confidence)
    return out


def extract_birth(page: OcrPage, number: int, review_confidence: float) -> Record:
    raw, signer_at = _read_labelled(page.lines)
    raw |= _read_signer(page.lines[signer_at:])
    fields: dict[str, FieldValue] = {}
    reasons: list[str] = []
    for key in FIELDS[RecordType.birth]:
        item = raw.get(key)
        if item is None or not item.text:
            fields[key] = FieldValue(value=None, confidence=item.confidence if item else 0.0)
            continue
        if key == "signer_title":
            value, problems = item.text, []
        else:
            value, problems = BIRTH_NORMALISERS.get(key, norm.text)(item.text)
        confidence = item.confidence if not problems else min(item.confidence, 0.3)
        plain, _ = norm.text(item.text)
        corrected = key in BIRTH_NORMALISERS and key not in DERIVED and value != plain
        fields[key] = FieldValue(value=value, confidence=round(confidence, 3),
                                 raw=item.text if corrected else None)
        reasons += [f"{key}: {p}" for p in problems]
        if value and confidence < review_confidence and not problems:
            reasons.append(f"{key}: low OCR confidence {confidence:.2f}")
    reasons += _cross_checks(fields)
    reasons += [f"{k}: missing" for k in REQUIRED[RecordType.birth] if not fields[k].value]
    return Record(type=RecordType.birth, page=number, fields=fields,
                  needs_review=bool(reasons), review_reasons=reasons)


def _cross_checks(fields: dict[str, FieldValue]) -> list[str]:
    reasons = []
    digits, words = fields["date_of_birth"].value, fields["date_of_birth_words"].value
    if digits and words:
        parsed = parse_words(words)
        if parsed is None:
            reasons.append("date_of_birth_words: cannot be read as a date")
        elif parsed.isoformat() != digits:
            reasons.append(f"date_of_birth: digits {digits} and words {parsed} disagree")
    pid, sex, born = (fields[k].value for k in ("personal_id", "sex", "date_of_birth"))
    if pid and sex and born and born[:4].isdigit():
        reasons += [f"personal_id: {p}" for p in check_personal_id(pid, sex=sex, year=int(born[:4]))
                    if "12 digits" not in p and "province" not in p]
    return reasons


def extract(pages: list[OcrPage], review_confidence: float) -> list[Record]:
    """Records of a document: one per page that has a recognised civil-status title."""
    records = []
    for number, page in enumerate(pages, start=1):
        kind = classify(page)
        if kind is RecordType.birth:
            records.append(extract_birth(page, number, review_confidence))
        elif kind is not RecordType.unknown:
            records.append(Record(type=kind, page=number, needs_review=True,
                                  review_reasons=[f"no field extractor for {kind} yet"]))
    return records
