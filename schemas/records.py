"""Record types, their field keys and printed Vietnamese labels, and the record model.

Keys are the interface keys of the domain reference (English snake_case); labels are what
the form prints. Only ``birth`` has an extractor yet; the other types are recognised and
stored with the fields that the classifier can read (none), flagged for review.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class RecordType(StrEnum):
    birth = "birth"
    death = "death"
    marriage = "marriage"
    marital_status = "marital_status"
    decision = "decision"
    unknown = "unknown"


BIRTH_FIELDS: dict[str, str] = {
    "registration_number": "Số",
    "book_number": "Quyển số",
    "full_name": "Họ, chữ đệm, tên",
    "date_of_birth": "Ngày, tháng, năm sinh",
    "date_of_birth_words": "ghi bằng chữ",
    "sex": "Giới tính",
    "ethnicity": "Dân tộc",
    "nationality": "Quốc tịch",
    "place_of_birth": "Nơi sinh",
    "hometown": "Quê quán",
    "personal_id": "Số định danh cá nhân",
    "mother_full_name": "Họ, chữ đệm, tên người mẹ",
    "mother_birth_year": "Năm sinh",
    "mother_ethnicity": "Dân tộc",
    "mother_nationality": "Quốc tịch",
    "mother_residence": "Nơi cư trú",
    "father_full_name": "Họ, chữ đệm, tên người cha",
    "father_birth_year": "Năm sinh",
    "father_ethnicity": "Dân tộc",
    "father_nationality": "Quốc tịch",
    "father_residence": "Nơi cư trú",
    "declarant_full_name": "Họ, chữ đệm, tên người đi khai sinh",
    "declarant_id_document": "Giấy tờ tùy thân",
    "registration_place": "Nơi đăng ký khai sinh",
    "registration_date": "Ngày, tháng, năm đăng ký",
    "signer_full_name": "Người ký giấy khai sinh",
    "signer_title": "Chức vụ",
}

FIELDS: dict[RecordType, dict[str, str]] = {RecordType.birth: BIRTH_FIELDS}

# A record is not usable without these; missing ones send it to review.
REQUIRED: dict[RecordType, tuple[str, ...]] = {
    RecordType.birth: ("full_name", "date_of_birth", "sex", "registration_date"),
}

# Fields shown in search hits and indexed as names.
NAME_FIELDS = ("full_name", "mother_full_name", "father_full_name", "declarant_full_name")


class FieldValue(BaseModel):
    value: str | None
    confidence: float = Field(ge=0.0, le=1.0)
    raw: str | None = Field(None, description="the OCR reading, when a normaliser changed "
                                              "more than spacing (kept for review)")


class Record(BaseModel):
    type: RecordType
    page: int = Field(ge=1, description="1-based page the record was read from")
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    needs_review: bool = False
    review_reasons: list[str] = Field(default_factory=list)

    def value(self, key: str) -> str | None:
        fv = self.fields.get(key)
        return fv.value if fv else None
