"""From raw OCR values to a record: normalise each field, cross-check, decide review.

Confidence is OCR's (the lowest word of the value), capped at 0.3 when the value fails
its validator and under the review threshold when independent evidence does not vouch
for it (``schemas.evidence``: name syllables, the gazetteer, digits); a record needs
review when a required field is missing, a check fails, a value's confidence is under the
threshold or the reader met a label it does not know, and each reason is kept for the
officer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from pipeline.extract.anchor import Raw
from pipeline.extract.second import Opinion
from schemas import evidence
from schemas import normalize as norm
from schemas.dates import parse_words
from schemas.identifiers import check_personal_id
from schemas.records import FIELDS, REQUIRED, FieldValue, Record, RecordType

Normaliser = Callable[[str], norm.Result]
ADDRESSES = {"place_of_birth", "hometown", "registration_place", "place_of_death"}
EXACT: dict[str, Normaliser] = {
    "registration_number": norm.digits, "book_number": norm.book_number, "sex": norm.sex,
    "personal_id": norm.personal_id, "date_of_birth_words": norm.date_in_words,
    "death_datetime": norm.death_datetime, "document_number": norm.document_number,
    "document_type": norm.document_type, "issue_date": norm.admin_date,
    "registration_date": norm.admin_date, "residence_period": norm.residence_period,
    "signer_title": norm.signer_title, "death_notice": norm.death_notice,
    "marital_status": norm.sentence, "purpose": norm.sentence, "summary": norm.summary,
    "cause_of_death": norm.cause, "place_of_death": norm.place_of_death,
}
# A value with a doubt keeps at most this share of the review threshold: under it, so the
# record goes to review whatever OCR's confidence.
DOUBT_CAP = 0.75
# Normal forms that are a change of format, not a correction (05/03/2019 -> 2019-03-05):
# the raw reading is not kept for them.
FORMAT_ONLY = {"registration_number", "book_number", "sex", "personal_id", "death_datetime",
               "document_number", "issue_date", "registration_date"}
VERBATIM = {"recipients"}  # multi-line values kept as read


def normaliser(key: str) -> Normaliser:
    if key in EXACT:
        return EXACT[key]
    if key.endswith("full_name"):
        return norm.name
    if key.endswith("date_of_birth"):
        return norm.iso_date
    if key.endswith("birth_year"):
        return norm.year
    if key.endswith("ethnicity"):
        return norm.ethnicity
    if key.endswith("nationality"):
        return norm.nationality
    if key.endswith("id_document"):
        return norm.id_document
    if key in ADDRESSES or key.endswith("residence"):
        return norm.address
    return norm.text


def _format_only(key: str) -> bool:
    return key in FORMAT_ONLY or key.endswith(("date_of_birth", "birth_year"))


def read_field(key: str, item: Raw, review_confidence: float,
               second: Opinion | None = None) -> tuple[FieldValue, list[str]]:
    """One field's value, confidence and review reasons. Leader junk after the value is
    dropped (the raw reading keeps it); a validation problem caps confidence at 0.3; a
    doubt from independent evidence (``schemas.evidence``) caps it under the threshold;
    ``second`` (``extract.second``) may read the value again from its crop, and a second
    reading that differs is a doubt too."""
    junk, first = "", None
    if key in VERBATIM:
        value, problems, doubts = item.text, [], []
    else:
        head, junk = norm.strip_leaders(item.text)
        value, problems = normaliser(key)(head)
        doubts = evidence.doubts(key, value, head) if value else []
        if value and key.endswith(evidence.DIGIT_KEYS) and re.search(r"\d", junk):
            doubts.append(f"digits on the leader after the value: {junk.strip()!r}")
    confidence = item.confidence if not problems else min(item.confidence, 0.3)
    if second is not None and value and not problems and key not in VERBATIM:
        judged = second.judge(key, head, value, confidence, doubts, normaliser(key),
                              review_confidence)
        value, confidence, doubts, first = (judged.value, judged.confidence, judged.doubts,
                                            judged.first)
    if doubts and not problems:
        confidence = min(confidence, DOUBT_CAP * review_confidence)
    plain, _ = norm.text(item.text)
    corrected = first is not None or (key not in VERBATIM and not _format_only(key)
                                       and value != plain)
    reasons = [f"{key}: {p}" for p in problems] + [f"{key}: {d}" for d in doubts]
    if value and confidence < review_confidence and not problems and not doubts:
        reasons.append(f"{key}: low OCR confidence {confidence:.2f}")
    field = FieldValue(value=value, confidence=round(confidence, 3),
                       raw=item.text if corrected or junk else None)
    return field, reasons


def make_record(kind: RecordType, raw: dict[str, Raw], *, page: int, entry: int = 1,
                layout: str = "certificate", region: tuple[int, int, int, int] | None = None,
                review_confidence: float, second: Opinion | None = None) -> Record:
    fields: dict[str, FieldValue] = {}
    # What the reader could not place: a "label: value" line no vocabulary knows.
    reasons: list[str] = [k[1:] for k in raw if k.startswith("!")]
    for key in FIELDS[kind]:
        item = raw.get(key)
        if item is None or not item.text:
            fields[key] = FieldValue(value=None, confidence=item.confidence if item else 0.0)
            continue
        fields[key], field_reasons = read_field(key, item, review_confidence, second)
        reasons += field_reasons
    reasons += _before_issue(kind, fields)
    record = Record(type=kind, page=page, entry=entry, layout=layout, region=region,
                    fields=fields)
    flagged = {r.split(":")[0] for r in reasons}
    reasons += [p for p in record.type_problems() if p.split(":")[0] not in flagged]
    reasons += cross_checks(kind, fields)
    reasons += [f"{k}: missing" for k in REQUIRED[kind] if not fields[k].value]
    return record.model_copy(update={"needs_review": bool(reasons), "review_reasons": reasons})


def _before_issue(kind: RecordType, fields: dict[str, FieldValue]) -> list[str]:
    """A marital-status paper names events that happened before it was issued (a court's
    judgment, the identity paper's issue): a date in its sentences read after the paper's
    own date (``ngày 09/09/2026`` on a paper of 2021, a 0 read 6) takes the one cheapest
    slip reading that is not, as a future date does (``norm.date_slips``), with a reason;
    ``fields`` is changed in place."""
    issued = fields.get("issue_date")
    if kind is not RecordType.marital_status or issued is None or not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", str(issued.value or "")):
        return []  # no date, or one not read as a date
    when = date.fromisoformat(issued.value)
    reasons = []
    for key in ("marital_status", "id_document"):
        field = fields.get(key)
        if field is None or not field.value:
            continue
        value, problems = norm.date_slips(field.value, today=when)
        if problems:
            fields[key] = field.model_copy(update={"value": value, "confidence": min(
                field.confidence, 0.3), "raw": field.raw or field.value})
            reasons += [f"{key}: {p} (the paper is of {issued.value})" for p in problems]
    return reasons


def _id_agrees(number: str | None, sex: str | None, born: str | None, key: str) -> list[str]:
    if not number or not sex or not born or not born[:4].isdigit():
        return []
    return [f"{key}: {p}" for p in check_personal_id(number, sex=sex, year=int(born[:4]))
            if "12 digits" not in p and "province" not in p]


def _id_in(document: str | None) -> str | None:
    m = re.search(r"(?<!\d)\d{12}(?!\d)", document or "")
    return m.group() if m else None


def cross_checks(kind: RecordType, fields: dict[str, FieldValue]) -> list[str]:
    """Checks between fields: a date in digits and words, an id against sex and birth year,
    events in order, a document number's type code against the document's type."""
    v = {k: f.value for k, f in fields.items()}
    reasons = []
    if v.get("date_of_birth") and v.get("date_of_birth_words"):
        parsed = parse_words(v["date_of_birth_words"])
        if parsed is None:
            reasons.append("date_of_birth_words: cannot be read as a date")
        elif parsed.isoformat() != v["date_of_birth"]:
            reasons.append(f"date_of_birth: digits {v['date_of_birth']} and words {parsed} disagree")
    reasons += _id_agrees(v.get("personal_id"), v.get("sex"), v.get("date_of_birth"), "personal_id")
    if kind is RecordType.marital_status:
        reasons += _id_agrees(_id_in(v.get("id_document")), v.get("sex"), v.get("date_of_birth"),
                              "id_document")
    if kind is RecordType.marriage:
        for who, sex in (("husband", "Nam"), ("wife", "Nữ")):
            reasons += _id_agrees(_id_in(v.get(f"{who}_id_document")), sex,
                                  v.get(f"{who}_date_of_birth"), f"{who}_id_document")
    died, born, registered = v.get("death_datetime"), v.get("date_of_birth"), v.get("registration_date")
    if died and born and died[:10] < born:
        reasons.append("death_datetime: before date_of_birth")
    if died and registered and registered < died[:10]:
        reasons.append("registration_date: before death_datetime")
    if born and registered and kind is RecordType.birth and registered < born:
        reasons.append("registration_date: before date_of_birth")
    reasons += evidence.date_doubts(v, date.today().isoformat()) + evidence.twin_doubts(v)
    # a newborn does not declare its own birth, nor the dead their death: the subject's
    # name taken for the declarant's, or no subject beside a declarant (a register's
    # columns shifted)
    subject = v.get("full_name") or v.get("deceased_full_name")
    if kind in (RecordType.birth, RecordType.death) and v.get("declarant_full_name"):
        if v["declarant_full_name"] == subject:
            reasons.append("declarant_full_name: the same name as the record's subject")
        elif not subject:
            reasons.append("declarant_full_name: no subject's name beside it")
    if kind is RecordType.decision:
        reasons += evidence.authority_doubts(v.get("issuing_authority"), v.get("place"))
        if v.get("recipients") and not re.search(r"^Lưu:", v["recipients"], re.MULTILINE):
            # Decree 30 lists the archive copy ("Lưu: VT, ...") last, always
            reasons.append("recipients: no archive copy (Lưu: ...) read: the list is cut short")
    number, doc_type = v.get("document_number"), v.get("document_type")
    if number and doc_type and "/" in number:
        code = number.split("/", 1)[1].split("-")[0]
        expected = norm.DOCUMENT_TYPES.get(code)
        if expected and expected != doc_type:
            reasons.append(f"document_number: code {code} is {expected}, not {doc_type}")
    return reasons
