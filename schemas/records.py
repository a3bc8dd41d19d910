"""Record types, their field keys and labels (from ``schemas.forms``), and the record as
extracted: every field's value (a normalised string), confidence and raw OCR reading.

Keys are the interface keys of the domain reference (English snake_case); labels are what
the form prints. ``Record.typed()`` turns the strings into the typed form model.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, ValidationError

from schemas import forms


class RecordType(StrEnum):
    birth = "birth"
    death = "death"
    marriage = "marriage"
    marital_status = "marital_status"
    decision = "decision"
    unknown = "unknown"


FORMS: dict[RecordType, type[BaseModel]] = {
    RecordType.birth: forms.Birth, RecordType.death: forms.Death,
    RecordType.marriage: forms.Marriage, RecordType.marital_status: forms.MaritalStatus,
    RecordType.decision: forms.Decision,
}
# key -> printed label, in the form's order, for every type that has a form.
FIELDS: dict[RecordType, dict[str, str]] = {
    t: {k: f.title or k for k, f in model.model_fields.items()} for t, model in FORMS.items()}
BIRTH_FIELDS = FIELDS[RecordType.birth]

# A record is not usable without these; missing ones send it to review.
REQUIRED: dict[RecordType, tuple[str, ...]] = {
    RecordType.birth: ("full_name", "date_of_birth", "sex", "registration_date"),
    RecordType.death: ("deceased_full_name", "death_datetime", "registration_date"),
    RecordType.marriage: ("husband_full_name", "wife_full_name", "registration_date"),
    RecordType.marital_status: ("full_name", "date_of_birth", "marital_status", "issue_date"),
    RecordType.decision: ("document_number", "issue_date", "document_type", "summary"),
}

# The people a record is about, indexed as names (search finds a record by any of them),
# with the weight of a match on each when hits are ranked: the subject first.
NAME_FIELDS: dict[str, float] = {
    "full_name": 1.0, "deceased_full_name": 1.0, "husband_full_name": 1.0,
    "wife_full_name": 1.0, "mother_full_name": 0.9, "father_full_name": 0.9,
    "declarant_full_name": 0.8}
# Who the record is about, first: what a search hit shows.
PRIMARY_NAMES = ("full_name", "deceased_full_name", "husband_full_name", "wife_full_name")


class FieldValue(BaseModel):
    value: str | None
    confidence: float = Field(ge=0.0, le=1.0)
    raw: str | None = Field(None, description="the OCR reading, when a normaliser changed "
                                              "more than spacing (kept for review)")
    ocr_value: str | None = Field(None, description="what extraction gave, when a person "
                                                    "changed the value (kept beside it)")
    edited_by: str | None = Field(None, description="the user who set this value by hand")
    edited_at: str | None = Field(None, description="when (ISO 8601, UTC)")

    def as_json(self) -> dict:
        """``{"value", "confidence", "raw"}``, plus who set it by hand and the OCR value
        when a person did (the stable JSON shape of README)."""
        return self.model_dump(exclude=None if self.edited_by else {
            "ocr_value", "edited_by", "edited_at"})


def record_uid(document_id: str, page: int, entry: int) -> str:
    """The id of an extracted record: stable across re-runs of the same scan."""
    return f"{document_id}-{page}-{entry}"


class Record(BaseModel):
    id: str | None = Field(None, description="stable record id: '<document>-<page>-<entry>' "
                                             "for extracted records, '<document>-<page>-k<n>' "
                                             "for keyed ones")
    type: RecordType
    page: int = Field(ge=1, description="1-based page the record was read from")
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    needs_review: bool = False
    review_reasons: list[str] = Field(default_factory=list)

    entry: int = Field(1, ge=1, description="1-based entry on the page (register books)")
    layout: str = Field("certificate", description="certificate, register-blocks, "
                                                    "register-table or document")
    region: tuple[int, int, int, int] | None = Field(
        None, description="(left, top, right, bottom) pixels of the entry on the cleaned "
                          "page, for register entries: what its own PDF shows")
    origin: str = Field("ocr", description="ocr (extracted) or keyed (entered by a person)")
    verified_by: str | None = Field(None, description="the user who checked the record; a "
                                                      "checked record is never re-extracted")
    verified_at: str | None = None

    @property
    def human(self) -> bool:
        """Checked or keyed by a person: re-running extraction must keep it as it is."""
        return self.verified_by is not None or self.origin == "keyed"

    def value(self, key: str) -> str | None:
        fv = self.fields.get(key)
        return fv.value if fv else None

    def typed(self) -> BaseModel:
        """The record as its typed form; raises ``ValidationError`` on a malformed value."""
        return FORMS[self.type].model_validate({k: v.value for k, v in self.fields.items()})

    def type_problems(self) -> list[str]:
        """Values that do not fit the form's types, as review reasons."""
        if self.type not in FORMS:
            return []
        try:
            self.typed()
        except ValidationError as e:
            return [f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()]
        return []
