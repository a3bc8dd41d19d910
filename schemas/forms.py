"""The typed record of each document kind: keys, printed Vietnamese labels, value types.

These models are the single source of the field keys (their order is the form's order)
and of the labels (each field's ``title``); ``sohoa schema TYPE`` prints their JSON Schema.
Every field is optional because a form may leave it blank (a father block, an old
certificate without a personal id); what a usable record must have is ``REQUIRED``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Text = str | None
Name = Annotated[str | None, Field(description="NFC, as printed (often upper case)")]
Day = Annotated[date | None, Field(description="ISO 8601 date")]
Year = Annotated[int | None, Field(ge=1850, le=2100)]
Sex = Annotated[str | None, Field(pattern=r"^(Nam|Nữ)$")]
Number = Annotated[str | None, Field(pattern=r"^\d+$", description="the register entry's number")]
Book = Annotated[str | None, Field(pattern=r"^\d{2,3}/\d{4}$", description="quyển số, e.g. 01/2019")]
Notes = Annotated[str | None, Field(description="a register entry's Ghi chú: later "
                                                  "corrections, kept as written")]
PersonalId = Annotated[str | None, Field(pattern=r"^\d{12}$", description="số định danh cá nhân")]


def _f(label: str) -> object:
    return Field(None, title=label)


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Birth(_Form):
    """Giấy khai sinh (TT 04/2020 form), and each entry of a birth register book."""

    model_config = ConfigDict(title="birth")
    registration_number: Number = _f("Số")
    book_number: Book = _f("Quyển số")
    full_name: Name = _f("Họ, chữ đệm, tên")
    date_of_birth: Day = _f("Ngày, tháng, năm sinh")
    date_of_birth_words: Text = _f("ghi bằng chữ")
    sex: Sex = _f("Giới tính")
    ethnicity: Text = _f("Dân tộc")
    nationality: Text = _f("Quốc tịch")
    place_of_birth: Text = _f("Nơi sinh")
    hometown: Text = _f("Quê quán")
    personal_id: PersonalId = _f("Số định danh cá nhân")
    mother_full_name: Name = _f("Họ, chữ đệm, tên người mẹ")
    mother_birth_year: Year = _f("Năm sinh")
    mother_ethnicity: Text = _f("Dân tộc")
    mother_nationality: Text = _f("Quốc tịch")
    mother_residence: Text = _f("Nơi cư trú")
    father_full_name: Name = _f("Họ, chữ đệm, tên người cha")
    father_birth_year: Year = _f("Năm sinh")
    father_ethnicity: Text = _f("Dân tộc")
    father_nationality: Text = _f("Quốc tịch")
    father_residence: Text = _f("Nơi cư trú")
    declarant_full_name: Name = _f("Họ, chữ đệm, tên người đi khai sinh")
    declarant_id_document: Text = _f("Giấy tờ tùy thân")
    registration_place: Text = _f("Nơi đăng ký khai sinh")
    registration_date: Day = _f("Ngày, tháng, năm đăng ký")
    signer_full_name: Name = _f("Người ký giấy khai sinh")
    signer_title: Text = _f("Chức vụ")
    notes: Notes = _f("Ghi chú")


class Death(_Form):
    """Trích lục khai tử, and each entry of a death register book."""

    model_config = ConfigDict(title="death")
    registration_number: Number = _f("Số")
    book_number: Book = _f("Quyển số")
    deceased_full_name: Name = _f("Họ, chữ đệm, tên người chết")
    date_of_birth: Day = _f("Ngày, tháng, năm sinh")
    sex: Sex = _f("Giới tính")
    ethnicity: Text = _f("Dân tộc")
    nationality: Text = _f("Quốc tịch")
    personal_id: PersonalId = _f("Số định danh cá nhân")
    residence: Text = _f("Nơi cư trú cuối cùng")
    death_datetime: datetime | date | None = Field(
        None, title="Đã chết vào lúc", description="ISO 8601; a date alone when no time is written")
    place_of_death: Text = _f("Nơi chết")
    cause_of_death: Text = _f("Nguyên nhân chết")
    death_notice: Text = _f("Giấy báo tử/Giấy tờ thay thế Giấy báo tử")
    declarant_full_name: Name = _f("Họ, chữ đệm, tên người đi khai tử")
    declarant_id_document: Text = _f("Giấy tờ tùy thân")
    registration_place: Text = _f("Nơi đăng ký khai tử")
    registration_date: Day = _f("Ngày, tháng, năm đăng ký")
    signer_full_name: Name = _f("Người ký trích lục")
    signer_title: Text = _f("Chức vụ")
    notes: Notes = _f("Ghi chú")


class Marriage(_Form):
    """Giấy chứng nhận kết hôn: two parallel columns, husband | wife."""

    model_config = ConfigDict(title="marriage")
    registration_number: Number = _f("Số")
    book_number: Book = _f("Quyển số")
    husband_full_name: Name = _f("Họ, chữ đệm, tên (chồng)")
    husband_date_of_birth: Day = _f("Ngày, tháng, năm sinh (chồng)")
    husband_ethnicity: Text = _f("Dân tộc (chồng)")
    husband_nationality: Text = _f("Quốc tịch (chồng)")
    husband_residence: Text = _f("Nơi cư trú (chồng)")
    husband_id_document: Text = _f("Giấy tờ tùy thân (chồng)")
    wife_full_name: Name = _f("Họ, chữ đệm, tên (vợ)")
    wife_date_of_birth: Day = _f("Ngày, tháng, năm sinh (vợ)")
    wife_ethnicity: Text = _f("Dân tộc (vợ)")
    wife_nationality: Text = _f("Quốc tịch (vợ)")
    wife_residence: Text = _f("Nơi cư trú (vợ)")
    wife_id_document: Text = _f("Giấy tờ tùy thân (vợ)")
    registration_place: Text = _f("Nơi đăng ký kết hôn")
    registration_date: Day = _f("Ngày, tháng, năm đăng ký")
    signer_full_name: Name = _f("Người ký giấy chứng nhận kết hôn")
    signer_title: Text = _f("Chức vụ")
    notes: Notes = _f("Ghi chú")


class MaritalStatus(_Form):
    """Giấy xác nhận tình trạng hôn nhân (valid six months from issue)."""

    model_config = ConfigDict(title="marital_status")
    registration_number: Number = _f("Số")
    full_name: Name = _f("Họ, chữ đệm, tên")
    date_of_birth: Day = _f("Ngày, tháng, năm sinh")
    sex: Sex = _f("Giới tính")
    ethnicity: Text = _f("Dân tộc")
    nationality: Text = _f("Quốc tịch")
    id_document: Text = _f("Giấy tờ tùy thân")
    residence: Text = _f("Nơi cư trú")
    residence_period: Text = _f("Trong thời gian cư trú tại")
    marital_status: Text = _f("Tình trạng hôn nhân")
    purpose: Text = _f("Giấy này được sử dụng để")
    issue_date: Day = _f("ngày ... tháng ... năm ...")
    signer_full_name: Name = _f("Người ký giấy xác nhận")
    signer_title: Text = _f("Chức vụ")


class Decision(_Form):
    """An administrative document laid out per Decree 30/2020 (quyết định, thông báo, ...)."""

    model_config = ConfigDict(title="decision")
    issuing_authority: Text = _f("Tên cơ quan ban hành")
    document_number: Annotated[str | None, Field(
        pattern=r"^\d+/[\w/-]+$",
        description="e.g. 05/QĐ-UBND (number, type abbreviation, authority)")] = _f("Số, ký hiệu")
    place: Text = _f("Địa danh")
    issue_date: Day = _f("ngày ... tháng ... năm ...")
    document_type: Text = _f("Tên loại văn bản")
    summary: Text = _f("Trích yếu nội dung")
    signer_full_name: Name = _f("Họ tên người ký")
    signer_title: Text = _f("Chức vụ, quyền hạn người ký")
    recipients: Text = _f("Nơi nhận")
